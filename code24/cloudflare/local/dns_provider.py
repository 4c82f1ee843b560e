"""The local DNS provider: the records of the local DNS server, over HTTP, for people and tests.

On one machine there is no registrar or DNS host where a customer would add the records the
dashboard asks for; these endpoints stand in for one. They are always on while the local
Cloudflare has a DNS server (they are not a test hook; the control API's are):

- ``GET /__local__/dns/records``: the records, a JSON list of ``{name, type, value, ttl}``;
- ``POST /__local__/dns/records`` with ``{name, type, value, ttl?}``: 201 with the record,
  or 400 with ``{"error": <what to fix>}``;
- ``DELETE /__local__/dns/records`` with ``{name, type?, value?}``: ``{"deleted": <how many>}``;
- ``GET /__local__/dns``: the same as a page, with a form that posts (urlencoded, no
  JavaScript) to ``/__local__/dns`` and answers 303 back to the page.

Changes are refused (403) when a browser says they come from another site (an ``Origin``
that is not this server) or the request names a host that is not loopback, so a web page
cannot add records behind a person's back.
"""

from __future__ import annotations

import html
import json
from typing import Any
from urllib.parse import parse_qs, urlsplit

from code24.cloudflare.local.dns import TYPES, LocalDNS, Record, RecordError, record
from code24.cloudflare.local.protocol import Request, Response

PAGE_PATH = "/__local__/dns"
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}
PAGE_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
}


class DnsProvider:
    """Answers ``/__local__/dns`` and ``/__local__/dns/records`` from a ``LocalDNS``."""

    def __init__(self, dns: LocalDNS) -> None:
        self.dns = dns

    def handles(self, path: str) -> bool:
        """Whether ``path`` (after ``/__local__/``) is one of the provider's."""
        return path.strip("/") in ("dns", "dns/records")

    def handle(self, request: Request, path: str) -> Response:
        page = path.strip("/") == "dns"
        if request.method in ("POST", "DELETE") and not _same_origin(request):
            message = "Changes to the local DNS must come from this server's own page or API."
            return _page(403, self._render(error=message)) if page else _error(403, message)
        if page and request.method == "GET":
            return _page(200, self._render())
        if page and request.method == "POST":
            return self._form(request)
        if request.method == "GET":
            return _json(200, [item.as_dict() for item in self.dns.records.all()])
        if request.method in ("POST", "DELETE"):
            body = _json_object(request)
            if body is None:
                return _error(400, "The body must be a JSON object with name, type and value.")
            return self._add(body) if request.method == "POST" else self._delete(body)
        return _error(405, f"{request.method} is not allowed here; use GET, POST or DELETE.")

    # --- JSON --------------------------------------------------------------------------

    def _add(self, body: dict[str, Any]) -> Response:
        try:
            added = self._checked_add(body)
        except RecordError as exc:
            return _error(400, str(exc))
        return _json(201, added.as_dict())

    def _delete(self, body: dict[str, Any]) -> Response:
        name = body.get("name")
        if not isinstance(name, str) or not name.strip():
            return _error(400, "Say which records to delete: a name (and a type and value).")
        kind, value = body.get("type"), body.get("value")
        deleted = self.dns.delete(
            name, str(kind) if kind else None, str(value) if value is not None else None
        )
        return _json(200, {"deleted": deleted})

    def _checked_add(self, fields: dict[str, Any]) -> Record:
        missing = [key for key in ("name", "type", "value") if not str(fields.get(key) or "")]
        if missing:
            raise RecordError(f"A record needs a name, a type and a value ({missing[0]} is empty).")
        ttl = fields.get("ttl")
        if isinstance(ttl, bool) or (ttl not in (None, "") and not str(ttl).strip().isdigit()):
            raise RecordError("The TTL must be a whole number of seconds.")
        seconds = None if ttl in (None, "") else int(str(ttl).strip())
        return self.dns.records.add(
            record(str(fields["name"]), str(fields["type"]), str(fields["value"]), seconds)
        )

    # --- The page ----------------------------------------------------------------------

    def _form(self, request: Request) -> Response:
        fields = {
            key: values[-1]
            for key, values in parse_qs(
                request.body.decode("utf-8", errors="replace"), keep_blank_values=True
            ).items()
        }
        if fields.get("action") == "delete":
            self.dns.delete(fields.get("name", ""), fields.get("type") or None, fields.get("value"))
        else:
            try:
                self._checked_add(fields)
            except RecordError as exc:
                return _page(400, self._render(error=str(exc), entered=fields))
        return Response(303, b"", content_type="text/plain", headers={"Location": PAGE_PATH})

    def _render(self, *, error: str = "", entered: dict[str, str] | None = None) -> bytes:
        entered = entered or {}
        e = html.escape
        rows = "".join(
            "<tr>"
            f"<td>{e(item.name)}</td><td>{e(item.type)}</td><td>{e(item.value)}</td>"
            f"<td>{item.ttl}</td><td>"
            f'<form method="post" action="{PAGE_PATH}">'
            '<input type="hidden" name="action" value="delete">'
            f'<input type="hidden" name="name" value="{e(item.name)}">'
            f'<input type="hidden" name="type" value="{e(item.type)}">'
            f'<input type="hidden" name="value" value="{e(item.value)}">'
            f'<button type="submit">Delete</button></form></td></tr>'
            for item in sorted(self.dns.records.all(), key=lambda item: (item.name, item.type))
        )
        options = "".join(
            f"<option{' selected' if kind == entered.get('type', 'CNAME').upper() else ''}>"
            f"{kind}</option>"
            for kind in TYPES
        )
        problem = f'<p role="alert"><strong>{e(error)}</strong></p>' if error else ""
        return (
            '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
            "<title>Local DNS provider</title>"
            "<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:60rem}"
            "td,th{padding:.25rem .75rem;text-align:left}</style></head><body>"
            "<h1>Local DNS provider</h1>"
            "<p>This page stands in for your customers' DNS provider on this machine: the "
            "records you add here are the ones the local Cloudflare and the domain doctor "
            f"find when they look a domain up (the DNS server is at {e(self.dns.address)}).</p>"
            f"{problem}"
            f'<form method="post" action="{PAGE_PATH}">'
            f'<label>Name <input name="name" required value="{e(entered.get("name", ""))}" '
            'placeholder="www.bakery.localhost"></label> '
            f'<label>Type <select name="type">{options}</select></label> '
            f'<label>Value <input name="value" required value="{e(entered.get("value", ""))}" '
            'placeholder="sites.code24.localhost"></label> '
            f'<label>TTL <input name="ttl" inputmode="numeric" size="6" '
            f'value="{e(entered.get("ttl", ""))}" placeholder="300"></label> '
            '<button type="submit">Add record</button></form>'
            "<h2>Records</h2>"
            "<table><thead><tr><th>Name</th><th>Type</th><th>Value</th><th>TTL</th><th></th>"
            f"</tr></thead><tbody>{rows}</tbody></table>"
            + ("" if rows else "<p>No records yet.</p>")
            + "</body></html>"
        ).encode()


def _same_origin(request: Request) -> bool:
    """The request names a loopback host, and a browser's Origin (if any) is that host."""
    host = str(request.headers.get("Host", ""))
    if urlsplit(f"http://{host}").hostname not in LOOPBACK_HOSTS:
        return False
    origin = request.headers.get("Origin")
    return origin is None or origin == f"http://{host}"


def _json_object(request: Request) -> dict[str, Any] | None:
    try:
        body = json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError):
        return None
    return body if isinstance(body, dict) else None


def _json(status: int, body: Any) -> Response:
    return Response(status, json.dumps(body).encode())


def _error(status: int, message: str) -> Response:
    return _json(status, {"error": message})


def _page(status: int, body: bytes) -> Response:
    return Response(
        status, body, content_type="text/html; charset=utf-8", headers=dict(PAGE_HEADERS)
    )
