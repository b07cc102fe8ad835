"""Score the extractors against hand-annotated gold articles, by the rules of DESIGN.md §2.

Matching is one-to-one and greedy in text order, per article and per kind:

* legal — same ``key`` (spaces removed, dashes unified, upper case); a law by name (``key``
  null) by its folded name and year. Field accuracy on matches: ``doc_type`` and ``issued_on``
  equal, ``issuer`` containing or contained in the gold issuer (folded).
* money — same ``value`` and currency; for a gold range the same ``low`` and ``high``.
  Field accuracy: ``qualifier`` equal, ``per`` equal ignoring spaces, diacritics and case.
  A prediction whose text contains a ``money_optional`` string is ignored.
* counts — same ``value`` and the folded gold ``noun`` inside the prediction's
  ``unit + " " + object``; ``qualifier`` compared on matches (absent = ``exact``).
  A prediction overlapping a ``counts_optional`` string is ignored.
* organizations — per article, each distinct predicted name, folded with common
  abbreviations expanded, a leading ``Thường trực``/``Ban Thường trực`` and a trailing
  level-and-place removed, is correct when it equals the same folding of the gold name or one
  of its ``alt``, ignored when it equals an ``orgs_allowed`` entry, spurious otherwise.
  Recall counts gold organizations found at least once.
* activities (articles whose gold has ``activities``) — a prediction matches a gold activity
  when their trigger spans overlap; predictions overlapping an ``activities_optional`` trigger
  are ignored. Fields on matches: ``action``; ``actor`` (the linked organization's name folded
  as organizations are, or null on both sides); ``money`` and ``counts`` (set equality, a link
  matching a gold string that contains it or that it contains; links to optional strings
  dropped); and ``action_and_actor`` counted over every gold activity (the headline figure).

* legal, new fields — where gold gives ``issuers`` (every co-issuer of a joint document), each gold
  issuer must be contained in or contain one of the predicted ``issuers`` (folded).
* counts, where gold gives ``phrase`` — the noun phrase counted (``120 hộ nghèo xây nhà`` → ``hộ
  nghèo``): the field ``phrase`` is right when the prediction's ``unit + " " + object`` is exactly it.
* dates (articles whose gold has ``dates``) — same ``value`` and ``precision``.
* organization spans (articles whose gold has ``org_mentions``: every mention of a named
  organization as its surface text and 1-based occurrence) — ``org_spans``: a predicted
  organization mention is right when its offsets are exactly a gold mention's;
  ``org_overlap``: the same count when the two spans only overlap (one-to-one, greedy).

An article whose gold has ``scored`` (a list of kinds) is scored for those kinds only — the
general-news set gives organizations alone.

The scorer keeps its own small abbreviation table: it must not judge the extractors with
their own data.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from extractors.normalize import fold, nfc
from scrapers.errors import InputError

KINDS = ("legal", "money", "counts", "organizations", "activities")
OPTIONAL_KINDS = ("activities", "dates", "org_spans", "org_overlap")   # reported only where gold gives them

# Common abbreviations of the political system, folded (DESIGN.md §1 examples and their kin).
ABBREVIATIONS = {
    "mttq": "mat tran to quoc",
    "ubnd": "uy ban nhan dan",
    "hdnd": "hoi dong nhan dan",
    "lhpn": "lien hiep phu nu",
    "ccb": "cuu chien binh",
    "ldld": "lien doan lao dong",
    "tncs": "thanh nien cong san",
    "dtn": "doan thanh nien",
    "nhcsxh": "ngan hang chinh sach xa hoi",
    "bch": "ban chap hanh",
    "btv": "ban thuong vu",
    "bcd": "ban chi dao",
    "tw": "trung uong",
}

_LEADING_STANDING = re.compile(r"^(?:ban thuong truc|thuong truc)\s+")
_LEVEL = r"(?:tinh|thanh\s+pho|tp\.?|huyen|thi\s+xa|quan|xa|phuong|thi\s+tran|thon|lang|buon|plei|to\s+dan\s+pho|khu\s+dan\s+cu)"
# A trailing level-and-place: "tỉnh Gia Lai", "thị xã An Khê", "các xã, phường", "cấp xã".
# The level word must not start a name of its own (Tỉnh ủy, Huyện đoàn, Thị ủy ...).
_TRAILING_PLACE = re.compile(
    rf"""\s+(?:
        (?:cac\s+cap|cap\s+{_LEVEL}|cac\s+{_LEVEL}(?:\s*,\s*{_LEVEL})*)(?:\s.*)?
      | {_LEVEL}(?!\s+(?:uy|doan|hoi)\b)(?:\s.*)?
    )$""",
    re.VERBOSE,
)


def org_key(name: str) -> str:
    """The folded comparison form of an organization name (rules in the module docstring)."""
    folded = fold(name or "")
    folded = re.sub(r"[()\"“”]", " ", folded)
    words = [ABBREVIATIONS.get(w, w) for w in folded.split()]
    folded = " ".join(" ".join(words).split())
    folded = _LEADING_STANDING.sub("", folded)
    folded = _TRAILING_PLACE.sub("", folded)
    return folded.strip(" ,.;:-")


def legal_key(key: str | None) -> str | None:
    if key is None:
        return None
    key = re.sub(r"\s+", "", key)
    key = re.sub(r"[\u2010-\u2015\u2212]", "-", key)
    return nfc(key).upper()


def _loose(text: str | None) -> str:
    return re.sub(r"\s+", "", fold(text or ""))


@dataclass
class Tally:
    """Counts of one kind: matches, misses, spurious predictions, and field agreement."""

    tp: int = 0
    fn: int = 0
    fp: int = 0
    fields: dict = field(default_factory=dict)  # name -> [right, total]
    misses: list = field(default_factory=list)
    spurious: list = field(default_factory=list)

    def field(self, name: str, right: bool) -> None:
        pair = self.fields.setdefault(name, [0, 0])
        pair[0] += int(right)
        pair[1] += 1

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict:
        return {
            "tp": self.tp, "fp": self.fp, "fn": self.fn,
            "precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
            "fields": {k: {"right": r, "total": t, "accuracy": round(r / t, 4) if t else None}
                       for k, (r, t) in self.fields.items()},
        }


def _greedy(preds: list, golds: list, same) -> tuple[list[tuple], list, list]:
    """One-to-one greedy matching in text order: (pairs, unmatched predictions, unmatched golds)."""
    free = list(range(len(golds)))
    pairs, unmatched = [], []
    for p in sorted(preds, key=lambda d: (d.get("start", 0), d.get("end", 0))):
        for i in free:
            if same(p, golds[i]):
                pairs.append((p, golds[i]))
                free.remove(i)
                break
        else:
            unmatched.append(p)
    return pairs, unmatched, [golds[i] for i in free]


def _same_legal(p: dict, g: dict) -> bool:
    if g.get("key"):
        return legal_key(p.get("key")) == legal_key(g["key"])
    return (not p.get("key")) and _loose(p.get("name")) == _loose(g.get("name")) and p.get("year") == g.get("year")


def _issuer_ok(p: str | None, g: str | None) -> bool:
    if not g or not p:
        return not g and not p
    fp, fg = fold(p), fold(g)
    return fp in fg or fg in fp


def _is_range(g: dict) -> bool:
    return g.get("qualifier") == "range" or g.get("high") is not None


def _same_money(p: dict, g: dict) -> bool:
    if (p.get("currency") or "VND") != (g.get("currency") or "VND"):
        return False
    if _is_range(g):
        return p.get("low") == g.get("low") and p.get("high") == g.get("high")
    return p.get("value") == g.get("value")


def _same_count(p: dict, g: dict) -> bool:
    phrase = fold(f"{p.get('unit') or ''} {p.get('object') or ''}")
    return p.get("value") == g.get("value") and fold(g.get("noun", "")) in phrase


def _describe(fact: dict) -> str:
    shown = {k: v for k, v in fact.items() if k not in ("start", "end") and v not in (None, "", [])}
    return json.dumps(shown, ensure_ascii=False)


def _spans_of(text: str, needles: list[str]) -> list[tuple[int, int]]:
    spans = []
    for needle in needles:
        for m in re.finditer(re.escape(nfc(needle)), text):
            spans.append((m.start(), m.end()))
    return spans


def score_article(article: dict, predicted: dict, tallies: dict[str, Tally]) -> None:
    """Add one article's matches to *tallies* (keyed by KINDS)."""
    text = nfc(article["text"])
    scored = set(article.get("scored") or (*KINDS, "dates"))

    if "organizations" in scored and "org_mentions" in article:
        _score_org_spans(article, predicted, text, tallies)
    _score_facts(article, predicted, text, tallies, scored)
    if "organizations" in scored:
        _score_organizations(article, predicted, tallies["organizations"])
    if "activities" in scored and "activities" in article:
        _score_activities(article, predicted, text, tallies["activities"])


def _score_facts(article: dict, predicted: dict, text: str, tallies: dict[str, Tally], scored: set) -> None:
    """Legal references, money, counts and dates of one article."""
    aid = article.get("id", "?")
    if "legal" in scored:
        t = tallies["legal"]
        pairs, extra, missed = _greedy(predicted.get("legal_refs", []), article.get("legal_refs", []), _same_legal)
        t.tp += len(pairs)
        t.fp += len(extra)
        t.fn += len(missed)
        for p, g in pairs:
            t.field("doc_type", p.get("doc_type") == g.get("doc_type"))
            t.field("issued_on", p.get("issued_on") == g.get("issued_on"))
            t.field("issuer", _issuer_ok(p.get("issuer"), g.get("issuer")))
            if g.get("issuers"):
                t.field("issuers", all(any(_issuer_ok(i, gi) for i in p.get("issuers") or []) for gi in g["issuers"]))
        t.misses += [f"{aid}: {_describe(g)}" for g in missed]
        t.spurious += [f"{aid}: {p.get('text')!r} {_describe(p)}" for p in extra]

    if "money" in scored:
        t = tallies["money"]
        optional = [nfc(s) for s in article.get("money_optional", [])]
        preds = [p for p in predicted.get("money", []) if not any(o in p.get("text", "") for o in optional)]
        pairs, extra, missed = _greedy(preds, article.get("money", []), _same_money)
        t.tp += len(pairs)
        t.fp += len(extra)
        t.fn += len(missed)
        for p, g in pairs:
            t.field("qualifier", p.get("qualifier") == g.get("qualifier"))
            t.field("per", _loose(p.get("per")) == _loose(g.get("per")))
        t.misses += [f"{aid}: {_describe(g)}" for g in missed]
        t.spurious += [f"{aid}: {p.get('text')!r} {_describe(p)}" for p in extra]

    if "counts" in scored:
        t = tallies["counts"]
        optional_spans = _spans_of(text, article.get("counts_optional", []))
        preds = [
            p for p in predicted.get("counts", [])
            if not any(p["start"] < e and s < p["end"] for s, e in optional_spans)
        ]
        pairs, extra, missed = _greedy(preds, article.get("counts", []), _same_count)
        t.tp += len(pairs)
        t.fp += len(extra)
        t.fn += len(missed)
        for p, g in pairs:
            t.field("qualifier", (p.get("qualifier") or "exact") == (g.get("qualifier") or "exact"))
            if g.get("phrase"):
                t.field("phrase", fold(f"{p.get('unit') or ''} {p.get('object') or ''}").strip() == fold(g["phrase"]))
        t.misses += [f"{aid}: {_describe(g)}" for g in missed]
        t.spurious += [f"{aid}: {p.get('text')!r} {_describe(p)}" for p in extra]

    if "dates" in article and "dates" in scored:
        t = tallies["dates"]
        same = lambda p, g: p.get("value") == g.get("value") and p.get("precision") == g.get("precision")
        pairs, extra, missed = _greedy(predicted.get("dates", []), article["dates"], same)
        t.tp += len(pairs)
        t.fp += len(extra)
        t.fn += len(missed)
        t.misses += [f"{aid}: {_describe(g)}" for g in missed]
        t.spurious += [f"{aid}: {p.get('text')!r} {_describe(p)}" for p in extra]


def _score_organizations(article: dict, predicted: dict, t: Tally) -> None:
    """Distinct organization names of one article against its gold ``orgs``."""
    aid = article.get("id", "?")
    gold_keys = [{org_key(g["name"]), *(org_key(a) for a in g.get("alt", []))} for g in article.get("orgs", [])]
    allowed = {org_key(a) for a in article.get("orgs_allowed", [])}
    found = [False] * len(gold_keys)
    seen: dict[str, str] = {}
    for p in predicted.get("organizations", []):
        seen.setdefault(org_key(p.get("name") or p.get("text", "")), p.get("name") or p.get("text", ""))
    for key, shown in seen.items():
        hits = [i for i, keys in enumerate(gold_keys) if key in keys]
        if hits:
            t.tp += 1
            for i in hits:
                found[i] = True
        elif key in allowed or not key:
            continue
        else:
            t.fp += 1
            t.spurious.append(f"{aid}: {shown!r}")
    # Recall counts gold organizations found; precision counts distinct predicted names.
    missed_orgs = [g for g, ok in zip(article.get("orgs", []), found) if not ok]
    t.fn += len(missed_orgs)
    t.misses += [f"{aid}: {g['name']!r}" for g in missed_orgs]


def _score_org_spans(article: dict, predicted: dict, text: str, tallies: dict[str, Tally]) -> None:
    """Organization mentions of one article against its gold ``org_mentions``, exactly and by overlap."""
    aid = article.get("id", "?")
    golds = _located(article, "org_mentions", "text", text, "organization mention")
    preds = [p for p in predicted.get("organizations", []) if "start" in p and "end" in p]
    rules = {
        "org_spans": lambda p, g: p["start"] == g["start"] and p["end"] == g["end"],
        "org_overlap": lambda p, g: p["start"] < g["end"] and g["start"] < p["end"],
    }
    for kind, same in rules.items():
        t = tallies[kind]
        pairs, extra, missed = _greedy(preds, golds, same)
        t.tp += len(pairs)
        t.fp += len(extra)
        t.fn += len(missed)
        t.misses += [f"{aid}: {g['text']!r} at {g['start']}" for g in missed]
        t.spurious += [f"{aid}: {p.get('text')!r} at {p['start']}" for p in extra]


def _occurrence_span(text: str, trigger: str, occurrence: int) -> tuple[int, int] | None:
    """Where the *occurrence*-th (1-based) copy of *trigger* stands in *text*, or None."""
    trigger = nfc(trigger)
    at = -1
    for _ in range(max(1, occurrence)):
        at = text.find(trigger, at + 1)
        if at < 0:
            return None
    return (at, at + len(trigger))


def _located(article: dict, field: str, surface: str, text: str, what: str) -> list[dict]:
    """The gold entries of *field*, each with the ``start``/``end`` of its *surface* at its 1-based ``occurrence``."""
    located = []
    for g in article[field]:
        span = _occurrence_span(text, g[surface], g.get("occurrence", 1))
        if span is None:
            raise InputError(f"{article.get('id', '?')}: {what} {g[surface]!r} (occurrence {g.get('occurrence', 1)}) "
                             "is not in the text")
        located.append({**g, "start": span[0], "end": span[1]})
    return located


def _same_surface(a: str, b: str) -> bool:
    a, b = " ".join(nfc(a).split()), " ".join(nfc(b).split())
    return bool(a and b) and (a in b or b in a)


def _links_equal(predicted: list[str], gold: list[str]) -> bool:
    return all(any(_same_surface(p, g) for g in gold) for p in predicted) and \
        all(any(_same_surface(p, g) for p in predicted) for g in gold)


def _score_activities(article: dict, predicted: dict, text: str, t: Tally) -> None:
    aid = article.get("id", "?")
    golds = _located(article, "activities", "trigger", text, "activity trigger")
    optional: list[tuple[int, int]] = []
    for entry in article.get("activities_optional", []):
        if isinstance(entry, str):
            optional += _spans_of(text, [entry])
        else:
            span = _occurrence_span(text, entry["trigger"], entry.get("occurrence", 1))
            optional += [span] if span else []
    preds = [p for p in predicted.get("activities", [])
             if not any(p["start"] < e and s < p["end"] for s, e in optional)]
    pairs, extra, missed = _greedy(preds, golds, lambda p, g: p["start"] < g["end"] and g["start"] < p["end"])
    t.tp += len(pairs)
    t.fp += len(extra)
    t.fn += len(missed)
    alternatives = {org_key(o["name"]): {org_key(o["name"]), *(org_key(a) for a in o.get("alt", []))}
                    for o in article.get("orgs", [])}
    organizations = predicted.get("organizations", [])
    facts = {kind: predicted.get(kind, []) for kind in ("money", "counts")}
    optional_facts = {"money": [nfc(s) for s in article.get("money_optional", [])],
                      "counts": [nfc(s) for s in article.get("counts_optional", [])]}
    for p, g in pairs:
        action_ok = p.get("action") == g.get("action")
        actor = p.get("actor")
        actor_name = organizations[actor].get("name") if isinstance(actor, int) and actor < len(organizations) else None
        if g.get("actor") is None:
            actor_ok = actor_name is None
        else:
            gold_key = org_key(g["actor"])
            actor_ok = actor_name is not None and org_key(actor_name) in alternatives.get(gold_key, {gold_key})
        t.field("action", action_ok)
        t.field("actor", actor_ok)
        t.field("action_and_actor", action_ok and actor_ok)
        for kind in ("money", "counts"):
            linked = [facts[kind][i].get("text", "") for i in p.get(kind, []) if i < len(facts[kind])]
            linked = [s for s in linked if not any(_same_surface(s, o) for o in optional_facts[kind])]
            t.field(kind, _links_equal(linked, g.get(kind, [])))
        if not (action_ok and actor_ok):
            t.misses.append(f"{aid}: {g['trigger']!r} #{g.get('occurrence', 1)} gold {g['action']}/{g.get('actor')} "
                            f"found {p.get('action')}/{actor_name}")
    for g in missed:
        t.field("action_and_actor", False)
    t.misses += [f"{aid}: {g['trigger']!r} #{g.get('occurrence', 1)} {g['action']} {g.get('actor')}" for g in missed]
    t.spurious += [f"{aid}: {p.get('text')!r} {p.get('action')} in {p.get('sentence', '')[:80]!r}" for p in extra]


def load_gold(paths: list[Path]) -> list[dict]:
    """Articles of the gold files (directories are searched for *.json), each with its source file."""
    articles = []
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(path.glob("*.json"))
        elif path.is_file():
            files.append(path)
        else:
            raise InputError(f"no gold file or directory {path}")
    for file in files:
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise InputError(f"{file}: not a gold file ({exc})") from exc
        if not isinstance(data, dict) or not isinstance(data.get("articles"), list):
            raise InputError(f"{file}: a gold file is {{\"articles\": [...]}}")
        for article in data["articles"]:
            if "text" not in article:
                raise InputError(f"{file}: article {article.get('id')!r} has no text")
            articles.append({**article, "_file": str(file)})
    return articles


def new_tallies() -> dict[str, Tally]:
    """One empty tally per kind the scorer reports."""
    return {kind: Tally() for kind in dict.fromkeys((*KINDS, *OPTIONAL_KINDS))}


def evaluate(articles: list[dict], extract=None) -> dict:
    """Run *extract* (default: extractors.extract) on each gold article and score it."""
    if extract is None:
        from extractors import extract
    tallies = new_tallies()
    for article in articles:
        text = nfc(article["text"])
        if article.get("form") == "NFD":
            text = unicodedata.normalize("NFD", text)
        score_article(article, extract(text), tallies)
    return {"articles": len(articles), "kinds": tallies}


def format_report(result: dict, verbose: bool = False) -> str:
    tallies: dict[str, Tally] = result["kinds"]
    lines = [f"Scored {result['articles']} gold articles.", ""]
    lines.append(f"{'kind':<14}{'gold':>6}{'found':>7}{'right':>7}{'P':>8}{'R':>8}{'F1':>8}   fields")
    for kind, t in tallies.items():
        if not t.tp + t.fn + t.fp:
            continue   # neither gold nor prediction: nothing to score (activities and dates where gold gives them)
        fields = ", ".join(f"{k} {r}/{n} ({r / n:.0%})" for k, (r, n) in t.fields.items() if n)
        lines.append(
            f"{kind:<14}{t.tp + t.fn:>6}{t.tp + t.fp:>7}{t.tp:>7}{t.precision:>8.3f}{t.recall:>8.3f}{t.f1:>8.3f}   {fields}"
        )
    if verbose:
        for kind, t in tallies.items():
            if t.misses:
                lines += ["", f"{kind}: missed ({len(t.misses)})"] + [f"  - {m}" for m in t.misses]
            if t.spurious:
                lines += ["", f"{kind}: spurious ({len(t.spurious)})"] + [f"  + {s}" for s in t.spurious]
    return "\n".join(lines)


def as_json(result: dict) -> dict:
    return {"articles": result["articles"], "kinds": {k: t.as_dict() for k, t in result["kinds"].items()}}
