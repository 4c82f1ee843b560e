"""With the local Cloudflare, "Scan any site" scans the sites this machine's edge serves
(their Code24 hostnames, on the edge's port), and nothing else on loopback."""

from __future__ import annotations

from typing import Any

import pytest

from optimization import fetchers
from optimization.services import ScanRefused, scan_url_clean
from sites.addresses import site_address
from tests.factories import make_account, make_site


@pytest.fixture
def local(settings: Any) -> None:
    settings.CLOUDFLARE_API_TOKEN = ""


def test_a_site_on_the_local_edge_can_be_scanned(db: None, local: None) -> None:
    site = make_site(make_account())
    url = site_address(site) + "/"

    assert scan_url_clean(url) == url
    assert fetchers.local_site_at(url) == site


@pytest.mark.parametrize(
    "url",
    [
        "http://nosuch.code24.localhost:{port}/",  # no such site
        "http://{slug}.code24.localhost:5432/",  # the site's name, another service's port
        "http://localhost:{port}/",
        "http://127.0.0.1:{port}/",
    ],
)
def test_nothing_else_on_loopback_can_be_scanned(db: None, local: None, url: str) -> None:
    site = make_site(make_account())
    port = site_address(site).rsplit(":", 1)[1]

    with pytest.raises(ScanRefused, match="private or reserved"):
        scan_url_clean(url.format(port=port, slug=site.slug))


def test_with_a_real_cloudflare_no_local_site_is_special(db: None, settings: Any) -> None:
    site = make_site(make_account())
    settings.CLOUDFLARE_API_TOKEN = "a-real-token"

    assert fetchers.local_site_at(site_address(site) + "/") is None
    with pytest.raises(ScanRefused):
        scan_url_clean(site_address(site) + "/")
