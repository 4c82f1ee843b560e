"""The structured results the AI team produces, one schema per task.

These are the contract between the AI providers (``code24/ai/``), the build pipeline's
steps (``sites/pipeline/``) and the site generator (``sites/generator/``). Every model
answer is validated against its schema before anything uses it.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, HttpUrl

from code24.ai.facts import Facts

# The business types (``code24/ai/kinds`` holds what Code24 knows about each), in the
# order the form lists them.
BusinessType = Literal[
    "bakery",
    "cafe",
    "restaurant",
    "bar",
    "hair-salon",
    "barber",
    "beauty-salon",
    "fitness-studio",
    "yoga-studio",
    "dental-clinic",
    "physiotherapist",
    "vet",
    "therapist",
    "plumber",
    "electrician",
    "cleaner",
    "builder",
    "garage",
    "accountant",
    "law-firm",
    "real-estate",
    "consultant",
    "agency",
    "photographer",
    "florist",
    "shop",
    "e-commerce",
    "saas",
    "wedding-venue",
    "hotel",
    "school",
    "nonprofit",
    "other",
]
PrimaryGoal = Literal["lead_generation", "sales", "bookings", "awareness"]
SectionKind = Literal[
    "hero",
    "features",
    "services",
    "products",
    "menu",
    "pricing",
    "testimonials",
    "stats",
    "process",
    "team",
    "gallery",
    "faq",
    "cta",
    "contact",
    "about",
    "story",
    "values",
    "legal",
    "hours",
]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


# --- The brief: what the customer tells us --------------------------------------------


class Brief(Strict):
    name: str = Field(min_length=1, max_length=100)
    description: str = Field(min_length=20, max_length=4000)
    business_type: BusinessType
    primary_goal: PrimaryGoal
    audience: str = Field(default="", max_length=500)
    tone: str = Field(default="", max_length=200)
    location: str = Field(default="", max_length=200)
    services: list[str] = Field(default_factory=list, max_length=12)
    phone: str = Field(default="", max_length=40)
    email: str = Field(default="", max_length=254)
    address: str = Field(default="", max_length=300)
    competitor_urls: list[HttpUrl] = Field(default_factory=list, max_length=5)
    facts: Facts = Field(default_factory=Facts)


# --- Market research --------------------------------------------------------------------


class AudienceSegment(Strict):
    name: str = Field(min_length=1, max_length=80)
    needs: list[str] = Field(min_length=1, max_length=6)


class MarketResearch(Strict):
    summary: str = Field(min_length=1, max_length=1200)
    audience_segments: list[AudienceSegment] = Field(min_length=1, max_length=5)
    search_intents: list[str] = Field(min_length=1, max_length=12)
    keywords: list[str] = Field(min_length=3, max_length=20)
    converting_sections: list[SectionKind] = Field(min_length=2, max_length=10)
    trust_signals: list[str] = Field(min_length=1, max_length=10)


# --- Competitive analysis ---------------------------------------------------------------


class CompetitorPage(Strict):
    """What was found at one competitor URL (or why it could not be read)."""

    url: str
    ok: bool
    error: str = ""
    title: str = ""
    description: str = ""
    headings: list[str] = Field(default_factory=list)
    calls_to_action: list[str] = Field(default_factory=list)
    offers: list[str] = Field(default_factory=list)
    contact_methods: list[str] = Field(default_factory=list)
    keywords: list[str] = Field(default_factory=list)


class CompetitiveInsights(Strict):
    """The AI team's reading of the competitors (or of the market, when there are none)."""

    opportunities: list[str] = Field(min_length=1, max_length=10)
    summary: str = Field(min_length=1, max_length=1200)


class CompetitiveAnalysis(CompetitiveInsights):
    """The step's output: what each competitor URL showed, and the insights."""

    competitors: list[CompetitorPage] = Field(default_factory=list, max_length=5)


# --- Brand ------------------------------------------------------------------------------


class Palette(Strict):
    primary: str = Field(pattern=r"^#[0-9a-fA-F]{6}$")
    on_primary: str = Field(pattern=r"^#[0-9a-fA-F]{6}$")
    accent: str = Field(pattern=r"^#[0-9a-fA-F]{6}$")
    background: str = Field(pattern=r"^#[0-9a-fA-F]{6}$")
    surface: str = Field(pattern=r"^#[0-9a-fA-F]{6}$")
    text: str = Field(pattern=r"^#[0-9a-fA-F]{6}$")
    muted_text: str = Field(pattern=r"^#[0-9a-fA-F]{6}$")


class ContrastPair(Strict):
    foreground: str
    background: str
    ratio: float
    passes_aa: bool
    usage: str


class Brand(Strict):
    display_name: str = Field(min_length=1, max_length=100)
    # The customer's logo: the id of one of the spec's photos (``Photo.id``), or "" (the
    # generator draws a mark from the name).
    logo: str = Field(default="", max_length=60)
    tagline: str = Field(min_length=1, max_length=140)
    voice: list[str] = Field(min_length=1, max_length=6)
    palette: Palette
    contrast: list[ContrastPair] = Field(default_factory=list)
    heading_font: str = Field(min_length=1, max_length=200)
    body_font: str = Field(min_length=1, max_length=200)


# --- Design -----------------------------------------------------------------------------


class SectionPlan(Strict):
    kind: SectionKind
    variant: str = Field(default="default", max_length=40)


class PagePlan(Strict):
    slug: str = Field(pattern=r"^[a-z0-9-]{1,40}$")  # "index" is the home page
    nav_label: str = Field(min_length=1, max_length=40)
    sections: list[SectionPlan] = Field(min_length=1, max_length=12)


class Design(Strict):
    pages: list[PagePlan] = Field(min_length=1, max_length=10)  # the writer plans 5 or more
    primary_cta_label: str = Field(min_length=1, max_length=40)
    primary_cta_page: str = Field(pattern=r"^[a-z0-9-]{1,40}$")
    layout: Literal["classic", "bold", "minimal", "warm"] = "classic"


# --- Content ----------------------------------------------------------------------------


class Item(Strict):
    title: str = Field(min_length=1, max_length=120)
    text: str = Field(default="", max_length=600)
    detail: str = Field(default="", max_length=80)  # a price, a figure, a role
    photo: str = Field(default="", max_length=60)  # a spec photo's id (gallery, team), or ""


class Section(Strict):
    kind: SectionKind
    heading: str = Field(min_length=1, max_length=140)
    body: str = Field(default="", max_length=2000)
    items: list[Item] = Field(default_factory=list, max_length=12)
    cta_label: str = Field(default="", max_length=40)
    cta_page: str = Field(default="", max_length=40)
    image_alt: str = Field(default="", max_length=160)
    photo: str = Field(default="", max_length=60)  # a spec photo's id shown instead of the art


class PageContent(Strict):
    slug: str = Field(pattern=r"^[a-z0-9-]{1,40}$")
    meta_title: str = Field(min_length=1, max_length=70)
    meta_description: str = Field(min_length=50, max_length=160)
    h1: str = Field(min_length=1, max_length=120)
    sections: list[Section] = Field(min_length=1, max_length=12)


class FaqEntry(Strict):
    question: str = Field(min_length=1, max_length=200)
    answer: str = Field(min_length=1, max_length=800)


class StructuredData(Strict):
    schema_type: str = Field(min_length=1, max_length=60)  # "LocalBusiness", "Dentist", ...
    description: str = Field(min_length=1, max_length=300)
    telephone: str = ""
    email: str = ""
    address: str = ""
    area_served: str = ""
    price_range: str = ""


class Content(Strict):
    pages: list[PageContent] = Field(min_length=1, max_length=10)
    faq: list[FaqEntry] = Field(default_factory=list, max_length=12)
    structured_data: StructuredData


# --- Photos: what the customer uploaded (sites/photos.py makes them) ----------------------


class PhotoVariant(Strict):
    """One re-encoded size of a photo, stored like every site file (``files_save``): its
    entry is a manifest entry, plus the path it is served at and its size in pixels."""

    path: str = Field(pattern=r"^photos/[a-z0-9-]{1,100}\.(webp|avif|png|jpg)$")
    width: int = Field(ge=1, le=10000)
    height: int = Field(ge=1, le=10000)
    content_type: Literal["image/webp", "image/avif", "image/png", "image/jpeg"]
    name: str = Field(min_length=1, max_length=300)  # the storage name
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    bytes: int = Field(ge=1)


class Photo(Strict):
    """A photo of the site (``spec["photos"]``), referenced by id from sections, items and
    the brand's logo. The alt text is required: the customer confirms or edits the
    suggestion."""

    id: str = Field(pattern=r"^[a-z0-9-]{1,60}$")
    name: str = Field(min_length=1, max_length=120)  # the uploaded file's name, cleaned
    alt: str = Field(min_length=1, max_length=160)
    width: int = Field(ge=1, le=10000)  # the largest variant's size
    height: int = Field(ge=1, le=10000)
    focal_x: float = Field(default=0.5, ge=0, le=1)  # where to keep when cropping (0..1)
    focal_y: float = Field(default=0.5, ge=0, le=1)
    kind: Literal["photo", "logo"] = "photo"
    variants: list[PhotoVariant] = Field(min_length=1, max_length=12)
