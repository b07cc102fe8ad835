"""The danvan Datasette plugin: diacritics-free search, highlighted evidence on article pages, offline SVG charts.

Loaded with ``datasette --plugins-dir pipeline/datasette_plugins/hooks`` (``danvan serve`` does it).
SQL functions it registers on every connection: ``fold(text)`` (no diacritics, ``đ`` → ``d``, lower
case), ``fts_query(words)`` (the words folded and quoted for ``articles_fts MATCH``), ``fts_phrase(words)``
(the words as one phrase, ranked first) and ``excerpt(text, words)`` (a passage of the original text around
the match, diacritics kept); it also replaces Datasette's ``escape_fts`` so the table search box folds the
query the same way.
"""

from __future__ import annotations

from datasette import hookimpl
from datasette.utils.asgi import Response
from markupsafe import Markup, escape

from extractors.normalize import fold
from pipeline.datasette_plugins import STATIC_DIR
from pipeline.datasette_plugins.charts import QUALIFIERS, activity_money_chart, citations_chart, money_chart
from pipeline.datasette_plugins.display import fact_title, money_currency, money_text
from pipeline.datasette_plugins.evidence import article_evidence_html, sentence_with_fact_html
from pipeline.search import excerpt, fts_query, phrase_query

DEFAULT_DATABASE = "danvan"
CSS_PATH = "/-/danvan/danvan.css"
CHARTS_PATH = "/-/danvan/charts"
EXCERPT_CHARACTERS = 280


def _fold_or_none(text):
    return None if text is None else fold(str(text))


def _match_expression(text):
    """fts_query() for SQL; an empty query becomes the empty phrase, which matches nothing (no error)."""
    return fts_query("" if text is None else str(text)) or '""'


def _phrase_expression(text):
    return phrase_query("" if text is None else str(text)) or '""'


def _excerpt(text, words):
    return excerpt(None if text is None else str(text), None if words is None else str(words))


def _database_name(datasette) -> str:
    config = datasette.plugin_config("danvan") or {}
    return config.get("database", DEFAULT_DATABASE)


@hookimpl(trylast=True)  # after Datasette's own prepare_connection, so our escape_fts replaces its one
def prepare_connection(conn):
    conn.create_function("fold", 1, _fold_or_none, deterministic=True)
    conn.create_function("fts_query", 1, _match_expression, deterministic=True)
    conn.create_function("escape_fts", 1, _match_expression, deterministic=True)
    conn.create_function("fts_phrase", 1, _phrase_expression, deterministic=True)
    conn.create_function("excerpt", 2, _excerpt, deterministic=True)


@hookimpl
def prepare_jinja2_environment(env):
    env.filters["danvan_unique_facets"] = _unique_facets


def _unique_facets(facets):
    """Each facet once (Datasette lists a facet twice when it is both in the metadata and in ``_facet=``)."""
    seen, unique = set(), []
    for facet in facets or []:
        key = (facet.get("name"), facet.get("type"))
        if key not in seen:
            seen.add(key)
            unique.append(facet)
    return unique


@hookimpl
def extra_css_urls(datasette):
    return [datasette.urls.path(CSS_PATH)]


@hookimpl
def menu_links(datasette):
    return [{"href": datasette.urls.path(CHARTS_PATH), "label": "Biểu đồ / Charts"}]


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    if column == "sentence" and isinstance(value, str):
        keys = set(row.keys())
        if {"start", "end", "sentence_start"} <= keys and None not in (row["start"], row["end"], row["sentence_start"]):
            if table == "organization_mentions" and "organization_id" in keys:
                return _mention_with_organization(datasette, database, value, row)
            return Markup(sentence_with_fact_html(value, row["sentence_start"], row["start"], row["end"],
                                                  fact_title(table or "", row)))
    if column == "article_id" and isinstance(value, dict) and table != "articles":
        return _article_with_date(datasette, database, value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        currency = money_currency(column, row)
        if currency:   # the stored integer stays as it is for sorting, JSON and CSV; only the page reads it grouped
            return Markup(f'<span class="danvan-money" data-value="{value}">{escape(money_text(value, currency))}</span>')
    if table == "articles" and column == "text" and isinstance(value, str) and "id" in row.keys():
        excerpt = value if len(value) <= EXCERPT_CHARACTERS else value[:EXCERPT_CHARACTERS] + "…"
        link = datasette.urls.row(database, "articles", str(row["id"])) + "#evidence"
        return Markup(f'{escape(excerpt)} <a class="danvan-evidence-link" href="{escape(link)}">'
                      "dữ kiện được tô sáng / highlighted facts →</a>")
    return None


def _mention_with_organization(datasette, database, sentence, row):
    """An organization mention's sentence, the mention marked with the organization's canonical name on hover
    (Datasette's label of ``organization_id`` when it expanded it, else looked up)."""
    values = {key: row[key] for key in row.keys()}

    def html_with(name):
        values["name"] = name
        return Markup(sentence_with_fact_html(sentence, row["sentence_start"], row["start"], row["end"],
                                              fact_title("organization_mentions", values)))

    organization = values["organization_id"]
    if isinstance(organization, dict):
        return html_with(organization.get("label"))

    async def render():
        found = (await datasette.get_database(database).execute(
            "SELECT name FROM organizations WHERE id = ?", [organization])).first()
        return html_with(found[0] if found else None)

    return render


def _article_with_date(datasette, database, value):
    """A fact row's article (expanded by Datasette to its title) as a link to it, with its date of publication."""
    async def render():
        db = datasette.get_database(database)
        found = (await db.execute("SELECT published_on FROM articles WHERE id = ?", [value["value"]])).first()
        date = found[0] if found and found[0] else ""
        link = datasette.urls.row(database, "articles", str(value["value"]))
        return Markup(f'<a href="{escape(link)}">{escape(value.get("label") or value["value"])}</a>'
                      f' <span class="danvan-date">{escape(date)}</span>')

    return render


@hookimpl
def extra_template_vars(table, view_name, request, datasette, database):
    if view_name != "row" or table != "articles" or request is None:
        return {}

    async def evidence():
        pks = request.url_vars.get("pks", "")
        if not pks.isdigit():
            return {"danvan_evidence": None}
        db = datasette.get_database(database)
        def link(other_id):
            return datasette.urls.row(database, "articles", str(other_id))

        markup = await db.execute_fn(lambda conn: article_evidence_html(conn, int(pks), link))
        return {"danvan_evidence": Markup(markup) if markup else None}

    return evidence


async def _css(request):
    return Response((STATIC_DIR / "danvan.css").read_text(encoding="utf-8"),
                    content_type="text/css; charset=utf-8")


async def _charts(request, datasette):
    name = _database_name(datasette)
    db = datasette.get_database(name)
    document = (request.args.get("document") or "").strip() or None
    currency = (request.args.get("currency") or "VND").strip() or "VND"
    qualifier = (request.args.get("qualifier") or "exact").strip()
    if qualifier not in {q for q, _text, _color in QUALIFIERS}:
        qualifier = "exact"
    # ?site=a (one site), ?site=a&site=b (those sites compared, one series each), ?compare=1 (every site compared)
    sites = tuple(dict.fromkeys(s.strip() for s in request.args.getlist("site") if s.strip()))
    compare = len(sites) > 1 or request.args.get("compare", "") not in ("", "0")

    def draw(conn):
        keys = [row[0] for row in conn.execute(
            "SELECT document_key FROM legal_citations WHERE document_key IS NOT NULL "
            "GROUP BY document_key ORDER BY count(*) DESC, document_key LIMIT 200")]
        all_sites = [row[0] for row in conn.execute(
            "SELECT DISTINCT site FROM articles WHERE site IS NOT NULL ORDER BY site")]
        money = money_chart(conn, currency, link=datasette.urls.table(name, "money"), sites=sites, compare=compare,
                            qualifier=qualifier)
        return (keys, all_sites, citations_chart(conn, document, sites=sites, compare=compare).svg(), money.svg(),
                activity_money_chart(conn, currency, qualifier, sites=sites, compare=compare).svg())

    keys, all_sites, citations_svg, money_svg, activity_svg = await db.execute_fn(draw)
    return Response.html(await datasette.render_template(
        "danvan_charts.html",
        {
            "database": name, "document": document, "currency": currency, "documents": keys,
            "citations_svg": Markup(citations_svg), "money_svg": Markup(money_svg),
            "activity_money_svg": Markup(activity_svg), "qualifier": qualifier,
            "qualifiers": [(q, text) for q, text, _color in QUALIFIERS],
            "sites": sites, "all_sites": all_sites, "compare": compare,
            "one_site": sites[0] if len(sites) == 1 and not compare else "",
        },
        request=request,
    ))


@hookimpl
def register_routes():
    return [
        (r"^/-/danvan/danvan\.css$", _css),
        (r"^/-/danvan/charts$", _charts),
    ]

