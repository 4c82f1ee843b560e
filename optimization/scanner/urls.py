"""Web addresses the way a browser reads them (close enough to the WHATWG URL standard for
the audits): ``resolve(raw, base)`` is ``new URL(raw, base).href``, or None where a browser
would throw.

    resolve("../b?x#y", "https://Shop.example:443/a/c")  # "https://shop.example/b?x#y"
    resolve("http://[bad", None)                           # None
    resolve("javascript:void(0)", "https://shop.example/") # "javascript:void(0)"
"""

from __future__ import annotations

import functools
import re
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

SPECIAL_PORTS = {"http": 80, "https": 443, "ftp": 21, "ws": 80, "wss": 443, "file": None}
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.\-]*:")
_TAB_OR_NEWLINE = re.compile(r"[\t\n\r]")
_C0_AND_SPACE = "".join(chr(code) for code in range(0x21))
_FORBIDDEN_HOST = re.compile(r"[\x00-\x20#%/:<>?@\[\\\]^|\x7f]")
# What a browser leaves as it is in a path and a query (everything else is %-encoded).
_PATH_SAFE = "/%:@!$&'()*+,;=-._~"
_QUERY_SAFE = _PATH_SAFE + "?[]"


def resolve(raw: str, base: str | None) -> str | None:
    """``raw`` read relative to ``base`` (absolute when ``base`` is None), normalised as a
    browser writes it back; None when the browser would not accept it as an address."""
    raw = _TAB_OR_NEWLINE.sub("", raw.strip(_C0_AND_SPACE))
    base_href = None if base is None else _absolute(base)
    if base is not None and base_href is None:
        return None
    if _SCHEME.match(raw):
        scheme, rest = raw.split(":", 1)
        scheme = scheme.lower()
        if scheme not in SPECIAL_PORTS:
            return f"{scheme}:{rest}"  # mailto:, javascript:, tel:, data: …
        relative = (
            base_href is not None
            and base_href.startswith(scheme + ":")
            and not rest.startswith(("//", "\\\\", "/\\", "\\/"))
        )
        if not relative:  # "https:shop.example" is read as "https://shop.example"
            return _normalise(scheme + "://" + rest.lstrip("/\\"))
        raw = rest
    if base_href is None:
        return None
    if raw == "":
        return without_fragment(base_href)
    if base_href.split(":", 1)[0] in SPECIAL_PORTS:
        raw = raw.replace("\\", "/")
    try:
        return _normalise(urljoin(base_href, raw))
    except ValueError:
        return None


@functools.lru_cache(maxsize=256)
def _absolute(base: str) -> str | None:
    """A page's own address, normalised once for all the links read against it."""
    return resolve(base, None)


def is_relative_reference(raw: str) -> bool:
    """``raw`` is a path, query or fragment (no scheme, no host): it resolves against any
    valid http(s) base, so there is no need to resolve it to know it is valid."""
    raw = raw.strip(_C0_AND_SPACE)
    return not _SCHEME.match(raw) and not raw.replace("\\", "/").startswith("//")


def _normalise(url: str) -> str | None:
    try:
        parts = urlsplit(url.replace("\\", "/"))
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in SPECIAL_PORTS:
        return url
    host = (parts.hostname or "").lower()
    if scheme != "file" and not host:
        return None
    if host.startswith("[") or ":" in host:
        host = f"[{host.strip('[]')}]"
    elif _FORBIDDEN_HOST.search(host):
        return None
    elif not host.isascii():
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            return None
    netloc = host
    if port is not None and port != SPECIAL_PORTS[scheme]:
        netloc += f":{port}"
    if parts.username or parts.password:
        auth = parts.username or ""
        if parts.password:
            auth += ":" + parts.password
        netloc = f"{auth}@{netloc}"
    path = quote(parts.path or "/", safe=_PATH_SAFE)
    query = quote(parts.query, safe=_QUERY_SAFE)
    fragment = quote(parts.fragment, safe=_QUERY_SAFE + "#")
    href = urlunsplit((scheme, netloc, path, query, fragment))
    if url.endswith("?") and not query and not fragment:
        href += "?"
    return href


def is_absolute(raw: str) -> bool:
    """``new URL(raw)`` succeeds (Lighthouse's ``UrlUtils.isValid``)."""
    return resolve(raw, None) is not None


def without_fragment(url: str) -> str:
    return url.split("#", 1)[0]


def origin(url: str) -> tuple[str, str, int | None]:
    """(scheme, host, port) with the default port filled in; empty for a bad address."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return ("", "", None)
    scheme = parts.scheme.lower()
    return (scheme, (parts.hostname or "").lower(), port or SPECIAL_PORTS.get(scheme))


def path_of(url: str) -> str:
    """The path and query of ``url`` ("/menu?day=1"), "/" at least."""
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
