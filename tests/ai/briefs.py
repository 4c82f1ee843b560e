"""Briefs for the AI team's tests, and the corpus of business briefs.

``BRIEFS`` holds two briefs per business type (``code24.ai.schemas.BusinessType``), of two
different small businesses in different towns, each with its own facts: the table-driven
tests of generated sites and the variety benchmark read them. The facts are the truth a
site is checked against; each description says nothing (price, hour, phone number, year,
promise) that the facts do not say too. ``BAKERY_PORTO``, ``LAW_FIRM_EMPLOYEES`` and
``SAAS_INVOICING`` are the three briefs of issue 10's acceptance cases (also in ``BRIEFS``).

All the businesses, people and customers are invented. Phone numbers are from ranges kept
for drama where a country has one (UK 01632 960xxx and 0113 496 0xxx, North American
555-01xx, Australian 03 7010 xxxx...), emails and links are on example.com and example.org.
"""

from __future__ import annotations

from typing import Any

from code24.ai.facts import DAYS
from code24.ai.schemas import Brief, BusinessType, PrimaryGoal


def make_brief(
    business_type: BusinessType = "dental-clinic",
    primary_goal: PrimaryGoal = "bookings",
    **overrides: Any,
) -> Brief:
    fields: dict[str, Any] = {
        "name": "Bright Smile Dental",
        "description": (
            "A family dental practice in central Leeds. We look after nervous patients and "
            "children, with evening appointments for people who work."
        ),
        "business_type": business_type,
        "primary_goal": primary_goal,
        "audience": "Families and nervous patients",
        "tone": "calm, friendly",
        "location": "Leeds, West Yorkshire",
        "services": ["Check-ups", "Teeth whitening", "Invisalign", "Children's dentistry"],
        "phone": "0113 496 0000",
        "email": "hello@brightsmile.example",
    }
    fields.update(overrides)
    return Brief.model_validate(fields)


PLUMBER: dict[str, Any] = {
    "business_type": "plumber",
    "primary_goal": "lead_generation",
    "name": "Flow Right Plumbing",
    "description": (
        "Two-person plumbing and heating business in Bristol. We fix leaks, service boilers "
        "and fit bathrooms, and we turn up when we say we will."
    ),
    "audience": "Homeowners and landlords",
    "tone": "straightforward, reliable",
    "location": "Bristol",
    "services": ["Leak repairs", "Boiler servicing", "Bathroom fitting"],
    "phone": "0117 496 0123",
    "email": "",
}


# --- Small builders for the facts below ---------------------------------------------------


def _offer(name: str, description: str = "", price: str = "") -> dict[str, str]:
    return {"name": name, "description": description, "price": price}


def _hours(days: str, opens: str, closes: str) -> dict[str, Any]:
    """``_hours("mon-fri,sun", "07:00", "19:00")``: the days as ranges or single days."""
    chosen: list[str] = []
    for part in days.split(","):
        first, _, last = part.strip().partition("-")
        start, end = DAYS.index(first), DAYS.index(last or first)
        chosen += DAYS[start : end + 1]
    return {"days": chosen, "opens": opens, "closes": closes}


def _closed(label: str) -> dict[str, Any]:
    return {"label": label, "closed": True}


def _member(name: str, role: str, bio: str = "") -> dict[str, str]:
    return {"name": name, "role": role, "bio": bio}


def _said(quote: str, author: str) -> dict[str, str]:
    return {"quote": quote, "author": author}


# --- Issue 10's acceptance cases ----------------------------------------------------------

# The trap: the goal is "bookings", but a bakery takes orders, not table bookings.
BAKERY_PORTO: dict[str, Any] = {
    "business_type": "bakery",
    "primary_goal": "bookings",
    "name": "Padaria da Avó Rosa",
    "description": (
        "Padaria da Avó Rosa is our family bakery in Bonfim, Porto, baking since 1962. Every "
        "morning we bake pastéis de nata (€1.20 each), pão de ló and broa, and we make "
        "birthday cakes to order. We open Monday to Saturday at 07:00; we are closed on "
        "Sundays and for the whole of August."
    ),
    "audience": "Neighbours in Bonfim, families ordering birthday cakes, visitors to Porto",
    "tone": "warm, homely, proud of the family recipes",
    "location": "Porto, Portugal",
    "phone": "+351 22 123 4567",
    "email": "avorosa@example.com",
    "address": "Rua do Heroísmo 112, 4300-259 Porto, Portugal",
    "facts": {
        "offers": [
            _offer("Pastéis de nata", "Baked every morning, still warm until about ten", "€1.20"),
            _offer("Pão de ló", "Avó Rosa's recipe; a whole cake serves 8", "€12"),
            _offer("Broa", "Corn bread, a loaf of about 500 g", "€2.50"),
            _offer("Bolo de arroz", "", "€1.10"),
            _offer(
                "Birthday cakes to order",
                "Order in the shop or by phone at least two days ahead",
                "from €25",
            ),
        ],
        "hours": [_hours("mon-fri", "07:00", "19:30"), _hours("sat", "07:00", "13:00")],
        "hours_exceptions": [_closed("August")],
        "ways": ["walk_in", "order_ahead"],
        "differentiators": [
            "Family-run since 1962",
            "Everything is baked on the premises, every morning",
        ],
        "founded": 1962,
        "team": [
            _member("Rosa Almeida", "Founder", "Opened the bakery in 1962 with her husband"),
            _member("Miguel Almeida", "Baker", "Rosa's grandson; he starts the ovens at 04:30"),
        ],
        "testimonials": [
            _said("The best pão de ló in Porto, just like my grandmother's.", "Helena Costa"),
        ],
        "social": ["https://www.instagram.com/padariaavorosa"],
    },
}

# The trap: "we represent employees", never employers; the fees are stated, not "it depends".
LAW_FIRM_EMPLOYEES: dict[str, Any] = {
    "business_type": "law-firm",
    "primary_goal": "lead_generation",
    "name": "Hartley Shah Employment Solicitors",
    "description": (
        "We are employment solicitors in Manchester and we represent employees, never "
        "employers. Your first consultation is free and lasts 30 minutes. We take unfair "
        "dismissal claims on a no win, no fee basis, and we also act in discrimination, "
        "settlement agreement and whistleblowing cases."
    ),
    "audience": "Employees in Greater Manchester dismissed or treated unfairly at work",
    "tone": "clear, calm, on your side",
    "location": "Manchester, UK",
    "phone": "0161 496 0732",
    "email": "advice@example.org",
    "address": "3rd Floor, 18 Booth Street, Manchester M2 4AN",
    "facts": {
        "offers": [
            _offer(
                "Unfair dismissal",
                "Claims for employees dismissed without a fair reason or a fair process",
                "No win, no fee",
            ),
            _offer(
                "Discrimination",
                "Claims for discrimination at work because of age, disability, race, sex, "
                "religion, sexual orientation or pregnancy",
            ),
            _offer(
                "Settlement agreements",
                "We check your settlement agreement and explain it before you sign",
            ),
            _offer(
                "Whistleblowing",
                "Advice and claims for employees treated badly after reporting wrongdoing",
            ),
        ],
        "hours": [_hours("mon-fri", "09:00", "17:30")],
        "area_served": "Greater Manchester",
        "ways": ["book_appointment", "enquire"],
        "differentiators": [
            "We represent employees, never employers",
            "Free 30-minute first consultation",
            "No win, no fee on unfair dismissal claims",
        ],
        "team": [
            _member(
                "Joanna Hartley",
                "Partner, solicitor",
                "Has acted for employees in tribunal claims for fifteen years",
            ),
            _member(
                "Imran Shah",
                "Partner, solicitor",
                "Leads our discrimination and whistleblowing work",
            ),
            _member("Chloe Byrne", "Solicitor", "Handles settlement agreements"),
        ],
        "testimonials": [
            _said(
                "They told me straight away whether my claim was worth bringing, and it was.",
                "Daniel R.",
            ),
        ],
    },
}

# The trap: one feature titled "Software"; here the features and plans are the offers.
SAAS_INVOICING: dict[str, Any] = {
    "business_type": "saas",
    "primary_goal": "sales",
    "name": "Tallybird",
    "description": (
        "Tallybird is invoicing software for freelancers. You send a professional invoice in "
        "a couple of minutes, Tallybird chases late payers for you, and your income and tax "
        "figures are ready when you need them. Plans start at $9/month, with a 14-day free "
        "trial."
    ),
    "audience": "Freelancers and sole traders: designers, developers, writers, consultants",
    "tone": "friendly, plain, no jargon",
    "location": "Online",
    "email": "support@example.com",
    "facts": {
        "offers": [
            _offer(
                "Invoices in two minutes",
                "Pick a client, add lines, send: your logo, your payment details, a PDF and "
                "a link to pay",
            ),
            _offer(
                "Automatic payment reminders",
                "Polite reminders go out 3, 7 and 14 days after the due date until the "
                "invoice is paid",
            ),
            _offer(
                "Recurring invoices",
                "Monthly retainers are invoiced on the same day each month without you",
            ),
            _offer(
                "Card and bank payments",
                "Clients pay by card or bank transfer from the invoice link",
            ),
            _offer(
                "Expenses from a photo",
                "Snap a receipt and Tallybird files the amount, the date and the category",
            ),
            _offer("Solo plan", "Unlimited invoices for one freelancer", "$9/month"),
            _offer("Pro plan", "Adds recurring invoices, expenses and a second user", "$19/month"),
        ],
        "ways": ["sign_up"],
        "order_url": "https://app.example.com/signup",
        "differentiators": [
            "14-day free trial, no card needed",
            "Made by two freelancers who were tired of chasing invoices",
        ],
        "founded": 2021,
        "testimonials": [
            _said(
                "I used to spend a Friday a month on invoices. Now it's ten minutes.", "Priya N."
            ),
        ],
        "social": ["https://www.linkedin.com/company/tallybird"],
    },
}


# --- Two businesses of every type ---------------------------------------------------------

BRIEFS: dict[str, list[dict[str, Any]]] = {
    # --- Food and drink ---
    "bakery": [
        BAKERY_PORTO,
        {
            "business_type": "bakery",
            "primary_goal": "awareness",
            "name": "Crumb & Cellar",
            "description": (
                "A small sourdough bakery under a railway arch in Bristol. We bake country "
                "loaves, seeded rye and cardamom buns, and we sell them from the hatch until "
                "they run out. No orders, no deliveries: come early on a Saturday."
            ),
            "audience": "Locals in Bedminster and bread lovers across Bristol",
            "tone": "relaxed, a little dry",
            "location": "Bristol, UK",
            "phone": "0117 496 0418",
            "email": "crumbandcellar@example.com",
            "address": "Arch 7, Whitehouse Lane, Bristol BS3 4DN",
            "facts": {
                "offers": [
                    _offer("Country sourdough", "Wheat and a little spelt, 900 g", "£5.20"),
                    _offer("Seeded rye", "Dense and dark, with sunflower and linseed", "£5.80"),
                    _offer("Cardamom buns", "", "£3.10"),
                    _offer("Focaccia", "By the slice, topped with whatever is in season", "£3.50"),
                ],
                "hours": [_hours("wed-fri", "08:00", "15:00"), _hours("sat", "08:00", "13:00")],
                "ways": ["walk_in"],
                "differentiators": ["Every loaf is fermented slowly for a day and a half"],
                "team": [_member("Tom Reeve", "Baker and owner", "Baked in London for years")],
                "social": ["https://www.instagram.com/crumbandcellar"],
            },
        },
    ],
    "cafe": [
        {
            "business_type": "cafe",
            "primary_goal": "awareness",
            "name": "Kaffebaren Linnea",
            "description": (
                "A neighbourhood café in Möllevången, Malmö, run by Linnea and her brother "
                "Johan. We roast our own filter coffee and bake the cardamom knots and "
                "cinnamon buns every morning. Weekday mornings are quiet, perfect for working "
                "with a laptop."
            ),
            "audience": "Neighbours, students and people working from home",
            "tone": "cosy, calm",
            "location": "Malmö, Sweden",
            "phone": "040-628 04 12",
            "email": "linnea@example.org",
            "address": "Bergsgatan 21, 214 22 Malmö, Sweden",
            "facts": {
                "offers": [
                    _offer("Filter coffee", "Roasted by us, with one free refill", "35 kr"),
                    _offer("Cardamom knot", "", "38 kr"),
                    _offer("Cinnamon bun", "", "35 kr"),
                    _offer(
                        "Open sandwich", "Rye bread with egg and shrimp or with cheese", "75 kr"
                    ),
                    _offer("Oat milk latte", "", "48 kr"),
                ],
                "hours": [_hours("mon-fri", "07:30", "17:00"), _hours("sat-sun", "09:00", "16:00")],
                "hours_exceptions": [_closed("24 to 26 December"), _closed("Midsummer Eve")],
                "ways": ["walk_in"],
                "differentiators": ["We roast our own coffee", "Baked here every morning"],
                "team": [
                    _member("Linnea Berg", "Owner, barista"),
                    _member("Johan Berg", "Baker"),
                ],
                "social": ["https://www.instagram.com/kaffebarenlinnea"],
            },
        },
        {
            "business_type": "cafe",
            "primary_goal": "sales",
            "name": "Laneway Espresso",
            "description": (
                "A hole-in-the-wall espresso bar in a Melbourne CBD laneway, open weekdays only. "
                "Order ahead on our app and your flat white is waiting when you get here. We "
                "also do toasties and banana bread for the walk to the office."
            ),
            "audience": "Office workers in the Melbourne CBD",
            "tone": "quick, upbeat",
            "location": "Melbourne, Australia",
            "phone": "(03) 7010 4456",
            "email": "laneway@example.com",
            "address": "14 Centre Place, Melbourne VIC 3000, Australia",
            "facts": {
                "offers": [
                    _offer("Flat white", "", "$5.50"),
                    _offer("Batch brew", "A different single origin each week", "$4.50"),
                    _offer("Ham and cheese toastie", "", "$11"),
                    _offer("Banana bread", "Toasted, with butter", "$7"),
                ],
                "hours": [_hours("mon-fri", "06:30", "15:00")],
                "ways": ["walk_in", "order_ahead"],
                "order_url": "https://order.example.com/laneway-espresso",
                "differentiators": ["Order ahead and skip the queue"],
                "testimonials": [
                    _said("My coffee is ready before I reach the counter, every day.", "Sam T."),
                ],
            },
        },
    ],
    "restaurant": [
        {
            "business_type": "restaurant",
            "primary_goal": "bookings",
            "name": "Trattoria Nonna Lucia",
            "description": (
                "A family trattoria in the centre of Bologna since 1987. We make the pasta by "
                "hand every morning: tagliatelle al ragù, tortellini in brodo, lasagne verde. "
                "Book a table for dinner; at lunch we also keep tables for walk-ins."
            ),
            "audience": "Locals and visitors looking for Bolognese home cooking",
            "tone": "warm, traditional",
            "location": "Bologna, Italy",
            "phone": "+39 051 123 4567",
            "email": "nonnalucia@example.com",
            "address": "Via del Pratello 42, 40122 Bologna, Italy",
            "facts": {
                "offers": [
                    _offer("Tagliatelle al ragù", "Our ragù cooks for six hours", "€14"),
                    _offer("Tortellini in brodo", "Filled by hand, in capon broth", "€15"),
                    _offer("Lasagne verde", "Spinach pasta, ragù and béchamel", "€13"),
                    _offer("Tiramisù", "", "€6"),
                    _offer("House Sangiovese", "By the quarter litre", "€5"),
                ],
                "hours": [
                    _hours("tue-sun", "12:00", "14:30"),
                    _hours("tue-sat", "19:00", "22:30"),
                ],
                "hours_exceptions": [_closed("Two weeks in mid-August")],
                "ways": ["book_table", "walk_in"],
                "differentiators": [
                    "Family-run since 1987",
                    "Fresh pasta made by hand every morning",
                ],
                "founded": 1987,
                "team": [
                    _member("Lucia Bernardi", "Founder and cook"),
                    _member("Marco Bernardi", "Front of house", "Lucia's son"),
                ],
                "testimonials": [
                    _said(
                        "The tortellini in brodo tasted like Christmas at my nonna's.", "Giulia F."
                    ),
                ],
            },
        },
        {
            "business_type": "restaurant",
            "primary_goal": "sales",
            "name": "Saffron Lane",
            "description": (
                "Gujarati and Punjabi home cooking on Belgrave Road, Leicester. Most of our "
                "customers order takeaway for collection; we have 30 seats if you want to eat "
                "in. The Sunday thali is the one people come back for."
            ),
            "audience": "Families in Leicester ordering takeaway, groups eating out",
            "tone": "generous, friendly",
            "location": "Leicester, UK",
            "phone": "0116 496 0275",
            "email": "saffronlane@example.org",
            "address": "211 Belgrave Road, Leicester LE4 6AP",
            "facts": {
                "offers": [
                    _offer("Sunday thali", "Two curries, dal, rice, rotli and a sweet", "£14.95"),
                    _offer("Chicken tikka masala", "", "£10.50"),
                    _offer("Paneer butter masala", "", "£9.50"),
                    _offer("Pani puri", "Six pieces", "£5"),
                    _offer("Family box for four", "Four mains, rice, naan and poppadoms", "£42"),
                ],
                "hours": [
                    _hours("tue-thu", "17:00", "22:00"),
                    _hours("fri-sat", "17:00", "23:00"),
                    _hours("sun", "12:00", "21:00"),
                ],
                "ways": ["order_ahead", "book_table"],
                "order_url": "https://order.example.com/saffron-lane",
                "differentiators": ["Recipes from our mum's kitchen in Rajkot", "Vegetarian menu"],
                "testimonials": [
                    _said("The family box feeds the four of us with leftovers.", "Anita M."),
                    _said("Best pani puri outside Gujarat.", "Ravi P."),
                ],
                "social": ["https://www.facebook.com/saffronlaneleicester"],
            },
        },
    ],
    "bar": [
        {
            "business_type": "bar",
            "primary_goal": "bookings",
            "name": "The Lamplighter",
            "description": (
                "A basement cocktail bar on Thistle Street, Edinburgh. We make a short menu of "
                "cocktails from Scottish spirits and keep over 80 single malts. Tables for "
                "groups of six or more can be booked; everyone else, just come down."
            ),
            "audience": "Couples, small groups, whisky lovers, visitors to Edinburgh",
            "tone": "low-lit, knowledgeable",
            "location": "Edinburgh, UK",
            "phone": "0131 496 0811",
            "email": "lamplighter@example.com",
            "address": "19A Thistle Street, Edinburgh EH2 1DF",
            "facts": {
                "offers": [
                    _offer(
                        "Signature cocktails", "Eight cocktails, changed with the seasons", "£11"
                    ),
                    _offer("Whisky flight", "Three drams chosen by the bartender", "£24"),
                    _offer("Alcohol-free cocktails", "", "£7"),
                    _offer("Group booking", "A reserved table for six to twelve people"),
                ],
                "hours": [
                    _hours("wed-thu", "17:00", "00:00"),
                    _hours("fri-sat", "17:00", "01:00"),
                ],
                "ways": ["walk_in", "book_table"],
                "differentiators": ["Over 80 single malts", "Bookings for groups of six or more"],
                "social": ["https://www.instagram.com/lamplighter.edinburgh"],
            },
        },
        {
            "business_type": "bar",
            "primary_goal": "awareness",
            "name": "Vine & Stoop",
            "description": (
                "A natural wine bar with a stoop in Bed-Stuy, Brooklyn. We pour small "
                "producers by the glass and put out cheese and tinned fish to go with them. "
                "No reservations. Happy hour runs Tuesday to Friday from 4pm to 6pm."
            ),
            "audience": "Neighbours in Bed-Stuy, wine-curious people after work",
            "tone": "casual, curious",
            "location": "Brooklyn, New York, USA",
            "phone": "(718) 555-0163",
            "email": "vineandstoop@example.org",
            "address": "412 Tompkins Avenue, Brooklyn, NY 11216",
            "facts": {
                "offers": [
                    _offer(
                        "Wine by the glass",
                        "Around twelve natural wines open each night",
                        "from $13",
                    ),
                    _offer("Happy hour glass", "Tuesday to Friday, 4pm to 6pm", "$9"),
                    _offer("Cheese plate", "Three cheeses, bread, pickles", "$18"),
                    _offer("Tinned fish", "Served with bread and butter", "from $14"),
                ],
                "hours": [
                    _hours("tue-thu", "16:00", "23:00"),
                    _hours("fri-sat", "16:00", "00:00"),
                    _hours("sun", "15:00", "22:00"),
                ],
                "ways": ["walk_in"],
                "differentiators": ["No reservations, ever", "Wine from small producers only"],
                "team": [
                    _member("Dana Whitfield", "Owner", "Worked harvests in the Loire and Sicily")
                ],
                "social": ["https://www.instagram.com/vineandstoop"],
            },
        },
    ],
    # --- Care: hair, beauty, fitness, health ---
    "hair-salon": [
        {
            "business_type": "hair-salon",
            "primary_goal": "bookings",
            "name": "Salon Lumière",
            "description": (
                "Salon Lumière is a colour specialist salon in the Croix-Rousse, Lyon. Our three "
                "stylists do cuts, balayage and colour corrections, always by appointment so "
                "nobody is rushed. We use plant-based colours wherever we can."
            ),
            "audience": "Women and men in Lyon who care about their colour",
            "tone": "elegant, reassuring",
            "location": "Lyon, France",
            "phone": "04 65 71 23 45",
            "email": "salonlumiere@example.com",
            "address": "8 Rue d'Austerlitz, 69004 Lyon, France",
            "facts": {
                "offers": [
                    _offer("Cut and blow-dry", "", "€52"),
                    _offer("Men's cut", "", "€30"),
                    _offer("Balayage", "Includes toner and blow-dry", "from €140"),
                    _offer("Colour correction", "Starts with a consultation", "from €180"),
                    _offer("Root colour", "Plant-based colour where it suits your hair", "€65"),
                ],
                "hours": [
                    _hours("tue-wed,fri", "09:30", "19:00"),
                    _hours("thu", "11:00", "21:00"),
                    _hours("sat", "09:00", "17:00"),
                ],
                "ways": ["book_appointment"],
                "order_url": "https://book.example.com/salon-lumiere",
                "differentiators": ["Colour specialists", "Plant-based colours wherever we can"],
                "team": [
                    _member("Camille Roux", "Owner, colourist", "Trained in Paris and London"),
                    _member("Inès Haddad", "Stylist", "Short cuts and curly hair"),
                    _member("Julien Morel", "Stylist", "Men's cuts and blow-dries"),
                ],
                "testimonials": [
                    _said(
                        "Camille fixed a box-dye disaster and my hair has never looked better.",
                        "Sophie L.",
                    ),
                ],
                "social": ["https://www.instagram.com/salonlumiere.lyon"],
            },
        },
        {
            "business_type": "hair-salon",
            "primary_goal": "awareness",
            "name": "Shear Joy",
            "description": (
                "A friendly family hair salon on Dominion Road, Auckland. Walk in for a quick "
                "trim or book ahead for colour. Kids' cuts are $25 and we have a box of toys "
                "to keep little ones happy."
            ),
            "audience": "Families in Mount Eden and Balmoral",
            "tone": "cheerful, down to earth",
            "location": "Auckland, New Zealand",
            "phone": "09 555 0192",
            "email": "shearjoy@example.org",
            "address": "512 Dominion Road, Balmoral, Auckland 1041, New Zealand",
            "facts": {
                "offers": [
                    _offer("Women's cut", "", "$65"),
                    _offer("Gents' cut", "", "$38"),
                    _offer("Kids' cut", "For under-12s", "$25"),
                    _offer("Full colour", "", "from $120"),
                ],
                "hours": [
                    _hours("mon-wed,fri", "09:00", "17:30"),
                    _hours("thu", "09:00", "20:00"),
                    _hours("sat", "08:30", "15:00"),
                ],
                "ways": ["walk_in", "book_appointment"],
                "founded": 2009,
                "testimonials": [
                    _said("My two boys actually look forward to haircuts now.", "Mere K."),
                ],
            },
        },
    ],
    "barber": [
        {
            "business_type": "barber",
            "primary_goal": "awareness",
            "name": "Fade Street Barbers",
            "description": (
                "A walk-in barbershop on Byres Road in Glasgow's West End. No appointments: "
                "take a seat and we'll get to you. Skin fades, beard trims and hot towel "
                "shaves."
            ),
            "audience": "Students and young professionals in the West End",
            "tone": "banter, no fuss",
            "location": "Glasgow, UK",
            "phone": "0141 496 0557",
            "email": "fadestreet@example.com",
            "address": "301 Byres Road, Glasgow G12 8UQ",
            "facts": {
                "offers": [
                    _offer("Skin fade", "", "£17"),
                    _offer("Scissor cut", "", "£15"),
                    _offer("Beard trim", "Shaped and lined up", "£9"),
                    _offer("Hot towel shave", "", "£20"),
                ],
                "hours": [
                    _hours("mon-fri", "09:00", "18:00"),
                    _hours("sat", "08:00", "17:00"),
                ],
                "ways": ["walk_in"],
                "differentiators": ["Walk-ins only, no appointments"],
                "social": ["https://www.instagram.com/fadestreetbarbers"],
            },
        },
        {
            "business_type": "barber",
            "primary_goal": "bookings",
            "name": "Old Town Barber Co.",
            "description": (
                "A classic barbershop in Old Town Fort Collins, Colorado, open since 2014. "
                "Every cut is booked online and ends with a hot towel and a neck shave. Our "
                "straight razor shave takes 45 minutes and is worth every one."
            ),
            "audience": "Men in Fort Collins who want a proper barber",
            "tone": "classic, confident",
            "location": "Fort Collins, Colorado, USA",
            "phone": "(970) 555-0148",
            "email": "oldtownbarber@example.com",
            "address": "126 Linden Street, Fort Collins, CO 80524",
            "facts": {
                "offers": [
                    _offer("Classic cut", "With a hot towel and a neck shave", "$38"),
                    _offer("Straight razor shave", "45 minutes, three hot towels", "$45"),
                    _offer("Cut and beard", "", "$55"),
                    _offer("Kid's cut", "12 and under", "$25"),
                ],
                "hours": [
                    _hours("tue-fri", "10:00", "19:00"),
                    _hours("sat", "09:00", "16:00"),
                ],
                "ways": ["book_appointment"],
                "order_url": "https://book.example.com/old-town-barber",
                "founded": 2014,
                "team": [
                    _member("Marcus Reyes", "Owner, barber"),
                    _member("Eli Hanson", "Barber", "Beard work and shaves"),
                ],
                "testimonials": [
                    _said("Best shave I've had. Marcus takes his time.", "Jordan B."),
                ],
            },
        },
    ],
    "beauty-salon": [
        {
            "business_type": "beauty-salon",
            "primary_goal": "bookings",
            "name": "Glow Rooms",
            "description": (
                "Glow Rooms is a two-room beauty salon in Pontcanna, Cardiff. We do facials, "
                "lash lifts, brows and gel nails, all by appointment. Evening appointments on "
                "Thursdays until 8pm."
            ),
            "audience": "Women in Cardiff looking for a calm salon",
            "tone": "soft, calm, welcoming",
            "location": "Cardiff, UK",
            "phone": "029 2018 0364",
            "email": "glowrooms@example.org",
            "address": "62 Cowbridge Road East, Cardiff CF11 9DU",
            "facts": {
                "offers": [
                    _offer(
                        "Signature facial", "60 minutes, cleanse, exfoliation and massage", "£55"
                    ),
                    _offer("Lash lift and tint", "", "£45"),
                    _offer("Brow lamination", "", "£40"),
                    _offer("Gel manicure", "", "£28"),
                    _offer("Gel pedicure", "", "£34"),
                ],
                "hours": [
                    _hours("tue-wed,fri", "09:30", "17:30"),
                    _hours("thu", "11:00", "20:00"),
                    _hours("sat", "09:00", "16:00"),
                ],
                "ways": ["book_appointment"],
                "order_url": "https://book.example.com/glow-rooms",
                "team": [
                    _member("Ffion Davies", "Owner, therapist"),
                    _member("Lowri Evans", "Nail technician"),
                ],
                "testimonials": [
                    _said("The facial was the most relaxing hour of my month.", "Rhian J."),
                ],
                "social": ["https://www.instagram.com/glowrooms.cardiff"],
            },
        },
        {
            "business_type": "beauty-salon",
            "primary_goal": "lead_generation",
            "name": "Kosmetikstudio Amelie",
            "description": (
                "A cosmetics studio in Munich-Schwabing, run by Amelie Wagner since 2011. We "
                "specialise in bridal make-up and skin treatments. For weddings we come to "
                "you; ask us for a date and a quote."
            ),
            "audience": "Brides, and women in Schwabing looking for skin care",
            "tone": "professional, warm",
            "location": "Munich, Germany",
            "phone": "+49 89 99998 214",
            "email": "amelie@example.com",
            "address": "Hohenzollernstraße 44, 80801 München, Germany",
            "facts": {
                "offers": [
                    _offer(
                        "Bridal make-up",
                        "Trial session and make-up on the day, at your venue",
                        "from €290",
                    ),
                    _offer("Classic facial", "", "€79"),
                    _offer("Waxing", "", "from €18"),
                    _offer("Eyebrow shaping and tint", "", "€25"),
                ],
                "hours": [_hours("mon-fri", "10:00", "19:00"), _hours("sat", "10:00", "14:00")],
                "ways": ["book_appointment", "request_quote"],
                "differentiators": ["Bridal make-up at your venue"],
                "founded": 2011,
                "team": [_member("Amelie Wagner", "Owner, cosmetician")],
            },
        },
    ],
    "fitness-studio": [
        {
            "business_type": "fitness-studio",
            "primary_goal": "sales",
            "name": "Forge Strength Club",
            "description": (
                "A small strength gym in Kelham Island, Sheffield. Every session is coached, in "
                "groups of no more than eight. Membership is £65/month for unlimited classes "
                "and your first class is free."
            ),
            "audience": "Adults in Sheffield who want to get strong, including complete beginners",
            "tone": "encouraging, no ego",
            "location": "Sheffield, UK",
            "phone": "0114 496 0923",
            "email": "forge@example.com",
            "address": "Unit 4, 50 Alma Street, Sheffield S3 8SA",
            "facts": {
                "offers": [
                    _offer("Unlimited membership", "All group strength classes", "£65/month"),
                    _offer("Two classes a week", "", "£45/month"),
                    _offer("Personal training", "One hour, one to one", "£40"),
                    _offer("Beginners' barbell course", "Four sessions over two weeks", "£60"),
                ],
                "hours": [
                    _hours("mon-fri", "06:00", "21:00"),
                    _hours("sat", "08:00", "12:00"),
                ],
                "ways": ["book_class", "sign_up"],
                "order_url": "https://book.example.com/forge-strength",
                "differentiators": [
                    "Your first class is free",
                    "No more than eight people per class",
                ],
                "team": [
                    _member("Kirsty Hall", "Head coach", "Powerlifter, coaching since 2015"),
                    _member("Dev Anand", "Coach"),
                ],
                "testimonials": [
                    _said(
                        "I'd never touched a barbell. Six months later I deadlift my bodyweight.",
                        "Laura W.",
                    ),
                ],
            },
        },
        {
            "business_type": "fitness-studio",
            "primary_goal": "bookings",
            "name": "Pulse Cycle Studio",
            "description": (
                "An indoor cycling studio on Queen Street West, Toronto. Our 45-minute rides "
                "are set to loud music in a dark room. Buy a single ride or a class pack and "
                "book your bike online."
            ),
            "audience": "Young professionals in downtown Toronto",
            "tone": "high energy",
            "location": "Toronto, Canada",
            "phone": "(416) 555-0187",
            "email": "ride@example.org",
            "address": "788 Queen Street West, Toronto, ON M6J 1E9",
            "facts": {
                "offers": [
                    _offer("Single ride", "", "$28"),
                    _offer("10-ride pack", "Valid for three months", "$240"),
                    _offer("Unlimited", "", "$189/month"),
                    _offer("Shoe rental", "", "$3"),
                ],
                "hours": [
                    _hours("mon-fri", "06:00", "20:30"),
                    _hours("sat-sun", "08:00", "13:00"),
                ],
                "ways": ["book_class", "buy_online"],
                "order_url": "https://book.example.org/pulse-cycle",
                "differentiators": ["Pick your own bike when you book"],
                "social": [
                    "https://www.instagram.com/pulsecycleto",
                    "https://www.tiktok.com/@pulsecycleto",
                ],
            },
        },
    ],
    "yoga-studio": [
        {
            "business_type": "yoga-studio",
            "primary_goal": "bookings",
            "name": "Casa Prana",
            "description": (
                "A light-filled yoga studio in Gràcia, Barcelona. We teach vinyasa and hatha in "
                "English and Spanish, with a beginners' course every month. A drop-in class is "
                "€15."
            ),
            "audience": "Locals and expats in Barcelona, from beginners to regulars",
            "tone": "calm, inclusive",
            "location": "Barcelona, Spain",
            "phone": "+34 931 23 45 67",
            "email": "hola@example.com",
            "address": "Carrer de Verdi 58, 08012 Barcelona, Spain",
            "facts": {
                "offers": [
                    _offer("Drop-in class", "", "€15"),
                    _offer("10-class card", "Valid for four months", "€120"),
                    _offer("Beginners' course", "Four weekly classes, starting each month", "€60"),
                    _offer("Unlimited monthly", "", "€85/month"),
                ],
                "hours": [
                    _hours("mon-fri", "07:30", "21:30"),
                    _hours("sat-sun", "09:00", "13:00"),
                ],
                "ways": ["book_class"],
                "order_url": "https://book.example.com/casa-prana",
                "differentiators": ["Classes in English and Spanish"],
                "team": [
                    _member("Laia Puig", "Founder, teacher", "Teaching vinyasa since 2012"),
                    _member("Ben Carter", "Teacher", "Hatha and yin"),
                ],
                "social": ["https://www.instagram.com/casaprana.bcn"],
            },
        },
        {
            "business_type": "yoga-studio",
            "primary_goal": "awareness",
            "name": "Still Water Yoga",
            "description": (
                "Gentle yoga in a converted chapel in Hove. We teach yin, restorative and "
                "pregnancy yoga in small classes of up to twelve. Classes are booked by email "
                "or in person after class."
            ),
            "audience": "People who want slow yoga: beginners, pregnant women, the injured",
            "tone": "gentle, unhurried",
            "location": "Hove, UK",
            "phone": "01632 960 214",
            "email": "stillwater@example.org",
            "address": "The Old Chapel, 9 Ventnor Villas, Hove BN3 3DD",
            "facts": {
                "offers": [
                    _offer("Yin yoga", "Long, supported holds, 75 minutes", "£14"),
                    _offer("Restorative yoga", "", "£14"),
                    _offer("Pregnancy yoga", "From 14 weeks, six-week course", "£78"),
                    _offer("Monthly workshop", "A Sunday afternoon on one theme", "£30"),
                ],
                "hours": [
                    _hours("mon,wed", "18:30", "20:00"),
                    _hours("sat", "09:30", "11:00"),
                ],
                "ways": ["book_class", "enquire"],
                "differentiators": ["Classes of up to twelve people", "Slow yoga for every body"],
                "team": [_member("Harriet Moss", "Teacher", "Yoga teacher and former nurse")],
                "testimonials": [
                    _said(
                        "Harriet's pregnancy classes got me through my third trimester.", "Ella G."
                    ),
                ],
            },
        },
    ],
    "dental-clinic": [
        {
            "business_type": "dental-clinic",
            "primary_goal": "bookings",
            "name": "Harbour Dental",
            "description": (
                "A family dental clinic on the Halifax waterfront. We see adults and children "
                "for check-ups, fillings and whitening, and we have evening hours on Tuesdays "
                "and Thursdays. New patients are welcome."
            ),
            "audience": "Families in Halifax and Dartmouth",
            "tone": "friendly, reassuring",
            "location": "Halifax, Nova Scotia, Canada",
            "phone": "(902) 555-0114",
            "email": "harbourdental@example.com",
            "address": "1505 Lower Water Street, Halifax, NS B3J 1S2",
            "facts": {
                "offers": [
                    _offer(
                        "Check-up and cleaning", "Exam, cleaning and X-rays when needed", "$180"
                    ),
                    _offer("Children's check-up", "", "$95"),
                    _offer("White fillings", "", "from $160"),
                    _offer("Teeth whitening", "Custom trays and gel to use at home", "$450"),
                ],
                "hours": [
                    _hours("mon,wed,fri", "08:00", "17:00"),
                    _hours("tue,thu", "10:00", "20:00"),
                ],
                "ways": ["book_appointment"],
                "order_url": "https://book.example.com/harbour-dental",
                "differentiators": ["Evening appointments on Tuesdays and Thursdays"],
                "team": [
                    _member("Dr. Aisha Mensah", "Dentist"),
                    _member("Dr. Paul Leblanc", "Dentist", "Sees most of our younger patients"),
                    _member("Megan Doyle", "Dental hygienist"),
                ],
                "testimonials": [
                    _said("My daughter was terrified of the dentist. Not any more.", "Karen S."),
                ],
            },
        },
        {
            "business_type": "dental-clinic",
            "primary_goal": "lead_generation",
            "name": "Zahnarztpraxis Dr. Keller",
            "description": (
                "Dr. Lena Keller's dental practice in Zurich's Kreis 6 focuses on implants and "
                "anxious patients. Every implant starts with a consultation and a written cost "
                "estimate. Emergency appointments are available on weekdays the same day."
            ),
            "audience": "Adults in Zurich needing implants, anxious patients",
            "tone": "precise, calm",
            "location": "Zurich, Switzerland",
            "phone": "+41 44 555 01 23",
            "email": "praxis.keller@example.org",
            "address": "Universitätstrasse 61, 8006 Zürich, Switzerland",
            "facts": {
                "offers": [
                    _offer(
                        "Implant consultation",
                        "Examination, 3D scan and a written estimate",
                        "CHF 180",
                    ),
                    _offer("Single implant with crown", "", "from CHF 4,200"),
                    _offer("Dental hygiene", "60 minutes", "CHF 165"),
                    _offer("Treatment under sedation", "For anxious patients"),
                ],
                "hours": [_hours("mon-thu", "08:00", "18:00"), _hours("fri", "08:00", "14:00")],
                "ways": ["book_appointment", "enquire"],
                "differentiators": [
                    "Same-day emergency appointments on weekdays",
                    "A written cost estimate before any implant",
                ],
                "team": [
                    _member("Dr. Lena Keller", "Dentist, implantologist"),
                    _member("Marco Gerber", "Dental hygienist"),
                ],
            },
        },
    ],
    "physiotherapist": [
        {
            "business_type": "physiotherapist",
            "primary_goal": "bookings",
            "name": "Motion Physio",
            "description": (
                "Sports and musculoskeletal physiotherapy in Jesmond, Newcastle. An initial "
                "assessment is £60 and takes an hour; follow-ups are £48. We see runners, "
                "desk workers and people recovering from surgery."
            ),
            "audience": "Runners, gym-goers and desk workers in Newcastle",
            "tone": "practical, encouraging",
            "location": "Newcastle upon Tyne, UK",
            "phone": "0191 498 0731",
            "email": "motionphysio@example.com",
            "address": "27 Acorn Road, Jesmond, Newcastle upon Tyne NE2 2DJ",
            "facts": {
                "offers": [
                    _offer(
                        "Initial assessment", "One hour: assessment, treatment and a plan", "£60"
                    ),
                    _offer("Follow-up session", "45 minutes", "£48"),
                    _offer("Sports massage", "", "£45"),
                    _offer("Running gait analysis", "On a treadmill, with video", "£75"),
                ],
                "hours": [_hours("mon-fri", "07:30", "20:00"), _hours("sat", "08:30", "13:00")],
                "ways": ["book_appointment"],
                "order_url": "https://book.example.com/motion-physio",
                "team": [
                    _member("Rachel Dunn", "Physiotherapist", "Former physio to a rugby club"),
                    _member("Owen Clarke", "Physiotherapist", "Running injuries"),
                ],
                "testimonials": [
                    _said("Back running pain-free three weeks before my marathon.", "Steve H."),
                ],
            },
        },
        {
            "business_type": "physiotherapist",
            "primary_goal": "lead_generation",
            "name": "Fysio Vondel",
            "description": (
                "Physiotherapy near the Vondelpark in Amsterdam, and at home for people who "
                "can't come to us. Marieke and Sanne specialise in rehabilitation after knee "
                "and hip operations. Treatment is often covered by supplementary insurance; "
                "ask us before you start."
            ),
            "audience": "People in Amsterdam-Zuid recovering from surgery, older patients",
            "tone": "kind, clear",
            "location": "Amsterdam, Netherlands",
            "phone": "+31 20 555 0146",
            "email": "fysiovondel@example.org",
            "address": "Overtoom 310, 1054 JC Amsterdam, Netherlands",
            "facts": {
                "offers": [
                    _offer("Physiotherapy session", "30 minutes", "€45"),
                    _offer("Home visit", "In Amsterdam-Zuid and West", "€62"),
                    _offer(
                        "Rehabilitation after knee or hip surgery",
                        "A programme agreed with your surgeon",
                    ),
                ],
                "hours": [_hours("mon-fri", "08:00", "18:00")],
                "area_served": "Amsterdam-Zuid and Amsterdam-West for home visits",
                "ways": ["book_appointment", "enquire"],
                "differentiators": ["Home visits for people who can't come to us"],
                "team": [
                    _member("Marieke de Vries", "Physiotherapist"),
                    _member("Sanne Bakker", "Physiotherapist"),
                ],
            },
        },
    ],
    "vet": [
        {
            "business_type": "vet",
            "primary_goal": "bookings",
            "name": "Greenacre Veterinary Surgery",
            "description": (
                "An independent vet practice in Eaton, Norwich, looking after cats, dogs and "
                "rabbits since 1994. We are not part of a chain, and you'll see the same vet "
                "each time where we can. Vaccinations are £58."
            ),
            "audience": "Pet owners in south-west Norwich",
            "tone": "caring, straightforward",
            "location": "Norwich, UK",
            "phone": "01632 960 381",
            "email": "greenacre@example.com",
            "address": "14 Eaton Street, Norwich NR4 7AB",
            "facts": {
                "offers": [
                    _offer("Consultation", "", "£45"),
                    _offer("Vaccinations", "Annual booster and health check", "£58"),
                    _offer("Neutering", "Cats and dogs", "from £180"),
                    _offer("Dental care", "Scale and polish under anaesthetic", "from £320"),
                    _offer("Pet health plan", "Vaccinations, flea and worm treatment", "£16/month"),
                ],
                "hours": [_hours("mon-fri", "08:30", "19:00"), _hours("sat", "09:00", "12:00")],
                "ways": ["book_appointment"],
                "differentiators": [
                    "Independent, not part of a chain",
                    "The same vet each visit where we can",
                ],
                "founded": 1994,
                "team": [
                    _member("Dr. James Whitby", "Veterinary surgeon, owner"),
                    _member("Dr. Amy Ford", "Veterinary surgeon"),
                    _member("Beth Green", "Head nurse"),
                ],
            },
        },
        {
            "business_type": "vet",
            "primary_goal": "awareness",
            "name": "Mountain View Animal Hospital",
            "description": (
                "A mixed practice outside Bozeman, Montana, caring for horses, cattle, dogs and "
                "cats. We make farm calls across Gallatin County. For emergencies out of hours "
                "call our main number and follow the message."
            ),
            "audience": "Ranchers, horse owners and pet owners in Gallatin County",
            "tone": "dependable, plain-spoken",
            "location": "Bozeman, Montana, USA",
            "phone": "(406) 555-0139",
            "email": "mountainview@example.org",
            "address": "8120 Huffine Lane, Bozeman, MT 59718",
            "facts": {
                "offers": [
                    _offer("Small animal wellness exam", "", "$68"),
                    _offer("Farm call", "Plus treatment", "$95"),
                    _offer("Equine dentistry", "", "from $150"),
                    _offer("Herd health programmes", "Vaccination and pregnancy checks for cattle"),
                ],
                "hours": [_hours("mon-fri", "07:30", "18:00"), _hours("sat", "08:00", "12:00")],
                "area_served": "Gallatin County, Montana",
                "ways": ["book_appointment", "enquire"],
                "differentiators": ["Farm calls across Gallatin County"],
                "founded": 1979,
                "team": [_member("Dr. Carol Jensen", "Veterinarian", "Large animal and equine")],
            },
        },
    ],
    "therapist": [
        {
            "business_type": "therapist",
            "primary_goal": "lead_generation",
            "name": "Hannah Price Counselling",
            "description": (
                "I am a counsellor in York working with adults with anxiety, low mood and grief. "
                "Sessions are 50 minutes, in person near the station or online, and cost £60. "
                "We start with a free 15-minute phone call to see whether we're a good fit."
            ),
            "audience": "Adults in York and online with anxiety, low mood or grief",
            "tone": "warm, gentle, plain",
            "location": "York, UK",
            "phone": "07700 900 418",
            "email": "hannahprice@example.com",
            "address": "Suite 2, 7 Blossom Street, York YO24 1AU",
            "facts": {
                "offers": [
                    _offer("Individual counselling", "50 minutes, in person or online", "£60"),
                    _offer("Bereavement counselling", "50 minutes", "£60"),
                    _offer("Introductory call", "15 minutes by phone", "Free"),
                ],
                "hours": [_hours("mon-thu", "09:00", "19:00")],
                "ways": ["book_appointment", "enquire"],
                "differentiators": ["A free 15-minute call before we start", "Online or in person"],
                "team": [
                    _member(
                        "Hannah Price",
                        "Counsellor",
                        "Person-centred counsellor, BACP registered member",
                    ),
                ],
            },
        },
        {
            "business_type": "therapist",
            "primary_goal": "bookings",
            "name": "Mindful Path Therapy",
            "description": (
                "A group practice of three licensed therapists in Portland, Oregon. We work "
                "with couples, with LGBTQ+ adults and with people recovering from burnout. "
                "Individual sessions are $160; we keep some sliding-scale places."
            ),
            "audience": "Couples and adults in Portland, including the LGBTQ+ community",
            "tone": "affirming, warm",
            "location": "Portland, Oregon, USA",
            "phone": "(503) 555-0172",
            "email": "hello@example.org",
            "address": "2330 NW Flanders Street, Suite 3, Portland, OR 97210",
            "facts": {
                "offers": [
                    _offer("Individual therapy", "53 minutes", "$160"),
                    _offer("Couples therapy", "80 minutes", "$210"),
                    _offer(
                        "Sliding-scale sessions",
                        "A few places for people on lower incomes",
                        "from $80",
                    ),
                ],
                "hours": [_hours("mon-fri", "08:00", "20:00")],
                "ways": ["book_appointment"],
                "order_url": "https://book.example.org/mindful-path",
                "differentiators": ["LGBTQ+ affirming", "Three licensed therapists"],
                "team": [
                    _member("Dr. Nadia Flores", "Psychologist", "Couples and relationships"),
                    _member("Chris Walker", "Licensed clinical social worker", "LGBTQ+ adults"),
                    _member("Amara Obi", "Licensed professional counselor", "Burnout and anxiety"),
                ],
            },
        },
    ],
    # --- Trades ---
    "plumber": [
        {
            "business_type": "plumber",
            "primary_goal": "lead_generation",
            "name": "McAllister Plumbing & Heating",
            "description": (
                "Father-and-son plumbing and heating engineers in south Belfast since 1998. We "
                "service and replace boilers, fix leaks and fit bathrooms. Every job gets a "
                "written quote first, and a boiler service is £85."
            ),
            "audience": "Homeowners and landlords in south and east Belfast",
            "tone": "straight-talking, reliable",
            "location": "Belfast, UK",
            "phone": "028 9649 6217",
            "email": "mcallisterplumbing@example.com",
            "address": "45 Ormeau Road, Belfast BT7 1SH",
            "facts": {
                "offers": [
                    _offer("Boiler service", "Gas and oil boilers", "£85"),
                    _offer(
                        "Boiler replacement", "Including removal of the old boiler", "from £2,300"
                    ),
                    _offer("Leak repairs", "", "from £70"),
                    _offer(
                        "Bathroom fitting", "Design, plumbing, tiling and finishing", "from £4,500"
                    ),
                ],
                "area_served": "South and east Belfast, Castlereagh and Lisburn",
                "ways": ["request_quote", "enquire"],
                "differentiators": [
                    "Family-run since 1998",
                    "A written quote before any work starts",
                    "Gas Safe registered",
                ],
                "founded": 1998,
                "team": [
                    _member("Gerry McAllister", "Heating engineer"),
                    _member("Ryan McAllister", "Plumber", "Bathrooms and refits"),
                ],
                "testimonials": [
                    _said(
                        "Quoted, turned up on the day they said, left the place spotless.",
                        "Siobhan O.",
                    ),
                ],
            },
        },
        {
            "business_type": "plumber",
            "primary_goal": "sales",
            "name": "Bayside Hot Water & Plumbing",
            "description": (
                "Licensed plumbers on Melbourne's bayside. We specialise in hot water: repairs, "
                "new systems and heat pump upgrades. For burst pipes and no hot water we answer "
                "the phone 24/7."
            ),
            "audience": "Households in Melbourne's bayside suburbs",
            "tone": "prompt, practical",
            "location": "Melbourne, Australia",
            "phone": "(03) 7010 2290",
            "email": "bayside@example.org",
            "address": "3/18 Chesterville Road, Cheltenham VIC 3192, Australia",
            "facts": {
                "offers": [
                    _offer("Hot water repairs", "Gas, electric and solar systems", "from $150"),
                    _offer("Heat pump hot water", "Supplied and installed", "from $3,900"),
                    _offer("Burst pipes", "Emergency call-out"),
                    _offer("Blocked drains", "Camera inspection and jetting", "from $220"),
                ],
                "hours": [_hours("mon-fri", "07:00", "17:00")],
                "area_served": "Brighton, Sandringham, Cheltenham, Mentone and Mordialloc",
                "ways": ["request_quote", "enquire"],
                "differentiators": [
                    "Emergency line answered 24/7",
                    "Licensed and insured plumbers",
                ],
                "testimonials": [
                    _said("No hot water at 9pm, fixed by breakfast.", "Lisa M."),
                ],
            },
        },
    ],
    "electrician": [
        {
            "business_type": "electrician",
            "primary_goal": "lead_generation",
            "name": "Bright Spark Electrical",
            "description": (
                "Domestic electricians in Nottingham. We do rewires, consumer unit upgrades, "
                "EV chargers and electrical safety certificates for landlords. An EICR for a "
                "two-bedroom flat is £150."
            ),
            "audience": "Homeowners and landlords in Nottingham",
            "tone": "clear, safety-minded",
            "location": "Nottingham, UK",
            "phone": "0115 496 0654",
            "email": "brightspark@example.com",
            "facts": {
                "offers": [
                    _offer("EICR (landlord safety certificate)", "Two-bedroom flat", "£150"),
                    _offer("Consumer unit upgrade", "", "from £450"),
                    _offer("Full rewire", "Three-bedroom house", "from £4,200"),
                    _offer("EV charger installation", "", "from £899"),
                ],
                "area_served": "Nottingham, Beeston, West Bridgford and Arnold",
                "ways": ["request_quote"],
                "differentiators": [
                    "NICEIC registered",
                    "We tidy up and make good after every job",
                ],
                "team": [_member("Adam Cole", "Electrician, owner")],
            },
        },
        {
            "business_type": "electrician",
            "primary_goal": "awareness",
            "name": "Elektro Schmidt",
            "description": (
                "An electrical business in Hamburg-Altona run by master electrician Jens "
                "Schmidt since 2005. We install solar panels, home batteries and heat pump "
                "wiring for houses, and we look after small shops and offices."
            ),
            "audience": "Homeowners and small businesses in Hamburg",
            "tone": "thorough, matter-of-fact",
            "location": "Hamburg, Germany",
            "phone": "+49 40 66969 123",
            "email": "elektro.schmidt@example.org",
            "address": "Große Brunnenstraße 92, 22763 Hamburg, Germany",
            "facts": {
                "offers": [
                    _offer("Solar panels", "Planning, installation and registration"),
                    _offer("Home batteries", "Sized to your solar system"),
                    _offer("Heat pump wiring", "For your heating installer"),
                    _offer(
                        "Electrical work for shops and offices", "Lighting, sockets, inspections"
                    ),
                ],
                "hours": [_hours("mon-fri", "07:00", "16:00")],
                "area_served": "Hamburg and the districts of Pinneberg and Stormarn",
                "ways": ["request_quote", "enquire"],
                "founded": 2005,
                "team": [
                    _member("Jens Schmidt", "Master electrician, owner"),
                    _member("Aylin Demir", "Electrician", "Solar and batteries"),
                ],
            },
        },
    ],
    "cleaner": [
        {
            "business_type": "cleaner",
            "primary_goal": "lead_generation",
            "name": "Sparkle & Shine Cleaning",
            "description": (
                "Home cleaning in south Dublin. Our regular cleaners come weekly or every "
                "fortnight at €28 an hour, and we do end-of-tenancy cleans for renters and "
                "landlords. You get the same cleaner every visit."
            ),
            "audience": "Busy households and renters in south Dublin",
            "tone": "friendly, dependable",
            "location": "Dublin, Ireland",
            "phone": "01 555 0142",
            "email": "sparkleandshine@example.com",
            "facts": {
                "offers": [
                    _offer(
                        "Regular home cleaning",
                        "Weekly or fortnightly, two hours minimum",
                        "€28 an hour",
                    ),
                    _offer("End-of-tenancy clean", "Two-bedroom apartment", "from €220"),
                    _offer("Oven cleaning", "", "€85"),
                ],
                "area_served": "Dublin 4, 6, 8, 12, 14 and 18",
                "ways": ["request_quote", "enquire"],
                "differentiators": ["The same cleaner every visit"],
                "testimonials": [
                    _said(
                        "Ana has cleaned for us for three years and we'd be lost without her.",
                        "Orla D.",
                    ),
                ],
            },
        },
        {
            "business_type": "cleaner",
            "primary_goal": "lead_generation",
            "name": "Clean Slate Commercial Cleaning",
            "description": (
                "Office and clinic cleaning in Austin, Texas. Our crews work evenings after you "
                "close, and every site gets a checklist signed off each night. We are insured "
                "and bonded, and we'll walk your building with you before we quote."
            ),
            "audience": "Office managers and clinic owners in Austin",
            "tone": "professional, reliable",
            "location": "Austin, Texas, USA",
            "phone": "(512) 555-0126",
            "email": "cleanslate@example.org",
            "address": "4501 Freidrich Lane, Suite 110, Austin, TX 78744",
            "facts": {
                "offers": [
                    _offer("Nightly office cleaning", "Priced per building after a walk-through"),
                    _offer(
                        "Medical clinic cleaning", "Disinfection of exam rooms and waiting areas"
                    ),
                    _offer("Floor care", "Stripping, waxing and carpet extraction"),
                    _offer("Window cleaning", "Inside and out, ground to third floor"),
                ],
                "hours": [_hours("mon-fri", "08:00", "17:00")],
                "area_served": "Austin, Round Rock and Cedar Park",
                "ways": ["request_quote"],
                "differentiators": [
                    "Insured and bonded",
                    "A signed checklist every night",
                    "A walk-through before every quote",
                ],
                "founded": 2016,
                "team": [
                    _member("Rosa Delgado", "Owner", "Started Clean Slate with one crew in 2016")
                ],
            },
        },
    ],
    "builder": [
        {
            "business_type": "builder",
            "primary_goal": "lead_generation",
            "name": "Hollis & Sons Builders",
            "description": (
                "Three generations of builders in Bath, founded by Arthur Hollis in 1961. We "
                "build extensions and loft conversions and repair period stone houses. We take "
                "on a handful of projects a year, and one of the family runs every job."
            ),
            "audience": "Homeowners in Bath and north-east Somerset with period houses",
            "tone": "solid, traditional, honest",
            "location": "Bath, UK",
            "phone": "01632 960 742",
            "email": "hollisandsons@example.com",
            "address": "Yard 3, Lower Bristol Road, Bath BA2 3EB",
            "facts": {
                "offers": [
                    _offer("Extensions", "Single and two-storey, including the drawings"),
                    _offer("Loft conversions", "Dormer and Velux conversions"),
                    _offer("Stone repairs", "Lime mortar repointing and Bath stone repairs"),
                    _offer("Kitchen and bathroom refits", ""),
                ],
                "area_served": "Bath and north-east Somerset",
                "ways": ["request_quote"],
                "differentiators": [
                    "Family builders since 1961",
                    "One of the family runs every job",
                    "Specialists in Bath stone and lime",
                ],
                "founded": 1961,
                "team": [
                    _member("Peter Hollis", "Director", "Son of Arthur Hollis"),
                    _member("Sam Hollis", "Site manager", "Peter's son"),
                ],
                "testimonials": [
                    _said(
                        "Our Georgian extension looks like it has always been there.",
                        "Clare and Nick A.",
                    ),
                ],
            },
        },
        {
            "business_type": "builder",
            "primary_goal": "awareness",
            "name": "Timber & Stone Renovations",
            "description": (
                "A small renovation company in Wellington that strengthens and renovates old "
                "villas and bungalows. We handle earthquake strengthening, reclads and "
                "insulation, with our own builders and a project manager you can call."
            ),
            "audience": "Owners of older houses in Wellington",
            "tone": "practical, knowledgeable",
            "location": "Wellington, New Zealand",
            "phone": "04 555 0187",
            "email": "timberandstone@example.org",
            "facts": {
                "offers": [
                    _offer("Earthquake strengthening", "Bracing and foundations for older houses"),
                    _offer("Reclads", "Weathertight cladding for leaky or tired exteriors"),
                    _offer("Insulation and double glazing", "Retrofit for villas and bungalows"),
                ],
                "hours": [_hours("mon-fri", "07:30", "16:30")],
                "area_served": "Wellington, Hutt Valley and Porirua",
                "ways": ["request_quote", "enquire"],
                "differentiators": ["Our own builders, no subcontracted carpentry"],
                "team": [
                    _member("Hemi Walker", "Director, licensed building practitioner"),
                    _member("Kate Sullivan", "Project manager"),
                ],
                "social": ["https://www.facebook.com/timberandstonewgtn"],
            },
        },
    ],
    "garage": [
        {
            "business_type": "garage",
            "primary_goal": "bookings",
            "name": "Dunmore Motors",
            "description": (
                "An independent garage in Ballincollig, Cork. We service and repair all makes, "
                "prepare cars for the NCT and fix what it finds. A full service starts at "
                "€149, and we call you before doing anything that isn't on the quote."
            ),
            "audience": "Drivers in Ballincollig and west Cork city",
            "tone": "honest, helpful",
            "location": "Cork, Ireland",
            "phone": "021 555 0164",
            "email": "dunmoremotors@example.com",
            "address": "Unit 6, Link Road Business Park, Ballincollig, Co. Cork",
            "facts": {
                "offers": [
                    _offer("Full service", "Oil, filters, brakes and 40-point check", "from €149"),
                    _offer("NCT preparation", "Pre-test check and repairs", "€65"),
                    _offer("Brakes and clutches", "", ""),
                    _offer("Diagnostics", "Engine warning lights", "€55"),
                ],
                "hours": [_hours("mon-fri", "08:00", "18:00"), _hours("sat", "09:00", "13:00")],
                "ways": ["book_appointment", "enquire"],
                "differentiators": ["We call you before any work that isn't on the quote"],
                "founded": 2003,
                "team": [_member("Declan Dunmore", "Owner, mechanic")],
            },
        },
        {
            "business_type": "garage",
            "primary_goal": "sales",
            "name": "Westside Auto Repair",
            "description": (
                "Auto repair on the west side of Phoenix, open Monday to Saturday. We do oil "
                "changes while you wait, brakes, AC repair and pre-purchase inspections. Bring "
                "your car in without an appointment for an oil change, or book a bigger job."
            ),
            "audience": "Drivers in west Phoenix, families with older cars",
            "tone": "straightforward, friendly",
            "location": "Phoenix, Arizona, USA",
            "phone": "(602) 555-0153",
            "email": "westsideauto@example.org",
            "address": "5110 W Indian School Road, Phoenix, AZ 85031",
            "facts": {
                "offers": [
                    _offer("Oil change", "Synthetic blend, while you wait", "$49.99"),
                    _offer("AC repair", "Diagnosis and recharge", "from $129"),
                    _offer("Brake pads", "Per axle", "from $189"),
                    _offer("Pre-purchase inspection", "", "$99"),
                ],
                "hours": [_hours("mon-fri", "07:30", "18:00"), _hours("sat", "08:00", "15:00")],
                "ways": ["walk_in", "book_appointment"],
                "differentiators": ["Oil changes while you wait", "Se habla español"],
                "testimonials": [
                    _said(
                        "They found the AC leak the dealer missed, for half the price.", "Ramon G."
                    ),
                ],
            },
        },
    ],
    # --- Professional services ---
    "accountant": [
        {
            "business_type": "accountant",
            "primary_goal": "lead_generation",
            "name": "Patel & Co Accountants",
            "description": (
                "Chartered accountants in Moseley, Birmingham, for sole traders, landlords and "
                "small limited companies. Self-assessment tax returns start at £180 and "
                "monthly bookkeeping at £95/month. Your first meeting is free, in our office "
                "or on a video call."
            ),
            "audience": "Sole traders, landlords and small companies in Birmingham",
            "tone": "clear, approachable, no jargon",
            "location": "Birmingham, UK",
            "phone": "0121 496 0381",
            "email": "patelandco@example.com",
            "address": "112 Alcester Road, Moseley, Birmingham B13 8EE",
            "facts": {
                "offers": [
                    _offer("Self-assessment tax return", "Sole traders and landlords", "from £180"),
                    _offer("Bookkeeping", "Monthly, in Xero or QuickBooks", "£95/month"),
                    _offer(
                        "Limited company accounts",
                        "Year-end accounts and corporation tax",
                        "from £850",
                    ),
                    _offer("Payroll", "Up to ten employees", "£40/month"),
                ],
                "hours": [_hours("mon-fri", "09:00", "17:30")],
                "ways": ["book_appointment", "enquire"],
                "differentiators": ["Your first meeting is free", "Fixed fees agreed up front"],
                "team": [
                    _member("Nikhil Patel", "Chartered accountant, founder"),
                    _member("Sarah Green", "Bookkeeper"),
                ],
                "testimonials": [
                    _said(
                        "Nikhil sorted three years of late returns without a single lecture.",
                        "Tom K.",
                    ),
                ],
            },
        },
        {
            "business_type": "accountant",
            "primary_goal": "awareness",
            "name": "Nordvik Regnskap",
            "description": (
                "An accounting office in Bergen for small businesses, craftspeople and "
                "shops. We keep your books, run payroll and file VAT returns and annual "
                "accounts, in English or Norwegian. Founded in 2008, we now look after about "
                "120 businesses."
            ),
            "audience": "Small businesses in Bergen, including owners who moved from abroad",
            "tone": "calm, precise",
            "location": "Bergen, Norway",
            "phone": "+47 55 55 01 23",
            "email": "nordvik@example.org",
            "address": "Strandgaten 18, 5013 Bergen, Norway",
            "facts": {
                "offers": [
                    _offer("Monthly bookkeeping", "With a report you can read"),
                    _offer(
                        "Payroll and A-melding", "Payslips, tax deductions and the monthly report"
                    ),
                    _offer("VAT returns", "Every two months"),
                    _offer("Annual accounts", "Including the tax return for the business"),
                ],
                "hours": [_hours("mon-fri", "08:00", "16:00")],
                "ways": ["enquire"],
                "differentiators": ["Help in English or Norwegian"],
                "founded": 2008,
                "team": [
                    _member("Ingrid Nordvik", "Authorised accountant, founder"),
                    _member("Tomasz Nowak", "Accountant", "Speaks Polish and Norwegian"),
                ],
            },
        },
    ],
    "law-firm": [
        LAW_FIRM_EMPLOYEES,
        {
            "business_type": "law-firm",
            "primary_goal": "bookings",
            "name": "Ortega Immigration Law",
            "description": (
                "Attorney Lucía Ortega helps families in San Diego with family visas, green "
                "cards and citizenship. Consultations are $150 and take an hour, in English or "
                "Spanish. Most cases are done for a flat fee agreed in writing."
            ),
            "audience": "Families and individuals in San Diego County, Spanish speakers",
            "tone": "warm, clear, trustworthy",
            "location": "San Diego, California, USA",
            "phone": "(619) 555-0191",
            "email": "ortegalaw@example.com",
            "address": "1010 Second Avenue, Suite 1500, San Diego, CA 92101",
            "facts": {
                "offers": [
                    _offer("Consultation", "One hour, in person or by video", "$150"),
                    _offer(
                        "Family visa petitions",
                        "Spouses, parents, children and siblings",
                        "Flat fee",
                    ),
                    _offer(
                        "Green card applications",
                        "Adjustment of status and consular processing",
                        "Flat fee",
                    ),
                    _offer(
                        "Citizenship",
                        "Naturalization applications and interview preparation",
                        "from $1,200",
                    ),
                    _offer("DACA renewals", "", "$500"),
                ],
                "hours": [_hours("mon-fri", "09:00", "18:00"), _hours("sat", "10:00", "13:00")],
                "ways": ["book_appointment"],
                "order_url": "https://book.example.com/ortega-law",
                "differentiators": ["Se habla español", "Flat fees agreed in writing"],
                "team": [
                    _member("Lucía Ortega", "Attorney", "Immigration lawyer for fourteen years"),
                    _member("Diego Ruiz", "Paralegal"),
                ],
                "testimonials": [
                    _said("Lucía explained every step to my parents in Spanish.", "Ana V."),
                ],
            },
        },
    ],
    "real-estate": [
        {
            "business_type": "real-estate",
            "primary_goal": "lead_generation",
            "name": "Harbourside Estates",
            "description": (
                "An independent estate agent in Plymouth for sales and lettings. Our fee for "
                "selling is 1% plus VAT, only when you complete. Book a valuation and one of "
                "the two directors will come to you."
            ),
            "audience": "Homeowners selling in Plymouth, landlords",
            "tone": "local, straightforward",
            "location": "Plymouth, UK",
            "phone": "01632 960 518",
            "email": "harbourside@example.com",
            "address": "22 Mayflower Street, Plymouth PL1 1QJ",
            "facts": {
                "offers": [
                    _offer(
                        "Selling your home",
                        "Photos, floor plan, viewings and sales progression",
                        "1% + VAT",
                    ),
                    _offer("Free valuation", "A director visits and gives you a written valuation"),
                    _offer("Lettings", "Tenant find or full management", "from 8% + VAT"),
                ],
                "hours": [_hours("mon-fri", "09:00", "17:30"), _hours("sat", "09:00", "13:00")],
                "area_served": "Plymouth and the South Hams",
                "ways": ["book_appointment", "enquire"],
                "differentiators": [
                    "No sale, no fee",
                    "A director at every valuation",
                ],
                "team": [
                    _member("Mark Penrose", "Director"),
                    _member("Jess Tamblyn", "Director, lettings"),
                ],
                "testimonials": [
                    _said(
                        "Sold in three weeks and Jess kept us updated throughout.", "The Harveys"
                    ),
                ],
            },
        },
        {
            "business_type": "real-estate",
            "primary_goal": "awareness",
            "name": "Atlântico Home Finders",
            "description": (
                "We help people moving to Portugal find a home on the Lisbon coast between "
                "Cascais and Ericeira. We work for the buyer, not the seller: we search, view, "
                "negotiate and stay with you until the deed is signed."
            ),
            "audience": "People relocating to Portugal from abroad",
            "tone": "reassuring, knowledgeable",
            "location": "Cascais, Portugal",
            "phone": "+351 21 555 0148",
            "email": "atlantico@example.org",
            "facts": {
                "offers": [
                    _offer("Property search", "A shortlist of homes to your brief, with viewings"),
                    _offer("Negotiation", "We negotiate price and terms for you"),
                    _offer("Purchase support", "Lawyer, bank and tax number, through to the deed"),
                ],
                "area_served": "Cascais, Sintra, Mafra and Ericeira",
                "ways": ["enquire"],
                "differentiators": ["We work for the buyer, not the seller"],
                "founded": 2017,
                "team": [
                    _member("Inês Carvalho", "Founder", "Moved to Cascais from London herself")
                ],
                "social": ["https://www.instagram.com/atlanticohomefinders"],
            },
        },
    ],
    "consultant": [
        {
            "business_type": "consultant",
            "primary_goal": "lead_generation",
            "name": "Okafor HR",
            "description": (
                "I'm Sarah Okafor, an HR consultant in Leeds for small businesses without an HR "
                "team. I write contracts and handbooks, support you through disciplinaries and "
                "redundancies, and I'm on the end of the phone when something goes wrong. "
                "Retainers start at £250/month."
            ),
            "audience": "Owners of businesses with 5 to 50 staff in Yorkshire",
            "tone": "practical, calm, plain English",
            "location": "Leeds, UK",
            "phone": "0113 496 0527",
            "email": "sarah.okafor@example.com",
            "facts": {
                "offers": [
                    _offer("HR retainer", "Unlimited advice by phone and email", "from £250/month"),
                    _offer("Contracts and staff handbook", "Written for your business", "£950"),
                    _offer("Disciplinary and grievance support", "", "£75 an hour"),
                    _offer("Redundancy support", "Planning, consultation and letters"),
                ],
                "area_served": "Yorkshire, and online across the UK",
                "ways": ["book_appointment", "enquire"],
                "differentiators": ["Fifteen years in HR, the last five on my own"],
                "team": [_member("Sarah Okafor", "HR consultant", "Chartered member of the CIPD")],
                "testimonials": [
                    _said(
                        "Sarah took a horrible disciplinary off my plate and did it properly.",
                        "Martin, café owner",
                    ),
                ],
                "social": ["https://www.linkedin.com/in/sarahokafor-hr"],
            },
        },
        {
            "business_type": "consultant",
            "primary_goal": "awareness",
            "name": "Greenfield Climate Advisory",
            "description": (
                "We help small and medium manufacturers in Denmark measure their carbon "
                "footprint and cut it. We run a footprint, find the cheapest reductions first, "
                "and prepare the numbers your customers and banks ask for."
            ),
            "audience": "Manufacturers in Denmark with 20 to 250 employees",
            "tone": "expert, sober",
            "location": "Copenhagen, Denmark",
            "phone": "+45 32 55 01 23",
            "email": "greenfield@example.org",
            "address": "Njalsgade 76, 2300 København S, Denmark",
            "facts": {
                "offers": [
                    _offer("Carbon footprint", "Scope 1, 2 and 3 for one year", "from 45.000 kr"),
                    _offer("Reduction plan", "Measures ranked by cost per tonne"),
                    _offer(
                        "Reporting for customers and banks",
                        "Data for supplier questionnaires and ESG reports",
                    ),
                ],
                "area_served": "Denmark",
                "ways": ["enquire"],
                "differentiators": ["We start with the cheapest reductions"],
                "team": [
                    _member("Mette Lund", "Partner", "Engineer, ten years in manufacturing"),
                    _member("Anders Holm", "Partner", "Energy economist"),
                ],
            },
        },
    ],
    "agency": [
        {
            "business_type": "agency",
            "primary_goal": "lead_generation",
            "name": "Northlight Studio",
            "description": (
                "A four-person web design studio in Leith, Edinburgh. We design and build "
                "websites for charities, arts organisations and small brands, from £4,000. "
                "You always speak to the people doing the work."
            ),
            "audience": "Charities, arts organisations and small brands in Scotland",
            "tone": "thoughtful, friendly",
            "location": "Edinburgh, UK",
            "phone": "0131 496 0294",
            "email": "studio@example.com",
            "address": "The Shore 41, Leith, Edinburgh EH6 6RA",
            "facts": {
                "offers": [
                    _offer(
                        "Website design and build",
                        "Discovery, design, build and launch",
                        "from £4,000",
                    ),
                    _offer("Branding", "Logo, type and colours", "from £2,500"),
                    _offer("Care plan", "Hosting, updates and small changes", "£120/month"),
                ],
                "ways": ["request_quote", "enquire"],
                "differentiators": ["You speak to the people doing the work"],
                "founded": 2015,
                "team": [
                    _member("Fiona Reid", "Director, designer"),
                    _member("Callum Ross", "Developer"),
                    _member("Aileen Murray", "Designer"),
                    _member("Jamie Lowe", "Developer"),
                ],
                "testimonials": [
                    _said("Our donations page finally works on a phone.", "Edinburgh Food Project"),
                ],
            },
        },
        {
            "business_type": "agency",
            "primary_goal": "sales",
            "name": "Tidewater Social",
            "description": (
                "A social media agency in Charleston, South Carolina, for restaurants and "
                "shops. We plan, shoot and post your content and answer comments, for a "
                "monthly fee of $1,200. No long contracts: cancel with 30 days' notice."
            ),
            "audience": "Independent restaurants and shops in the Charleston area",
            "tone": "lively, confident",
            "location": "Charleston, South Carolina, USA",
            "phone": "(843) 555-0117",
            "email": "hello@example.org",
            "facts": {
                "offers": [
                    _offer(
                        "Social media management",
                        "12 posts and 8 stories a month, comments answered",
                        "$1,200/month",
                    ),
                    _offer("Content shoot", "Half a day of photo and video at your place", "$650"),
                    _offer(
                        "Paid social ads", "Setup and management, ad spend on top", "$400/month"
                    ),
                ],
                "ways": ["buy_online", "enquire"],
                "order_url": "https://shop.example.org/tidewater-social",
                "differentiators": ["No long contracts: cancel with 30 days' notice"],
                "team": [
                    _member("Brianna Cole", "Founder"),
                    _member("Luis Mendez", "Photographer and videographer"),
                ],
                "social": ["https://www.instagram.com/tidewatersocial"],
            },
        },
    ],
    "photographer": [
        {
            "business_type": "photographer",
            "primary_goal": "bookings",
            "name": "Emma Clarke Photography",
            "description": (
                "I photograph weddings and families in Harrogate and across North Yorkshire. "
                "Wedding coverage starts at £1,450 and family shoots are £195, outdoors in a "
                "place you love. I take a small number of weddings each year."
            ),
            "audience": "Couples getting married in Yorkshire, young families",
            "tone": "warm, natural, personal",
            "location": "Harrogate, UK",
            "phone": "07700 900 731",
            "email": "emmaclarke@example.com",
            "facts": {
                "offers": [
                    _offer(
                        "Wedding photography",
                        "From the preparations to the first dance",
                        "from £1,450",
                    ),
                    _offer("Family shoot", "An hour outdoors, 40 edited photos", "£195"),
                    _offer("Engagement shoot", "", "£150"),
                ],
                "area_served": "North Yorkshire",
                "ways": ["book_appointment", "enquire"],
                "team": [_member("Emma Clarke", "Photographer")],
                "testimonials": [
                    _said(
                        "Emma was invisible all day and somehow caught everything.",
                        "Hannah and Joe",
                    ),
                ],
                "social": ["https://www.instagram.com/emmaclarkephoto"],
            },
        },
        {
            "business_type": "photographer",
            "primary_goal": "sales",
            "name": "Lukas Brandt Fotografie",
            "description": (
                "A portrait and product photography studio in Vienna's 7th district. Business "
                "headshots take 30 minutes and cost €190 with three edited images. We also "
                "shoot products for online shops, on white or styled."
            ),
            "audience": "Professionals, start-ups and online shops in Vienna",
            "tone": "crisp, professional",
            "location": "Vienna, Austria",
            "phone": "+43 1 555 0123",
            "email": "lukasbrandt@example.org",
            "address": "Zollergasse 14, 1070 Wien, Austria",
            "facts": {
                "offers": [
                    _offer("Business headshots", "30 minutes, three edited images", "€190"),
                    _offer("Team headshots", "At your office", "from €590"),
                    _offer("Product photography", "On white", "€18 per product"),
                    _offer("Styled product shoot", "", "from €450"),
                ],
                "hours": [_hours("mon-fri", "09:00", "18:00")],
                "ways": ["book_appointment", "buy_online"],
                "order_url": "https://shop.example.com/lukas-brandt",
                "founded": 2013,
            },
        },
    ],
    # --- Shops and online ---
    "florist": [
        {
            "business_type": "florist",
            "primary_goal": "sales",
            "name": "Petal & Stem",
            "description": (
                "A florist on the Suffolks in Cheltenham. We make hand-tied bouquets from £35 "
                "with British flowers when they're in season, and we deliver the same day "
                "across Cheltenham if you order by 1pm. We also do wedding and funeral flowers."
            ),
            "audience": "People in Cheltenham sending flowers, couples planning weddings",
            "tone": "romantic, seasonal",
            "location": "Cheltenham, UK",
            "phone": "01632 960 127",
            "email": "petalandstem@example.com",
            "address": "9 Suffolk Parade, Cheltenham GL50 2AB",
            "facts": {
                "offers": [
                    _offer(
                        "Hand-tied bouquet", "Seasonal flowers, wrapped and in water", "from £35"
                    ),
                    _offer(
                        "Flowers by subscription", "A bouquet every fortnight", "£30 a delivery"
                    ),
                    _offer(
                        "Wedding flowers",
                        "Bouquets, buttonholes and venue flowers, after a consultation",
                    ),
                    _offer("Funeral flowers", "Wreaths, sprays and letters", "from £60"),
                ],
                "hours": [_hours("tue-sat", "09:00", "17:00")],
                "area_served": "Cheltenham for same-day delivery",
                "ways": ["walk_in", "buy_online", "order_ahead"],
                "order_url": "https://shop.example.com/petal-and-stem",
                "differentiators": [
                    "Same-day delivery in Cheltenham when you order by 1pm",
                    "British flowers in season",
                ],
                "social": ["https://www.instagram.com/petalandstem"],
            },
        },
        {
            "business_type": "florist",
            "primary_goal": "bookings",
            "name": "Jardim da Vila Flores",
            "description": (
                "A family flower shop in Vila Madalena, São Paulo, open since 1990. We are "
                "known for tropical arrangements and orchids, and we decorate weddings and "
                "parties. Come in to choose, or order by phone for collection."
            ),
            "audience": "Neighbours in Vila Madalena, couples and event planners",
            "tone": "joyful, generous",
            "location": "São Paulo, Brazil",
            "phone": "+55 11 5555-0134",
            "email": "jardimdavila@example.org",
            "address": "Rua Aspicuelta 210, Vila Madalena, São Paulo - SP, 05433-010, Brazil",
            "facts": {
                "offers": [
                    _offer(
                        "Tropical arrangement",
                        "Heliconias, anthuriums and palm leaves",
                        "from R$ 180",
                    ),
                    _offer("Potted orchid", "Phalaenopsis, two stems", "R$ 120"),
                    _offer("Event decoration", "Weddings and parties, after a visit to the venue"),
                ],
                "hours": [_hours("mon-sat", "08:00", "19:00"), _hours("sun", "09:00", "13:00")],
                "ways": ["walk_in", "order_ahead", "request_quote"],
                "differentiators": ["Family-run since 1990", "Orchids from our own growers"],
                "founded": 1990,
                "team": [
                    _member("Dona Célia Ramos", "Founder"),
                    _member("Bruno Ramos", "Florist", "Weddings and events"),
                ],
            },
        },
    ],
    "shop": [
        {
            "business_type": "shop",
            "primary_goal": "awareness",
            "name": "Fletcher's Hardware",
            "description": (
                "An old-fashioned hardware shop in Kendal, in the Fletcher family since 1921. "
                "We sell screws by the one, cut keys, mix paint and lend advice for nothing. "
                "If we don't have it, we'll tell you who does."
            ),
            "audience": "Householders, farmers and tradespeople around Kendal",
            "tone": "homely, helpful, a bit old-school",
            "location": "Kendal, Cumbria, UK",
            "phone": "01632 960 903",
            "email": "fletchers@example.com",
            "address": "48 Stricklandgate, Kendal LA9 4ND",
            "facts": {
                "offers": [
                    _offer("Key cutting", "While you wait", "from £4"),
                    _offer("Paint mixing", "Any colour, matched in the shop"),
                    _offer("Screws, nails and fixings", "Sold loose, by the one or by weight"),
                    _offer("Garden tools", ""),
                    _offer("Log baskets and firelighters", ""),
                ],
                "hours": [_hours("mon-sat", "08:30", "17:30")],
                "hours_exceptions": [_closed("Bank holidays")],
                "ways": ["walk_in"],
                "differentiators": ["In the Fletcher family since 1921", "Fixings sold loose"],
                "founded": 1921,
                "team": [
                    _member("Alan Fletcher", "Owner", "The family's fourth generation in the shop")
                ],
            },
        },
        {
            "business_type": "shop",
            "primary_goal": "sales",
            "name": "Plant Parlour",
            "description": (
                "A house plant shop in Rotterdam's Witte de Withstraat. We sell easy plants "
                "for beginners and rare ones for collectors, with pots to match. Buy in the "
                "shop or online, with delivery by cargo bike in Rotterdam."
            ),
            "audience": "Plant lovers in Rotterdam, from beginners to collectors",
            "tone": "playful, green-fingered",
            "location": "Rotterdam, Netherlands",
            "phone": "+31 10 555 0176",
            "email": "plantparlour@example.org",
            "address": "Witte de Withstraat 61, 3012 BN Rotterdam, Netherlands",
            "facts": {
                "offers": [
                    _offer("Monstera deliciosa", "Around 60 cm, in a nursery pot", "€34.95"),
                    _offer("Beginner's plant box", "Three easy plants and a care card", "€39"),
                    _offer("Rare aroids", "A changing selection for collectors"),
                    _offer("Handmade pots", "By Rotterdam potters", "from €18"),
                    _offer("Cargo-bike delivery", "In Rotterdam", "€6.50"),
                ],
                "hours": [_hours("tue-sat", "10:00", "18:00"), _hours("sun", "12:00", "17:00")],
                "ways": ["walk_in", "buy_online"],
                "order_url": "https://shop.example.com/plant-parlour",
                "differentiators": ["Delivery by cargo bike in Rotterdam"],
                "social": ["https://www.instagram.com/plantparlour.rtm"],
            },
        },
    ],
    "e-commerce": [
        {
            "business_type": "e-commerce",
            "primary_goal": "sales",
            "name": "Wild Oak Candles",
            "description": (
                "Hand-poured soy candles made in our workshop in the Peak District and sold "
                "online only. Each candle burns for about 45 hours and costs £22. UK delivery "
                "is free on orders over £40."
            ),
            "audience": "People buying gifts or treating themselves, across the UK",
            "tone": "cosy, natural",
            "location": "Peak District, UK",
            "email": "wildoak@example.com",
            "facts": {
                "offers": [
                    _offer("Signature candle", "Soy wax, cotton wick, 45-hour burn", "£22"),
                    _offer("Travel tin", "", "£9"),
                    _offer("Reed diffuser", "", "£26"),
                    _offer("Gift set", "Candle, tin and matches in a gift box", "£38"),
                ],
                "ways": ["buy_online"],
                "order_url": "https://shop.example.com/wild-oak-candles",
                "differentiators": [
                    "Free UK delivery on orders over £40",
                    "Poured by hand in small batches",
                ],
                "founded": 2019,
                "team": [_member("Holly Marsh", "Maker and founder")],
                "testimonials": [
                    _said("The fig candle makes the whole house smell like summer.", "Gemma P."),
                ],
                "social": [
                    "https://www.instagram.com/wildoakcandles",
                    "https://www.pinterest.com/wildoakcandles",
                ],
            },
        },
        {
            "business_type": "e-commerce",
            "primary_goal": "sales",
            "name": "Rösterei Hügel",
            "description": (
                "A small coffee roastery in Leipzig that sells beans online. We roast twice a "
                "week and ship within two days of roasting. A 250 g bag is €12.90, and our "
                "subscription sends fresh coffee every two or four weeks."
            ),
            "audience": "Home brewers in Germany and Austria",
            "tone": "nerdy, friendly",
            "location": "Leipzig, Germany",
            "phone": "+49 341 555 0123",
            "email": "roesterei.huegel@example.org",
            "facts": {
                "offers": [
                    _offer(
                        "Espresso Hügel",
                        "Brazil and Ethiopia, chocolate and berries, 250 g",
                        "€12.90",
                    ),
                    _offer("Filter of the month", "A changing single origin, 250 g", "€14.50"),
                    _offer(
                        "Coffee subscription",
                        "Every two or four weeks, cancel any time",
                        "from €11.90",
                    ),
                ],
                "ways": ["buy_online", "sign_up"],
                "order_url": "https://shop.example.org/roesterei-huegel",
                "differentiators": ["Shipped within two days of roasting"],
                "team": [
                    _member("Jonas Hügel", "Roaster"),
                    _member("Mia Hügel", "Orders and customer service"),
                ],
            },
        },
    ],
    "saas": [
        SAAS_INVOICING,
        {
            "business_type": "saas",
            "primary_goal": "lead_generation",
            "name": "RotaPilot",
            "description": (
                "RotaPilot is staff scheduling for restaurants, cafés and bars. Managers build "
                "the week's rota in minutes, staff swap shifts on their phones, and hours go "
                "straight to payroll. It costs £3 per staff member a month; book a demo and "
                "we'll set up your first rota with you."
            ),
            "audience": "Owners and managers of restaurants, cafés and bars in the UK",
            "tone": "practical, hospitality-savvy",
            "location": "Manchester, UK",
            "phone": "0161 496 0418",
            "email": "demo@example.org",
            "facts": {
                "offers": [
                    _offer("Drag-and-drop rotas", "Copy last week, fill gaps, publish to everyone"),
                    _offer("Shift swaps", "Staff swap on their phones; you approve with one tap"),
                    _offer("Time clock", "Clock in on a tablet at the pass"),
                    _offer("Payroll export", "Hours to Xero, Sage and BrightPay"),
                    _offer(
                        "Per-staff pricing", "Every feature included", "£3 per staff member a month"
                    ),
                ],
                "ways": ["sign_up", "enquire"],
                "order_url": "https://app.example.org/start",
                "differentiators": [
                    "We set up your first rota with you",
                    "Built with restaurant managers in Manchester",
                ],
                "testimonials": [
                    _said("Sunday night rota stress is gone.", "Owner of a 40-cover bistro"),
                ],
            },
        },
    ],
    # --- Places, schools, charities and everything else ---
    "wedding-venue": [
        {
            "business_type": "wedding-venue",
            "primary_goal": "bookings",
            "name": "Hollowmere Barn",
            "description": (
                "A restored 18th-century barn in the Cotswolds, licensed for ceremonies, "
                "for up to 150 guests. We host one wedding a day with exclusive use of the "
                "barn, the orchard and the courtyard. Exclusive hire starts at £6,500; "
                "viewings are by appointment."
            ),
            "audience": "Couples planning a country wedding",
            "tone": "romantic, relaxed",
            "location": "Cotswolds, UK",
            "phone": "01632 960 655",
            "email": "weddings@example.com",
            "address": "Hollowmere Farm, Bibury Road, Cirencester GL7 5NR",
            "facts": {
                "offers": [
                    _offer("Weekday exclusive hire", "Monday to Thursday", "from £6,500"),
                    _offer("Saturday exclusive hire", "", "from £11,000"),
                    _offer("Orchard ceremonies", "Outdoor ceremonies under the apple trees"),
                    _offer("Bridal cottage", "Two-bedroom cottage for the night before and after"),
                ],
                "ways": ["book_stay", "book_appointment", "enquire"],
                "differentiators": [
                    "One wedding a day, with the whole place to yourselves",
                    "Licensed for ceremonies indoors and in the orchard",
                ],
                "testimonials": [
                    _said("Our guests still talk about the orchard at sunset.", "Amy and Tom"),
                ],
                "social": ["https://www.instagram.com/hollowmerebarn"],
            },
        },
        {
            "business_type": "wedding-venue",
            "primary_goal": "lead_generation",
            "name": "Villa Serena",
            "description": (
                "A 19th-century villa in the hills outside Lucca, for destination weddings of "
                "40 to 120 guests. Couples take the villa for three nights, with 14 bedrooms, "
                "the chapel and the lemon garden. Our coordinator plans the day with you in "
                "English or Italian."
            ),
            "audience": "Couples from abroad planning a wedding in Tuscany",
            "tone": "elegant, warm",
            "location": "Lucca, Tuscany, Italy",
            "phone": "+39 0583 555 012",
            "email": "villaserena@example.org",
            "address": "Via di Vorno 14, 55060 Capannori LU, Italy",
            "facts": {
                "offers": [
                    _offer(
                        "Three-night wedding package",
                        "Villa, 14 bedrooms, chapel and gardens",
                        "from €24,000",
                    ),
                    _offer("Tuscan dinner", "Four courses by our chef, per guest", "€110"),
                    _offer("Wedding coordination", "From the first call to the last dance"),
                ],
                "hours_exceptions": [_closed("November to March")],
                "ways": ["request_quote", "enquire"],
                "differentiators": [
                    "The whole villa for three nights",
                    "Coordination in English or Italian",
                ],
                "team": [_member("Francesca Lenzi", "Wedding coordinator")],
            },
        },
    ],
    "hotel": [
        {
            "business_type": "hotel",
            "primary_goal": "bookings",
            "name": "The Gull's Rest",
            "description": (
                "A five-room bed and breakfast above Porthmeor Beach in St Ives, run by Kate "
                "and Dan. Every room has a sea view, and breakfast is cooked to order with "
                "local eggs. Doubles are from £110 a night; we're closed in January."
            ),
            "audience": "Couples visiting Cornwall",
            "tone": "relaxed, welcoming, coastal",
            "location": "St Ives, Cornwall, UK",
            "phone": "01632 960 288",
            "email": "gullsrest@example.com",
            "address": "4 Barnoon Terrace, St Ives TR26 1JE",
            "facts": {
                "offers": [
                    _offer("Sea-view double", "Breakfast included", "from £110 a night"),
                    _offer("Attic suite", "With a window seat over the beach", "from £165 a night"),
                    _offer("Cornish breakfast", "Cooked to order, included in every stay"),
                ],
                "hours_exceptions": [_closed("January")],
                "ways": ["book_stay"],
                "order_url": "https://book.example.com/gulls-rest",
                "differentiators": ["Every room has a sea view", "Two-night minimum at weekends"],
                "team": [
                    _member("Kate Penhale", "Host"),
                    _member("Dan Penhale", "Host and breakfast cook"),
                ],
                "testimonials": [
                    _said(
                        "Waking up to that view was worth the drive from London.", "Rachel and Sam"
                    ),
                ],
            },
        },
        {
            "business_type": "hotel",
            "primary_goal": "sales",
            "name": "Hotel Alpenblick",
            "description": (
                "A family hotel in Interlaken with 24 rooms and a view of the Jungfrau, run by "
                "the Zurbuchen family since 1952. Double rooms start at CHF 220 a night with "
                "breakfast. Reception is open 24 hours a day."
            ),
            "audience": "Hikers, families and travellers visiting the Bernese Oberland",
            "tone": "hospitable, traditional",
            "location": "Interlaken, Switzerland",
            "phone": "+41 33 555 01 44",
            "email": "alpenblick@example.org",
            "address": "Höheweg 88, 3800 Interlaken, Switzerland",
            "facts": {
                "offers": [
                    _offer("Double room", "With breakfast", "from CHF 220 a night"),
                    _offer("Family room", "Sleeps four, with breakfast", "from CHF 340 a night"),
                    _offer("Half board", "Three-course dinner", "CHF 45 per person"),
                    _offer("Sauna", "Open to guests every evening"),
                ],
                "ways": ["book_stay"],
                "order_url": "https://book.example.org/hotel-alpenblick",
                "differentiators": ["Family-run since 1952", "Reception open 24 hours a day"],
                "founded": 1952,
                "social": ["https://www.facebook.com/hotelalpenblickinterlaken"],
            },
        },
    ],
    "school": [
        {
            "business_type": "school",
            "primary_goal": "sales",
            "name": "Lingua Viva",
            "description": (
                "A Spanish language school in the old town of Valencia for adults from abroad. "
                "Intensive courses run every week, 20 lessons in groups of up to eight, and "
                "cost €220 a week. We can also find you a room with a Valencian family."
            ),
            "audience": "Adults from abroad learning Spanish in Valencia",
            "tone": "lively, welcoming",
            "location": "Valencia, Spain",
            "phone": "+34 961 55 01 23",
            "email": "linguaviva@example.com",
            "address": "Carrer de Cavallers 22, 46001 València, Spain",
            "facts": {
                "offers": [
                    _offer(
                        "Intensive Spanish",
                        "20 lessons a week, groups of up to eight",
                        "€220 a week",
                    ),
                    _offer("Private lessons", "", "€35 an hour"),
                    _offer("DELE exam preparation", "Four-week course", "€760"),
                    _offer(
                        "Homestay", "Single room with a Valencian family, half board", "€240 a week"
                    ),
                ],
                "hours": [_hours("mon-fri", "09:00", "19:00")],
                "ways": ["book_class", "buy_online"],
                "order_url": "https://shop.example.com/lingua-viva",
                "differentiators": [
                    "Groups of up to eight students",
                    "New courses start every Monday",
                ],
                "founded": 2006,
                "team": [_member("Carmen Soler", "Director of studies")],
                "testimonials": [
                    _said(
                        "After a month I could argue with the fruit sellers in the Mercat Central.",
                        "Peter S.",
                    ),
                ],
            },
        },
        {
            "business_type": "school",
            "primary_goal": "lead_generation",
            "name": "Little Acorns Montessori",
            "description": (
                "A Montessori nursery in Guildford for children from two to five. We are open "
                "from 07:30 to 18:00 on weekdays, all year except Christmas week. Come and "
                "see us: visits are on Tuesday and Thursday mornings."
            ),
            "audience": "Parents of young children in Guildford",
            "tone": "nurturing, calm",
            "location": "Guildford, UK",
            "phone": "01632 960 461",
            "email": "littleacorns@example.org",
            "address": "Stoke Road Pavilion, Guildford GU1 4HW",
            "facts": {
                "offers": [
                    _offer("Full day", "07:30 to 18:00, meals included", "£78"),
                    _offer("Morning session", "08:30 to 12:30", "£42"),
                    _offer("Funded hours", "Government-funded hours for eligible children"),
                ],
                "hours": [_hours("mon-fri", "07:30", "18:00")],
                "hours_exceptions": [_closed("Christmas week")],
                "ways": ["enquire", "book_appointment"],
                "differentiators": ["Montessori-trained staff in every room", "Our own garden"],
                "team": [
                    _member("Jane Whitaker", "Nursery manager", "Montessori teacher"),
                    _member("Priya Shah", "Room leader"),
                ],
            },
        },
    ],
    "nonprofit": [
        {
            "business_type": "nonprofit",
            "primary_goal": "awareness",
            "name": "Salford Community Pantry",
            "description": (
                "A volunteer-run food pantry in Salford. Members pay £4.50 a week and choose "
                "groceries worth much more; no referral is needed. We also need volunteers and "
                "donations of tins, toiletries and nappies."
            ),
            "audience": "Families in Salford who need help with food, volunteers, donors",
            "tone": "friendly, dignified, never pitying",
            "location": "Salford, UK",
            "phone": "0161 496 0815",
            "email": "pantry@example.org",
            "address": "St Paul's Church Hall, Broughton Road, Salford M6 6LS",
            "facts": {
                "offers": [
                    _offer(
                        "Pantry membership",
                        "Choose ten items a week, fresh fruit and veg included",
                        "£4.50 a week",
                    ),
                    _offer("Volunteering", "Shifts of three hours"),
                    _offer("Donations", "Tins, toiletries, nappies, or money"),
                ],
                "hours": [_hours("tue,thu", "10:00", "14:00"), _hours("sat", "10:00", "12:00")],
                "ways": ["walk_in", "donate", "enquire"],
                "order_url": "https://donate.example.org/salford-pantry",
                "differentiators": [
                    "No referral needed",
                    "Run by volunteers from the neighbourhood",
                ],
                "founded": 2020,
                "testimonials": [
                    _said("It's a shop where I can choose, not a handout.", "A member"),
                ],
            },
        },
        {
            "business_type": "nonprofit",
            "primary_goal": "lead_generation",
            "name": "Ruff Start Dog Rescue",
            "description": (
                "We rescue dogs from overcrowded shelters across western North Carolina and "
                "place them in foster homes in Asheville until they're adopted. Adoption is "
                "$250 and covers vaccinations, spay or neuter and a microchip. We always need "
                "foster homes."
            ),
            "audience": "People in the Asheville area who want to adopt or foster a dog",
            "tone": "hopeful, warm",
            "location": "Asheville, North Carolina, USA",
            "phone": "(828) 555-0124",
            "email": "ruffstart@example.org",
            "facts": {
                "offers": [
                    _offer(
                        "Adopt a dog", "Vaccinated, spayed or neutered and microchipped", "$250"
                    ),
                    _offer("Foster a dog", "We pay food and vet bills"),
                    _offer("Donate", "Monthly or one-off", "from $10"),
                ],
                "area_served": "Asheville and western North Carolina",
                "ways": ["donate", "enquire"],
                "order_url": "https://donate.example.org/ruff-start",
                "differentiators": ["Every dog lives in a foster home, not a kennel"],
                "founded": 2012,
                "team": [_member("Megan Price", "Founder and foster coordinator")],
                "social": [
                    "https://www.instagram.com/ruffstartrescue",
                    "https://www.facebook.com/ruffstartrescue",
                ],
            },
        },
    ],
    "other": [
        {
            "business_type": "other",
            "primary_goal": "bookings",
            "name": "Locked In Leeds",
            "description": (
                "Three escape rooms in a former bank vault in Leeds city centre. Teams of two "
                "to six have 60 minutes to get out, and a game costs £22 a person. Book a slot "
                "online; we're open until 10pm on Fridays and Saturdays."
            ),
            "audience": "Friends, families, birthday parties and work teams in Leeds",
            "tone": "playful, mysterious",
            "location": "Leeds, UK",
            "phone": "0113 496 0772",
            "email": "lockedin@example.com",
            "address": "The Old Vault, 12 Park Row, Leeds LS1 5HD",
            "facts": {
                "offers": [
                    _offer("The Vault", "Our hardest room, for two to six players", "£22 a person"),
                    _offer(
                        "The Lost Library", "Good for first-timers and families", "£22 a person"
                    ),
                    _offer(
                        "Team building", "All three rooms at once, up to 18 people", "from £360"
                    ),
                ],
                "hours": [
                    _hours("mon-thu", "12:00", "21:00"),
                    _hours("fri-sat", "10:00", "22:00"),
                    _hours("sun", "10:00", "19:00"),
                ],
                "ways": ["book_appointment"],
                "order_url": "https://book.example.com/locked-in-leeds",
                "differentiators": ["Set in a real bank vault"],
                "testimonials": [
                    _said("Got out with 40 seconds to spare. Best birthday ever.", "Chloe, 16"),
                ],
                "social": ["https://www.instagram.com/lockedinleeds"],
            },
        },
        {
            "business_type": "other",
            "primary_goal": "lead_generation",
            "name": "Happy Trails Dog Walking",
            "description": (
                "Small-group dog walks in Melbourne's inner north, run by Jess Nguyen. "
                "I take up to four dogs at a time to the parks along Merri Creek, and I pick "
                "them up and drop them home. A group walk is $32."
            ),
            "audience": "Dog owners in Brunswick, Coburg and Northcote who work long days",
            "tone": "cheerful, caring",
            "location": "Melbourne, Australia",
            "phone": "0491 570 156",
            "email": "happytrails@example.org",
            "facts": {
                "offers": [
                    _offer("Group walk", "One hour, up to four dogs, pick-up and drop-off", "$32"),
                    _offer("Solo walk", "For dogs who prefer their own company", "$45"),
                    _offer("Puppy visit", "A 30-minute visit for a toilet break and play", "$28"),
                ],
                "area_served": "Brunswick, Coburg, Northcote and Thornbury",
                "ways": ["enquire"],
                "differentiators": [
                    "Never more than four dogs at a time",
                    "Pick-up and drop-off included",
                ],
                "team": [_member("Jess Nguyen", "Dog walker", "Former vet nurse")],
                "testimonials": [
                    _said("Biscuit sits by the door waiting for Jess.", "Tim and Biscuit"),
                ],
            },
        },
    ],
}
