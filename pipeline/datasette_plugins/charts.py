"""Charts of the dataset (citations over time, money by year) drawn on the server as plain SVG: no JavaScript, no CDN."""

from __future__ import annotations

import html
import math
import sqlite3
from dataclasses import dataclass

# Money qualifiers (DESIGN.md §1) in display order, with their Vietnamese / English legend and colour.
QUALIFIERS = (
    ("exact", "chính xác / exact", "#2b8a3e"),
    ("over", "trên, hơn / over", "#1c7ed6"),
    ("at_least", "ít nhất / at least", "#4dabf7"),
    ("approx", "khoảng / approx.", "#f59f00"),
    ("under", "dưới / under", "#e8590c"),
    ("at_most", "tối đa / at most", "#c2255c"),
    ("range", "từ … đến / range (thấp–cao, low–high)", "#7048e8"),
)
SERIES_COLORS = ("#1c7ed6", "#2b8a3e", "#f59f00", "#c2255c", "#7048e8", "#0b7285", "#e8590c", "#5c940d")

WIDTH, HEIGHT = 720, 300
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 70, 20, 36, 40


@dataclass(frozen=True)
class Series:
    """One set of bars of a chart: a name for the legend, a colour, and per x label a (low, high) bar or None."""

    name: str
    color: str
    bars: tuple[tuple[float, float] | None, ...]


@dataclass(frozen=True)
class BarChart:
    """A grouped bar chart: x labels, series of bars, the y axis' title and its unit divisor."""

    title: str
    x_labels: tuple[str, ...]
    series: tuple[Series, ...]
    y_title: str
    y_divisor: float = 1.0

    def svg(self) -> str:
        return bar_chart_svg(self)


def _nice_step(top: float, ticks: int = 5) -> float:
    raw = top / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * magnitude:
            return factor * magnitude
    return 10 * magnitude


def _number(value: float) -> str:
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return text.replace(",", " ").replace(".", ",")


def bar_chart_svg(chart: BarChart) -> str:
    """The chart as an inline SVG element (its text escaped; readable without styles)."""
    scaled = [[None if bar is None else (bar[0] / chart.y_divisor, bar[1] / chart.y_divisor) for bar in s.bars]
              for s in chart.series]
    top = max([bar[1] for bars in scaled for bar in bars if bar] or [0])
    plot_w = WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    plot_h = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="danvan-chart" role="img" viewBox="0 0 {WIDTH} {HEIGHT}"'
        f' width="{WIDTH}" height="{HEIGHT}" font-family="sans-serif" font-size="11">',
        f"<title>{html.escape(chart.title)}</title>",
        f'<text x="{MARGIN_LEFT}" y="16" font-size="13" font-weight="bold">{html.escape(chart.title)}</text>',
        f'<text x="12" y="{MARGIN_TOP + plot_h / 2}" transform="rotate(-90 12 {MARGIN_TOP + plot_h / 2})"'
        f' text-anchor="middle">{html.escape(chart.y_title)}</text>',
    ]
    if not chart.x_labels or top <= 0:
        parts.append(f'<text x="{WIDTH / 2}" y="{HEIGHT / 2}" text-anchor="middle">'
                     "Chưa có dữ liệu / no data yet</text></svg>")
        return "".join(parts)
    step = _nice_step(top)
    y_max = step * math.ceil(top / step)

    def y(value: float) -> float:
        return MARGIN_TOP + plot_h - value / y_max * plot_h

    tick = 0.0
    while tick <= y_max + step / 2:
        parts.append(f'<line x1="{MARGIN_LEFT}" x2="{WIDTH - MARGIN_RIGHT}" y1="{y(tick):.1f}" y2="{y(tick):.1f}"'
                     ' stroke="#ddd"/>')
        parts.append(f'<text x="{MARGIN_LEFT - 6}" y="{y(tick) + 4:.1f}" text-anchor="end">{_number(tick)}</text>')
        tick += step
    group_w = plot_w / len(chart.x_labels)
    bar_w = max(group_w * 0.8 / max(len(chart.series), 1), 1)
    for i, label in enumerate(chart.x_labels):
        x0 = MARGIN_LEFT + i * group_w + group_w * 0.1
        parts.append(f'<text x="{MARGIN_LEFT + (i + 0.5) * group_w:.1f}" y="{HEIGHT - MARGIN_BOTTOM + 16}"'
                     f' text-anchor="middle">{html.escape(label)}</text>')
        for j, series in enumerate(chart.series):
            bar = scaled[j][i]
            if bar is None:
                continue
            low, high = bar
            parts.append(
                f'<rect class="danvan-bar" x="{x0 + j * bar_w:.1f}" y="{y(high):.1f}" width="{bar_w * 0.92:.1f}"'
                f' height="{max(y(low) - y(high), 1):.1f}" fill="{series.color}">'
                f"<title>{html.escape(series.name)} {html.escape(label)}: "
                f"{_number(low) + '–' if low else ''}{_number(high)}</title></rect>"
            )
    parts.append(f'<line x1="{MARGIN_LEFT}" x2="{WIDTH - MARGIN_RIGHT}" y1="{y(0):.1f}" y2="{y(0):.1f}"'
                 ' stroke="#333"/>')
    parts.append("</svg>")
    legend = "".join(f'<span class="danvan-legend-item"><span class="danvan-swatch" style="background:{s.color}">'
                     f"</span>{html.escape(s.name)}</span>" for s in chart.series)
    return "".join(parts) + f'<p class="danvan-legend">{legend}</p>'


def citations_chart(conn: sqlite3.Connection, document_key: str | None = None, top: int = 6) -> BarChart:
    """Citations per year of one document, or of the *top* most cited documents."""
    if document_key:
        keys = [document_key]
    else:
        keys = [row[0] for row in conn.execute(
            "SELECT document_key FROM legal_citations WHERE document_key IS NOT NULL AND year IS NOT NULL "
            "GROUP BY document_key ORDER BY count(*) DESC, document_key LIMIT ?", [top])]
    counts: dict[tuple[str, int], int] = {}
    if keys:
        marks = ", ".join("?" * len(keys))
        for key, year, n in conn.execute(
            f"SELECT document_key, year, count(*) FROM legal_citations WHERE document_key IN ({marks}) "
            "AND year IS NOT NULL GROUP BY document_key, year", keys):
            counts[(key, year)] = n
    years = sorted({year for _, year in counts})
    series = tuple(
        Series(key, SERIES_COLORS[i % len(SERIES_COLORS)],
               tuple((0, counts[(key, year)]) if (key, year) in counts else None for year in years))
        for i, key in enumerate(keys)
    )
    title = (f"Số lần trích dẫn {document_key} theo năm / citations per year" if document_key
             else "Văn bản được trích dẫn nhiều nhất, theo năm / most cited documents per year")
    return BarChart(title, tuple(str(y) for y in years), series, "lần trích dẫn / citations")


def money_chart(conn: sqlite3.Connection, currency: str = "VND") -> BarChart:
    """Money mentioned per year, one bar per qualifier (ranges drawn from the sum of lows to the sum of highs).

    Amounts with different qualifiers are never added together, and rates (``per`` set, e.g.
    ``5.000đ/hội viên/tháng``) are left out.
    """
    sums: dict[tuple[int, str], tuple[float, float]] = {}
    for year, qualifier, value, low, high in conn.execute(
        "SELECT year, qualifier, sum(value), sum(low), sum(coalesce(high, value)) FROM money "
        "WHERE currency = ? AND per IS NULL AND year IS NOT NULL GROUP BY year, qualifier", [currency]):
        sums[(year, qualifier)] = (low or 0, high) if qualifier == "range" else (0, value or 0)
    years = sorted({year for year, _ in sums})
    present = {qualifier for _, qualifier in sums}
    known = [q for q, _, _ in QUALIFIERS]
    series = [Series(legend, color, tuple(sums.get((year, q)) for year in years))
              for q, legend, color in QUALIFIERS if q in present]
    series += [Series(q, "#868e96", tuple(sums.get((year, q)) for year in years))
               for q in sorted(present - set(known), key=str)]
    unit, divisor = ("tỷ đồng / billion VND", 1e9) if currency == "VND" else (currency, 1.0)
    return BarChart(f"Tiền theo năm và loại ước lượng / money by year and qualifier ({currency})",
                    tuple(str(y) for y in years), tuple(series), unit, divisor)


def activity_money_chart(conn: sqlite3.Connection, currency: str = "VND", qualifier: str = "exact",
                         top: int = 6) -> BarChart:
    """Money mobilized and given (activities ``mobilize`` and ``give``) per year, one bar per organization.

    The query ``money_by_organization_place_year`` in a picture: one qualifier at a time (never added across
    qualifiers; a range is drawn from the sum of lows to the sum of highs), rates left out, the *top*
    organizations by amount; acts the text names no organization for are the series "(không rõ / unnamed)".
    """
    sums: dict[tuple[str, int], tuple[float, float]] = {}
    for name, year, low, high in conn.execute(
        "SELECT coalesce(o.name, ''), a.year, sum(coalesce(m.low, m.value)), sum(coalesce(m.high, m.value)) "
        "FROM activities a JOIN activity_money l ON l.activity_id = a.id JOIN money m ON m.id = l.money_id "
        "LEFT JOIN organizations o ON o.id = a.organization_id "
        "WHERE a.action IN ('mobilize', 'give') AND m.per IS NULL AND m.currency = ? AND m.qualifier = ? "
        "AND a.year IS NOT NULL GROUP BY o.name, a.year", [currency, qualifier]):
        sums[(name, year)] = (low or 0, high or 0) if qualifier == "range" else (0, high or 0)
    totals: dict[str, float] = {}
    for (name, _year), (_low, high) in sums.items():
        totals[name] = totals.get(name, 0) + high
    names = sorted(totals, key=lambda n: (-totals[n], n))[:top]
    years = sorted({year for name, year in sums if name in names})
    series = tuple(
        Series(name or "(không rõ / unnamed)", SERIES_COLORS[i % len(SERIES_COLORS)],
               tuple(sums.get((name, year)) for year in years))
        for i, name in enumerate(names)
    )
    legend = dict((q, text) for q, text, _color in QUALIFIERS).get(qualifier, qualifier)
    unit, divisor = ("tỷ đồng / billion VND", 1e9) if currency == "VND" else (currency, 1.0)
    return BarChart(f"Tiền vận động và trao tặng theo tổ chức, năm — {legend} / money mobilized and given by "
                    f"organization and year ({currency})", tuple(str(y) for y in years), series, unit, divisor)
