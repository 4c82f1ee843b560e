# ruff: noqa: E501 - a table of colours reads best one palette per line
"""How a kind of business looks: palettes, type pairings, layouts and voice words.

Each business type (``code24/ai/kinds``) names one look; the built-in brand step picks
among its palettes (by the brief's tone, else by a hash of the brief), shifts the hue a
step, and checks every text/background pair for WCAG AA (``contrast.py``).
"""

from __future__ import annotations

from typing import Literal, TypedDict

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


class PaletteSeed(TypedDict):
    mood: Mood
    primary: str
    on_primary: str
    accent: str
    background: str
    surface: str
    text: str
    muted_text: str


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


class Look(TypedDict):
    palettes: list[PaletteSeed]
    voice: list[str]
    fonts: list[tuple[str, str]]
    layouts: list[Layout]


LookName = Literal[
    "tech",
    "retail",
    "food",
    "legal",
    "clinic",
    "trades",
    "property",
    "fitness",
    "studio",
    "advisor",
    "community",
    "creative",
    "neutral",
]

LOOKS: dict[str, Look] = {
    "tech": {  # was the saas playbook's
        "palettes": [
            {"mood": "fresh", "primary": "#4f46e5", "on_primary": "#ffffff", "accent": "#22d3ee", "background": "#ffffff", "surface": "#f5f7ff", "text": "#111827", "muted_text": "#4b5563"},
            {"mood": "bold", "primary": "#7c3aed", "on_primary": "#ffffff", "accent": "#f59e0b", "background": "#0f172a", "surface": "#1e293b", "text": "#f8fafc", "muted_text": "#cbd5e1"},
            {"mood": "classic", "primary": "#1d4ed8", "on_primary": "#ffffff", "accent": "#10b981", "background": "#ffffff", "surface": "#f1f5f9", "text": "#0f172a", "muted_text": "#475569"},
            {"mood": "playful", "primary": "#db2777", "on_primary": "#ffffff", "accent": "#8b5cf6", "background": "#fffbfe", "surface": "#fdf2f8", "text": "#1f1235", "muted_text": "#5b4b6b"},
        ],
        "voice": ["clear", "confident", "helpful", "direct"],
        "fonts": [(NEO_GROTESK, SYSTEM_SANS), (GEOMETRIC, SYSTEM_SANS), (MONO, NEO_GROTESK)],
        "layouts": ["minimal", "bold"],
    },
    "retail": {  # was the e-commerce playbook's
        "palettes": [
            {"mood": "warm", "primary": "#c2410c", "on_primary": "#ffffff", "accent": "#fbbf24", "background": "#fffaf5", "surface": "#fff1e6", "text": "#292524", "muted_text": "#57534e"},
            {"mood": "elegant", "primary": "#111111", "on_primary": "#ffffff", "accent": "#c9a227", "background": "#ffffff", "surface": "#f6f5f3", "text": "#1c1917", "muted_text": "#57534e"},
            {"mood": "playful", "primary": "#e11d48", "on_primary": "#ffffff", "accent": "#14b8a6", "background": "#ffffff", "surface": "#fff1f2", "text": "#1f2937", "muted_text": "#4b5563"},
            {"mood": "fresh", "primary": "#0f766e", "on_primary": "#ffffff", "accent": "#f97316", "background": "#ffffff", "surface": "#f0fdfa", "text": "#134e4a", "muted_text": "#3f5f5c"},
        ],
        "voice": ["friendly", "enthusiastic", "clear", "helpful"],
        "fonts": [(DIDONE, SYSTEM_SANS), (GEOMETRIC, HUMANIST), (OLD_STYLE, SYSTEM_SANS)],
        "layouts": ["bold", "classic", "warm"],
    },
    "food": {  # was the restaurant playbook's
        "palettes": [
            {"mood": "warm", "primary": "#9a3412", "on_primary": "#ffffff", "accent": "#eab308", "background": "#fffbf5", "surface": "#fdf0e1", "text": "#2b1d12", "muted_text": "#5c4a3d"},
            {"mood": "elegant", "primary": "#b8860b", "on_primary": "#111111", "accent": "#7f1d1d", "background": "#151210", "surface": "#221d19", "text": "#f5efe6", "muted_text": "#d6cbbd"},
            {"mood": "fresh", "primary": "#166534", "on_primary": "#ffffff", "accent": "#f97316", "background": "#fbfdf8", "surface": "#eef6e8", "text": "#1a2e1a", "muted_text": "#4a5d48"},
            {"mood": "playful", "primary": "#be123c", "on_primary": "#ffffff", "accent": "#facc15", "background": "#fffdf7", "surface": "#fff3dc", "text": "#2a1a1a", "muted_text": "#5e4a4a"},
        ],
        "voice": ["warm", "inviting", "generous", "unfussy"],
        "fonts": [(OLD_STYLE, HUMANIST), (DIDONE, SYSTEM_SANS), (SLAB, HUMANIST)],
        "layouts": ["warm", "classic"],
    },
    "legal": {  # was the law-firm playbook's
        "palettes": [
            {"mood": "classic", "primary": "#1e3a5f", "on_primary": "#ffffff", "accent": "#b08d57", "background": "#ffffff", "surface": "#f4f6f9", "text": "#1a202c", "muted_text": "#4a5568"},
            {"mood": "elegant", "primary": "#5b1a2b", "on_primary": "#ffffff", "accent": "#c5a572", "background": "#fdfcfa", "surface": "#f5f1ea", "text": "#231f20", "muted_text": "#57504a"},
            {"mood": "calm", "primary": "#2f4f4f", "on_primary": "#ffffff", "accent": "#a3b18a", "background": "#ffffff", "surface": "#f2f5f3", "text": "#1c2421", "muted_text": "#4d5a55"},
            {"mood": "bold", "primary": "#0b2545", "on_primary": "#ffffff", "accent": "#e0a100", "background": "#ffffff", "surface": "#eef2f7", "text": "#0b1320", "muted_text": "#3e4c5e"},
        ],
        "voice": ["reassuring", "precise", "plain-spoken", "discreet"],
        "fonts": [(TRANSITIONAL, SYSTEM_SANS), (OLD_STYLE, HUMANIST), (DIDONE, NEO_GROTESK)],
        "layouts": ["classic", "minimal"],
    },
    "clinic": {  # was the dental-clinic playbook's
        "palettes": [
            {"mood": "calm", "primary": "#0e7490", "on_primary": "#ffffff", "accent": "#5eead4", "background": "#ffffff", "surface": "#f0f9fb", "text": "#0f2830", "muted_text": "#46606a"},
            {"mood": "fresh", "primary": "#0284c7", "on_primary": "#ffffff", "accent": "#a3e635", "background": "#ffffff", "surface": "#f0f7ff", "text": "#0c1c2c", "muted_text": "#475569"},
            {"mood": "warm", "primary": "#0f766e", "on_primary": "#ffffff", "accent": "#fda4af", "background": "#fffdfb", "surface": "#f3faf8", "text": "#1c2b29", "muted_text": "#4f5f5c"},
            {"mood": "elegant", "primary": "#334155", "on_primary": "#ffffff", "accent": "#c4b5fd", "background": "#fcfcfd", "surface": "#f3f4f8", "text": "#111827", "muted_text": "#4b5563"},
        ],
        "voice": ["reassuring", "gentle", "clear", "caring"],
        "fonts": [(HUMANIST, SYSTEM_SANS), (ROUNDED, HUMANIST), (GEOMETRIC, SYSTEM_SANS)],
        "layouts": ["minimal", "warm", "classic"],
    },
    "trades": {  # was the plumber playbook's
        "palettes": [
            {"mood": "classic", "primary": "#1d4ed8", "on_primary": "#ffffff", "accent": "#f97316", "background": "#ffffff", "surface": "#eff4ff", "text": "#0f172a", "muted_text": "#475569"},
            {"mood": "bold", "primary": "#0b3d91", "on_primary": "#ffffff", "accent": "#facc15", "background": "#ffffff", "surface": "#f1f5fb", "text": "#0a1628", "muted_text": "#3d4b5f"},
            {"mood": "fresh", "primary": "#0369a1", "on_primary": "#ffffff", "accent": "#22c55e", "background": "#fbfeff", "surface": "#eaf6fb", "text": "#0b2233", "muted_text": "#42596b"},
            {"mood": "warm", "primary": "#b45309", "on_primary": "#ffffff", "accent": "#0ea5e9", "background": "#fffdf9", "surface": "#fdf3e6", "text": "#261c12", "muted_text": "#5a4c3e"},
        ],
        "voice": ["straightforward", "dependable", "friendly", "practical"],
        "fonts": [(INDUSTRIAL, SYSTEM_SANS), (SLAB, SYSTEM_SANS), (NEO_GROTESK, HUMANIST)],
        "layouts": ["bold", "classic"],
    },
    "property": {  # was the real-estate playbook's
        "palettes": [
            {"mood": "classic", "primary": "#14532d", "on_primary": "#ffffff", "accent": "#d4a373", "background": "#ffffff", "surface": "#f3f6f2", "text": "#1b2a1f", "muted_text": "#4b5a4f"},
            {"mood": "elegant", "primary": "#1f2937", "on_primary": "#ffffff", "accent": "#b7935a", "background": "#fdfcf9", "surface": "#f4f1ea", "text": "#111827", "muted_text": "#4b5563"},
            {"mood": "fresh", "primary": "#0f766e", "on_primary": "#ffffff", "accent": "#fbbf24", "background": "#ffffff", "surface": "#f0fbf8", "text": "#102a27", "muted_text": "#48605c"},
            {"mood": "bold", "primary": "#9f1239", "on_primary": "#ffffff", "accent": "#0ea5e9", "background": "#ffffff", "surface": "#fbf1f3", "text": "#1f1115", "muted_text": "#5a4349"},
        ],
        "voice": ["knowledgeable", "trustworthy", "local", "attentive"],
        "fonts": [(DIDONE, SYSTEM_SANS), (TRANSITIONAL, HUMANIST), (GEOMETRIC, SYSTEM_SANS)],
        "layouts": ["classic", "minimal"],
    },
    "fitness": {  # was the fitness-studio playbook's
        "palettes": [
            {"mood": "bold", "primary": "#e11d48", "on_primary": "#ffffff", "accent": "#facc15", "background": "#0b0b0f", "surface": "#17171f", "text": "#fafafa", "muted_text": "#c7c7d1"},
            {"mood": "fresh", "primary": "#16a34a", "on_primary": "#ffffff", "accent": "#0ea5e9", "background": "#ffffff", "surface": "#f0fdf4", "text": "#0f1f14", "muted_text": "#475a4d"},
            {"mood": "playful", "primary": "#ea580c", "on_primary": "#ffffff", "accent": "#8b5cf6", "background": "#fffaf5", "surface": "#fff1e6", "text": "#1c1410", "muted_text": "#5a4b40"},
            {"mood": "calm", "primary": "#6d28d9", "on_primary": "#ffffff", "accent": "#2dd4bf", "background": "#ffffff", "surface": "#f6f3ff", "text": "#1a1530", "muted_text": "#514b66"},
        ],
        "voice": ["energetic", "encouraging", "inclusive", "direct"],
        "fonts": [(INDUSTRIAL, NEO_GROTESK), (GEOMETRIC, SYSTEM_SANS), (NEO_GROTESK, SYSTEM_SANS)],
        "layouts": ["bold", "warm"],
    },
    "studio": {  # was the agency playbook's
        "palettes": [
            {"mood": "bold", "primary": "#facc15", "on_primary": "#111111", "accent": "#f43f5e", "background": "#0a0a0a", "surface": "#171717", "text": "#fafafa", "muted_text": "#d4d4d4"},
            {"mood": "playful", "primary": "#7c3aed", "on_primary": "#ffffff", "accent": "#fb7185", "background": "#ffffff", "surface": "#f7f3ff", "text": "#18122b", "muted_text": "#534a6b"},
            {"mood": "elegant", "primary": "#111827", "on_primary": "#ffffff", "accent": "#f97316", "background": "#fafaf9", "surface": "#f0efed", "text": "#111827", "muted_text": "#4b5563"},
            {"mood": "fresh", "primary": "#2563eb", "on_primary": "#ffffff", "accent": "#34d399", "background": "#ffffff", "surface": "#f3f7ff", "text": "#0f172a", "muted_text": "#475569"},
        ],
        "voice": ["confident", "creative", "candid", "collaborative"],
        "fonts": [(GEOMETRIC, NEO_GROTESK), (DIDONE, SYSTEM_SANS), (MONO, SYSTEM_SANS)],
        "layouts": ["bold", "minimal"],
    },
    "advisor": {  # was the consultant playbook's
        "palettes": [
            {"mood": "classic", "primary": "#1e40af", "on_primary": "#ffffff", "accent": "#f59e0b", "background": "#ffffff", "surface": "#f3f6fc", "text": "#0f172a", "muted_text": "#475569"},
            {"mood": "calm", "primary": "#3f6212", "on_primary": "#ffffff", "accent": "#d9a441", "background": "#fdfdf8", "surface": "#f3f5ea", "text": "#1d2310", "muted_text": "#535a45"},
            {"mood": "elegant", "primary": "#4c1d95", "on_primary": "#ffffff", "accent": "#c084fc", "background": "#fdfcff", "surface": "#f5f2fb", "text": "#1b1530", "muted_text": "#524a66"},
            {"mood": "fresh", "primary": "#0f766e", "on_primary": "#ffffff", "accent": "#fb923c", "background": "#ffffff", "surface": "#effaf8", "text": "#112b28", "muted_text": "#4a605d"},
        ],
        "voice": ["thoughtful", "practical", "candid", "calm"],
        "fonts": [(TRANSITIONAL, SYSTEM_SANS), (HUMANIST, SYSTEM_SANS), (OLD_STYLE, NEO_GROTESK)],
        "layouts": ["minimal", "classic"],
    },
    "community": {  # was the nonprofit playbook's
        "palettes": [
            {"mood": "warm", "primary": "#b45309", "on_primary": "#ffffff", "accent": "#16a34a", "background": "#fffdf8", "surface": "#fdf4e3", "text": "#2a2115", "muted_text": "#5d5242"},
            {"mood": "calm", "primary": "#1d4ed8", "on_primary": "#ffffff", "accent": "#fbbf24", "background": "#ffffff", "surface": "#f1f5fe", "text": "#111c33", "muted_text": "#4b5568"},
            {"mood": "fresh", "primary": "#15803d", "on_primary": "#ffffff", "accent": "#f472b6", "background": "#fbfefb", "surface": "#ecf8ee", "text": "#132615", "muted_text": "#4a5d4c"},
            {"mood": "bold", "primary": "#be185d", "on_primary": "#ffffff", "accent": "#facc15", "background": "#ffffff", "surface": "#fdf0f6", "text": "#26101b", "muted_text": "#5e4552"},
        ],
        "voice": ["hopeful", "human", "clear", "inclusive"],
        "fonts": [(HUMANIST, SYSTEM_SANS), (OLD_STYLE, HUMANIST), (ROUNDED, SYSTEM_SANS)],
        "layouts": ["warm", "classic"],
    },
    "creative": {  # was the photographer playbook's
        "palettes": [
            {"mood": "elegant", "primary": "#e5e5e5", "on_primary": "#111111", "accent": "#c8a97e", "background": "#111111", "surface": "#1c1c1c", "text": "#f5f5f5", "muted_text": "#c4c4c4"},
            {"mood": "calm", "primary": "#44403c", "on_primary": "#ffffff", "accent": "#d6a77a", "background": "#fafaf9", "surface": "#f1efec", "text": "#1c1917", "muted_text": "#57534e"},
            {"mood": "warm", "primary": "#9a3412", "on_primary": "#ffffff", "accent": "#e9c46a", "background": "#fffaf3", "surface": "#f8ecdc", "text": "#2b2118", "muted_text": "#5e5145"},
            {"mood": "fresh", "primary": "#0f766e", "on_primary": "#ffffff", "accent": "#fda4af", "background": "#ffffff", "surface": "#f2f7f6", "text": "#132320", "muted_text": "#4d5e5b"},
        ],
        "voice": ["warm", "artistic", "relaxed", "personal"],
        "fonts": [(DIDONE, HUMANIST), (OLD_STYLE, SYSTEM_SANS), (GEOMETRIC, HUMANIST)],
        "layouts": ["minimal", "warm"],
    },
    "neutral": {  # was the other playbook's
        "palettes": [
            {"mood": "classic", "primary": "#1e40af", "on_primary": "#ffffff", "accent": "#f59e0b", "background": "#ffffff", "surface": "#f3f6fc", "text": "#111827", "muted_text": "#4b5563"},
            {"mood": "warm", "primary": "#a16207", "on_primary": "#ffffff", "accent": "#0d9488", "background": "#fffdf7", "surface": "#fbf3e0", "text": "#271f10", "muted_text": "#5c5140"},
            {"mood": "fresh", "primary": "#047857", "on_primary": "#ffffff", "accent": "#6366f1", "background": "#ffffff", "surface": "#effaf5", "text": "#0f241c", "muted_text": "#465c53"},
            {"mood": "bold", "primary": "#b91c1c", "on_primary": "#ffffff", "accent": "#1d4ed8", "background": "#ffffff", "surface": "#fdf2f2", "text": "#1f1111", "muted_text": "#5a4444"},
        ],
        "voice": ["friendly", "clear", "helpful", "honest"],
        "fonts": [(SYSTEM_SANS, SYSTEM_SANS), (HUMANIST, SYSTEM_SANS), (TRANSITIONAL, SYSTEM_SANS)],
        "layouts": ["classic", "warm", "minimal"],
    },
}  # fmt: skip
