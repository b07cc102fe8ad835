"""Charts of the dataset (citations over time, money by year) drawn on the server by matplotlib as inline SVG: no JavaScript, no CDN.

Every chart spans the page's width, puts every year from the first to the last of its data on the x axis
(a year without data is an empty slot, not a missing one), and says what it counts. Counts get whole-number
ticks. Money spans many orders of magnitude (10 triệu beside 1.500 tỷ), so its axis is logarithmic, and the
bars far above the others are labelled with their amount and listed under the chart with a link to their rows.

Each chart takes the sites it shows (``sites``): none is every site, an article published on several sites
counted once (its first copy, ``articles.duplicate_of``); given sites, their own rows. ``compare`` draws one
series per site instead (every site of the data when none is given), each counting its own rows.
"""

from __future__ import annotations

import html
import io
import math
import re
import sqlite3
from dataclasses import dataclass
from urllib.parse import urlencode

from pipeline.datasette_plugins.display import grouped

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

FIGURE_INCHES = (12.0, 4.8)      # drawn at the page's width (width="100%"): this sets the proportions and text size
OUTLIER_FACTOR = 30              # a bar more than 30 times the median bar is labelled and listed with a link
# Amounts on the money axis, in the words a Vietnamese reader uses (đồng).
MONEY_SCALES = ((10 ** 9, "tỷ"), (10 ** 6, "triệu"), (10 ** 3, "nghìn"), (1, ""))


@dataclass(frozen=True)
class Series:
    """One set of bars of a chart: a name for the legend, a colour, per x label a (low, high) bar or None, and the
    key that names it in a link (a money qualifier, a document key)."""

    name: str
    color: str
    bars: tuple[tuple[float, float] | None, ...]
    key: str = ""


@dataclass(frozen=True)
class BarChart:
    """A grouped bar chart over years: x labels, series of bars, the y axis' title, and how to read it.

    ``integer`` asks for whole-number ticks (counts); ``money`` for a logarithmic axis read in đồng, with the
    bars far above the others labelled; ``caption`` says what is summed; ``link`` (a URL with ``{x}`` and
    ``{key}``) leads from a labelled bar to its rows.
    """

    title: str
    x_labels: tuple[str, ...]
    series: tuple[Series, ...]
    y_title: str
    y_divisor: float = 1.0
    integer: bool = False
    money: bool = False
    caption: str = ""
    link: str = ""
    unit: str = "đồng"

    def svg(self) -> str:
        return bar_chart_svg(self)


@dataclass(frozen=True)
class Outlier:
    """A bar far above the others: where it is, what it shows, and the link to its rows."""

    x_label: str
    series: str
    value: float
    href: str


def money_words(value: float) -> str:
    """An amount of đồng as read aloud: ``1.512 tỷ``, ``150 triệu``, ``500 nghìn``, ``0``."""
    if value == 0:
        return "0"
    for size, word in MONEY_SCALES:
        if abs(value) >= size:
            amount = value / size
            text = grouped(round(amount, 1 if amount < 10 else 0))
            return f"{text} {word}".strip()
    return grouped(value)


def outliers(chart: BarChart) -> list[Outlier]:
    """The bars whose top is more than OUTLIER_FACTOR times the median top (with at least 4 bars), highest first."""
    tops = sorted(bar[1] for s in chart.series for bar in s.bars if bar and bar[1] > 0)
    if len(tops) < 4:
        return []
    middle = len(tops) // 2
    median = tops[middle] if len(tops) % 2 else (tops[middle - 1] + tops[middle]) / 2
    found = []
    for s in chart.series:
        for label, bar in zip(chart.x_labels, s.bars):
            if bar and bar[1] > OUTLIER_FACTOR * median:
                href = chart.link.format(x=label, key=s.key) if chart.link else ""
                found.append(Outlier(label, s.name, bar[1], href))
    return sorted(found, key=lambda o: -o.value)


def _empty_svg(chart: BarChart) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="danvan-chart" role="img" viewBox="0 0 860 120"'
            f' width="100%" font-family="sans-serif" font-size="13"><title>{html.escape(chart.title)}</title>'
            f'<text x="10" y="20" font-weight="bold">{html.escape(chart.title)}</text>'
            '<text x="430" y="70" text-anchor="middle">Chưa có dữ liệu / no data yet</text></svg>')


def bar_chart_svg(chart: BarChart) -> str:
    """The chart as an inline SVG element at the page's width, its legend, and the list of its labelled bars."""
    if not chart.x_labels or not any(bar and bar[1] > 0 for s in chart.series for bar in s.bars):
        return _empty_svg(chart)
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure
    from matplotlib.ticker import FixedLocator, FuncFormatter, MaxNLocator, NullLocator

    flagged = outliers(chart) if chart.money else []
    flagged_at = {(o.x_label, o.series) for o in flagged}
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "danvan", "font.size": 11,
                                "font.family": "sans-serif"}):
        figure = Figure(figsize=FIGURE_INCHES)
        axes = figure.add_axes((0.075, 0.12, 0.91, 0.68))
        n = max(len(chart.series), 1)
        width = 0.84 / n
        tops = [bar[1] / chart.y_divisor for s in chart.series for bar in s.bars if bar and bar[1] > 0]
        lows = [v / chart.y_divisor for s in chart.series for bar in s.bars if bar for v in bar if v > 0]
        floor = 10 ** math.floor(math.log10(min(lows))) if chart.money else 0
        bars = []   # (gid, tooltip, outlier?)
        for j, s in enumerate(chart.series):
            for i, (label, bar) in enumerate(zip(chart.x_labels, s.bars)):
                if not bar or bar[1] <= 0:
                    continue
                low, high = bar[0] / chart.y_divisor, bar[1] / chart.y_divisor
                bottom = max(low, floor) if chart.money else low
                x = i - 0.42 + width * (j + 0.5)
                [patch] = axes.bar([x], [high - bottom], bottom=[bottom], width=width * 0.92, color=s.color)
                gid = f"danvan-bar-{len(bars)}"
                patch.set_gid(gid)
                amount = (f"{money_words(bar[0])}–{money_words(bar[1])} {chart.unit}" if chart.money and bar[0]
                          else f"{money_words(bar[1])} {chart.unit}" if chart.money
                          else (f"{grouped(low)}–{grouped(high)}" if bar[0] else grouped(high)))
                bars.append((gid, f"{s.name} {label}: {amount}", (label, s.name) in flagged_at))
                if (label, s.name) in flagged_at:
                    axes.annotate(f"{money_words(bar[1])} ↑", (x, high), xytext=(0, 3), textcoords="offset points",
                                  ha="center", va="bottom", fontsize=9, fontweight="bold", color="#212529")
        axes.set_xticks(range(len(chart.x_labels)), chart.x_labels)
        axes.set_xlim(-0.6, len(chart.x_labels) - 0.4)
        axes.set_ylabel(chart.y_title)
        axes.set_title(chart.title, loc="left", fontsize=13, fontweight="bold", pad=36 if chart.caption else 8)
        if chart.caption:
            axes.text(0, 1.02, chart.caption, transform=axes.transAxes, fontsize=9.5, color="#495057", va="bottom")
        if chart.money:
            axes.set_yscale("log")
            decades = range(int(math.log10(floor)), int(math.ceil(math.log10(max(tops) * 1.6))) + 1)
            axes.set_ylim(floor, 10 ** max(decades[-1], int(math.log10(floor)) + 1))
            axes.yaxis.set_major_locator(FixedLocator([10.0 ** d for d in decades]))
            axes.yaxis.set_minor_locator(NullLocator())
            axes.yaxis.set_major_formatter(FuncFormatter(lambda v, _: money_words(v * chart.y_divisor)))
        else:
            axes.set_ylim(0, max(tops) * 1.08)
            axes.yaxis.set_major_locator(MaxNLocator(integer=chart.integer, min_n_ticks=3))
            axes.yaxis.set_major_formatter(FuncFormatter(lambda v, _: grouped(v)))
        axes.grid(axis="y", color="#dee2e6", linewidth=0.8)
        axes.set_axisbelow(True)
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    return _inline(buffer.getvalue(), chart, bars) + _legend(chart) + _outlier_list(flagged, chart.unit)


def _inline(svg: str, chart: BarChart, bars: list[tuple[str, str, bool]]) -> str:
    """matplotlib's SVG file as an element for the page: at the page's width, titled, each bar classed and titled."""
    svg = svg[svg.index("<svg"):]
    svg = re.sub(r'<svg([^>]*?) width="[^"]*" height="[^"]*"',
                 r'<svg\1 width="100%" class="danvan-chart" role="img"', svg, count=1)
    svg = svg.replace(">", f"><title>{html.escape(chart.title)}</title>", 1)
    for gid, tooltip, outlier in bars:
        css = "danvan-bar danvan-outlier" if outlier else "danvan-bar"
        svg = svg.replace(f'<g id="{gid}">', f'<g id="{gid}" class="{css}"><title>{html.escape(tooltip)}</title>', 1)
    return svg


def _legend(chart: BarChart) -> str:
    items = "".join(f'<span class="danvan-legend-item"><span class="danvan-swatch" style="background:{s.color}">'
                    f"</span>{html.escape(s.name)}</span>" for s in chart.series)
    return f'<p class="danvan-legend">{items}</p>'


def _outlier_list(flagged: list[Outlier], unit: str) -> str:
    if not flagged:
        return ""
    items = "".join(
        f'<li>{html.escape(o.x_label)} · {html.escape(o.series)}: <b>{html.escape(money_words(o.value))} {html.escape(unit)}</b>'
        + (f' — <a href="{html.escape(o.href)}">các khoản tiền / the amounts</a>' if o.href else "") + "</li>"
        for o in flagged)
    return ('<div class="danvan-outliers"><p>Cột vượt xa các cột khác (hơn 30 lần cột trung vị), ghi số trên biểu đồ / '
            f"bars far above the others (over 30 times the median bar), labelled on the chart:</p><ul>{items}</ul></div>")


def site_scope(sites: tuple[str, ...] | list[str], alias: str) -> tuple[str, list]:
    """The SQL condition (and its parameters) keeping the fact rows (table *alias*) of *sites*: every site, each
    article once, when none is given."""
    if not sites:
        return f"{alias}.article_id NOT IN (SELECT id FROM articles WHERE duplicate_of IS NOT NULL)", []
    return f"{alias}.site IN ({', '.join('?' * len(sites))})", list(sites)


def compared_sites(conn: sqlite3.Connection, sites: tuple[str, ...] | list[str]) -> list[str]:
    """The sites a comparison draws: those given, else every site holding an article."""
    if sites:
        return list(dict.fromkeys(sites))
    return [row[0] for row in conn.execute("SELECT DISTINCT site FROM articles WHERE site IS NOT NULL ORDER BY site")]


def _site_series(conn, sites, sql: str, params: list) -> tuple[tuple[str, ...], tuple[Series, ...]]:
    """Per site and year a (low, high) bar, from *sql* returning (site, year, low, high) rows: x labels, series."""
    names = compared_sites(conn, sites)
    bars: dict[tuple[str, int], tuple[float, float]] = {}
    for site, year, low, high in conn.execute(sql, params):
        if site in names and high:
            bars[(site, year)] = (low or 0, high)
    years = _year_labels({year for _, year in bars})
    series = tuple(Series(site, SERIES_COLORS[i % len(SERIES_COLORS)],
                          tuple(bars.get((site, year)) for year in years), site) for i, site in enumerate(names))
    return tuple(str(y) for y in years), series


def _sites_words(sites) -> str:
    """What a chart's title adds for the sites it shows (nothing for every site)."""
    return f" — {', '.join(sites)}" if sites else ""


def _year_labels(years: set[int]) -> tuple[int, ...]:
    """Every year from the first to the last (a year without data keeps its place)."""
    return tuple(range(min(years), max(years) + 1)) if years else ()


def citations_chart(conn: sqlite3.Connection, document_key: str | None = None, top: int = 6,
                    sites: tuple[str, ...] = (), compare: bool = False) -> BarChart:
    """Citations per year of one document, or of the *top* most cited documents; compared: of the document (or of
    every document) on each site."""
    caption = ("Mỗi lần một bài viết nhắc đến văn bản, theo năm đăng bài.\n"
               "Each mention of the document in an article, by the year the article was published.")
    if compare:
        where, params = ("c.document_key = ?", [document_key]) if document_key else ("c.document_key IS NOT NULL", [])
        x_labels, series = _site_series(conn, sites, "SELECT c.site, c.year, 0, count(*) FROM legal_citations c "
                                        f"WHERE {where} AND c.year IS NOT NULL GROUP BY c.site, c.year", params)
        what = document_key or "mọi văn bản / every document"
        return BarChart(f"Số lần trích dẫn {what} theo năm và trang / citations per year and site", x_labels, series,
                        "lần trích dẫn / citations", integer=True, caption=caption)
    scope, scope_params = site_scope(sites, "c")
    if document_key:
        keys = [document_key]
    else:
        keys = [row[0] for row in conn.execute(
            "SELECT document_key FROM legal_citations c WHERE document_key IS NOT NULL AND year IS NOT NULL "
            f"AND {scope} GROUP BY document_key ORDER BY count(*) DESC, document_key LIMIT ?", [*scope_params, top])]
    counts: dict[tuple[str, int], int] = {}
    if keys:
        marks = ", ".join("?" * len(keys))
        for key, year, n in conn.execute(
            f"SELECT document_key, year, count(*) FROM legal_citations c WHERE document_key IN ({marks}) "
            f"AND year IS NOT NULL AND {scope} GROUP BY document_key, year", [*keys, *scope_params]):
            counts[(key, year)] = n
    first, last = conn.execute("SELECT min(year), max(year) FROM legal_citations c WHERE document_key IS NOT NULL "
                               f"AND {scope}", scope_params).fetchone()
    years = _year_labels({year for _, year in counts} | ({first, last} if first is not None else set()))
    series = tuple(
        Series(key, SERIES_COLORS[i % len(SERIES_COLORS)],
               tuple((0, counts[(key, year)]) if (key, year) in counts else None for year in years), key)
        for i, key in enumerate(keys)
    )
    title = (f"Số lần trích dẫn {document_key} theo năm / citations per year" if document_key
             else "Văn bản được trích dẫn nhiều nhất, theo năm / most cited documents per year") + _sites_words(sites)
    return BarChart(title, tuple(str(y) for y in years), series, "lần trích dẫn / citations",
                    integer=True, caption=caption)


def money_chart(conn: sqlite3.Connection, currency: str = "VND", link: str = "", sites: tuple[str, ...] = (),
                compare: bool = False, qualifier: str = "exact") -> BarChart:
    """Money mentioned per year, one bar per qualifier (ranges drawn from the sum of lows to the sum of highs);
    compared: one bar per site, for one *qualifier*.

    Amounts with different qualifiers are never added together, and rates (``per`` set, e.g.
    ``5.000đ/hội viên/tháng``) are left out. *link*, the path of the money table, makes the labelled bars
    lead to their rows.
    """
    unit = "đồng (thang logarit / log scale)" if currency == "VND" else f"{currency} (log scale)"
    if compare:
        return _money_by_site(conn, currency, link, sites, qualifier, unit)
    scope, scope_params = site_scope(sites, "m")
    sums: dict[tuple[int, str], tuple[float, float]] = {}
    for year, qualifier, value, low, high in conn.execute(
        "SELECT year, qualifier, sum(value), sum(low), sum(coalesce(high, value)) FROM money m "
        f"WHERE currency = ? AND per IS NULL AND year IS NOT NULL AND {scope} GROUP BY year, qualifier",
        [currency, *scope_params]):
        sums[(year, qualifier)] = (low or 0, high) if qualifier == "range" else (0, value or 0)
    years = _year_labels({year for year, _ in sums})
    present = {qualifier for _, qualifier in sums}
    known = [q for q, _, _ in QUALIFIERS]
    series = [Series(legend, color, tuple(sums.get((year, q)) for year in years), q)
              for q, legend, color in QUALIFIERS if q in present]
    series += [Series(q, "#868e96", tuple(sums.get((year, q)) for year in years), q)
               for q in sorted(present - set(known), key=str)]
    caption = (f"Tổng các khoản tiền {currency} nêu trong bài, theo năm đăng bài và loại ước lượng (không cộng lẫn các loại); "
               "không tính định mức (…/hội viên/tháng).\n"
               f"Sum of the {currency} amounts mentioned by year published, one bar per qualifier (never added across); "
               "rates left out; ranges: lows–highs.")
    href = ""
    if link:
        href = link + "?" + urlencode({"currency": currency, "per__isnull": "1", **_one_site(sites)}) \
            + "&year={x}&qualifier={key}&_sort_desc=value"
    return BarChart(f"Tiền theo năm và loại ước lượng / money by year and qualifier ({currency})" + _sites_words(sites),
                    tuple(str(y) for y in years), tuple(series), unit, money=True, caption=caption, link=href,
                    unit="đồng" if currency == "VND" else currency)


def _one_site(sites) -> dict:
    return {"site": sites[0]} if len(sites) == 1 else {}


def _money_by_site(conn, currency: str, link: str, sites, qualifier: str, unit: str) -> BarChart:
    """The money chart compared: the amounts of one qualifier, one bar per site and year."""
    x_labels, series = _site_series(
        conn, sites, "SELECT site, year, sum(coalesce(low, value)), sum(coalesce(high, value)) FROM money "
        "WHERE currency = ? AND per IS NULL AND qualifier = ? AND year IS NOT NULL GROUP BY site, year",
        [currency, qualifier])
    if qualifier != "range":
        series = tuple(Series(s.name, s.color, tuple(bar and (0, bar[1]) for bar in s.bars), s.key) for s in series)
    legend = dict((q, text) for q, text, _color in QUALIFIERS).get(qualifier, qualifier)
    caption = (f"Tổng các khoản tiền {currency} ({legend}) nêu trong bài, theo năm đăng bài và trang; không tính định mức.\n"
               f"Sum of the {currency} amounts ({legend}) mentioned, by year published and site; rates left out.")
    href = (link + "?" + urlencode({"currency": currency, "per__isnull": "1", "qualifier": qualifier})
            + "&year={x}&site={key}&_sort_desc=value") if link else ""
    return BarChart(f"Tiền theo năm và trang — {legend} / money by year and site ({currency})", x_labels, series,
                    unit, money=True, caption=caption, link=href, unit="đồng" if currency == "VND" else currency)


def activity_money_chart(conn: sqlite3.Connection, currency: str = "VND", qualifier: str = "exact",
                         top: int = 6, sites: tuple[str, ...] = (), compare: bool = False) -> BarChart:
    """Money mobilized and given (activities ``mobilize`` and ``give``) per year, one bar per organization;
    compared: one bar per site (every organization together).

    The query ``money_by_organization_place_year`` in a picture: one qualifier at a time (never added across
    qualifiers; a range is drawn from the sum of lows to the sum of highs), rates left out, the *top*
    organizations by amount; acts the text names no organization for are the series "(không rõ / unnamed)".
    """
    legend = dict((q, text) for q, text, _color in QUALIFIERS).get(qualifier, qualifier)
    unit = "đồng (thang logarit / log scale)" if currency == "VND" else f"{currency} (log scale)"
    joined = ("FROM activities a JOIN activity_money l ON l.activity_id = a.id JOIN money m ON m.id = l.money_id "
              "LEFT JOIN organizations o ON o.id = a.organization_id "
              "WHERE a.action IN ('mobilize', 'give') AND m.per IS NULL AND m.currency = ? AND m.qualifier = ? "
              "AND a.year IS NOT NULL")
    if compare:
        x_labels, series = _site_series(conn, sites, "SELECT a.site, a.year, sum(coalesce(m.low, m.value)), "
                                        f"sum(coalesce(m.high, m.value)) {joined} GROUP BY a.site, a.year",
                                        [currency, qualifier])
        if qualifier != "range":
            series = tuple(Series(s.name, s.color, tuple(bar and (0, bar[1]) for bar in s.bars), s.key) for s in series)
        caption = (f"Tổng các khoản tiền {currency} ({legend}) của các hoạt động vận động và hỗ trợ, trao tặng, theo trang "
                   f"và năm; không tính định mức.\nSum of the {currency} amounts ({legend}) linked to activities of "
                   "mobilizing and giving, by site and year; rates left out.")
        return BarChart(f"Tiền vận động và trao tặng theo trang, năm — {legend} / money mobilized and given by site "
                        f"and year ({currency})", x_labels, series, unit, money=True, caption=caption,
                        unit="đồng" if currency == "VND" else currency)
    scope, scope_params = site_scope(sites, "a")
    sums: dict[tuple[str, int], tuple[float, float]] = {}
    for name, year, low, high in conn.execute(
        "SELECT coalesce(o.name, ''), a.year, sum(coalesce(m.low, m.value)), sum(coalesce(m.high, m.value)) "
        f"{joined} AND {scope} GROUP BY o.name, a.year", [currency, qualifier, *scope_params]):
        sums[(name, year)] = (low or 0, high or 0) if qualifier == "range" else (0, high or 0)
    totals: dict[str, float] = {}
    for (name, _year), (_low, high) in sums.items():
        totals[name] = totals.get(name, 0) + high
    names = sorted(totals, key=lambda n: (-totals[n], n))[:top]
    years = _year_labels({year for name, year in sums if name in names})
    series = tuple(
        Series(name or "(không rõ / unnamed)", SERIES_COLORS[i % len(SERIES_COLORS)],
               tuple(sums.get((name, year)) for year in years))
        for i, name in enumerate(names)
    )
    caption = (f"Tổng các khoản tiền {currency} ({legend}) mà các hoạt động vận động, quyên góp, ủng hộ và hỗ trợ, trao tặng "
               "nêu trong bài, theo tổ chức thực hiện và năm; không tính định mức.\n"
               f"Sum of the {currency} amounts ({legend}) linked to activities of mobilizing and giving, by acting "
               "organization and year; rates left out.")
    return BarChart(f"Tiền vận động và trao tặng theo tổ chức, năm — {legend} / money mobilized and given by "
                    f"organization and year ({currency})" + _sites_words(sites), tuple(str(y) for y in years), series,
                    unit, money=True, caption=caption, unit="đồng" if currency == "VND" else currency)
