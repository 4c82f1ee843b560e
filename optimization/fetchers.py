"""The fetch a scan of one of Code24's own sites uses.

With a real Cloudflare account, the SSRF-safe fetcher as it is: a site is on public
addresses like any other. With the local Cloudflare the sites are on the local edge, on
loopback (``*.localhost`` names are loopback, RFC 6761), which the fetcher refuses by
default, rightly. So loopback is allowed for a site's OWN hostnames (its Code24 hostname
and its domains) on the edge's own port only, and for those no redirect is followed: the
policy sees an address, not a name, and a redirect could lead to any other service on this
machine. Every other URL (a link off the site, another port) gets the default policy.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings

from code24 import net
from optimization import scanner
from sites.addresses import site_address
from sites.models import Site


def is_local_edge() -> bool:
    """Sites are served by the local Cloudflare's edge on this machine (no real token)."""
    return not settings.CLOUDFLARE_API_TOKEN


def site_fetcher(site: Site) -> scanner.Fetcher:
    """The fetch a scan of `site` (a cycle's, or a customer's "Scan any site") uses."""
    if not is_local_edge():
        return net.fetch
    own = {site.hostname.lower(), *(name.lower() for name in _domains_of(site))}
    edge_port = _port(site_address(site))

    def loopback_or_public(address: net.IPAddress) -> bool:
        return address.is_loopback or net.is_public_address(address)

    def fetch(url: str, **options: Any) -> net.FetchResult:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower().rstrip(".")
        if host in own and _port(url) == edge_port:
            options.update(allow_address=loopback_or_public, max_redirects=0)
        return net.fetch(url, **options)

    return fetch


def local_site_at(url: str) -> Site | None:
    """With the local edge: the Code24 site whose address `url` is (its Code24 hostname or
    one of its domains, on the edge's port), so "Scan any site" can scan the sites this
    machine serves. None for any other URL, and always None with a real Cloudflare."""
    if not is_local_edge():
        return None
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower().rstrip(".")
    except ValueError:
        return None
    suffix = f".{settings.PLATFORM_DOMAIN}"
    site = None
    if host.endswith(suffix):
        site = Site.objects.filter(slug=host.removesuffix(suffix)).first()
    if site is None:
        from domains.models import CustomDomain  # optimization may read domains

        domain = CustomDomain.objects.filter(hostname=host, removed_at__isnull=True).first()
        site = domain.site if domain is not None else None
    if site is None or _port(url) != _port(site_address(site)):
        return None
    return site


def _port(url: str) -> int | None:
    try:
        parts = urlsplit(url)
        return parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        return None


def _domains_of(site: Site) -> list[str]:
    names = [site.domain] if site.domain else []
    from domains.models import CustomDomain

    names += CustomDomain.objects.filter(site=site).values_list("hostname", flat=True)
    return names
