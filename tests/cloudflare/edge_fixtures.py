"""Fixtures and helpers for the tests that run the Workers in workerd (marker ``workerd``).

The ``edge`` fixture is one local edge (Node + miniflare + workerd) for the session; each
test syncs the full state it needs, so tests do not depend on each other's state.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.conf import settings

from code24.cloudflare import workers_bundle
from code24.cloudflare.local.edge import Edge
from code24.cloudflare.local.node import Node, ensure_miniflare

NAMESPACE = "code24-sites"
ROUTES_ID = "0f2ac74b498b48028cb68387c421e279"
PLATFORM = "code24.localhost"


@pytest.fixture(scope="session")
def node() -> Node:
    """Node.js and miniflare installed (npm ci runs only when package-lock.json changed)."""
    return ensure_miniflare()


@pytest.fixture(scope="session")
def edge(node: Node) -> Iterator[Edge]:
    with Edge(port=0) as running:
        yield running


def worker(source: str, *, bindings: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """A one-module script in the snapshot's shape."""
    return {
        "main_module": "worker.js",
        "modules": [
            {"name": "worker.js", "content_type": "application/javascript+module", "text": source}
        ],
        "bindings": bindings or [],
        "compatibility_date": settings.CLOUDFLARE_COMPATIBILITY_DATE,
    }


def snapshot(
    *,
    scripts: dict[str, dict[str, Any]],
    routes: dict[str, str],
    active: list[str] | None = None,
    dispatcher: bool = True,
) -> dict[str, Any]:
    """A full edge state: the real dispatcher, these scripts and these routes."""
    upload = workers_bundle.dispatcher_upload(
        routes_namespace_id=ROUTES_ID, dispatch_namespace=NAMESPACE
    )
    return {
        "namespace": NAMESPACE,
        "dispatcher": upload.script() if dispatcher else None,
        "scripts": scripts,
        "kv": {ROUTES_ID: routes},
        "kv_titles": {ROUTES_ID: "code24-routes"},
        "active_hostnames": active or [],
        "platform_domain": PLATFORM,
    }


def route(script: str, site_id: int = 1, **kwargs: Any) -> str:
    return workers_bundle.route_value(script=script, site_id=site_id, **kwargs)


class FormsEndpoint:
    """A stand-in for Code24's forms endpoint: records requests, answers as told."""

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.status = 200
        self.answer: dict[str, Any] = {"ok": True}
        self.headers: dict[str, str] = {}
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                endpoint.requests.append(
                    {"path": self.path, "headers": dict(self.headers), "json": json.loads(body)}
                )
                data = json.dumps(endpoint.answer).encode()
                self.send_response(endpoint.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for name, value in endpoint.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/api/forms/submit"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def reset(self) -> None:
        self.requests.clear()
        self.status = 200
        self.answer = {"ok": True}
        self.headers = {}

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="session")
def forms_server() -> Iterator[FormsEndpoint]:
    endpoint = FormsEndpoint()
    yield endpoint
    endpoint.close()


@pytest.fixture
def forms_endpoint(forms_server: FormsEndpoint) -> FormsEndpoint:
    """The forms endpoint, with no requests recorded and answering 200."""
    forms_server.reset()
    return forms_server
