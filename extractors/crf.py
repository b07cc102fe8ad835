"""underthesea's word segmenter model, read from its CRFsuite file and run in Python on plain syllables.

underthesea runs its segmenter's model in compiled code: each syllable's 43 features are written out as strings,
handed to Python and back, and looked up twice (string to attribute, attribute and label to weight), which costs
more than the rest of a short phrase's reading. Here each feature is looked up once, by its template and value, and
a syllable's weights are added in the order of the templates, as underthesea's tagger adds them, so every score is
the same float and the best path the same path (of equal scores the first label wins, as there). The model has two
labels ("B-W" begins a word, "I-W" goes on with it), so a feature's two weights fit one complex number
(``SyllableSegmenter``). The part-of-speech model, with 31 labels, stays underthesea's: run here, with NumPy for
its best path, it was slower on a short phrase (86 against 49 µs for five words).

The features are those of underthesea's ``CRFFeaturizer`` (``TokenFeatures``: a window of two tokens on each side;
runs of one to three tokens, as written, in lower case, whether a number, whether every syllable begins with a
capital, whether in the dictionary; ``BOS`` and ``EOS`` outside the phrase). Python and the compiled code agree on
lower case and capitals letter by letter for the scripts of ``SAFE_LETTERS``; a phrase with any other letter, or
with a digit other than 0–9, is left to underthesea (``SyllableSegmenter.labels`` gives None). tests/test_crf.py
holds both to underthesea's own output.
"""

from __future__ import annotations

import re
import struct
from functools import reduce
from operator import add
from pathlib import Path

LABELS = ("B-W", "I-W")
FUNCTIONS_BY_SIZE = {1: ("text", "lower", "isdigit", "istitle", "is_in_dict"),
                     2: ("text", "lower", "istitle", "is_in_dict"),
                     3: ("text", "lower", "istitle", "is_in_dict")}
TEMPLATE = re.compile(r"T\[(?P<first>-?\d+)(?:,(?P<last>-?\d+))?\](?:\.(?P<function>\w+))?")
WINDOW = 2   # templates reach at most this many syllables on each side
# Latin letters (Vietnamese among them) and ASCII digits: where Python's case mappings were checked, letter by
# letter, to be the compiled code's; two letters that Unicode gave an upper case after Python's tables are left out.
SAFE_LETTERS = re.compile(r"[0-9A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u019a\u019c-\u024f\u1e00-\u1eff]+")
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


class TokenFeatures:
    """underthesea's ``CRFFeaturizer`` for a model's templates: each template's values over a phrase's syllables
    (tokens without spaces: underthesea's "istitle", whether every space-separated part begins with a character its
    upper case leaves as it is, then reads one character of each)."""

    def __init__(self, templates: list[str], dictionary: set[str]):
        self.dictionary = dictionary
        self.columns: list[tuple[int, str, int]] = []   # (tokens, function, offset into the padded values)
        for template in templates:
            match = TEMPLATE.fullmatch(template)
            if match is None:
                raise ModelFormatError(f"template {template!r}")
            first = int(match["first"])
            last = first if match["last"] is None else int(match["last"])
            size, function = last - first + 1, match["function"] or "text"
            if not (-WINDOW <= first <= last <= WINDOW and function in FUNCTIONS_BY_SIZE.get(size, ())):
                raise ModelFormatError(f"template {template!r}")
            self.columns.append((size, function, first + WINDOW))
        self.templates = list(templates)

    def values(self, tokens: list[str]) -> list[list[str]]:
        """For each template, its value at each token."""
        padded, count = self._padded(tokens), len(tokens)
        return [padded[size, function][at:at + count] for size, function, at in self.columns]

    def _padded(self, tokens: list[str]) -> dict[tuple[int, str], list[str]]:
        """Each feature's value for runs of 1–3 tokens starting at each token, padded with WINDOW values on each
        side: "BOS" before the phrase, "EOS" from where a run would go past its end."""
        lower = [token.lower() for token in tokens]
        title = ["True" if token[0].upper() == token[0] else "False" for token in tokens]   # syllables: no spaces
        runs, lower_runs, titles = {1: tokens}, {1: lower}, {1: title}
        for size in (2, 3):
            runs[size] = [f"{a} {b}" for a, b in zip(runs[size - 1], tokens[size - 1:])]
            lower_runs[size] = [f"{a} {b}" for a, b in zip(lower_runs[size - 1], lower[size - 1:])]
            titles[size] = ["True" if a == b == "True" else "False" for a, b in zip(titles[size - 1], title[size - 1:])]
        padded = {}
        for size in (1, 2, 3):
            before, after = ["BOS"] * WINDOW, ["EOS"] * (WINDOW + size)
            padded[size, "text"] = before + runs[size] + after
            padded[size, "lower"] = before + lower_runs[size] + after
            padded[size, "istitle"] = before + titles[size] + after
            in_dictionary = ["True" if run in self.dictionary else "False" for run in lower_runs[size]]
            padded[size, "is_in_dict"] = before + in_dictionary + after
        padded[1, "isdigit"] = (["BOS"] * WINDOW + ["True" if _is_int32(token) else "False" for token in tokens]
                                + ["EOS"] * (WINDOW + 1))
        return padded


class SyllableSegmenter:
    """``labels(syllables)``: the labels underthesea's segmenter model gives a phrase's syllables."""

    def __init__(self, model_dir: Path, templates: list[str], dictionary: set[str]):
        labels, states, transitions = read_model(model_dir / "models.bin")
        if tuple(labels) != LABELS:
            raise ModelFormatError(f"labels {labels}, not {LABELS}")
        self.features = TokenFeatures(templates, dictionary)
        index = {template: at for at, template in enumerate(templates)}
        self.tables: list[dict[str, complex]] = [{} for _ in templates]
        for attribute, weights in states.items():
            template, _equals, value = attribute.partition("=")
            if template in index:
                self.tables[index[template]][value] = complex(weights.get(0, 0.0), weights.get(1, 0.0))
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
        tables = self.tables
        return [reduce(add, filter(None, map(dict.get, tables, row)), 0j)
                for row in zip(*self.features.values(syllables))]

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


def _is_int32(token: str) -> bool:
    """underthesea's "isdigit": the token reads as a 32-bit integer (SAFE_LETTERS keeps signs out)."""
    return token.isdigit() and int(token) < INT32
