#!/usr/bin/env python
"""Times the local Cloudflare edge: cold start, first sync, resyncs and request latency.

    .venv/bin/python scripts/bench_edge.py [--sites 50] [--requests 200]

Every figure is wall time seen from Python, on loopback only; the run stops by itself.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from code24.cloudflare import workers_bundle
from code24.cloudflare.local.edge import Edge
from code24.cloudflare.local.node import ensure_miniflare

ROUTES = "bench-routes"
# The sites' files are their Workers' static assets: the edge reads them from this store.
ASSETS = Path(tempfile.gettempdir()) / "code24-bench-edge-assets"


def site(n: int, version: int = 1) -> dict[str, Any]:
    files = {
        "index.html": f"<!doctype html><h1>Site {n} v{version}</h1>",
        "about.html": "<p>About</p>" * 50,
        "css/site.0123456789.css": "body{margin:0}" * 100,
    }
    return workers_bundle.site_worker_upload(files, site_id=n).script(ASSETS)


def state(sites: int, version_of_first: int = 1, extra_route: bool = False) -> dict[str, Any]:
    scripts = {f"site-{n}": site(n, version_of_first if n == 0 else 1) for n in range(sites)}
    routes = {
        f"s{n}.code24.localhost": workers_bundle.route_value(script=f"site-{n}", site_id=n)
        for n in range(sites)
    }
    if extra_route:
        routes["extra.code24.localhost"] = routes["s0.code24.localhost"]
    dispatcher = workers_bundle.dispatcher_upload(
        routes_namespace_id=ROUTES, dispatch_namespace="code24-sites"
    )
    return {
        "namespace": "code24-sites",
        "dispatcher": dispatcher.script(),
        "scripts": scripts,
        "kv": {ROUTES: routes},
        "kv_titles": {ROUTES: "routes"},
        "active_hostnames": [],
        "platform_domain": "code24.localhost",
    }


def timed(label: str, fn: Any) -> Any:
    started = time.perf_counter()
    result = fn()
    print(f"{label:<46} {(time.perf_counter() - started) * 1000:8.0f} ms")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=50)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()

    node = timed("ensure_miniflare (installed: a hash check)", ensure_miniflare)
    print(f"Node.js {'.'.join(map(str, node.version))} at {node.executable}")
    edge = Edge(port=0)
    timed("cold start (Node + miniflare + workerd)", edge.start)
    try:
        timed(f"first sync ({args.sites} sites)", lambda: edge.sync(state(args.sites)))
        timed("resync, nothing changed", lambda: edge.sync(state(args.sites)))
        timed("resync, one route added (KV only)", lambda: edge.sync(state(args.sites, 1, True)))
        timed("resync, one site's code changed", lambda: edge.sync(state(args.sites, 2, True)))

        with httpx.Client(timeout=30) as client:
            host = {"Host": "s0.code24.localhost"}
            first = client.get(edge.url, headers=host)
            assert first.status_code == 200 and "v2" in first.text, first.text
            latencies = []
            for i in range(args.requests):
                started = time.perf_counter()
                answer = client.get(
                    edge.url, headers={"Host": f"s{i % args.sites}.code24.localhost"}
                )
                latencies.append((time.perf_counter() - started) * 1000)
                assert answer.status_code == 200
        latencies.sort()
        print(
            f"request latency over {args.requests} GETs:"
            f" median {statistics.median(latencies):.1f} ms,"
            f" p95 {latencies[int(len(latencies) * 0.95) - 1]:.1f} ms"
        )
    finally:
        timed("stop", edge.stop)


if __name__ == "__main__":
    main()
