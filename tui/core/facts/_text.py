"""Text normalisation and generic English word lists shared by the fact extractors.

Nothing here knows about any particular story: the lists are function words, honorifics and
titles, month and weekday names, casualty verbs. They are generic English.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from bisect import bisect_left
from collections.abc import Iterable

from tui.core.marks import MarkFolder

__all__ = [
    "CONNECTORS",
    "FAMILIES",
    "MONTHS",
    "ORG_WORDS",
    "PLACE_WORDS",
    "STOPWORDS",
    "TITLES",
    "WEEKDAYS",
    "PhraseIndex",
    "SpanIndex",
    "contains_phrase",
    "family_of",
    "norm",
    "stem",
]


class SpanIndex:
    """`(start, end)` spans sorted for quick overlap queries.

    Asking every sentence about every span of the article (dates, numbers, quotes) makes a long
    article quadratic; this answers for one sentence from the spans near it.
    """

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        self._spans = sorted(spans)
        self._starts = [a for a, _ in self._spans]
        self._longest = max((b - a for a, b in self._spans), default=0)

    def overlapping(self, start: int, end: int) -> list[tuple[int, int]]:
        """The spans that overlap `[start, end)` (an empty span at `start` counts)."""
        lo = bisect_left(self._starts, start - self._longest)
        hi = bisect_left(self._starts, max(end, start + 1))
        return [(a, b) for a, b in self._spans[lo:hi] if b > start or a == start]


def _words(block: str) -> frozenset[str]:
    return frozenset(block.split())


# Curly quotes, en/em dashes and the no-break space folded to ASCII before facts are compared.
_ascii_marks = MarkFolder(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u00a0": " ",
    }
)


_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3})")
_NON_WORD = re.compile(r"[^\w\s]")
_SPACES = re.compile(r"\s+")


# Texts up to this length are memoised by `norm`: facts, sentences and words recur (the same
# name in a hundred sentences); whole articles are longer and are normalised once anyway.
_NORM_CACHED_LEN = 400


def _norm(text: str) -> str:
    s = _ascii_marks(unicodedata.normalize("NFKC", text)).lower()
    s = _THOUSANDS.sub("", s)
    s = _NON_WORD.sub(" ", s)
    return _SPACES.sub(" ", s).strip()


_norm_cached = functools.lru_cache(maxsize=1 << 16)(_norm)


def norm(text: str) -> str:
    """Lower-case, punctuation-free, single-spaced form of `text` (`1,300` becomes `1300`).

    This is the same normalisation the evaluation uses to decide whether a fact "stands in" the
    other article, so containment checks made with it are the ones that count.
    """
    return _norm_cached(text) if len(text) <= _NORM_CACHED_LEN else _norm(text)


def contains_phrase(haystack_norm: str, needle_norm: str) -> bool:
    """True when `needle_norm` stands in `haystack_norm` as whole words (both normalised)."""
    if not needle_norm:
        return False
    return f" {needle_norm} " in f" {haystack_norm} "


class PhraseIndex:
    """`contains_phrase` against one fixed haystack, many times, without rescanning it.

    Asking a whole article whether it holds each fact of the other article scans (and copies)
    the article once per fact: quadratic for long articles. This keeps the haystack's words
    with their positions and checks only where the needle's rarest word occurs. The answers are
    those of `contains_phrase` for every input: a haystack not in `norm`'s canonical form (single
    spaces, none at the ends) is answered by the plain substring test.
    """

    def __init__(self, haystack_norm: str) -> None:
        self._haystack = haystack_norm
        self._padded = f" {haystack_norm} "
        # Canonical: words separated by exactly one space, so " needle " matches exactly when
        # the needle's words are a contiguous run of the haystack's words.
        self._canonical = bool(haystack_norm) and (
            "  " not in haystack_norm and haystack_norm == haystack_norm.strip(" ")
        )
        self._words: list[str] = haystack_norm.split(" ") if self._canonical else []
        self._where: dict[str, list[int]] = {}
        # Where each word's leading space is in the padded haystack: a candidate place is
        # checked with one `startswith` there.
        self._offsets: list[int] = []
        offset = 0
        for k, w in enumerate(self._words):
            self._where.setdefault(w, []).append(k)
            self._offsets.append(offset)
            offset += len(w) + 1
        # Where each pair of adjacent words occurs, filled as needles ask for it: in a long
        # text every word may be common, a pair much less so.
        self._pairs: dict[tuple[str, str], list[int]] = {}
        self._answers: dict[str, bool] = {}

    def _pair(self, first: str, second: str) -> list[int]:
        """Positions of the word `first` followed by `second`."""
        key = (first, second)
        found = self._pairs.get(key)
        if found is None:
            hay = self._words
            last = len(hay) - 1
            a, b = self._where.get(first, []), self._where.get(second, [])
            if len(a) <= len(b):
                found = [p for p in a if p < last and hay[p + 1] == second]
            else:
                found = [p - 1 for p in b if p > 0 and hay[p - 1] == first]
            self._pairs[key] = found
        return found

    def __contains__(self, needle_norm: object) -> bool:
        if not isinstance(needle_norm, str) or not needle_norm:
            return False
        if not self._canonical:
            return f" {needle_norm} " in self._padded
        # The same phrase is asked many times (a name in every sentence that mentions it).
        known = self._answers.get(needle_norm)
        if known is None:
            known = self._answers[needle_norm] = self._find(needle_norm)
        return known

    def _find(self, needle_norm: str) -> bool:
        words = needle_norm.split(" ")
        where = self._where
        for w in words:
            if w not in where:
                return False  # a word (or an empty one: a double space) the haystack lacks
        if len(words) == 1:
            return True
        # The needle's rarest adjacent pair: where it occurs are the only places the phrase can
        # start. Pairs are computed once per index and shared by every needle (names recur),
        # and a pair that never occurs answers at once.
        # A pair occurs at most as often as its rarer word: pairs are tried rarest bound first,
        # and the search stops when no untried pair can beat the best list found.
        bounds = sorted(
            (min(len(where[words[k]]), len(where[words[k + 1]])), k) for k in range(len(words) - 1)
        )
        best_at, best = -1, None
        for bound, k in bounds:
            if best is not None and len(best) <= bound:
                break
            found = self._pair(words[k], words[k + 1])
            if not found:
                return False
            if best is None or len(found) < len(best):
                best_at, best = k, found
        assert best is not None
        target = f" {needle_norm} "
        padded, offsets = self._padded, self._offsets
        for pos in best:
            first = pos - best_at
            if first >= 0 and padded.startswith(target, offsets[first]):
                return True
        return False


# Suffixes that turn a country into its demonym or an inflected noun; used to tell that
# `Israeli`/`Israel` or `Iranian`/`Iran` are one name when matching across articles.
_STEM_SUFFIXES = ("ians", "ian", "eans", "ean", "ese", "ish", "is", "i", "ns", "n", "s")


@functools.lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A crude stem for name matching: lower-case and without a demonym/plural suffix."""
    w = word.lower()
    for suf in _STEM_SUFFIXES:
        if len(w) - len(suf) >= 4 and w.endswith(suf):
            w = w[: -len(suf)]
            break
    # `Ukraine`/`Ukrainian`, `Palestine`/`Palestinians`.
    return w[:-1] if len(w) > 5 and w.endswith("e") else w


STOPWORDS: frozenset[str] = _words(
    """
    a an the and or but nor so yet for of in on at to from by with without within into onto upon
    about above across after against along amid among around as before behind below beneath
    beside besides between beyond despite down during except inside near off out outside over
    past since than through throughout till toward towards under until up via
    i me my we us our you your he him his she her it its they them their this that these those
    who whom whose which what where when why how there here
    is are was were be been being am has have had having do does did done will would shall
    should can could may might must
    not no yes all any both each either every few many more most much neither none other some
    such own same only also just even still already again ever never very too quite rather
    if then else because while whereas although though unless whether once
    one two three four five six seven eight nine ten first second third last next
    earlier later meanwhile however moreover furthermore therefore thus hence indeed instead
    according following including regarding concerning
    mostly nearly almost about around roughly some least
    said says say told tells added asked
    """
)

# Words placed between capitalised words that keep a name together (`Bank of England`).
CONNECTORS: frozenset[str] = _words("of de del della der den van von bin ibn da di du la le y")

# Honorifics and titles: kept in the article text but out of a person's name value.
TITLES: frozenset[str] = _words(
    """
    mr mrs ms mx miss dr prof sir dame lord lady hon rev
    president presidents vice prime minister ministers deputy foreign defence defense interior
    finance economy justice health education secretary general gen lt col colonel capt captain
    maj sgt adm admiral cmdr commander chief head leader premier chancellor king queen
    prince princess emperor pope sheikh ayatollah supreme senator sen rep representative
    governor gov mayor judge ambassador envoy special spokesman spokeswoman spokesperson
    pm ceo chairman chairwoman chair director speaker crown grand mufti rabbi imam cardinal
    archbishop bishop officer official commissioner inspector sergeant corporal
    lieutenant attorney lady
    """
)

ORG_WORDS: frozenset[str] = _words(
    """
    council ministry office party agency committee organization organisation union nations
    authority authorities bank court army forces force group company corp inc ltd llc plc
    university college school news cross crescent assembly parliament congress senate house
    department service services fund institute foundation association federation league front
    movement brigades brigade guard guards police commission board network channel times post
    press agency bureau corporation hospital church mosque embassy consulate administration
    government cabinet kremlin pentagon center centers centre centres survey
    """
)

PLACE_WORDS: frozenset[str] = _words(
    """
    strip east west north south sea river gulf ocean island islands mountain mountains valley
    city province region republic kingdom states county street square crossing heights lake
    desert peninsula coast bay
    """
)

MONTHS: dict[str, int] = {
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}

WEEKDAYS: dict[str, int] = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}

# What a number counts, by family: a death toll reported as "killed" by one outlet and as
# "slaughtered" or "deaths" by another is one subject.
FAMILIES: dict[str, str] = {
    word: family
    for family, words in (
        (
            "killed",
            """killed kill kills killing dead death deaths died die dies dying slaughtered
            slaughtering massacred murdered fatalities perished lives toll lost""",
        ),
        ("injured", "injured injuring injuries injury wounded wounding hurt"),
        (
            "kidnapped",
            """kidnapped kidnapping kidnap abducted abducting abduction hostages hostage
            captives captive""",
        ),
        ("evacuated", "evacuated evacuating evacuation evacuees repatriated rescued"),
        ("arrested", "arrested detained jailed imprisoned"),
        ("displaced", "displaced refugees homeless fled"),
        ("missing", "missing"),
    )
    for word in _words(words)
}


def family_of(word: str) -> str:
    """The family (`killed`, `injured`, ...) of a word, or an empty string."""
    return FAMILIES.get(word.lower(), "")
