"""underthesea's word segmenter model, read from its CRFsuite file and run in Python on plain syllables.

underthesea runs its segmenter's model in compiled code: each syllable's 43 features are written out as strings,
handed to Python and back, and looked up twice (string to attribute, attribute and label to weight), which costs
more than the rest of a short phrase's reading. Here each run of one to three syllables of a phrase is looked up
once for the weights of every feature read from it (twice, as written and in lower case, in a phrase with capitals
or digits), and a syllable's weights are added in the order of the templates, as underthesea's tagger adds them, so
every score is the same float and the best path the same path (of equal scores the first label wins, as there). The
model has two labels ("B-W" begins a word, "I-W" goes on with it), so a feature's two weights fit one complex number
(``SyllableSegmenter``). The part-of-speech model, with 31 labels, stays underthesea's: run here the same way, with
NumPy for its weights and best path (the same scores, bit for bit), it was slower, both in a loop (90 against 63 µs
for five words) and on text read for the first time.

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
from itertools import chain, repeat
from operator import and_, eq, itemgetter
from pathlib import Path
from typing import Callable

LABELS = ("B-W", "I-W")
FUNCTIONS_BY_SIZE = {1: ("text", "lower", "isdigit", "istitle", "is_in_dict"),
                     2: ("text", "lower", "istitle", "is_in_dict"),
                     3: ("text", "lower", "istitle", "is_in_dict")}
WRITTEN = ("text", "isdigit", "istitle")   # what is read of a run as written
LOWERED = ("lower", "is_in_dict")   # what is read of a run in lower case
FLAGS = ("isdigit", "istitle", "is_in_dict")   # what is read as "True" or "False"
TEMPLATE = re.compile(r"T\[(?P<first>-?\d+)(?:,(?P<last>-?\d+))?\](?:\.(?P<function>\w+))?")
WINDOW = 2   # templates reach at most this many syllables on each side
# Latin letters (Vietnamese among them) and ASCII digits: where Python's case mappings were checked, letter by
# letter, to be the compiled code's; two letters that Unicode gave an upper case after Python's tables are left out.
SAFE_LETTERS = re.compile(r"[0-9A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u019a\u019c-\u024f\u1e00-\u1eff]+")
PREPARED_LENGTHS = 32   # the getters of phrases up to this many syllables are made with the model (longer: when met)
INT32 = 2 ** 31   # underthesea's "isdigit" reads a 32-bit integer, sign allowed


class _InOrder(complex):
    """A start for ``sum`` that has it add one weight after the other, as ``reduce(add, …)`` does: ``sum`` compensates
    the rounding of its additions (floats from Python 3.12, complex numbers from 3.14) only when its start is an
    exact float or complex number, and adds with ``+`` from the first item on when it is neither."""

    __slots__ = ()


ADDED_IN_ORDER = _InOrder(0j)


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


def read_model(path: Path) -> tuple[list[str], dict[str, list[float]], dict[tuple[int, int], float]]:
    """(labels, each attribute's weight for each label, transition weights by (label, next label)) of a CRFsuite
    model file. Weights of magnitude 1e-10 or less are dropped, as underthesea's loader drops them: 0.0 in their
    place, and an attribute with none left is left out."""
    try:
        return _read_model(path.read_bytes(), path)
    except (struct.error, UnicodeDecodeError, KeyError, IndexError) as exc:
        raise ModelFormatError(f"{path} is cut short or damaged ({exc})") from exc


def _read_model(data: bytes, path: Path) -> tuple[list[str], dict[str, list[float]], dict[tuple[int, int], float]]:
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
    states: dict[str, list[float]] = {}
    transitions: dict[tuple[int, int], float] = {}
    start = features_at + 12
    for kind_of_feature, source, target, weight in struct.iter_unpack("<IIId",
                                                                       memoryview(data)[start:start + 20 * count]):
        if kind_of_feature == 1:
            transitions[source, target] = weight
        elif kind_of_feature != 0:
            raise ModelFormatError(f"{path}: a feature of unknown kind {kind_of_feature}")
        elif abs(weight) > 1e-10:
            by_label = states.get(attributes[source])
            if by_label is None:
                by_label = states[attributes[source]] = [0.0] * label_count
            by_label[target] = weight
    return [labels[i] for i in range(label_count)], states, transitions


class SyllableSegmenter:
    """``labels(syllables)``: the labels underthesea's segmenter model gives a phrase's syllables.

    The templates fall into kinds: a run of 1–3 syllables, and what is read of it, as written (its text, whether a
    number, whether every syllable begins with a capital: ``WRITTEN``) or in lower case (its text, whether in the
    dictionary: ``LOWERED``). A value of a kind has one weight (or None) for each template of the kind. What is read
    of one run, every kind of its size, is one *unit*: the weights of the kinds read as written, then those read in
    lower case. A phrase's units are looked up once per run and laid out one size after another, each size padded
    with WINDOW units on each side (``BOS`` before the phrase, ``EOS`` from where a run would go past its end), each
    unit copied whole into the list (``list.extend`` copies a tuple at once, where a chained iterator hands its
    weights over one by one); a syllable's weights are then read out in template order by one ``itemgetter`` for
    each position in a phrase of that length.

    A phrase in lower case none of whose syllables begins with a capital (most phrases) has each run's unit read
    in one lookup (``plain_units``); any other phrase in two lookups per run, as written (``text``) and in lower case
    (``lower``), its flags worked out from the phrase (a run of two or three syllables holds a space, so it is
    never a number). A few lookups in large tables per syllable instead of one for
    each of the 43 features: that matters more than their count on text read for the first time, when each lookup
    waits for memory."""

    def __init__(self, model_dir: Path, templates: list[str], dictionary: set[str]):
        width: dict[tuple[int, str], int] = {}
        slot_of: dict[str, tuple[tuple[int, str], int]] = {}
        template_kinds: list[tuple[tuple[int, str], int, int]] = []   # (kind, offset of the run, slot)
        for template in templates:
            kind, first = _kind_of(template)
            width.setdefault(kind, 0)
            slot_of[template] = (kind, width[kind])
            template_kinds.append((kind, first, width[kind]))
            width[kind] += 1
        labels, states, transitions = read_model(model_dir / "models.bin")   # read once the templates are known
        if tuple(labels) != LABELS:
            raise ModelFormatError(f"labels {labels}, not {LABELS}")
        weights: dict[tuple[int, str], dict[str, list[complex | None]]] = {kind: {} for kind in width}
        for attribute, by_label in states.items():
            template, _equals, value = attribute.partition("=")
            if template in slot_of:
                kind, slot = slot_of[template]
                entry = weights[kind].setdefault(value, [None] * width[kind])
                entry[slot] = complex(*by_label)
        entries = {kind: {value: tuple(entry) for value, entry in by_value.items()}
                   for kind, by_value in weights.items()}
        none = {kind: (None,) * count for kind, count in width.items()}
        flags = {kind: (by_value.get("True", none[kind]), by_value.get("False", none[kind]))
                 for kind, by_value in entries.items() if kind[1] in FLAGS}   # (holds, does not hold)
        words: dict[int, set[str]] = {1: set(), 2: set(), 3: set()}
        for word in dictionary:
            size = word.count(" ") + 1
            if size in words:
                words[size].add(word)

        self.sizes = sorted({size for size, _function in width})
        unit_kinds = {size: [(size, function) for function in WRITTEN + LOWERED if (size, function) in width]
                      for size in self.sizes}
        self.unit_width = {size: sum(width[kind] for kind in kinds) for size, kinds in unit_kinds.items()}
        at_in_unit: dict[tuple[int, str], int] = {}
        # the units outside the phrase: the WINDOW units before it (BOS), and the one repeated after it (EOS)
        self.edges: dict[int, tuple[tuple, tuple]] = {}
        for size, kinds in unit_kinds.items():
            at = 0
            for kind in kinds:
                at_in_unit[kind] = at
                at += width[kind]
            begin, end = (tuple(chain.from_iterable(entries[kind].get(edge, none[kind]) for kind in kinds))
                          for edge in ("BOS", "EOS"))
            self.edges[size] = (begin * WINDOW, end)
        self.template_places = [(kind[0], offset, at_in_unit[kind] + slot) for kind, offset, slot in template_kinds]

        self.text = {size: entries.get((size, "text"), {}) for size in self.sizes}   # a run as written -> weights
        self.lower = {size: entries.get((size, "lower"), {}) for size in self.sizes}   # a run in lower case -> weights
        self.text_none = {size: none.get((size, "text"), ()) for size in self.sizes}
        self.lower_none = {size: none.get((size, "lower"), ()) for size in self.sizes}
        self.words = words
        self.written_flags = {size: {(digit, title): tuple(chain.from_iterable(
            flags[size, function][not holds] for function, holds in (("isdigit", digit), ("istitle", title))
            if (size, function) in width)) for digit in (True, False) for title in (True, False)}
            for size in self.sizes}   # (a number, every syllable begins with a capital) -> the flags' weights
        self.in_dictionary_flags = {size: {holds: flags[size, "is_in_dict"][not holds]
                                           if (size, "is_in_dict") in width else () for holds in (True, False)}
                                    for size in self.sizes}   # in the dictionary -> the flag's weights
        shared: dict[tuple, tuple] = {}   # one tuple for equal units (most words of the dictionary carry no weight)
        self.plain_units: dict[int, dict[str, tuple]] = {}
        self.plain_unit: dict[int, tuple] = {}   # a plain run the model holds nothing of, not in the dictionary
        for size in self.sizes:
            text, lower, in_words = self.text[size], self.lower[size], self.words[size]
            text_none, lower_none = self.text_none[size], self.lower_none[size]
            written_flags, in_dictionary = self.written_flags[size], self.in_dictionary_flags[size]
            self.plain_units[size] = {
                run: shared.setdefault(unit, unit) for run in {*text, *lower, *in_words} if run == run.lower()
                for unit in (text.get(run, text_none) + written_flags[_flags_of(run)] + lower.get(run, lower_none)
                             + in_dictionary[run in in_words],)}
            self.plain_unit[size] = text_none + written_flags[False, False] + lower_none + in_dictionary[False]
        self.getters: dict[int, list[Callable[[list], tuple]]] = {}
        for count in range(1, PREPARED_LENGTHS + 1):
            self._getters(count)
        self.to_begin = (transitions.get((0, 0), 0.0), transitions.get((1, 0), 0.0))
        self.to_go_on = (transitions.get((0, 1), 0.0), transitions.get((1, 1), 0.0))

    def labels(self, syllables: list[str]) -> list[str] | None:
        """The model's labels of *syllables* (a plain phrase's tokens), or None when one holds a character
        outside SAFE_LETTERS."""
        if not syllables or not all(map(SAFE_LETTERS.fullmatch, syllables)):
            return None
        return list(map(LABELS.__getitem__, self._best_path(self._scores(syllables))))

    def _scores(self, syllables: list[str]) -> list[complex]:
        """Each syllable's score for B-W (real) and I-W (imaginary): its features' weights added in template order
        (a feature the model does not hold adds nothing, as there: no weight is zero, ``read_model``)."""
        count = len(syllables)
        lower = list(map(str.lower, syllables))
        firsts = list(map(itemgetter(0), syllables))
        title = list(map(eq, map(str.upper, firsts), firsts))   # _begins_with_a_capital of each syllable
        laid_out: list[complex | None] = []
        extend = laid_out.extend   # a unit at a time: copying a tuple costs less than walking it
        plain = lower == syllables and not any(title)
        if not plain:
            lower_runs, titles, numbers = lower, title, list(map(_is_int32, syllables))
        runs = syllables
        for size in self.sizes:
            if size > 1:
                runs = [f"{a} {b}" for a, b in zip(runs, syllables[size - 1:])]
                if not plain:   # a run of several syllables holds a space: never a number
                    lower_runs = [f"{a} {b}" for a, b in zip(lower_runs, lower[size - 1:])]
                    titles, numbers = list(map(and_, titles, title[size - 1:])), repeat(False)
            before, after = self.edges[size]
            extend(before)
            if plain:
                units = map(self.plain_units[size].get, runs, repeat(self.plain_unit[size]))
            else:
                units = chain.from_iterable(zip(
                    map(self.text[size].get, runs, repeat(self.text_none[size])),
                    map(self.written_flags[size].__getitem__, zip(numbers, titles)),
                    map(self.lower[size].get, lower_runs, repeat(self.lower_none[size])),
                    map(self.in_dictionary_flags[size].__getitem__,
                        map(self.words[size].__contains__, lower_runs))))
            for unit in units:
                extend(unit)
            extend(after * (count + WINDOW - max(0, count - size + 1)))
        return [sum(filter(None, getter(laid_out)), ADDED_IN_ORDER) for getter in self._getters(count)]

    def _getters(self, count: int) -> list[Callable[[list], tuple]]:
        """For each position of a phrase of *count* syllables, the getter of its weights in template order."""
        getters = self.getters.get(count)
        if getters is None:
            base, at = {}, 0
            for size in self.sizes:
                base[size] = at
                at += (count + 2 * WINDOW) * self.unit_width[size]
            getters = [_tuple_getter([base[size] + (position + offset + WINDOW) * self.unit_width[size] + place
                                      for size, offset, place in self.template_places])
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


def _flags_of(run: str) -> tuple[bool, bool]:
    """(a number, every syllable begins with a capital) of a run as written."""
    return _is_int32(run), all(map(_begins_with_a_capital, run.split(" ")))


def _begins_with_a_capital(syllable: str) -> bool:
    """underthesea's "istitle" of a syllable: its first character is its own upper case (so a digit, or a letter
    without a capital, counts)."""
    return syllable[0].upper() == syllable[0]


def _is_int32(token: str) -> bool:
    """underthesea's "isdigit": the token reads as a 32-bit integer (SAFE_LETTERS keeps signs out)."""
    return token.isdigit() and int(token) < INT32
