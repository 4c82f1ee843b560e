"""Score history as a line chart: series of 0..100 scores over time turned into SVG
coordinates (axes, ticks, lines, point markers) that a template draws inline.

No JavaScript and no chart library: the page is rendered on the server, readable without
colour (every line has its own marker and dash pattern and a legend entry with its latest
value), and comes with a table of the same numbers for screen readers and for anyone who
prefers one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone
from django.utils.dateformat import format as date_format

# The health score first, then the five categories, each with a marker and a dash pattern
# of its own (the chart never relies on colour alone).
STYLES: dict[str, tuple[str, str]] = {
    "health": ("circle", ""),
    "performance": ("square", "6 3"),
    "accessibility": ("triangle", "2 3"),
    "best-practices": ("diamond", "8 3 2 3"),
    "seo": ("ring", "4 4"),
    "security": ("cross", "1 5"),
}
Y_TICKS = (0, 25, 50, 75, 100)
MAX_X_TICKS = 5


@dataclass(frozen=True)
class Series:
    """One line: a value (or None: no measurement) for each moment of the chart."""

    key: str
    label: str
    values: Sequence[int | None]


@dataclass(frozen=True)
class Tick:
    position: float  # x for the time axis, y for the score axis
    label: str


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    value: int
    when: datetime
    marker: str  # SVG path data of the point's marker


@dataclass
class Line:
    key: str
    label: str
    marker_kind: str
    dash: str
    points: list[Point]
    path: str  # SVG path data through the points, broken where a value is missing
    latest: int | None
    legend_marker: str  # the marker at the legend's own little canvas (0..16)


@dataclass
class Chart:
    title: str
    desc: str
    width: int
    height: int
    left: float
    top: float
    right: float
    bottom: float
    y_ticks: list[Tick]
    x_ticks: list[Tick]
    lines: list[Line]
    moments: list[datetime]
    rows: list[tuple[str, datetime, list[int | None]]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not any(line.points for line in self.lines)

    @property
    def plot_width(self) -> float:
        return self.right - self.left

    @property
    def plot_height(self) -> float:
        return self.bottom - self.top

    @property
    def y_label_x(self) -> float:
        """Where the score axis's labels end (right-aligned, left of the axis)."""
        return self.left - 8

    @property
    def x_label_y(self) -> float:
        """The baseline of the time axis's labels."""
        return self.bottom + 20

    @property
    def tick_end(self) -> float:
        return self.bottom + 5


def _round(value: float) -> float:
    return round(value, 1)


def marker_path(kind: str, x: float, y: float, r: float = 4.5) -> str:
    """SVG path data of a marker centred on (x, y)."""
    if kind in ("circle", "ring"):
        inner = r * 0.45 if kind == "ring" else 0
        outer = f"M{_round(x - r)} {_round(y)}a{r} {r} 0 1 0 {2 * r} 0a{r} {r} 0 1 0 {-2 * r} 0Z"
        if not inner:
            return outer
        # A ring is a circle with a hole (even-odd fill rule in the template).
        hole = (
            f"M{_round(x - inner)} {_round(y)}a{_round(inner)} {_round(inner)} 0 1 1 "
            f"{_round(2 * inner)} 0a{_round(inner)} {_round(inner)} 0 1 1 "
            f"{_round(-2 * inner)} 0Z"
        )
        return outer + hole
    if kind == "square":
        s = r * 0.85
        return f"M{_round(x - s)} {_round(y - s)}h{_round(2 * s)}v{_round(2 * s)}h{_round(-2 * s)}Z"
    if kind == "triangle":
        h = r * 1.1
        return (
            f"M{_round(x)} {_round(y - h)}L{_round(x + h)} {_round(y + h * 0.8)}"
            f"L{_round(x - h)} {_round(y + h * 0.8)}Z"
        )
    if kind == "diamond":
        d = r * 1.15
        return (
            f"M{_round(x)} {_round(y - d)}L{_round(x + d)} {_round(y)}"
            f"L{_round(x)} {_round(y + d)}L{_round(x - d)} {_round(y)}Z"
        )
    if kind == "cross":
        a, b = r * 1.0, r * 0.35
        # A plus sign as one closed outline.
        return (
            f"M{_round(x - b)} {_round(y - a)}h{_round(2 * b)}v{_round(a - b)}h{_round(a - b)}"
            f"v{_round(2 * b)}h{_round(b - a)}v{_round(a - b)}h{_round(-2 * b)}v{_round(b - a)}"
            f"h{_round(b - a)}v{_round(-2 * b)}h{_round(a - b)}Z"
        )
    raise ValueError(f"Unknown marker {kind!r}.")


def _local(moment: datetime) -> datetime:
    return timezone.localtime(moment) if timezone.is_aware(moment) else moment


def _date_words(moment: datetime) -> str:
    return date_format(_local(moment), "j M Y, H:i")


def _x_label(moment: datetime, span_seconds: float) -> str:
    local = _local(moment)
    if span_seconds >= 2 * 86400:
        return date_format(local, "j M")
    return date_format(local, "H:i")


def _tick_indexes(count: int, most: int) -> list[int]:
    if count <= most:
        return list(range(count))
    step = (count - 1) / (most - 1)
    return sorted({round(i * step) for i in range(most)})


def line_chart(
    moments: Sequence[datetime],
    series: Sequence[Series],
    *,
    title: str,
    row_labels: Sequence[str] | None = None,
    width: int = 560,
    height: int = 280,
    margin: tuple[float, float, float, float] = (14, 24, 40, 44),  # top, right, bottom, left
    max_x_ticks: int = MAX_X_TICKS,
) -> Chart:
    """The chart of `series` over `moments` (oldest first); every series has one value per
    moment. x is proportional to time (one moment, or all at once: the middle); y is the
    score on a fixed 0..100 axis."""
    for one in series:
        if len(one.values) != len(moments):
            raise ValueError(f"{one.key} has {len(one.values)} values for {len(moments)} moments.")
    top, right_margin, bottom_margin, left = margin
    right, bottom = width - right_margin, height - bottom_margin
    plot_w, plot_h = right - left, bottom - top

    stamps = [moment.timestamp() for moment in moments]
    first, last = (min(stamps), max(stamps)) if stamps else (0.0, 0.0)
    span = last - first

    def x_of(stamp: float) -> float:
        if span <= 0:
            return _round(left + plot_w / 2)
        return _round(left + (stamp - first) / span * plot_w)

    def y_of(value: float) -> float:
        return _round(top + (100 - max(0, min(100, value))) / 100 * plot_h)

    lines: list[Line] = []
    for one in series:
        kind, dash = STYLES.get(one.key, ("circle", ""))
        points: list[Point] = []
        segments: list[str] = []
        previous_missing = True
        for moment, stamp, value in zip(moments, stamps, one.values, strict=True):
            if value is None:
                previous_missing = True
                continue
            x, y = x_of(stamp), y_of(value)
            points.append(Point(x, y, int(value), moment, marker_path(kind, x, y)))
            segments.append(f"{'M' if previous_missing else 'L'}{x} {y}")
            previous_missing = False
        lines.append(
            Line(
                key=one.key,
                label=one.label,
                marker_kind=kind,
                dash=dash,
                points=points,
                path="".join(segments),
                latest=points[-1].value if points else None,
                legend_marker=marker_path(kind, 8, 8, 5),
            )
        )

    x_ticks = [
        Tick(x_of(stamps[i]), _x_label(moments[i], span))
        for i in _tick_indexes(len(moments), max_x_ticks)
    ]
    # Two moments closer than a label's width would print over each other: keep the first.
    spaced: list[Tick] = []
    for tick in x_ticks:
        if not spaced or tick.position - spaced[-1].position >= 56:
            spaced.append(tick)
    labels = list(row_labels) if row_labels is not None else ["" for _ in moments]
    return Chart(
        title=title,
        desc=_describe(moments, lines),
        width=width,
        height=height,
        left=left,
        top=top,
        right=right,
        bottom=bottom,
        y_ticks=[Tick(y_of(value), str(value)) for value in Y_TICKS],
        x_ticks=spaced,
        lines=lines,
        moments=list(moments),
        rows=[
            (labels[i], moments[i], [one.values[i] for one in series]) for i in range(len(moments))
        ],
    )


def _describe(moments: Sequence[datetime], lines: list[Line]) -> str:
    """What the chart shows, in a sentence per line, for screen readers."""
    if not any(line.points for line in lines):
        return "No scores yet."
    parts = []
    for line in lines:
        if not line.points:
            parts.append(f"{line.label}: no score yet.")
            continue
        start, end = line.points[0], line.points[-1]
        if len(line.points) == 1:
            parts.append(f"{line.label}: {end.value} on {_date_words(end.when)}.")
        else:
            low = min(point.value for point in line.points)
            high = max(point.value for point in line.points)
            parts.append(
                f"{line.label}: from {start.value} on {_date_words(start.when)} to "
                f"{end.value} on {_date_words(end.when)} (lowest {low}, highest {high})."
            )
    count = len(moments)
    return f"{count} measurement{'s' if count != 1 else ''}. " + " ".join(parts)


def trend(current: int | None, previous: int | None) -> int | None:
    """The change of a score since the previous measurement (None: nothing to compare)."""
    if current is None or previous is None:
        return None
    return current - previous
