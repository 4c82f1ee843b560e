"""Where a site lives and where its forms go: its address (a subdomain of PLATFORM_DOMAIN),
how one is suggested from the business's name, and which ones a customer may choose."""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata

from anyascii import anyascii
from django.conf import settings
from django.urls import reverse

from code24.ai.kinds import KINDS
from sites.models import AddressRedirect, Site

# The generated contact form posts here, on the site itself; the site Worker forwards the
# submission to Code24's lead endpoint (see code24/cloudflare/workers/site_worker.js).
FORM_ACTION = "/_forms/contact"

SUBDOMAIN_MIN, SUBDOMAIN_MAX = 3, 63  # a DNS label holds at most 63 characters
SUGGESTION_MAX = 40

# Subdomains of PLATFORM_DOMAIN that Code24 itself uses or may use (the fallback origin of
# custom hostnames is sites.<PLATFORM_DOMAIN>), and words that would mislead visitors.
RESERVED = frozenset(
    {"www", "api", "app", "admin", "dashboard", "sites", "site", "mail", "smtp", "status"}
    | {"docs", "help", "support", "static", "cdn", "assets", "auth", "login", "blog", "code24"}
    | {"email", "imap", "pop", "ftp", "ns1", "ns2", "dns", "mx", "webmail", "billing"}
    | {"account", "accounts", "signup", "register", "security", "localhost", "test"}
    | {"healthz"}  # the health check asks the local edge for this one (code24.views)
)

# A word for each kind of business, for names that have no letters ("🥐🥐🥐"): what
# people search for it by.
BUSINESS_WORDS = {
    key: re.sub(r"[^a-z0-9]+", "-", kind["keyword_stems"][0].lower()).strip("-")
    for key, kind in KINDS.items()
    if key != "other"
}

_VALID = re.compile(r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$")


def site_address(site: Site) -> str:
    """The site's public address, e.g. https://bakery.code24.dev, or its own domain's
    (https://www.bakery.com) once that is live."""
    return address_of(site.address_hostname)


def address_of(hostname: str) -> str:
    return settings.SITE_ADDRESS.format(host=hostname)


def hostname_of(subdomain: str) -> str:
    return f"{subdomain}.{settings.PLATFORM_DOMAIN}"


def forms_endpoint(site: Site) -> str:
    return settings.SITE_URL + reverse("lead_receive", args=[site.pk])


def forms_token(site: Site) -> str:
    """The secret the site's Worker sends with form submissions (one per site)."""
    return forms_token_for(site.pk)


def forms_token_for(site_id: int) -> str:
    """The forms token of the site with this id (it needs no database row)."""
    message = f"forms:{site_id}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


# --- Suggesting an address ------------------------------------------------------------


def words_of(text: str, limit: int = SUGGESTION_MAX) -> str:
    """Text as subdomain words: transliterated to a-z ("São João" -> "sao-joao"), symbols
    and emoji dropped, at most `limit` characters, cut between words."""
    text = unicodedata.normalize("NFKC", text).replace("'", "").replace("\u2019", "")
    letters = "".join(ch if unicodedata.category(ch)[0] in "LMNZ" else " " for ch in text)
    ascii_text = anyascii(letters).lower().replace("'", "")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    while len(slug) > limit:
        slug = slug.rsplit("-", 1)[0] if "-" in slug else slug[:limit]
    return slug


def taken(subdomain: str, *, site: Site | None = None) -> bool:
    """Whether another site has this address, or holds it as a previous address."""
    sites = Site.objects.filter(slug=subdomain)
    redirects = AddressRedirect.objects.filter(slug=subdomain)
    if site is not None and site.pk is not None:
        sites, redirects = sites.exclude(pk=site.pk), redirects.exclude(site=site)
    return sites.exists() or redirects.exists()


def _free(subdomain: str, site: Site | None) -> bool:
    return subdomain_problem(subdomain, site=site) is None


def subdomain_suggest(
    name: str, *, business_type: str = "", location: str = "", site: Site | None = None
) -> str:
    """A free address for a site called `name`: its name's words, else the business's kind
    and place ("restaurant-lisbon"); then with the place added, then numbered. Never a
    reserved word, so a site called "Sites" gets "sites-2" only when no place is known."""
    place = words_of(location, 20)
    base = words_of(name)
    if len(base) < SUBDOMAIN_MIN:  # no letters or digits to speak of
        kind = BUSINESS_WORDS.get(business_type, "")
        base = "-".join(part for part in (kind, place) if part) or "my-business"
        place = ""
    candidates = [base]
    if place and place not in base:
        candidates.append(f"{base}-{place}"[:SUBDOMAIN_MAX].strip("-"))
    for candidate in candidates:
        if _free(candidate, site):
            return candidate
    n = 2
    while not _free(f"{base}-{n}", site):
        n += 1
    return f"{base}-{n}"


# --- Checking a chosen address --------------------------------------------------------


def subdomain_clean(value: str) -> str:
    """What the customer typed, as a subdomain: trimmed, lower case, without the platform
    domain if they typed the whole hostname."""
    cleaned = value.strip().lower().rstrip(".")
    for prefix in ("https://", "http://"):
        cleaned = cleaned.removeprefix(prefix)
    cleaned = cleaned.split("/", 1)[0].split(":", 1)[0]
    return cleaned.removesuffix(f".{settings.PLATFORM_DOMAIN}")


def subdomain_format_problem(subdomain: str) -> str | None:
    """Why `subdomain` can never be an address (a sentence), or None; it does not look at
    which addresses are taken."""
    example = words_of(subdomain, SUBDOMAIN_MAX)
    like = f" For example “{example}”." if len(example) >= SUBDOMAIN_MIN else ""
    if not subdomain:
        return "Choose an address, or leave the field empty and we suggest one."
    if len(subdomain) < SUBDOMAIN_MIN:
        return f"Use at least {SUBDOMAIN_MIN} characters for the address."
    if len(subdomain) > SUBDOMAIN_MAX:
        return f"Use at most {SUBDOMAIN_MAX} characters for the address (it has {len(subdomain)})."
    if "." in subdomain:
        return (
            "Type only the first part of the address, without dots; the end "
            f"“.{settings.PLATFORM_DOMAIN}” is added for you."
        )
    if not re.fullmatch(r"[a-z0-9-]+", subdomain):
        return (
            "Use only the letters a to z, digits and hyphens: no spaces, accents or other "
            f"signs.{like}"
        )
    if not _VALID.match(subdomain):
        return f"The address cannot start or end with a hyphen.{like}"
    if subdomain.startswith("xn--"):
        return "Addresses starting with “xn--” are kept for international domain names."
    if subdomain in RESERVED:
        return f"“{subdomain}” is kept for Code24 itself. Choose another address."
    return None


def taken_sentence(subdomain: str) -> str:
    return f"The address {hostname_of(subdomain)} is taken. Choose another one."


def subdomain_problem(subdomain: str, *, site: Site | None = None) -> str | None:
    """Why `subdomain` cannot be this site's address (a sentence), or None if it can.
    Another site's address is "taken", without saying whose."""
    problem = subdomain_format_problem(subdomain)
    if problem is None and taken(subdomain, site=site):
        problem = taken_sentence(subdomain)
    return problem
