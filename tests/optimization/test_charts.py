"""The score chart: coordinates for known series, axes and legend, empty and single-point
series, and the markup a page draws from it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.template.loader import render_to_string

from optimization import charts
from optimization.charts import Series, line_chart, marker_path

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
# width 560, height 280, margins top 14, right 24, bottom 40, left 44:
# plot x from 44 to 536 (492 wide), y from 14 (score 100) to 240 (score 0; 226 high).


def test_points_are_placed_by_time_and_score() -> None:
    moments = [T0, T0 + timedelta(days=1), T0 + timedelta(days=4)]
    chart = line_chart(moments, [Series("health", "Health", [0, 50, 100])], title="t")

    (line,) = chart.lines
    assert [(p.x, p.y) for p in line.points] == [(44.0, 240.0), (167.0, 127.0), (536.0, 14.0)]
    assert line.path == "M44.0 240.0L167.0 127.0L536.0 14.0"
    assert line.latest == 100
    assert (chart.left, chart.right, chart.top, chart.bottom) == (44, 536, 14, 240)


def test_the_score_axis_has_ticks_from_0_to_100_and_the_time_axis_dates() -> None:
    moments = [T0 + timedelta(days=i) for i in range(10)]
    chart = line_chart(moments, [Series("health", "Health", list(range(50, 60)))], title="t")

    assert [(t.label, t.position) for t in chart.y_ticks] == [
        ("0", 240.0),
        ("25", 183.5),
        ("50", 127.0),
        ("75", 70.5),
        ("100", 14.0),
    ]
    assert chart.x_ticks[0].label == "1 Mar"
    assert chart.x_ticks[-1].label == "10 Mar"
    assert 2 <= len(chart.x_ticks) <= charts.MAX_X_TICKS
    # Within a day, the time axis says the time.
    short = line_chart(
        [T0, T0 + timedelta(hours=2)], [Series("health", "Health", [1, 2])], title="t"
    )
    assert [t.label for t in short.x_ticks] == ["12:00", "14:00"]


def test_a_missing_value_breaks_the_line_and_is_no_point() -> None:
    moments = [T0 + timedelta(days=i) for i in range(4)]
    chart = line_chart(moments, [Series("seo", "SEO", [10, None, 30, 40])], title="t")

    (line,) = chart.lines
    assert [p.value for p in line.points] == [10, 30, 40]
    assert line.path.count("M") == 2 and line.path.count("L") == 1


def test_an_empty_series_gives_an_empty_chart_that_says_so() -> None:
    chart = line_chart([], [Series("health", "Health", [])], title="Scores")

    assert chart.empty
    assert chart.lines[0].points == [] and chart.lines[0].path == ""
    assert chart.x_ticks == []
    assert len(chart.y_ticks) == 5
    assert chart.desc == "No scores yet."


def test_a_single_point_sits_in_the_middle() -> None:
    chart = line_chart([T0], [Series("health", "Health", [80])], title="t")

    (point,) = chart.lines[0].points
    assert point.x == 290.0  # 44 + 492 / 2
    assert point.y == pytest.approx(14 + 226 * 0.2)
    assert chart.lines[0].path == f"M290.0 {point.y}"
    assert "Health: 80 on 1 Mar 2026" in chart.desc


def test_series_must_have_a_value_per_moment() -> None:
    with pytest.raises(ValueError, match="2 values for 3 moments"):
        line_chart([T0, T0, T0], [Series("health", "Health", [1, 2])], title="t")


def test_every_line_has_its_own_marker_and_dash() -> None:
    keys = ["health", "performance", "accessibility", "best-practices", "seo", "security"]
    moments = [T0, T0 + timedelta(days=1)]
    chart = line_chart(moments, [Series(k, k, [100, 100]) for k in keys], title="t")

    assert len({line.marker_kind for line in chart.lines}) == 6
    assert len({line.dash for line in chart.lines}) == 6
    for kind in ("circle", "ring", "square", "triangle", "diamond", "cross"):
        assert marker_path(kind, 10, 10).startswith("M")
    with pytest.raises(ValueError):
        marker_path("star", 0, 0)


def test_the_description_names_each_line_from_first_to_last() -> None:
    moments = [T0, T0 + timedelta(days=1), T0 + timedelta(days=2)]
    chart = line_chart(moments, [Series("health", "Health", [70, 60, 90])], title="t")

    assert chart.desc.startswith("3 measurements.")
    assert "Health: from 70 on 1 Mar 2026, 12:00 to 90 on 3 Mar 2026, 12:00" in chart.desc
    assert "(lowest 60, highest 90)" in chart.desc


def test_the_chart_markup_has_a_title_desc_axes_legend_and_a_table() -> None:
    moments = [T0, T0 + timedelta(days=1)]
    chart = line_chart(
        moments,
        [Series("health", "Health", [70, 90]), Series("seo", "SEO", [60, 100])],
        title="Scores <of> Rosie's",
        row_labels=["Cycle 1", "Cycle 2"],
    )
    html = render_to_string(
        "optimization/_chart.html", {"charts": [chart], "chart": chart, "id": "c"}
    )

    assert 'role="img"' in html and "<title" in html and "<desc" in html
    assert "Scores &lt;of&gt; Rosie&#x27;s" in html  # escaped
    assert html.count('class="chart-tick chart-tick--y"') == 5
    assert html.count('class="chart-tick chart-tick--x"') == 2
    assert 'aria-label="Legend"' in html and ">Health<" in html and ">SEO<" in html
    assert "<table" in html and "Cycle 2" in html
    assert chart.rows == [("Cycle 1", moments[0], [70, 60]), ("Cycle 2", moments[1], [90, 100])]
