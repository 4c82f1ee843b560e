"""A small web site served on 127.0.0.1 for the scanner's tests.

    site = LocalSite({"/": page("<a href=/menu>Menu</a>"), "/menu": page("…")})
    with site:
        crawl(site.url + "/", fetch=LOOPBACK_FETCH)
    site.requests   # ["/", "/robots.txt", "/sitemap.xml", "/menu"] in the order served

Unknown paths answer 404. A route is (status, headers, body), or a callable returning one
(for slow answers).
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Mapping
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from code24 import net

Answer = tuple[int, dict[str, str], bytes]
Route = Answer | Callable[[], Answer]

# The scanner's fetcher, allowed to read servers on this machine (tests only).
LOOPBACK_FETCH = partial(net.fetch, allow_address=lambda address: address.is_loopback)


def page(html: str, *, status: int = 200, headers: dict[str, str] | None = None) -> Answer:
    return (status, {"Content-Type": "text/html; charset=utf-8", **(headers or {})}, html.encode())


def text(body: str, *, status: int = 200, content_type: str = "text/plain") -> Answer:
    return (status, {"Content-Type": content_type}, body.encode())


def slow(answer: Answer, seconds: float) -> Callable[[], Answer]:
    def later() -> Answer:
        time.sleep(seconds)
        return answer

    return later


class LocalSite:
    def __init__(self, routes: Mapping[str, Route]) -> None:
        self.routes: dict[str, Route] = dict(routes)
        self.requests: list[str] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                site.requests.append(self.path)
                route = site.routes.get(self.path)
                if route is None:
                    answer: Answer = (404, {"Content-Type": "text/html"}, b"<h1>Not found</h1>")
                else:
                    answer = route() if callable(route) else route
                status, headers, body = answer
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                if "Content-Length" not in headers:
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(body)  # unless the scanner gave up on a slow answer

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def __enter__(self) -> LocalSite:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def pages_requested(self) -> list[str]:
        """The requests for pages: not robots.txt, the sitemap, styles, scripts, images."""
        files = (".txt", ".xml", ".css", ".js", ".png", ".jpg", ".svg")
        return [path for path in self.requests if not path.endswith(files)]
