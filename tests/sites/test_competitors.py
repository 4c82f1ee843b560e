"""Competitor pages: read through the SSRF-safe fetcher, positioning extracted, failures told.

The test server is on loopback, which the fetcher refuses by design; the tests that read
from it relax the address policy explicitly with ``allow_address``.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
from collections.abc import Iterator
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from code24 import net
from sites.pipeline.competitors import analyse_competitor, extract

PAGE = """<!doctype html>
<html><head><meta charset="utf-8">
<title>Rapid Rooter Plumbing | 24/7 Emergency Plumbers in Leeds</title>
<meta name="description"
 content="Fast, friendly plumbers in Leeds. Free estimates, no call-out fee.">
<style>.x{color:red}</style><script>var hidden = "Book now in a script";</script>
</head><body>
<header><nav><a href="/">Home</a> <a href="/services">Services</a>
<a href="/contact" class="btn btn-primary">Get a free quote</a></nav></header>
<main>
<h1>Emergency plumbers in Leeds, 24/7</h1>
<p>Boiler repair from £79. Save 15% on your first service. 100% satisfaction guarantee.
Same-day service available across Leeds.</p>
<h2>Our plumbing services</h2>
<ul><li>Boiler repair</li><li>Leak detection</li><li>Drain unblocking</li></ul>
<h3>Why choose <em>Rapid Rooter</em>?</h3>
<p>Call us on 0113 496 0000 or <a href="tel:+441134960000">tap to call</a>.</p>
<p><a href="mailto:hello@rapidrooter.example?subject=Hi">Email us</a>
<a href="https://wa.me/441134960000">Message us on WhatsApp</a></p>
<form action="/contact" method="post"><input name="email">
<button type="submit">Request a callback</button></form>
<form role="search" action="/search"><input name="q"><button>Search</button></form>
<p><a href="/book">Book a plumber</a> <a href="/blog">Read our blog</a></p>
</main></body></html>
"""


class Server:
    def __init__(self) -> None:
        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                if self.path == "/":
                    self.answer(200, PAGE.encode(), "text/html; charset=utf-8")
                elif self.path == "/latin1":
                    body = "<title>Café Noël</title><h1>Crème brûlée</h1>".encode("latin-1")
                    self.answer(200, body, "text/html; charset=iso-8859-1")
                elif self.path == "/brochure.pdf":
                    self.answer(200, b"%PDF-1.4", "application/pdf")
                elif self.path == "/empty":
                    self.answer(200, b"<html><body></body></html>", "text/html")
                else:
                    self.answer(404, b"<h1>Not found</h1>", "text/html")

            def answer(self, status: int, body: bytes, content_type: str) -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    running = Server()
    yield running
    running.httpd.shutdown()
    running.httpd.server_close()


def loopback(address: net.IPAddress) -> bool:
    return address == ipaddress.ip_address("127.0.0.1")


LOCAL_FETCH = partial(net.fetch, allow_address=loopback)


def test_extracts_positioning_from_a_local_page(server: Server) -> None:
    page = analyse_competitor(server.url + "/", fetch=LOCAL_FETCH)
    assert page.ok is True and page.error == ""
    assert page.url == server.url + "/"
    assert page.title == "Rapid Rooter Plumbing | 24/7 Emergency Plumbers in Leeds"
    assert page.description == "Fast, friendly plumbers in Leeds. Free estimates, no call-out fee."
    assert page.headings == [
        "Emergency plumbers in Leeds, 24/7",
        "Our plumbing services",
        "Why choose Rapid Rooter?",
    ]
    assert page.calls_to_action == [
        "Get a free quote",
        "tap to call",
        "Message us on WhatsApp",
        "Request a callback",
        "Book a plumber",
    ]
    assert "Search" not in page.calls_to_action  # a search button is no call to action
    assert "Read our blog" not in page.calls_to_action
    assert "Boiler repair from £79" in page.offers
    assert "Save 15%" in page.offers
    assert "satisfaction guarantee" in page.offers
    assert "Free estimates" in page.offers
    assert "Same-day service" in page.offers
    assert page.contact_methods == [
        "Phone: +441134960000",
        "Email: hello@rapidrooter.example",
        "WhatsApp",
        "Contact form",
    ]
    assert set(page.keywords[:3]) == {"plumbers", "leeds", "emergency"}
    assert "the" not in page.keywords and "script" not in page.keywords


def test_page_charset_from_the_header_is_used(server: Server) -> None:
    page = analyse_competitor(server.url + "/latin1", fetch=LOCAL_FETCH)
    assert page.title == "Café Noël"
    assert page.headings == ["Crème brûlée"]


def test_refused_url_is_reported_not_raised(server: Server) -> None:
    page = analyse_competitor(server.url + "/")  # the strict policy: loopback is refused
    assert page.ok is False
    assert "private or reserved network address" in page.error


def test_unreachable_url_is_reported_not_raised() -> None:
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    listener.close()  # nothing listens there now
    page = analyse_competitor(f"http://127.0.0.1:{port}/", fetch=LOCAL_FETCH)
    assert page.ok is False
    assert page.error == "127.0.0.1 refused the connection or could not be reached."


@pytest.mark.parametrize(
    ("url", "error"),
    [
        ("ftp://rival.example/", "only http:// and https:// addresses can be read"),
        ("not a url", "contains spaces"),
        ("https://user:pw@rival.example/", "user name or password"),
    ],
)
def test_bad_urls_are_reported_not_raised(url: str, error: str) -> None:
    page = analyse_competitor(url)
    assert page.ok is False
    assert error in page.error


def test_error_pages_and_non_pages_are_reported(server: Server) -> None:
    missing = analyse_competitor(server.url + "/gone", fetch=LOCAL_FETCH)
    assert missing.ok is False and missing.error.endswith("answered with error 404.")
    pdf = analyse_competitor(server.url + "/brochure.pdf", fetch=LOCAL_FETCH)
    assert pdf.ok is False and "is a PDF document, not a web page" in pdf.error
    empty = analyse_competitor(server.url + "/empty", fetch=LOCAL_FETCH)
    assert empty.ok is False and empty.error.endswith("has no readable text.")


def test_a_parser_surprise_is_reported_not_raised(monkeypatch: pytest.MonkeyPatch) -> None:
    result = net.FetchResult(
        url="https://rival.example/",
        final_url="https://rival.example/",
        status=200,
        headers={"content-type": "text/html"},
        body=b"<title>x</title>",
        truncated=False,
    )

    def broken(url: str, html: str) -> Any:
        raise RecursionError("deeply nested")

    monkeypatch.setattr("sites.pipeline.competitors.extract", broken)
    page = analyse_competitor("https://rival.example/", fetch=lambda *a, **k: result)
    assert page.ok is False
    assert page.error == "https://rival.example/ could not be read as a web page."


def test_extract_finds_booking_forms_messenger_and_text_only_offers() -> None:
    html = """<title>Studio</title><h1>Yoga in York</h1>
    <form id="booking-form"><button>Reserve a mat</button></form>
    <a href="https://m.me/studio">Chat on Messenger</a>
    <p>First class free. Memberships from $49/month. 30-day money-back guarantee.</p>"""
    page = extract("https://studio.example/", html)
    assert "Booking form" in page.contact_methods
    assert "Facebook Messenger" in page.contact_methods
    assert "Reserve a mat" in page.calls_to_action
    assert "Memberships from $49/month" in page.offers
    assert "money-back guarantee" in page.offers
