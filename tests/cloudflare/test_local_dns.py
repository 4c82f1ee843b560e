"""The local DNS server (answers over UDP and TCP, persistence, refusals) and the DNS
provider endpoints and page the local Cloudflare serves from it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import dns.flags
import dns.message
import dns.query
import dns.rcode
import dns.rdatatype
import httpx
import pytest

from code24.cloudflare.local import LocalCloudflare
from code24.cloudflare.local.dns import LocalDNS, RecordError, platform_records, record

Ask = Callable[[str, str], dns.message.Message]


@pytest.fixture
def server() -> Iterator[LocalDNS]:
    with LocalDNS() as running:
        yield running


@pytest.fixture(params=["udp", "tcp"])
def ask(request: pytest.FixtureRequest, server: LocalDNS) -> Ask:
    """A question to the server, over UDP or over TCP."""
    send = dns.query.udp if request.param == "udp" else dns.query.tcp

    def query(name: str, rdtype: str) -> dns.message.Message:
        message = dns.message.make_query(name, rdtype)
        return send(message, server.host, port=server.port, timeout=2)

    return query


def answers(reply: dns.message.Message) -> list[tuple[str, str, str]]:
    return [
        (rrset.name.to_text().rstrip("."), dns.rdatatype.to_text(rrset.rdtype), item.to_text())
        for rrset in reply.answer
        for item in rrset
    ]


def test_addresses_and_text_are_answered_authoritatively(server: LocalDNS, ask: Ask) -> None:
    server.add("shop.bakery.localhost", "A", "127.0.0.1")
    server.add("shop.bakery.localhost", "AAAA", "::1")
    server.add("_cf-custom-hostname.shop.bakery.localhost", "TXT", "token-123")
    server.add("bakery.localhost", "CAA", '0 issue "pki.goog"')
    reply = ask("shop.bakery.localhost", "A")
    assert reply.flags & dns.flags.AA
    assert answers(reply) == [("shop.bakery.localhost", "A", "127.0.0.1")]
    assert answers(ask("shop.bakery.localhost", "AAAA")) == [
        ("shop.bakery.localhost", "AAAA", "::1")
    ]
    assert answers(ask("_cf-custom-hostname.shop.bakery.localhost", "TXT")) == [
        ("_cf-custom-hostname.shop.bakery.localhost", "TXT", '"token-123"')
    ]
    assert answers(ask("bakery.localhost", "CAA")) == [
        ("bakery.localhost", "CAA", '0 issue "pki.goog"')
    ]


def test_cname_chains_are_followed_within_the_records(server: LocalDNS, ask: Ask) -> None:
    server.add("www.bakery.localhost", "CNAME", "shop.bakery.localhost")
    server.add("shop.bakery.localhost", "CNAME", "sites.code24.localhost.")
    server.add("sites.code24.localhost", "A", "127.0.0.1")
    assert answers(ask("www.bakery.localhost", "A")) == [
        ("www.bakery.localhost", "CNAME", "shop.bakery.localhost."),
        ("shop.bakery.localhost", "CNAME", "sites.code24.localhost."),
        ("sites.code24.localhost", "A", "127.0.0.1"),
    ]
    assert answers(ask("www.bakery.localhost", "CNAME")) == [
        ("www.bakery.localhost", "CNAME", "shop.bakery.localhost.")
    ]


def test_unknown_names_are_nxdomain_and_missing_types_nodata(server: LocalDNS, ask: Ask) -> None:
    server.add("shop.bakery.localhost", "A", "127.0.0.1")
    missing = ask("nothing.bakery.localhost", "A")
    assert missing.rcode() == dns.rcode.NXDOMAIN and not missing.answer
    nodata = ask("shop.bakery.localhost", "TXT")
    assert nodata.rcode() == dns.rcode.NOERROR and not nodata.answer
    # A name with records only below it exists (an empty non-terminal).
    assert ask("bakery.localhost", "A").rcode() == dns.rcode.NOERROR


def test_wildcards_answer_for_any_name_below_them(server: LocalDNS, ask: Ask) -> None:
    for item in platform_records(
        platform_domain="code24.localhost", fallback_origin="sites.code24.localhost"
    ):
        server.records.add(item)
    assert answers(ask("oscar-bakery.code24.localhost", "A")) == [
        ("oscar-bakery.code24.localhost", "A", "127.0.0.1")
    ]
    assert answers(ask("sites.code24.localhost", "A")) == [
        ("sites.code24.localhost", "A", "127.0.0.1")
    ]
    assert ask("code24.localhost", "A").rcode() == dns.rcode.NOERROR  # the apex holds none


def test_the_server_logs_the_questions_it_was_asked(server: LocalDNS, ask: Ask) -> None:
    ask("www.bakery.localhost", "CNAME")
    assert ("www.bakery.localhost", "CNAME") in server.queries


def test_records_survive_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "dns.json"
    with LocalDNS(path=path) as first:
        first.add("www.bakery.localhost", "CNAME", "sites.code24.localhost")
        first.add("gone.bakery.localhost", "A", "127.0.0.1")
        assert first.delete("gone.bakery.localhost") == 1
    with LocalDNS(path=path) as second:
        reply = dns.query.udp(
            dns.message.make_query("www.bakery.localhost", "CNAME"), second.host, port=second.port
        )
        assert answers(reply) == [("www.bakery.localhost", "CNAME", "sites.code24.localhost.")]
        assert [item.name for item in second.records.all()] == ["www.bakery.localhost"]


def test_adding_the_same_record_again_changes_nothing(server: LocalDNS) -> None:
    server.add("sites.code24.localhost", "A", "127.0.0.1")
    server.add("sites.code24.localhost", "A", "127.0.0.1")
    assert len(server.records.all()) == 1


@pytest.mark.parametrize(
    ("name", "kind", "value", "message"),
    [
        ("bad..name", "A", "127.0.0.1", "is not a DNS name"),
        ("www.bakery.localhost", "SRV", "0 0 80 x", "is not supported"),
        ("www.bakery.localhost", "A", "not-an-address", "is not a valid A value"),
        ("www.bakery.localhost", "AAAA", "127.0.0.1", "is not a valid AAAA value"),
        ("www.bakery.localhost", "TXT", "", "needs a value"),
    ],
)
def test_bad_records_are_refused_with_a_sentence(
    name: str, kind: str, value: str, message: str
) -> None:
    with pytest.raises(RecordError, match=message):
        record(name, kind, value)


def test_a_cname_cannot_share_its_name(server: LocalDNS) -> None:
    server.add("www.bakery.localhost", "A", "127.0.0.1")
    with pytest.raises(RecordError, match="must be the only record at its name"):
        server.add("www.bakery.localhost", "CNAME", "sites.code24.localhost")


def test_a_busy_port_is_an_os_error(server: LocalDNS) -> None:
    with pytest.raises(OSError):
        LocalDNS(port=server.port)


# --- The DNS provider endpoints and page ------------------------------------------------


@pytest.fixture
def provider(
    make_local_cloudflare: Callable[..., LocalCloudflare], server: LocalDNS
) -> LocalCloudflare:
    """A local Cloudflare with the DNS server attached and its control API off: the DNS
    provider is not a test hook, so it does not need it."""
    return make_local_cloudflare(dns=server, resolver=None, control=False)


def test_the_checker_asks_the_attached_dns_server(
    provider: LocalCloudflare, server: LocalDNS
) -> None:
    assert provider.dns is server
    assert provider.prober.resolver.port == server.port


def test_records_are_added_listed_and_deleted_as_json(
    provider: LocalCloudflare, server: LocalDNS
) -> None:
    url = f"{provider.origin}/__local__/dns/records"
    added = httpx.post(
        url,
        json={"name": "WWW.Bakery.localhost.", "type": "cname", "value": "sites.code24.localhost"},
    )
    assert added.status_code == 201
    assert added.json() == {
        "name": "www.bakery.localhost",
        "type": "CNAME",
        "value": "sites.code24.localhost",
        "ttl": 300,
    }
    beside = httpx.post(url, json={"name": "www.bakery.localhost", "type": "A", "value": "::1"})
    assert beside.status_code == 400
    httpx.post(url, json={"name": "bakery.localhost", "type": "TXT", "value": "v", "ttl": 60})
    listed = httpx.get(url)
    assert listed.status_code == 200
    assert {(item["name"], item["type"], item["ttl"]) for item in listed.json()} == {
        ("www.bakery.localhost", "CNAME", 300),
        ("bakery.localhost", "TXT", 60),
    }
    reply = dns.query.udp(
        dns.message.make_query("www.bakery.localhost", "CNAME"), server.host, port=server.port
    )
    assert answers(reply)[0][2] == "sites.code24.localhost."
    deleted = httpx.request("DELETE", url, json={"name": "www.bakery.localhost", "type": "CNAME"})
    assert deleted.status_code == 200 and deleted.json() == {"deleted": 1}
    assert [item["name"] for item in httpx.get(url).json()] == ["bakery.localhost"]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"name": "www.bakery.localhost", "type": "A"}, "needs a name, a type and a value"),
        ({"name": "www.bakery.localhost", "type": "A", "value": "999.1.1.1"}, "not a valid A"),
        ({"name": "x.localhost", "type": "A", "value": "127.0.0.1", "ttl": "soon"}, "whole number"),
        ({"name": "x.localhost", "type": "A", "value": "127.0.0.1", "ttl": 10**9}, "TTL must be"),
        ({"name": "x.localhost", "type": "PTR", "value": "y"}, "not supported"),
        (["not", "an", "object"], "JSON object"),
    ],
)
def test_bad_records_get_400_and_a_sentence(
    provider: LocalCloudflare, body: object, message: str
) -> None:
    answer = httpx.post(f"{provider.origin}/__local__/dns/records", json=body)
    assert answer.status_code == 400
    assert message in answer.json()["error"]
    assert httpx.get(f"{provider.origin}/__local__/dns/records").json() == []


def test_a_delete_must_name_the_records(provider: LocalCloudflare) -> None:
    answer = httpx.request("DELETE", f"{provider.origin}/__local__/dns/records", json={})
    assert answer.status_code == 400 and "name" in answer.json()["error"]


def test_the_page_explains_itself_and_escapes_every_record(
    provider: LocalCloudflare, server: LocalDNS
) -> None:
    server.add("x.bakery.localhost", "TXT", '<script>alert("x")</script>')
    page = httpx.get(f"{provider.origin}/__local__/dns")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert "<title>Local DNS provider</title>" in page.text
    assert "stands in for your customers' DNS provider on this machine" in page.text
    assert "<script" not in page.text
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page.text
    assert "default-src 'none'" in page.headers["content-security-policy"]


def test_the_page_adds_and_deletes_records_with_plain_forms(
    provider: LocalCloudflare, server: LocalDNS
) -> None:
    page = f"{provider.origin}/__local__/dns"
    added = httpx.post(
        page,
        data={
            "name": "www.bakery.localhost",
            "type": "CNAME",
            "value": "sites.code24.localhost",
            "ttl": "",
        },
    )
    assert added.status_code == 303 and added.headers["location"] == "/__local__/dns"
    assert [(item.name, item.type) for item in server.records.all()] == [
        ("www.bakery.localhost", "CNAME")
    ]
    assert 'name="action" value="delete"' in httpx.get(page).text
    deleted = httpx.post(
        page,
        data={
            "action": "delete",
            "name": "www.bakery.localhost",
            "type": "CNAME",
            "value": "sites.code24.localhost",
        },
    )
    assert deleted.status_code == 303
    assert server.records.all() == []


def test_a_bad_form_shows_the_page_again_with_the_sentence(
    provider: LocalCloudflare, server: LocalDNS
) -> None:
    answer = httpx.post(
        f"{provider.origin}/__local__/dns",
        data={"name": '"><b>www', "type": "A", "value": "127.0.0.1"},
    )
    assert answer.status_code == 400
    assert "is not a DNS name" in answer.text
    assert "<b>" not in answer.text and "&quot;&gt;&lt;b&gt;www" in answer.text
    assert server.records.all() == []


def test_changes_from_another_site_are_refused(provider: LocalCloudflare, server: LocalDNS) -> None:
    evil = {"Origin": "http://attacker.example"}
    form = httpx.post(
        f"{provider.origin}/__local__/dns",
        data={"name": "www.bakery.localhost", "type": "A", "value": "127.0.0.1"},
        headers=evil,
    )
    api = httpx.post(
        f"{provider.origin}/__local__/dns/records",
        json={"name": "www.bakery.localhost", "type": "A", "value": "127.0.0.1"},
        headers={"Origin": "http://attacker.example"},
    )
    rebound = httpx.post(
        f"{provider.origin}/__local__/dns/records",
        json={"name": "www.bakery.localhost", "type": "A", "value": "127.0.0.1"},
        headers={"Host": f"attacker.example:{provider.port}"},
    )
    assert (form.status_code, api.status_code, rebound.status_code) == (403, 403, 403)
    assert server.records.all() == []
    own = httpx.post(
        f"{provider.origin}/__local__/dns/records",
        json={"name": "www.bakery.localhost", "type": "A", "value": "127.0.0.1"},
        headers={"Origin": provider.origin},
    )
    assert own.status_code == 201


def test_the_control_api_stays_off_beside_the_provider(provider: LocalCloudflare) -> None:
    assert httpx.get(f"{provider.origin}/__local__/faults").status_code == 404
    assert httpx.get(f"{provider.origin}/__local__/dns/records").status_code == 200


def test_without_a_dns_server_there_is_no_provider(local_cloudflare: LocalCloudflare) -> None:
    assert local_cloudflare.dns is None
    assert httpx.get(f"{local_cloudflare.origin}/__local__/dns").status_code == 404


def test_a_local_cloudflare_without_a_resolver_fails_loudly_in_tests(tmp_path: Path) -> None:
    """tests/conftest.py: no test may fall back to the system resolver."""
    with pytest.raises(RuntimeError, match="never use the system resolver"):
        LocalCloudflare.from_settings(state_dir=tmp_path, port=0)
