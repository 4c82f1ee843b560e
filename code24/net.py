"""The SSRF-safe fetcher: every outbound fetch of a URL a user gave us goes through here.

    result = fetch("https://competitor.example/")     # FetchResult, or raises
    result.final_url, result.status, result.headers, result.body, result.truncated

The rules, checked for the first URL and again for every redirect hop:

- http and https only; no user name or password in the URL; a host is required;
- no port browsers refuse (:data:`BAD_PORTS`: mail, shells, file sharing...), where an
  http request would talk to another protocol's server;
- the host is resolved once (``getaddrinfo``) and EVERY address it resolves to must pass
  ``allow_address`` (by default :func:`is_public_address`: globally routable unicast
  only, so no loopback, private, link-local, site-local, shared, multicast, reserved or
  unspecified addresses, and no IPv6 forms that embed such an IPv4 address);
- the connection goes to a checked address (the URL is rewritten to the IP, the Host
  header and TLS SNI/certificate check keep the hostname), so DNS cannot answer
  differently between the check and the connect; proxies from the environment are ignored;
- redirects are followed by hand, at most ``max_redirects``;
- caps: ``connect_timeout`` per connection, ``total_timeout`` for the whole fetch
  (resolution, every hop, and the body), ``max_bytes`` of decoded body: reading stops
  there and the result says ``truncated``;
- compressed bodies are decoded here, never by httpx, at most ``DECODE_PIECE`` bytes at a
  time, so the cap holds however small the body is on the wire. The request accepts only
  what is decoded (gzip, deflate); a body compressed more than once (``gzip, gzip``) or
  with anything else is refused, and so is one that expands more than ``MAX_RATIO`` times
  (see there) once ``RATIO_FLOOR`` bytes have come out;
- optionally the response's media type must be in ``allowed_types``.

Failures raise :class:`FetchRefused` (we will not fetch this) or :class:`FetchFailed` (we
tried and it did not work); both carry one sentence a customer can read.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
import zlib
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import httpx

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
AddressPolicy = Callable[[IPAddress], bool]

USER_AGENT = "Code24-Fetcher/1.0 (+https://code24.dev)"
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
DEFAULT_MAX_BYTES = 2_000_000
# Content-Encodings decoded here, and the Accept-Encoding that names exactly them.
DECODED_ENCODINGS = ("gzip", "deflate")
ACCEPT_ENCODING = ", ".join(DECODED_ENCODINGS)
DECODE_PIECE = 64 * 1024  # the most a decompressor may produce in one step
# A body that has produced more than MAX_RATIO decoded bytes per compressed byte read, once
# RATIO_FLOOR bytes have come out, is a decompression bomb, not a web page. The rule was set
# against 10,785 real HTML pages over 20 KB (documentation sets on the build machine, gzip
# level 9): the median page expands 3.8 times, the 99.9th percentile 39 times, the most
# compressible (a 940 KB page of near-identical code listings) 44 times, and no page
# exceeded 44.1 at any point of its stream after 64 KiB. 100 leaves more than twice that;
# a bomb runs at deflate's ceiling, about 1,030.
MAX_RATIO = 100
RATIO_FLOOR = 64 * 1024
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
# The Fetch standard's "bad ports", which browsers never fetch from (fetch.spec.whatwg.org
# "port blocking"): a request there talks to a mail, shell or file server, not a web site.
BAD_PORTS = frozenset(
    {
        1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95,
        101, 102, 103, 104, 109, 110, 111, 113, 115, 117, 119, 123, 135, 137, 139, 143, 161,
        179, 389, 427, 465, 512, 513, 514, 515, 526, 530, 531, 532, 540, 548, 554, 556, 563,
        587, 601, 636, 989, 990, 993, 995, 1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060,
        5061, 6000, 6566, 6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080,
    }
)  # fmt: skip


class FetchError(Exception):
    """A fetch that did not give a result; ``str(error)`` is a sentence for the customer."""

    def __init__(self, message: str, *, url: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.url = url


class FetchRefused(FetchError):
    """The URL (or a redirect, or what it resolves to) is not one we fetch."""


class FetchFailed(FetchError):
    """The fetch was allowed but did not succeed: DNS, connection, TLS, timeout."""


@dataclass(frozen=True)
class FetchResult:
    url: str  # the URL asked for
    final_url: str  # after redirects
    status: int
    headers: dict[str, str]  # lower-case names
    body: bytes
    truncated: bool
    redirects: list[str] = field(default_factory=list)  # the hops, in order

    @property
    def content_type(self) -> str:
        """The media type without parameters, lower case ("text/html")."""
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def charset(self) -> str:
        for param in self.headers.get("content-type", "").split(";")[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "charset" and value.strip():
                return value.strip().strip("\"'")
        return "utf-8"

    def text(self) -> str:
        try:
            return self.body.decode(self.charset, errors="replace")
        except LookupError:
            return self.body.decode("utf-8", errors="replace")


def is_public_address(address: IPAddress) -> bool:
    """True only for a globally routable unicast address (the default policy)."""
    if (
        not address.is_global
        or address.is_multicast
        or address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_reserved
        or address.is_unspecified
    ):
        return False
    if isinstance(address, ipaddress.IPv6Address):
        if address.is_site_local:  # fec0::/10: deprecated, yet routed inside some networks
            return False
        embedded = [address.ipv4_mapped, address.sixtofour]
        teredo = address.teredo
        if teredo is not None:
            embedded.extend(teredo)
        if address in _NAT64:
            embedded.append(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
        return all(is_public_address(inner) for inner in embedded if inner is not None)
    return True


def is_localhost_name(host: str) -> bool:
    """``localhost`` and every name under it (RFC 6761)."""
    host = host.lower().rstrip(".")
    return host == "localhost" or host.endswith(".localhost")


def fetch(
    url: str,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    total_timeout: float = 15.0,
    connect_timeout: float = 5.0,
    max_redirects: int = 5,
    allowed_types: Collection[str] | None = None,
    allow_address: AddressPolicy = is_public_address,
    headers: dict[str, str] | None = None,
) -> FetchResult:
    """GET ``url`` under the rules in the module docstring."""
    deadline = time.monotonic() + total_timeout
    current = url
    hops: list[str] = []
    with httpx.Client(
        trust_env=False,  # a proxy from the environment would resolve names itself
        follow_redirects=False,
        # no connection is reused: each hop gets its own, verified for its own host name
        limits=httpx.Limits(max_keepalive_connections=0),
        headers={
            "User-Agent": USER_AGENT,
            "Accept": "text/html,*/*;q=0.8",
            "Accept-Encoding": ACCEPT_ENCODING,
        },
    ) as client:
        for _ in range(max_redirects + 1):
            try:
                target = _Target.parse(current)
                addresses = _resolve(target, deadline, allow_address, total_timeout)
            except FetchRefused as exc:
                if not hops:
                    raise
                reason = exc.message[:1].lower() + exc.message[1:]
                raise FetchRefused(
                    f"{url} redirects to another address, and {reason}", url=current
                ) from exc
            result = _get(
                client,
                target,
                addresses,
                original=url,
                hops=hops,
                deadline=deadline,
                total_timeout=total_timeout,
                connect_timeout=connect_timeout,
                max_bytes=max_bytes,
                extra_headers=headers or {},
            )
            if isinstance(result, FetchResult):
                if allowed_types is not None and result.content_type not in allowed_types:
                    raise FetchRefused(
                        f"{current} is {_describe_type(result.content_type)}, not a web page.",
                        url=current,
                    )
                return result
            hops.append(result)
            current = result
    raise FetchFailed(
        f"{url} redirects more than {max_redirects} times, so we stopped following it.",
        url=url,
    )


# --- one hop ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Target:
    url: str
    scheme: str
    host: str  # as written, without brackets, lower case
    port: int
    path: str  # path and query

    @classmethod
    def parse(cls, url: str) -> _Target:
        shown = url if len(url) <= 200 else url[:200] + "…"
        if any(ord(ch) < 33 or ord(ch) == 127 for ch in url):
            raise FetchRefused(f"{shown!r} contains spaces or control characters.", url=url)
        try:
            parts = urlsplit(url)
            port = parts.port
        except ValueError as exc:
            raise FetchRefused(f"{shown} is not a valid web address.", url=url) from exc
        scheme = parts.scheme.lower()
        if scheme not in ("http", "https"):
            what = f"a {scheme}: address" if scheme else "not a full web address"
            raise FetchRefused(
                f"{shown} is {what}; only http:// and https:// addresses can be read.",
                url=url,
            )
        if parts.username is not None or parts.password is not None:
            raise FetchRefused(
                f"{scheme}://… addresses with a user name or password are not fetched; "
                "remove the part before the @.",
                url=url,
            )
        host = (parts.hostname or "").rstrip(".").lower()
        if not host:
            raise FetchRefused(f"{shown} has no host name.", url=url)
        if not host.isascii():
            try:
                host = host.encode("idna").decode("ascii")
            except UnicodeError as exc:
                raise FetchRefused(f"{shown} does not have a valid host name.", url=url) from exc
        if port == 0:
            raise FetchRefused(f"{shown} names port 0, which cannot be reached.", url=url)
        if port in BAD_PORTS:
            raise FetchRefused(
                f"{shown} names port {port}, which is not a port websites are served on.",
                url=url,
            )
        path = parts.path or "/"
        if parts.query:
            path += "?" + parts.query
        return cls(
            url=url,
            scheme=scheme,
            host=host,
            port=port or (443 if scheme == "https" else 80),
            path=path,
        )

    @property
    def default_port(self) -> bool:
        return self.port == (443 if self.scheme == "https" else 80)

    @property
    def host_header(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return host if self.default_port else f"{host}:{self.port}"

    def pinned_url(self, address: IPAddress) -> str:
        ip = f"[{address}]" if address.version == 6 else str(address)
        return f"{self.scheme}://{ip}:{self.port}{self.path}"


def _literal(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return None


def _resolve(
    target: _Target, deadline: float, allow: AddressPolicy, total_timeout: float
) -> list[IPAddress]:
    """Every address the host resolves to, each checked; refused when any fails."""
    literal = _literal(target.host)
    if literal is not None:
        found: list[IPAddress] = [literal]
    elif is_localhost_name(target.host):
        # RFC 6761 6.3: localhost names are loopback, whatever a resolver says (browsers
        # do the same), so the policy below decides about them like any loopback address.
        found = [ipaddress.IPv4Address("127.0.0.1")]
    else:
        found = _getaddrinfo(target, deadline, total_timeout)
    unique = list(dict.fromkeys(found))
    refused = [address for address in unique if not allow(address)]
    if refused:
        named = "" if literal is not None else f" ({target.host} points to {refused[0]})"
        raise FetchRefused(
            f"{target.url} points to a private or reserved network address{named}; "
            "only public websites can be read.",
            url=target.url,
        )
    return unique


def _getaddrinfo(target: _Target, deadline: float, total_timeout: float) -> list[IPAddress]:
    answer: list[IPAddress] = []
    error: list[BaseException] = []

    def lookup() -> None:
        try:
            infos = socket.getaddrinfo(target.host, target.port, type=socket.SOCK_STREAM)
            for info in infos:
                address = _literal(str(info[4][0]))
                if address is not None:
                    answer.append(address)
        except (OSError, UnicodeError) as exc:
            error.append(exc)

    worker = threading.Thread(target=lookup, name="code24-net-resolve", daemon=True)
    worker.start()
    worker.join(max(0.0, deadline - time.monotonic()))
    if worker.is_alive():
        raise FetchFailed(
            f"Looking up {target.host} took longer than {total_timeout:g} seconds.",
            url=target.url,
        )
    if error or not answer:
        raise FetchFailed(
            f"{target.host} could not be found; check the address for typos.", url=target.url
        )
    return answer


def _get(
    client: httpx.Client,
    target: _Target,
    addresses: Iterable[IPAddress],
    *,
    original: str,
    hops: list[str],
    deadline: float,
    total_timeout: float,
    connect_timeout: float,
    max_bytes: int,
    extra_headers: dict[str, str],
) -> FetchResult | str:
    """The result of GETting ``target`` pinned to one of ``addresses``, or the next URL."""
    too_slow = FetchFailed(
        f"{original} took longer than {total_timeout:g} seconds to answer.", url=target.url
    )
    last: Exception | None = None
    for address in addresses:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise too_slow
        timeout = httpx.Timeout(remaining, connect=min(connect_timeout, remaining))
        request = client.build_request(
            "GET",
            target.pinned_url(address),
            headers={**extra_headers, "Host": target.host_header},
            timeout=timeout,
            extensions={"sni_hostname": target.host} if target.scheme == "https" else {},
        )
        try:
            response = client.send(request, stream=True)
        except httpx.ConnectError as exc:
            last = exc
            continue  # another checked address of the same host may answer
        except httpx.TimeoutException as exc:
            if time.monotonic() >= deadline:
                raise too_slow from exc
            last = exc
            continue
        except httpx.HTTPError as exc:
            raise FetchFailed(_failure(target, exc), url=target.url) from exc
        try:
            if response.status_code in REDIRECT_STATUSES and "location" in response.headers:
                location = response.headers["location"]
                return urljoin(target.url, location)
            body, truncated = _read(response, target, max_bytes, deadline, too_slow)
        except httpx.TimeoutException as exc:
            raise too_slow from exc
        except httpx.HTTPError as exc:
            raise FetchFailed(_failure(target, exc), url=target.url) from exc
        finally:
            response.close()
        return FetchResult(
            url=original,
            final_url=target.url,
            status=response.status_code,
            headers={name.lower(): value for name, value in response.headers.items()},
            body=body,
            truncated=truncated,
            redirects=list(hops),
        )
    if isinstance(last, httpx.TimeoutException):
        raise FetchFailed(
            f"{target.host} did not accept a connection within {connect_timeout:g} seconds.",
            url=target.url,
        ) from last
    raise FetchFailed(_failure(target, last), url=target.url) from last


def _read(
    response: httpx.Response,
    target: _Target,
    max_bytes: int,
    deadline: float,
    too_slow: FetchFailed,
) -> tuple[bytes, bool]:
    """The body up to ``max_bytes`` (decoded), and whether there was more."""
    decoder = _Decoder.for_response(response, target)

    def pieces() -> Iterator[bytes]:
        for raw in response.iter_raw():  # as received: httpx decodes nothing
            if time.monotonic() > deadline:
                raise too_slow
            yield from decoder.decode(raw)
        yield from decoder.finish()

    body = bytearray()
    for piece in pieces():  # never empty, never more than DECODE_PIECE
        room = max_bytes - len(body)
        if len(piece) > room:
            body += piece[:room]
            return bytes(body), True
        body += piece
    return bytes(body), False


class _Decoder:
    """Undoes one Content-Encoding (or none), a bounded piece at a time.

    ``decode(raw)`` and then ``finish()`` yield the decoded bytes in pieces of at most
    ``DECODE_PIECE``; a caller that stops iterating stops the decompression there.
    """

    def __init__(self, encoding: str, target: _Target) -> None:
        self.encoding = encoding  # "gzip", "deflate" or "" (none)
        self.target = target
        self._inflater: zlib._Decompress | None = None
        self._head = b""  # deflate: the first bytes, until the zlib header can be checked
        self.read = 0  # compressed bytes the decompressor consumed
        self.made = 0  # decoded bytes it produced
        self._ended = False  # the compressed data has ended
        if encoding == "gzip":
            self._inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)

    @classmethod
    def for_response(cls, response: httpx.Response, target: _Target) -> _Decoder:
        """The decoder for the response's Content-Encoding, or FetchRefused."""
        listed = [
            value.strip().lower()
            for value in response.headers.get_list("content-encoding", split_commas=True)
        ]
        codings = [value for value in listed if value and value != "identity"]
        codings = ["gzip" if value == "x-gzip" else value for value in codings]
        named = ", ".join(listed)
        if len(codings) > 1:
            raise FetchRefused(
                f"{target.host} sent its page compressed more than once ({named}), which no "
                "real web page needs, so it was not read.",
                url=target.url,
            )
        if codings and codings[0] not in DECODED_ENCODINGS:
            raise FetchRefused(
                f"{target.host} sent its page compressed with {codings[0]}, which we do not "
                "read; only pages sent plain or compressed with gzip or deflate can be read.",
                url=target.url,
            )
        return cls(codings[0] if codings else "", target)

    def decode(self, data: bytes) -> Iterator[bytes]:
        if not self.encoding:
            if data:
                yield data
            return
        if self._inflater is None:  # deflate: zlib-wrapped as specified, or raw as some send
            self._head += data
            if len(self._head) < 2:
                return
            data, self._head = self._head, b""
            # A zlib header names deflate and is a multiple of 31; raw deflate cannot start
            # so (that would be a stored block with padding bits set, which no encoder writes).
            wrapped = data[0] & 0x0F == 8 and int.from_bytes(data[:2], "big") % 31 == 0
            self._inflater = zlib.decompressobj(zlib.MAX_WBITS if wrapped else -zlib.MAX_WBITS)
        yield from self._inflate(data)

    def finish(self) -> Iterator[bytes]:
        """What is left once the body has been received."""
        if self._head:  # a deflate body shorter than a zlib header
            self._inflater = zlib.decompressobj(-zlib.MAX_WBITS)
            data, self._head = self._head, b""
            yield from self._inflate(data)
        if self._inflater is not None:
            yield from self._inflate(b"")

    def _inflate(self, data: bytes) -> Iterator[bytes]:
        inflater = self._inflater
        assert inflater is not None
        while not self._ended:
            try:
                piece = inflater.decompress(data, DECODE_PIECE)
            except zlib.error as exc:
                raise FetchFailed(
                    f"{self.target.host} sent a compressed page that could not be "
                    "uncompressed; it may be damaged.",
                    url=self.target.url,
                ) from exc
            if inflater.eof:  # what follows the compressed data is ignored, as httpx does
                self.read += len(data) - len(inflater.unused_data)
                self._ended = True
                data = b""
            else:
                self.read += len(data) - len(inflater.unconsumed_tail)
                data = inflater.unconsumed_tail
            if not piece:
                if data:
                    continue
                return
            self.made += len(piece)
            if self.made >= RATIO_FLOOR and self.made > MAX_RATIO * max(self.read, 1):
                raise FetchRefused(
                    f"{self.target.host} sent a page that expands more than {MAX_RATIO} "
                    "times when uncompressed, far beyond any real web page, so it was not "
                    "read.",
                    url=self.target.url,
                )
            yield piece


def _failure(target: _Target, exc: Exception | None) -> str:
    text = str(exc).lower() if exc is not None else ""
    if "certificate" in text or "ssl" in text or "tls" in text:
        return f"{target.host} has a security certificate problem, so it could not be read."
    if isinstance(exc, httpx.ConnectError):
        return f"{target.host} refused the connection or could not be reached."
    if isinstance(exc, httpx.RemoteProtocolError):
        return f"{target.host} sent an answer that is not valid HTTP."
    return f"{target.host} could not be read ({type(exc).__name__})."


def _describe_type(content_type: str) -> str:
    known = {
        "application/pdf": "a PDF document",
        "application/json": "JSON data",
        "application/zip": "a ZIP archive",
    }
    if content_type in known:
        return known[content_type]
    if content_type.startswith("image/"):
        return "an image"
    if content_type.startswith("video/"):
        return "a video"
    return f"a file of type {content_type or 'unknown'}"
