"""What each build step produced, in words a customer reads on the build page.

Pure functions of a step's stored output. Outputs come from the database (and, for the AI
steps, from a model), so every reading is defensive: an output of an unexpected shape gives
a plain "Done." instead of an error page.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.formats import date_format

from sites.models import Build, BuildStep
from sites.pipeline.runner import STEP_TITLES

log = logging.getLogger(__name__)

PROVIDERS = {
    "builtin": (
        "Code24's built-in writer (works from Code24's knowledge of business types and "
        "your facts, without a language model)"
    ),
    "workers-ai": "Cloudflare Workers AI",
    "openai": "an OpenAI-compatible model",
}
SHORT_PROVIDERS = {"builtin": "Code24's built-in writer"}
# The parts of a result written in parts (the copy: a page's slug, or the FAQ).
PART_NAMES = {"index": "Home page", "faq and structured data": "FAQ and structured data"}
# What each step is for, shown while it waits or runs.
STEP_PURPOSES = {
    "market_research": "Who your customers are, what they search for, what convinces them.",
    "competitive_analysis": "What your competitors' websites say, and how to stand out.",
    "brand": "Tagline, voice, colours that are easy to read, and type.",
    "design": "The pages of your site and the sections on each.",
    "content": "Every headline, paragraph and call to action, plus search-engine texts.",
    "develop": "The pages themselves: fast, accessible, ready for search engines.",
    "qa": "Checks every page, link, image and colour before anything goes live.",
    "deploy": "Puts the site on Cloudflare's network, as a new version.",
    "activate": "Switches your address on.",
}
HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
STEP_BADGES: dict[str, str] = {
    BuildStep.Status.PENDING: "badge--neutral",
    BuildStep.Status.RUNNING: "badge--info",
    BuildStep.Status.SUCCEEDED: "badge--success",
    BuildStep.Status.FAILED: "badge--danger",
}
BUILD_BADGES: dict[str, str] = {
    Build.Status.QUEUED: "badge--neutral",
    Build.Status.RUNNING: "badge--info",
    Build.Status.SUCCEEDED: "badge--success",
    Build.Status.FAILED: "badge--danger",
}


@dataclass
class Swatch:
    foreground: str
    background: str
    ratio: float
    passes: bool
    usage: str


@dataclass
class PartView:
    """Who wrote one part of a result written in parts (the copy, page by page)."""

    part: str
    made_by: str
    fallback_reason: str = ""


@dataclass
class Summary:
    facts: list[tuple[str, str]] = field(default_factory=list)
    chips_label: str = ""
    chips: list[str] = field(default_factory=list)
    bullets_label: str = ""
    bullets: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    swatches: list[Swatch] = field(default_factory=list)
    made_by: str = ""
    fallback_reason: str = ""
    fell_back: bool = False  # the built-in writer made all of it, the model having failed
    parts: list[PartView] = field(default_factory=list)


@dataclass
class Waiting:
    """A step waiting out a passing failure (Cloudflare busy or unreachable), in words."""

    reason: str
    attempt: int
    since: datetime
    since_text: str
    waited: str
    until: datetime | None
    until_text: str
    next_at: datetime | None
    next_text: str
    next_in: str


@dataclass
class StepView:
    """One row of the stepper."""

    step: BuildStep
    number: int
    title: str
    purpose: str
    badge: str
    status_text: str
    duration: str
    waiting: Waiting | None
    summary: Summary | None


def duration_text(seconds: float | None) -> str:
    if seconds is None:
        return ""
    if seconds < 0.1:
        return "under 0.1 s"
    if seconds < 10:
        return f"{max(seconds, 0):.1f} s"
    if seconds < 60:
        return f"{seconds:.0f} s"
    minutes, rest = divmod(round(seconds), 60)
    if minutes < 60:
        return f"{minutes} min {rest} s" if rest else f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes} min"


def step_views(build: Build) -> list[StepView]:
    views = []
    for number, step in enumerate(build.steps.all(), start=1):
        waits = step.is_waiting  # a pending step that failed for a passing reason
        views.append(
            StepView(
                step=step,
                number=number,
                title=STEP_TITLES.get(step.name, step.name.replace("_", " ").capitalize()),
                purpose=STEP_PURPOSES.get(step.name, ""),
                badge="badge--warning" if waits else STEP_BADGES.get(step.status, "badge--neutral"),
                status_text="Waiting to try again" if waits else step.get_status_display(),
                duration="" if waits else duration_text(step.duration),
                waiting=waiting_of(step),
                summary=summarise(step) if step.status == BuildStep.Status.SUCCEEDED else None,
            )
        )
    return views


def waiting_of(step: BuildStep) -> Waiting | None:
    """Why the step waits, since when, and when it is tried next (None if it does not)."""
    in_play = step.status in {BuildStep.Status.PENDING, BuildStep.Status.RUNNING}
    if step.waiting_since is None or not in_play:
        return None
    now = timezone.now()
    attempt = step.attempts if step.is_waiting else max(step.attempts - 1, 1)
    until = step.retry_until
    next_at = step.next_attempt_at if step.is_waiting else None
    left = (next_at - now).total_seconds() if next_at else 0.0
    return Waiting(
        reason=step.error,
        attempt=attempt,
        since=step.waiting_since,
        since_text=_clock(step.waiting_since, now),
        waited=duration_text((now - step.waiting_since).total_seconds()),
        until=until,
        until_text=_clock(until, now) if until else "",
        next_at=next_at,
        next_text=_clock(next_at, now, seconds=True) if next_at else "",
        next_in=f"in {duration_text(left)}" if left >= 1 else "any moment now",
    )


def _clock(moment: datetime, now: datetime, *, seconds: bool = False) -> str:
    """10:06 (today) or 2 Dec, 10:06, in the dashboard's time zone."""
    local, today = timezone.localtime(moment), timezone.localtime(now)
    time_format = "H:i:s" if seconds else "H:i"
    if local.date() == today.date():
        return date_format(local, time_format)
    return date_format(local, f"j M, {time_format}")


def summarise(step: BuildStep) -> Summary:
    output = step.output if isinstance(step.output, dict) else {}
    reader = _READERS.get(step.name)
    summary = Summary()
    try:
        if reader is not None:
            reader(output, summary)
    except (KeyError, TypeError, ValueError, AttributeError):
        log.warning("step %s of build %s: output of an unexpected shape", step.pk, step.build_id)
        summary = Summary()
    provider = output.get("provider")
    if isinstance(provider, str) and provider:
        summary.made_by = _made_by(provider, output.get("model"))
        reason = output.get("fallback_reason")
        summary.fallback_reason = reason if isinstance(reason, str) else ""
        summary.fell_back = provider == "builtin" and bool(summary.fallback_reason)
        parts = output.get("parts")
        for part in parts if isinstance(parts, list) else []:
            if not isinstance(part, dict):
                continue
            name = str(part.get("part") or "")
            who = str(part.get("provider") or "")
            reason = part.get("fallback_reason")
            summary.parts.append(
                PartView(
                    part=PART_NAMES.get(name) or name.replace("-", " ").capitalize(),
                    made_by=_made_by(who, part.get("model"), short=True),
                    fallback_reason=reason if isinstance(reason, str) else "",
                )
            )
    return summary


def _made_by(provider: str, model: object, *, short: bool = False) -> str:
    name = (SHORT_PROVIDERS if short else {}).get(provider) or PROVIDERS.get(provider, provider)
    return f"{name} ({model})" if model and provider != "builtin" else name


# --- One reader per step ----------------------------------------------------------------


def _value(output: dict[str, Any]) -> dict[str, Any]:
    value = output.get("value")
    if not isinstance(value, dict):
        raise TypeError("no value")
    return value


def _strings(items: Any, limit: int) -> list[str]:
    return [str(item) for item in list(items or [])[:limit] if str(item).strip()]


def _market_research(output: dict[str, Any], summary: Summary) -> None:
    value = _value(output)
    summary.chips_label = "Top keywords"
    summary.chips = _strings(value.get("keywords"), 8)
    segments = [s["name"] for s in value.get("audience_segments", []) if s.get("name")]
    if segments:
        summary.facts.append(("Customer segments", ", ".join(segments[:5])))
    signals = _strings(value.get("trust_signals"), 3)
    if signals:
        summary.facts.append(("Trust signals", ", ".join(signals)))


def _competitive_analysis(output: dict[str, Any], summary: Summary) -> None:
    value = _value(output)
    competitors = value.get("competitors") or []
    read = [c for c in competitors if c.get("ok")]
    if competitors:
        summary.facts.append(("Competitors read", f"{len(read)} of {len(competitors)}"))
    else:
        summary.facts.append(("Competitors", "None given: insights come from the market research"))
    for competitor in competitors:
        if not competitor.get("ok"):
            reason = competitor.get("error") or "it did not answer"
            summary.problems.append(
                f"{competitor.get('url', 'A website')} could not be read: {reason}"
            )
    summary.bullets_label = "Opportunities"
    summary.bullets = _strings(value.get("opportunities"), 4)


def _brand(output: dict[str, Any], summary: Summary) -> None:
    value = _value(output)
    if value.get("tagline"):
        summary.facts.append(("Tagline", str(value["tagline"])))
    voice = _strings(value.get("voice"), 4)
    if voice:
        summary.facts.append(("Voice", ", ".join(voice)))
    fonts = [
        str(value.get(k, "")).split(",")[0].strip("\"' ") for k in ("heading_font", "body_font")
    ]
    if all(fonts):
        summary.facts.append(("Type", f"{fonts[0]} for headings, {fonts[1]} for text"))
    for pair in value.get("contrast") or []:
        foreground, background = pair.get("foreground", ""), pair.get("background", "")
        if HEX_COLOUR.match(foreground) and HEX_COLOUR.match(background):
            summary.swatches.append(
                Swatch(
                    foreground=foreground,
                    background=background,
                    ratio=round(float(pair.get("ratio", 0)), 1),
                    passes=bool(pair.get("passes_aa")),
                    usage=str(pair.get("usage", "")).replace("_", " "),
                )
            )


def _design(output: dict[str, Any], summary: Summary) -> None:
    value = _value(output)
    summary.chips_label = "Pages"
    summary.chips = [str(page.get("nav_label") or page.get("slug")) for page in value["pages"]]
    if value.get("primary_cta_label"):
        summary.facts.append(("Main call to action", str(value["primary_cta_label"])))
    if value.get("layout"):
        summary.facts.append(("Layout", str(value["layout"]).capitalize()))


def _content(output: dict[str, Any], summary: Summary) -> None:
    value = _value(output)
    summary.bullets_label = "Page titles"
    summary.bullets = [str(page.get("h1") or page.get("meta_title")) for page in value["pages"]]
    faq = value.get("faq") or []
    if faq:
        summary.facts.append(("Questions answered", str(len(faq))))


def _develop(output: dict[str, Any], summary: Summary) -> None:
    files = output["files"]
    pages = output.get("pages") or [p for p in files if str(p).endswith(".html")]
    total = int(output.get("total_bytes") or sum(int(e["bytes"]) for e in files.values()))
    summary.facts.append(("Files", f"{len(files)} files, {filesizeformat(total)} in all"))
    summary.facts.append(("Pages", str(len(pages))))


def _qa(output: dict[str, Any], summary: Summary) -> None:
    checks = output["checks"]
    passed = [c for c in checks if c.get("passed")]
    summary.facts.append(("Checks passed", f"{len(passed)} of {len(checks)}"))
    summary.chips_label = "Checked"
    summary.chips = [str(c.get("name")) for c in checks[:12]]
    for check in checks:
        if not check.get("passed"):
            details = " ".join(_strings(check.get("details"), 2))
            summary.problems.append(f"{check.get('name')}: {details}")


def _deploy(output: dict[str, Any], summary: Summary) -> None:
    summary.facts.append(("Version", str(output["version"])))
    if output.get("script"):
        summary.facts.append(("Worker", str(output["script"])))


def _activate(output: dict[str, Any], summary: Summary) -> None:
    # The page links the site's address as it is now (it may have moved since), not the
    # one this step recorded.
    when = output.get("next_optimization_at")
    if when:
        moment = datetime.fromisoformat(str(when))
        local = timezone.localtime(moment) if timezone.is_aware(moment) else moment
        summary.facts.append(("First improvement cycle", date_format(local, "j M Y, H:i")))


_READERS = {
    "market_research": _market_research,
    "competitive_analysis": _competitive_analysis,
    "brand": _brand,
    "design": _design,
    "content": _content,
    "develop": _develop,
    "qa": _qa,
    "deploy": _deploy,
    "activate": _activate,
}
