"""Pictures for the public pages: inline SVG charts drawn on the server, no JavaScript.

Pure functions, tested without a database: counts in, a small geometry out (`Timeline`,
`ColumnChart`, `RowChart`), then markup built with `format_html`, so every name is escaped.
The pages pair each picture with a table of the same data; the SVG itself carries
`role="img"`, a `<title>` and a `<desc>` summing it up for screen readers, and holds nothing
focusable.

Sizes are in viewBox units. The viewBox is narrow (360 units, about a phone's content width)
so the type stays readable when the picture scales down to 320 pixels, and the stylesheet caps
how wide it grows on a desktop.
"""

import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.utils.dateformat import format as format_date
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.text import Truncator
from django.utils.translation import gettext, gettext_lazy, ngettext, pgettext

MONTH, QUARTER, YEAR = "month", "quarter", "year"
MAX_BUCKETS = 24
VIEW_WIDTH = 360
FONT_SIZE = 15  # axis labels and counts
NAME_SIZE = 14  # entity names, bold
SMALL_SIZE = 13  # an entity's kind
# A rough average advance of a character in the UI sans-serif, as a share of the font size;
# enough to keep axis labels apart and inside the picture.
CHAR_WIDTH = 0.6


@dataclass(frozen=True)
class Bucket:
    """One bar of a timeline: a month, quarter or year, and its story count."""

    start: date
    label: str
    long_label: str
    count: int


@dataclass(frozen=True)
class Timeline:
    """Buckets from the first dated story's month to the last one's, empty ones included."""

    unit: str
    buckets: tuple[Bucket, ...]
    first_month: date | None = None
    last_month: date | None = None

    @property
    def total(self) -> int:
        return sum(b.count for b in self.buckets)

    @property
    def peak(self) -> Bucket | None:
        """The bucket with the most stories; None when there are none or several tie."""
        most = max((b.count for b in self.buckets), default=0)
        busiest = [b for b in self.buckets if b.count == most]
        return busiest[0] if most and len(busiest) == 1 else None


def as_month(value: date | datetime) -> date:
    """The first day of the value's month (databases give TruncMonth as a date or datetime)."""
    if isinstance(value, datetime):
        value = value.date()
    return value.replace(day=1)


def month_range(first: date, last: date) -> Iterator[date]:
    """Every first-of-month from `first`'s month to `last`'s, inclusive."""
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        yield date(year, month, 1)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def bucket_start(month: date, unit: str) -> date:
    if unit == YEAR:
        return date(month.year, 1, 1)
    if unit == QUARTER:
        return date(month.year, (month.month - 1) // 3 * 3 + 1, 1)
    return month


def bucket_labels(start: date, unit: str) -> tuple[str, str]:
    """(axis label, table label): ("Mar 2024", "March 2024"), ("Q3 2024", "July–September 2024")."""
    if unit == YEAR:
        return str(start.year), str(start.year)
    if unit == QUARTER:
        quarter = (start.month - 1) // 3 + 1
        end = date(start.year, start.month + 2, 1)
        span = f"{format_date(start, 'F')}–{format_date(end, 'F')} {start.year}"
        # Translators: a quarter of a year on a chart's axis, e.g. "Q3 2024".
        short = pgettext("chart axis", "Q%(quarter)d %(year)d") % {
            "quarter": quarter,
            "year": start.year,
        }
        return short, span
    return format_date(start, "M Y"), format_date(start, "F Y")


def choose_unit(first: date, last: date, max_buckets: int = MAX_BUCKETS) -> str:
    """The finest of month, quarter and year that draws the span in at most `max_buckets` bars."""
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    if months <= max_buckets:
        return MONTH
    quarters = (last.year - first.year) * 4 + (last.month - 1) // 3 - (first.month - 1) // 3 + 1
    return QUARTER if quarters <= max_buckets else YEAR


def time_buckets(
    monthly: Iterable[tuple[date | datetime, int]], max_buckets: int = MAX_BUCKETS
) -> Timeline:
    """Counts per month as a gap-free timeline: empty months count zero, long spans are merged.

    `monthly` is (month, count) in any order, months possibly repeated; zero and negative counts
    are ignored. No months at all gives an empty timeline.
    """
    counts: dict[date, int] = {}
    for month, count in monthly:
        if count > 0:
            key = as_month(month)
            counts[key] = counts.get(key, 0) + count
    if not counts:
        return Timeline(MONTH, ())
    first, last = min(counts), max(counts)
    unit = choose_unit(first, last, max_buckets)
    totals: dict[date, int] = {}
    for month in month_range(first, last):
        start = bucket_start(month, unit)
        totals[start] = totals.get(start, 0) + counts.get(month, 0)
    buckets = tuple(Bucket(start, *bucket_labels(start, unit), n) for start, n in totals.items())
    return Timeline(unit, buckets, first, last)


def nice_scale(peak: int, max_ticks: int = 5) -> tuple[int, int]:
    """(top, step) of a count axis: a step of 1, 2 or 5 times a power of ten, top >= peak.

    At most `max_ticks` gridlines above zero; a peak of zero still gets an axis up to 1.
    """
    peak = max(peak, 1)
    magnitude = 10 ** max(0, math.floor(math.log10(peak)) - 1)
    while True:
        for factor in (1, 2, 5):
            step = factor * magnitude
            if math.ceil(peak / step) <= max_ticks:
                return math.ceil(peak / step) * step, step
        magnitude *= 10


def num(value: float) -> str:
    """A coordinate for markup: at most two decimals, no trailing zeros."""
    return f"{round(value, 2):g}"


def text_width(text: str, font_size: float = FONT_SIZE) -> float:
    return len(text) * font_size * CHAR_WIDTH


def stories(count: int) -> str:
    return ngettext("%(count)d story", "%(count)d stories", count) % {"count": count}


@dataclass(frozen=True)
class Column:
    x: float
    y: float
    width: float
    height: float
    count: int
    title: str


@dataclass(frozen=True)
class Tick:
    position: float
    label: str


@dataclass(frozen=True)
class ColumnChart:
    """A timeline laid out: columns, count gridlines (y) and bucket labels (x), in view units."""

    width: float
    height: float
    left: float
    right: float
    top: float
    bottom: float
    columns: tuple[Column, ...]
    y_ticks: tuple[Tick, ...]
    x_ticks: tuple[Tick, ...]
    value_labels: bool


def column_chart(
    timeline: Timeline,
    *,
    width: float = VIEW_WIDTH,
    height: float = 200,
    max_labels: int = 4,
) -> ColumnChart:
    """Lay out a timeline as columns from a zero baseline, one per bucket, empty ones flat.

    Bucket labels are thinned to at most `max_labels`, evenly spaced from the first, and kept
    inside the picture; counts are printed on the columns when there is room for them.
    """
    top_value, step = nice_scale(max((b.count for b in timeline.buckets), default=0))
    left = 12 + text_width(str(top_value))
    right, top, bottom = width - 10, 18.0, height - 26
    plot_height = bottom - top
    n = max(len(timeline.buckets), 1)
    slot = (right - left) / n
    bar_width = min(slot * 0.72, 44)
    columns = []
    for i, bucket in enumerate(timeline.buckets):
        bar_height = plot_height * bucket.count / top_value
        columns.append(
            Column(
                x=round(left + i * slot + (slot - bar_width) / 2, 2),
                y=round(bottom - bar_height, 2),
                width=round(bar_width, 2),
                height=round(bar_height, 2),
                count=bucket.count,
                title=f"{bucket.long_label}: {stories(bucket.count)}",
            )
        )
    y_ticks = tuple(
        Tick(round(bottom - plot_height * value / top_value, 2), str(value))
        for value in range(0, top_value + 1, step)
    )
    every = max(1, math.ceil(n / max_labels))
    x_ticks = []
    for i in range(0, len(timeline.buckets), every):
        label = timeline.buckets[i].label
        half = text_width(label) / 2
        centre = left + (i + 0.5) * slot
        x_ticks.append(Tick(round(min(max(centre, half + 2), width - half - 2), 2), label))
    widest = max((text_width(str(b.count), FONT_SIZE - 1) for b in timeline.buckets), default=0)
    return ColumnChart(
        width=width,
        height=height,
        left=round(left, 2),
        right=right,
        top=top,
        bottom=bottom,
        columns=tuple(columns),
        y_ticks=y_ticks,
        x_ticks=tuple(x_ticks),
        value_labels=widest + 6 <= slot,  # room for the count and a gap
    )


def describe_timeline(timeline: Timeline) -> str:
    """One sentence a screen reader speaks in place of the timeline."""
    if not timeline.total or timeline.first_month is None or timeline.last_month is None:
        return gettext("No dated stories.")
    first, last = (format_date(m, "F Y") for m in (timeline.first_month, timeline.last_month))
    values = {"stories": stories(timeline.total), "first": first, "last": last}
    text = (SPAN_ONE if first == last else SPAN_MANY)[timeline.unit] % values
    if len(timeline.buckets) > 1:
        if peak := timeline.peak:
            text += " " + PEAK[timeline.unit] % {"count": peak.count, "label": peak.long_label}
        else:
            most = max(b.count for b in timeline.buckets)
            text += " " + AT_MOST[timeline.unit] % {"stories": stories(most)}
    return text


# Whole sentences per unit, as languages inflect "month" differently in each.
SPAN_ONE = {
    MONTH: gettext_lazy("%(stories)s in %(first)s, counted by month."),
    QUARTER: gettext_lazy("%(stories)s in %(first)s, counted by quarter."),
    YEAR: gettext_lazy("%(stories)s in %(first)s, counted by year."),
}
SPAN_MANY = {
    MONTH: gettext_lazy("%(stories)s from %(first)s to %(last)s, counted by month."),
    QUARTER: gettext_lazy("%(stories)s from %(first)s to %(last)s, counted by quarter."),
    YEAR: gettext_lazy("%(stories)s from %(first)s to %(last)s, counted by year."),
}
PEAK = {
    MONTH: gettext_lazy("The most in one month: %(count)d, in %(label)s."),
    QUARTER: gettext_lazy("The most in one quarter: %(count)d, in %(label)s."),
    YEAR: gettext_lazy("The most in one year: %(count)d, in %(label)s."),
}
AT_MOST = {
    MONTH: gettext_lazy("At most %(stories)s in any one month."),
    QUARTER: gettext_lazy("At most %(stories)s in any one quarter."),
    YEAR: gettext_lazy("At most %(stories)s in any one year."),
}


def svg_open(width: float, height: float, id_prefix: str, css_class: str) -> SafeString:
    """The opening tag: scales to its container, named by its own title and description."""
    return format_html(
        '<svg class="chart {cls}" viewBox="0 0 {w} {h}" width="100%" role="img"'
        ' aria-labelledby="{p}-title {p}-desc" focusable="false"'
        ' xmlns="http://www.w3.org/2000/svg">',
        cls=css_class,
        w=num(width),
        h=num(height),
        p=id_prefix,
    )


def render_timeline(timeline: Timeline, *, id_prefix: str, title: str) -> SafeString:
    """The timeline as inline SVG; `id_prefix` keeps its title and description ids unique.

    Colours are given as attributes for readers without the stylesheet; the stylesheet's
    classes override them (dark mode).
    """
    chart = column_chart(timeline)
    small = FONT_SIZE - 1
    grid = format_html_join(
        "",
        '<line class="chart__grid" x1="{x1}" x2="{x2}" y1="{y}" y2="{y}" stroke="#d5dae0"/>'
        '<text class="chart__tick" x="{tx}" y="{y}" text-anchor="end" dominant-baseline="middle"'
        ' font-size="{size}" fill="#4a5360">{label}</text>',
        (
            {
                "x1": num(chart.left),
                "x2": num(chart.right),
                "y": num(t.position),
                "tx": num(chart.left - 6),
                "size": small,
                "label": t.label,
            }
            for t in chart.y_ticks
        ),
    )
    columns = format_html_join(
        "",
        '<rect class="chart__bar" x="{}" y="{}" width="{}" height="{}" fill="#0b5cad">'
        "<title>{}</title></rect>",
        (
            (num(c.x), num(c.y), num(c.width), num(c.height), c.title)
            for c in chart.columns
            if c.count
        ),
    )
    values = SafeString("")
    if chart.value_labels:
        values = format_html_join(
            "",
            '<text class="chart__value" x="{}" y="{}" text-anchor="middle" font-size="{}"'
            ' fill="#1b1f24">{}</text>',
            (
                (num(c.x + c.width / 2), num(c.y - 4), small, c.count)
                for c in chart.columns
                if c.count
            ),
        )
    labels = format_html_join(
        "",
        '<text class="chart__tick" x="{}" y="{}" text-anchor="middle" font-size="{}"'
        ' fill="#4a5360">{}</text>',
        ((num(t.position), num(chart.bottom + 18), small, t.label) for t in chart.x_ticks),
    )
    axis = format_html(
        '<line class="chart__axis" x1="{}" x2="{}" y1="{y}" y2="{y}" stroke="#4a5360"/>',
        num(chart.left),
        num(chart.right),
        y=num(chart.bottom),
    )
    return format_html(
        '{open}<title id="{p}-title">{title}</title><desc id="{p}-desc">{desc}</desc>'
        "{grid}{columns}{axis}{values}{labels}</svg>",
        open=svg_open(chart.width, chart.height, id_prefix, "chart--timeline"),
        p=id_prefix,
        title=title,
        desc=describe_timeline(timeline),
        grid=grid,
        columns=columns,
        axis=axis,
        values=values,
        labels=labels,
    )


@dataclass(frozen=True)
class Partner:
    """An entity another one appears with: its page and the number of stories they share."""

    name: str
    kind: str
    url: str
    count: int


@dataclass(frozen=True)
class Row:
    partner: Partner
    y: float
    bar_width: float
    label: str


@dataclass(frozen=True)
class RowChart:
    width: float
    height: float
    left: float
    row_height: float
    bar_height: float
    rows: tuple[Row, ...]


def fit_label(name: str, room: float, font_size: float = NAME_SIZE) -> str:
    """`name`, shortened with an ellipsis when it would not fit in `room` view units."""
    return Truncator(name).chars(max(int(room / (font_size * CHAR_WIDTH)), 4))


def row_chart(
    partners: Sequence[Partner],
    *,
    width: float = VIEW_WIDTH,
    row_height: float = 48,
) -> RowChart:
    """One row per partner: its name (kind at the right), then a bar as long as its count.

    Bars share one scale whose longest bar leaves room for its count. Names that would run into
    the kind are shortened; the full name stays in the row's link and the table. Rows are
    `row_height` tall so each, being a link, is a comfortable tap target.
    """
    left = 2.0
    count_room = text_width(str(max((p.count for p in partners), default=0))) + 10
    longest = width - left - count_room - 4
    peak = max((p.count for p in partners), default=0) or 1
    rows = tuple(
        Row(
            partner=p,
            y=i * row_height,
            bar_width=round(max(longest * p.count / peak, 2), 2),
            label=fit_label(p.name, width - left * 2 - text_width(p.kind, SMALL_SIZE) - 14),
        )
        for i, p in enumerate(partners)
    )
    return RowChart(
        width=width,
        height=max(len(rows), 1) * row_height,
        left=left,
        row_height=row_height,
        bar_height=12,
        rows=rows,
    )


def render_partners(partners: Sequence[Partner], *, id_prefix: str, title: str) -> SafeString:
    """Entities appearing with another: an SVG of bars, with a link laid over each row.

    The picture is `role="img"` and holds no links (inside an image they would be focus stops
    a screen reader cannot name). The links are an ordinary list stacked over the picture, one
    per row, as tall as its row and named in full (entity, kind, shared stories), so a pointer,
    a finger or the keyboard reaches each entity's page from its bar.
    """
    chart = row_chart(partners)
    rows = format_html_join(
        "",
        '<g class="chart__row">'
        '<text class="chart__name" x="{x}" y="{name_y}" font-size="{size}" fill="#1b1f24">'
        "{name}</text>"
        '<text class="chart__kind" x="{kind_x}" y="{name_y}" text-anchor="end"'
        ' font-size="{kind_size}" fill="#4a5360">{kind}</text>'
        '<rect class="chart__bar chart__bar--{kind}" x="{x}" y="{bar_y}" width="{bar_width}"'
        ' height="{bar_height}" rx="2" fill="#0b5cad"/>'
        '<text class="chart__value" x="{value_x}" y="{value_y}" font-size="{small}"'
        ' fill="#1b1f24">{count}</text></g>',
        (
            {
                "x": num(chart.left),
                "name_y": num(r.y + 19),
                "size": NAME_SIZE,
                "small": FONT_SIZE - 1,
                "kind_x": num(chart.width - chart.left),
                "kind_size": SMALL_SIZE,
                "name": r.label,
                "kind": r.partner.kind,
                "bar_y": num(r.y + 26),
                "bar_width": num(r.bar_width),
                "bar_height": num(chart.bar_height),
                "value_x": num(chart.left + r.bar_width + 6),
                "value_y": num(r.y + 37),
                "count": r.partner.count,
            }
            for r in chart.rows
        ),
    )
    links = format_html_join(
        "",
        '<li><a href="{}"><span class="visually-hidden">{}</span></a></li>',
        (
            (
                p.url,
                gettext("%(name)s (%(kind)s): %(stories)s shared")
                % {"name": p.name, "kind": p.kind, "stories": stories(p.count)},
            )
            for p in partners
        ),
    )
    if partners:
        top = partners[0]
        description = ngettext(
            "%(count)d entity by stories shared; most often %(name)s, in %(stories)s.",
            "%(count)d entities by stories shared; most often %(name)s, in %(stories)s.",
            len(partners),
        ) % {"count": len(partners), "name": top.name, "stories": stories(top.count)}
    else:
        description = gettext("No other entity shares a story.")
    return format_html(
        '<div class="chart-frame">{open}<title id="{p}-title">{title}</title>'
        '<desc id="{p}-desc">{desc}</desc>{rows}</svg>'
        '<ol class="chart-frame__links" aria-label="{title}">{links}</ol></div>',
        open=svg_open(chart.width, chart.height, id_prefix, "chart--partners"),
        p=id_prefix,
        title=title,
        desc=description,
        rows=rows,
        links=links,
    )
