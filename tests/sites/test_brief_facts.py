# ruff: noqa: RUF001 - facts as customers type them, typographic dashes and all
"""Business facts on the brief: the new-site form asks for them and confirms the ones the
description states, the API takes them, the build page and the admin show them."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.http import QueryDict
from django.test import Client
from django.urls import reverse

from code24.accounts.models import Account, Plan, User
from code24.ai.extract import facts_from_text
from sites.forms import BriefForm, description_marker
from sites.models import Build, Site
from tests.ai.test_extract import DESCRIPTIONS
from tests.factories import make_api_key, make_build, make_site
from tests.sites.site_fixtures import XSS, Recorder, client_for, on_plan, text

pytestmark = pytest.mark.usefixtures("site_files", "queued")

BAKERY = (
    "Padaria da Avó Rosa is a family-run bakery in Porto since 1962. We bake sourdough, "
    "pastéis de nata and pão de ló every morning. Open Mon–Fri 7am–7pm, Sat 8–13h. Pão de "
    "ló €12.50. Order ahead for parties. Closed in August."
)
PLAIN = (
    "A small neighbourhood bakery. We care about good bread and the people who eat it, "
    "and we know most of our customers by name."
)
BRIEF = {
    "name": "Padaria da Avó Rosa",
    "business_type": "bakery",
    "primary_goal": "awareness",
    "description": PLAIN,
}
FACTS = {
    "offers": "Pão de ló — Portuguese sponge cake — €12.50\nSourdough: €4\n"
    "Broa | Corn bread |\nPastéis de nata",
    "area_served": "Porto",
    "hours": "Mon–Fri 07:00–19:00\nSat 8:00–13:00",
    "hours_exceptions": "25 December: closed\nAugust: 09:00–13:00",
    "ways": ["walk_in", "order_ahead"],
    "order_url": "https://order.example/padaria",
    "differentiators": "Family-run since 1962\nEverything baked on site",
    "founded": "1962",
    "team": "Rosa Almeida — head baker\nJoão",
    "testimonials": "“The best pão de ló in Porto” — Maria S.",
    "social": "https://instagram.com/padaria\nhttps://www.facebook.com/padaria",
}


def post(client: Client, data: dict[str, Any]) -> Any:
    return client.post(reverse("site_new"), data)


def form_data(response: Any) -> dict[str, Any]:
    """What the form the page shows would send (its fields' values, as typed)."""
    form: BriefForm = response.context["form"]
    data: dict[str, Any] = {}
    for name in form.fields:
        value = form[name].value()
        if value in (None, ""):
            continue
        data[name] = [str(v) for v in value] if isinstance(value, list) else str(value)
    return data


# --- The form -------------------------------------------------------------------------


def test_the_form_asks_for_facts_a_few_at_a_time(alice_client: Client) -> None:
    body = text(alice_client.get(reverse("site_new")))

    for heading in (
        "What you offer",
        "When you're open",
        "How people buy from you",
        "What makes you different",
        "People and reviews",
        "Links",
    ):
        assert f"<summary>{heading}</summary>" in body
    assert '<details class="disclosure" open>' not in body  # all closed while empty
    assert "Pão de ló — Portuguese sponge cake — €12.50" in body  # an example
    assert 'value="book_table"' in body and "Book a table" in body
    assert 'name="services"' not in body


def test_facts_typed_in_the_form_are_kept_on_the_brief(
    alice_client: Client, alice_account: Account, queued: Recorder
) -> None:
    response = post(alice_client, {**BRIEF, **FACTS})

    assert response.status_code == 302, text(response)
    site = Site.objects.get(account=alice_account)
    facts = site.brief["facts"]
    assert facts["offers"] == [
        {"name": "Pão de ló", "description": "Portuguese sponge cake", "price": "€12.50"},
        {"name": "Sourdough", "description": "", "price": "€4"},
        {"name": "Broa", "description": "Corn bread", "price": ""},
        {"name": "Pastéis de nata", "description": "", "price": ""},
    ]
    assert site.brief["services"] == ["Pão de ló", "Sourdough", "Broa", "Pastéis de nata"]
    assert facts["hours"] == [
        {"days": ["mon", "tue", "wed", "thu", "fri"], "opens": "07:00", "closes": "19:00"},
        {"days": ["sat"], "opens": "08:00", "closes": "13:00"},
    ]
    assert facts["hours_exceptions"] == [
        {"label": "25 December", "closed": True, "opens": "", "closes": ""},
        {"label": "August", "closed": False, "opens": "09:00", "closes": "13:00"},
    ]
    assert facts["ways"] == ["walk_in", "order_ahead"]
    assert facts["order_url"] == "https://order.example/padaria"
    assert facts["differentiators"] == ["Family-run since 1962", "Everything baked on site"]
    assert facts["founded"] == 1962
    assert facts["area_served"] == "Porto"
    assert facts["team"] == [
        {"name": "Rosa Almeida", "role": "head baker", "bio": ""},
        {"name": "João", "role": "", "bio": ""},
    ]
    assert facts["testimonials"] == [{"quote": "The best pão de ló in Porto", "author": "Maria S."}]
    assert facts["social"] == ["https://instagram.com/padaria", "https://www.facebook.com/padaria"]
    assert len(queued.named("build_run")) == 1


def test_a_brief_without_facts_builds_with_none(
    alice_client: Client, alice_account: Account
) -> None:
    assert post(alice_client, BRIEF).status_code == 302

    facts = Site.objects.get(account=alice_account).brief["facts"]
    assert facts["offers"] == [] and facts["hours"] == [] and facts["founded"] is None


BAD_FACTS = [
    ("hours", "Sat morning", "Line 1 (“Sat morning”) is not opening hours we can read"),
    ("hours", "Mon–Fri 07:00–19:00\nTuesdays", "Line 2 (“Tuesdays”) is not opening hours"),
    ("hours", "Mon–Fri 25:00–26:00", "Line 1 (“Mon–Fri 25:00–26:00”)"),
    ("hours_exceptions", "Someday maybe", "Line 1 (“Someday maybe”) is not an exception"),
    ("hours_exceptions", "August: mornings", "like “25 December: closed”"),
    ("offers", "A — b — c — d", "Line 1 (“A — b — c — d”) has more than three parts"),
    ("offers", "Cake — " + "x" * 301, "Line 1: keep the description under 300 characters"),
    ("offers", "Cake: €" + "9" * 40, "Line 1: keep the price under 40 characters"),
    ("offers", "\n".join(f"Cake {n}" for n in range(31)), "List at most 30 things you offer"),
    ("offers", "Cake\tand tea — €3", "Line 1: Use a single line without tabs"),
    ("testimonials", "Lovely cakes!", "needs who said it after a dash"),
    ("team", "A — b — c — d", "has more than three parts"),
    ("social", "ftp://files.example", "is not a web address"),
    ("social", "javascript:alert(1)", "is not a web address"),
    ("order_url", "order at the counter", "is not a web address"),
    ("founded", "3000", "can't be in the future"),
    ("founded", "long ago", "Write the year the business started, like 1962."),
    ("ways", "teleport", "Choose among the ways shown."),
    ("differentiators", "x" * 201, "Line 1: keep each one under 200 characters"),
    ("area_served", "x" * 201, "at most 200 characters"),
]


@pytest.mark.parametrize(("field", "value", "message"), BAD_FACTS)
def test_a_fact_that_cannot_be_read_is_refused_with_a_sentence_and_nothing_is_lost(
    alice_client: Client, queued: Recorder, field: str, value: str, message: str
) -> None:
    response = post(alice_client, {**BRIEF, **FACTS, field: value})

    assert response.status_code == 400
    body = text(response)
    assert message in body
    assert "Rosa Almeida — head baker" in body  # what was typed elsewhere stays
    assert "Pão de ló — Portuguese sponge cake — €12.50" in body
    assert not Site.objects.exists()
    assert queued.calls == []


def test_a_group_with_an_error_or_a_value_opens(alice_client: Client) -> None:
    body = text(post(alice_client, {**BRIEF, "hours": "Sat morning"}))

    assert '<details class="disclosure" open>\n        <summary>When you\'re open' in body
    assert '<details class="disclosure">\n        <summary>Links' in body


# --- Confirming the facts found in the description ------------------------------------


def test_facts_found_in_the_description_are_shown_for_confirmation_first(
    alice_client: Client, queued: Recorder
) -> None:
    response = post(alice_client, {**BRIEF, "description": BAKERY})

    assert response.status_code == 200
    assert not Site.objects.exists() and queued.calls == []
    body = text(response)
    assert (
        "We found these in your description — check them, change anything that’s wrong, "
        "then build." in body
    )
    for line in (
        "Offer: Sourdough",
        "Offer: Pão de ló — €12.50",
        "Opening hours: Mon–Fri 07:00–19:00",
        "Opening hours: Sat 08:00–13:00",
        "August: Closed",
        "How people buy: Order ahead",
        "What makes you different: Family-run",
        "Since 1962",
    ):
        assert f"<li>{line}</li>" in body
    form = response.context["form"]
    assert form["hours"].value() == "Mon–Fri 07:00–19:00\nSat 08:00–13:00"
    assert "Pão de ló — €12.50" in form["offers"].value()
    assert form["hours_exceptions"].value() == "August: closed"
    assert form["ways"].value() == ["order_ahead"]
    assert form["founded"].value() == "1962"
    assert form["facts_checked"].value() == description_marker(BAKERY)
    assert 'type="hidden" name="facts_checked"' in body
    assert not form.errors


def test_the_confirmed_form_builds_with_the_facts_as_the_customer_left_them(
    alice_client: Client, alice_account: Account, queued: Recorder
) -> None:
    first = post(alice_client, {**BRIEF, "description": BAKERY})
    data = form_data(first)
    # The customer checks the facts: one offer was wrong, and they add their hours' end.
    data["offers"] = "\n".join(
        line for line in data["offers"].splitlines() if not line.startswith("Sourdough")
    )
    data["hours"] += "\nSun 08:00–12:00"

    second = post(alice_client, data)

    assert second.status_code == 302, text(second)
    facts = Site.objects.get(account=alice_account).brief["facts"]
    assert [offer["name"] for offer in facts["offers"]] == ["Pastéis de nata", "Pão de ló"]
    assert facts["offers"][1]["price"] == "€12.50"
    assert facts["hours"][-1] == {"days": ["sun"], "opens": "08:00", "closes": "12:00"}
    assert facts["hours_exceptions"] == [
        {"label": "August", "closed": True, "opens": "", "closes": ""}
    ]
    assert facts["ways"] == ["order_ahead"]
    assert facts["differentiators"] == ["Family-run"]
    assert facts["founded"] == 1962
    assert len(queued.named("build_run")) == 1


def test_a_changed_description_is_checked_again(alice_client: Client) -> None:
    data = form_data(post(alice_client, {**BRIEF, "description": BAKERY}))
    data["description"] = BAKERY + " Free delivery in Porto."

    again = post(alice_client, data)

    assert again.status_code == 200
    assert "<li>What makes you different: Free delivery in Porto</li>" in text(again)
    assert not Site.objects.exists()


def test_facts_the_customer_already_typed_are_not_asked_about(
    alice_client: Client, alice_account: Account
) -> None:
    description = "A bakery in Porto. Pão de ló €12.50. Open Mon–Fri 7am–7pm."
    response = post(
        alice_client,
        {
            **BRIEF,
            "description": description,
            "offers": "Pão de ló — €14",  # the customer's price wins
            "hours": "Mon–Sat 08:00–18:00",
        },
    )

    assert response.status_code == 302
    facts = Site.objects.get(account=alice_account).brief["facts"]
    assert facts["offers"] == [{"name": "Pão de ló", "description": "", "price": "€14"}]
    assert facts["hours"][0]["days"] == ["mon", "tue", "wed", "thu", "fri", "sat"]


def test_a_refused_confirmation_keeps_the_found_facts(alice_client: Client) -> None:
    data = form_data(post(alice_client, {**BRIEF, "description": BAKERY}))
    data["email"] = "nope"

    response = post(alice_client, data)

    assert response.status_code == 400
    body = text(response)
    assert "Enter a valid email address." in body
    assert "Mon–Fri 07:00–19:00" in body and "Pão de ló — €12.50" in body


def test_the_confirmation_form_reads_back_what_it_shows() -> None:
    data = QueryDict(mutable=True)
    for name, value in {**BRIEF, **FACTS}.items():
        data.setlist(name, list(value) if isinstance(value, list) else [str(value)])
    form = BriefForm(data)
    assert form.is_valid(), form.errors

    again = form.confirming(form.brief.facts)

    assert again.is_valid(), again.errors
    assert again.brief.facts == form.brief.facts
    assert again.facts_confirmed


@pytest.mark.parametrize(
    "description", [pytest.param(text, id=name) for name, text, _ in DESCRIPTIONS]
)
def test_facts_found_in_any_description_fill_the_form_and_read_back_the_same(
    description: str,
) -> None:
    data = QueryDict(mutable=True)
    data.update({**BRIEF, "description": description})
    form = BriefForm(data)
    assert form.is_valid(), form.errors
    found = facts_from_text(description)

    again = form.confirming(found)

    assert again.is_valid(), again.errors
    assert again.brief.facts == found


# --- The API --------------------------------------------------------------------------


@pytest.fixture
def api(alice_account: Account) -> Client:
    _, raw = make_api_key(on_plan(alice_account, Plan.PROFESSIONAL))
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


PAYLOAD = {
    "name": "Padaria da Avó Rosa",
    "businessType": "bakery",
    "primaryGoal": "awareness",
    "description": BAKERY,
    "facts": {
        "offers": [{"name": "Pão de ló", "description": "Portuguese sponge cake"}],
        "ways": ["walk_in"],
        "founded": 1970,
        "social": ["https://instagram.com/padaria"],
    },
}


def post_json(client: Client, body: Any) -> Any:
    return client.post("/api/v1/builds", data=json.dumps(body), content_type="application/json")


def test_the_api_takes_facts_and_adds_those_the_description_states(
    api: Client, alice_account: Account
) -> None:
    response = post_json(api, PAYLOAD)

    assert response.status_code == 202, response.json()
    brief = Site.objects.get(account=alice_account).brief
    facts = brief["facts"]
    assert facts["offers"][0] == {
        "name": "Pão de ló",
        "description": "Portuguese sponge cake",
        "price": "€12.50",  # found in the description, filling the empty price
    }
    assert [offer["name"] for offer in facts["offers"]] == [
        "Pão de ló",
        "Sourdough",
        "Pastéis de nata",
    ]
    assert facts["founded"] == 1970  # what was sent is never replaced
    assert facts["ways"] == ["walk_in", "order_ahead"]
    assert facts["hours"][0] == {
        "days": ["mon", "tue", "wed", "thu", "fri"],
        "opens": "07:00",
        "closes": "19:00",
    }
    assert facts["social"] == ["https://instagram.com/padaria"]
    assert brief["services"] == ["Pão de ló", "Sourdough", "Pastéis de nata"]
    found = response.json()["facts_found"]  # what was added is said in the answer
    assert any(line.startswith("Opening hours") for line in found), found
    assert not any("1962" in line or "Since" in line for line in found), found  # 1970 sent


def test_services_sent_by_older_clients_are_offers_too(api: Client, alice_account: Account) -> None:
    body = {**PAYLOAD, "description": PLAIN, "facts": None, "services": ["Broa", "Bolo rei"]}

    assert post_json(api, body).status_code == 202

    brief = Site.objects.get(account=alice_account).brief
    assert brief["services"] == ["Broa", "Bolo rei"]
    assert [offer["name"] for offer in brief["facts"]["offers"]] == ["Broa", "Bolo rei"]


@pytest.mark.parametrize(
    ("facts", "message"),
    [
        (
            {"hours": [{"days": ["mon"], "opens": "7am", "closes": "19:00"}]},
            "hours.0.opens: write a time as HH:MM on a 24-hour clock, like 07:30",
        ),
        ({"hours": [{"days": ["someday"], "opens": "07:00", "closes": "19:00"}]}, "use one of"),
        ({"hours": [{"days": [], "opens": "07:00", "closes": "19:00"}]}, "list at least one"),
        ({"offers": [{"name": "  "}]}, "offers.0.name: must not be empty"),
        ({"offers": [{"name": "Cake", "price": "€" + "9" * 40}]}, "keep it under 40 characters"),
        ({"offers": [{"name": "Cake\u202e"}]}, "offers.0.name: Remove the invisible character"),
        ({"offers": [{"name": "Cake", "colour": "red"}]}, "is not one of the facts' fields"),
        ({"ways": ["teleport"]}, "ways.0: use one of"),
        ({"social": ["ftp://files.example"]}, "social.0: is not a web address"),
        ({"order_url": "javascript:alert(1)"}, "order_url: is not a web address"),
        ({"founded": 3000}, "founded: must be a year between 1000 and 2100"),
        ({"founded": "1962"}, "founded: must be a whole number"),
        ({"differentiators": ["x"] * 11}, "differentiators: list at most 10"),
        ("lots of cake", "Send the facts as an object"),
    ],
)
def test_bad_facts_are_422_with_a_sentence_and_nothing_is_created(
    api: Client, facts: Any, message: str
) -> None:
    response = post_json(api, {**PAYLOAD, "facts": facts})

    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert message in error["fields"]["facts"], error
    assert message in error["message"]
    assert not Site.objects.exists()


def test_the_api_documents_the_facts(client: Client, db: None) -> None:
    schema = client.get("/api/v1/openapi.json").json()["components"]["schemas"]["BuildIn"]
    facts = schema["properties"]["facts"]["anyOf"][0]

    assert set(facts["properties"]) >= {"offers", "hours", "ways", "differentiators", "social"}
    assert facts["properties"]["ways"]["items"]["enum"][:2] == ["walk_in", "order_ahead"]


# --- The build page and the admin ----------------------------------------------------


def site_with_facts(account: Account, facts: dict[str, Any]) -> Build:
    site = make_site(account, name="Padaria da Avó Rosa", brief={"facts": facts})
    return make_build(site, status="succeeded")


def test_the_build_page_shows_the_facts_used(alice_client: Client, alice_account: Account) -> None:
    build = site_with_facts(
        alice_account,
        {
            "offers": [{"name": "Pão de ló", "price": "€12.50"}, {"name": "Broa"}],
            "hours": [
                {"days": ["mon", "tue", "wed", "thu", "fri"], "opens": "07:00", "closes": "19:00"}
            ],
            "hours_exceptions": [{"label": "August"}],
            "ways": ["walk_in", "order_ahead"],
            "differentiators": ["Family-run since 1962"],
            "founded": 1962,
            "team": [{"name": "Rosa Almeida", "role": "head baker"}],
            "testimonials": [
                {"quote": "Best cake", "author": "Maria"},
                {"quote": "Lovely", "author": "Ana"},
            ],
            "social": ["https://instagram.com/padaria"],
        },
    )

    response = alice_client.get(reverse("build_detail", args=[build.pk]))

    assert response.status_code == 200
    body = text(response)
    assert '<h2 id="facts-used-heading">Facts used</h2>' in body
    for shown in (
        "<li>Pão de ló — €12.50</li>",
        "<li>Broa</li>",
        "<li>Mon–Fri 07:00–19:00</li>",
        "<li>August: Closed</li>",
        "Walk in during opening hours, Order ahead",
        "<li>Family-run since 1962</li>",
        "Since 1962",
        "<li>Rosa Almeida, head baker</li>",
        "2 from your customers",
        '<a href="https://instagram.com/padaria" rel="noopener noreferrer nofollow">Instagram</a>',
    ):
        assert shown in body, shown
    assert "No facts given yet" not in body


def test_a_build_page_without_facts_says_so(alice_client: Client, alice_account: Account) -> None:
    build = make_build(make_site(alice_account), status="running")

    body = text(alice_client.get(reverse("build_detail", args=[build.pk])))

    assert "No facts given yet — the site says only what the description says." in body


def test_the_facts_panel_shows_customer_text_as_text(
    alice_client: Client, alice_account: Account
) -> None:
    build = site_with_facts(alice_account, {"offers": [{"name": XSS, "price": XSS[:40]}]})

    body = alice_client.get(reverse("build_detail", args=[build.pk])).content.decode()

    assert XSS not in body
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in body


def test_another_accounts_build_page_is_still_404(
    bob: User, bob_account: Account, alice_account: Account
) -> None:
    build = site_with_facts(alice_account, {"offers": [{"name": "Pão de ló"}]})

    response = client_for(bob).get(reverse("build_detail", args=[build.pk]))

    assert response.status_code == 404
    assert "Pão de ló" not in text(response)


def test_the_admin_shows_a_sites_facts(alice_account: Account) -> None:
    build = site_with_facts(
        alice_account, {"offers": [{"name": "Pão de ló", "price": "€12.50"}], "ways": ["walk_in"]}
    )
    staff = Client()
    staff.force_login(User.objects.create_superuser("staff@code24.example", "pw"))

    body = text(staff.get(reverse("admin:sites_site_change", args=[build.site_id])))

    assert "Facts used" in body
    assert "<li><strong>Offer</strong>: Pão de ló — €12.50</li>" in body
    assert "<li><strong>How people buy</strong>: Walk in during opening hours</li>" in body
