"""A site's address: suggested from its name in any script, chosen on the new-site form
(with a live preview) or through the API, checked with sentences; and the delete
confirmation that compares names the way people read them."""

from __future__ import annotations

import json
import unicodedata
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from code24.accounts.models import Account, Plan, User
from sites.addresses import subdomain_clean, subdomain_problem, subdomain_suggest, words_of
from sites.models import AddressRedirect, Site
from tests.factories import make_api_key, make_site
from tests.sites.site_fixtures import Recorder, client_for, on_plan, text
from tests.sites.test_views import GOOD, live_site

pytestmark = pytest.mark.usefixtures("site_files", "queued")


# --- Suggesting -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("Harbour Dental", "harbour-dental"),
        ("São João", "sao-joao"),
        ("Café Zürich", "cafe-zurich"),
        ("Rosie\u2019s Bakery", "rosies-bakery"),
        ("Москва Пекарня", "moskva-pekarnya"),
        ("Αθήνα", "athina"),
        ("Straße 12", "strasse-12"),
        ("🥐🥐🥐", ""),
        ("★ ★ ★", ""),
    ],
)
def test_names_in_any_script_become_address_words(name: str, words: str) -> None:
    assert words_of(name) == words


def test_a_long_name_is_cut_between_words() -> None:
    words = words_of("Harbour Dental and Co, Portsmouth's finest family dentist since 1999")

    assert words == "harbour-dental-and-co-portsmouths-finest"
    assert len(words) <= 40


@pytest.mark.django_db
def test_a_name_without_letters_gets_its_kind_and_place_never_site_2() -> None:
    assert subdomain_suggest("🥐🥐🥐", business_type="restaurant", location="Lisbon") == (
        "restaurant-lisbon"
    )
    assert subdomain_suggest("🥐🥐🥐", business_type="other") == "my-business"
    assert subdomain_suggest("!!!", business_type="e-commerce") == "shop"


@pytest.mark.django_db
def test_a_reserved_or_taken_name_gets_its_place_then_a_number(alice_account: Account) -> None:
    assert subdomain_suggest("Sites", location="Portsmouth") == "sites-portsmouth"
    assert subdomain_suggest("Sites") == "sites-2"
    Site.objects.create(account=alice_account, name="A", slug="harbour-dental")
    Site.objects.create(account=alice_account, name="B", slug="harbour-dental-portsmouth")
    assert subdomain_suggest("Harbour Dental", location="Portsmouth") == "harbour-dental-2"


@pytest.mark.django_db
def test_an_address_held_by_a_redirect_is_not_suggested(alice_account: Account) -> None:
    site = Site.objects.create(account=alice_account, name="A", slug="harbour-smiles")
    AddressRedirect.objects.create(
        site=site, slug="harbour-dental", expires_at=timezone.now() + timedelta(days=30)
    )

    assert subdomain_suggest("Harbour Dental") == "harbour-dental-2"


# --- Checking -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "sentence"),
    [
        ("ab", "Use at least 3 characters for the address."),
        ("a" * 64, "Use at most 63 characters for the address (it has 64)."),
        ("harbour dental", "Use only the letters a to z, digits and hyphens"),
        ("são-joão", "For example “sao-joao”."),
        ("-harbour", "The address cannot start or end with a hyphen."),
        ("harbour-", "The address cannot start or end with a hyphen."),
        ("xn--80ak6aa92e", "Addresses starting with “xn--” are kept"),
        ("admin", "“admin” is kept for Code24 itself."),
        ("site", "“site” is kept for Code24 itself."),
        ("shop.example", "Type only the first part of the address, without dots"),
    ],
)
@pytest.mark.django_db
def test_a_bad_address_gets_a_sentence(typed: str, sentence: str) -> None:
    problem = subdomain_problem(subdomain_clean(typed))

    assert problem is not None and sentence in problem


def test_the_whole_address_typed_is_understood() -> None:
    assert subdomain_clean(" https://Harbour.code24.localhost:8788/ ") == "harbour"
    assert subdomain_clean("Harbour-Dental") == "harbour-dental"


@pytest.mark.django_db
def test_another_accounts_address_is_taken_without_saying_whose(bob_account: Account) -> None:
    Site.objects.create(account=bob_account, name="Bob Pipes", slug="bob-pipes")

    problem = subdomain_problem("bob-pipes")

    assert problem == "The address bob-pipes.code24.localhost is taken. Choose another one."


# --- The new-site form ----------------------------------------------------------------


def test_the_form_offers_the_address_field_with_its_explanation(alice_client: Client) -> None:
    body = text(alice_client.get(reverse("site_new")))

    assert 'name="subdomain"' in body
    assert "Web address" in body
    assert ".code24.localhost</span>" in body
    assert "Your site's address on the web." in body
    assert "You can change it later on the site's page." in body
    preview = 'id="address-preview" class="address-preview" aria-live="polite" hx-get='
    assert f'{preview}"{reverse("site_new")}"' in body
    assert "from:#id_name" in body


def test_a_chosen_address_is_used(alice_client: Client, alice_account: Account) -> None:
    response = alice_client.post(reverse("site_new"), {**GOOD, "subdomain": "Smile-Harbour"})

    assert response.status_code == 302
    assert alice_account.sites.get().slug == "smile-harbour"


def test_an_empty_address_means_suggest_one(alice_client: Client, alice_account: Account) -> None:
    alice_client.post(reverse("site_new"), {**GOOD, "name": "🥐🥐🥐", "subdomain": ""})

    assert alice_account.sites.get().slug == "dentist-portsmouth"


@pytest.mark.parametrize(
    ("typed", "sentence"),
    [
        ("www", "“www” is kept for Code24 itself."),
        ("harbour dental", "Use only the letters a to z, digits and hyphens"),
        ("taken-one", "The address taken-one.code24.localhost is taken."),
    ],
)
def test_a_bad_chosen_address_is_refused_beside_the_field_and_nothing_is_created(
    alice_client: Client, bob_account: Account, queued: Recorder, typed: str, sentence: str
) -> None:
    make_site(bob_account, name="Taken")
    Site.objects.filter(account=bob_account).update(slug="taken-one")

    response = alice_client.post(reverse("site_new"), {**GOOD, "subdomain": typed})

    assert response.status_code == 400
    body = text(response)
    assert f'<div class="field-error" id="id_subdomain_error">\n      <p>{sentence}' in body
    assert 'value="Families in Portsmouth"' in body  # what was typed is kept
    assert Site.objects.count() == 1
    assert queued.named("build_run") == []


def test_the_preview_suggests_an_address_as_the_name_is_typed(alice_client: Client) -> None:
    response = alice_client.get(
        reverse("site_new"),
        {"name": "São João Padaria", "business_type": "restaurant", "location": "Porto"},
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 200
    body = text(response)
    assert body.lstrip().startswith("<p")  # the preview's content, swapped into its box
    assert "<html" not in body
    assert "http://sao-joao-padaria.code24.localhost:8788" in body
    assert "suggested from the name" in body
    assert "HX-Request" in response["Vary"]


def test_the_preview_checks_a_typed_address(alice_client: Client) -> None:
    body = text(
        alice_client.get(
            reverse("site_new"), {"name": "x", "subdomain": "admin"}, HTTP_HX_REQUEST="true"
        )
    )

    assert "“admin” is kept for Code24 itself." in body
    assert "Your site will be at" not in body


def test_the_preview_works_as_a_plain_request_too(alice_client: Client) -> None:
    body = text(alice_client.get(reverse("site_new"), {"name": "🥐🥐🥐", "location": "Lisbon"}))

    assert "<h1>New site</h1>" in body
    assert "http://lisbon.code24.localhost:8788" in body


# --- The API --------------------------------------------------------------------------


@pytest.fixture
def api(alice_account: Account) -> Client:
    _, raw = make_api_key(on_plan(alice_account, Plan.PROFESSIONAL))
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


PAYLOAD = {
    "name": "Harbour Dental",
    "description": GOOD["description"],
    "businessType": "dental-clinic",
    "primaryGoal": "bookings",
}


def post_json(client: Client, url: str, body: object) -> object:
    return client.post(url, data=json.dumps(body), content_type="application/json")


def test_the_api_accepts_a_chosen_address(api: Client, alice_account: Account) -> None:
    response = post_json(api, "/api/v1/builds", {**PAYLOAD, "subdomain": "smile-harbour"})
    trigger = post_json(api, "/trigger/build", {**PAYLOAD, "subdomain": "smile-two"})

    assert response.status_code == 202  # type: ignore[attr-defined]
    assert trigger.status_code == 202  # type: ignore[attr-defined]
    assert sorted(alice_account.sites.values_list("slug", flat=True)) == [
        "smile-harbour",
        "smile-two",
    ]


def test_the_api_refuses_a_bad_address_with_422_on_the_field(api: Client) -> None:
    response = post_json(api, "/api/v1/builds", {**PAYLOAD, "subdomain": "-bad-"})

    assert response.status_code == 422  # type: ignore[attr-defined]
    error = response.json()["error"]  # type: ignore[attr-defined]
    assert error["fields"]["subdomain"] == (
        "The address cannot start or end with a hyphen. For example “bad”"
    )
    assert not Site.objects.exists()


def test_the_api_answers_409_for_a_taken_address(api: Client, bob_account: Account) -> None:
    Site.objects.create(account=bob_account, name="Bob", slug="bob-pipes")

    response = post_json(api, "/api/v1/builds", {**PAYLOAD, "subdomain": "bob-pipes"})

    assert response.status_code == 409  # type: ignore[attr-defined]
    assert response.json()["error"] == {  # type: ignore[attr-defined]
        "code": "conflict",
        "message": "The address bob-pipes.code24.localhost is taken. Choose another one.",
    }


def test_the_api_documents_the_address_field(client: Client) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    build_in = schema["components"]["schemas"]["BuildIn"]["properties"]
    site_out = schema["components"]["schemas"]["SiteOut"]["properties"]

    assert "suggested from the name" in build_in["subdomain"]["description"]
    assert "offline" in site_out["status"]["description"]
    assert "on or paused" in site_out["improvements"]["description"]


# --- Changing it on the site page (the Cloudflare side: test_address_change.py) --------


def test_the_site_page_offers_to_change_the_address(
    alice_client: Client, alice_account: Account
) -> None:
    site = live_site(alice_account)

    body = text(alice_client.get(reverse("site_detail", args=[site.pk])))

    assert f'action="{reverse("site_address_change", args=[site.pk])}"' in body
    assert "sends visitors to the new address for 30 days" in body


def test_a_bad_new_address_is_a_sentence_beside_the_field(
    alice_client: Client, alice_account: Account, queued: Recorder
) -> None:
    site = live_site(alice_account)
    url = reverse("site_address_change", args=[site.pk])

    same = alice_client.post(url, {"subdomain": site.slug})
    reserved = alice_client.post(url, {"subdomain": "api"})

    assert same.status_code == 400
    assert f"{site.hostname} already is this site's address." in text(same)
    assert reserved.status_code == 400
    assert "“api” is kept for Code24 itself." in text(reserved)
    assert '<details class="disclosure" open>' in text(reserved)
    site.refresh_from_db()
    assert not site.redirects.exists()
    assert queued.named("version_publish") == []


def test_an_offline_site_cannot_change_its_address(
    alice_client: Client, alice_account: Account, queued: Recorder
) -> None:
    site = live_site(alice_account)
    Site.objects.filter(pk=site.pk).update(status=Site.Status.OFFLINE)

    response = alice_client.post(
        reverse("site_address_change", args=[site.pk]), {"subdomain": "harbour-smiles"}
    )

    assert response.status_code == 409
    assert "This site is offline. Put it back online first." in text(response)
    assert 'action="{}"'.format(reverse("site_address_change", args=[site.pk])) not in text(
        response
    )
    site.refresh_from_db()
    assert not site.slug.startswith("harbour-smiles")


def test_a_member_cannot_change_the_address(carol: User, alice_account: Account) -> None:
    site = live_site(alice_account)

    response = client_for(carol).post(
        reverse("site_address_change", args=[site.pk]), {"subdomain": "harbour-smiles"}
    )

    assert response.status_code == 403


def test_another_accounts_site_address_is_404(alice_client: Client, bob_account: Account) -> None:
    site = live_site(on_plan(bob_account, Plan.PROFESSIONAL), name="Bob Pipes")

    response = alice_client.post(
        reverse("site_address_change", args=[site.pk]), {"subdomain": "alice-took-it"}
    )

    assert response.status_code == 404
    site.refresh_from_db()
    assert site.slug != "alice-took-it"


# --- Deleting: the typed name ---------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        unicodedata.normalize("NFD", "São João"),
        "são joão",
        "  SÃO JOÃO ",
    ],
)
def test_delete_accepts_the_name_as_it_reads(
    alice_client: Client, alice_account: Account, queued: Recorder, typed: str
) -> None:
    site = live_site(alice_account, name="São João")

    response = alice_client.post(reverse("site_delete", args=[site.pk]), {"confirm_name": typed})

    assert response.status_code == 302
    assert not Site.objects.filter(pk=site.pk).exists()


def test_delete_still_refuses_another_name(
    alice_client: Client, alice_account: Account, queued: Recorder
) -> None:
    site = live_site(alice_account, name="São João")

    response = alice_client.post(
        reverse("site_delete", args=[site.pk]), {"confirm_name": "Sao Joao"}
    )

    assert response.status_code == 400
    assert Site.objects.filter(pk=site.pk).exists()
