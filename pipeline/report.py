"""Run reports: Markdown and HTML under DATA_DIR/reports/, with PNG charts of the dataset."""

from __future__ import annotations

import html
import json
import logging
import sqlite3
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class RunReport:
    """What one run did: its record, what was new, facts by kind, errors and health problems."""

    run_id: str
    command: str
    status: str
    started_at: str
    finished_at: str
    stats: dict = field(default_factory=dict)
    new_articles: list[dict] = field(default_factory=list)  # {title, url, published_on}
    problems: list[str] = field(default_factory=list)


def _rows(db_path: Path | None, sql: str) -> list[tuple]:
    if not db_path or not Path(db_path).exists():
        return []
    from pipeline.db import connect_read_only

    try:
        with closing(connect_read_only(db_path)) as conn:
            return conn.execute(sql).fetchall()
    except sqlite3.Error:
        return []


def articles_per_month(db_path: Path | None) -> list[tuple[str, int]]:
    return _rows(db_path, "select substr(published_on, 1, 7) as month, count(*) from articles "
                          "where published_on is not null group by month order by month")


def every_month(counts: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """Monthly counts with the months between the first and the last filled in with 0 (a true time axis)."""
    known = {month: n for month, n in counts if month and len(month) == 7}
    if not known:
        return []
    year, month = map(int, min(known).split("-"))
    last, filled = max(known), []
    while True:
        key = f"{year:04d}-{month:02d}"
        filled.append((key, known.get(key, 0)))
        if key >= last:
            return filled
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def articles_per_site_month(db_path: Path | None) -> dict[str, list[tuple[str, int]]]:
    """site → [(month, articles)], every month between the dataset's first and last filled in."""
    rows = _rows(db_path, "select coalesce(site, '?'), substr(published_on, 1, 7) as month, count(*) from articles "
                          "where published_on is not null group by 1, 2 order by 1, 2")
    months = [m for m, _ in every_month([(m, n) for _, m, n in rows])]
    by_site: dict[str, dict[str, int]] = {}
    for site, month, n in rows:
        by_site.setdefault(site, {})[month] = n
    return {site: [(m, counts.get(m, 0)) for m in months] for site, counts in sorted(by_site.items())}


def _sites_chart(path: Path, series: dict[str, list[tuple[str, int]]]) -> Path | None:
    """Articles per month, one stacked colour per site."""
    if not series:
        return None
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    logging.getLogger("matplotlib").setLevel(logging.WARNING)
    labels = [m for m, _ in next(iter(series.values()))]
    fig, ax = plt.subplots(figsize=(8, 3.6), dpi=100)
    try:
        positions = list(range(len(labels)))
        bottom = [0] * len(labels)
        for site, counts in series.items():
            values = [n for _, n in counts]
            ax.bar(positions, values, bottom=bottom, label=site)
            bottom = [b + v for b, v in zip(bottom, values)]
        step = max(1, len(labels) // 12)
        ax.set_xticks(positions[::step], labels[::step], rotation=45, ha="right", fontsize=8)
        ax.legend(fontsize=8)
        ax.set_title("Articles per site per month")
        fig.tight_layout()
        fig.savefig(path)
    finally:
        plt.close(fig)
    return path


SITE_COLUMNS = ("requests", "failed_requests", "new_articles", "updated_articles", "health", "published")


def _site_rows(stats: dict) -> list[tuple[str, dict]]:
    return sorted((stats.get("sites") or {}).items())


def most_cited(db_path: Path | None, limit: int = 10) -> list[tuple[str, int]]:
    return _rows(db_path, "select document_key, count(*) as n from legal_citations where document_key is not null "
                          f"group by document_key order by n desc, document_key limit {int(limit)}")


def _bar_chart(path: Path, labels: list[str], values: list[int], title: str, horizontal: bool = False) -> Path | None:
    if not labels:
        return None
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    logging.getLogger("matplotlib").setLevel(logging.WARNING)   # font cache notes are not news of the run
    from matplotlib.ticker import MaxNLocator

    fig, ax = plt.subplots(figsize=(8, 3.6), dpi=100)
    try:
        positions = list(range(len(labels)))   # bars at positions, labels as ticks: "2020-04" stays a label
        if horizontal:
            ax.barh(positions, values[::-1], color="#8a1c1c")
            ax.set_yticks(positions, labels[::-1], fontsize=8)
        else:
            ax.bar(positions, values, color="#8a1c1c")
            step = max(1, len(labels) // 12)
            ax.set_xticks(positions[::step], labels[::step], rotation=45, ha="right", fontsize=8)
        (ax.xaxis if horizontal else ax.yaxis).set_major_locator(MaxNLocator(integer=True))
        ax.set_title(title)
        fig.tight_layout()
        fig.savefig(path)
    finally:
        plt.close(fig)   # pyplot keeps every open figure: a failed chart must not stay in memory
    return path


def write_report(report: RunReport, reports_dir: Path, db_path: Path | None) -> dict[str, Path]:
    """Write ``<run_id>.md``, ``<run_id>.html`` and the charts; return their paths."""
    reports_dir.mkdir(parents=True, exist_ok=True)
    stem = report.run_id
    months = every_month(articles_per_month(db_path))
    cited = most_cited(db_path)
    charts = {
        "articles_per_month": _bar_chart(reports_dir / f"{stem}-articles-per-month.png",
                                         [m for m, _ in months], [n for _, n in months], "Articles per month"),
        "articles_per_site": _sites_chart(reports_dir / f"{stem}-articles-per-site.png",
                                          articles_per_site_month(db_path)),
        "most_cited": _bar_chart(reports_dir / f"{stem}-most-cited.png",
                                 [k for k, _ in cited], [n for _, n in cited], "Most cited documents", horizontal=True),
    }
    stats = report.stats
    md = [
        f"# danvan {report.command} — run {report.run_id}",
        "",
        f"- status: **{report.status}**",
        f"- started: {report.started_at}; finished: {report.finished_at}",
        f"- requests: {stats.get('requests', 0)}; new articles: {stats.get('new_articles', 0)}; "
        f"updated articles: {stats.get('updated_articles', 0)}",
        "",
    ]
    if report.status == "failed":
        md += ["Nothing was published: the served database is the one of the last run that passed. "
               "What this run fetched stays in the archive; the next run that passes builds it.", ""]
    if report.problems:
        md += ["## Problems", ""] + [f"- {p}" for p in report.problems] + [""]
    sites = _site_rows(stats)
    if sites:
        md += ["## Sites", "", "| site | " + " | ".join(c.replace("_", " ") for c in SITE_COLUMNS) + " |",
               "|---" * (len(SITE_COLUMNS) + 1) + "|"]
        md += [f"| {name} | " + " | ".join(str(row.get(c, "")) for c in SITE_COLUMNS) + " |" for name, row in sites]
        md += [""]
    md += ["## New articles", ""]
    md += [f"- [{a.get('title') or a['url']}]({a['url']}) ({a.get('published_on') or 'no date'})"
           for a in report.new_articles] or ["- none"]
    md += ["", "## Facts added by kind", ""]
    facts = stats.get("facts_by_kind") or {}
    md += [f"- {kind}: {n}" for kind, n in facts.items()] or ["- none"]
    md += ["", "## Errors by reason", ""]
    errors = stats.get("errors_by_reason") or {}
    md += [f"- {reason}: {n}" for reason, n in errors.items()] or ["- none"]
    md += ["", "## Charts (the whole dataset served after the run)", ""]
    md += [f"![{name}]({p.name})" for name, p in charts.items() if p] or ["(no data yet)"]
    md += ["", "## Statistics", "", "```json", json.dumps(stats, ensure_ascii=False, indent=1), "```", ""]
    md_path = reports_dir / f"{stem}.md"
    md_path.write_text("\n".join(md), encoding="utf-8")

    esc = html.escape
    body = [f"<h1>danvan {esc(report.command)} — run {esc(report.run_id)}</h1>",
            f"<p>Status: <strong class='{esc(report.status)}'>{esc(report.status)}</strong>. "
            f"Started {esc(report.started_at)}, finished {esc(report.finished_at)}.</p>"]
    if report.status == "failed":
        body += ["<p>Nothing was published: the served database is the one of the last run that passed. "
                 "What this run fetched stays in the archive; the next run that passes builds it.</p>"]
    if report.problems:
        body += ["<h2>Problems</h2><ul>"] + [f"<li>{esc(p)}</li>" for p in report.problems] + ["</ul>"]
    if sites:
        body += ["<h2>Sites</h2><table><tr><th>site</th>"
                 + "".join(f"<th>{esc(c.replace('_', ' '))}</th>" for c in SITE_COLUMNS) + "</tr>"]
        body += ["<tr><td>" + esc(name) + "</td>" + "".join(f"<td>{esc(str(row.get(c, '')))}</td>"
                                                            for c in SITE_COLUMNS) + "</tr>" for name, row in sites]
        body += ["</table>"]
    body += ["<h2>New articles</h2><ul>"]
    body += [f"<li><a href='{esc(a['url'])}'>{esc(a.get('title') or a['url'])}</a> "
             f"({esc(a.get('published_on') or 'no date')})</li>" for a in report.new_articles] or ["<li>none</li>"]
    body += ["</ul><h2>Facts added by kind</h2><ul>"]
    body += [f"<li>{esc(k)}: {n}</li>" for k, n in facts.items()] or ["<li>none</li>"]
    body += ["</ul><h2>Errors by reason</h2><ul>"]
    body += [f"<li>{esc(k)}: {n}</li>" for k, n in errors.items()] or ["<li>none</li>"]
    body += ["</ul><h2>Charts (the whole dataset served after the run)</h2>"]
    body += [f"<img src='{esc(p.name)}' alt='{esc(name)}'>" for name, p in charts.items() if p] or ["<p>(no data yet)</p>"]
    body += ["<h2>Statistics</h2>", f"<pre>{esc(json.dumps(stats, ensure_ascii=False, indent=1))}</pre>"]
    page = ("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
            f"<title>danvan run {esc(report.run_id)}</title><style>body{{font-family:sans-serif;max-width:60em;"
            "margin:2em auto}} .failed{{color:#b00}} .ok{{color:#070}} img{{max-width:100%}}</style></head><body>"
            + "\n".join(body) + "</body></html>")
    html_path = reports_dir / f"{stem}.html"
    html_path.write_text(page, encoding="utf-8")
    out = {"markdown": md_path, "html": html_path}
    out.update({name: p for name, p in charts.items() if p})
    return out
