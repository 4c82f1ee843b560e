"""The domain doctor names the exact problem and its fix, one DNS configuration at a time.

Every configuration is served by a LocalDNS on loopback (records reset per test); no test
touches the system resolver.
"""

from __future__ import annotations

import ipaddress
import re
import time
from typing import Any

import pytest

from code24.cloudflare.local.dns import LocalDNS
from domains import dns
from domains.doctor import (
    CLOUDFLARE_NETWORKS,
    Diagnosis,
    DnsRecord,
    Expectation,
    Finding,
    _duration,
    diagnose,
)

TARGET = "sites.code24.app"
TARGET_V4 = "104.16.132.229"  # the fallback origin sits behind Cloudflare, like in production
TARGET_V6 = "2606:4700::6810:84e5"
OWNERSHIP = "_cf-custom-hostname.www.bakery.com"
OUR_CNAME = DnsRecord("CNAME", "www.bakery.com", TARGET)


@pytest.fixture
def customer(local_dns: LocalDNS) -> LocalDNS:
    """The DNS as resolvers see it: our target resolves, bakery.com exists (it has mail)."""
    local_dns.add(TARGET, "A", TARGET_V4)
    local_dns.add(TARGET, "AAAA", TARGET_V6)
    local_dns.add("bakery.com", "MX", "10 mail.bakery.com")
    local_dns.add("mail.bakery.com", "A", "192.0.2.25")
    return local_dns


def check(
    server: LocalDNS,
    hostname: str = "www.bakery.com",
    *,
    authoritative: str | None = None,
    timeout: float = 1,
    **expected: Any,
) -> Diagnosis:
    """The diagnosis of ``hostname`` (expecting a CNAME to TARGET) through ``server``."""
    expectation = Expectation(hostname=hostname, target=TARGET, **expected)
    return diagnose(
        expectation,
        resolver=dns.resolver(server.address, timeout=timeout),
        authoritative=authoritative,
    )


def only(diagnosis: Diagnosis) -> Finding:
    assert len(diagnosis.findings) == 1, diagnosis.findings
    return diagnosis.findings[0]


def codes(diagnosis: Diagnosis) -> list[str]:
    return [finding.code for finding in diagnosis.findings]


# --- Pointing here ----------------------------------------------------------------------


def test_cname_to_the_target_points_here(customer: LocalDNS) -> None:
    customer.add("www.bakery.com", "CNAME", TARGET)
    diagnosis = check(customer)
    assert diagnosis.points_here
    assert only(diagnosis) == Finding("points-here", "ok", "www.bakery.com points at Code24.")
    assert diagnosis.problems == ()
    assert diagnosis.waiting == ()


def test_cname_chain_reaching_the_target_points_here(customer: LocalDNS) -> None:
    customer.add("www.bakery.com", "CNAME", "bakery.cdn-alias.net")
    customer.add("bakery.cdn-alias.net", "CNAME", TARGET)
    diagnosis = check(customer)
    assert diagnosis.points_here
    assert codes(diagnosis) == ["points-here"]


def test_flattened_apex_with_the_targets_addresses_points_here(customer: LocalDNS) -> None:
    customer.add("bakery.com", "A", TARGET_V4)
    customer.add("bakery.com", "AAAA", TARGET_V6)
    diagnosis = check(customer, "bakery.com")
    assert diagnosis.points_here
    finding = only(diagnosis)
    assert finding.code == "points-here"
    assert "flattens" in finding.message


def test_flattened_apex_with_only_an_a_record_points_here(customer: LocalDNS) -> None:
    customer.add("bakery.com", "A", TARGET_V4)
    assert check(customer, "bakery.com").points_here


def test_subdomain_with_our_addresses_points_here_and_suggests_a_cname(customer: LocalDNS) -> None:
    customer.add("www.bakery.com", "A", TARGET_V4)
    diagnosis = check(customer)
    assert diagnosis.points_here
    finding = only(diagnosis)
    assert (finding.code, finding.severity) == ("points-here", "ok")
    assert f"a CNAME to {TARGET}" in finding.message


def test_default_resolver_comes_from_settings(customer: LocalDNS, settings: Any) -> None:
    settings.DOMAINS_DNS_RESOLVER = customer.address
    customer.add("www.bakery.com", "CNAME", TARGET)
    assert diagnose(Expectation("www.bakery.com", TARGET)).points_here


def test_international_names_are_shown_as_written(customer: LocalDNS) -> None:
    customer.add("www.xn--bckerei-5wa.de", "CNAME", TARGET)
    diagnosis = check(customer, "www.xn--bckerei-5wa.de")
    assert only(diagnosis).message == "www.bäckerei.de points at Code24."


# --- Not pointing here: the one fix ---------------------------------------------------------


def test_no_record_at_the_name_is_cname_missing(customer: LocalDNS) -> None:
    diagnosis = check(customer)
    assert not diagnosis.points_here
    finding = only(diagnosis)
    assert finding.code == "cname-missing"
    assert finding.severity == "problem"
    assert finding.message == (
        "www.bakery.com doesn't point anywhere yet: add a CNAME record pointing it at "
        "sites.code24.app."
    )
    assert finding.add == (OUR_CNAME,)
    assert finding.delete == ()


def test_a_domain_without_any_dns_is_nxdomain(local_dns: LocalDNS) -> None:
    local_dns.add(TARGET, "A", TARGET_V4)
    finding = only(check(local_dns, "www.unregistered-bakery.com"))
    assert finding.code == "nxdomain"
    assert finding.message.startswith("unregistered-bakery.com doesn't exist in DNS")
    assert "registered" in finding.message
    assert finding.add == (DnsRecord("CNAME", "www.unregistered-bakery.com", TARGET),)


def test_cname_to_another_target_is_cname_elsewhere(customer: LocalDNS) -> None:
    customer.add("www.bakery.com", "CNAME", "bakery.oldhost.net")
    customer.add("bakery.oldhost.net", "A", "198.51.100.20")
    finding = only(check(customer))
    assert finding.code == "cname-elsewhere"
    assert "bakery.oldhost.net" in finding.message
    assert finding.delete == (DnsRecord("CNAME", "www.bakery.com", "bakery.oldhost.net"),)
    assert finding.add == (OUR_CNAME,)


def test_old_addresses_on_a_subdomain_are_an_address_conflict(customer: LocalDNS) -> None:
    customer.add("www.bakery.com", "A", "198.51.100.7")
    customer.add("www.bakery.com", "AAAA", "2001:db8::7")
    finding = only(check(customer))
    assert finding.code == "address-conflict"
    assert "198.51.100.7 and 2001:db8::7" in finding.message
    assert finding.delete == (
        DnsRecord("A", "www.bakery.com", "198.51.100.7"),
        DnsRecord("AAAA", "www.bakery.com", "2001:db8::7"),
    )
    assert finding.add == (OUR_CNAME,)


def test_apex_without_addresses_needs_flattening(customer: LocalDNS) -> None:
    finding = only(check(customer, "bakery.com"))
    assert finding.code == "apex-needs-flattening"
    for words in ("flattened CNAME, ALIAS or ANAME", TARGET, "www.bakery.com"):
        assert words in finding.message
    assert finding.add == (
        DnsRecord("CNAME", "bakery.com", TARGET),
        DnsRecord("CNAME", "www.bakery.com", TARGET),
    )
    assert finding.delete == ()


def test_apex_with_an_old_host_says_which_records_to_delete(customer: LocalDNS) -> None:
    customer.add("bakery.com", "A", "198.51.100.1")
    finding = only(check(customer, "bakery.com"))
    assert finding.code == "apex-needs-flattening"
    assert "198.51.100.1" in finding.message
    assert finding.delete == (DnsRecord("A", "bakery.com", "198.51.100.1"),)


def test_apex_flattened_but_with_an_old_ipv6_address_deletes_only_that(customer: LocalDNS) -> None:
    customer.add("bakery.com", "A", TARGET_V4)
    customer.add("bakery.com", "AAAA", "2001:db8::1")
    diagnosis = check(customer, "bakery.com")
    assert not diagnosis.points_here
    finding = only(diagnosis)
    assert finding.code == "apex-needs-flattening"
    assert finding.delete == (DnsRecord("AAAA", "bakery.com", "2001:db8::1"),)


def test_cloudflare_addresses_that_are_not_ours_are_proxied_elsewhere(customer: LocalDNS) -> None:
    customer.add("www.bakery.com", "A", "172.67.10.10")
    customer.add("www.bakery.com", "AAAA", "2606:4700:3030::ac43:a0a")
    finding = only(check(customer))
    assert finding.code == "proxied-elsewhere"
    assert "another Cloudflare account" in finding.message
    assert "“DNS only”" in finding.message
    assert finding.add == (OUR_CNAME,)
    assert finding.delete == ()  # the record lives in the other account, as a CNAME or A


def test_cname_into_another_cloudflare_zone_is_proxied_elsewhere(customer: LocalDNS) -> None:
    customer.add("www.bakery.com", "CNAME", "www.bakery.com.cdn.cloudflare.net")
    finding = only(check(customer))
    assert finding.code == "proxied-elsewhere"
    assert "www.bakery.com.cdn.cloudflare.net" in finding.message
    assert finding.delete == (
        DnsRecord("CNAME", "www.bakery.com", "www.bakery.com.cdn.cloudflare.net"),
    )
    assert finding.add == (OUR_CNAME,)


def test_cname_to_a_pages_site_is_proxied_elsewhere(customer: LocalDNS) -> None:
    customer.add("www.bakery.com", "CNAME", "bakery.pages.dev")
    assert codes(check(customer)) == ["proxied-elsewhere"]


# --- Propagation -----------------------------------------------------------------------------


def test_provider_right_but_resolver_stale_is_not_propagated(
    customer: LocalDNS, provider_dns: LocalDNS
) -> None:
    customer.add("www.bakery.com", "CNAME", "bakery.oldhost.net", ttl=3600)
    provider_dns.add("www.bakery.com", "CNAME", TARGET)
    diagnosis = check(
        customer,
        authoritative=provider_dns.address,
        ownership_name=OWNERSHIP,
        ownership_value="abc",
    )
    assert not diagnosis.points_here
    finding = only(diagnosis)  # no ownership TXT asked for either: the CNAME will prove it
    assert (finding.code, finding.severity) == ("not-propagated", "waiting")
    assert "1 hour" in finding.message
    assert diagnosis.problems == ()


def test_stale_addresses_say_their_own_ttl(customer: LocalDNS, provider_dns: LocalDNS) -> None:
    customer.add("www.bakery.com", "A", "198.51.100.7", ttl=300)
    provider_dns.add("www.bakery.com", "CNAME", TARGET)
    finding = only(check(customer, authoritative=provider_dns.address))
    assert finding.code == "not-propagated"
    assert "5 minutes" in finding.message


def test_provider_found_through_ns_records(
    customer: LocalDNS, provider_dns: LocalDNS, monkeypatch: Any
) -> None:
    monkeypatch.setattr(dns, "AUTHORITATIVE_PORT", provider_dns.port)
    customer.add("bakery.com", "NS", "ns1.bakery-dns.net")
    customer.add("ns1.bakery-dns.net", "A", "127.0.0.1")
    customer.add("www.bakery.com", "CNAME", "bakery.oldhost.net", ttl=7200)
    provider_dns.add("www.bakery.com", "CNAME", TARGET)
    finding = only(check(customer))
    assert finding.code == "not-propagated"
    assert "2 hours" in finding.message


def test_provider_with_the_same_wrong_answer_keeps_the_problem(
    customer: LocalDNS, provider_dns: LocalDNS
) -> None:
    customer.add("www.bakery.com", "CNAME", "bakery.oldhost.net")
    provider_dns.add("www.bakery.com", "CNAME", "bakery.oldhost.net")
    assert codes(check(customer, authoritative=provider_dns.address)) == ["cname-elsewhere"]


def test_unreachable_provider_keeps_the_problem(customer: LocalDNS, silent_dns: str) -> None:
    customer.add("www.bakery.com", "CNAME", "bakery.oldhost.net")
    assert codes(check(customer, authoritative=silent_dns, timeout=0.3)) == ["cname-elsewhere"]


# --- Cloudflare's TXT records ---------------------------------------------------------------


def test_missing_ownership_txt(customer: LocalDNS) -> None:
    diagnosis = check(customer, ownership_name=OWNERSHIP, ownership_value="abc123")
    assert codes(diagnosis) == ["cname-missing", "ownership-txt-missing"]
    finding = diagnosis.findings[1]
    assert "www.bakery.com" in finding.message
    assert finding.add == (DnsRecord("TXT", OWNERSHIP, "abc123"),)


def test_wrong_ownership_txt_names_the_old_value(customer: LocalDNS) -> None:
    customer.add(OWNERSHIP, "TXT", "old-value")
    diagnosis = check(customer, ownership_name=OWNERSHIP, ownership_value="abc123")
    finding = diagnosis.findings[1]
    assert finding.code == "ownership-txt-wrong"
    assert "“old-value”" in finding.message
    assert finding.delete == (DnsRecord("TXT", OWNERSHIP, "old-value"),)
    assert finding.add == (DnsRecord("TXT", OWNERSHIP, "abc123"),)


def test_right_ownership_txt_is_no_finding(customer: LocalDNS) -> None:
    customer.add(OWNERSHIP, "TXT", "abc123")
    diagnosis = check(customer, ownership_name=OWNERSHIP, ownership_value="abc123")
    assert codes(diagnosis) == ["cname-missing"]


def test_no_ownership_txt_needed_when_pointing_here_or_verified(customer: LocalDNS) -> None:
    customer.add("www.bakery.com", "CNAME", TARGET)
    assert codes(check(customer, ownership_name=OWNERSHIP, ownership_value="x")) == ["points-here"]
    customer.delete("www.bakery.com")
    verified = check(
        customer, ownership_name=OWNERSHIP, ownership_value="x", ownership_verified=True
    )
    assert codes(verified) == ["cname-missing"]


def test_missing_certificate_txt(customer: LocalDNS) -> None:
    customer.add("www.bakery.com", "CNAME", TARGET)
    name = "_acme-challenge.www.bakery.com"
    diagnosis = check(customer, dcv_txt_name=name, dcv_txt_value="token-1")
    assert diagnosis.points_here
    assert codes(diagnosis) == ["points-here", "dcv-txt-missing"]
    finding = diagnosis.findings[1]
    assert "certificate for www.bakery.com" in finding.message
    assert finding.add == (DnsRecord("TXT", name, "token-1"),)
    customer.add(name, "TXT", "token-1")
    assert codes(check(customer, dcv_txt_name=name, dcv_txt_value="token-1")) == ["points-here"]


def test_stale_acme_challenge_txt(customer: LocalDNS) -> None:
    customer.add("www.bakery.com", "CNAME", TARGET)
    name = "_acme-challenge.www.bakery.com"
    customer.add(name, "TXT", "left-by-the-old-host")
    customer.add(name, "TXT", "token-1")
    diagnosis = check(customer, dcv_txt_name=name, dcv_txt_value="token-1")
    assert codes(diagnosis) == ["points-here", "acme-stale"]
    finding = diagnosis.findings[1]
    assert "“left-by-the-old-host”" in finding.message
    assert finding.delete == (DnsRecord("TXT", name, "left-by-the-old-host"),)


def test_stale_acme_challenge_cname(customer: LocalDNS) -> None:
    customer.add("www.bakery.com", "CNAME", TARGET)
    name = "_acme-challenge.www.bakery.com"
    customer.add(name, "CNAME", "www.bakery.com.acme.oldhost.net")
    finding = check(customer).findings[1]
    assert finding.code == "acme-stale"
    assert "www.bakery.com.acme.oldhost.net" in finding.message
    assert finding.delete == (DnsRecord("CNAME", name, "www.bakery.com.acme.oldhost.net"),)


# --- CAA ----------------------------------------------------------------------------------------


def test_caa_on_an_ancestor_that_allows_no_cloudflare_ca(customer: LocalDNS) -> None:
    customer.add("www.bakery.com", "CNAME", TARGET)
    customer.add("bakery.com", "CAA", '0 issue "digicert.com"')
    customer.add("bakery.com", "CAA", '0 issue "sectigo.com"')
    diagnosis = check(customer)
    assert diagnosis.points_here
    assert codes(diagnosis) == ["points-here", "caa-forbids"]
    finding = diagnosis.findings[1]
    assert "at bakery.com allow only digicert.com and sectigo.com" in finding.message
    assert finding.add == (
        DnsRecord("CAA", "bakery.com", '0 issue "pki.goog"'),
        DnsRecord("CAA", "bakery.com", '0 issue "letsencrypt.org"'),
    )


def test_caa_allowing_no_one_at_the_name_itself(customer: LocalDNS) -> None:
    customer.add("shop.bakery.com", "A", "198.51.100.3")
    customer.add("shop.bakery.com", "CAA", '0 issue ";"')
    finding = check(customer, "shop.bakery.com").findings[-1]
    assert finding.code == "caa-forbids"
    assert "allow no certificate authority" in finding.message
    assert {record.name for record in finding.add} == {"shop.bakery.com"}


@pytest.mark.parametrize(
    "records",
    [
        ['0 issue "letsencrypt.org"'],
        ['0 issue "digicert.com"', '0 issue "pki.goog"'],
        ['0 issue "ssl.com; account=123"'],
        ['0 issuewild "digicert.com"'],  # wildcards only
        ['0 iodef "mailto:it@bakery.com"'],
    ],
)
def test_caa_that_lets_cloudflare_issue_is_no_finding(
    customer: LocalDNS, records: list[str]
) -> None:
    customer.add("www.bakery.com", "CNAME", TARGET)
    for value in records:
        customer.add("bakery.com", "CAA", value)
    assert codes(check(customer)) == ["points-here"]


# --- Trouble and combinations -----------------------------------------------------------------


def test_unreachable_dns_is_reported_quickly(silent_dns: str) -> None:
    started = time.monotonic()
    diagnosis = diagnose(
        Expectation("www.bakery.com", TARGET, ownership_name=OWNERSHIP, ownership_value="x"),
        resolver=dns.resolver(silent_dns, timeout=0.2),
    )
    assert time.monotonic() - started < 1
    assert not diagnosis.points_here
    assert only(diagnosis) == Finding(
        "dns-unreachable",
        "waiting",
        "We couldn't reach the DNS servers for www.bakery.com; we'll try again shortly.",
    )


def test_servfail_is_dns_unreachable(failing_dns: str) -> None:
    diagnosis = diagnose(
        Expectation("www.bakery.com", TARGET), resolver=dns.resolver(failing_dns, timeout=1)
    )
    assert codes(diagnosis) == ["dns-unreachable"]


def test_combined_problems_are_all_reported(customer: LocalDNS) -> None:
    customer.add("www.bakery.com", "A", "198.51.100.7")
    customer.add("_acme-challenge.www.bakery.com", "TXT", "old-token")
    customer.add("bakery.com", "CAA", '0 issue "digicert.com"')
    diagnosis = check(customer, ownership_name=OWNERSHIP, ownership_value="abc")
    assert codes(diagnosis) == [
        "address-conflict",
        "ownership-txt-missing",
        "acme-stale",
        "caa-forbids",
    ]
    assert diagnosis.add == (
        OUR_CNAME,
        DnsRecord("TXT", OWNERSHIP, "abc"),
        DnsRecord("CAA", "bakery.com", '0 issue "pki.goog"'),
        DnsRecord("CAA", "bakery.com", '0 issue "letsencrypt.org"'),
    )
    assert diagnosis.delete == (
        DnsRecord("A", "www.bakery.com", "198.51.100.7"),
        DnsRecord("TXT", "_acme-challenge.www.bakery.com", "old-token"),
    )
    assert len(diagnosis.problems) == 4


def test_every_message_is_one_sentence_naming_the_hostname(customer: LocalDNS) -> None:
    customer.add("www.bakery.com", "A", "198.51.100.7")
    customer.add("_acme-challenge.www.bakery.com", "TXT", "old-token")
    customer.add("bakery.com", "CAA", '0 issue "digicert.com"')
    diagnosis = check(
        customer,
        ownership_name=OWNERSHIP,
        ownership_value="abc",
        dcv_txt_name="_acme-challenge.www.bakery.com",
        dcv_txt_value="t",
    )
    for finding in diagnosis.findings:
        assert "www.bakery.com" in finding.message
        assert finding.message.endswith(".")
        assert not re.search(r"\. [A-Z]", finding.message)


# --- Words and constants ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (30, "a minute"),
        (60, "a minute"),
        (300, "5 minutes"),
        (3600, "1 hour"),
        (5400, "2 hours"),
        (86400, "1 day"),
        (172800, "2 days"),
        (None, "a day"),
    ],
)
def test_ttls_in_words(seconds: int | None, words: str) -> None:
    assert _duration(seconds) == words


def test_cloudflare_ranges_hold_its_addresses_only() -> None:
    def inside(ip: str) -> bool:
        return any(ipaddress.ip_address(ip) in net for net in CLOUDFLARE_NETWORKS)

    assert inside("104.16.132.229")
    assert inside("2606:4700::6810:84e5")
    assert not inside("198.51.100.7")
    assert not inside("2001:db8::1")
