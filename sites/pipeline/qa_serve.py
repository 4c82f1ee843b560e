"""Serve a site's pages through its real site Worker in workerd before it goes live.

Each worker process keeps one private edge (Node + workerd, started on first use) and
replaces what it serves for every check. The site's files are its Worker's static assets,
as on Cloudflare: they are written to QA's own content-addressed store under the var
directory (``qa-assets``; shared by the worker processes, which is safe: a file is named by
its hash and written atomically), which the edge reads them from.
"""

from __future__ import annotations

import threading
from pathlib import Path

import httpx
from django.conf import settings

from code24.cloudflare.local.edge import Edge
from code24.cloudflare.workers_bundle import dispatcher_upload, route_value
from sites.hosting import site_worker
from sites.models import Site
from sites.pipeline.qa_checks import Check

REQUIRED_HEADERS = (
    "content-security-policy",
    "strict-transport-security",
    "x-content-type-options",
    "referrer-policy",
)

_edge: Edge | None = None
_lock = threading.Lock()


def _qa_edge() -> Edge:
    global _edge
    if _edge is None or not _edge.running:
        _edge = Edge(port=0)
        _edge.start()
    return _edge


def qa_assets_dir() -> Path:
    return Path(settings.VAR_DIR) / "qa-assets"


def serve_check(site: Site, files: dict[str, bytes]) -> Check:
    upload = site_worker(site, files)
    host = site.hostname
    snapshot = {
        "namespace": "qa",
        "dispatcher": dispatcher_upload(
            routes_namespace_id="qa-routes", dispatch_namespace="qa"
        ).script(),
        "scripts": {site.script_name: upload.script(qa_assets_dir())},
        "kv": {"qa-routes": {host: route_value(script=site.script_name, site_id=site.pk)}},
        "kv_titles": {"qa-routes": "qa-routes"},
        "active_hostnames": [],
        "platform_domain": settings.PLATFORM_DOMAIN,
    }
    pages = sorted(path for path in files if path.endswith(".html") and path != "404.html")
    problems: list[str] = []
    with _lock:
        edge = _qa_edge()
        edge.sync(snapshot)
        with httpx.Client(base_url=edge.url, headers={"Host": host}, timeout=10) as http:
            for path in pages:
                url = "/" if path == "index.html" else "/" + path.removesuffix(".html")
                response = http.get(url)
                if response.status_code != 200:
                    problems.append(f"{url} answered {response.status_code}, not 200.")
                    continue
                if not response.headers.get("content-type", "").startswith("text/html"):
                    problems.append(f"{url} is served as {response.headers.get('content-type')}.")
                missing = [h for h in REQUIRED_HEADERS if h not in response.headers]
                if missing:
                    problems.append(f"{url} lacks the headers {', '.join(missing)}.")
            missing_page = http.get("/this-page-does-not-exist")
            if missing_page.status_code != 404:
                problems.append(f"An unknown page answered {missing_page.status_code}, not 404.")
            for path in ("/robots.txt", "/sitemap.xml"):
                if http.get(path).status_code != 200:
                    problems.append(f"{path} is not served.")
    return Check(
        name="Served by the site Worker",
        passed=not problems,
        details=problems or [f"{len(pages)} pages answered 200 with the security headers."],
    )
