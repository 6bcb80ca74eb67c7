"""Words of a sentence as the aligner compares them: normalised, stemmed, synonyms merged.

Typography is folded (quotes, dashes, `1,300` -> `1300`), function words dropped, and each word
is reduced to a key: a light stem, then the key of its synonym group (`lexicon.py`), so `killed`,
`died` and `deaths` are one key. Names, demonyms (`Iranian` -> `Iran`) and the day and month
words are recognised here too; `features.py` decides what they weigh.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

from tui.core.lexicon import (
    DEMONYM_SUFFIXES,
    IRREGULAR_DEMONYMS,
    MONTHS,
    NUMBER_WORDS,
    SYNONYM_GROUPS,
    WEEKDAYS,
    american_spelling,
    expand_phrases,
)
from tui.core.marks import MarkFolder

__all__ = [
    "DAY_KEYS",
    "MONTH_KEYS",
    "STOP_WORDS",
    "clean",
    "copy_key",
    "demonym_map",
    "is_big_number",
    "is_label",
    "name_tokens",
    "normalise_text",
    "stem",
    "surface_words",
    "tokens",
    "total",
    "word_key",
]


def _words(block: str) -> frozenset[str]:
    return frozenset(block.split())


# Typographic variants mapped to ASCII so that "Russia’s" and "Russia's" are one token.
_ascii_marks = MarkFolder(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u00a0": " ",
    }
)


_THOUSANDS = re.compile(r"(?<=\d)[,\u202f\u2009](?=\d{3}(?!\d))")
# A separator followed by a digit: without one there is nothing for `_THOUSANDS` to remove, and
# this search (which starts from a character set) is several times cheaper than the sub.
_SEP_DIGIT = re.compile(r"[,\u202f\u2009]\d")


def drop_thousands(text: str) -> str:
    """`1,300` -> `1300` (also with narrow or thin spaces as separators)."""
    return _THOUSANDS.sub("", text) if _SEP_DIGIT.search(text) else text


_TOKEN = re.compile(r"\d+(?:\.\d+)?|[^\W\d_]+", re.UNICODE)

# Function words carry no content; `al`/`el` are Arabic article prefixes (`al-Sisi` = `el-Sisi`).
STOP_WORDS: frozenset[str] = frozenset(
    _words(
        """
    a about above after again against all also am an and any are as at be been before being
    below between both but by can could did do does doing down during each few for from further
    had has have having he her here hers herself him himself his how i if in into is it its itself
    just me more most my myself no nor not now of off on once only or other our ours ourselves out
    over own same she should so some such than that the their theirs them themselves then there
    these they this those through to too under until up very was we were what when where which
    while who whom why will with would you your yours yourself s t d ll m re ve al el said says
    say told tell according mr mrs ms dr
    """
    )
)

# Suffixes removed by the light stemmer, longest first; `ies`/`ied` become `y` (casualty).
_SUFFIXES = ("ations", "ation", "ings", "ing", "ies", "ied", "es", "ed", "ly", "s")
# `-es` is a suffix after these endings only (`crosses`, `taxes`); elsewhere the `e` is the
# stem's own (`lines` = `line` + `s`).
_ES_AFTER = ("s", "x", "z", "ch", "sh")


def normalise_text(text: str) -> str:
    """NFKC, casefold, ASCII quotes and dashes, and `1,300` -> `1300`.

    Args:
        text: Any text.

    Returns:
        The normalised text (same words, comparable across outlets' typography).
    """
    text = _ascii_marks(unicodedata.normalize("NFKC", text))
    return drop_thousands(text).casefold()


@lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """A light suffix stripper: enough to equate `killed`/`kills`/`killing` and plurals.

    British spellings are made American first (`normalise` = `normalize`), and a trailing
    `at` left by `-ate`/`-ation` goes too (`escalate` = `escalating` = `escalation`).

    Args:
        word: A casefolded word.

    Returns:
        The word without one common inflectional suffix, never shorter than 3 characters.
    """
    if word.isdigit() or len(word) <= 4:
        # Short plurals: `days` = `day`, `cars` = `car` (not `news`, `bus`, `gas`, `crisis`).
        if len(word) == 4 and word[-1] == "s" and word[-2] not in "siu" and word != "news":
            return word[:-1]
        return word
    word = american_spelling(word)
    for suffix in _SUFFIXES:
        if suffix == "es" and not word[:-2].endswith(_ES_AFTER):
            continue
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)] + ("y" if suffix in ("ies", "ied") else "")
            break
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]
    if word.endswith("at") and len(word) > 5:
        word = word[:-2]
    return word


def _build_canon() -> dict[str, str]:
    """Stem of each synonym -> stem of its group's first word."""
    canon: dict[str, str] = {}
    for group in SYNONYM_GROUPS:
        head = stem(group[0])
        for word in group:
            canon[stem(word)] = head
    return canon


_CANON = _build_canon()
_IRREGULAR = {stem(k): stem(v) for k, v in IRREGULAR_DEMONYMS.items()}


def clean(text: str) -> str:
    """NFKC with ASCII quotes and dashes: the one normalisation every later step starts from."""
    return _ascii_marks(unicodedata.normalize("NFKC", text))


def surface_words(clean: str) -> list[str]:
    """Every word and number of a cleaned text as written (phrases and acronyms merged)."""
    return _TOKEN.findall(drop_thousands(expand_phrases(clean)))


@lru_cache(maxsize=1 << 17)
def word_key(word: str) -> str | None:
    """The comparison key of a word as written, or None for a function word or a lone letter.

    Words recur across sentences, so each distinct spelling is worked out once.
    """
    low = word.casefold()
    # "US" the country, not "us" the pronoun.
    if word != "US" and (low in STOP_WORDS or low == "us"):
        return None
    if len(low) < 2 and not low.isdigit():
        return None
    return _key(NUMBER_WORDS.get(low, low), word[0].isupper())


@lru_cache(maxsize=1 << 16)
def _key(word: str, capital: bool) -> str:
    """The comparison key of a casefolded word: stemmed, then its synonym group's key."""
    key = stem(word)
    if capital:
        key = _IRREGULAR.get(key, key)
    return _CANON.get(key, key)


def tokens(text: str) -> list[str]:
    """Content tokens of a text: normalised, stemmed, synonyms merged, no function words.

    Args:
        text: A sentence or passage.

    Returns:
        The tokens in order (repeats kept).
    """
    keys = map(word_key, surface_words(clean(text)))
    return [k for k in keys if k is not None]


def name_tokens(words: Sequence[list[str]]) -> tuple[set[str], set[str]]:
    """Tokens that look like names, and all tokens ever written capitalised.

    A name is capitalised mid-sentence and never written in lower case (a sentence's first
    word says nothing either way when capitalised). Computed over both documents so the answer
    is the same whichever side is A. Each distinct spelling is looked at once.
    """
    inner: set[str] = set()  # words written after a sentence's first word
    firsts: set[str] = set()
    for ws in words:
        if ws:
            firsts.add(ws[0])
            inner.update(ws[1:])
    capital: set[str] = set()
    lower: set[str] = set()
    for word in inner | firsts:
        key = word_key(word)
        if key is None or key[0].isdigit():
            continue
        if not word[0].isupper():
            lower.add(key)
        elif word in inner:
            capital.add(key)
    return capital - lower, capital


def demonym_map(capital: set[str]) -> dict[str, str]:
    """`iranian` -> `iran`, `israeli` -> `israel`, `syrian` -> `syria` among capitalised tokens.

    A suffix is only removed when the base is itself a capitalised word of the documents, so
    ordinary words and names are left alone.
    """
    out: dict[str, str] = {}
    for tok in capital:
        for suffix in DEMONYM_SUFFIXES:
            if not tok.endswith(suffix) or len(tok) - len(suffix) < 3:
                continue
            root = tok[: -len(suffix)]
            hits = [c for c in (root, root + "a", root + "y", root + "o") if c in capital]
            if hits and hits[0] != tok:
                out[tok] = hits[0]
                break
    # Follow chains to the final root (bounded: each step shortens the token).
    for tok in list(out):
        root = out[tok]
        while root in out and out[root] != root:
            root = out[root]
        out[tok] = root
    return out


def total(table: dict[str, float], tokset: frozenset[str] | set[str]) -> float:
    """The sum of `table`'s values over a token set, independent of the set's order.

    A set iterates in an order that depends on string hashing (PYTHONHASHSEED), and a float
    sum depends on its order in the last bits: that was enough to flip ties between runs.
    `math.fsum` is correctly rounded, so any order gives the same float.
    """
    return math.fsum(map(table.__getitem__, tokset))


def is_big_number(token: str) -> bool:
    """A number of two digits or more (a count, a day of the month, a year)."""
    return token[0].isdigit() and len(token) > 1


DAY_KEYS = frozenset(_key(d, True) for d in WEEKDAYS)
MONTH_KEYS = frozenset(_key(m, True) for m in MONTHS if m not in ("may", "march"))  # verbs too


def copy_key(clean: str) -> str:
    """Normalised text with whitespace collapsed: equal keys mean a verbatim copy.

    `clean` is the sentence after `_clean`; the rest of `normalise_text` is done here.
    """
    return " ".join(drop_thousands(clean).casefold().split())


# A unit ending without a stop (after closing quotes or brackets) is a headline, subhead,
# caption or dateline.
_SENTENCE_END = re.compile(r"[.!?\u2026][\"'\u201d\u2019)\]]*\s*$")


def is_label(text: str) -> bool:
    """A headline, subhead, caption or dateline: a unit that does not end like a sentence."""
    return _SENTENCE_END.search(text) is None
