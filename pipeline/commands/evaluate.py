"""The `danvan eval` command: precision, recall and F1 of the extractors on the gold set."""

from __future__ import annotations

import json
from pathlib import Path

from pipeline.commands import add_data_dir
from scrapers.errors import InputError

HELP = "score the extractors against hand-annotated gold articles"
DESCRIPTION = """\
Run the extractors on each gold article and print precision, recall and F1 per kind (legal,
money, counts, organizations; activities and dates where the gold gives them) and the accuracy
of fields on matched facts, by the matching rules of DESIGN.md §2. Default gold: data/gold/ and,
when present beside the repository, ../shared/gold/seed.json; then, apart, the held-out sets
data/gold/heldout/, heldout2/, heldout3/, heldout4/ and heldout5/ (articles written apart from the tuning, never to be
used for it: --verbose does not list their misses), and data/gold/news/ (general news outside the
domain, scored for organizations only, by name and by mention span). --gold PATH scores
only the files given. --verbose lists every miss and every spurious fact."""

REPO = Path(__file__).resolve().parents[2]
DEFAULT_GOLD = [REPO / "data" / "gold", REPO.parent / "shared" / "gold" / "seed.json"]
HELD_OUT = {
    "held-out": REPO / "data" / "gold" / "heldout",
    "held-out 2": REPO / "data" / "gold" / "heldout2",
    "held-out 3": REPO / "data" / "gold" / "heldout3",
    "held-out 4": REPO / "data" / "gold" / "heldout4",
    "held-out 5": REPO / "data" / "gold" / "heldout5",
    "general news": REPO / "data" / "gold" / "news",
}


def add_arguments(parser):
    add_data_dir(parser)
    parser.add_argument("--gold", nargs="+", metavar="PATH",
                        help="gold files or directories of *.json (default: data/gold/ and ../shared/gold/seed.json)")
    parser.add_argument("--verbose", "-v", action="store_true", help="list every miss and spurious fact")
    parser.add_argument("--json", dest="json_out", metavar="FILE", help="also write the scores as JSON to FILE")


def run(options) -> int:
    from pipeline.evaluate import as_json, evaluate, format_report, load_gold

    sets = {"gold": list(options.gold) or [p for p in DEFAULT_GOLD if p.exists()]}
    if not options.gold:
        sets.update({name: [path] for name, path in HELD_OUT.items() if path.is_dir()})
    scores = {}
    for name, paths in sets.items():
        articles = load_gold(paths)
        if not articles:
            raise InputError("no gold articles found in " + ", ".join(map(str, paths)))
        result = evaluate(articles)
        if len(sets) > 1:
            print(f"== {name}: {', '.join(str(p) for p in paths)}")
        print(format_report(result, verbose=options.verbose and name not in HELD_OUT))
        print()
        scores[name] = as_json(result)
    out = options.extra.get("json_out")
    if out:
        data = scores["gold"] if len(scores) == 1 else scores
        Path(out).write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0
