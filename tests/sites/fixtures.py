"""Hand-built briefs, brands, designs and contents for the generator and QA tests.

Three businesses that between them use every section kind and every layout but one, and
``hostile()``: the same site with an attack string in every text field.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from code24.ai.schemas import (
    Brand,
    Brief,
    Content,
    ContrastPair,
    Design,
    FaqEntry,
    Item,
    PageContent,
    PagePlan,
    Palette,
    Section,
    SectionPlan,
    StructuredData,
)

SYSTEM_SANS = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"
SERIF = "'Iowan Old Style', 'Palatino Linotype', P052, serif"
FORM_ACTION = "/_forms/contact"
YEAR = 2025  # the footer's copyright year: an input, so renders stay byte-identical

XSS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "</script><script>alert(2)</script>",
    "' onmouseover='alert(3)",
    "</style><svg onload=alert(4)>",
]


@dataclass
class SiteInput:
    brief: Brief
    brand: Brand
    design: Design
    content: Content

    def render_args(self, site_url: str = "https://example.code24.dev") -> dict[str, Any]:
        return {
            "brief": self.brief,
            "brand": self.brand,
            "design": self.design,
            "content": self.content,
            "site_url": site_url,
            "form_action": FORM_ACTION,
            "site_id": 7,
            "year": YEAR,
        }


def pairs(palette: Palette) -> list[ContrastPair]:
    """The contrast pairs the generator uses, computed (as the brand step does)."""
    from code24.ai.contrast import contrast_ratio

    wanted = [
        ("text", "background", "body text"),
        ("muted_text", "background", "secondary text"),
        ("text", "surface", "text on cards"),
        ("muted_text", "surface", "secondary text on cards"),
        ("on_primary", "primary", "buttons"),
        ("primary", "background", "links"),
    ]
    result = []
    for fg, bg, usage in wanted:
        ratio = contrast_ratio(getattr(palette, fg), getattr(palette, bg))
        result.append(
            ContrastPair(
                foreground=getattr(palette, fg),
                background=getattr(palette, bg),
                ratio=round(ratio, 2),
                passes_aa=ratio >= 4.5,
                usage=usage,
            )
        )
    return result


def _page(slug: str, title: str, description: str, h1: str, sections: list[Section]) -> PageContent:
    return PageContent(
        slug=slug, meta_title=title, meta_description=description, h1=h1, sections=sections
    )


def _privacy(name: str) -> PageContent:
    return _page(
        "privacy",
        f"Privacy notice | {name}",
        f"How {name} handles the details you send through this website's contact form.",
        "Privacy notice",
        [
            Section(
                kind="legal",
                heading="Your privacy",
                body=f"{name} only collects what you choose to send us.",
            )
        ],
    )


def _plans(pages: list[tuple[str, str, list[str]]]) -> list[PagePlan]:
    return [
        PagePlan(
            slug=slug,
            nav_label=label,
            sections=[
                SectionPlan(kind=kind.split(":")[0], variant=[*kind.split(":"), "default"][1])  # type: ignore[arg-type]
                for kind in kinds
            ],
        )
        for slug, label, kinds in pages
    ]


# --- a dental clinic (classic) -----------------------------------------------------------


def dental() -> SiteInput:
    name = "Brightside Dental"
    palette = Palette(
        primary="#0f6e8c",
        on_primary="#ffffff",
        accent="#f2b84b",
        background="#ffffff",
        surface="#f1f7f9",
        text="#132a33",
        muted_text="#4b626b",
    )
    brief = Brief(
        name=name,
        description="A friendly family dental clinic in Leeds offering check-ups, hygiene, "
        "whitening and emergency appointments.",
        business_type="dental-clinic",
        primary_goal="bookings",
        audience="Families and busy professionals in north Leeds",
        tone="calm, reassuring",
        location="Leeds, UK",
        services=["Check-ups", "Hygiene", "Whitening", "Emergency dentistry"],
        phone="+44 113 496 0000",
        email="hello@brightside.example",
        address="12 Otley Road, Leeds LS6 2AA",
    )
    brand = Brand(
        display_name=name,
        tagline="Gentle dentistry for the whole family",
        voice=["calm", "reassuring", "clear"],
        palette=palette,
        contrast=pairs(palette),
        heading_font=SYSTEM_SANS,
        body_font=SYSTEM_SANS,
    )
    design = Design(
        pages=_plans(
            [
                (
                    "index",
                    "Home",
                    ["hero", "services", "stats", "process", "testimonials", "faq", "cta"],
                ),
                ("services", "Treatments", ["services:list", "pricing", "cta"]),
                ("about", "About us", ["about", "team", "values"]),
                ("contact", "Contact", ["contact"]),
                ("privacy", "Privacy", ["legal"]),
            ]
        ),
        primary_cta_label="Book a check-up",
        primary_cta_page="contact",
        layout="classic",
    )
    services = [
        Item(
            title="Check-ups",
            text="A thorough, unhurried examination with clear advice.",
            detail="from £45",
        ),
        Item(
            title="Hygiene",
            text="Professional cleaning that keeps gums healthy.",
            detail="from £60",
        ),
        Item(
            title="Whitening",
            text="Safe, dentist-led whitening with custom trays.",
            detail="from £250",
        ),
        Item(
            title="Emergency appointments",
            text="Same-day slots for pain and broken teeth.",
            detail="from £75",
        ),
    ]
    content = Content(
        pages=[
            _page(
                "index",
                "Brightside Dental | Family dentist in Leeds",
                "Gentle family dentistry in Leeds: check-ups, hygiene, whitening and same-day "
                "emergency appointments. Book online today.",
                "Family dentist in Leeds",
                [
                    Section(
                        kind="hero",
                        heading="Gentle dentistry for the whole family",
                        body="Unhurried appointments, clear prices and a team that puts nervous "
                        "patients at ease.",
                        items=[
                            Item(title="Same-day emergencies"),
                            Item(title="Evening appointments"),
                        ],
                        cta_label="Book a check-up",
                        cta_page="contact",
                        image_alt="",
                    ),
                    Section(
                        kind="services",
                        heading="Treatments we offer",
                        body="Everything your family needs under one roof.",
                        items=services,
                    ),
                    Section(
                        kind="stats",
                        heading="Brightside in numbers",
                        items=[
                            Item(title="Patients registered", detail="3,200"),
                            Item(title="Years in Headingley", detail="15"),
                            Item(title="Evening clinics a week", detail="3"),
                        ],
                    ),
                    Section(
                        kind="process",
                        heading="Your first visit",
                        items=[
                            Item(title="Book", text="Choose a time online or call us."),
                            Item(title="Meet your dentist", text="We talk before we treat."),
                            Item(title="Your plan", text="A written plan with every price."),
                        ],
                    ),
                    Section(
                        kind="testimonials",
                        heading="What patients say",
                        items=[
                            Item(
                                title="Sarah M.",
                                text="I used to dread the dentist. Not any more.",
                                detail="Patient since 2019",
                            ),
                            Item(
                                title="James P.",
                                text="Seen within the hour when I cracked a tooth.",
                                detail="Emergency patient",
                            ),
                        ],
                    ),
                    Section(kind="faq", heading="Questions patients ask"),
                    Section(
                        kind="cta",
                        heading="Ready for a brighter smile?",
                        body="Appointments this week.",
                        cta_label="Book a check-up",
                        cta_page="contact",
                    ),
                ],
            ),
            _page(
                "services",
                "Treatments and prices | Brightside Dental",
                "Check-ups, hygiene, whitening and emergency dentistry in Leeds, with clear "
                "prices before any treatment starts.",
                "Treatments and prices",
                [
                    Section(kind="services", heading="Our treatments", items=services),
                    Section(
                        kind="pricing",
                        heading="Membership plans",
                        body="Spread the cost of routine care.",
                        items=[
                            Item(
                                title="Essential",
                                text="Two check-ups a year; One hygiene visit",
                                detail="£12/month",
                            ),
                            Item(
                                title="Family",
                                text="Two check-ups each; Two hygiene visits each; 10% off",
                                detail="£30/month",
                            ),
                            Item(
                                title="Complete",
                                text="Everything in Family; Whitening top-ups",
                                detail="£45/month",
                            ),
                        ],
                        cta_label="Join a plan",
                        cta_page="contact",
                    ),
                    Section(
                        kind="cta",
                        heading="Not sure what you need?",
                        body="Ask us; we reply within a day.",
                        cta_label="Ask a question",
                        cta_page="contact",
                    ),
                ],
            ),
            _page(
                "about",
                "About us | Brightside Dental",
                "Meet the Brightside Dental team: a small family practice in Headingley, Leeds, "
                "caring for local families since 2010.",
                "About Brightside Dental",
                [
                    Section(
                        kind="about",
                        heading="A small practice that knows your name",
                        body="We opened in 2010 with one chair.\n\nToday we are a team of eight.",
                        items=[Item(title="NHS and private", text="Both, side by side.")],
                    ),
                    Section(
                        kind="team",
                        heading="Meet the team",
                        items=[
                            Item(
                                title="Dr Aisha Khan",
                                text="Leads our family dentistry.",
                                detail="Principal dentist",
                            ),
                            Item(
                                title="Tom Reid",
                                text="Makes cleanings painless.",
                                detail="Hygienist",
                            ),
                        ],
                    ),
                    Section(
                        kind="values",
                        heading="What we stand for",
                        items=[
                            Item(title="No surprises", text="Every price in writing first."),
                            Item(title="Time to talk", text="Thirty-minute appointments."),
                            Item(title="Gentle care", text="Extra help for nervous patients."),
                        ],
                    ),
                ],
            ),
            _page(
                "contact",
                "Contact and booking | Brightside Dental",
                "Book an appointment at Brightside Dental in Leeds: call, email or send us a "
                "message and we will reply within one working day.",
                "Book an appointment",
                [
                    Section(
                        kind="contact",
                        heading="Send us a message",
                        body="We reply within one working day.",
                        cta_label="Send message",
                    )
                ],
            ),
            _privacy(name),
        ],
        faq=[
            FaqEntry(
                question="Do you take new NHS patients?",
                answer="Yes, when places are free; ask us.",
            ),
            FaqEntry(question="What if I'm nervous?", answer="Tell us. We go at your pace."),
        ],
        structured_data=StructuredData(
            schema_type="Dentist",
            description="Family dental clinic in Leeds.",
            telephone="+44 113 496 0000",
            email="hello@brightside.example",
            address="12 Otley Road, Leeds LS6 2AA",
            area_served="Leeds",
            price_range="££",
        ),
    )
    return SiteInput(brief, brand, design, content)


# --- a restaurant (warm) -----------------------------------------------------------------


def restaurant() -> SiteInput:
    name = "Trattoria Rosa"
    palette = Palette(
        primary="#9c2f1f",
        on_primary="#fffaf3",
        accent="#e0a23a",
        background="#fffaf3",
        surface="#f7ecdd",
        text="#2b1a14",
        muted_text="#5e463b",
    )
    brief = Brief(
        name=name,
        description="A family-run Italian trattoria in Bristol serving fresh pasta, "
        "wood-fired pizza and seasonal specials.",
        business_type="restaurant",
        primary_goal="bookings",
        tone="warm, friendly",
        location="Bristol",
        phone="0117 496 0123",
        email="ciao@trattoriarosa.example",
    )
    brand = Brand(
        display_name=name,
        tagline="Fresh pasta, made every morning",
        voice=["warm", "generous"],
        palette=palette,
        contrast=pairs(palette),
        heading_font=SERIF,
        body_font=SYSTEM_SANS,
    )
    design = Design(
        pages=_plans(
            [
                ("index", "Home", ["hero", "features", "gallery", "cta"]),
                ("menu", "Menu", ["menu", "cta"]),
                ("about", "Our story", ["story", "values"]),
                ("contact", "Book a table", ["contact", "faq"]),
                ("privacy", "Privacy", ["legal"]),
            ]
        ),
        primary_cta_label="Book a table",
        primary_cta_page="contact",
        layout="warm",
    )
    content = Content(
        pages=[
            _page(
                "index",
                "Trattoria Rosa | Italian restaurant in Bristol",
                "Fresh pasta made every morning, wood-fired pizza and seasonal specials at "
                "Trattoria Rosa, a family-run Italian restaurant in Bristol.",
                "Italian home cooking in the heart of Bristol",
                [
                    Section(
                        kind="hero",
                        heading="Trattoria Rosa",
                        body="Fresh pasta made every morning and pizza from our wood-fired oven.",
                        cta_label="Book a table",
                        cta_page="contact",
                        image_alt="An illustration of a plate with a fork and knife",
                    ),
                    Section(
                        kind="features",
                        heading="Why people come back",
                        items=[
                            Item(title="Pasta made daily", text="Rolled by hand each morning."),
                            Item(title="Wood-fired oven", text="Pizza in ninety seconds."),
                            Item(title="Family welcome", text="Kids' portions and high chairs."),
                        ],
                    ),
                    Section(
                        kind="gallery",
                        heading="From our kitchen",
                        items=[
                            Item(title="Tagliatelle al ragù", text="Slow-cooked for six hours"),
                            Item(title="Margherita"),
                            Item(title="Tiramisù"),
                        ],
                    ),
                    Section(
                        kind="cta",
                        heading="Hungry?",
                        body="Tables for tonight are often free.",
                        cta_label="Book a table",
                        cta_page="contact",
                    ),
                ],
            ),
            _page(
                "menu",
                "Menu | Trattoria Rosa",
                "Our menu: antipasti, fresh pasta, wood-fired pizza and desserts, with "
                "vegetarian and gluten-free choices marked.",
                "Our menu",
                [
                    Section(
                        kind="menu",
                        heading="Pasta and pizza",
                        body="Ask us about allergies.",
                        items=[
                            Item(
                                title="Tagliatelle al ragù",
                                text="Beef and pork ragù, parmesan.",
                                detail="£14",
                            ),
                            Item(
                                title="Cacio e pepe", text="Pecorino, black pepper.", detail="£12"
                            ),
                            Item(
                                title="Margherita",
                                text="Tomato, fior di latte, basil.",
                                detail="£10",
                            ),
                            Item(title="Diavola", text="Spicy salami, chilli honey.", detail="£13"),
                        ],
                    ),
                    Section(
                        kind="cta",
                        heading="Book your table",
                        cta_label="Book a table",
                        cta_page="contact",
                    ),
                ],
            ),
            _page(
                "about",
                "Our story | Trattoria Rosa",
                "Trattoria Rosa is run by the Bianchi family, cooking the recipes of Rosa, our "
                "grandmother from Bologna, in Bristol since 2012.",
                "Our story",
                [
                    Section(
                        kind="story",
                        heading="Three generations of recipes",
                        body="Rosa taught us to cook in Bologna.",
                        items=[
                            Item(title="2012", text="We open with twelve tables."),
                            Item(title="2018", text="The wood-fired oven arrives."),
                        ],
                    ),
                    Section(
                        kind="values",
                        heading="How we cook",
                        items=[
                            Item(title="Seasonal", text="The menu follows the market."),
                            Item(title="Simple", text="Few ingredients, done well."),
                        ],
                    ),
                ],
            ),
            _page(
                "contact",
                "Book a table | Trattoria Rosa",
                "Book a table at Trattoria Rosa in Bristol: send us a message or call, and we "
                "will confirm your booking by email.",
                "Book a table",
                [
                    Section(
                        kind="contact",
                        heading="Request a booking",
                        body="Tell us the day, time and number of guests.",
                        cta_label="Request booking",
                    ),
                    Section(
                        kind="faq",
                        heading="Good to know",
                        items=[
                            Item(
                                title="Do you have vegan dishes?",
                                text="Yes, several, marked on the menu.",
                            )
                        ],
                    ),
                ],
            ),
            _privacy(name),
        ],
        structured_data=StructuredData(
            schema_type="Restaurant",
            description="Family-run Italian trattoria in Bristol.",
            telephone="0117 496 0123",
            email="ciao@trattoriarosa.example",
            address="",
            area_served="Bristol",
            price_range="££",
        ),
    )
    return SiteInput(brief, brand, design, content)


# --- a SaaS product (minimal, dark) ------------------------------------------------------


def saas() -> SiteInput:
    name = "Ledgerly"
    palette = Palette(
        primary="#8b7cf6",
        on_primary="#0f172a",
        accent="#22d3ee",
        background="#0f172a",
        surface="#1e293b",
        text="#f8fafc",
        muted_text="#cbd5e1",
    )
    brief = Brief(
        name=name,
        description="Ledgerly is bookkeeping software for freelancers that turns bank "
        "transactions into tax-ready reports.",
        business_type="saas",
        primary_goal="sales",
        tone="modern, clear",
        email="team@ledgerly.example",
    )
    brand = Brand(
        display_name=name,
        tagline="Bookkeeping that does itself",
        voice=["clear", "confident"],
        palette=palette,
        contrast=pairs(palette),
        heading_font="Inter, Roboto, 'Helvetica Neue', Arial, sans-serif",
        body_font=SYSTEM_SANS,
    )
    design = Design(
        pages=_plans(
            [
                ("index", "Home", ["hero:centered", "features", "stats", "pricing", "faq", "cta"]),
                ("products", "Product", ["products", "process"]),
                ("about", "About", ["about", "team"]),
                ("contact", "Contact", ["contact"]),
                ("privacy", "Privacy", ["legal"]),
            ]
        ),
        primary_cta_label="Start free trial",
        primary_cta_page="contact",
        layout="minimal",
    )
    content = Content(
        pages=[
            _page(
                "index",
                "Ledgerly | Bookkeeping software for freelancers",
                "Ledgerly turns your bank transactions into tax-ready reports automatically. "
                "Bookkeeping for freelancers, without the spreadsheets.",
                "Bookkeeping that does itself",
                [
                    Section(
                        kind="hero",
                        heading="For freelancers",
                        body="Connect your bank once. Ledgerly sorts every transaction.",
                        cta_label="Start free trial",
                        cta_page="contact",
                    ),
                    Section(
                        kind="features",
                        heading="Everything in one place",
                        items=[
                            Item(
                                title="Automatic categories",
                                text="Transactions sorted as they arrive.",
                            ),
                            Item(title="Tax-ready reports", text="Export for your accountant."),
                            Item(title="Secure by design", text="Read-only bank access."),
                        ],
                    ),
                    Section(
                        kind="stats",
                        heading="Time saved",
                        items=[
                            Item(title="Hours a month", detail="6"),
                            Item(title="Banks supported", detail="40+"),
                        ],
                    ),
                    Section(
                        kind="pricing",
                        heading="Simple pricing",
                        items=[
                            Item(title="Solo", text="One bank account", detail="£8/mo"),
                            Item(
                                title="Pro", text="Unlimited accounts\nVAT returns", detail="£15/mo"
                            ),
                        ],
                        cta_label="Start free trial",
                        cta_page="contact",
                    ),
                    Section(
                        kind="faq",
                        heading="FAQ",
                        items=[
                            Item(title="Can I cancel any time?", text="Yes, from your settings.")
                        ],
                    ),
                    Section(
                        kind="cta",
                        heading="Try Ledgerly free for 30 days",
                        cta_label="Start free trial",
                        cta_page="contact",
                    ),
                ],
            ),
            _page(
                "products",
                "Product | Ledgerly",
                "See what Ledgerly does: bank feeds, automatic categories, receipts and "
                "tax-ready reports for freelancers and sole traders.",
                "The product",
                [
                    Section(
                        kind="products",
                        heading="Plans and add-ons",
                        items=[
                            Item(
                                title="Receipts", text="Snap and match receipts.", detail="Included"
                            ),
                            Item(title="VAT", text="Making Tax Digital returns.", detail="£5/mo"),
                        ],
                    ),
                    Section(
                        kind="process",
                        heading="How it works",
                        items=[
                            Item(title="Connect", text="Link your bank."),
                            Item(title="Review", text="Check the suggestions."),
                            Item(title="Export", text="Send to your accountant."),
                        ],
                    ),
                ],
            ),
            _page(
                "about",
                "About | Ledgerly",
                "Ledgerly is built by a small team of former freelancers in Manchester who "
                "were tired of doing their books in spreadsheets.",
                "About Ledgerly",
                [
                    Section(
                        kind="about",
                        heading="Built by freelancers",
                        body="We were tired of spreadsheets.",
                    ),
                    Section(
                        kind="team",
                        heading="The team",
                        items=[
                            Item(title="Priya Shah", detail="Founder"),
                            Item(title="Leo Grant", detail="Engineer"),
                        ],
                    ),
                ],
            ),
            _page(
                "contact",
                "Contact | Ledgerly",
                "Questions about Ledgerly? Send us a message and a person from our team will "
                "reply within one working day.",
                "Talk to us",
                [Section(kind="contact", heading="Send a message", cta_label="Send")],
            ),
            _privacy(name),
        ],
        structured_data=StructuredData(
            schema_type="Organization",
            description="Bookkeeping software for freelancers.",
            email="team@ledgerly.example",
        ),
    )
    return SiteInput(brief, brand, design, content)


SAMPLES = {"dental": dental, "restaurant": restaurant, "saas": saas}


# --- every field hostile -----------------------------------------------------------------


def hostile() -> SiteInput:
    """The dental site with an attack string in every customer or AI text field."""
    base = dental()
    strings = iter(XSS * 200)

    def evil(value: str, max_length: int) -> str:
        attack = next(strings)
        return (attack + " " + value)[:max_length] if value else attack[:max_length]

    brief = base.brief.model_copy(
        update={
            field: evil(getattr(base.brief, field), limit)
            for field, limit in [
                ("name", 100),
                ("description", 4000),
                ("audience", 500),
                ("tone", 200),
                ("location", 200),
                ("phone", 40),
                ("email", 254),
                ("address", 300),
            ]
        }
        | {"services": [evil(s, 100) for s in base.brief.services]}
    )
    brand = base.brand.model_copy(
        update={
            "display_name": evil(base.brand.display_name, 100),
            "tagline": evil(base.brand.tagline, 140),
            "voice": [evil(v, 60) for v in base.brand.voice],
            "heading_font": "x;}</style><script>alert(5)</script>{",
            "body_font": "Arial; background:url(javascript:alert(6)); } body { color: red",
        }
    )
    design = base.design.model_copy(
        update={
            "primary_cta_label": evil("", 40),
            "pages": [
                plan.model_copy(
                    update={
                        "nav_label": evil(plan.nav_label, 40),
                        "sections": [
                            s.model_copy(update={"variant": '"><script>alert(7)</script>'})
                            for s in plan.sections
                        ],
                    }
                )
                for plan in base.design.pages
            ],
        }
    )

    def section(s: Section) -> Section:
        return s.model_copy(
            update={
                "heading": evil(s.heading, 140),
                "body": evil(s.body, 2000),
                "cta_label": evil(s.cta_label, 40) if s.cta_label else "",
                "cta_page": "javascript:alert(8)",
                "image_alt": evil(s.image_alt, 160),
                "items": [
                    Item(
                        title=evil(i.title, 120), text=evil(i.text, 600), detail=evil(i.detail, 80)
                    )
                    for i in s.items
                ],
            }
        )

    content = base.content.model_copy(
        update={
            "pages": [
                p.model_copy(
                    update={
                        "meta_title": evil(p.meta_title, 70),
                        "meta_description": evil(p.meta_description, 160),
                        "h1": evil(p.h1, 120),
                        "sections": [section(s) for s in p.sections],
                    }
                )
                for p in base.content.pages
            ],
            "faq": [
                FaqEntry(question=evil(f.question, 200), answer=evil(f.answer, 800))
                for f in base.content.faq
            ],
            "structured_data": StructuredData(
                schema_type='Dentist"}</script><script>alert(9)</script>',
                description=evil("Family dentist", 300),
                telephone=evil("+44 113", 60),
                email=evil("a@b.example", 60),
                address=evil("1 Road", 300),
                area_served=evil("Leeds", 300),
                price_range=evil("££", 60),
            ),
        }
    )
    return SiteInput(brief, brand, design, content)
