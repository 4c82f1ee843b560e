"""Hostnames customers connect: one spelling for each name, and the names that can't be.

``clean(raw)`` is what a form or the API calls: it normalises what the customer typed
(case, a trailing dot, Unicode to punycode, so ``WWW.Bäckerei.DE.`` and
``www.xn--bckerei-5wa.de`` are one name) and refuses, with one sentence saying what to
fix, anything Cloudflare could not issue a certificate for or Code24 must not hand out:
IP addresses, wildcards, public suffixes, unknown endings, reserved names and Code24's own
domain.

The Public Suffix List comes inside the ``publicsuffixlist`` package (never fetched at run
time), both its ICANN and private sections: ``github.io`` is a suffix that others register
names under, so ``github.io`` itself is refused and ``bakery.github.io`` is registrable.
Endings the list does not know are refused. With ``allow_localhost`` (local runs), names
under ``.localhost`` are accepted too, with ``<name>.localhost`` as their registrable part.
"""

from __future__ import annotations

import ipaddress
import re
from functools import cache

import idna
from django.conf import settings
from publicsuffixlist import PublicSuffixList

MAX_LENGTH = 253
MAX_LABEL = 63
_LDH = re.compile(r"[a-z0-9-]+")
_PORT = re.compile(r"[^:]+:\d*")
_HEX = re.compile(r"0x[0-9a-f]*")

# Special-use and reserved names (IANA's special-use domain names registry: RFC 2606,
# 6761, 6762, 7686, 8375, 9476; ICANN's .internal) and the endings routers and company
# networks use privately. None of them can get a public certificate.
RESERVED_ENDINGS = {
    "test": "is reserved for testing",
    "example": "is reserved for examples",
    "invalid": "is reserved as a name that never exists",
    "localhost": "always means this computer",
    "local": "is for devices on a local network",
    "onion": "is for Tor onion services",
    "internal": "is for private networks",
    "alt": "is reserved for names outside the DNS",
    "arpa": "is for the internet's own infrastructure",
    "lan": "is for private networks",
    "home": "is for private networks",
    "corp": "is for private networks",
    "intranet": "is for private networks",
    "private": "is for private networks",
}
RESERVED_DOMAINS = ("example.com", "example.net", "example.org")


class HostnameError(ValueError):
    """A hostname Code24 can't connect; the message is one sentence saying what to fix."""


def clean(raw: str, *, allow_localhost: bool | None = None) -> str:
    """The normalised hostname, or HostnameError; localhost names as the setting says."""
    if allow_localhost is None:
        allow_localhost = settings.DOMAINS_ALLOW_LOCALHOST
    hostname = normalise(raw)
    validate(hostname, allow_localhost=allow_localhost)
    return hostname


def normalise(raw: str) -> str:
    """One spelling per name: trimmed, lower case, no trailing dot, punycode (UTS 46).

    A pasted address (``https://www.bakery.com/menu``) or an email address is refused
    rather than guessed at, with the name to type instead when there is one.
    """
    text = str(raw).strip()
    if "://" in text or text.lower().startswith(("http:", "https:")):
        raise HostnameError(
            f"Type just the domain name{_suggest(text)}, without http:// or https://."
        )
    if "@" in text:
        raise HostnameError(
            f"That looks like an email address; type just the domain name{_suggest(text)}."
        )
    if any(mark in text for mark in "/?#\\"):
        raise HostnameError(
            f"Type just the domain name{_suggest(text)}, without a path or anything after it."
        )
    try:
        text = idna.uts46_remap(text, std3_rules=False, transitional=False)
    except (idna.IDNAError, UnicodeError, ValueError):
        raise HostnameError(f"{text} contains characters a domain name can't have.") from None
    text = text.lower()
    if text.endswith("."):
        text = text[:-1]
    labels = []
    for label in text.split("."):
        if not label.isascii():
            try:
                label = idna.alabel(label).decode("ascii")
            except (idna.IDNAError, UnicodeError, ValueError):
                raise HostnameError(
                    f"“{label}” contains characters a domain name can't have; check the spelling."
                ) from None
        labels.append(label)
    return ".".join(labels)


def validate(hostname: str, *, allow_localhost: bool) -> None:
    """Raise HostnameError unless ``hostname`` (already normalised) can be connected."""
    name = hostname
    if not name:
        raise HostnameError("Type your domain name, like www.bakery.com.")
    if _is_ip_address(name):
        raise HostnameError(
            f"{name} looks like an IP address; type a domain name instead, like www.bakery.com."
        )
    if len(name) > MAX_LENGTH:
        raise HostnameError(
            f"That name is {len(name)} characters long; a domain name can have at most "
            f"{MAX_LENGTH}."
        )
    if _PORT.fullmatch(name):
        raise HostnameError(f"Leave out the port: type just {name.partition(':')[0]}.")
    if "*" in name:
        raise HostnameError(
            "Wildcards like *.bakery.com can't be connected; add each name you use, "
            "like www.bakery.com."
        )
    if any(char.isspace() for char in name):
        raise HostnameError("Remove the spaces: a domain name has none.")
    labels = name.split(".")
    for label in labels:
        if not label:
            raise HostnameError(f"{name} has an empty part between two dots; remove the extra dot.")
        if len(label) > MAX_LABEL:
            raise HostnameError(
                f"The part “{label[:20]}…” is {len(label)} characters long; each part between "
                f"dots can have at most {MAX_LABEL}."
            )
        if not _LDH.fullmatch(label):
            bad = next(char for char in label if not _LDH.fullmatch(char))
            raise HostnameError(
                f"{name} contains “{bad}”; a domain name can only have letters, digits, "
                "hyphens and dots."
            )
        if label.startswith("-") or label.endswith("-"):
            raise HostnameError(
                f"The part “{label}” starts or ends with a hyphen, which a domain name can't."
            )
        if label.startswith("xn--"):
            try:
                idna.ulabel(label)
            except (idna.IDNAError, UnicodeError, ValueError):
                raise HostnameError(
                    f"“{label}” is not a valid international name; type the name as you "
                    "would write it, for example bäckerei.de."
                ) from None
    _refuse_platform(name)
    shown = display(name)
    ending = labels[-1]
    if ending == "localhost" and allow_localhost and len(labels) >= 2:
        return
    if ending in RESERVED_ENDINGS:
        raise HostnameError(
            f"{shown} can't be used on the internet: .{ending} {RESERVED_ENDINGS[ending]}; "
            "use a domain you registered."
        )
    for reserved in RESERVED_DOMAINS:
        if name == reserved or name.endswith("." + reserved):
            raise HostnameError(
                f"{reserved} is reserved for documentation examples; use a domain you registered."
            )
    psl = _psl()
    if psl.publicsuffix(name) is None:
        if len(labels) == 1:
            raise HostnameError(
                f"Type the whole domain name with its ending, like {shown}.com or www.{shown}.com."
            )
        raise HostnameError(
            f"{shown} doesn't end in a domain ending we know (.{ending}); check the spelling."
        )
    if psl.privatesuffix(name) is None:
        if len(labels) == 1:
            raise HostnameError(
                f".{shown} is a domain ending; type your whole domain name, like bakery.{shown}."
            )
        raise HostnameError(
            f"{shown} is an ending that many owners register names under; type your own "
            f"domain, like bakery.{shown}."
        )


def display(hostname: str) -> str:
    """The name as people write it (``www.bäckerei.de``), for messages; punycode stays
    punycode when it doesn't decode."""
    try:
        return str(idna.decode(hostname))
    except (idna.IDNAError, UnicodeError, ValueError):
        return hostname


def registrable_domain(hostname: str) -> str:
    """The part of ``hostname`` its owner registered: ``bakery.com`` for ``www.bakery.com``,
    ``bakery.co.uk``, ``bakery.github.io``; ``bakery.localhost`` for names under .localhost."""
    labels = hostname.split(".")
    if labels[-1] == "localhost" and len(labels) >= 2:
        return ".".join(labels[-2:])
    found = _psl().privatesuffix(hostname)
    if not found:
        raise HostnameError(f"{hostname} has no registrable domain; type your own domain name.")
    return str(found)


def is_apex(hostname: str) -> bool:
    """Whether ``hostname`` is the registrable domain itself (``bakery.com``)."""
    return hostname == registrable_domain(hostname)


def pair_of(hostname: str) -> str | None:
    """The name that goes with ``hostname``: ``www.bakery.com`` ↔ ``bakery.com``; None for
    other subdomains (``shop.bakery.com``)."""
    domain = registrable_domain(hostname)
    if hostname == domain:
        return "www." + domain
    if hostname == "www." + domain:
        return domain
    return None


@cache
def _psl() -> PublicSuffixList:
    # The list bundled in the package; unknown endings are not treated as public suffixes.
    return PublicSuffixList(accept_unknown=False)


def _is_ip_address(name: str) -> bool:
    """IPv4 and IPv6 addresses, bracketed too, and the short forms browsers still accept
    (``127.1``, ``2130706433``, ``0x7f.1``): no real ending is all digits."""
    try:
        ipaddress.ip_address(name.removeprefix("[").removesuffix("]"))
        return True
    except ValueError:
        pass
    last = name.rsplit(".", 1)[-1]
    return last.isdigit() or bool(_HEX.fullmatch(last))


def _refuse_platform(name: str) -> None:
    platform = _bare(settings.PLATFORM_DOMAIN)
    origin = _bare(settings.CLOUDFLARE_FALLBACK_ORIGIN)
    for own in (platform, origin):
        if own and (name == own or name.endswith("." + own)):
            raise HostnameError(
                f"{name} is part of Code24's own domain {own}; connect a domain you own."
            )


def _bare(name: str) -> str:
    return str(name or "").strip().lower().rstrip(".")


def _suggest(text: str) -> str:
    """', like www.bakery.com' with the name found in a pasted address, or ''."""
    rest = re.sub(r"^(https?|ftp|mailto):/*", "", text, flags=re.IGNORECASE)
    rest = re.split(r"[/?#\\\s:]", rest.rsplit("@", 1)[-1], maxsplit=1)[0]
    return f", like {rest.lower().rstrip('.')}" if "." in rest.strip(".") else ""
