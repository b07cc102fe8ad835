"""Word lists as trie-shaped alternations: the one builder the patterns of every extractor use.

A list of words ``(?:cây giống|cây|căn)`` makes the regular expression engine try one word after the other at
every position; the same words as a trie, ``c(?:ây(?:\\s+giống)?|ăn)``, are read one token at a time. A word is
tried before a shorter word it extends, so the longest word that lets the rest of a pattern match wins, as in a
list sorted longest first. Words are sequences of tokens (characters, or names of pieces such as a space);
``piece`` turns a token into its regular expression.
"""

from __future__ import annotations

import re
from typing import Callable, Iterable, Sequence


def trie_alternation(words: Iterable[Sequence[str]], piece: Callable[[str], str] = re.escape,
                     ending: Callable[[Sequence[str]], str] | None = None) -> str:
    """The body of an alternation of *words* (each a sequence of tokens), shaped as a trie; without the
    enclosing group. Siblings are ordered by token; a word that ends where a longer one goes on is tried last.
    *ending*, when given, is the regular expression (a look-ahead) each word must meet where it ends, as if
    written after that word alone in a list."""
    root: dict = {}
    for word in words:
        node = root
        for token in word:
            node = node.setdefault(token, {})
        node[""] = ending(word) if ending else ""
    return _node_pattern(root, piece)


def _node_pattern(node: dict, piece: Callable[[str], str]) -> str:
    branches = [piece(token) + _node_pattern(child, piece) for token, child in sorted(node.items()) if token]
    end = node.get("")
    if end:   # the word ending here has a condition of its own: tried after every longer word
        return end if not branches else "(?:" + "|".join(branches) + "|" + end + ")"
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if end is not None:
        return f"(?:{body})?" if len(branches) > 1 or len(body) > 1 else f"{body}?"
    return body
