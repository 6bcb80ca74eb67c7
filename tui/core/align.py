"""Align the sentences of two articles: which units report the same thing.

The similarity must survive paraphrase and translation, so it is computed on normalised,
lightly stemmed tokens weighted by their rarity in the two documents (IDF): numbers and rare
content words count far more than function words. Generic word knowledge (`lexicon.py`) merges
synonyms, spellings, acronyms and demonyms first. Names count, but a link needs shared
*content* beyond names, so two sentences about the same people on different matters stay apart;
different days, or each side naming a place or person the other article never mentions, weaken
a pair (likely two events).

The assignment is global, not a left-to-right diff: candidate pairs come from an inverted index
(no dense all-pairs loop), then, best first:
1. 1:1 links at `threshold`, or down to `anchored_threshold` when the pair shares a word that no
   other sentence of either article uses;
2. split/merge: a sentence joins a linked group when the combined text matches clearly better,
   when most of its weight stands in the other side, or when it would have linked on its own;
3. order context: a weak pair whose neighbours are linked to each other fills the gap;
4. headlines, subheads and captions attach where they are a near-paraphrase (coverage).
`order_rows` lays the links out for display: rows follow A, B-only units sit next to their
nearest matched B neighbour, and pairs out of B's order are marked `moved` (longest increasing
subsequence).
"""

from __future__ import annotations

import heapq
import math
import re
import threading
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

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
from tui.core.types import Row

__all__ = [
    "Cancelled",
    "Link",
    "align",
    "normalise_text",
    "order_rows",
    "stem",
    "tokens",
]


def _words(block: str) -> frozenset[str]:
    return frozenset(block.split())


class Cancelled(Exception):
    """Raised when the caller's cancel event is set while work is in progress."""


@dataclass(frozen=True, slots=True)
class Link:
    """A group of A sentences reporting the same content as a group of B sentences.

    One side always holds a single sentence (1:1, 1:n split or n:1 merge). `score` is in [0, 1].
    """

    a: tuple[int, ...]
    b: tuple[int, ...]
    score: float


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


def _drop_thousands(text: str) -> str:
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

# Gates of the similarity: shared content words needed, or else this many shared tokens.
MIN_CONTENT = 2
MIN_SHARED_NAMES = 4
# Units with fewer content tokens than this are labels; they never join a group by containment.
MIN_UNIT_TOKENS = 4
# Weight, relative to its IDF, of a word only one article uses, in a sentence's norm.
ONE_SIDED_WEIGHT = 0.6

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
    return _drop_thousands(text).casefold()


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


def _clean(text: str) -> str:
    """NFKC with ASCII quotes and dashes: the one normalisation every later step starts from."""
    return _ascii_marks(unicodedata.normalize("NFKC", text))


def _surface_words(clean: str) -> list[str]:
    """Every word and number of a cleaned text as written (phrases and acronyms merged)."""
    return _TOKEN.findall(_drop_thousands(expand_phrases(clean)))


@lru_cache(maxsize=1 << 17)
def _word_key(word: str) -> str | None:
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
    keys = map(_word_key, _surface_words(_clean(text)))
    return [k for k in keys if k is not None]


def _name_tokens(words: Sequence[list[str]]) -> tuple[set[str], set[str]]:
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
        key = _word_key(word)
        if key is None or key[0].isdigit():
            continue
        if not word[0].isupper():
            lower.add(key)
        elif word in inner:
            capital.add(key)
    return capital - lower, capital


def _demonym_map(capital: set[str]) -> dict[str, str]:
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


def _total(table: dict[str, float], tokset: frozenset[str] | set[str]) -> float:
    """The sum of `table`'s values over a token set, independent of the set's order.

    A set iterates in an order that depends on string hashing (PYTHONHASHSEED), and a float
    sum depends on its order in the last bits: that was enough to flip ties between runs.
    `math.fsum` is correctly rounded, so any order gives the same float.
    """
    return math.fsum(map(table.__getitem__, tokset))


def _is_big_number(token: str) -> bool:
    """A number of two digits or more (a count, a day of the month, a year)."""
    return token[0].isdigit() and len(token) > 1


@dataclass(slots=True)
class _Doc:
    """Per-sentence token sets, squared norms and exact-copy keys."""

    sets: list[frozenset[str]]
    norms: list[float]
    keys: list[str]
    # What `penalty` asks of each sentence, worked out once instead of once per pair: its day
    # and month words, and whether it names an entity the other article never mentions.
    days: list[frozenset[str]] = field(default_factory=list)
    months: list[frozenset[str]] = field(default_factory=list)
    own: list[bool] = field(default_factory=list)

    def prepare(self, own_names: set[str]) -> None:
        """Fill the per-sentence penalty inputs."""
        self.days = [s & _DAY_KEYS for s in self.sets]
        self.months = [s & _MONTH_KEYS for s in self.sets]
        self.own = [not s.isdisjoint(own_names) for s in self.sets]


class _Scorer:
    """Weighted cosine between sentence groups, with IDF over the two documents."""

    def __init__(self, a_texts: Sequence[str], b_texts: Sequence[str]) -> None:
        # Each sentence is normalised once: its words give the token sets, its text the key
        # that recognises a verbatim copy.
        clean_a = [_clean(x) for x in a_texts]
        clean_b = [_clean(x) for x in b_texts]
        words_a = [_surface_words(x) for x in clean_a]
        words_b = [_surface_words(x) for x in clean_b]
        names, capital = _name_tokens([*words_a, *words_b])
        demonyms = _demonym_map(capital)
        final: dict[str, str | None] = {}
        for ws in (*words_a, *words_b):
            for w in ws:
                if w not in final:
                    key = _word_key(w)
                    final[w] = None if key is None else demonyms.get(key, key)

        def key_set(ws: list[str]) -> frozenset[str]:
            keys = set(map(final.__getitem__, ws))
            keys.discard(None)
            return frozenset(keys)  # type: ignore[arg-type]

        a_sets = [key_set(ws) for ws in words_a]
        b_sets = [key_set(ws) for ws in words_b]
        names = {demonyms.get(t, t) for t in names}
        df: dict[str, int] = defaultdict(int)
        for s in (*a_sets, *b_sets):
            for t in s:
                df[t] += 1
        n = len(a_sets) + len(b_sets)
        # Numbers identify a fact precisely, so they weigh like the rarest words; a single
        # digit ("two people", "2 percent") is too common for that and weighs by its rarity.
        self.weight: dict[str, float] = {
            t: (math.log(n + 1) if _is_big_number(t) else math.log((n + 1) / d)) + 0.5
            for t, d in df.items()
        }
        # Squared weights, computed once: every score sums them.
        self.square: dict[str, float] = {t: w**2 for t, w in self.weight.items()}
        # Words only one article uses are mostly the rewriter's own vocabulary: they cannot be
        # shared, so they count less in a sentence's norm than words both articles use.
        in_a = set().union(*a_sets) if a_sets else set()
        in_b = set().union(*b_sets) if b_sets else set()
        self.norm_weight: dict[str, float] = {
            t: w * (1.0 if (t in in_a and t in in_b) else ONE_SIDED_WEIGHT)
            for t, w in self.weight.items()
        }
        self._norm_square: dict[str, float] = {t: w**2 for t, w in self.norm_weight.items()}
        self.names = names
        # Names only one article mentions (a town, a person): a sentence pair in which each side
        # names its own such entity likely reports two different events.
        self.own_names = {t for t in names if (t in in_a) != (t in in_b)}
        self.df = df
        self.a = _Doc(a_sets, [self._norm(s) for s in a_sets], [_copy_key(t) for t in clean_a])
        self.b = _Doc(b_sets, [self._norm(s) for s in b_sets], [_copy_key(t) for t in clean_b])
        self.a.prepare(self.own_names)
        self.b.prepare(self.own_names)

    def _norm(self, tokset: frozenset[str] | set[str]) -> float:
        return _total(self._norm_square, tokset)

    def score_sets(
        self,
        x: frozenset[str] | set[str],
        y: frozenset[str] | set[str],
        nx: float | None = None,
        ny: float | None = None,
    ) -> float:
        """Cosine of the IDF-weighted sets, or 0 when they share no content beyond names."""
        common = x & y
        if not common:
            return 0.0
        # Never link on a shared name or topic word alone: ask for two shared content words, or
        # for a long shared list of names (the leaders someone phoned is content in itself).
        if len(common) < MIN_SHARED_NAMES and len(common - self.names) < MIN_CONTENT:
            return 0.0
        nx = self._norm(x) if nx is None else nx
        ny = self._norm(y) if ny is None else ny
        if nx == 0.0 or ny == 0.0:
            return 0.0
        dot = _total(self.square, common)
        return min(1.0, dot / math.sqrt(nx * ny)) * self.penalty(x, y)

    def penalty(self, x: frozenset[str] | set[str], y: frozenset[str] | set[str]) -> float:
        """Evidence that two otherwise similar sentences report different events."""
        factor = _time_penalty(x, y)
        if not x & y & self.names and x & self.own_names and y & self.own_names:
            factor *= CONFLICT_PENALTY
        return factor

    def coverage(self, x: frozenset[str] | set[str], y: frozenset[str] | set[str]) -> float:
        """Share of `x`'s weight that `y` also holds (asymmetric, in [0, 1])."""
        norm = self._norm(x)
        if norm == 0.0:
            return 0.0
        return min(1.0, _total(self.square, x & y) / norm)

    def shared_content(self, x: frozenset[str] | set[str], y: frozenset[str] | set[str]) -> int:
        """How many shared tokens are not names."""
        return sum(1 for t in x & y if t not in self.names)

    def anchored(self, i: int, j: int) -> bool:
        """Whether A `i` and B `j` share a content word no other sentence of either article uses.

        Like the unique lines that anchor a patience diff: a rare number or word found once on
        each side is strong evidence that the two sentences report the same thing.
        """
        x, y = self.a.sets[i], self.b.sets[j]
        if self.penalty(x, y) < 1.0:
            return False  # evidence of two different events outweighs a shared rare word
        return any(
            self.df[t] == 2 and t not in self.names and (_is_big_number(t) or t[0].isalpha())
            for t in x & y
        )

    def score_pair(self, i: int, j: int) -> float:
        """Score of A sentence `i` against B sentence `j`: `score_sets` with what each sentence
        contributes worked out once (norms, day and month words, own names)."""
        a, b = self.a, self.b
        common = a.sets[i] & b.sets[j]
        if not common:
            return 0.0
        if len(common) < MIN_SHARED_NAMES and len(common - self.names) < MIN_CONTENT:
            return 0.0
        nx, ny = a.norms[i], b.norms[j]
        if nx == 0.0 or ny == 0.0:
            return 0.0
        dot = _total(self.square, common)
        # `penalty`, factor by factor in the same order (the same float).
        factor = 1.0
        for kx, ky in ((a.days[i], b.days[j]), (a.months[i], b.months[j])):
            if kx and ky and kx.isdisjoint(ky):
                factor *= TIME_CONFLICT
        if a.own[i] and b.own[j] and common.isdisjoint(self.names):
            factor *= CONFLICT_PENALTY
        return min(1.0, dot / math.sqrt(nx * ny)) * factor

    def score(self, a: Sequence[int], b: Sequence[int]) -> float:
        """Score of the union of A sentences `a` against the union of B sentences `b`."""
        x: set[str] = set().union(*(self.a.sets[i] for i in a))
        y: set[str] = set().union(*(self.b.sets[j] for j in b))
        return self.score_sets(x, y)


# Different days or months named on the two sides usually mean different events (two phone
# calls, two attacks); not always (the toll "rose on Sunday" after floods "on Saturday"), so
# this weakens a link rather than forbidding it.
TIME_CONFLICT = 0.75
# The same for two sentences that each name an entity the other article never mentions (two
# towns) and share no name. Different numbers are no such evidence: "1,300 killed" against
# "1,200 killed" is the same fact with conflicting values, which the reader must see side by side.
CONFLICT_PENALTY = 0.5
_DAY_KEYS = frozenset(_key(d, True) for d in WEEKDAYS)
_MONTH_KEYS = frozenset(_key(m, True) for m in MONTHS if m not in ("may", "march"))  # verbs too


def _time_penalty(x: frozenset[str] | set[str], y: frozenset[str] | set[str]) -> float:
    factor = 1.0
    for keys in (_DAY_KEYS, _MONTH_KEYS):
        kx, ky = x & keys, y & keys
        if kx and ky and not kx & ky:
            factor *= TIME_CONFLICT
    return factor


def _copy_key(clean: str) -> str:
    """Normalised text with whitespace collapsed: equal keys mean a verbatim copy.

    `clean` is the sentence after `_clean`; the rest of `normalise_text` is done here.
    """
    return " ".join(_drop_thousands(clean).casefold().split())


def _exact_pairs(keys_a: Sequence[str], keys_b: Sequence[str]) -> list[tuple[int, int]]:
    """Pairs of verbatim copies. A line repeated many times is paired in order, not all-pairs."""
    where_a: dict[str, list[int]] = defaultdict(list)
    where_b: dict[str, list[int]] = defaultdict(list)
    for i, k in enumerate(keys_a):
        if k:
            where_a[k].append(i)
    for j, k in enumerate(keys_b):
        if k:
            where_b[k].append(j)
    out: list[tuple[int, int]] = []
    for key, ia in where_a.items():
        jb = where_b.get(key)
        if not jb:
            continue
        if len(ia) * len(jb) <= 64:
            out.extend((i, j) for i in ia for j in jb)
        else:
            out.extend(zip(ia, jb, strict=False))
    return out


def _probe_order(
    postings: dict[str, list[int]], df: dict[str, int], max_postings: int
) -> Callable[[frozenset[str]], list[str]]:
    """A sentence's probe tokens, rarest first (by document frequency, then the token).

    Every eligible token gets its rank once; a sentence's tokens are then one set
    intersection and a sort of small integers, not a tuple built and compared per token.
    """
    eligible = sorted((df[t], t) for t in postings if df[t] <= max_postings)
    by_rank = [t for _, t in eligible]
    rank = {t: r for r, t in enumerate(by_rank)}
    allowed = frozenset(by_rank)

    def order(tokens: frozenset[str]) -> list[str]:
        return [by_rank[r] for r in sorted(map(rank.__getitem__, tokens & allowed))]

    return order


def _checked(
    sets: Sequence[frozenset[str]],
    cancel: threading.Event | None,
    report: Callable[[float], None],
) -> Iterator[frozenset[str]]:
    """The sets in order, checking `cancel` and reporting progress every 200 of them."""
    for i, s in enumerate(sets):
        if i % 200 == 0:
            if cancel is not None and cancel.is_set():
                raise Cancelled
            report(i / max(1, len(sets)))
        yield s


def _probe(
    sets: Sequence[frozenset[str]],
    other: Sequence[frozenset[str]],
    scorer: _Scorer,
    *,
    per_sentence: int,
    probe_tokens: int,
    max_postings: int,
    cancel: threading.Event | None,
    report: Callable[[float], None],
) -> list[list[int]]:
    """For each sentence of `sets`, its best few partners in `other` by shared rare tokens.

    Only a sentence's `probe_tokens` rarest tokens are looked up in the inverted index of
    `other` (prefix filtering): a real link shares some rare word, and skipping the common
    ones keeps the work linear in practice.
    """
    postings: dict[str, list[int]] = defaultdict(list)
    for j, s in enumerate(other):
        for t in s:
            postings[t].append(j)
    df, square = scorer.df, scorer.square
    if len(other) >= VECTOR_MIN and _numpy_available():
        return _probe_vector(
            sets,
            len(other),
            postings,
            df,
            square,
            per_sentence=per_sentence,
            probe_tokens=probe_tokens,
            max_postings=max_postings,
            cancel=cancel,
            report=report,
        )
    order = _probe_order(postings, df, max_postings)
    out: list[list[int]] = []
    for s in _checked(sets, cancel, report):
        probes = order(s)
        if not probes:
            out.append([])
            continue
        # Weights are added token by token in probe order, the first token's in one C call;
        # the sums (and so the ties) are the same floats whatever the container.
        first = probes[0]
        acc = dict.fromkeys(postings[first], square[first])
        get = acc.get
        for t in probes[1:probe_tokens]:
            w = square[t]
            for j in postings[t]:
                acc[j] = get(j, 0.0) + w
        # Best scores first, ties by index: only the partners scoring at least the
        # `per_sentence`-th best value can be among them.
        if len(acc) > per_sentence:
            floor = heapq.nlargest(per_sentence, acc.values())[-1]
            top = sorted([(-v, j) for j, v in acc.items() if v >= floor])[:per_sentence]
        else:
            top = sorted([(-v, j) for j, v in acc.items()])
        out.append([j for _, j in top])
    return out


# From this many sentences on the other side, candidate probing adds weights with numpy: the
# postings of common words are long there, and a Python loop per posting dominated the engine.
# Below it, importing numpy would cost more than it saves.
VECTOR_MIN = 1500


@lru_cache(maxsize=1)
def _numpy_available() -> bool:
    try:
        import numpy  # noqa: F401
    except ImportError:
        return False
    return True


def _probe_vector(
    sets: Sequence[frozenset[str]],
    n_other: int,
    postings: dict[str, list[int]],
    df: dict[str, int],
    square: dict[str, float],
    *,
    per_sentence: int,
    probe_tokens: int,
    max_postings: int,
    cancel: threading.Event | None,
    report: Callable[[float], None],
) -> list[list[int]]:
    """`_probe`'s loop with the weights added by numpy; the same partners, in the same order.

    Each partner's score is the same float: 0.0 plus each probe token's squared weight in
    probe order (IEEE double additions, one index per posting, so none is combined). Ties are
    broken by index as in `_probe` (`lexsort` on index, then score).
    """
    import numpy as np

    arrays: dict[str, Any] = {}
    acc = np.zeros(n_other, dtype=np.float64)
    order = _probe_order(postings, df, max_postings)
    out: list[list[int]] = []
    for s in _checked(sets, cancel, report):
        probes = order(s)
        if not probes:
            out.append([])
            continue
        used: list[Any] = []
        for t in probes[:probe_tokens]:
            idx = arrays.get(t)
            if idx is None:
                idx = arrays[t] = np.asarray(postings[t], dtype=np.intp)
            # Each partner once, when first touched (every weight is positive, so an untouched
            # partner's sum is 0.0): the work stays proportional to the postings.
            used.append(idx[acc[idx] == 0.0] if used else idx)
            acc[idx] += square[t]
        touched = np.concatenate(used) if len(used) > 1 else used[0]
        vals = acc[touched]
        acc[touched] = 0.0
        if len(touched) > per_sentence:
            kth = len(vals) - per_sentence
            floor = np.partition(vals, kth)[kth]
            keep = vals >= floor
            touched, vals = touched[keep], vals[keep]
        top = sorted(zip((-vals).tolist(), touched.tolist(), strict=True))[:per_sentence]
        out.append([j for _, j in top])
    return out


def _candidates(
    scorer: _Scorer,
    *,
    per_sentence: int,
    probe_tokens: int,
    max_postings: int,
    cancel: threading.Event | None,
    progress: Callable[[float], None] | None,
) -> dict[tuple[int, int], float]:
    """Score the pairs worth scoring: best few partners of each sentence, from both sides.

    Probing from A and from B alike keeps the candidates the same when A and B are swapped.
    """

    def report(x: float) -> None:
        if progress is not None:
            progress(0.8 * x)

    common = {
        "scorer": scorer,
        "per_sentence": per_sentence,
        "probe_tokens": probe_tokens,
        "max_postings": max_postings,
        "cancel": cancel,
    }
    from_a = _probe(scorer.a.sets, scorer.b.sets, report=lambda x: report(x / 2), **common)  # type: ignore[arg-type]
    from_b = _probe(scorer.b.sets, scorer.a.sets, report=lambda x: report(0.5 + x / 2), **common)  # type: ignore[arg-type]
    pairs = {(i, j) for i, js in enumerate(from_a) for j in js}
    pairs.update((i, j) for j, is_ in enumerate(from_b) for i in is_)
    scored: dict[tuple[int, int], float] = {}
    # A sentence copied word for word is a link whatever its content (even a bare name).
    for i, j in _exact_pairs(scorer.a.keys, scorer.b.keys):
        scored[(i, j)] = 1.0
        pairs.discard((i, j))
    for i, j in sorted(pairs):
        sc = scorer.score_pair(i, j)
        if sc > 0.0:
            scored[(i, j)] = sc
    return scored


def align(
    a_texts: Sequence[str],
    b_texts: Sequence[str],
    *,
    threshold: float = 0.4,
    merge_gain: float = 0.05,
    merge_min: float = 0.15,
    merge_contained: float = 0.6,
    merge_alone: float = 0.35,
    label_contained: float = 0.7,
    context_threshold: float = 0.2,
    anchored_threshold: float = 0.3,
    per_sentence: int = 8,
    probe_tokens: int = 8,
    max_postings: int = 1000,
    cancel: threading.Event | None = None,
    progress: Callable[[float], None] | None = None,
) -> tuple[Link, ...]:
    """Link the sentences of A to those of B that carry the same content.

    Args:
        a_texts: The sentences of article A, in order.
        b_texts: The sentences of article B, in order.
        threshold: Minimum similarity in [0, 1] for a 1:1 link.
        merge_gain: How much a group's score must beat the pair alone to absorb a partner.
        merge_min: Minimum similarity of a sentence to the group it joins. A sentence whose
            similarity to the partner reaches `threshold` always joins (a merge).
        merge_contained: A sentence also joins a group when at least this share of its weight
            is found in the group's other side (a fact packed into a longer one).
        anchored_threshold: Minimum similarity of a 1:1 link below `threshold` whose two
            sentences share a distinctive word: one the articles use in these two sentences only.
        context_threshold: Minimum similarity of a free sentence to a partner whose
            neighbours are linked to its own neighbours (outlets keep the local order).
        label_contained: A headline, subhead or caption links to the sentence holding at least
            this share of its weight (and two of its content words), when that is the best.
        per_sentence: Candidate partners kept per sentence from the inverted index.
        probe_tokens: How many of a sentence's rarest tokens look up candidates.
        max_postings: Tokens found in more sentences than this do not propose candidates.
        cancel: When set, the work stops with `Cancelled` at the next chunk.
        progress: Called with a fraction in [0, 1] as the work proceeds.

    Returns:
        The links sorted by their first A index; every sentence is in at most one link.
    """
    scorer = _Scorer(a_texts, b_texts)
    scored = _candidates(
        scorer,
        per_sentence=per_sentence,
        probe_tokens=probe_tokens,
        max_postings=max_postings,
        cancel=cancel,
        progress=progress,
    )
    # Best-first greedy 1:1 assignment. The tie-break key is symmetric in (i, j), so swapping
    # A and B gives the mirrored result; the pair itself ends the key so that the order is
    # total (never left to the dict's insertion order).
    order = sorted(
        scored.items(),
        key=lambda kv: (-kv[1], kv[0][0] + kv[0][1], abs(kv[0][0] - kv[0][1]), kv[0]),
    )
    label_a = [_is_label(t) for t in a_texts]
    label_b = [_is_label(t) for t in b_texts]
    a_of: dict[int, int] = {}
    b_of: dict[int, int] = {}
    for (i, j), sc in order:
        if sc < min(threshold, anchored_threshold):
            break
        # Headlines, subheads and captions come last: they attach where they paraphrase.
        if i in a_of or j in b_of or ((label_a[i] or label_b[j]) and sc < 1.0):
            continue
        if sc < threshold and not scorer.anchored(i, j):
            continue
        a_of[i] = j
        b_of[j] = i
    if cancel is not None and cancel.is_set():
        raise Cancelled
    groups: list[tuple[list[int], list[int]]] = [([i], [j]) for i, j in sorted(a_of.items())]
    group_a = {g[0][0]: k for k, g in enumerate(groups)}
    group_b = {g[1][0]: k for k, g in enumerate(groups)}
    # Split/merge: an unmatched sentence joins a linked group when the group's combined text
    # matches its partner clearly better than before. Considered best-first, both sides alike;
    # a group grows on one side only, so every row is 1:n or n:1.
    for (i, j), sc in order:
        if sc < merge_min:
            break
        if (i in group_a) == (j in group_b) or label_a[i] or label_b[j]:
            continue  # both linked already, or both free (too weak for a link of their own)
        if i in group_a:
            ga, gb = groups[group_a[i]]
            if len(ga) > 1:
                continue
            if _joins(
                scorer,
                ga,
                gb,
                extra_b=j,
                gain=merge_gain,
                contained=merge_contained,
                pair_score=sc,
                alone=threshold,
            ):
                gb.append(j)
                group_b[j] = group_a[i]
        else:
            ga, gb = groups[group_b[j]]
            if len(gb) > 1:
                continue
            if _joins(
                scorer,
                ga,
                gb,
                extra_a=i,
                gain=merge_gain,
                contained=merge_contained,
                pair_score=sc,
                alone=threshold,
            ):
                ga.append(i)
                group_a[i] = group_b[j]
    _fill_by_context(order, label_a, label_b, groups, group_a, group_b, threshold=context_threshold)
    _attach_labels(
        scorer,
        order,
        label_a,
        label_b,
        groups,
        group_a,
        group_b,
        threshold=threshold,
        contained=label_contained,
    )
    if progress is not None:
        progress(1.0)
    links = [
        Link(tuple(sorted(ga)), tuple(sorted(gb)), round(_group_score(scorer, ga, gb), 4))
        for ga, gb in groups
    ]
    links.sort(key=lambda lk: (lk.a[0], lk.b[0]))
    return tuple(links)


def _group_score(scorer: _Scorer, ga: list[int], gb: list[int]) -> float:
    """The link's score; a word-for-word copy scores 1.0 even with no scored token (a bare
    figure or punctuation), so the same article twice is always 100% similar."""
    if (
        len(ga) == len(gb) == 1
        and scorer.a.keys[ga[0]]
        and (scorer.a.keys[ga[0]] == scorer.b.keys[gb[0]])
    ):
        return 1.0
    return scorer.score(ga, gb)


# A unit ending without a stop (after closing quotes or brackets) is a headline, subhead,
# caption or dateline.
_SENTENCE_END = re.compile(r"[.!?\u2026][\"'\u201d\u2019)\]]*\s*$")


def _is_label(text: str) -> bool:
    return _SENTENCE_END.search(text) is None


def _fill_by_context(
    order: Sequence[tuple[tuple[int, int], float]],
    label_a: Sequence[bool],
    label_b: Sequence[bool],
    groups: list[tuple[list[int], list[int]]],
    group_a: dict[int, int],
    group_b: dict[int, int],
    *,
    threshold: float,
) -> None:
    """Link a free sentence to a weaker partner when their neighbours are linked (in place).

    Outlets reorder paragraphs but rarely the sentences inside one: when the sentence before
    `i` is linked to the sentence before `j` (or the one after to the one after), a pair too
    weak to stand alone is a paraphrase filling the gap. Symmetric in A and B.
    """

    def neighbour(labels: Sequence[bool], k: int, step: int) -> int:
        k += step
        while 0 <= k < len(labels) and labels[k]:
            k += step
        return k

    def linked(i: int, j: int) -> bool:
        return i in group_a and j in group_b and group_a[i] == group_b[j]

    changed = True
    while changed:
        changed = False
        for (i, j), sc in order:
            if sc < threshold:
                break
            if label_a[i] or label_b[j] or (i in group_a and j in group_b):
                continue
            before = linked(neighbour(label_a, i, -1), neighbour(label_b, j, -1))
            after = linked(neighbour(label_a, i, 1), neighbour(label_b, j, 1))
            if not (before or after):
                continue
            if i not in group_a and j not in group_b:
                groups.append(([i], [j]))
                group_a[i] = group_b[j] = len(groups) - 1
            elif j in group_b and len(groups[group_b[j]][1]) == 1:
                groups[group_b[j]][0].append(i)
                group_a[i] = group_b[j]
            elif i in group_a and len(groups[group_a[i]][0]) == 1:
                groups[group_a[i]][1].append(j)
                group_b[j] = group_a[i]
            else:
                continue
            changed = True


def _attach_labels(
    scorer: _Scorer,
    order: Sequence[tuple[tuple[int, int], float]],
    label_a: Sequence[bool],
    label_b: Sequence[bool],
    groups: list[tuple[list[int], list[int]]],
    group_a: dict[int, int],
    group_b: dict[int, int],
    *,
    threshold: float,
    contained: float,
) -> None:
    """Link each headline-like unit to the unit that paraphrases it, if any (in place).

    A headline is judged by how much of it the other unit says (coverage of the label), not
    by cosine: a lead says everything a headline says and much more. It needs two shared
    content words beyond names, so "X talks with Y" never links on the names alone. It joins
    its partner's group when the partner is linked already, or forms a 1:1 link.
    """
    cands: list[tuple[float, float, int, int]] = []
    for (i, j), sc in order:
        if not (label_a[i] or label_b[j]):
            continue
        # The label's coverage; with two labels, the smaller coverage (both are short).
        cov = min(
            scorer.coverage(scorer.a.sets[i], scorer.b.sets[j]) if label_a[i] else 1.0,
            scorer.coverage(scorer.b.sets[j], scorer.a.sets[i]) if label_b[j] else 1.0,
        )
        if scorer.shared_content(scorer.a.sets[i], scorer.b.sets[j]) < MIN_CONTENT:
            continue
        if cov >= contained or sc >= threshold:
            cands.append((-cov, -sc, i, j))
    for _, neg_sc, i, j in sorted(
        cands, key=lambda c: (c[0], c[1], c[2] + c[3], abs(c[2] - c[3]), c[2], c[3])
    ):
        if i in group_a and j in group_b:
            continue
        if i not in group_a and j not in group_b:
            # A new link of its own needs the 1:1 threshold, unless both are headlines.
            if -neg_sc < threshold and not (label_a[i] and label_b[j]):
                continue
            groups.append(([i], [j]))
            group_a[i] = group_b[j] = len(groups) - 1
        elif label_a[i] and label_b[j]:
            continue  # two headlines link 1:1 only
        elif i in group_a and label_b[j]:
            ga, gb = groups[group_a[i]]
            if len(ga) == 1:  # keep every group 1:n or n:1
                gb.append(j)
                group_b[j] = group_a[i]
        elif j in group_b and label_a[i]:
            ga, gb = groups[group_b[j]]
            if len(gb) == 1:
                ga.append(i)
                group_a[i] = group_b[j]


def _joins(
    scorer: _Scorer,
    ga: list[int],
    gb: list[int],
    *,
    extra_a: int | None = None,
    extra_b: int | None = None,
    gain: float,
    contained: float,
    pair_score: float,
    alone: float,
) -> bool:
    """Whether a free sentence should join the group `(ga, gb)` on its own side.

    It joins when the group's combined text matches clearly better with it, or when the
    sentence is a substantial unit whose content mostly stands in the group's other side.
    """
    new_a = [*ga, extra_a] if extra_a is not None else ga
    new_b = [*gb, extra_b] if extra_b is not None else gb
    if scorer.score(new_a, new_b) >= scorer.score(ga, gb) + gain:
        return True
    # Strong enough for a link of its own, but its partner was taken first: a merge.
    if pair_score >= alone:
        return True
    if extra_a is not None:
        unit, other = scorer.a.sets[extra_a], set().union(*(scorer.b.sets[j] for j in gb))
    else:
        assert extra_b is not None
        unit, other = scorer.b.sets[extra_b], set().union(*(scorer.a.sets[i] for i in ga))
    # A short label ("Condolences to X") carries no claim of its own: it never joins this way.
    if len(unit) < MIN_UNIT_TOKENS or scorer.score_sets(unit, other) == 0.0:
        return False
    norm = scorer._norm(unit)
    shared = _total(scorer.square, unit & other)
    return norm > 0.0 and shared / norm >= contained


def _lis_members(values: Sequence[int]) -> set[int]:
    """Positions of one longest strictly increasing subsequence of `values` (O(n log n))."""
    import bisect

    tails: list[int] = []
    tail_pos: list[int] = []
    prev = [-1] * len(values)
    for k, v in enumerate(values):
        at = bisect.bisect_left(tails, v)
        if at == len(tails):
            tails.append(v)
            tail_pos.append(k)
        else:
            tails[at] = v
            tail_pos[at] = k
        prev[k] = tail_pos[at - 1] if at > 0 else -1
    out: set[int] = set()
    k = tail_pos[-1] if tail_pos else -1
    while k != -1:
        out.add(k)
        k = prev[k]
    return out


def order_rows(links: Sequence[Link], n_a: int, n_b: int) -> tuple[Row, ...]:
    """Lay out links and unmatched sentences as display rows.

    Rows follow A's order (a merged group sits at its first A sentence); each B-only sentence
    sits right after the row holding its nearest preceding matched B sentence (or before the
    row of the nearest following one). A match whose B side is not in the longest increasing
    run of B indices is `moved`.

    Args:
        links: The links from `align`.
        n_a: Number of sentences in A.
        n_b: Number of sentences in B.

    Returns:
        Rows in which every sentence of A and of B appears exactly once.
    """
    by_a = sorted(links, key=lambda lk: (lk.a[0], lk.b[0]))
    in_order = _lis_members([lk.b[0] for lk in by_a])
    a_linked = {i for lk in links for i in lk.a}
    # The A-ordered skeleton: matches at their first A index, A-only rows in between.
    skeleton: list[Row] = []
    link_at = {lk.a[0]: (k, lk) for k, lk in enumerate(by_a)}
    for i in range(n_a):
        if i in link_at:
            k, lk = link_at[i]
            skeleton.append(Row("match", lk.a, lk.b, score=lk.score, moved=k not in in_order))
        elif i not in a_linked:
            skeleton.append(Row("only_a", (i,), ()))
    # Where each matched B sentence sits in the skeleton.
    pos_of_b: dict[int, int] = {}
    for pos, row in enumerate(skeleton):
        for j in row.b:
            pos_of_b[j] = pos
    after: dict[int, list[int]] = defaultdict(list)  # skeleton position -> B-only after it
    before: dict[int, list[int]] = defaultdict(list)  # skeleton position -> B-only before it
    tail: list[int] = []
    last_matched: int | None = None
    pending_head: list[int] = []
    for j in range(n_b):
        if j in pos_of_b:
            if pending_head:
                before[pos_of_b[j]].extend(pending_head)
                pending_head = []
            last_matched = j
        elif last_matched is not None:
            after[pos_of_b[last_matched]].append(j)
        else:
            pending_head.append(j)
    tail.extend(pending_head)  # no matched B sentence at all
    rows: list[Row] = []
    for pos, row in enumerate(skeleton):
        rows.extend(Row("only_b", (), (j,)) for j in before.get(pos, ()))
        rows.append(row)
        rows.extend(Row("only_b", (), (j,)) for j in after.get(pos, ()))
    rows.extend(Row("only_b", (), (j,)) for j in tail)
    return tuple(rows)
