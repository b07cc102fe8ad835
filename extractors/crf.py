"""underthesea's word segmenter model, read from its CRFsuite file and run in Python on plain syllables.

underthesea runs its segmenter's model in compiled code: each syllable's 43 features are written out as strings,
handed to Python and back, and looked up twice (string to attribute, attribute and label to weight), which costs
more than the rest of a short phrase's reading. Here each run of one to three syllables of a phrase is looked up
once, for the weights of every feature read from it, and a syllable's weights are added in the order of the
templates, as underthesea's tagger adds them, so every score is the same float and the best path the same path (of
equal scores the first label wins, as there). The model has two labels ("B-W" begins a word, "I-W" goes on with it),
so a feature's two weights fit one complex number (``SyllableSegmenter``). The part-of-speech model, with 31 labels,
stays underthesea's: run here the same way, with NumPy for its weights and best path (the same scores, bit for bit),
it was slower, both in a loop (90 against 63 µs for five words) and on text read for the first time.

The features are those of underthesea's ``CRFFeaturizer`` (a window of two syllables on each side; runs of one to
three syllables, as written, in lower case, whether a number, whether every syllable begins with a capital, whether
in the dictionary; ``BOS`` and ``EOS`` outside the phrase). Python and the compiled code agree on lower case and
capitals letter by letter for the scripts of ``SAFE_LETTERS``; a phrase with any other letter, or with a digit other
than 0–9, is left to underthesea (``SyllableSegmenter.labels`` gives None). tests/test_crf.py holds both to
underthesea's own output.
"""

from __future__ import annotations

import re
import struct
from functools import reduce
from itertools import chain, repeat
from operator import add, itemgetter
from pathlib import Path
from typing import Callable

LABELS = ("B-W", "I-W")
FUNCTIONS_BY_SIZE = {1: ("text", "lower", "isdigit", "istitle", "is_in_dict"),
                     2: ("text", "lower", "istitle", "is_in_dict"),
                     3: ("text", "lower", "istitle", "is_in_dict")}
TEMPLATE = re.compile(r"T\[(?P<first>-?\d+)(?:,(?P<last>-?\d+))?\](?:\.(?P<function>\w+))?")
WINDOW = 2   # templates reach at most this many syllables on each side
# Latin letters (Vietnamese among them) and ASCII digits: where Python's case mappings were checked, letter by
# letter, to be the compiled code's; two letters that Unicode gave an upper case after Python's tables are left out.
SAFE_LETTERS = re.compile(r"[0-9A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u019a\u019c-\u024f\u1e00-\u1eff]+")
PREPARED_LENGTHS = 32   # the getters of phrases up to this many syllables are made with the model (longer: when met)
INT32 = 2 ** 31   # underthesea's "isdigit" reads a 32-bit integer, sign allowed


class ModelFormatError(ValueError):
    """The model file is not the CRFsuite file this reader knows."""


def _cqdb_strings(data: bytes, base: int) -> dict[int, str]:
    """The strings of a CRFsuite string database (CQDB) at *base*, by identifier: after its 24-byte header and 256
    hash-table references come the records, each an identifier, a size and the string ended by a zero byte."""
    magic, _size, _flag, _order, count, _backward = struct.unpack_from("<4sIIIII", data, base)
    if magic != b"CQDB":
        raise ModelFormatError("no string database where the header points")
    strings = {}
    position = base + 24 + 256 * 8
    for _ in range(count):
        identifier, size = struct.unpack_from("<II", data, position)
        strings[identifier] = data[position + 8:position + 7 + size].decode("utf-8")
        position += 8 + size
    return strings


def read_model(path: Path) -> tuple[list[str], dict[str, dict[int, float]], dict[tuple[int, int], float]]:
    """(labels, weights of each attribute by label, transition weights by (label, next label)) of a CRFsuite model
    file. Weights of magnitude 1e-10 or less are dropped, as underthesea's loader drops them."""
    try:
        return _read_model(path.read_bytes(), path)
    except (struct.error, UnicodeDecodeError, KeyError) as exc:
        raise ModelFormatError(f"{path} is cut short or damaged ({exc})") from exc


def _read_model(data: bytes, path: Path) -> tuple[list[str], dict[str, dict[int, float]], dict[tuple[int, int], float]]:
    magic, size, kind, _version, _features, label_count, _attributes, features_at, labels_at, attributes_at = (
        struct.unpack_from("<4sI4sIIIIIII", data, 0))
    if magic != b"lCRF" or kind != b"FOMC":
        raise ModelFormatError(f"{path} is not a CRFsuite model")
    if size != len(data):
        raise ModelFormatError(f"{path} holds {len(data):,} bytes where its header says {size:,}")
    labels = _cqdb_strings(data, labels_at)
    attributes = _cqdb_strings(data, attributes_at)
    chunk, _chunk_size, count = struct.unpack_from("<4sII", data, features_at)
    if chunk != b"FEAT":
        raise ModelFormatError(f"{path}: no features where the header points")
    states: dict[str, dict[int, float]] = {}
    transitions: dict[tuple[int, int], float] = {}
    start = features_at + 12
    for kind_of_feature, source, target, weight in struct.iter_unpack("<IIId", data[start:start + 20 * count]):
        if kind_of_feature == 1:
            transitions[source, target] = weight
        elif kind_of_feature != 0:
            raise ModelFormatError(f"{path}: a feature of unknown kind {kind_of_feature}")
        elif abs(weight) > 1e-10:
            states.setdefault(attributes[source], {})[target] = weight
    return [labels[i] for i in range(label_count)], states, transitions


class SyllableSegmenter:
    """``labels(syllables)``: the labels underthesea's segmenter model gives a phrase's syllables.

    The templates fall into kinds (a run of 1–3 syllables, and what is read of it); a value of a kind has one weight
    (or None) for each template of the kind. A phrase's values are looked up once each, and the weights laid out
    one kind after another, each kind padded with WINDOW values on each side (``BOS`` before the phrase, ``EOS``
    from where a run would go past its end); a syllable's weights are then read out in template order by one
    ``itemgetter`` for each position in a phrase of that length. Runs are looked up by their text and in lower case
    in one table per size, which also says whether the run is in the dictionary: for a syllable, a few lookups in
    large tables instead of one for each of the 43 features, which matters more than their count on text read for
    the first time, when each lookup waits for memory."""

    def __init__(self, model_dir: Path, templates: list[str], dictionary: set[str]):
        self.kinds: list[tuple[int, str]] = []   # (syllables in the run, what is read of it)
        slot_of: dict[str, tuple[tuple[int, str], int]] = {}
        self.template_slots: list[tuple[tuple[int, str], int, int]] = []   # (kind, offset of the run, slot)
        width: dict[tuple[int, str], int] = {}
        for template in templates:
            kind, first = _kind_of(template)
            if kind not in width:
                self.kinds.append(kind)
                width[kind] = 0
            slot_of[template] = (kind, width[kind])
            self.template_slots.append((kind, first, width[kind]))
            width[kind] += 1
        self.width = width
        labels, states, transitions = read_model(model_dir / "models.bin")   # read once the templates are known
        if tuple(labels) != LABELS:
            raise ModelFormatError(f"labels {labels}, not {LABELS}")
        weights: dict[tuple[int, str], dict[str, list[complex | None]]] = {kind: {} for kind in self.kinds}
        for attribute, by_label in states.items():
            template, _equals, value = attribute.partition("=")
            if template in slot_of:
                kind, slot = slot_of[template]
                entry = weights[kind].setdefault(value, [None] * width[kind])
                entry[slot] = complex(by_label.get(0, 0.0), by_label.get(1, 0.0))
        entries = {kind: {value: tuple(entry) for value, entry in by_value.items()}
                   for kind, by_value in weights.items()}
        none = {kind: (None,) * width[kind] for kind in self.kinds}
        self.edges = {kind: (entries[kind].get("BOS", none[kind]), entries[kind].get("EOS", none[kind]))
                      for kind in self.kinds}
        self.flags = {kind: (entries[kind].get("True", none[kind]), entries[kind].get("False", none[kind]))
                      for kind in self.kinds if kind[1] not in ("text", "lower")}   # (true, false)
        words: dict[int, set[str]] = {1: set(), 2: set(), 3: set()}
        for word in dictionary:
            size = word.count(" ") + 1
            if size in words:
                words[size].add(word)
        self.runs: dict[int, dict[str, tuple]] = {}
        self.no_run: dict[int, tuple] = {}
        for size in (1, 2, 3):
            text, lower = entries.get((size, "text"), {}), entries.get((size, "lower"), {})
            text_none, lower_none = none.get((size, "text")), none.get((size, "lower"))
            only_a_word = (text_none, lower_none, True)   # one record for every word of the dictionary without weights
            self.runs[size] = dict.fromkeys(words[size], only_a_word)
            self.runs[size].update((run, (text.get(run, text_none), lower.get(run, lower_none), run in words[size]))
                                   for run in {*text, *lower})
            self.no_run[size] = (text_none, lower_none, False)
        self.getters: dict[int, list[Callable[[list], tuple]]] = {}
        for count in range(1, PREPARED_LENGTHS + 1):
            self._getters(count)
        self.to_begin = (transitions.get((0, 0), 0.0), transitions.get((1, 0), 0.0))
        self.to_go_on = (transitions.get((0, 1), 0.0), transitions.get((1, 1), 0.0))

    def labels(self, syllables: list[str]) -> list[str] | None:
        """The model's labels of *syllables* (a plain phrase's tokens), or None when one holds a character
        outside SAFE_LETTERS."""
        if not syllables or not all(SAFE_LETTERS.fullmatch(syllable) for syllable in syllables):
            return None
        return [LABELS[label] for label in self._best_path(self._scores(syllables))]

    def _scores(self, syllables: list[str]) -> list[complex]:
        """Each syllable's score for B-W (real) and I-W (imaginary): its features' weights added in template order
        (a feature the model does not hold adds nothing, as there: no weight is zero, ``read_model``)."""
        count = len(syllables)
        lower = [syllable.lower() for syllable in syllables]
        title = [syllable[0].upper() == syllable[0] for syllable in syllables]   # syllables: no spaces
        runs, lower_runs, titles = {1: syllables}, {1: lower}, {1: title}
        for size in (2, 3):
            runs[size] = [f"{a} {b}" for a, b in zip(runs[size - 1], syllables[size - 1:])]
            lower_runs[size] = [f"{a} {b}" for a, b in zip(lower_runs[size - 1], lower[size - 1:])]
            titles[size] = [a and b for a, b in zip(titles[size - 1], title[size - 1:])]
        found: dict[tuple[int, int], list[tuple]] = {}   # (size, 0 as written / 1 in lower case): runs' entries
        laid_out: list[complex | None] = []
        for kind in self.kinds:
            size, function = kind
            if function in ("text", "lower", "is_in_dict"):
                case = 0 if function == "text" else 1
                if (size, case) not in found:
                    table, missing = self.runs[size], repeat(self.no_run[size])
                    found[size, case] = list(map(table.get, (runs if case == 0 else lower_runs)[size], missing))
                if function == "is_in_dict":
                    true, false = self.flags[kind]
                    values = [true if run[2] else false for run in found[size, case]]
                else:
                    values = [run[case] for run in found[size, case]]
            else:
                true, false = self.flags[kind]
                values = [true if flag else false for flag in (titles[size] if function == "istitle"
                                                               else map(_is_int32, syllables))]
            begin, end = self.edges[kind]
            padding = repeat(end, count + WINDOW - len(values))
            laid_out.extend(chain.from_iterable(chain((begin,) * WINDOW, values, padding)))
        return [reduce(add, filter(None, getter(laid_out)), 0j) for getter in self._getters(count)]

    def _getters(self, count: int) -> list[Callable[[list], tuple]]:
        """For each position of a phrase of *count* syllables, the getter of its weights in template order."""
        getters = self.getters.get(count)
        if getters is None:
            base, at = {}, 0
            for kind in self.kinds:
                base[kind] = at
                at += (count + 2 * WINDOW) * self.width[kind]
            getters = [_tuple_getter([base[kind] + (position + offset + WINDOW) * self.width[kind] + slot
                                      for kind, offset, slot in self.template_slots])
                       for position in range(count)]
            self.getters[count] = getters
        return getters

    def _best_path(self, scores: list[complex]) -> list[int]:
        """Viterbi over two labels; of equal scores the first label wins, as in underthesea's tagger."""
        (begin_after_begin, begin_after_go_on), (go_on_after_begin, go_on_after_go_on) = self.to_begin, self.to_go_on
        begin, go_on = scores[0].real, scores[0].imag
        back = []
        for score in scores[1:]:
            from_begin, from_go_on = begin + begin_after_begin, go_on + begin_after_go_on
            begin_back = from_go_on > from_begin
            next_begin = (from_go_on if begin_back else from_begin) + score.real
            from_begin, from_go_on = begin + go_on_after_begin, go_on + go_on_after_go_on
            go_on_back = from_go_on > from_begin
            go_on = (from_go_on if go_on_back else from_begin) + score.imag
            begin = next_begin
            back.append((int(begin_back), int(go_on_back)))
        label = int(go_on > begin)
        path = [label]
        for pointers in reversed(back):
            label = pointers[label]
            path.append(label)
        return path[::-1]


def _tuple_getter(indexes: list[int]) -> Callable[[list], tuple]:
    """``itemgetter`` of *indexes*, giving a tuple also for one index."""
    if len(indexes) == 1:
        only = indexes[0]
        return lambda items: (items[only],)
    return itemgetter(*indexes)


def _kind_of(template: str) -> tuple[tuple[int, str], int]:
    """((syllables in the run, what is read of it), offset of the run's first syllable) of a template."""
    match = TEMPLATE.fullmatch(template)
    if match is None:
        raise ModelFormatError(f"template {template!r}")
    first = int(match["first"])
    last = first if match["last"] is None else int(match["last"])
    size, function = last - first + 1, match["function"] or "text"
    if not (-WINDOW <= first <= last <= WINDOW and function in FUNCTIONS_BY_SIZE.get(size, ())):
        raise ModelFormatError(f"template {template!r}")
    return (size, function), first


def _is_int32(token: str) -> bool:
    """underthesea's "isdigit": the token reads as a 32-bit integer (SAFE_LETTERS keeps signs out)."""
    return token.isdigit() and int(token) < INT32
