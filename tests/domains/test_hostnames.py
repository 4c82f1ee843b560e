"""Hostnames customers type: one spelling per name, and a sentence for each refusal."""

from __future__ import annotations

from typing import Any

import pytest

from domains.hostnames import (
    HostnameError,
    clean,
    display,
    is_apex,
    normalise,
    pair_of,
    registrable_domain,
    validate,
)


@pytest.fixture(autouse=True)
def _platform(settings: Any) -> None:
    settings.PLATFORM_DOMAIN = "code24.app"
    settings.CLOUDFLARE_FALLBACK_ORIGIN = "sites.code24.app"
    settings.DOMAINS_ALLOW_LOCALHOST = False


# Each bad name and words its sentence must contain.
REFUSED = [
    ("", "type your domain name"),
    ("   ", "type your domain name"),
    ("https://www.bakery.com/menu", "without http"),
    ("http://bakery.com", "like bakery.com"),
    ("www.bakery.com/contact", "without a path"),
    ("info@bakery.com", "email address"),
    ("bakery.com:8080", "leave out the port"),
    ("192.0.2.10", "ip address"),
    ("2001:db8::1", "ip address"),
    ("[2001:db8::1]", "ip address"),
    ("127.1", "ip address"),
    ("2130706433", "ip address"),
    ("0x7f.0.0.1", "ip address"),
    ("*.bakery.com", "wildcards"),
    ("shop.*.bakery.com", "wildcards"),
    ("bak_ery.com", "“_”"),
    ("bak!ery.com", "“!”"),
    ("www.bakery .com", "spaces"),
    ("-bakery.com", "hyphen"),
    ("bakery-.com", "hyphen"),
    ("www..bakery.com", "empty part"),
    (".bakery.com", "empty part"),
    ("a" * 64 + ".com", "at most 63"),
    (".".join(["abcdefghi"] * 26) + ".com", "at most 253"),
    ("xn--zz.com", "not a valid international name"),
    ("☕.com", "characters a domain name can't have"),
    ("com", "domain ending"),
    ("co.uk", "many owners register names under"),
    ("github.io", "many owners register names under"),
    ("bakery", "whole domain name"),
    ("bakery.notatld", "domain ending we know"),
    ("bakery.test", ".test is reserved"),
    ("www.bakery.example", ".example is reserved"),
    ("bakery.invalid", ".invalid is reserved"),
    ("localhost", ".localhost always means this computer"),
    ("www.bakery.localhost", ".localhost always means this computer"),
    ("bakery.local", "local network"),
    ("bakery.onion", "tor"),
    ("bakery.internal", "private networks"),
    ("printer.home.arpa", ".arpa"),
    ("bakery.lan", "private networks"),
    ("example.com", "documentation examples"),
    ("www.example.net", "documentation examples"),
    ("shop.example.org", "documentation examples"),
    ("code24.app", "code24's own domain"),
    ("www.code24.app", "code24's own domain"),
    ("sites.code24.app", "code24's own domain"),
    ("bakery.sites.code24.app", "code24's own domain"),
]


@pytest.mark.parametrize(("raw", "words"), REFUSED, ids=[raw or "empty" for raw, _ in REFUSED])
def test_bad_hostname_is_refused_with_its_reason(raw: str, words: str) -> None:
    with pytest.raises(HostnameError) as error:
        clean(raw)
    message = str(error.value)
    assert words in message.lower()
    assert message.endswith(".")
    assert message.count(". ") == 0  # one sentence


@pytest.mark.parametrize(
    "raw",
    [
        "www.bäckerei.de",
        "WWW.Bäckerei.DE.",
        "www.xn--bckerei-5wa.de",
        "WWW.XN--BCKEREI-5WA.DE",
        "  www.BÄCKEREI.de  ",
        # Full-width letters and dots (UTS 46 maps them).
        "\uff57\uff57\uff57\uff0e\uff42\u00e4\uff43\uff4b\uff45\uff52\uff45\uff49\uff0e\uff44\uff45",
        "www。bäckerei。de",  # ideographic full stops
    ],
)
def test_spellings_of_one_name_normalise_the_same(raw: str) -> None:
    assert clean(raw) == "www.xn--bckerei-5wa.de"


def test_case_and_trailing_dot_are_removed() -> None:
    assert normalise(" WWW.Bakery.COM. ") == "www.bakery.com"


def test_only_one_trailing_dot_is_removed() -> None:
    with pytest.raises(HostnameError, match="empty part"):
        clean("bakery.com..")


def test_idna_2008_keeps_sharp_s() -> None:
    # UTS 46 non-transitional (IDNA 2008): faß.de is its own name, not fass.de.
    assert clean("faß.de") == "xn--fa-hia.de"


def test_messages_show_international_names_as_written() -> None:
    with pytest.raises(HostnameError, match=r"www\.bäckerei\.test"):
        clean("www.bäckerei.test")
    assert display("www.xn--bckerei-5wa.de") == "www.bäckerei.de"


@pytest.mark.parametrize(
    "raw",
    ["bakery.com", "www.bakery.com", "shop.bakery.co.uk", "bakery.github.io", "www.bakery.dev"],
)
def test_real_hostnames_are_accepted(raw: str) -> None:
    assert clean(raw) == raw


def test_localhost_names_only_when_allowed() -> None:
    with pytest.raises(HostnameError, match="localhost"):
        clean("www.bakery.localhost", allow_localhost=False)
    assert clean("www.bakery.localhost", allow_localhost=True) == "www.bakery.localhost"
    assert clean("bakery.localhost", allow_localhost=True) == "bakery.localhost"


def test_allow_localhost_defaults_to_the_setting(settings: Any) -> None:
    settings.DOMAINS_ALLOW_LOCALHOST = True
    assert clean("Bakery.Localhost.") == "bakery.localhost"


def test_localhost_itself_is_refused_even_when_allowed() -> None:
    with pytest.raises(HostnameError, match="localhost"):
        clean("localhost", allow_localhost=True)


def test_local_platform_domain_is_refused_even_when_localhost_is_allowed(settings: Any) -> None:
    settings.PLATFORM_DOMAIN = "code24.localhost"
    settings.CLOUDFLARE_FALLBACK_ORIGIN = "sites.code24.localhost"
    for raw in ("code24.localhost", "www.code24.localhost", "sites.code24.localhost"):
        with pytest.raises(HostnameError, match="Code24's own domain"):
            clean(raw, allow_localhost=True)
    assert clean("code25.localhost", allow_localhost=True) == "code25.localhost"


def test_fallback_origin_outside_the_platform_domain_is_refused(settings: Any) -> None:
    settings.CLOUDFLARE_FALLBACK_ORIGIN = "origin.code24-edge.net"
    with pytest.raises(HostnameError, match=r"origin\.code24-edge\.net"):
        clean("origin.code24-edge.net")
    assert clean("code24-edge.net") == "code24-edge.net"


def test_a_name_ending_like_the_platform_domain_is_not_refused() -> None:
    assert clean("mycode24.app") == "mycode24.app"


def test_validate_takes_a_normalised_name() -> None:
    validate("www.xn--bckerei-5wa.de", allow_localhost=False)
    with pytest.raises(HostnameError):
        validate("www.bakery.test", allow_localhost=True)


@pytest.mark.parametrize(
    ("hostname", "registrable", "apex", "pair"),
    [
        ("bakery.com", "bakery.com", True, "www.bakery.com"),
        ("www.bakery.com", "bakery.com", False, "bakery.com"),
        ("shop.bakery.com", "bakery.com", False, None),
        ("www.shop.bakery.com", "bakery.com", False, None),
        ("bakery.co.uk", "bakery.co.uk", True, "www.bakery.co.uk"),
        ("www.bakery.co.uk", "bakery.co.uk", False, "bakery.co.uk"),
        ("bakery.github.io", "bakery.github.io", True, "www.bakery.github.io"),
        ("www.bakery.github.io", "bakery.github.io", False, "bakery.github.io"),
        ("bakery.localhost", "bakery.localhost", True, "www.bakery.localhost"),
        ("www.bakery.localhost", "bakery.localhost", False, "bakery.localhost"),
        ("www.xn--bckerei-5wa.de", "xn--bckerei-5wa.de", False, "xn--bckerei-5wa.de"),
    ],
)
def test_registrable_domain_apex_and_pair(
    hostname: str, registrable: str, apex: bool, pair: str | None
) -> None:
    assert registrable_domain(hostname) == registrable
    assert is_apex(hostname) is apex
    assert pair_of(hostname) == pair


def test_registrable_domain_of_a_public_suffix_is_an_error() -> None:
    with pytest.raises(HostnameError):
        registrable_domain("co.uk")
