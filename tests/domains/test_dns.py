"""domains.dns: typed lookups through a configurable resolver, on loopback servers."""

from __future__ import annotations

import time
from typing import Any

import dns.message
import pytest

from code24.cloudflare.local.dns import LocalDNS
from domains import dns as lookups


def servers(made: Any) -> list[tuple[str, int]]:
    return [(ns.address, ns.port) for ns in made.nameservers]


def test_resolver_takes_host_and_port_and_keeps_no_cache() -> None:
    made = lookups.resolver("127.0.0.1:5353", timeout=1.5)
    assert servers(made) == [("127.0.0.1", 5353)]
    assert made.cache is None
    assert made.lifetime == 1.5


def test_resolver_takes_ipv6_several_servers_and_the_default_port() -> None:
    made = lookups.resolver("[::1]:5300, 192.0.2.53", timeout=1)
    assert servers(made) == [("::1", 5300), ("192.0.2.53", 53)]


def test_resolver_defaults_come_from_settings(settings: Any) -> None:
    settings.DOMAINS_DNS_RESOLVER = "127.0.0.2:8753"
    settings.DOMAINS_DNS_TIMEOUT_SECONDS = 2.5
    made = lookups.resolver()
    assert servers(made) == [("127.0.0.2", 8753)]
    assert made.lifetime == 2.5


def test_resolver_refuses_a_name_instead_of_an_address() -> None:
    with pytest.raises(ValueError, match="not an IP address"):
        lookups.resolver("dns.example.net:53")


def test_cname_is_the_record_at_the_name_not_followed(local_dns: LocalDNS) -> None:
    local_dns.add("www.bakery.com", "CNAME", "bakery.host.net", ttl=600)
    local_dns.add("bakery.host.net", "CNAME", "sites.code24.app")
    local_dns.add("sites.code24.app", "A", "104.16.1.1")
    found = lookups.cname("www.bakery.com", resolver=lookups.resolver(local_dns.address))
    assert (found.status, found.records, found.ttl) == ("ok", ("bakery.host.net",), 600)


def test_addresses_follow_cnames_like_a_browser(local_dns: LocalDNS) -> None:
    local_dns.add("www.bakery.com", "CNAME", "bakery.host.net")
    local_dns.add("bakery.host.net", "CNAME", "sites.code24.app")
    local_dns.add("sites.code24.app", "A", "104.16.1.1", ttl=120)
    local_dns.add("sites.code24.app", "AAAA", "2606:4700::1")
    via = lookups.resolver(local_dns.address)
    four = lookups.a("www.bakery.com", resolver=via)
    assert four.status == "ok"
    assert four.records == ("104.16.1.1",)
    assert four.cnames == ("bakery.host.net", "sites.code24.app")
    assert four.ttl == 120
    assert lookups.aaaa("www.bakery.com", resolver=via).records == ("2606:4700::1",)


def test_no_such_name_no_such_record_and_no_answer_are_told_apart(
    local_dns: LocalDNS, silent_dns: str
) -> None:
    local_dns.add("bakery.com", "A", "192.0.2.1")
    via = lookups.resolver(local_dns.address)
    assert lookups.a("nothing.bakery.com", resolver=via).status == "nxdomain"
    assert lookups.cname("bakery.com", resolver=via).status == "nodata"
    assert lookups.aaaa("bakery.com", resolver=via).status == "nodata"
    started = time.monotonic()
    down = lookups.a("bakery.com", resolver=lookups.resolver(silent_dns, timeout=0.2))
    assert down.status == "error"
    assert down.failed
    assert "in time" in down.error
    assert time.monotonic() - started < 1.5


def test_a_cname_to_a_name_the_server_does_not_hold_is_nodata_with_its_chain(
    local_dns: LocalDNS,
) -> None:
    local_dns.add("shop.bakery.com", "CNAME", "shops.example-host.net")
    found = lookups.a("shop.bakery.com", resolver=lookups.resolver(local_dns.address))
    assert (found.status, found.cnames) == ("nodata", ("shops.example-host.net",))


def test_txt_strings_are_joined(local_dns: LocalDNS) -> None:
    long = "v=" + "x" * 400  # more than one 255-byte string
    local_dns.add("_cf-custom-hostname.www.bakery.com", "TXT", long)
    local_dns.add("_cf-custom-hostname.www.bakery.com", "TXT", "second")
    found = lookups.txt(
        "_cf-custom-hostname.www.bakery.com", resolver=lookups.resolver(local_dns.address)
    )
    assert sorted(found.records) == sorted([long, "second"])


def test_caa_climbs_to_the_closest_name_with_records(local_dns: LocalDNS) -> None:
    local_dns.add("bakery.com", "CAA", '0 issue "digicert.com"')
    local_dns.add("bakery.com", "CAA", '0 iodef "mailto:it@bakery.com"')
    local_dns.add("shop.bakery.com", "A", "192.0.2.1")
    via = lookups.resolver(local_dns.address)
    found = lookups.caa("www.shop.bakery.com", resolver=via)
    assert (found.status, found.holder) == ("ok", "bakery.com")
    assert sorted(str(item) for item in found.records) == [
        '0 iodef "mailto:it@bakery.com"',
        '0 issue "digicert.com"',
    ]
    local_dns.add("shop.bakery.com", "CAA", '0 issue "letsencrypt.org"')
    closer = lookups.caa("www.shop.bakery.com", resolver=via)
    assert closer.holder == "shop.bakery.com"
    assert [item.value for item in closer.records] == ["letsencrypt.org"]


def test_caa_without_records_anywhere_is_nodata(local_dns: LocalDNS, silent_dns: str) -> None:
    local_dns.add("www.bakery.com", "A", "192.0.2.1")
    assert lookups.caa("www.bakery.com", resolver=lookups.resolver(local_dns.address)).status == (
        "nodata"
    )
    down = lookups.caa("www.bakery.com", resolver=lookups.resolver(silent_dns, timeout=0.2))
    assert down.failed


def test_ns_and_the_authoritative_servers(
    local_dns: LocalDNS, provider_dns: LocalDNS, monkeypatch: Any
) -> None:
    provider_dns.add("www.bakery.com", "CNAME", "sites.code24.app")
    local_dns.add("bakery.com", "NS", "ns1.dns-host.net")
    local_dns.add("ns1.dns-host.net", "A", "127.0.0.1")
    monkeypatch.setattr(lookups, "AUTHORITATIVE_PORT", provider_dns.port)
    via = lookups.resolver(local_dns.address)
    assert lookups.ns("bakery.com", resolver=via).records == ("ns1.dns-host.net",)
    # Found from a name below the zone too (climbing to the zone's NS).
    server = lookups.authoritative("shop.bakery.com", resolver=via)
    assert server is not None
    assert lookups.cname("www.bakery.com", resolver=server).records == ("sites.code24.app",)


def test_authoritative_is_none_without_nameservers(local_dns: LocalDNS) -> None:
    local_dns.add("bakery.com", "A", "192.0.2.1")
    assert lookups.authoritative("bakery.com", resolver=lookups.resolver(local_dns.address)) is None


def test_a_second_lookup_sees_a_changed_record(local_dns: LocalDNS) -> None:
    via = lookups.resolver(local_dns.address)
    local_dns.add("www.bakery.com", "A", "192.0.2.1")
    assert lookups.a("www.bakery.com", resolver=via).records == ("192.0.2.1",)
    local_dns.delete("www.bakery.com")
    local_dns.add("www.bakery.com", "CNAME", "sites.code24.app")
    assert lookups.cname("www.bakery.com", resolver=via).records == ("sites.code24.app",)


def test_negative_answers_carry_the_soa_minimum() -> None:
    response = dns.message.from_text(
        "id 1\nopcode QUERY\nrcode NXDOMAIN\nflags QR AA\n;QUESTION\nwww.bakery.com. IN A\n"
        ";ANSWER\n;AUTHORITY\nbakery.com. 3600 IN SOA ns1.bakery.com. admin.bakery.com. "
        "1 7200 900 1209600 600\n"
    )
    assert lookups._negative_ttl(response) == 600
