"""The dashboard's preview of a site: where a URL path's file is, and its links rewritten so
a click inside the preview frame stays in the preview (the view is sites.views.site_preview)."""

from __future__ import annotations

import re
from typing import Any

# The preview shows the customer's generated pages inside the dashboard's origin, so they
# must never run a script there: no scripts at all, and the page is sandboxed even when
# opened on its own (a sandbox without allow-scripts; same origin only so styles load).
PREVIEW_CSP = (
    "default-src 'self'; img-src 'self' data:; script-src 'none'; object-src 'none'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'self'; sandbox allow-same-origin"
)
_ROOT_LINKS = re.compile(r"""(\s(?:href|src|action|poster)\s*=\s*["'])/(?!/)""", re.IGNORECASE)
_SRCSETS = re.compile(r"""(\ssrcset\s*=\s*["'])([^"']*)(["'])""", re.IGNORECASE)
_ROOT_CSS_URLS = re.compile(r"""(url\(\s*["']?)/(?!/)""", re.IGNORECASE)
# Script elements (the sites carry only JSON-LD) would not run anyway; dropping them keeps
# the dashboard's console free of "blocked script" errors.
_SCRIPTS = re.compile(r"<script\b[^>]*>.*?</script\s*>", re.IGNORECASE | re.DOTALL)


def preview_headers(response: Any) -> Any:
    """The headers every preview answer carries (the CSP above; never cached elsewhere)."""
    response["Content-Security-Policy"] = PREVIEW_CSP
    response["Cache-Control"] = "private, no-cache"
    response["Referrer-Policy"] = "no-referrer"
    return response


def preview_path(manifest: dict[str, Any], path: str) -> str | None:
    """The file serving a URL path, the way the site's Worker resolves it."""
    path = path.lstrip("/")
    if path == "":
        candidates = ["index.html"]
    elif path.endswith("/"):
        candidates = [f"{path}index.html", f"{path.rstrip('/')}.html"]
    else:
        candidates = [path, f"{path}.html", f"{path}/index.html"]
    return next((c for c in candidates if c in manifest), None)


def preview_rewrite(body: bytes, content_type: str, prefix: str, origin: str) -> bytes:
    """Point links at the preview: "/about" and "<site address>/about" become
    "<prefix>about", so a click inside the frame stays in the preview."""
    if not content_type.startswith(("text/html", "text/css")):
        return body
    text = body.decode("utf-8", errors="replace")
    for absolute in {origin + "/", origin.replace("http://", "https://") + "/"}:
        text = text.replace(f'"{absolute}', f'"{prefix}')
    if content_type.startswith("text/html"):
        text = _SCRIPTS.sub("", text)
        text = _ROOT_LINKS.sub(lambda m: m.group(1) + prefix, text)
        text = _SRCSETS.sub(lambda m: m.group(1) + _srcset(m.group(2), prefix) + m.group(3), text)
    text = _ROOT_CSS_URLS.sub(lambda m: m.group(1) + prefix, text)
    return text.encode()


def _srcset(value: str, prefix: str) -> str:
    """ "/a.webp 480w, /b.webp 960w" with each root-relative address in the preview."""
    candidates = []
    for candidate in value.split(","):
        parts = candidate.strip().split(None, 1)
        if parts and parts[0].startswith("/") and not parts[0].startswith("//"):
            parts[0] = prefix + parts[0][1:]
        candidates.append(" ".join(parts))
    return ", ".join(candidates)
