"""articles.charts: buckets, scales, layout and SVG markup, tested without a database."""

import xml.etree.ElementTree as ET
from datetime import date, datetime

import pytest
from django.utils.safestring import SafeString

from articles import charts
from articles.charts import Partner

SVG = "{http://www.w3.org/2000/svg}"


def parse(markup: str) -> ET.Element:
    """The markup as XML: proves it is well formed, and gives back the text as a reader sees it."""
    return ET.fromstring(markup)


def parse_partners(markup: str) -> tuple[ET.Element, list[ET.Element]]:
    """The picture and the links laid over it."""
    frame = parse(markup)
    assert frame.tag == "div" and frame.get("class") == "chart-frame"
    return frame.find(f"{SVG}svg"), frame.findall("ol/li/a")


def months(*pairs: tuple[int, int, int]) -> list[tuple[date, int]]:
    return [(date(year, month, 1), count) for year, month, count in pairs]


# Buckets


def test_empty_months_between_stories_count_zero():
    timeline = charts.time_buckets(months((2024, 1, 2), (2024, 4, 1)))
    assert timeline.unit == charts.MONTH
    assert [(b.label, b.count) for b in timeline.buckets] == [
        ("Jan 2024", 2),
        ("Feb 2024", 0),
        ("Mar 2024", 0),
        ("Apr 2024", 1),
    ]
    assert timeline.total == 3


def test_months_may_come_in_any_order_repeated_or_as_datetimes():
    timeline = charts.time_buckets(
        [
            (date(2024, 3, 1), 1),
            (datetime(2024, 1, 1, 0, 0), 2),
            (date(2024, 3, 17), 4),
            (date(2024, 2, 1), 0),
        ]
    )
    assert [b.count for b in timeline.buckets] == [2, 0, 5]
    assert timeline.first_month == date(2024, 1, 1)
    assert timeline.last_month == date(2024, 3, 1)


def test_a_year_crosses_december_without_gaps():
    timeline = charts.time_buckets(months((2023, 11, 1), (2024, 2, 1)))
    assert [b.long_label for b in timeline.buckets] == [
        "November 2023",
        "December 2023",
        "January 2024",
        "February 2024",
    ]


def test_two_years_stay_monthly_and_longer_spans_merge_into_quarters():
    two_years = charts.time_buckets(months((2023, 1, 1), (2024, 12, 1)))
    assert two_years.unit == charts.MONTH
    assert len(two_years.buckets) == 24

    longer = charts.time_buckets(months((2023, 1, 1), (2025, 1, 3), (2024, 8, 2)))
    assert longer.unit == charts.QUARTER
    assert longer.buckets[0].label == "Q1 2023"
    assert longer.buckets[0].long_label == "January–March 2023"
    assert longer.buckets[-1].label == "Q1 2025"
    q3_2024 = next(b for b in longer.buckets if b.label == "Q3 2024")
    assert q3_2024.count == 2
    assert q3_2024.long_label == "July–September 2024"
    assert longer.total == 6


def test_spans_too_long_for_quarters_are_counted_by_year():
    timeline = charts.time_buckets(months((2015, 6, 1), (2015, 7, 1), (2024, 2, 4)))
    assert timeline.unit == charts.YEAR
    assert [b.label for b in timeline.buckets] == [str(y) for y in range(2015, 2025)]
    assert timeline.buckets[0].count == 2
    assert timeline.buckets[-1].count == 4
    assert sum(b.count for b in timeline.buckets[1:-1]) == 0


@pytest.mark.parametrize("limit", [1, 6, 24])
def test_there_are_never_more_buckets_than_asked_for_unless_counting_years(limit):
    timeline = charts.time_buckets(months((2020, 1, 1), (2021, 12, 1)), max_buckets=limit)
    assert len(timeline.buckets) <= max(limit, 2)


def test_no_dated_stories_make_an_empty_timeline():
    timeline = charts.time_buckets([])
    assert timeline.buckets == ()
    assert timeline.total == 0
    assert timeline.peak is None
    assert charts.describe_timeline(timeline) == "No dated stories."
    assert charts.time_buckets(months((2024, 1, 0))).buckets == ()


# Scales


@pytest.mark.parametrize(
    ("peak", "scale"),
    [
        (0, (1, 1)),
        (1, (1, 1)),
        (5, (5, 1)),
        (6, (6, 2)),
        (7, (8, 2)),
        (23, (25, 5)),
        (120, (150, 50)),
    ],
)
def test_count_axes_end_on_a_round_number(peak, scale):
    assert charts.nice_scale(peak) == scale


def test_every_scale_covers_its_peak_in_at_most_five_round_steps():
    for peak in range(0, 3000):
        top, step = charts.nice_scale(peak)
        assert top >= peak
        assert top % step == 0 and 1 <= top // step <= 5
        digits = str(step).rstrip("0")
        assert digits in {"1", "2", "5"}, step


# Layout


def test_columns_rise_in_proportion_from_one_baseline():
    timeline = charts.time_buckets(months((2024, 1, 4), (2024, 2, 0), (2024, 3, 2)))
    chart = charts.column_chart(timeline)
    first, empty, third = chart.columns
    assert first.y == chart.top and first.y + first.height == chart.bottom
    assert empty.height == 0
    assert third.height == pytest.approx(first.height / 2)
    for column in chart.columns:
        assert chart.left <= column.x and column.x + column.width <= chart.right
    assert [t.label for t in chart.y_ticks] == ["0", "1", "2", "3", "4"]
    assert third.title == "March 2024: 2 stories"


def test_axis_labels_are_thinned_and_stay_inside_the_picture():
    timeline = charts.time_buckets(months((2023, 1, 1), (2024, 12, 1)))
    chart = charts.column_chart(timeline, max_labels=4)
    assert 1 < len(chart.x_ticks) <= 4
    for tick in chart.x_ticks:
        half = charts.text_width(tick.label) / 2
        assert tick.position - half >= 0 and tick.position + half <= chart.width
    assert chart.value_labels is False  # 24 columns leave no room to print counts


def test_a_single_month_is_one_moderate_column_with_its_count():
    chart = charts.column_chart(charts.time_buckets(months((2024, 5, 1))))
    (column,) = chart.columns
    assert column.width <= 44
    assert chart.value_labels is True


def test_partner_bars_share_one_scale_and_fit_with_their_counts():
    partners = [
        Partner("Baku", "place", "/entities/baku/", 12),
        Partner("Kyrgyzstan", "country", "/entities/kyrgyzstan/", 3),
    ]
    chart = charts.row_chart(partners)
    longest, shorter = chart.rows
    assert shorter.bar_width == pytest.approx(longest.bar_width / 4)
    assert longest.bar_width + charts.text_width("12") <= chart.width
    assert chart.height == 2 * chart.row_height
    assert chart.row_height >= 44


def test_long_names_are_shortened_in_the_picture_only():
    name = "Conference of the Parties to the United Nations Framework Convention"
    chart = charts.row_chart(
        [Partner(name, "event", "/entities/cop/", 1), Partner("Baku", "place", "/b/", 1)]
    )
    row, short = chart.rows
    assert row.label.endswith("…") and name.startswith(row.label[:-1])
    kind = charts.text_width("event", charts.SMALL_SIZE)
    assert charts.text_width(row.label, charts.NAME_SIZE) + kind + 10 <= chart.width
    assert short.label == "Baku"
    svg, (link,) = parse_partners(
        charts.render_partners([Partner(name, "event", "/e/", 1)], id_prefix="p", title="t")
    )
    assert svg.find(f"{SVG}g/{SVG}text").text == row.label
    assert "".join(link.itertext()) == f"{name} (event): 1 story shared"


# Markup


def test_the_timeline_is_a_named_image_of_its_nonempty_columns():
    timeline = charts.time_buckets(months((2024, 1, 3), (2024, 3, 1)))
    markup = charts.render_timeline(timeline, id_prefix="tl", title="Stories per month")
    assert isinstance(markup, SafeString)
    svg = parse(markup)
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "tl-title tl-desc"
    assert svg.get("width") == "100%" and svg.get("viewBox") == "0 0 360 200"
    assert svg.find(f"{SVG}title").get("id") == "tl-title"
    assert svg.find(f"{SVG}title").text == "Stories per month"
    assert svg.find(f"{SVG}desc").get("id") == "tl-desc"
    assert svg.find(f"{SVG}desc").text == (
        "4 stories from January 2024 to March 2024, counted by month. "
        "The most in one month: 3, in January 2024."
    )
    bars = svg.findall(f"{SVG}rect")
    assert [bar.find(f"{SVG}title").text for bar in bars] == [
        "January 2024: 3 stories",
        "March 2024: 1 story",
    ]


def test_a_tie_for_the_busiest_bucket_is_described_as_a_tie():
    timeline = charts.time_buckets(months((2024, 1, 2), (2024, 2, 2)))
    assert timeline.peak is None
    assert charts.describe_timeline(timeline).endswith("At most 2 stories in any one month.")
    single = charts.time_buckets(months((2024, 2, 1)))
    assert charts.describe_timeline(single) == "1 story in February 2024, counted by month."


def test_names_are_escaped_everywhere_they_appear():
    evil = '<script>alert("x")</script> & Co'
    timeline = charts.time_buckets(months((2024, 1, 1)))
    markups = [
        charts.render_timeline(timeline, id_prefix='"><script>', title=evil),
        charts.render_partners(
            [Partner(evil, "<b>", '/entities/x/" onclick="alert(1)', 2)],
            id_prefix="p",
            title=evil,
        ),
    ]
    for markup in markups:
        assert "<script" not in markup and "<b>" not in markup
        assert 'onclick="' not in markup
    # Still well formed, and the text round-trips.
    assert parse(markups[0]).find(f"{SVG}title").text == evil
    svg, (link,) = parse_partners(markups[1])
    assert svg.find(f"{SVG}title").text == evil
    assert svg.find(f"{SVG}g/{SVG}text").text.startswith("<script>")
    assert link.get("href") == '/entities/x/" onclick="alert(1)'
    assert "".join(link.itertext()).startswith(evil)


def test_each_partner_row_has_a_named_link_outside_the_picture():
    partners = [
        Partner("Baku", "place", "/entities/baku/", 3),
        Partner("Sahiba Gafarova", "person", "/entities/sahiba-gafarova/", 1),
    ]
    markup = charts.render_partners(partners, id_prefix="with", title="Appears with")
    svg, links = parse_partners(markup)
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "with-title with-desc"
    # Nothing focusable inside the image: the links are a list beside it, one per row.
    assert svg.find(f".//{SVG}a") is None and "tabindex" not in markup
    assert [a.get("href") for a in links] == ["/entities/baku/", "/entities/sahiba-gafarova/"]
    assert ["".join(a.itertext()) for a in links] == [
        "Baku (place): 3 stories shared",
        "Sahiba Gafarova (person): 1 story shared",
    ]
    rows = svg.findall(f"{SVG}g")
    assert len(rows) == len(links)
    bars = [row.find(f"{SVG}rect") for row in rows]
    assert [b.get("class") for b in bars] == [
        "chart__bar chart__bar--place",
        "chart__bar chart__bar--person",
    ]
    assert svg.find(f"{SVG}desc").text == (
        "2 entities by stories shared; most often Baku, in 3 stories."
    )


def test_numbers_in_markup_are_short():
    assert charts.num(14.399999999999999) == "14.4"
    assert charts.num(174.0) == "174"
    assert charts.num(0.005) == "0.01"
