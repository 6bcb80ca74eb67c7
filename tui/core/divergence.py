"""Divergent wording: a word-level diff of the two sides of a matched row.

Words are compared case- and punctuation-insensitively, with numbers compared as numbers
(`1,300` == `1300`) and Arabic article prefixes ignored (`el-Sisi` == `al-Sisi`). The result is a
run of `DiffSpan`s per side whose offsets point into that side's text, so the UI can highlight
exactly the words one outlet changed.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import lru_cache

from tui.core.align import normalise_text
from tui.core.types import DiffSpan

__all__ = ["diff_words", "word_key"]

_WORD = re.compile(r"\S+")
# Keep letters, digits and a decimal point between digits; drop the rest of the punctuation.
_NOT_KEY = re.compile(r"(?<!\d)\.|\.(?!\d)|[^\w.]|_")
_ARTICLE_PREFIX = re.compile(r"^(?:al|el)-(?=\w)")
# Above this many words per side, difflib's worst case is too slow: diff the trimmed middle as one
# replaced block instead.
_MAX_DIFF_WORDS = 3000


@lru_cache(maxsize=1 << 16)
def word_key(word: str) -> str:
    """The comparison key of one whitespace-delimited word.

    Args:
        word: A word as written, with any attached punctuation.

    Returns:
        The word casefolded, without punctuation or `al-`/`el-` prefix, `1,300` as `1300`.
        Punctuation-only words give an empty key.
    """
    norm = _ARTICLE_PREFIX.sub("", normalise_text(word))
    return _NOT_KEY.sub("", norm)


def _words(text: str) -> list[tuple[str, int, int]]:
    """(key, start, end) of each word that has a key; punctuation-only words ride along."""
    matches = list(_WORD.finditer(text))
    # Words recur across rows: their keys are memoised.
    keys = list(map(word_key, map(re.Match.group, matches)))
    if all(keys):
        # The usual case, no punctuation-only word: built by C-level maps, not a Python loop.
        return list(
            zip(keys, map(re.Match.start, matches), map(re.Match.end, matches), strict=True)
        )
    out: list[tuple[str, int, int]] = []
    pending: int | None = None  # start of punctuation met before the first word
    for m, key in zip(matches, keys, strict=True):
        if key:
            out.append((key, m.start() if pending is None else pending, m.end()))
            pending = None
        elif not out:
            pending = m.start() if pending is None else pending
        else:
            # A stray dash or quote belongs to the word before it.
            k, s, _ = out[-1]
            out[-1] = (k, s, m.end())
    return out


def _opcodes(a: list[str], b: list[str]) -> list[tuple[str, int, int, int, int]]:
    """difflib opcodes, bounded: a common prefix and suffix, then SequenceMatcher or one block."""
    lo = 0
    while lo < len(a) and lo < len(b) and a[lo] == b[lo]:
        lo += 1
    hi_a, hi_b = len(a), len(b)
    while hi_a > lo and hi_b > lo and a[hi_a - 1] == b[hi_b - 1]:
        hi_a -= 1
        hi_b -= 1
    ops: list[tuple[str, int, int, int, int]] = []
    if lo:
        ops.append(("equal", 0, lo, 0, lo))
    mid_a, mid_b = a[lo:hi_a], b[lo:hi_b]
    if mid_a or mid_b:
        if len(mid_a) <= _MAX_DIFF_WORDS and len(mid_b) <= _MAX_DIFF_WORDS:
            sm = SequenceMatcher(None, mid_a, mid_b, autojunk=False)
            for tag, i1, i2, j1, j2 in sm.get_opcodes():
                ops.append((tag, i1 + lo, i2 + lo, j1 + lo, j2 + lo))
        else:
            tag = "replace" if mid_a and mid_b else ("delete" if mid_a else "insert")
            ops.append((tag, lo, hi_a, lo, hi_b))
    if hi_a < len(a):
        ops.append(("equal", hi_a, len(a), hi_b, len(b)))
    return ops


def _span(text: str, words: list[tuple[str, int, int]], i1: int, i2: int, op: str) -> DiffSpan:
    start, end = words[i1][1], words[i2 - 1][2]
    return DiffSpan(text[start:end], op, start, end)  # type: ignore[arg-type]


def diff_words(a: str, b: str) -> tuple[tuple[DiffSpan, ...], tuple[DiffSpan, ...]]:
    """Word-level diff of two texts.

    Args:
        a: The A side's text (its sentences joined).
        b: The B side's text.

    Returns:
        `(spans_a, spans_b)`. A's spans are `equal`, `delete` or `replace`; B's are `equal`,
        `insert` or `replace`. Each span's `start`/`end` index its own side's text, spans are
        in order and do not overlap, and only whitespace lies between them.
    """
    wa, wb = _words(a), _words(b)
    ka, kb = [w[0] for w in wa], [w[0] for w in wb]
    spans_a: list[DiffSpan] = []
    spans_b: list[DiffSpan] = []
    for tag, i1, i2, j1, j2 in _opcodes(ka, kb):
        if i2 > i1:
            spans_a.append(_span(a, wa, i1, i2, tag))
        if j2 > j1:
            spans_b.append(_span(b, wb, j1, j2, "insert" if tag == "insert" else tag))
    return tuple(spans_a), tuple(spans_b)
