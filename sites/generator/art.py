"""The site's pictures, all inline SVG drawn from the brand palette (no image requests).

Colours come from CSS classes (``.f-primary``, ``.s-text``, ...) defined in the site's
stylesheet from the palette's custom properties, so the same drawing fits every brand.
Every function returns markup built only from constants and numbers, except where a
label is passed: labels are escaped here.

Icons are 24x24 line drawings (stroke ``currentColor``) in the spirit of Feather icons.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

# --- icons ------------------------------------------------------------------------------

ICONS: dict[str, str] = {
    "check": '<path d="M20 6 9 17l-5-5"/>',
    "check-circle": '<circle cx="12" cy="12" r="9.5"/><path d="m8 12.5 2.7 2.7L16.5 9"/>',
    "clock": '<circle cx="12" cy="12" r="9.5"/><path d="M12 6.5V12l3.5 2"/>',
    "shield": '<path d="M12 21.5s8-3.6 8-9.8V5.2L12 2.5 4 5.2v6.5c0 6.2 8 9.8 8 9.8z"/>'
    '<path d="m8.8 12 2.2 2.2 4.2-4.4"/>',
    "heart": '<path d="M20.4 4.9a5.4 5.4 0 0 0-7.7 0L12 5.6l-.7-.7a5.4 5.4 0 0 0-7.7 7.7l.7.7'
    'L12 21l7.7-7.7.7-.7a5.4 5.4 0 0 0 0-7.7z"/>',
    "phone": '<path d="M21.5 16.6v2.9a1.9 1.9 0 0 1-2.1 1.9 18.9 18.9 0 0 1-8.2-2.9 18.6 18.6 '
    "0 0 1-5.7-5.7A18.9 18.9 0 0 1 2.6 4.5 1.9 1.9 0 0 1 4.5 2.5h2.9a1.9 1.9 0 0 1 1.9 1.6c.1"
    " .9.3 1.8.7 2.7a1.9 1.9 0 0 1-.4 2L8.3 10a15.2 15.2 0 0 0 5.7 5.7l1.2-1.2a1.9 1.9 0 0 1 "
    '2-.4c.9.3 1.8.6 2.7.7a1.9 1.9 0 0 1 1.6 1.8z"/>',
    "mail": '<rect x="2.5" y="4.5" width="19" height="15" rx="2"/><path d="m3 6 9 7 9-7"/>',
    "pin": '<path d="M20 10c0 6.5-8 12-8 12s-8-5.5-8-12a8 8 0 0 1 16 0z"/>'
    '<circle cx="12" cy="10" r="3"/>',
    "calendar": '<rect x="3" y="4.5" width="18" height="17" rx="2"/>'
    '<path d="M16 2.5v4M8 2.5v4M3 10h18"/><path d="M8 14h2M14 14h2M8 17.5h2"/>',
    "star": '<path d="m12 2.5 2.9 6 6.6.9-4.8 4.6 1.2 6.5L12 17.4l-5.9 3.1 1.2-6.5-4.8-4.6'
    ' 6.6-.9z"/>',
    "users": '<path d="M16.5 21v-2a4 4 0 0 0-4-4h-7a4 4 0 0 0-4 4v2"/><circle cx="9" cy="7" '
    'r="4"/><path d="M22.5 21v-2a4 4 0 0 0-3-3.9M15.5 3.1a4 4 0 0 1 0 7.8"/>',
    "award": '<circle cx="12" cy="8.5" r="6.5"/><path d="m8.2 13.9-1.2 8.6 5-3 5 3-1.2-8.6"/>',
    "home": '<path d="M3 10.5 12 3l9 7.5V20a1.5 1.5 0 0 1-1.5 1.5h-15A1.5 1.5 0 0 1 3 20z"/>'
    '<path d="M9.5 21.5v-7h5v7"/>',
    "tool": '<path d="M14.7 6.3a1 1 0 0 0 0 1.4l1.6 1.6a1 1 0 0 0 1.4 0l3.8-3.8a6 6 0 0 1-7.9 '
    '7.9l-6.9 6.9a2.1 2.1 0 0 1-3-3l6.9-6.9a6 6 0 0 1 7.9-7.9z"/>',
    "trend": '<path d="m22.5 6-9.5 9.5-5-5L1.5 17"/><path d="M16.5 6h6v6"/>',
    "zap": '<path d="M13 2 3.5 13.5H12l-1 8.5 9.5-11.5H12z"/>',
    "chat": '<path d="M21 11.5a8.4 8.4 0 0 1-.9 3.8 8.5 8.5 0 0 1-7.6 4.7 8.4 8.4 0 0 1-3.8'
    "-.9L3 21l1.9-5.7a8.4 8.4 0 0 1-.9-3.8 8.5 8.5 0 0 1 4.7-7.6 8.4 8.4 0 0 1 3.8-.9h.5a8.5"
    ' 8.5 0 0 1 8 8v.5z"/>',
    "lock": '<rect x="3.5" y="11" width="17" height="10.5" rx="2"/><path d="M7.5 11V7a4.5 '
    '4.5 0 0 1 9 0v4"/>',
    "camera": '<path d="M22.5 18.5a2 2 0 0 1-2 2h-17a2 2 0 0 1-2-2v-10a2 2 0 0 1 2-2h4l2-3h6l2'
    ' 3h3a2 2 0 0 1 2 2z"/><circle cx="12" cy="13" r="4"/>',
    "bag": '<path d="M6 2.5 3 6.5v13.5a2 2 0 0 0 2 2h14a2 2 0 0 0 2-2V6.5l-3-4z"/>'
    '<path d="M3 6.5h18M16 10a4 4 0 0 1-8 0"/>',
    "truck": '<path d="M1.5 4h13.5v12H1.5zM15 8.5h4l3 3V16h-7z"/><circle cx="5.5" cy="18.5" '
    'r="2.2"/><circle cx="18.5" cy="18.5" r="2.2"/>',
    "target": '<circle cx="12" cy="12" r="9.5"/><circle cx="12" cy="12" r="5.5"/>'
    '<circle cx="12" cy="12" r="1.5"/>',
    "layers": '<path d="M12 2.5 2.5 7.5 12 12.5l9.5-5z"/><path d="m2.5 16.5 9.5 5 9.5-5M2.5 '
    '12l9.5 5 9.5-5"/>',
    "tag": '<path d="M20.6 13.4 13.4 20.6a2 2 0 0 1-2.8 0L2.5 12.5V2.5h10l8.1 8.1a2 2 0 0 1 0'
    ' 2.8z"/><circle cx="7.5" cy="7.5" r="1.2"/>',
    "briefcase": '<rect x="2.5" y="7" width="19" height="14" rx="2"/><path d="M16 21V5a2 2 0 0'
    ' 0-2-2h-4a2 2 0 0 0-2 2v16"/>',
    "leaf": '<path d="M5 21c0-9 5-15 16-16-1 11-7 16-16 16z"/><path d="M5 21 14 12"/>',
    "sparkle": '<path d="M12 3v4M12 17v4M3 12h4M17 12h4M6.3 6.3l2.5 2.5M15.2 15.2l2.5 2.5'
    'M6.3 17.7l2.5-2.5M15.2 8.8l2.5-2.5"/>',
    "book": '<path d="M2.5 4.5h6a4 4 0 0 1 3.5 2v14a3 3 0 0 0-2.5-1.5h-7zM21.5 4.5h-6a4 4 0 0'
    ' 0-3.5 2v14a3 3 0 0 1 2.5-1.5h7z"/>',
    "compass": '<circle cx="12" cy="12" r="9.5"/><path d="m16.2 7.8-2.1 6.3-6.3 2.1 2.1-6.3z"/>',
    "chart": '<path d="M3 3v18h18"/><path d="M7.5 16v-4M12 16V8M16.5 16v-6.5"/>',
    "gift": '<path d="M20 12v9.5H4V12M2.5 7.5h19v4.5h-19zM12 21.5v-14"/><path d="M12 7.5H8a2.5'
    ' 2.5 0 1 1 0-5c3.5 0 4 5 4 5zM12 7.5h4a2.5 2.5 0 1 0 0-5c-3.5 0-4 5-4 5z"/>',
    "smile": '<circle cx="12" cy="12" r="9.5"/><path d="M8 14.5s1.5 2 4 2 4-2 4-2"/>'
    '<path d="M9 9.5h.01M15 9.5h.01"/>',
    "globe": '<circle cx="12" cy="12" r="9.5"/><path d="M2.5 12h19M12 2.5a14.5 14.5 0 0 1 0 '
    '19 14.5 14.5 0 0 1 0-19z"/>',
    "pen": '<path d="M17 3a2.8 2.8 0 0 1 4 4L7.5 20.5 2.5 21.5l1-5z"/>',
    "key": '<circle cx="7.5" cy="15.5" r="4.5"/><path d="m10.7 12.3 9.8-9.8M17 6l3 3M14.5 8.5'
    'l2.5 2.5"/>',
    "drop": '<path d="M12 2.7 6.3 8.4a8 8 0 1 0 11.4 0z"/>',
    "tooth": '<path d="M7.5 3C5 3 3.5 5 3.5 7.5c0 2 .8 3.3 1.4 4.9.6 1.7.8 3.6 1.2 5.6.4 1.8 1'
    " 3 2 3s1.4-1.2 1.7-2.7c.3-1.5.6-3.3 2.2-3.3s1.9 1.8 2.2 3.3c.3 1.5.7 2.7 1.7 2.7s1.6-1.2"
    " 2-3c.4-2 .6-3.9 1.2-5.6.6-1.6 1.4-2.9 1.4-4.9C20.5 5 19 3 16.5 3 14.5 3 13.8 4 12 4S9.5"
    ' 3 7.5 3z"/>',
    "dumbbell": '<path d="M6.5 6.5v11M17.5 6.5v11M3.5 9v6M20.5 9v6M6.5 12h11"/>',
    "utensils": '<path d="M6 2.5V9a2.5 2.5 0 0 0 5 0V2.5M8.5 2.5v19M18 21.5v-19c-2.5 1.5-3.5 '
    '4.5-3.5 8v3.5H18"/>',
    "scale": '<path d="M12 3v18M7.5 21h9M4.5 7h15M12 3.5 4.5 7M12 3.5 19.5 7"/><path d="m4.5 7'
    '-3 7a3 3 0 0 0 6 0zM19.5 7l-3 7a3 3 0 0 0 6 0z"/>',
    "window": '<rect x="2.5" y="3.5" width="19" height="17" rx="2"/><path d="M2.5 8.5h19"/>'
    '<path d="M5.5 6h.01M8 6h.01M10.5 6h.01"/>',
    "code": '<path d="m16 18 6-6-6-6M8 6l-6 6 6 6"/>',
    "hand-heart": '<path d="M11 14h2a2 2 0 1 0 0-4h-3c-.6 0-1.1.2-1.4.6L3 16"/><path d="m7 20 1.6'
    '-1.4c.3-.4.8-.6 1.4-.6h4c1.1 0 2.1-.4 2.8-1.2l4.6-4.4a2 2 0 0 0-2.8-2.8L14.4 13.8"/>'
    '<path d="m2 15 6 6"/><path d="M19.5 8.5c.7-.7 1.5-1.6 1.5-2.7A2.2 2.2 0 0 0 18.8 3.6c-.9'
    ' 0-1.5.3-2.2 1-.7-.7-1.3-1-2.2-1A2.2 2.2 0 0 0 12.2 5.8c0 1.1.8 2 1.5 2.7l3 3z"/>',
    "coffee": '<path d="M17 8h1.5a3.5 3.5 0 0 1 0 7H17M2.5 8H17v9a4 4 0 0 1-4 4H6.5a4 4 0 0 1-4'
    '-4z"/><path d="M6 1.5v3M10 1.5v3M14 1.5v3"/>',
    "sun": '<circle cx="12" cy="12" r="4.5"/><path d="M12 1.5v2M12 20.5v2M4.6 4.6 6 6M18 18l1.4'
    ' 1.4M1.5 12h2M20.5 12h2M4.6 19.4 6 18M18 6l1.4-1.4"/>',
    "map": '<path d="m1.5 6 7-3.5 7 3.5 7-3.5v15.5l-7 3.5-7-3.5-7 3.5z"/><path d="M8.5 2.5v15.5'
    'M15.5 6v15.5"/>',
    "file": '<path d="M14 2.5H6a2 2 0 0 0-2 2v15a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2V8.5z"/>'
    '<path d="M14 2.5v6h6M8 13h8M8 17h8"/>',
}

# Words in an item's title or text that suggest an icon, checked in order: the trades'
# own pictures first, then general ideas.
KEYWORD_ICONS: list[tuple[str, str]] = [
    (r"photo|camera|portrait|shoot|wedding|studio", "camera"),
    (r"legal|law\b|lawyer|court|contract|dispute|solicitor|attorney|litigat", "scale"),
    (r"teeth|tooth|dental|smile|whiten|implant|brace|hygien", "tooth"),
    (r"fitness|strength|workout|gym\b|muscle|personal train", "dumbbell"),
    (
        r"food|menu|dish|meal|dinner|lunch|breakfast|kitchen|chef|taste|tasting|cook|pasta|"
        r"pizza|bread|dessert|salad|soup|grill",
        "utensils",
    ),
    (r"coffee|tea\b|drink|cafe|café", "coffee"),
    (r"donat|volunteer|charit|fundrais", "hand-heart"),
    (r"emergenc|24/7|fast|quick|same[- ]day|rapid|speed|instant|minute", "zap"),
    (r"hour|time|punctual|on time|schedule|wait", "clock"),
    (r"insur|guarantee|safe|secur|protect|certif|licen[cs]ed|warrant|trust", "shield"),
    (r"price|pric|cost|quote|fee|budget|afford|fixed|value|transparent", "tag"),
    (r"book|appointment|calendar|reserv|availab", "calendar"),
    (r"call|phone", "phone"),
    (r"email|mail|newsletter", "mail"),
    (r"location|local|area|near|visit|address|neighbo", "pin"),
    (r"team|staff|people|community|family|member|together", "users"),
    (r"award|expert|experien|qualif|skill|master|craft", "award"),
    (r"care|gentle|kind|love|passion|heart|wellbeing|comfort", "heart"),
    (r"chat|talk|listen|advice|consult|question|support|help", "chat"),
    (r"data|privacy|private|confiden|lock", "lock"),
    (r"grow|result|increase|improv|performance|progress|revenue|sales", "trend"),
    (r"report|insight|analy|measure|metric|dashboard", "chart"),
    (r"deliver|shipping|ship|dispatch|courier", "truck"),
    (r"shop|product|order|buy|store|cart", "bag"),
    (r"gift|reward|bonus|free", "gift"),
    (r"design|brand|creative|logo|write|copy", "pen"),
    (r"web|online|digital|app|software|platform|integrat", "window"),
    (r"code|develop|engineer|build|api", "code"),
    (r"clean|fresh|natural|organic|eco|green|sustainab", "leaf"),
    (r"goal|focus|strategy|plan|target|aim", "target"),
    (r"learn|guide|educat|class|lesson|train|coach", "book"),
    (r"home|house|property|rent|buy|sell|apartment|flat", "home"),
    (r"repair|fix|install|maint|service|boiler|pipe|leak|drain", "tool"),
    (r"world|global|international|travel", "globe"),
    (r"quality|best|premium|excellen|special", "star"),
    (r"happy|friendly|smile|welcom|enjoy", "smile"),
    (r"document|paper|form|file|contract", "file"),
]

# The main pictogram and the fallback icons of each business type.
TYPE_ART: dict[str, tuple[str, list[str]]] = {
    "saas": ("window", ["zap", "layers", "chart", "lock", "users", "sparkle"]),
    "e-commerce": ("bag", ["truck", "tag", "gift", "star", "shield", "heart"]),
    "restaurant": ("utensils", ["coffee", "leaf", "heart", "star", "users", "calendar"]),
    "law-firm": ("scale", ["shield", "file", "chat", "award", "lock", "users"]),
    "dental-clinic": ("tooth", ["smile", "shield", "heart", "calendar", "sparkle", "check"]),
    "plumber": ("tool", ["drop", "zap", "clock", "shield", "home", "tag"]),
    "real-estate": ("home", ["key", "pin", "map", "tag", "chat", "trend"]),
    "fitness-studio": ("dumbbell", ["zap", "heart", "users", "target", "calendar", "trend"]),
    "agency": ("pen", ["layers", "target", "trend", "sparkle", "code", "users"]),
    "consultant": ("compass", ["target", "trend", "chart", "chat", "briefcase", "book"]),
    "nonprofit": ("hand-heart", ["users", "heart", "leaf", "globe", "sun", "star"]),
    "photographer": ("camera", ["sun", "heart", "star", "sparkle", "map", "users"]),
    "other": ("star", ["check-circle", "heart", "users", "clock", "shield", "chat"]),
}
# The newer business types draw like the older one closest to them.
TYPE_ART.update(
    {
        "bakery": TYPE_ART["restaurant"],
        "cafe": ("coffee", ["utensils", "leaf", "heart", "star", "users", "clock"]),
        "bar": TYPE_ART["restaurant"],
        "hair-salon": ("sparkle", ["heart", "star", "calendar", "smile", "clock", "users"]),
        "barber": ("sparkle", ["star", "calendar", "clock", "smile", "users", "heart"]),
        "beauty-salon": ("sparkle", ["heart", "star", "smile", "calendar", "leaf", "sun"]),
        "yoga-studio": ("leaf", ["sun", "heart", "users", "calendar", "target", "smile"]),
        "physiotherapist": ("heart", ["target", "calendar", "check", "users", "trend", "smile"]),
        "vet": ("heart", ["shield", "calendar", "smile", "users", "check", "clock"]),
        "therapist": ("chat", ["heart", "lock", "calendar", "leaf", "sun", "users"]),
        "electrician": ("zap", ["tool", "clock", "shield", "home", "tag", "check"]),
        "cleaner": ("sparkle", ["home", "clock", "check", "leaf", "calendar", "tag"]),
        "builder": ("home", ["tool", "layers", "shield", "clock", "tag", "check"]),
        "garage": ("tool", ["clock", "shield", "tag", "check", "calendar", "zap"]),
        "accountant": ("chart", ["file", "briefcase", "trend", "lock", "calendar", "check"]),
        "florist": ("leaf", ["heart", "gift", "sun", "star", "truck", "calendar"]),
        "shop": ("bag", ["tag", "gift", "star", "heart", "clock", "pin"]),
        "wedding-venue": ("heart", ["star", "calendar", "users", "sun", "map", "sparkle"]),
        "hotel": ("home", ["key", "map", "sun", "star", "calendar", "users"]),
        "school": ("book", ["users", "star", "calendar", "target", "sun", "check"]),
    }
)


def icon_name_for(
    business_type: str, title: str, text: str, index: int, *, avoid: Collection[str] = ()
) -> str:
    """A fitting icon for an item: by its words (title first), else the type's own set.

    Icons in ``avoid`` (already used by the item's neighbours) are skipped while another
    choice is left, so a row of cards does not repeat one picture.
    """
    for words in (title.lower(), f"{title} {text}".lower()):
        for pattern, name in KEYWORD_ICONS:
            if name not in avoid and re.search(rf"\b(?:{pattern})", words):
                return name
    fallbacks = TYPE_ART.get(business_type, TYPE_ART["other"])[1]
    for step in range(len(fallbacks)):
        name = fallbacks[(index + step) % len(fallbacks)]
        if name not in avoid:
            return name
    return fallbacks[index % len(fallbacks)]


def icon(name: str, *, size: int = 24, css_class: str = "icon") -> SafeString:
    """A decorative icon (hidden from screen readers: the text next to it says it)."""
    body = ICONS.get(name, ICONS["check"])
    return mark_safe(  # noqa: S308 - constants and numbers only
        f'<svg class="{css_class}" width="{size}" height="{size}" viewBox="0 0 24 24" '
        f'aria-hidden="true" focusable="false" fill="none" stroke="currentColor" '
        f'stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round">{body}</svg>'
    )


def _labelled(label: str) -> str:
    """The accessibility attributes of a picture: labelled, or hidden when decorative."""
    if label:
        return format_html('role="img" aria-label="{}"', label)
    return 'aria-hidden="true" focusable="false"'


# --- the hero illustration ----------------------------------------------------------------


def hero_art(business_type: str, *, label: str = "", variant: int = 0) -> SafeString:
    """An abstract scene around the business type's pictogram, in the brand's colours."""
    glyph = ICONS[TYPE_ART.get(business_type, TYPE_ART["other"])[0]]
    chips = TYPE_ART.get(business_type, TYPE_ART["other"])[1]
    chip_a, chip_b = ICONS[chips[0]], ICONS[chips[1]]
    flip = variant % 2 == 1
    blob = (
        "M300 28c92 6 178 62 196 150 19 92-34 186-124 226-88 39-205 22-270-42-60-59-72-160-28-"
        "232C116 60 210 22 300 28z"
    )
    transform = ' transform="translate(560 0) scale(-1 1)"' if flip else ""
    return mark_safe(  # noqa: S308 - constants, numbers and an escaped label only
        f'<svg class="art art-hero" viewBox="0 0 560 460" width="560" height="460" '
        f"{_labelled(label)}>"
        f"<g{transform}>"
        f'<path class="f-tint" d="{blob}"/>'
        f'<circle class="f-accent" cx="468" cy="92" r="46" opacity=".85"/>'
        f'<circle class="s-primary" cx="96" cy="362" r="34" fill="none" stroke-width="10" '
        f'opacity=".35"/>'
        f'<g class="f-primary" opacity=".5">{_dots(60, 70, 5, 4, 18)}</g>'
        f'<g class="f-accent" opacity=".7">{_dots(404, 360, 4, 3, 18)}</g>'
        f"</g>"
        # the main card
        f'<rect class="f-shadow" x="142" y="110" width="290" height="260" rx="28"/>'
        f'<rect class="f-bg s-line" x="130" y="96" width="290" height="260" rx="28" '
        f'stroke-width="2"/>'
        f'<circle class="f-tint" cx="275" cy="196" r="70"/>'
        f'<g class="s-primary" fill="none" stroke-width="1.3" stroke-linecap="round" '
        f'stroke-linejoin="round" transform="translate(227 148) scale(4)">{glyph}</g>'
        f'<rect class="f-muted" x="190" y="294" width="170" height="12" rx="6" opacity=".5"/>'
        f'<rect class="f-muted" x="215" y="318" width="120" height="10" rx="5" opacity=".3"/>'
        # floating chips
        f'<g transform="translate(44 176)">'
        f'<rect class="f-shadow" x="6" y="8" width="132" height="64" rx="18"/>'
        f'<rect class="f-bg s-line" width="132" height="64" rx="18" stroke-width="2"/>'
        f'<circle class="f-primary" cx="32" cy="32" r="18"/>'
        f'<g class="s-on-primary" fill="none" stroke-width="2.2" stroke-linecap="round" '
        f'stroke-linejoin="round" transform="translate(23 23) scale(.75)">{chip_a}</g>'
        f'<rect class="f-muted" x="60" y="22" width="56" height="8" rx="4" opacity=".55"/>'
        f'<rect class="f-muted" x="60" y="36" width="38" height="8" rx="4" opacity=".3"/>'
        f"</g>"
        f'<g transform="translate(372 262)">'
        f'<rect class="f-shadow" x="6" y="8" width="140" height="64" rx="18"/>'
        f'<rect class="f-bg s-line" width="140" height="64" rx="18" stroke-width="2"/>'
        f'<circle class="f-accent" cx="32" cy="32" r="18"/>'
        f'<g class="s-text" fill="none" stroke-width="2.2" stroke-linecap="round" '
        f'stroke-linejoin="round" transform="translate(23 23) scale(.75)">{chip_b}</g>'
        f'<rect class="f-muted" x="60" y="22" width="62" height="8" rx="4" opacity=".55"/>'
        f'<rect class="f-muted" x="60" y="36" width="40" height="8" rx="4" opacity=".3"/>'
        f"</g>"
        f"</svg>"
    )


def _dots(x: int, y: int, columns: int, rows: int, gap: int) -> str:
    return "".join(
        f'<circle cx="{x + c * gap}" cy="{y + r * gap}" r="3.2"/>'
        for r in range(rows)
        for c in range(columns)
    )


# --- smaller pictures -------------------------------------------------------------------


def feature_art(business_type: str, name: str, *, label: str = "") -> SafeString:
    """A square picture for an about or story section: the pictogram on layered shapes."""
    glyph = ICONS.get(name) or ICONS[TYPE_ART.get(business_type, TYPE_ART["other"])[0]]
    return mark_safe(  # noqa: S308 - constants, numbers and an escaped label only
        f'<svg class="art art-feature" viewBox="0 0 400 360" width="400" height="360" '
        f"{_labelled(label)}>"
        f'<rect class="f-tint" x="40" y="30" width="320" height="300" rx="40"/>'
        f'<rect class="f-accent" x="250" y="10" width="120" height="120" rx="30" opacity=".8"/>'
        f'<rect class="f-bg s-line" x="80" y="80" width="240" height="210" rx="32" '
        f'stroke-width="2"/>'
        f'<g class="s-primary" fill="none" stroke-width="1.2" stroke-linecap="round" '
        f'stroke-linejoin="round" transform="translate(152 113) scale(4)">{glyph}</g>'
        f'<rect class="f-muted" x="130" y="230" width="140" height="10" rx="5" opacity=".45"/>'
        f'<rect class="f-muted" x="155" y="252" width="90" height="8" rx="4" opacity=".3"/>'
        f'<g class="f-primary" opacity=".45">{_dots(24, 270, 3, 3, 16)}</g>'
        f"</svg>"
    )


def tile_art(icon_name: str, index: int, *, label: str = "") -> SafeString:
    """A picture tile (gallery, products): an icon on one of four abstract backgrounds."""
    glyph = ICONS.get(icon_name, ICONS["star"])
    kind = index % 4
    backgrounds = [
        '<rect class="f-tint" width="300" height="225"/>'
        '<circle class="f-primary" cx="262" cy="206" r="92" opacity=".9"/>'
        '<circle class="f-accent" cx="54" cy="46" r="26" opacity=".9"/>',
        '<rect class="f-surface" width="300" height="225"/>'
        '<path class="f-accent" d="M0 150 150 0h80L0 230z" opacity=".8"/>'
        '<path class="f-tint" d="M300 40v80L195 225h-80z"/>',
        '<rect class="f-primary" width="300" height="225"/>'
        '<g class="s-on-primary" fill="none" stroke-width="2" opacity=".35">'
        '<circle cx="150" cy="112" r="66"/><circle cx="150" cy="112" r="92"/>'
        '<circle cx="150" cy="112" r="120"/></g>',
        '<rect class="f-tint" width="300" height="225"/>'
        f'<g class="f-primary" opacity=".35">{_dots(22, 24, 5, 3, 16)}</g>'
        '<rect class="f-accent" x="196" y="120" width="84" height="84" rx="18" '
        'transform="rotate(12 238 162)" opacity=".85"/>',
    ]
    circle, stroke = ("f-primary", "s-on-primary") if kind == 1 else ("f-bg", "s-primary")
    return mark_safe(  # noqa: S308 - constants, numbers and an escaped label only
        f'<svg class="art art-tile" viewBox="0 0 300 225" width="300" height="225" '
        f'preserveAspectRatio="xMidYMid slice" {_labelled(label)}>{backgrounds[kind]}'
        f'<circle class="{circle}" cx="150" cy="112" r="50"/>'
        f'<g class="{stroke}" fill="none" stroke-width="1.6" stroke-linecap="round" '
        f'stroke-linejoin="round" transform="translate(120 82) scale(2.5)">{glyph}</g></svg>'
    )


def avatar(name: str) -> SafeString:
    """A decorative circle with a person's initials (the name is written beside it)."""
    letters = "".join(word[0] for word in re.findall(r"[^\W\d_]+", name)[:2]).upper() or "•"
    return format_html(
        '<svg class="avatar" viewBox="0 0 80 80" width="80" height="80" aria-hidden="true" '
        'focusable="false"><circle class="f-tint" cx="40" cy="40" r="40"/>'
        '<text class="f-primary" x="40" y="40" dy=".35em" text-anchor="middle" '
        'font-size="28" font-weight="700">{}</text></svg>',
        letters,
    )


def mark(name: str, *, size: int = 36) -> SafeString:
    """The site's logo mark: its initial on a rounded square (decorative in the header)."""
    initial = _initial(name)
    letter = (
        format_html(
            '<text class="f-on-primary" x="32" y="32" dy=".35em" text-anchor="middle" '
            'font-size="34" font-weight="700">{}</text>',
            initial,
        )
        if initial
        else '<circle class="f-on-primary" cx="32" cy="32" r="12"/>'
    )
    return mark_safe(  # noqa: S308 - numbers, constants and an escaped letter only
        f'<svg class="mark" viewBox="0 0 64 64" width="{size}" height="{size}" '
        f'aria-hidden="true" focusable="false"><rect class="f-primary" width="64" height="64" '
        f'rx="16"/>{letter}</svg>'
    )


def favicon(name: str, *, primary: str, on_primary: str) -> str:
    """favicon.svg: the logo mark with literal colours (a favicon has no stylesheet)."""
    initial = _initial(name)
    letter = (
        f'<text x="32" y="32" dy=".35em" text-anchor="middle" font-family="system-ui, '
        f'sans-serif" font-size="36" font-weight="700" fill="{on_primary}">'
        f"{escape(initial)}</text>"
        if initial
        else f'<circle cx="32" cy="32" r="12" fill="{on_primary}"/>'
    )
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">'
        f'<rect width="64" height="64" rx="16" fill="{primary}"/>{letter}</svg>\n'
    )


def _initial(name: str) -> str:
    for ch in name:
        if ch.isalnum():
            return ch.upper()
    return ""
