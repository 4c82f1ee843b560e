# ruff: noqa: E501 - a table of data reads best one entry (a palette, a question) per line
"""What the built-in provider knows about each kind of business: one flat dict per type.

Data only; ``builtin.py`` turns a playbook and a brief into research, brand, design and
copy. Text fields are templates filled from the brief with ``str.format_map``:

    {name}      the business's name            {label}    "dental clinic"
    {noun}      "patients", "clients", ...     {offer}    "treatments" (the offer page)
    {city}      the brief's town (first part of its location; a template that uses it
                is only chosen when the brief names a location)
    {in_city}   " in Leeds" or ""
    {service}   the first service              {services} "a, b and c" (up to three)
    {audience}  who the business serves (the brief's words when short, else the
                playbook's ``audience``)
    {contact}   how to reach it: "call us on ..., email ... or use the form on our
                contact page"
    {x_cap}     any of the above with a capital first letter ({service_cap}, ...)

Rules for the copy: nothing a business would have to retract. No awards, prices, years,
ratings, guarantees or testimonials; commitments are phrased as how the business works,
and anything specific comes from the brief.
"""

from __future__ import annotations

from typing import Literal, TypedDict

from code24.ai.schemas import BusinessType, PrimaryGoal, SectionKind

# --- Type: system font stacks only (no web fonts, no external requests) ---------------

SYSTEM_SANS = (
    "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', 'Noto Sans', "
    "'Liberation Sans', Arial, sans-serif"
)
HUMANIST = "Seravek, 'Gill Sans Nova', Ubuntu, Calibri, 'DejaVu Sans', source-sans-pro, sans-serif"
GEOMETRIC = (
    "Avenir, 'Avenir Next LT Pro', Montserrat, Corbel, 'URW Gothic', source-sans-pro, sans-serif"
)
NEO_GROTESK = "Inter, Roboto, 'Helvetica Neue', 'Arial Nova', 'Nimbus Sans', Arial, sans-serif"
ROUNDED = (
    "ui-rounded, 'Hiragino Maru Gothic ProN', Quicksand, Comfortaa, Manjari, "
    "'Arial Rounded MT', 'Arial Rounded MT Bold', Calibri, source-sans-pro, sans-serif"
)
TRANSITIONAL = "Charter, 'Bitstream Charter', 'Sitka Text', Cambria, serif"
OLD_STYLE = "'Iowan Old Style', 'Palatino Linotype', 'URW Palladio L', P052, serif"
DIDONE = "Didot, 'Bodoni MT', 'Noto Serif Display', 'URW Palladio L', P052, Sylfaen, serif"
SLAB = "Rockwell, 'Rockwell Nova', 'Roboto Slab', 'DejaVu Serif', 'Sitka Small', serif"
INDUSTRIAL = (
    "Bahnschrift, 'DIN Alternate', 'Franklin Gothic Medium', 'Nimbus Sans Narrow', "
    "sans-serif-condensed, sans-serif"
)
MONO = "ui-monospace, 'Cascadia Code', 'Source Code Pro', Menlo, Consolas, 'DejaVu Sans Mono', monospace"

Mood = Literal["calm", "warm", "bold", "classic", "fresh", "elegant", "playful"]
Layout = Literal["classic", "bold", "minimal", "warm"]
PageKey = Literal["offer", "contact", "about"]


class PaletteSeed(TypedDict):
    mood: Mood
    primary: str
    on_primary: str
    accent: str
    background: str
    surface: str
    text: str
    muted_text: str


class ExtraPage(TypedDict):
    slug: str
    nav_label: str
    h1: str
    intro: str
    sections: list[SectionKind]
    items: list[tuple[str, str]]  # the page's features, when it has some of its own


class Playbook(TypedDict):
    audience: str
    label: str
    noun: str
    offer_slug: Literal["services", "products", "menu"]
    offer_label: str
    offer_heading: str
    offer_intro: str
    offer_teaser: str  # the offer section's heading on the home page
    offer_list: str  # its heading on the offer page
    offer_more: str  # the home page's link to the offer page
    schema_type: str
    local: bool
    audience_segments: list[tuple[str, list[str]]]
    search_intents: list[str]
    keyword_stems: list[str]
    converting_sections: list[SectionKind]
    trust_signals: list[str]
    opportunities: list[str]
    palettes: list[PaletteSeed]
    voice: list[str]
    fonts: list[tuple[str, str]]
    layouts: list[Layout]
    home: dict[PrimaryGoal, list[SectionKind]]
    ctas: dict[PrimaryGoal, tuple[str, PageKey]]
    # What every business of the type offers; listed when the brief names no services
    # and its description mentions none of the examples below.
    core_service: tuple[str, str]
    # Examples of services: (title, one line). Used when the description mentions them.
    services: list[tuple[str, str]]
    # How a service the playbook has no line for is described ({title}, {title_lower}).
    service_lines: list[str]
    process: list[tuple[str, str]]
    values: list[tuple[str, str]]
    taglines: list[str]
    headlines: list[str]
    intro: str
    about: str
    pricing_note: str
    extra_page: ExtraPage | None
    faq: list[tuple[str, str]]


# Words in a brief's tone that point at a mood (palette) and a layout.
TONE_MOODS: dict[str, Mood] = {
    "calm": "calm", "gentle": "calm", "caring": "calm", "reassuring": "calm",
    "relaxed": "calm", "quiet": "calm", "peaceful": "calm",
    "friendly": "warm", "warm": "warm", "welcoming": "warm", "family": "warm",
    "cosy": "warm", "cozy": "warm", "homely": "warm", "approachable": "warm",
    "bold": "bold", "energetic": "bold", "confident": "bold", "strong": "bold",
    "loud": "bold", "motivating": "bold", "intense": "bold", "dynamic": "bold",
    "professional": "classic", "trustworthy": "classic", "serious": "classic",
    "formal": "classic", "traditional": "classic", "reliable": "classic",
    "established": "classic", "authoritative": "classic", "honest": "classic",
    "modern": "fresh", "fresh": "fresh", "clean": "fresh", "minimal": "fresh",
    "simple": "fresh", "clear": "fresh", "straightforward": "fresh", "techy": "fresh",
    "luxury": "elegant", "luxurious": "elegant", "elegant": "elegant", "premium": "elegant",
    "sophisticated": "elegant", "refined": "elegant", "artistic": "elegant",
    "playful": "playful", "fun": "playful", "quirky": "playful", "cheerful": "playful",
    "creative": "playful", "vibrant": "playful", "colourful": "playful", "colorful": "playful",
}  # fmt: skip

MOOD_LAYOUTS: dict[Mood, Layout] = {
    "calm": "minimal",
    "warm": "warm",
    "bold": "bold",
    "classic": "classic",
    "fresh": "minimal",
    "elegant": "minimal",
    "playful": "bold",
}

# The privacy page, the same for every site: what the contact form collects and why.
PRIVACY_SECTIONS: list[tuple[str, str]] = [
    (
        "What we collect",
        "When you use the contact form on this website we receive the details you enter: "
        "your name, email address, phone number if you give it, and your message. We do "
        "not ask for more than we need to reply.",
    ),
    (
        "How we use it",
        "We use your details only to answer your enquiry and to follow up on it. We do not "
        "sell your details or share them with anyone for marketing.",
    ),
    (
        "Cookies",
        "This website does not set advertising or tracking cookies.",
    ),
    (
        "How long we keep it",
        "We keep enquiries for as long as we need them to help you, and delete them when "
        "they are no longer needed.",
    ),
    (
        "Your rights",
        "You can ask us what we hold about you, ask us to correct it, or ask us to delete "
        "it. To do so, {contact}.",
    ),
]

# Questions every business gets, used when a playbook's own run out.
COMMON_FAQ: list[tuple[str, str]] = [
    ("How do I get in touch with {name}?", "The quickest way: {contact}."),
    (
        "Where are you based?",
        "{name} is based in {city}. Get in touch and we'll tell you how we can help.",
    ),
    (
        "What happens after I send a message?",
        "We read every message ourselves and reply with an answer or the questions we "
        "need to ask you. Nothing is booked or charged until you agree to it.",
    ),
]


PLAYBOOKS: dict[BusinessType, Playbook] = {
    # --- saas -------------------------------------------------------------------------
    "saas": {
        "audience": "small and growing teams",
        "label": "software company",
        "noun": "teams",
        "offer_slug": "products",
        "offer_label": "Product",
        "offer_heading": "What {name} does",
        "offer_teaser": "What you can do with {name}",
        "offer_list": "Features",
        "offer_more": "Explore the product",
        "offer_intro": "Everything in {name} is built around one job: {service}. Here is "
        "what you can do with it.",
        "schema_type": "Organization",
        "local": False,
        "audience_segments": [
            ("Team leads evaluating tools", ["see what it does in minutes", "know the setup effort", "trust the vendor with data"]),
            ("Hands-on users", ["a fast, clear interface", "fewer manual steps", "help when stuck"]),
            ("Budget holders", ["a clear reason to switch", "no surprise costs", "an easy way to ask questions"]),
        ],
        "search_intents": [
            "{service} software",
            "best tool for {service}",
            "{service} app for small teams",
            "alternative to spreadsheets for {service}",
            "how to automate {service}",
        ],
        "keyword_stems": ["software", "app", "platform", "tool", "online"],
        "converting_sections": ["hero", "features", "process", "faq", "cta"],
        "trust_signals": [
            "A plain explanation of how customer data is stored and protected",
            "Screens or a short walkthrough of the real product",
            "A named team and a real way to contact them",
            "Clear terms for trying, cancelling and exporting data",
        ],
        "opportunities": [
            "Say in one sentence on the home page what the product does and for whom.",
            "Show how setup works step by step; setup effort is what stalls trials.",
            "Answer the data and security questions before a buyer has to ask.",
            "Give every page one clear next step instead of several competing buttons.",
        ],
        "palettes": [
            {"mood": "fresh", "primary": "#4f46e5", "on_primary": "#ffffff", "accent": "#22d3ee", "background": "#ffffff", "surface": "#f5f7ff", "text": "#111827", "muted_text": "#4b5563"},
            {"mood": "bold", "primary": "#7c3aed", "on_primary": "#ffffff", "accent": "#f59e0b", "background": "#0f172a", "surface": "#1e293b", "text": "#f8fafc", "muted_text": "#cbd5e1"},
            {"mood": "classic", "primary": "#1d4ed8", "on_primary": "#ffffff", "accent": "#10b981", "background": "#ffffff", "surface": "#f1f5f9", "text": "#0f172a", "muted_text": "#475569"},
            {"mood": "playful", "primary": "#db2777", "on_primary": "#ffffff", "accent": "#8b5cf6", "background": "#fffbfe", "surface": "#fdf2f8", "text": "#1f1235", "muted_text": "#5b4b6b"},
        ],
        "voice": ["clear", "confident", "helpful", "direct"],
        "fonts": [(NEO_GROTESK, SYSTEM_SANS), (GEOMETRIC, SYSTEM_SANS), (MONO, NEO_GROTESK)],
        "layouts": ["minimal", "bold"],
        "home": {
            "lead_generation": ["hero", "features", "process", "faq", "cta"],
            "sales": ["hero", "products", "process", "faq", "cta"],
            "bookings": ["hero", "features", "process", "cta"],
            "awareness": ["hero", "about", "features", "process", "cta"],
        },
        "ctas": {
            "lead_generation": ("Request a demo", "contact"),
            "sales": ("See the product", "offer"),
            "bookings": ("Book a walkthrough", "contact"),
            "awareness": ("See how it works", "offer"),
        },
        "core_service": ("Software", "One place to get the job done, built for {audience}."),
        "services": [
            ("Simple setup", "Connect your existing tools and start with the data you already have."),
            ("Shared workspace", "Everyone on the team sees the same up-to-date picture."),
            ("Reports", "See what changed and what needs attention without building spreadsheets."),
            ("Integrations", "Works alongside the tools your team already uses."),
        ],
        "service_lines": [
            "{title}, built into {name}.",
            "{title} that fits the way your team already works.",
            "Handle {title_lower} without extra tools or spreadsheets.",
        ],
        "process": [
            ("Tell us about your team", "Share how you work today and what slows you down."),
            ("See it with your own data", "We walk you through {name} set up for the way you work."),
            ("Roll it out", "Invite your team and switch over at your own pace."),
        ],
        "values": [
            ("Built for the job", "{name} does {service} well instead of everything badly."),
            ("Your data stays yours", "Export what you put in, whenever you want."),
            ("People who answer", "Questions go to the team that builds the product."),
        ],
        "taglines": [
            "{service_cap}, without the busywork",
            "The simpler way to handle {service}",
            "{service_cap} for {audience}",
            "Less admin. More done.",
        ],
        "headlines": [
            "{service_cap} made simple for {audience}",
            "{name}: {service} without the busywork",
            "Spend less time on {service}",
        ],
        "intro": "{name} helps {audience} with {services}, so the team spends its time on "
        "the work that matters.",
        "about": "{name} is software for {audience}. We build it around {services}.",
        "pricing_note": "Plans depend on your team's size and needs. Tell us about your team "
        "and we'll recommend the right one.",
        "extra_page": {
            "slug": "how-it-works",
            "nav_label": "How it works",
            "h1": "How {name} works",
            "intro": "From first conversation to your whole team using {name}, in three steps.",
            "sections": ["hero", "process", "features", "cta"],
            "items": [],
        },
        "faq": [
            ("What does {name} do?", "{name} helps {audience} with {services}. {contact_cap} and we'll show you how it fits the way you work."),
            ("How long does setup take?", "It depends on the tools and data you bring. Tell us about your setup and we'll give you a realistic plan before you commit."),
            ("Can I export my data?", "Yes: the data you put into {name} is yours. Ask us about formats and we'll help you get it out."),
            ("Who is {name} for?", "{name} is built for {audience}. If you're not sure it fits, {contact}."),
            ("How do I get help?", "Write to the team that builds the product: {contact}."),
        ],
    },
    # --- e-commerce -------------------------------------------------------------------
    "e-commerce": {
        "audience": "people who love good things",
        "label": "online shop",
        "noun": "customers",
        "offer_slug": "products",
        "offer_label": "Shop",
        "offer_heading": "Our products",
        "offer_teaser": "From the shop",
        "offer_list": "The range",
        "offer_more": "Browse the shop",
        "offer_intro": "Browse what {name} offers. Ask us about anything you don't see here.",
        "schema_type": "OnlineStore",
        "local": False,
        "audience_segments": [
            ("Gift buyers", ["ideas that feel personal", "delivery they can count on", "easy returns"]),
            ("Returning customers", ["new arrivals", "a quick way to reorder", "friendly service"]),
            ("Careful comparers", ["clear product details", "honest photos", "answers before buying"]),
        ],
        "search_intents": [
            "buy {service} online",
            "{service} shop",
            "{service} gift ideas",
            "where to buy {service}",
            "{service} delivered",
        ],
        "keyword_stems": ["shop", "buy online", "store", "gifts", "delivery"],
        "converting_sections": ["hero", "products", "features", "faq", "cta"],
        "trust_signals": [
            "Clear delivery and returns information before checkout",
            "Real product photos and honest descriptions",
            "A real person and a real way to ask questions",
            "Secure contact and payment details stated plainly",
        ],
        "opportunities": [
            "Put delivery and returns answers on the product pages, not only in the footer.",
            "Describe each product by what it is for, not only what it is.",
            "Make it obvious how to ask a question before buying.",
            "Use product names that match what shoppers type into search.",
        ],
        "palettes": [
            {"mood": "warm", "primary": "#c2410c", "on_primary": "#ffffff", "accent": "#fbbf24", "background": "#fffaf5", "surface": "#fff1e6", "text": "#292524", "muted_text": "#57534e"},
            {"mood": "elegant", "primary": "#111111", "on_primary": "#ffffff", "accent": "#c9a227", "background": "#ffffff", "surface": "#f6f5f3", "text": "#1c1917", "muted_text": "#57534e"},
            {"mood": "playful", "primary": "#e11d48", "on_primary": "#ffffff", "accent": "#14b8a6", "background": "#ffffff", "surface": "#fff1f2", "text": "#1f2937", "muted_text": "#4b5563"},
            {"mood": "fresh", "primary": "#0f766e", "on_primary": "#ffffff", "accent": "#f97316", "background": "#ffffff", "surface": "#f0fdfa", "text": "#134e4a", "muted_text": "#3f5f5c"},
        ],
        "voice": ["friendly", "enthusiastic", "clear", "helpful"],
        "fonts": [(DIDONE, SYSTEM_SANS), (GEOMETRIC, HUMANIST), (OLD_STYLE, SYSTEM_SANS)],
        "layouts": ["bold", "classic", "warm"],
        "home": {
            "lead_generation": ["hero", "products", "features", "cta"],
            "sales": ["hero", "products", "features", "process", "cta"],
            "bookings": ["hero", "products", "process", "cta"],
            "awareness": ["hero", "story", "products", "values", "cta"],
        },
        "ctas": {
            "lead_generation": ("Ask about an order", "contact"),
            "sales": ("Browse the shop", "offer"),
            "bookings": ("Reserve an item", "contact"),
            "awareness": ("Discover the range", "offer"),
        },
        "core_service": ("Online shop", "Browse the range and ask us anything before you order."),
        "services": [
            ("New arrivals", "The latest additions to the range."),
            ("Gifts", "Ideas for birthdays, thank-yous and everything in between."),
            ("Bestsellers", "The pieces customers come back for."),
            ("Gift cards", "Let them choose for themselves."),
        ],
        "service_lines": [
            "{title}, chosen with care by {name}.",
            "Browse our {title_lower} and ask us anything before you order.",
            "{title} from {name}, described honestly.",
        ],
        "process": [
            ("Choose", "Browse the range and ask us anything before you decide."),
            ("Order", "Send us your order and we'll confirm the details with you."),
            ("Enjoy", "We pack it with care and keep you posted until it arrives."),
        ],
        "values": [
            ("Chosen with care", "Every product in the range is one we're happy to stand behind."),
            ("Honest descriptions", "What you see is what arrives."),
            ("Real people", "Questions are answered by the people who run {name}."),
        ],
        "taglines": [
            "{service_cap}, chosen with care",
            "Thoughtful {service} for {audience}",
            "Good things, delivered from {city}",
            "Find something you'll love",
        ],
        "headlines": [
            "{service_cap}, chosen with care",
            "Shop {services} at {name}",
            "{name}: {service} you'll want to keep",
        ],
        "intro": "{name} brings together {services} for {audience}.",
        "about": "{name} is an independent shop for {audience}, focused on {services}.",
        "pricing_note": "Prices are confirmed with every order. Ask us about anything you "
        "want to know before you buy.",
        "extra_page": {
            "slug": "faq",
            "nav_label": "FAQ",
            "h1": "Questions about ordering from {name}",
            "intro": "Delivery, returns and everything else customers ask us.",
            "sections": ["hero", "faq", "cta"],
            "items": [],
        },
        "faq": [
            ("How do I place an order?", "Choose what you'd like and {contact}. We'll confirm availability and the details of your order."),
            ("Do you deliver to my area?", "Tell us where you are and we'll confirm the delivery options before you order."),
            ("Can I return something?", "Ask us before you send anything back and we'll explain how returns work for that product."),
            ("Can you help me choose a gift?", "Yes. Tell us who it's for and what they like, and we'll suggest something from the range."),
            ("Is something out of stock?", "{contact_cap} and we'll tell you when it's expected back."),
        ],
    },
    # --- restaurant -------------------------------------------------------------------
    "restaurant": {
        "audience": "food lovers",
        "label": "restaurant",
        "noun": "guests",
        "offer_slug": "menu",
        "offer_label": "Menu",
        "offer_heading": "Our menu",
        "offer_teaser": "From our menu",
        "offer_list": "On the menu",
        "offer_more": "See the full menu",
        "offer_intro": "A taste of what's cooking at {name}. Ask us about dietary needs: "
        "we're happy to help.",
        "schema_type": "Restaurant",
        "local": True,
        "audience_segments": [
            ("Locals choosing where to eat tonight", ["the menu at a glance", "opening hours", "a quick way to book"]),
            ("Groups and celebrations", ["space for a group", "set menus or sharing dishes", "a contact for planning"]),
            ("Visitors to the area", ["directions", "what the place is known for", "whether to book ahead"]),
        ],
        "search_intents": [
            "restaurant near me",
            "restaurants in {city}",
            "{service} {city}",
            "best place to eat in {city}",
            "book a table {city}",
            "{service} near me",
        ],
        "keyword_stems": ["restaurant", "food", "dinner", "lunch", "book a table"],
        "converting_sections": ["hero", "menu", "story", "gallery", "contact", "cta"],
        "trust_signals": [
            "The menu on the site, readable on a phone",
            "Opening hours, address and a map link on every page",
            "Dietary and allergen information, or how to ask for it",
            "Real photos of the room and the food",
        ],
        "opportunities": [
            "Put the menu on the page as text, not as a PDF, so phones and search engines read it.",
            "Show address, hours and how to book in the first screen.",
            "Say clearly how to ask about allergies and dietary needs.",
            "Give groups and celebrations their own line and a way to get in touch.",
        ],
        "palettes": [
            {"mood": "warm", "primary": "#9a3412", "on_primary": "#ffffff", "accent": "#eab308", "background": "#fffbf5", "surface": "#fdf0e1", "text": "#2b1d12", "muted_text": "#5c4a3d"},
            {"mood": "elegant", "primary": "#b8860b", "on_primary": "#111111", "accent": "#7f1d1d", "background": "#151210", "surface": "#221d19", "text": "#f5efe6", "muted_text": "#d6cbbd"},
            {"mood": "fresh", "primary": "#166534", "on_primary": "#ffffff", "accent": "#f97316", "background": "#fbfdf8", "surface": "#eef6e8", "text": "#1a2e1a", "muted_text": "#4a5d48"},
            {"mood": "playful", "primary": "#be123c", "on_primary": "#ffffff", "accent": "#facc15", "background": "#fffdf7", "surface": "#fff3dc", "text": "#2a1a1a", "muted_text": "#5e4a4a"},
        ],
        "voice": ["warm", "inviting", "generous", "unfussy"],
        "fonts": [(OLD_STYLE, HUMANIST), (DIDONE, SYSTEM_SANS), (SLAB, HUMANIST)],
        "layouts": ["warm", "classic"],
        "home": {
            "lead_generation": ["hero", "menu", "story", "contact", "cta"],
            "sales": ["hero", "menu", "gallery", "cta"],
            "bookings": ["hero", "menu", "story", "contact", "cta"],
            "awareness": ["hero", "story", "menu", "gallery", "cta"],
        },
        "ctas": {
            "lead_generation": ("Plan your event", "contact"),
            "sales": ("See the menu", "offer"),
            "bookings": ("Book a table", "contact"),
            "awareness": ("See the menu", "offer"),
        },
        "core_service": ("Food and drink", "Come in and see what's cooking at {name}."),
        "services": [
            ("Lunch", "Simple, generous plates for a midday break."),
            ("Dinner", "Our full menu, served in the evening."),
            ("Private dining", "Space and a menu for groups and celebrations."),
            ("Takeaway", "Your favourites to enjoy at home."),
        ],
        "service_lines": [
            "{title} on the menu at {name}.",
            "Ask our team about our {title_lower}.",
            "{title}, served at {name}{in_city}.",
        ],
        "process": [
            ("Choose a time", "Tell us the day, the time and how many of you are coming."),
            ("We confirm", "We reply to confirm your table and note any dietary needs."),
            ("Come hungry", "Your table is ready when you arrive."),
        ],
        "values": [
            ("Cooked here", "Our dishes are prepared in our own kitchen."),
            ("Made for sharing", "Food that brings people round the table."),
            ("Everyone welcome", "Tell us about allergies or dietary needs and we'll look after you."),
        ],
        "taglines": [
            "Good food and a warm welcome in {city}",
            "{service_cap} worth coming back for",
            "Pull up a chair",
            "Your table in {city} is waiting",
        ],
        "headlines": [
            "{service_cap} in {city}",
            "Welcome to {name}",
            "Good food, good company at {name}",
        ],
        "intro": "{name} serves {services}{in_city}. Come as you are and stay a while.",
        "about": "{name} is a restaurant{in_city} serving {services}.",
        "pricing_note": "Ask us about set menus for groups and events.",
        "extra_page": None,
        "faq": [
            ("Do I need to book?", "Booking is the best way to be sure of a table: {contact}."),
            ("Can you cater for allergies and dietary needs?", "Tell us when you book and ask our team when you arrive. We'll explain what's in each dish and what we can adapt."),
            ("Do you take group bookings?", "Yes, get in touch with the date and the size of your group and we'll talk through the options."),
            ("Where are you?", "{name} is in {city}. Get in touch if you need directions."),
            ("Do you do takeaway?", "Ask us about what's available to take away: {contact}."),
        ],
    },
    # --- law firm ---------------------------------------------------------------------
    "law-firm": {
        "audience": "individuals and businesses",
        "label": "law firm",
        "noun": "clients",
        "offer_slug": "services",
        "offer_label": "Practice areas",
        "offer_heading": "How we can help",
        "offer_teaser": "Practice areas",
        "offer_list": "Our practice areas",
        "offer_more": "All practice areas",
        "offer_intro": "{name} advises on {services}. Tell us about your situation and "
        "we'll tell you honestly whether we can help.",
        "schema_type": "Attorney",
        "local": True,
        "audience_segments": [
            ("People facing a legal problem now", ["to know if they have a case", "a clear next step", "confidentiality"]),
            ("Businesses needing advice", ["responsive advice", "predictable costs", "plain-language answers"]),
            ("People planning ahead", ["someone they trust", "clear documents", "no jargon"]),
        ],
        "search_intents": [
            "{service} lawyer {city}",
            "{service} solicitor near me",
            "law firm in {city}",
            "free initial legal advice {city}",
            "how much does a {service} lawyer cost",
            "what to do about {service}",
        ],
        "keyword_stems": ["lawyer", "solicitor", "attorney", "law firm", "legal advice"],
        "converting_sections": ["hero", "services", "process", "values", "faq", "cta"],
        "trust_signals": [
            "Each lawyer's qualifications and regulator registration",
            "A plain explanation of how fees work",
            "A confidential way to describe the problem",
            "Clear areas of practice, not a list of everything",
        ],
        "opportunities": [
            "Explain in plain words what happens in a first conversation.",
            "Say how fees are worked out before a client has to ask.",
            "Give each practice area its own section that names the problems it solves.",
            "Offer a confidential form that asks only what is needed to call back.",
        ],
        "palettes": [
            {"mood": "classic", "primary": "#1e3a5f", "on_primary": "#ffffff", "accent": "#b08d57", "background": "#ffffff", "surface": "#f4f6f9", "text": "#1a202c", "muted_text": "#4a5568"},
            {"mood": "elegant", "primary": "#5b1a2b", "on_primary": "#ffffff", "accent": "#c5a572", "background": "#fdfcfa", "surface": "#f5f1ea", "text": "#231f20", "muted_text": "#57504a"},
            {"mood": "calm", "primary": "#2f4f4f", "on_primary": "#ffffff", "accent": "#a3b18a", "background": "#ffffff", "surface": "#f2f5f3", "text": "#1c2421", "muted_text": "#4d5a55"},
            {"mood": "bold", "primary": "#0b2545", "on_primary": "#ffffff", "accent": "#e0a100", "background": "#ffffff", "surface": "#eef2f7", "text": "#0b1320", "muted_text": "#3e4c5e"},
        ],
        "voice": ["reassuring", "precise", "plain-spoken", "discreet"],
        "fonts": [(TRANSITIONAL, SYSTEM_SANS), (OLD_STYLE, HUMANIST), (DIDONE, NEO_GROTESK)],
        "layouts": ["classic", "minimal"],
        "home": {
            "lead_generation": ["hero", "services", "process", "values", "cta"],
            "sales": ["hero", "services", "pricing", "process", "cta"],
            "bookings": ["hero", "services", "process", "cta"],
            "awareness": ["hero", "about", "services", "values", "cta"],
        },
        "ctas": {
            "lead_generation": ("Tell us about your case", "contact"),
            "sales": ("Ask about fees", "contact"),
            "bookings": ("Book a consultation", "contact"),
            "awareness": ("Our practice areas", "offer"),
        },
        "core_service": ("Legal advice", "Clear advice on where you stand and what you can do next."),
        "services": [
            ("Family law", "Separation, children and finances, handled with care."),
            ("Employment law", "Advice for employees and employers on disputes and contracts."),
            ("Wills and probate", "Plan ahead, and get help when someone has died."),
            ("Property law", "Buying, selling and disputes over property."),
        ],
        "service_lines": [
            "Advice on {title_lower}, explained in plain language.",
            "{title}: we tell you where you stand and what your options are.",
            "Talk to us in confidence about {title_lower}.",
        ],
        "process": [
            ("Tell us what happened", "Use the confidential form or call us. We ask only what we need."),
            ("Get a clear answer", "We tell you whether we can help, how, and how fees would work."),
            ("We act for you", "Once you agree, we get to work and keep you informed at every step."),
        ],
        "values": [
            ("Plain language", "We explain your options without jargon."),
            ("Confidential", "What you tell us stays between you and us."),
            ("No surprises", "We explain how fees work before any work begins."),
        ],
        "taglines": [
            "Clear legal advice in {city}",
            "Straight answers on {service}",
            "On your side when it matters",
            "Legal advice you can understand",
        ],
        "headlines": [
            "{service_cap} advice in {city}",
            "Clear advice on {service}",
            "Legal help from {name}",
        ],
        "intro": "{name} advises {audience} on {services}{in_city}. Tell us what's "
        "happening and we'll explain your options.",
        "about": "{name} is a law firm{in_city} advising on {services}.",
        "pricing_note": "How fees work depends on the matter. We explain them in writing "
        "before any work begins.",
        "extra_page": {
            "slug": "faq",
            "nav_label": "FAQ",
            "h1": "Questions clients ask us",
            "intro": "Straight answers about working with {name}.",
            "sections": ["hero", "faq", "cta"],
            "items": [],
        },
        "faq": [
            ("How do I know if you can help?", "Describe your situation in confidence: {contact}. We'll tell you whether it's something we handle."),
            ("How are your fees worked out?", "It depends on the type of matter. We explain how fees work, in writing, before any work begins."),
            ("Is what I tell you confidential?", "Yes. What you share with us about your matter is treated as confidential."),
            ("What should I bring to a first meeting?", "Any letters, contracts or documents about the matter, and a short timeline of what happened. We'll tell you if we need anything else."),
            ("Which areas of law do you cover?", "{name} advises on {services}. If your question is outside these, we'll tell you and, where we can, suggest where to turn."),
        ],
    },
    # --- dental clinic ----------------------------------------------------------------
    "dental-clinic": {
        "audience": "patients of all ages",
        "label": "dental clinic",
        "noun": "patients",
        "offer_slug": "services",
        "offer_label": "Treatments",
        "offer_heading": "Treatments at {name}",
        "offer_teaser": "Treatments",
        "offer_list": "Our treatments",
        "offer_more": "All treatments",
        "offer_intro": "Every treatment at {name} is explained before it starts, so you can "
        "decide what's right for you.",
        "schema_type": "Dentist",
        "local": True,
        "audience_segments": [
            ("Families", ["check-ups for all ages", "appointments that fit school and work", "a gentle approach for children"]),
            ("Nervous patients", ["a calm, unhurried visit", "explanations before anything happens", "the option to stop and ask"]),
            ("People in pain", ["to be seen soon", "clear directions", "to know what it will involve"]),
            ("Cosmetic treatment seekers", ["to understand the options", "realistic expectations", "costs explained upfront"]),
        ],
        "search_intents": [
            "dentist near me",
            "dentist in {city}",
            "emergency dentist {city}",
            "{service} {city}",
            "{service} cost",
            "dentist accepting new patients {city}",
        ],
        "keyword_stems": ["dentist", "dental clinic", "dental practice", "check-up", "dental care"],
        "converting_sections": ["hero", "services", "process", "values", "faq", "cta"],
        "trust_signals": [
            "The dentists' names, qualifications and professional registration",
            "How costs are explained before treatment",
            "A reassuring note for nervous patients",
            "Address, opening hours and accessibility information",
        ],
        "opportunities": [
            "Answer what nervous patients worry about on the home page, not deep in the site.",
            "Make booking and urgent appointments obvious on a phone.",
            "Explain each treatment in a sentence a patient understands.",
            "Say how costs are explained before treatment.",
        ],
        "palettes": [
            {"mood": "calm", "primary": "#0e7490", "on_primary": "#ffffff", "accent": "#5eead4", "background": "#ffffff", "surface": "#f0f9fb", "text": "#0f2830", "muted_text": "#46606a"},
            {"mood": "fresh", "primary": "#0284c7", "on_primary": "#ffffff", "accent": "#a3e635", "background": "#ffffff", "surface": "#f0f7ff", "text": "#0c1c2c", "muted_text": "#475569"},
            {"mood": "warm", "primary": "#0f766e", "on_primary": "#ffffff", "accent": "#fda4af", "background": "#fffdfb", "surface": "#f3faf8", "text": "#1c2b29", "muted_text": "#4f5f5c"},
            {"mood": "elegant", "primary": "#334155", "on_primary": "#ffffff", "accent": "#c4b5fd", "background": "#fcfcfd", "surface": "#f3f4f8", "text": "#111827", "muted_text": "#4b5563"},
        ],
        "voice": ["reassuring", "gentle", "clear", "caring"],
        "fonts": [(HUMANIST, SYSTEM_SANS), (ROUNDED, HUMANIST), (GEOMETRIC, SYSTEM_SANS)],
        "layouts": ["minimal", "warm", "classic"],
        "home": {
            "lead_generation": ["hero", "services", "values", "process", "cta"],
            "sales": ["hero", "services", "pricing", "values", "cta"],
            "bookings": ["hero", "services", "process", "values", "contact", "cta"],
            "awareness": ["hero", "about", "services", "values", "cta"],
        },
        "ctas": {
            "lead_generation": ("Ask us a question", "contact"),
            "sales": ("See treatments", "offer"),
            "bookings": ("Book an appointment", "contact"),
            "awareness": ("Meet the practice", "about"),
        },
        "core_service": ("Dental care", "Care for your teeth and gums, explained clearly at every step."),
        "services": [
            ("Check-ups", "A thorough look at your teeth and gums, with advice on keeping them healthy."),
            ("Hygienist visits", "Professional cleaning and tips for caring for your teeth at home."),
            ("Fillings", "Repairing decay with tooth-coloured materials where suitable."),
            ("Teeth whitening", "A brighter smile, with realistic advice on what to expect."),
            ("Emergency appointments", "Help when you're in pain or something has broken."),
        ],
        "service_lines": [
            "{title} at {name}, explained before we start.",
            "Ask us about {title_lower}: we'll talk you through what's involved.",
            "{title}, carried out gently and at your pace.",
        ],
        "process": [
            ("Get in touch", "Book online or call us, and tell us if you're nervous or in pain."),
            ("Your visit", "We check, explain what we see, and talk through your options."),
            ("Your plan", "You decide what happens next, with every cost explained first."),
        ],
        "values": [
            ("Gentle by default", "We go at your pace and stop whenever you need."),
            ("Explained first", "You hear what we see and what it involves before anything happens."),
            ("Costs upfront", "Every treatment's cost is explained before it starts."),
        ],
        "taglines": [
            "Gentle dental care in {city}",
            "Healthy smiles for {audience}",
            "Dentistry without the worry",
            "Your local dentist in {city}",
        ],
        "headlines": [
            "Gentle dental care in {city}",
            "A dentist you'll look forward to seeing",
            "{name}: caring dentistry for {audience}",
        ],
        "intro": "{name} offers {services}{in_city}, explained clearly and delivered gently.",
        "about": "{name} is a dental clinic{in_city} caring for {audience}.",
        "pricing_note": "Every treatment is explained and costed before it starts. Ask us "
        "about the options for your situation.",
        "extra_page": {
            "slug": "faq",
            "nav_label": "FAQ",
            "h1": "Questions patients ask us",
            "intro": "What to expect before, during and after your visit to {name}.",
            "sections": ["hero", "faq", "cta"],
            "items": [],
        },
        "faq": [
            ("How do I book an appointment?", "The easiest way: {contact}. Tell us if it's urgent and we'll do our best to see you soon."),
            ("I'm nervous about the dentist. Can you help?", "Many of our patients feel the same. Tell us when you book; we'll explain everything before we start and you can ask us to stop at any time."),
            ("What happens at a check-up?", "We look at your teeth, gums and mouth, explain what we see and recommend what, if anything, needs doing next."),
            ("How much will my treatment cost?", "It depends on the treatment. We explain the cost of your options before anything starts, so there are no surprises."),
            ("What should I do in a dental emergency?", "Contact us as soon as you can: {contact}. Tell us what happened and we'll advise you on what to do next."),
        ],
    },
    # --- plumber ----------------------------------------------------------------------
    "plumber": {
        "audience": "homeowners and landlords",
        "label": "plumber",
        "noun": "customers",
        "offer_slug": "services",
        "offer_label": "Services",
        "offer_heading": "Plumbing services{in_city}",
        "offer_teaser": "What we can help with",
        "offer_list": "Jobs we do",
        "offer_more": "All services",
        "offer_intro": "From {service} to small repairs, we explain the job and the cost "
        "before we start.",
        "schema_type": "Plumber",
        "local": True,
        "audience_segments": [
            ("Homeowners with an urgent problem", ["a fast response", "a clear price before work starts", "a tidy job"]),
            ("People planning a new bathroom or heating", ["ideas and options", "a written quote", "a realistic timeline"]),
            ("Landlords and letting agents", ["reliable turnaround", "paperwork for their records", "one number to call"]),
        ],
        "search_intents": [
            "plumber near me",
            "plumber in {city}",
            "emergency plumber {city}",
            "{service} {city}",
            "{service} cost",
            "local plumber open now",
        ],
        "keyword_stems": ["plumber", "plumbing", "heating engineer", "leak repair", "boiler"],
        "converting_sections": ["hero", "services", "process", "values", "contact", "cta"],
        "trust_signals": [
            "Registration and certification numbers where the trade requires them",
            "A phone number that is visible on every page",
            "How quotes work, in one sentence",
            "The towns and postcodes covered",
        ],
        "opportunities": [
            "Put the phone number and the area you cover in the first screen.",
            "Say how quotes work before the customer has to ask.",
            "Give each common job its own short description so it can be found in search.",
            "Keep the contact form short enough to send from a phone in a hurry.",
        ],
        "palettes": [
            {"mood": "classic", "primary": "#1d4ed8", "on_primary": "#ffffff", "accent": "#f97316", "background": "#ffffff", "surface": "#eff4ff", "text": "#0f172a", "muted_text": "#475569"},
            {"mood": "bold", "primary": "#0b3d91", "on_primary": "#ffffff", "accent": "#facc15", "background": "#ffffff", "surface": "#f1f5fb", "text": "#0a1628", "muted_text": "#3d4b5f"},
            {"mood": "fresh", "primary": "#0369a1", "on_primary": "#ffffff", "accent": "#22c55e", "background": "#fbfeff", "surface": "#eaf6fb", "text": "#0b2233", "muted_text": "#42596b"},
            {"mood": "warm", "primary": "#b45309", "on_primary": "#ffffff", "accent": "#0ea5e9", "background": "#fffdf9", "surface": "#fdf3e6", "text": "#261c12", "muted_text": "#5a4c3e"},
        ],
        "voice": ["straightforward", "dependable", "friendly", "practical"],
        "fonts": [(INDUSTRIAL, SYSTEM_SANS), (SLAB, SYSTEM_SANS), (NEO_GROTESK, HUMANIST)],
        "layouts": ["bold", "classic"],
        "home": {
            "lead_generation": ["hero", "services", "process", "values", "cta"],
            "sales": ["hero", "services", "pricing", "process", "cta"],
            "bookings": ["hero", "services", "process", "contact", "cta"],
            "awareness": ["hero", "about", "services", "values", "cta"],
        },
        "ctas": {
            "lead_generation": ("Request a quote", "contact"),
            "sales": ("Get a price", "contact"),
            "bookings": ("Book a visit", "contact"),
            "awareness": ("See what we do", "offer"),
        },
        "core_service": ("Plumbing", "Repairs and installations, with the price explained before we start."),
        "services": [
            ("Leak repairs", "Finding and fixing leaks before they damage your home."),
            ("Boiler servicing", "Keeping your heating safe and efficient."),
            ("Bathroom installation", "From planning to the final fitting."),
            ("Blocked drains", "Clearing sinks, toilets and drains."),
            ("Emergency call-outs", "Help when water is where it shouldn't be."),
        ],
        "service_lines": [
            "{title}{in_city}, with the price agreed before we start.",
            "{title}, done properly and tidied up after.",
            "Tell us what you need and we'll explain the options for {title_lower}.",
        ],
        "process": [
            ("Tell us the problem", "Call or send the form with a short description, and a photo if you can."),
            ("Get a clear quote", "We explain what the job involves and what it will cost before we start."),
            ("Job done properly", "We do the work, tidy up and show you what we did."),
        ],
        "values": [
            ("Clear quotes", "You know the price before any work begins."),
            ("Respect for your home", "We protect floors and clean up when the job is done."),
            ("Local", "We work in and around {city}, so we're never far away."),
        ],
        "taglines": [
            "Reliable plumbing in {city}",
            "{service_cap} done properly",
            "Plumbing help when you need it",
            "Your local plumber in {city}",
        ],
        "headlines": [
            "Reliable plumber in {city}",
            "{service_cap}, done properly",
            "Plumbing you can count on",
        ],
        "intro": "{name} handles {services}{in_city}. Tell us what's wrong and we'll "
        "explain the fix and the price before we start.",
        "about": "{name} is a plumbing business{in_city} handling {services}.",
        "pricing_note": "Every job is different, so we give you a clear quote before we start. "
        "Tell us what you need and we'll explain the price.",
        "extra_page": {
            "slug": "faq",
            "nav_label": "FAQ",
            "h1": "Plumbing questions, answered",
            "intro": "What customers ask {name} before they book.",
            "sections": ["hero", "faq", "cta"],
            "items": [],
        },
        "faq": [
            ("What areas do you cover?", "We work in and around {city}. If you're not sure we reach you, ask: {contact}."),
            ("How much will the job cost?", "It depends on the job. We explain what's involved and give you a price before any work begins."),
            ("Can you help with an emergency?", "Get in touch straight away: {contact}. Tell us what's happening and we'll tell you how soon we can help and what to do in the meantime."),
            ("What should I do about a leak before you arrive?", "If it's safe, turn off the water at the stopcock and switch off electrics near the leak. Then {contact}."),
            ("Do you tidy up after the job?", "Yes. We protect the work area and leave it clean when we're done."),
        ],
    },
    # --- real estate ------------------------------------------------------------------
    "real-estate": {
        "audience": "buyers, sellers and landlords",
        "label": "estate agent",
        "noun": "clients",
        "offer_slug": "services",
        "offer_label": "Services",
        "offer_heading": "Property services{in_city}",
        "offer_teaser": "How we can help",
        "offer_list": "Our services",
        "offer_more": "All services",
        "offer_intro": "Whether you're buying, selling or letting, {name} explains each step "
        "and keeps you informed.",
        "schema_type": "RealEstateAgent",
        "local": True,
        "audience_segments": [
            ("Homeowners thinking of selling", ["to know what their home is worth", "a clear plan", "regular updates"]),
            ("Buyers", ["to hear about homes first", "honest information", "help through the process"]),
            ("Landlords", ["reliable tenants", "help with the paperwork", "someone local to call"]),
        ],
        "search_intents": [
            "estate agent {city}",
            "sell my house {city}",
            "houses for sale {city}",
            "property valuation {city}",
            "{service} {city}",
            "letting agent near me",
        ],
        "keyword_stems": ["estate agent", "property", "homes for sale", "valuation", "lettings"],
        "converting_sections": ["hero", "services", "process", "values", "cta"],
        "trust_signals": [
            "Membership of the relevant professional and redress schemes",
            "A clear explanation of fees",
            "Local knowledge shown through area guides",
            "Named agents with direct contact details",
        ],
        "opportunities": [
            "Offer a valuation request in the first screen; it is what sellers come for.",
            "Explain the selling process step by step and say how you keep clients updated.",
            "Write about the neighbourhoods you know; it shows local expertise and helps search.",
            "Say how fees work in plain words.",
        ],
        "palettes": [
            {"mood": "classic", "primary": "#14532d", "on_primary": "#ffffff", "accent": "#d4a373", "background": "#ffffff", "surface": "#f3f6f2", "text": "#1b2a1f", "muted_text": "#4b5a4f"},
            {"mood": "elegant", "primary": "#1f2937", "on_primary": "#ffffff", "accent": "#b7935a", "background": "#fdfcf9", "surface": "#f4f1ea", "text": "#111827", "muted_text": "#4b5563"},
            {"mood": "fresh", "primary": "#0f766e", "on_primary": "#ffffff", "accent": "#fbbf24", "background": "#ffffff", "surface": "#f0fbf8", "text": "#102a27", "muted_text": "#48605c"},
            {"mood": "bold", "primary": "#9f1239", "on_primary": "#ffffff", "accent": "#0ea5e9", "background": "#ffffff", "surface": "#fbf1f3", "text": "#1f1115", "muted_text": "#5a4349"},
        ],
        "voice": ["knowledgeable", "trustworthy", "local", "attentive"],
        "fonts": [(DIDONE, SYSTEM_SANS), (TRANSITIONAL, HUMANIST), (GEOMETRIC, SYSTEM_SANS)],
        "layouts": ["classic", "minimal"],
        "home": {
            "lead_generation": ["hero", "services", "process", "values", "cta"],
            "sales": ["hero", "services", "process", "pricing", "cta"],
            "bookings": ["hero", "services", "process", "contact", "cta"],
            "awareness": ["hero", "about", "services", "values", "cta"],
        },
        "ctas": {
            "lead_generation": ("Request a valuation", "contact"),
            "sales": ("Talk to an agent", "contact"),
            "bookings": ("Book a viewing", "contact"),
            "awareness": ("Our services", "offer"),
        },
        "core_service": ("Property services", "Help with buying, selling or letting, from people who know the area."),
        "services": [
            ("Property valuations", "An informed view of what your home could sell or let for."),
            ("Selling", "Marketing, viewings and negotiation through to completion."),
            ("Buying", "Help finding the right home and seeing the purchase through."),
            ("Lettings", "Finding tenants and handling the paperwork for landlords."),
        ],
        "service_lines": [
            "{title}{in_city}, with clear advice at every step.",
            "Ask us about {title_lower}: we'll explain how it works and what it costs.",
            "{title} from people who know the local market.",
        ],
        "process": [
            ("Valuation", "We visit, look at the local market and tell you what we think your home is worth."),
            ("Marketing", "We prepare the listing and arrange viewings with serious buyers."),
            ("Offer to completion", "We negotiate for you and keep the sale moving to the finish."),
        ],
        "values": [
            ("Local knowledge", "We know {city} and its neighbourhoods well."),
            ("Kept informed", "You'll always know where things stand."),
            ("Honest advice", "A realistic view of the market, even when it isn't what you hoped."),
        ],
        "taglines": [
            "Your property people in {city}",
            "Moving made simpler",
            "Local knowledge, honest advice",
            "Helping {city} move home",
        ],
        "headlines": [
            "Estate agents in {city}",
            "Sell, buy or let with {name}",
            "Your next move starts here",
        ],
        "intro": "{name} helps {audience} with {services}{in_city}.",
        "about": "{name} is an estate agency{in_city} offering {services}.",
        "pricing_note": "Our fees depend on the service you choose. We explain them in full "
        "before you sign anything.",
        "extra_page": {
            "slug": "faq",
            "nav_label": "FAQ",
            "h1": "Buying, selling and letting: your questions",
            "intro": "What clients of {name} ask us most.",
            "sections": ["hero", "faq", "cta"],
            "items": [],
        },
        "faq": [
            ("How do I find out what my home is worth?", "Ask us for a valuation: {contact}. We'll arrange a time to visit."),
            ("How are your fees worked out?", "It depends on the service. We explain our fees in full before you agree to anything."),
            ("Which areas do you cover?", "We work in and around {city}. If you're just outside, ask us anyway."),
            ("How will I be kept updated?", "We agree with you at the start how and how often you'd like to hear from us, and stick to it."),
            ("Can you help me find a home to buy?", "Yes. Tell us what you're looking for and we'll let you know about homes that match."),
        ],
    },
    # --- fitness studio ---------------------------------------------------------------
    "fitness-studio": {
        "audience": "people of every fitness level",
        "label": "fitness studio",
        "noun": "members",
        "offer_slug": "services",
        "offer_label": "Classes",
        "offer_heading": "Classes and training",
        "offer_teaser": "Classes and training",
        "offer_list": "What's on",
        "offer_more": "All classes",
        "offer_intro": "Whatever your starting point, there's a way in. Here's what we offer "
        "at {name}.",
        "schema_type": "ExerciseGym",
        "local": True,
        "audience_segments": [
            ("Beginners", ["a welcoming first session", "coaching on technique", "no judgement"]),
            ("Regulars looking for variety", ["a timetable that fits", "progress they can see", "a community"]),
            ("People with a specific goal", ["a plan for the goal", "personal attention", "accountability"]),
        ],
        "search_intents": [
            "gym near me",
            "fitness classes {city}",
            "{service} {city}",
            "{service} for beginners",
            "personal trainer {city}",
            "fitness studio near me",
        ],
        "keyword_stems": ["fitness classes", "gym", "personal training", "workout", "fitness studio"],
        "converting_sections": ["hero", "services", "process", "values", "faq", "cta"],
        "trust_signals": [
            "Coaches' names and qualifications",
            "A clear timetable",
            "What a first session looks like",
            "Photos of the real studio",
        ],
        "opportunities": [
            "Tell beginners exactly what their first session will be like.",
            "Put the timetable and how to book a first class in the first screen.",
            "Give each class a plain description: who it's for and how hard it is.",
            "Say how membership and cancellation work.",
        ],
        "palettes": [
            {"mood": "bold", "primary": "#e11d48", "on_primary": "#ffffff", "accent": "#facc15", "background": "#0b0b0f", "surface": "#17171f", "text": "#fafafa", "muted_text": "#c7c7d1"},
            {"mood": "fresh", "primary": "#16a34a", "on_primary": "#ffffff", "accent": "#0ea5e9", "background": "#ffffff", "surface": "#f0fdf4", "text": "#0f1f14", "muted_text": "#475a4d"},
            {"mood": "playful", "primary": "#ea580c", "on_primary": "#ffffff", "accent": "#8b5cf6", "background": "#fffaf5", "surface": "#fff1e6", "text": "#1c1410", "muted_text": "#5a4b40"},
            {"mood": "calm", "primary": "#6d28d9", "on_primary": "#ffffff", "accent": "#2dd4bf", "background": "#ffffff", "surface": "#f6f3ff", "text": "#1a1530", "muted_text": "#514b66"},
        ],
        "voice": ["energetic", "encouraging", "inclusive", "direct"],
        "fonts": [(INDUSTRIAL, NEO_GROTESK), (GEOMETRIC, SYSTEM_SANS), (NEO_GROTESK, SYSTEM_SANS)],
        "layouts": ["bold", "warm"],
        "home": {
            "lead_generation": ["hero", "services", "values", "process", "cta"],
            "sales": ["hero", "services", "pricing", "values", "cta"],
            "bookings": ["hero", "services", "process", "values", "cta"],
            "awareness": ["hero", "about", "services", "values", "cta"],
        },
        "ctas": {
            "lead_generation": ("Ask about a first class", "contact"),
            "sales": ("See memberships", "offer"),
            "bookings": ("Book a class", "contact"),
            "awareness": ("See our classes", "offer"),
        },
        "core_service": ("Fitness training", "Training for every level, coached with care."),
        "services": [
            ("Strength training", "Learn to lift well and get stronger, with coaching on every rep."),
            ("HIIT", "Short, intense sessions that fit into a busy day."),
            ("Yoga", "Mobility, balance and a moment to breathe."),
            ("Personal training", "One-to-one sessions built around your goal."),
        ],
        "service_lines": [
            "{title} for every level, coached with care.",
            "Ask about {title_lower} and we'll find the right session for you.",
            "{title} at {name}{in_city}.",
        ],
        "process": [
            ("Say hello", "Tell us your goal and any injuries or worries."),
            ("First session", "A coach shows you around and works at your level."),
            ("Keep going", "Pick the classes that suit you and build the habit."),
        ],
        "values": [
            ("Every level welcome", "Sessions scale to where you are today."),
            ("Coached, not crowded", "Coaches watch your technique and help you improve."),
            ("Community", "Train alongside people who'll cheer you on."),
        ],
        "taglines": [
            "Get stronger in {city}",
            "{service_cap} for every level",
            "Move better. Feel better.",
            "Your training home in {city}",
        ],
        "headlines": [
            "{service_cap} classes in {city}",
            "Find your strong at {name}",
            "Training that fits your life",
        ],
        "intro": "{name} runs {services}{in_city} for {audience}. Come as you are; we'll "
        "meet you where you are.",
        "about": "{name} is a fitness studio{in_city} offering {services}.",
        "pricing_note": "Ask us about memberships and class passes. We'll help you pick the "
        "option that fits how often you want to train.",
        "extra_page": {
            "slug": "faq",
            "nav_label": "FAQ",
            "h1": "New to {name}? Start here",
            "intro": "Everything you want to know before your first class.",
            "sections": ["hero", "faq", "cta"],
            "items": [],
        },
        "faq": [
            ("I'm a complete beginner. Is that OK?", "Absolutely. Tell us when you book and your coach will start at your level and show you everything."),
            ("What should I bring?", "Comfortable clothes, trainers, a water bottle and a towel."),
            ("How do I book my first class?", "{contact_cap} and we'll find a session that suits you."),
            ("How do memberships work?", "Ask us about the options and we'll help you choose one that fits how often you want to train."),
            ("I have an injury. Can I still train?", "Tell your coach before the session. We'll adapt the exercises, and if needed suggest you check with a medical professional first."),
        ],
    },
    # --- agency -----------------------------------------------------------------------
    "agency": {
        "audience": "ambitious small businesses",
        "label": "agency",
        "noun": "clients",
        "offer_slug": "services",
        "offer_label": "Services",
        "offer_heading": "What we do",
        "offer_teaser": "What we do",
        "offer_list": "Our services",
        "offer_more": "All services",
        "offer_intro": "{name} helps {audience} with {services}. Every project starts with "
        "your goals, not our templates.",
        "schema_type": "ProfessionalService",
        "local": False,
        "audience_segments": [
            ("Founders and small business owners", ["results they can measure", "a partner who explains", "a fixed scope"]),
            ("Marketing managers", ["a reliable team to extend theirs", "fast turnaround", "clear reporting"]),
            ("Organisations with a launch coming", ["a plan and a timeline", "one point of contact", "quality under deadline"]),
        ],
        "search_intents": [
            "{service} agency",
            "{service} agency {city}",
            "hire {service} experts",
            "{service} for small business",
            "how much does {service} cost",
        ],
        "keyword_stems": ["agency", "studio", "creative agency", "consultancy", "services"],
        "converting_sections": ["hero", "services", "process", "values", "cta"],
        "trust_signals": [
            "Case studies with the client's permission",
            "A clear process with what the client gets at each step",
            "The people who will do the work",
            "How projects are scoped and priced",
        ],
        "opportunities": [
            "Lead with the outcome clients get, not the list of disciplines.",
            "Show the process so buyers can picture working with you.",
            "Add case studies as soon as clients agree to be named.",
            "Make the enquiry form ask about goals, budget range and timeline.",
        ],
        "palettes": [
            {"mood": "bold", "primary": "#facc15", "on_primary": "#111111", "accent": "#f43f5e", "background": "#0a0a0a", "surface": "#171717", "text": "#fafafa", "muted_text": "#d4d4d4"},
            {"mood": "playful", "primary": "#7c3aed", "on_primary": "#ffffff", "accent": "#fb7185", "background": "#ffffff", "surface": "#f7f3ff", "text": "#18122b", "muted_text": "#534a6b"},
            {"mood": "elegant", "primary": "#111827", "on_primary": "#ffffff", "accent": "#f97316", "background": "#fafaf9", "surface": "#f0efed", "text": "#111827", "muted_text": "#4b5563"},
            {"mood": "fresh", "primary": "#2563eb", "on_primary": "#ffffff", "accent": "#34d399", "background": "#ffffff", "surface": "#f3f7ff", "text": "#0f172a", "muted_text": "#475569"},
        ],
        "voice": ["confident", "creative", "candid", "collaborative"],
        "fonts": [(GEOMETRIC, NEO_GROTESK), (DIDONE, SYSTEM_SANS), (MONO, SYSTEM_SANS)],
        "layouts": ["bold", "minimal"],
        "home": {
            "lead_generation": ["hero", "services", "process", "values", "cta"],
            "sales": ["hero", "services", "pricing", "process", "cta"],
            "bookings": ["hero", "services", "process", "cta"],
            "awareness": ["hero", "about", "services", "values", "cta"],
        },
        "ctas": {
            "lead_generation": ("Start a project", "contact"),
            "sales": ("Get a proposal", "contact"),
            "bookings": ("Book a call", "contact"),
            "awareness": ("See what we do", "offer"),
        },
        "core_service": ("Agency services", "Work planned around your goals, with a clear scope and price."),
        "services": [
            ("Brand identity", "Names, logos and the visual language that makes you recognisable."),
            ("Websites", "Fast, accessible sites that turn visitors into customers."),
            ("Content and campaigns", "Words, images and campaigns with a clear goal."),
            ("Search and analytics", "Be found, and know what's working."),
        ],
        "service_lines": [
            "{title}, planned around your goals.",
            "{title} with a clear scope, timeline and price.",
            "{title} for {audience}.",
        ],
        "process": [
            ("Discover", "We learn your goals, your audience and what success looks like."),
            ("Plan", "You get a scope, a timeline and a price before work starts."),
            ("Make", "We design and build in short steps, with you reviewing as we go."),
            ("Launch and learn", "We launch, measure, and improve what matters."),
        ],
        "values": [
            ("Goals first", "Every piece of work ties back to a result you care about."),
            ("No jargon", "We explain what we're doing and why."),
            ("Small, senior team", "The people you meet are the people who do the work."),
        ],
        "taglines": [
            "{service_cap} that moves the needle",
            "Ideas, made real",
            "The team behind your next launch",
            "{service_cap} for {audience}",
        ],
        "headlines": [
            "{service_cap} for {audience}",
            "We help good businesses look as good as they are",
            "{name}: {service} with a purpose",
        ],
        "intro": "{name} is an agency for {audience}: {services}, planned around your goals.",
        "about": "{name} is an agency working with {audience} on {services}.",
        "pricing_note": "Every project is scoped and priced before it starts. Tell us what "
        "you need and we'll send a proposal.",
        "extra_page": {
            "slug": "process",
            "nav_label": "How we work",
            "h1": "How we work",
            "intro": "A clear process, so you always know what happens next and what you'll get.",
            "sections": ["hero", "process", "values", "cta"],
            "items": [],
        },
        "faq": [
            ("What does a project with {name} cost?", "It depends on the scope. We agree the scope and the price with you before any work starts."),
            ("How long does a project take?", "It depends on what you need. You'll get a timeline with the proposal, and we'll tell you early if anything changes."),
            ("Do you only work with clients in {city}?", "Tell us where you are and how you like to work, and we'll tell you how we can work together."),
            ("What do you need from us to start?", "Your goals, any existing material, and a person who can make decisions. We'll guide you through the rest."),
            ("How do we get started?", "{contact_cap}. Tell us about your project and we'll arrange a first conversation."),
        ],
    },
    # --- consultant -------------------------------------------------------------------
    "consultant": {
        "audience": "owners and leaders of growing organisations",
        "label": "consultancy",
        "noun": "clients",
        "offer_slug": "services",
        "offer_label": "Services",
        "offer_heading": "How we can help",
        "offer_teaser": "How we can help",
        "offer_list": "Services",
        "offer_more": "All services",
        "offer_intro": "{name} works with {audience} on {services}. Every engagement starts "
        "with understanding your situation.",
        "schema_type": "ProfessionalService",
        "local": False,
        "audience_segments": [
            ("Business owners facing a decision", ["an outside view", "practical recommendations", "confidentiality"]),
            ("Leaders of growing teams", ["structure without bureaucracy", "a sounding board", "measurable progress"]),
            ("Organisations with a specific problem", ["focused expertise", "a defined scope", "a clear deliverable"]),
        ],
        "search_intents": [
            "{service} consultant",
            "{service} consultant {city}",
            "{service} advice for small business",
            "hire a {service} consultant",
            "{service} consulting cost",
        ],
        "keyword_stems": ["consultant", "consulting", "advisor", "advice", "coaching"],
        "converting_sections": ["hero", "services", "process", "about", "cta"],
        "trust_signals": [
            "Relevant experience and qualifications described specifically",
            "How an engagement is structured",
            "Examples of problems solved, with permission",
            "A direct way to book a first conversation",
        ],
        "opportunities": [
            "Name the problems you solve in the words clients use.",
            "Explain what a first conversation covers and what it costs.",
            "Show how an engagement is structured from start to finish.",
            "Put your own name and face on the site; clients hire a person.",
        ],
        "palettes": [
            {"mood": "classic", "primary": "#1e40af", "on_primary": "#ffffff", "accent": "#f59e0b", "background": "#ffffff", "surface": "#f3f6fc", "text": "#0f172a", "muted_text": "#475569"},
            {"mood": "calm", "primary": "#3f6212", "on_primary": "#ffffff", "accent": "#d9a441", "background": "#fdfdf8", "surface": "#f3f5ea", "text": "#1d2310", "muted_text": "#535a45"},
            {"mood": "elegant", "primary": "#4c1d95", "on_primary": "#ffffff", "accent": "#c084fc", "background": "#fdfcff", "surface": "#f5f2fb", "text": "#1b1530", "muted_text": "#524a66"},
            {"mood": "fresh", "primary": "#0f766e", "on_primary": "#ffffff", "accent": "#fb923c", "background": "#ffffff", "surface": "#effaf8", "text": "#112b28", "muted_text": "#4a605d"},
        ],
        "voice": ["thoughtful", "practical", "candid", "calm"],
        "fonts": [(TRANSITIONAL, SYSTEM_SANS), (HUMANIST, SYSTEM_SANS), (OLD_STYLE, NEO_GROTESK)],
        "layouts": ["minimal", "classic"],
        "home": {
            "lead_generation": ["hero", "services", "process", "about", "cta"],
            "sales": ["hero", "services", "pricing", "process", "cta"],
            "bookings": ["hero", "services", "process", "cta"],
            "awareness": ["hero", "about", "services", "values", "cta"],
        },
        "ctas": {
            "lead_generation": ("Arrange a conversation", "contact"),
            "sales": ("Ask for a proposal", "contact"),
            "bookings": ("Book a session", "contact"),
            "awareness": ("How we can help", "offer"),
        },
        "core_service": ("Consulting", "An outside view and practical advice for your situation."),
        "services": [
            ("Strategy reviews", "An outside view of where you are and where to go next."),
            ("Process improvement", "Find the bottlenecks and fix them."),
            ("Workshops", "Structured sessions that end with decisions."),
            ("Ongoing advice", "A regular sounding board for the decisions that matter."),
        ],
        "service_lines": [
            "{title} for {audience}.",
            "{title}: an outside view and practical next steps.",
            "{title}, scoped and agreed before we start.",
        ],
        "process": [
            ("First conversation", "We talk about your situation and what you want to change."),
            ("Proposal", "You receive a written scope, timeline and fee."),
            ("Work together", "We work through the plan, with regular check-ins."),
            ("Hand-over", "You keep the tools and the knowledge when we finish."),
        ],
        "values": [
            ("Practical", "Advice you can act on next week, not a report for the shelf."),
            ("Candid", "An honest view, even when it's uncomfortable."),
            ("Confidential", "What you share stays between us."),
        ],
        "taglines": [
            "Practical {service} for {audience}",
            "Clear thinking for hard decisions",
            "An outside view when you need it",
            "{service_cap}, made practical",
        ],
        "headlines": [
            "{service_cap} for {audience}",
            "Make the next decision with confidence",
            "Practical advice from {name}",
        ],
        "intro": "{name} helps {audience} with {services}: practical advice, clearly "
        "explained.",
        "about": "{name} is a consultancy helping {audience} with {services}.",
        "pricing_note": "Every engagement is scoped and priced in writing before it starts.",
        "extra_page": {
            "slug": "approach",
            "nav_label": "Approach",
            "h1": "How an engagement works",
            "intro": "From the first conversation to the hand-over, you'll know what happens "
            "next.",
            "sections": ["hero", "process", "values", "cta"],
            "items": [],
        },
        "faq": [
            ("What happens in a first conversation?", "We talk about your situation and what you'd like to change. You'll leave knowing whether and how we can help."),
            ("How are fees agreed?", "After the first conversation you receive a written scope and fee. Nothing starts until you agree."),
            ("Can we meet remotely?", "Ask us: we'll agree with you how and where we meet, whether by video call or in person."),
            ("What kind of clients do you work with?", "We work with {audience}, mostly on {services}."),
            ("How do I get started?", "{contact_cap} and suggest a time for a first conversation."),
        ],
    },
    # --- nonprofit --------------------------------------------------------------------
    "nonprofit": {
        "audience": "our local community",
        "label": "nonprofit",
        "noun": "supporters",
        "offer_slug": "services",
        "offer_label": "Our work",
        "offer_heading": "Our work",
        "offer_teaser": "What we do",
        "offer_list": "Our programmes",
        "offer_more": "More about our work",
        "offer_intro": "What {name} does, and how it makes a difference{in_city}.",
        "schema_type": "NGO",
        "local": True,
        "audience_segments": [
            ("People who need support", ["to know what help exists", "how to ask for it", "to be treated with dignity"]),
            ("Potential volunteers", ["what volunteering involves", "time commitment", "how to start"]),
            ("Donors and partners", ["what their support achieves", "how the organisation is run", "a contact for questions"]),
        ],
        "search_intents": [
            "{service} charity {city}",
            "volunteer {city}",
            "{service} support near me",
            "donate to {service}",
            "community projects {city}",
        ],
        "keyword_stems": ["charity", "nonprofit", "volunteer", "community", "donate"],
        "converting_sections": ["hero", "about", "services", "process", "values", "cta"],
        "trust_signals": [
            "Registration number and how the organisation is governed",
            "What supporters' time and money make possible, described honestly",
            "The people behind the organisation",
            "A clear way to get help or get involved",
        ],
        "opportunities": [
            "Say in one line who you help and how, before asking for anything.",
            "Give people who need help their own clear route, separate from supporters.",
            "Explain what volunteering involves and how to start.",
            "Show your registration details and how the organisation is run.",
        ],
        "palettes": [
            {"mood": "warm", "primary": "#b45309", "on_primary": "#ffffff", "accent": "#16a34a", "background": "#fffdf8", "surface": "#fdf4e3", "text": "#2a2115", "muted_text": "#5d5242"},
            {"mood": "calm", "primary": "#1d4ed8", "on_primary": "#ffffff", "accent": "#fbbf24", "background": "#ffffff", "surface": "#f1f5fe", "text": "#111c33", "muted_text": "#4b5568"},
            {"mood": "fresh", "primary": "#15803d", "on_primary": "#ffffff", "accent": "#f472b6", "background": "#fbfefb", "surface": "#ecf8ee", "text": "#132615", "muted_text": "#4a5d4c"},
            {"mood": "bold", "primary": "#be185d", "on_primary": "#ffffff", "accent": "#facc15", "background": "#ffffff", "surface": "#fdf0f6", "text": "#26101b", "muted_text": "#5e4552"},
        ],
        "voice": ["hopeful", "human", "clear", "inclusive"],
        "fonts": [(HUMANIST, SYSTEM_SANS), (OLD_STYLE, HUMANIST), (ROUNDED, SYSTEM_SANS)],
        "layouts": ["warm", "classic"],
        "home": {
            "lead_generation": ["hero", "services", "process", "values", "cta"],
            "sales": ["hero", "services", "values", "cta"],
            "bookings": ["hero", "services", "process", "cta"],
            "awareness": ["hero", "about", "services", "values", "cta"],
        },
        "ctas": {
            "lead_generation": ("Get involved", "contact"),
            "sales": ("Support our work", "contact"),
            "bookings": ("Book a place", "contact"),
            "awareness": ("Learn about our work", "offer"),
        },
        "core_service": ("Community work", "Our work with and for the community."),
        "services": [
            ("Community support", "Practical help for people who need it."),
            ("Volunteering", "Give your time and skills where they count."),
            ("Events", "Bringing people together to learn, share and raise support."),
            ("Partnerships", "Working with local organisations to reach more people."),
        ],
        "service_lines": [
            "{title}{in_city}, run by {name}.",
            "Find out how {title_lower} works and how to take part.",
            "{title}, shaped by the people it serves.",
        ],
        "process": [
            ("Get in touch", "Tell us whether you'd like help or want to help."),
            ("We talk", "We explain what's possible and answer your questions."),
            ("Take part", "Join in, and we'll support you along the way."),
        ],
        "values": [
            ("People first", "Everyone is treated with dignity and respect."),
            ("Open", "We're clear about what we do and how we do it."),
            ("Community-led", "Our work is shaped by the people it serves."),
        ],
        "taglines": [
            "Together for {city}",
            "{service_cap} that changes lives",
            "Small acts, real change",
            "Standing with {audience}",
        ],
        "headlines": [
            "{service_cap} for {audience}",
            "Together we can do more",
            "{name}: {service}{in_city}",
        ],
        "intro": "{name} works with {audience} through {services}{in_city}.",
        "about": "{name} is a nonprofit{in_city} focused on {services}.",
        "pricing_note": "Ask us how your support can help, whether that's time, skills or a "
        "donation.",
        "extra_page": {
            "slug": "get-involved",
            "nav_label": "Get involved",
            "h1": "Get involved with {name}",
            "intro": "Volunteer, donate, or spread the word: every kind of support counts.",
            "sections": ["hero", "features", "process", "cta"],
            "items": [
                ("Volunteer", "Give a few hours or a regular slot; tell us what you enjoy and when you're free."),
                ("Donate", "Ask us how to give and what your support makes possible."),
                ("Spread the word", "Tell friends, colleagues and neighbours about {name}."),
                ("Partner with us", "Organisations and businesses: let's talk about working together."),
            ],
        },
        "faq": [
            ("How can I get help from {name}?", "{contact_cap}. Tell us a little about what you need and we'll explain how we can help."),
            ("How can I volunteer?", "Get in touch and tell us what you'd like to do and when you're free. We'll talk you through the options."),
            ("How can I donate?", "{contact_cap} and we'll explain the ways to give."),
            ("Where do you work?", "Our work is focused on {city}. Get in touch to find out whether we can help where you are."),
            ("Can my organisation partner with you?", "We'd love to hear from you. Tell us about your organisation and what you have in mind."),
        ],
    },
    # --- photographer -----------------------------------------------------------------
    "photographer": {
        "audience": "couples, families and businesses",
        "label": "photographer",
        "noun": "clients",
        "offer_slug": "services",
        "offer_label": "Sessions",
        "offer_heading": "Photography sessions",
        "offer_teaser": "Sessions",
        "offer_list": "Kinds of session",
        "offer_more": "All sessions",
        "offer_intro": "Every session is planned with you, so the photos feel like you.",
        "schema_type": "ProfessionalService",
        "local": True,
        "audience_segments": [
            ("Couples planning a wedding", ["a style they love", "a calm presence on the day", "clear packages"]),
            ("Families", ["relaxed sessions", "photos that feel natural", "prints and albums"]),
            ("Businesses", ["professional headshots and product shots", "quick turnaround", "usage rights explained"]),
        ],
        "search_intents": [
            "photographer {city}",
            "{service} photographer {city}",
            "{service} photography near me",
            "{service} photographer prices",
            "natural photography {city}",
        ],
        "keyword_stems": ["photographer", "photography", "photo shoot", "portraits", "pictures"],
        "converting_sections": ["hero", "gallery", "services", "process", "cta"],
        "trust_signals": [
            "A portfolio in the styles clients are booking for",
            "What a session includes and how photos are delivered",
            "How booking and deposits work",
            "A friendly photo of the photographer",
        ],
        "opportunities": [
            "Lead with your best photos and a one-line description of your style.",
            "Explain what a session includes and how photos are delivered.",
            "Give each kind of session its own description so it can be found in search.",
            "Make checking a date the easiest thing on the site.",
        ],
        "palettes": [
            {"mood": "elegant", "primary": "#e5e5e5", "on_primary": "#111111", "accent": "#c8a97e", "background": "#111111", "surface": "#1c1c1c", "text": "#f5f5f5", "muted_text": "#c4c4c4"},
            {"mood": "calm", "primary": "#44403c", "on_primary": "#ffffff", "accent": "#d6a77a", "background": "#fafaf9", "surface": "#f1efec", "text": "#1c1917", "muted_text": "#57534e"},
            {"mood": "warm", "primary": "#9a3412", "on_primary": "#ffffff", "accent": "#e9c46a", "background": "#fffaf3", "surface": "#f8ecdc", "text": "#2b2118", "muted_text": "#5e5145"},
            {"mood": "fresh", "primary": "#0f766e", "on_primary": "#ffffff", "accent": "#fda4af", "background": "#ffffff", "surface": "#f2f7f6", "text": "#132320", "muted_text": "#4d5e5b"},
        ],
        "voice": ["warm", "artistic", "relaxed", "personal"],
        "fonts": [(DIDONE, HUMANIST), (OLD_STYLE, SYSTEM_SANS), (GEOMETRIC, HUMANIST)],
        "layouts": ["minimal", "warm"],
        "home": {
            "lead_generation": ["hero", "gallery", "services", "process", "cta"],
            "sales": ["hero", "services", "pricing", "gallery", "cta"],
            "bookings": ["hero", "gallery", "services", "process", "cta"],
            "awareness": ["hero", "about", "gallery", "services", "cta"],
        },
        "ctas": {
            "lead_generation": ("Check availability", "contact"),
            "sales": ("See sessions", "offer"),
            "bookings": ("Book a session", "contact"),
            "awareness": ("See the work", "offer"),
        },
        "core_service": ("Photography", "Sessions planned with you, with photos that feel natural."),
        "services": [
            ("Weddings", "Your day, told naturally from start to finish."),
            ("Portraits", "Relaxed portraits of you, your family or your team."),
            ("Family sessions", "Unposed moments, at home or outdoors."),
            ("Business photography", "Headshots, products and the people behind your brand."),
        ],
        "service_lines": [
            "{title}, photographed in a relaxed, natural style.",
            "{title}, planned with you so the photos feel like you.",
            "Ask about {title_lower} and what's included.",
        ],
        "process": [
            ("Check the date", "Tell us the date, the place and what you have in mind."),
            ("Plan together", "We talk through locations, timing and the shots that matter to you."),
            ("The session", "Relaxed and unhurried, so the photos feel like you."),
            ("Your photos", "Carefully edited and delivered online, ready to share and print."),
        ],
        "values": [
            ("Natural", "Real moments over stiff poses."),
            ("Personal", "Every session is planned around you."),
            ("Careful", "Every photo you receive is edited by hand."),
        ],
        "taglines": [
            "Natural photography in {city}",
            "{service_cap}, beautifully told",
            "Photos that feel like you",
            "Moments worth keeping",
        ],
        "headlines": [
            "{service_cap}, beautifully photographed in {city}",
            "Photos that feel like you",
            "{name}: relaxed, natural photography",
        ],
        "intro": "{name} photographs {services}{in_city}, with a relaxed, natural style.",
        "about": "{name} is a photographer{in_city} specialising in {services}.",
        "pricing_note": "Ask about what each session includes. Every quote is written down "
        "before you book.",
        "extra_page": {
            "slug": "portfolio",
            "nav_label": "Portfolio",
            "h1": "Portfolio",
            "intro": "A look at the kinds of sessions {name} photographs.",
            "sections": ["hero", "gallery", "cta"],
            "items": [],
        },
        "faq": [
            ("How do I check if you're available?", "{contact_cap} with the date and place, and we'll let you know."),
            ("Where do you photograph?", "We're based in {city} and happy to talk about sessions further afield."),
            ("How will I receive my photos?", "Edited photos are delivered online, ready to download, share and print."),
            ("What should we wear?", "Whatever you feel comfortable in. We'll send some simple tips before the session."),
            ("How does booking work?", "Once we've agreed the details, we'll confirm everything in writing so you know exactly what's included."),
        ],
    },
    # --- other ------------------------------------------------------------------------
    "other": {
        "audience": "local customers",
        "label": "business",
        "noun": "customers",
        "offer_slug": "services",
        "offer_label": "Services",
        "offer_heading": "What we offer",
        "offer_teaser": "What we offer",
        "offer_list": "Our services",
        "offer_more": "All services",
        "offer_intro": "Here's how {name} can help. If you need something you don't see, ask.",
        "schema_type": "LocalBusiness",
        "local": True,
        "audience_segments": [
            ("People looking for {service}", ["to know what's offered", "how to get in touch", "honest information"]),
            ("Returning customers", ["up-to-date details", "a quick way to get in touch", "new services"]),
        ],
        "search_intents": [
            "{service} near me",
            "{service} {city}",
            "best {service} in {city}",
            "{service} cost",
        ],
        "keyword_stems": ["local business", "services", "near me"],
        "converting_sections": ["hero", "services", "process", "values", "cta"],
        "trust_signals": [
            "Who runs the business, with a photo",
            "Clear contact details and location",
            "An honest description of what is and isn't offered",
        ],
        "opportunities": [
            "Say in one line what you do and where, at the top of the home page.",
            "Describe each service separately so people searching for it find you.",
            "Make getting in touch a single, obvious step.",
        ],
        "palettes": [
            {"mood": "classic", "primary": "#1e40af", "on_primary": "#ffffff", "accent": "#f59e0b", "background": "#ffffff", "surface": "#f3f6fc", "text": "#111827", "muted_text": "#4b5563"},
            {"mood": "warm", "primary": "#a16207", "on_primary": "#ffffff", "accent": "#0d9488", "background": "#fffdf7", "surface": "#fbf3e0", "text": "#271f10", "muted_text": "#5c5140"},
            {"mood": "fresh", "primary": "#047857", "on_primary": "#ffffff", "accent": "#6366f1", "background": "#ffffff", "surface": "#effaf5", "text": "#0f241c", "muted_text": "#465c53"},
            {"mood": "bold", "primary": "#b91c1c", "on_primary": "#ffffff", "accent": "#1d4ed8", "background": "#ffffff", "surface": "#fdf2f2", "text": "#1f1111", "muted_text": "#5a4444"},
        ],
        "voice": ["friendly", "clear", "helpful", "honest"],
        "fonts": [(SYSTEM_SANS, SYSTEM_SANS), (HUMANIST, SYSTEM_SANS), (TRANSITIONAL, SYSTEM_SANS)],
        "layouts": ["classic", "warm", "minimal"],
        "home": {
            "lead_generation": ["hero", "services", "process", "values", "cta"],
            "sales": ["hero", "services", "values", "cta"],
            "bookings": ["hero", "services", "process", "contact", "cta"],
            "awareness": ["hero", "about", "services", "values", "cta"],
        },
        "ctas": {
            "lead_generation": ("Get in touch", "contact"),
            "sales": ("See what we offer", "offer"),
            "bookings": ("Make a booking", "contact"),
            "awareness": ("About us", "about"),
        },
        "core_service": ("Our services", "Tell us what you need and we'll explain how we can help."),
        "services": [
            ("Consultations", "Tell us what you need and we'll explain how we can help."),
            ("Tailored work", "Work shaped to your situation, agreed before we start."),
            ("Ongoing support", "Help whenever you need it, from people who know you."),
        ],
        "service_lines": [
            "{title} from {name}{in_city}. Tell us what you need and we'll explain how it works.",
            "Ask us about {title_lower}: we'll talk you through the options and what's involved.",
            "{title}, planned around what you need and explained clearly.",
        ],
        "process": [
            ("Get in touch", "Tell us what you need."),
            ("We talk it through", "We explain the options and agree the details."),
            ("We get it done", "We do the work and keep you informed."),
        ],
        "values": [
            ("Friendly", "Easy to reach and happy to help."),
            ("Honest", "Clear about what we do, and what it costs."),
            ("Local", "Part of the {city} community."),
        ],
        "taglines": [
            "{service_cap} in {city}",
            "{service_cap} for {audience}",
            "Here to help",
            "Good service, plainly done",
        ],
        "headlines": [
            "{service_cap} in {city}",
            "Welcome to {name}",
            "{service_cap} from {name}",
        ],
        "intro": "{name} offers {services}{in_city}.",
        "about": "{name} offers {services}{in_city}.",
        "pricing_note": "Prices depend on what you need. Ask us and we'll explain before "
        "anything is agreed.",
        "extra_page": {
            "slug": "faq",
            "nav_label": "FAQ",
            "h1": "Frequently asked questions",
            "intro": "Answers to the questions people ask {name} most.",
            "sections": ["hero", "faq", "cta"],
            "items": [],
        },
        "faq": [
            ("What does {name} offer?", "{services_cap}. If you need something else, ask and we'll tell you whether we can help."),
            ("How much does it cost?", "It depends on what you need. We'll explain the cost before anything is agreed."),
        ],
    },
}  # fmt: skip
