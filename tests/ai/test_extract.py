# ruff: noqa: RUF001 - descriptions as customers write them, typographic dashes and all
"""Facts found in a free description (code24/ai/extract.py): what each real-looking
description states, nothing more; junk gives nothing and never hangs or raises."""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any

import pytest

from code24.ai.claims import claims_in
from code24.ai.extract import facts_from_text, merge_facts
from code24.ai.facts import DAYS, Day, Facts, HoursException, Offer, OpeningHours
from tests.ai.briefs import BRIEFS

WEEK: list[str] = list(DAYS)


def days(first: Day, last: Day) -> list[str]:
    return WEEK[WEEK.index(first) : WEEK.index(last) + 1]


def hours(day_list: Sequence[str], opens: str, closes: str) -> dict[str, Any]:
    return {"days": list(day_list), "opens": opens, "closes": closes}


def offer(name: str, price: str = "") -> dict[str, str]:
    return {"name": name, "price": price} if price else {"name": name}


# (what kind of business, its description, every fact it states; nothing else is found)
DESCRIPTIONS: list[tuple[str, str, dict[str, Any]]] = [
    (
        "bakery in Porto",
        "Padaria da Avó Rosa is a family-run bakery in Porto since 1962. We bake sourdough, "
        "pastéis de nata and pão de ló every morning. Open Mon–Fri 7am–7pm, Sat 8–13h. Pão de "
        "ló €12.50, pastéis de nata €1.20 each. Order ahead for parties. Closed in August.",
        {
            "offers": [
                offer("Sourdough"),
                offer("Pastéis de nata", "€1.20 each"),
                offer("Pão de ló", "€12.50"),
            ],
            "hours": [
                hours(days("mon", "fri"), "07:00", "19:00"),
                hours(["sat"], "08:00", "13:00"),
            ],
            "hours_exceptions": [{"label": "August"}],
            "ways": ["order_ahead"],
            "differentiators": ["Family-run"],
            "founded": 1962,
        },
    ),
    (
        "law firm",
        "We represent employees in unfair dismissal and discrimination claims. Your first "
        "meeting is a free 30-minute consultation. No win, no fee. We only represent "
        "employees, never employers.",
        {
            "differentiators": [
                "We represent employees in unfair dismissal and discrimination claims",
                "Your first meeting is a free 30-minute consultation",
                "No win, no fee",
                "We only represent employees, never employers",
            ]
        },
    ),
    (
        "law firm, one long sentence",
        "We represent employees in unfair dismissal and discrimination cases, offer a free "
        "30-minute consultation and work on a no win, no fee basis.",
        {
            "differentiators": [
                "We represent employees in unfair dismissal and discrimination cases",
                "Free 30-minute consultation",
                "We work on a no win, no fee basis",
            ]
        },
    ),
    (
        "SaaS listing features",
        "Shiftly is scheduling software for restaurants. Features: invoicing, time tracking "
        "and card payments. Plans from $29 a month. Start your free trial today.",
        {
            "offers": [
                offer("Invoicing"),
                offer("Time tracking"),
                offer("Card payments"),
                offer("Plans", "from $29 a month"),
            ],
            "ways": ["sign_up"],
            "differentiators": ["Free trial"],
        },
    ),
    (
        "plumber with area and free quotes",
        "Independent plumber serving Leeds and Bradford since 2005. Free quotes, no call-out "
        "fee, fully insured. Open every day 9 to 5, closed on Mondays.",
        {
            "hours": [hours(days("tue", "sun"), "09:00", "17:00")],
            "area_served": "Leeds and Bradford",
            "ways": ["request_quote"],
            "differentiators": ["Free quotes", "No call-out fee", "Fully insured"],
            "founded": 2005,
        },
    ),
    (
        "café with a closed day",
        "Tuesday to Saturday 08:00-19:00, Sunday 9:00–14:00. Closed on Mondays. Flat white "
        "£3.20, cinnamon bun £2.80. Walk-ins welcome; book a table for groups of six or more.",
        {
            "offers": [offer("Flat white", "£3.20"), offer("Cinnamon bun", "£2.80")],
            "hours": [
                hours(days("tue", "sat"), "08:00", "19:00"),
                hours(["sun"], "09:00", "14:00"),
            ],
            "ways": ["walk_in", "book_table"],
        },
    ),
    (
        "hair salon",
        "Haircut £25, beard trim £10, colour from £60. By appointment only, Tue–Sat 9am–6pm. "
        "Late opening Thursdays until 8pm.",
        {
            "offers": [
                offer("Haircut", "£25"),
                offer("Beard trim", "£10"),
                offer("Colour", "from £60"),
            ],
            "hours": [hours(days("tue", "sat"), "09:00", "18:00")],
            "ways": ["book_appointment"],
        },
    ),
    (
        "restaurant with split hours and holidays",
        "Open daily 12–3pm and 6–10pm. Reservations recommended. Closed on 25 December and "
        "1 January. Vegan options available.",
        {
            "hours": [hours(WEEK, "12:00", "15:00"), hours(WEEK, "18:00", "22:00")],
            "hours_exceptions": [{"label": "25 December"}, {"label": "1 January"}],
            "ways": ["book_table"],
            "differentiators": ["Vegan options"],
        },
    ),
    (
        "gym open around the clock",
        "Open 24/7. Memberships from £19.99 per month. Sign up online in two minutes. No "
        "joining fee.",
        {
            "offers": [offer("Memberships", "from £19.99 per month")],
            "hours": [hours(WEEK, "00:00", "24:00")],
            "ways": ["sign_up"],
            "differentiators": ["Open 24/7", "No joining fee"],
        },
    ),
    (
        "yoga studio",
        "We teach hatha, vinyasa and yin yoga. Book a class online or just drop in. Drop-in "
        "class £12, 10-class pass £100.",
        {
            "offers": [
                offer("Hatha"),
                offer("Vinyasa"),
                offer("Yin yoga"),
                offer("Drop-in class", "£12"),
                offer("10-class pass", "£100"),
            ],
            "ways": ["walk_in", "book_class"],
        },
    ),
    (
        "dentist",
        "Family dental practice in Portsmouth since 1985. Check-ups £45. Evening appointments "
        "on Thursdays. Book an appointment online.",
        {"offers": [offer("Check-ups", "£45")], "ways": ["book_appointment"], "founded": 1985},
    ),
    (
        "vet with dotted times",
        "Open Mon-Fri 8.30-19.00 and Sat 9-12. Emergency care 24/7.",
        {
            "hours": [
                hours(days("mon", "fri"), "08:30", "19:00"),
                hours(["sat"], "09:00", "12:00"),
            ],
            "differentiators": ["Emergency care 24/7"],
        },
    ),
    (
        "electrician",
        "NICEIC registered electrician covering Bristol, Bath and North Somerset. Fixed prices, "
        "no hidden charges. Free estimates.",
        {
            "area_served": "Bristol, Bath and North Somerset",
            "ways": ["request_quote"],
            "differentiators": [
                "NICEIC registered electrician covering Bristol, Bath and North Somerset",
                "Fixed prices",
                "No hidden charges",
                "Free estimates",
            ],
        },
    ),
    (
        "cleaner",
        "Weekly and one-off home cleaning across North London. We bring our own eco-friendly "
        "products. Fully insured. Ask for a quote.",
        {
            "area_served": "North London",
            "ways": ["request_quote"],
            "differentiators": ["Fully insured"],
        },
    ),
    (
        "builder",
        "Extensions, loft conversions and kitchens in Manchester. 20 years' experience. Free "
        "no-obligation quotes.",
        {
            "ways": ["request_quote"],
            "differentiators": ["20 years' experience", "Free no-obligation quotes"],
        },
    ),
    (
        "garage",
        "MOT £54.85, full service from £149. Open Monday to Friday 8am to 6pm, Saturday 8am "
        "to 12pm.",
        {
            "offers": [offer("MOT", "£54.85"), offer("Full service", "from £149")],
            "hours": [
                hours(days("mon", "fri"), "08:00", "18:00"),
                hours(["sat"], "08:00", "12:00"),
            ],
        },
    ),
    (
        "accountant",
        "We help sole traders and small limited companies with bookkeeping, VAT returns and "
        "year-end accounts. Fixed monthly fees from £75 a month. Free initial consultation.",
        {
            "offers": [offer("Fixed monthly fees", "from £75 a month")],
            "differentiators": ["Free initial consultation"],
        },
    ),
    (
        "estate agent",
        "Selling and letting homes in Harrogate since 1998. Free valuations.",
        {"differentiators": ["Free valuations"], "founded": 1998},
    ),
    (
        "photographer",
        "Wedding and family photography in Cornwall. Packages from £950. Book your date early.",
        {"offers": [offer("Packages", "from £950")]},
    ),
    (
        "florist",
        "Fresh flowers for every occasion. Same-day delivery in Leeds when you order before "
        "2pm. Bouquets from £35. Order online or pop in to our shop.",
        {
            "offers": [offer("Bouquets", "from £35")],
            "ways": ["walk_in", "buy_online"],
            "differentiators": ["Same-day delivery in Leeds when you order before 2pm"],
        },
    ),
    (
        "online shop",
        "Handmade soy candles shipped across the UK. Shop online; free UK delivery on orders "
        "over £40.",
        {
            "area_served": "the UK",
            "ways": ["buy_online"],
            "differentiators": [
                "Handmade soy candles shipped across the UK",
                "Free UK delivery on orders over £40",
            ],
        },
    ),
    (
        "charity",
        "We are a registered charity supporting families in Hull. Donate online or volunteer "
        "with us.",
        {
            "ways": ["donate"],
            "differentiators": ["We are a registered charity supporting families in Hull"],
        },
    ),
    (
        "school (ages are not hours)",
        "Nursery and primary school in Oxford for children aged 3 to 11. Open days every term.",
        {},
    ),
    (
        "B&B",
        "A six-room B&B in the Lake District. Rooms from £95 per night, breakfast included. "
        "Book direct for the best rate. Dog-friendly.",
        {
            "offers": [offer("Rooms", "from £95 per night")],
            "ways": ["book_stay"],
            "differentiators": ["Dog-friendly"],
        },
    ),
    (
        "wedding venue closed in winter",
        "Barn wedding venue near York, closed in January and February. Exclusive use from £6,500.",
        {
            "offers": [offer("Exclusive use", "from £6,500")],
            "hours_exceptions": [{"label": "January"}, {"label": "February"}],
        },
    ),
    (
        "bar open past midnight",
        "Cocktail bar open Thu–Sat 6pm–2am. Happy hour 5–7pm.",
        {"hours": [hours(days("thu", "sat"), "18:00", "02:00")]},
    ),
    (
        "barber",
        "Walk-ins welcome. Skin fade £18, kids' cuts £12. Open Mon–Sat 9–6, Sunday closed.",
        {
            "offers": [offer("Skin fade", "£18"), offer("Kids' cuts", "£12")],
            "hours": [hours(days("mon", "sat"), "09:00", "18:00")],
            "ways": ["walk_in"],
        },
    ),
    (
        "physiotherapist",
        "Chartered physiotherapist treating sports injuries and back pain. 45-minute "
        "assessment £60. Home visits across Edinburgh.",
        {"offers": [offer("45-minute assessment", "£60")], "area_served": "Edinburgh"},
    ),
    (
        "therapist (a topic is not an offer)",
        "I offer counselling for anxiety and depression, online or in person in Brighton. "
        "Sessions £55. Free 15-minute phone call.",
        {"offers": [offer("Sessions", "£55")]},
    ),
    (
        "agency",
        "We design and build Shopify stores for independent brands. Projects start at £3,000.",
        {"offers": [offer("Projects", "from £3,000")]},
    ),
    (
        "bookshop",
        "Independent bookshop in Hay-on-Wye. Open every day 10:00–17:30 except Christmas Day.",
        {
            "hours": [hours(WEEK, "10:00", "17:30")],
            "hours_exceptions": [{"label": "Christmas Day"}],
        },
    ),
    (
        "e-commerce",
        "Order online by 3pm for next-day delivery. Free returns within 30 days.",
        {"ways": ["buy_online"], "differentiators": ["Free returns within 30 days"]},
    ),
    (
        "dental clinic listing treatments",
        "A family dental clinic in Portsmouth offering check-ups, hygiene visits, whitening "
        "and emergency appointments, with evening hours for working parents.",
        {
            "offers": [
                offer("Check-ups"),
                offer("Hygiene visits"),
                offer("Whitening"),
                offer("Emergency appointments"),
            ]
        },
    ),
    (
        "seasonal hours",
        "In August we open 09:00–13:00 only. Closed on public holidays.",
        {
            "hours_exceptions": [
                {"label": "August", "closed": False, "opens": "09:00", "closes": "13:00"},
                {"label": "Public holidays"},
            ]
        },
    ),
    (
        "café with weekdays and weekends",
        "Café open weekdays 7:30am to 4pm and weekends 9am-3pm. Gluten-free and vegan options. "
        "We serve coffee, cakes and light lunches.",
        {
            "offers": [offer("Coffee"), offer("Cakes"), offer("Light lunches")],
            "hours": [
                hours(days("mon", "fri"), "07:30", "16:00"),
                hours(["sat", "sun"], "09:00", "15:00"),
            ],
            "differentiators": ["Gluten-free and vegan options"],
        },
    ),
    (
        "shop with a.m. and p.m. and holidays",
        "Open 7 a.m. to 7 p.m. Monday to Saturday. Closed Sundays and bank holidays. Closed "
        "from 24 to 26 December.",
        {
            "hours": [hours(days("mon", "sat"), "07:00", "19:00")],
            "hours_exceptions": [{"label": "Bank holidays"}, {"label": "24 to 26 December"}],
        },
    ),
    (
        "café stating what it never does",
        "We are a family-run café since 1962 with gluten-free options. Our cakes are "
        "homemade. We never use palm oil.",
        {
            "differentiators": [
                "Family-run",
                "Gluten-free options",
                "Our cakes are homemade",
                "We never use palm oil",
            ],
            "founded": 1962,
        },
    ),
    (
        "roastery: verbs and frequencies are not offers",
        "We roast twice a week and ship within two days of roasting. Classes are booked by "
        "email or in person after class.",
        {},
    ),
    (
        "cleaner: a frequency is not an item, a family that runs is not family-run",
        "Our regular cleaners come weekly or every fortnight at €28 an hour. One of the "
        "family runs every job.",
        {},
    ),
    (
        "plumber answering around the clock, gym price per month",
        "For burst pipes and no hot water we answer the phone 24/7. Membership is £65/month "
        "for unlimited classes.",
        {
            "offers": [offer("Membership", "£65/month")],
            "differentiators": ["For burst pipes and no hot water we answer the phone 24/7"],
        },
    ),
    (
        "agency: a fee without an item",
        "We plan, shoot and post your content and answer comments, for a monthly fee of $1,200.",
        {},
    ),
    (
        "nursery: times before the days, a holiday week",
        "A Montessori nursery open from 07:30 to 18:00 on weekdays, all year except "
        "Christmas week.",
        {
            "hours": [hours(days("mon", "fri"), "07:30", "18:00")],
            "hours_exceptions": [{"label": "Christmas week"}],
        },
    ),
    (
        "software with no facts in it",
        "Shiftly is scheduling software for restaurants with 5 to 50 staff. Managers build the "
        "week's rota in minutes, staff swap shifts from their phones, and payroll gets the "
        "hours automatically.",
        {},
    ),
    (
        "a promise denied is no promise",
        "We don't offer free quotes. The sun is shining 9 to 5 here.",
        {},
    ),
    (
        "prices in brackets",
        "We bake pastéis de nata (€1.20), pão de ló and broa every morning.",
        {
            "offers": [
                offer("Pastéis de nata", "€1.20"),
                offer("Pão de ló"),
                offer("Broa"),
            ],
        },
    ),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [pytest.param(text, expected, id=name) for name, text, expected in DESCRIPTIONS],
)
def test_a_description_gives_the_facts_it_states_and_no_others(
    text: str, expected: dict[str, Any]
) -> None:
    found = facts_from_text(text)

    assert found.model_dump(mode="json", exclude_defaults=True) == expected


def _facts_text(facts: Facts) -> str:
    parts = [facts.area_served, *facts.differentiators]
    for found in facts.offers:
        parts += [found.name, found.price]
    if facts.founded:
        parts.append(f"since {facts.founded}")
    return "\n".join(parts)


CORPUS = [
    pytest.param(brief["description"], id=brief["name"])
    for briefs in BRIEFS.values()
    for brief in briefs
] + [pytest.param(text, id=name) for name, text, _ in DESCRIPTIONS]


@pytest.mark.parametrize("description", CORPUS)
def test_facts_found_claim_no_price_year_or_promise_the_description_does_not(
    description: str,
) -> None:
    said = claims_in(description)

    found = claims_in(_facts_text(facts_from_text(description)))

    assert found.prices <= said.prices
    assert found.years <= said.years
    assert found.promises <= said.promises


def test_the_same_text_always_gives_the_same_facts() -> None:
    text = DESCRIPTIONS[0][1]

    assert facts_from_text(text) == facts_from_text(text)


def _noise(length: int) -> str:
    rng = random.Random(10)
    return "".join(
        rng.choice("abcdefghij klm,.;:-–0123456789 MonFriSat am pm to and & ()\n")
        for _ in range(length)
    )


JUNK = [
    "",
    "   \n\t  ",
    "🥐🍞☕🥐🍞☕",
    "asdf qwer zxcv uiop hjkl",
    "!!!!????....,,,,;;;;",
    "\x00\x01\x02 control characters",
    _noise(4000),
]


@pytest.mark.parametrize(
    "text", JUNK, ids=["empty", "blank", "emoji", "letters", "punctuation", "controls", "noise"]
)
def test_junk_gives_nothing_and_never_raises(text: str) -> None:
    found = facts_from_text(text)

    assert isinstance(found, Facts)
    assert found.offers == [] and found.differentiators == [] and found.founded is None


PATHOLOGICAL = {
    "dots": "." * 20_000,
    "digits": "1" * 20_000,
    "day ranges": "Mon-" * 3000,
    "time ranges": "9 to " * 2000 + "5",
    "between": "between 9 and " * 1000,
    "list": "we sell a, " * 1000,
    "places": "serving " + "Leeds and " * 1000,
    "prices": "€1 " * 3000,
    "dates": "closed on 25 and " * 500,
    "closed days": "closed on " + "mon, " * 3000,
    "spaces": " " * 50_000,
    "repeated description": DESCRIPTIONS[0][1] * 40,
}


@pytest.mark.parametrize("text", PATHOLOGICAL.values(), ids=PATHOLOGICAL.keys())
def test_pathological_text_returns(text: str) -> None:
    # Every pattern is linear in its input: these return in milliseconds. Were one to
    # backtrack, this test would hang here rather than pass.
    assert isinstance(facts_from_text(text), Facts)


def test_the_founding_year_is_never_in_the_future() -> None:
    assert facts_from_text("Founded in 2999 by robots.").founded is None
    assert facts_from_text("Family-run since 1962, founded in 1962.").founded == 1962


# --- merge_facts ----------------------------------------------------------------------


def test_merge_adds_what_was_found_and_says_what_it_added() -> None:
    found = facts_from_text(DESCRIPTIONS[0][1])

    merged, added = merge_facts(Facts(), found)

    assert merged == found
    assert added == [
        "Offer: Sourdough",
        "Offer: Pastéis de nata — €1.20 each",
        "Offer: Pão de ló — €12.50",
        "Opening hours: Mon–Fri 07:00–19:00",
        "Opening hours: Sat 08:00–13:00",
        "August: Closed",
        "How people buy: Order ahead",
        "What makes you different: Family-run",
        "Since 1962",
    ]


def test_merge_never_replaces_what_the_customer_typed() -> None:
    given = Facts(
        offers=[Offer(name="Pão de ló", description="Our sponge cake", price="€14")],
        hours=[OpeningHours(days=["sat"], opens="09:00", closes="12:00")],
        area_served="Porto",
        founded=1970,
        differentiators=["family-run"],
    )
    found = facts_from_text(DESCRIPTIONS[0][1] + " Serving Vila Nova de Gaia.")

    merged, added = merge_facts(given, found)

    assert merged.offers[0] == given.offers[0]
    assert [o.name for o in merged.offers] == ["Pão de ló", "Sourdough", "Pastéis de nata"]
    assert merged.hours == given.hours
    assert merged.area_served == "Porto"
    assert merged.founded == 1970
    assert merged.differentiators == ["family-run"]
    assert not any(
        line.startswith(("Opening hours", "Since", "Area", "What makes")) for line in added
    )


def test_merge_fills_an_empty_price_of_an_offer_the_customer_named() -> None:
    given = Facts(offers=[Offer(name="pão de ló")])

    merged, added = merge_facts(given, Facts(offers=[Offer(name="Pão de ló", price="€12.50")]))

    assert merged.offers == [Offer(name="pão de ló", price="€12.50")]
    assert added == ["Price of pão de ló: €12.50"]


def test_merge_knows_one_offer_by_its_singular_and_plural() -> None:
    given = Facts(offers=[Offer(name="Country loaf"), Offer(name="Check-up")])
    found = Facts(offers=[Offer(name="Country loaves"), Offer(name="Check-ups", price="£45")])

    merged, added = merge_facts(given, found)

    assert [o.name for o in merged.offers] == ["Country loaf", "Check-up"]
    assert added == ["Price of Check-up: £45"]


def test_merge_keeps_to_the_limits_of_the_facts() -> None:
    given = Facts(differentiators=[f"Reason {n}" for n in range(10)])
    found = Facts(
        differentiators=["Free quotes"],
        hours_exceptions=[HoursException(label="August")],
    )

    merged, added = merge_facts(given, found)

    assert len(merged.differentiators) == 10
    assert added == ["August: Closed"]


def test_merge_of_nothing_found_adds_nothing() -> None:
    given = Facts(area_served="Leeds")

    assert merge_facts(given, Facts()) == (given, [])
