"""An article's text with every extracted fact highlighted by kind, rendered by spaCy's displaCy (offline HTML)."""

from __future__ import annotations

import html
import sqlite3
from dataclasses import dataclass

from extractors.overlap import resolve_overlaps
from pipeline.datasette_plugins.display import fact_title


@dataclass(frozen=True)
class FactKind:
    """One kind of fact: its table, the label shown on the highlight and the highlight's colour."""

    table: str
    label: str
    english: str
    color: str


# In the order of preference when two facts of different kinds overlap (earlier wins on equal spans).
FACT_KINDS = (
    FactKind("legal_citations", "VĂN BẢN", "legal document", "#f6c343"),
    FactKind("money", "TIỀN", "money", "#7fd38a"),
    FactKind("counts", "SỐ LƯỢNG", "count", "#8fc6f0"),
    FactKind("percents", "TỈ LỆ", "percent", "#c7b2f0"),
    FactKind("measures", "ĐO LƯỜNG", "measure", "#f0b48f"),
    FactKind("organization_mentions", "TỔ CHỨC", "organization", "#f29bb8"),
    FactKind("location_mentions", "ĐỊA DANH", "place", "#b8d98f"),
)


@dataclass(frozen=True)
class Highlight:
    """A fact's span in the article's text, the label of its kind and its normalized value (shown on hover)."""

    start: int
    end: int
    label: str
    title: str = ""


def _table_exists(conn: sqlite3.Connection, table: str) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [table]).fetchone() is not None


def article_highlights(conn: sqlite3.Connection, article_id: int, text_length: int) -> list[Highlight]:
    """The facts of one article as non-overlapping highlights (the longest wins, as in extraction)."""
    found = []
    for kind in FACT_KINDS:
        if not _table_exists(conn, kind.table):
            continue
        sql = f"SELECT f.* FROM [{kind.table}] f WHERE f.article_id = ? ORDER BY f.start"
        if kind.table == "organization_mentions" and _table_exists(conn, "organizations"):
            sql = ("SELECT f.*, o.name FROM organization_mentions f LEFT JOIN organizations o ON o.id = f.organization_id "
                   "WHERE f.article_id = ? ORDER BY f.start")
        cursor = conn.execute(sql, [article_id])
        names = [column[0] for column in cursor.description]
        for values in cursor.fetchall():
            row = dict(zip(names, values))
            if 0 <= row["start"] < row["end"] <= text_length:
                found.append(Highlight(row["start"], row["end"], kind.label, fact_title(kind.table, row)))
    return resolve_overlaps(found)


def legend_html() -> str:
    """The colour key of the highlights, in Vietnamese and English."""
    items = "".join(
        f'<span class="danvan-legend-item" style="background: {kind.color}">{html.escape(kind.label)}'
        f' <small>{html.escape(kind.english)}</small></span>'
        for kind in FACT_KINDS
    )
    return f'<p class="danvan-legend">{items}</p>'


def render_evidence(text: str, highlights: list[Highlight], title: str | None = None) -> str:
    """HTML of *text* with the highlights marked, by displaCy's entity renderer (inline styles, no assets)."""
    from spacy import displacy

    document = {
        "text": text,
        "ents": [{"start": h.start, "end": h.end, "label": h.label} for h in highlights],
        "title": title,
    }
    colors = {kind.label: kind.color for kind in FACT_KINDS}
    rendered = displacy.render(document, style="ent", manual=True, page=False, jupyter=False,
                               options={"colors": colors})
    # displaCy marks the entities in the order given (text order): give each mark its fact's normalized value.
    mark = '<mark class="entity"'
    pieces = rendered.split(mark)
    if len(pieces) != len(highlights) + 1:
        return rendered
    titled = [pieces[0]]
    for highlight, piece in zip(highlights, pieces[1:]):
        attribute = f' title="{html.escape(highlight.title)}"' if highlight.title else ""
        titled.append(mark + attribute + piece)
    return "".join(titled)


def copies_html(conn: sqlite3.Connection, article_id: int, link=lambda other_id: str(other_id)) -> str:
    """The same article on other sites (rows of the same content), each linked by *link* (article id → URL)."""
    if "duplicate_of" not in {row[1] for row in conn.execute("PRAGMA table_info(articles)")}:
        return ""
    copies = conn.execute(
        "SELECT o.id, o.site, o.duplicate_of IS NULL FROM articles a JOIN articles o "
        "ON o.content_sha256 = a.content_sha256 AND o.id != a.id WHERE a.id = ? ORDER BY o.id", [article_id]).fetchall()
    if not copies:
        return ""
    items = ", ".join(f'<a href="{html.escape(link(other_id))}">{html.escape(site or "?")}</a>'
                      + (" (bản đầu tiên / first copy)" if first else "") for other_id, site, first in copies)
    return f'<p class="danvan-copies">Cùng bài trên trang khác / the same article on other sites: {items}</p>'


def article_evidence_html(conn: sqlite3.Connection, article_id: int, link=lambda other_id: str(other_id)) -> str | None:
    """The highlighted text of article *article_id* with its legend and its copies on other sites (linked by
    *link*), or None when there is no such article."""
    row = conn.execute("SELECT text FROM articles WHERE id = ?", [article_id]).fetchone()
    if row is None:
        return None
    text = row[0]
    highlights = article_highlights(conn, article_id, len(text))
    counts = {}
    for highlight in highlights:
        counts[highlight.label] = counts.get(highlight.label, 0) + 1
    summary = ", ".join(f"{label}: {n}" for label, n in counts.items()) or "không có dữ kiện / no facts"
    return (
        f'<section class="danvan-evidence" id="evidence" data-facts="{len(highlights)}">'
        f"<h2>Văn bản và dữ kiện / Text with extracted facts</h2>{copies_html(conn, article_id, link)}{legend_html()}"
        f'<p class="danvan-evidence-summary">{html.escape(summary)}</p>'
        f"{render_evidence(text, highlights)}</section>"
    )


def sentence_with_fact_html(sentence: str, sentence_start: int, start: int, end: int, title: str = "") -> str:
    """A fact's sentence with the fact marked (for the ``sentence`` column of the fact tables); *title*, the
    fact's normalized value, is shown when the pointer rests on the mark."""
    left, right = start - sentence_start, end - sentence_start
    if not (0 <= left <= right <= len(sentence)):
        return html.escape(sentence)
    title_attribute = f' title="{html.escape(title)}"' if title else ""
    return (html.escape(sentence[:left]) + f'<mark class="danvan-fact"{title_attribute}>'
            + html.escape(sentence[left:right]) + "</mark>" + html.escape(sentence[right:]))
