"""Numbers with what they count: `more than 1,300 Israelis`, `10 days`, `50-minute`, `$2 billion`,
`12%`.

The qualifier (`at least`, `more than`, `some`) stays in the fact's text but not in its value, so
`more than 1,300` and `1,300` are one value. Vague words (`thousands`) are not numbers.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from tui.core.facts._text import STOPWORDS, family_of

__all__ = ["NumberMention", "NumberValue", "find_numbers", "format_number", "parse_number_value"]

_QUALIFIER = re.compile(
    r"(?:\b(?:at least|at most|more than|less than|fewer than|over|under|some|nearly|about|"
    r"around|almost|approximately|roughly|up to|close to|as many as|upwards of|an estimated|"
    r"estimated)\s+)$",
    re.IGNORECASE,
)
# Qualifiers that mean "roughly": a rounded figure under one of them agrees with a precise one.
APPROXIMATE: frozenset[str] = frozenset(
    {
        "some",
        "nearly",
        "about",
        "around",
        "almost",
        "approximately",
        "roughly",
        "close to",
        "an estimated",
        "estimated",
    }
)

_CURRENCY = {"$": "usd", "us$": "usd", "€": "eur", "£": "gbp", "¥": "jpy"}
_SCALE = {
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "mn": 1e6,
    "m": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "trillion": 1e12,
}
_TIME_UNITS = {
    "second": "second",
    "seconds": "second",
    "minute": "minute",
    "minutes": "minute",
    "hour": "hour",
    "hours": "hour",
    "day": "day",
    "days": "day",
    "week": "week",
    "weeks": "week",
    "month": "month",
    "months": "month",
    "year": "year",
    "years": "year",
}

_NUMBER = re.compile(
    r"(?<![\w.,/:\-])"
    r"(?P<cur>US\$|\$|€|£|¥)?\s?"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?![\d,]\d)(?!\.\d)(?!:\d)"
    r"(?:\s?(?P<scale>million|billion|trillion|thousand|bn|mn)\b)?"
    r"(?P<pct>\s?%|\s(?:percent|per cent)\b)?"
    r"(?:-(?P<hunit>[a-z]+(?:-[a-z]+)?)\b)?"
    r"(?![\w/])"
)
_PLAIN_NOUNS = frozenset({"people", "more", "others", "children", "men", "women"})
_WORD = re.compile(r"[^\W\d_][\w\-’']*")
_GAP = re.compile(r"[ \t]+")
_COUNT_TOKEN = re.compile(r"\d[\d,.]*\d|\d|[^\W\d_][\w’'\-]*")


@dataclass(frozen=True, slots=True)
class NumberMention:
    """One number in the text with its qualifier, unit and counted subject."""

    start: int
    end: int
    number: float
    unit: str
    subject: str
    family: str
    qualifier: str

    @property
    def value(self) -> str:
        return f"num|{format_number(self.number)}|{self.unit}|{self.family}|{self.qualifier}"


def format_number(n: float) -> str:
    """`1300.0` -> `1300`, `2.5` -> `2.5`."""
    return str(int(n)) if n == int(n) else f"{n:g}"


@dataclass(frozen=True, slots=True)
class NumberValue:
    """A number fact's value decoded: the number, its unit, family and qualifier."""

    number: float
    unit: str
    family: str
    qualifier: str


def parse_number_value(value: str) -> NumberValue | None:
    """Decode a number fact's `value` (`num|1300|count|killed|more than`)."""
    parts = value.split("|")
    if len(parts) != 5 or parts[0] != "num":
        return None
    try:
        return NumberValue(float(parts[1]), parts[2], parts[3], parts[4])
    except ValueError:
        return None


def _words_after(text: str, pos: int, limit: int) -> list[re.Match[str]]:
    """Up to `limit` words right after `pos`, stopping at punctuation other than spaces."""
    out: list[re.Match[str]] = []
    while len(out) < limit:
        m = _GAP.match(text, pos)
        gap_end = m.end() if m else pos
        if gap_end == pos and out:
            break
        w = _WORD.match(text, gap_end)
        if not w:
            break
        out.append(w)
        pos = w.end()
    return out


def _family_near(words: list[str], index: int, window: int = 6) -> str:
    """The family of the counting word nearest to position `index` in `words`."""
    best = ""
    best_dist = window + 1
    for i, w in enumerate(words):
        fam = family_of(w.strip("’'"))
        if fam and abs(i - index) < best_dist:
            best, best_dist = fam, abs(i - index)
    return best


def find_numbers(
    text: str,
    start: int = 0,
    end: int | None = None,
    *,
    skip: Sequence[tuple[int, int]] = (),
) -> list[NumberMention]:
    """Numbers in `text[start:end]` with their qualifier, unit, subject and family.

    Args:
        text: The whole article text (offsets are into it).
        start: Where the sentence starts.
        end: Where it ends (default: end of text).
        skip: Spans already taken by dates or credits; numbers inside them are ignored.

    Returns:
        Mentions in order. A bare year (`2019`) is not a number fact.
    """
    end = len(text) if end is None else end
    region = text[start:end]
    # The sentence's words, listed once it turns out to hold a number (most hold none).
    words: list[tuple[int, str]] | None = None
    out: list[NumberMention] = []
    for m in _NUMBER.finditer(region):
        s, e = m.start() + start, m.end() + start
        if any(a < e and s < b for a, b in skip):
            continue
        raw = m.group("num").replace(",", "")
        try:
            number = float(raw)
        except ValueError:
            continue
        scale = m.group("scale")
        if scale:
            number *= _SCALE[scale.lower()]
        cur = m.group("cur")
        hunit = (m.group("hunit") or "").lower()
        is_year = (
            not cur
            and not scale
            and not m.group("pct")
            and "," not in m.group("num")
            and "." not in m.group("num")
            and 1900 <= number <= 2100
        )
        subject_words: list[str] = []
        fact_end = e
        if m.group("pct"):
            unit = "pct"
        elif cur:
            unit = _CURRENCY[cur.lower()]
        elif hunit:
            unit = _TIME_UNITS.get(hunit.split("-")[0], hunit.split("-")[0])
        else:
            unit = "count"
            for w in _words_after(text, e, 2):
                low = w.group().lower()
                if low in STOPWORDS and low != "more":
                    break
                if subject_words and family_of(low):
                    break  # `people died`: the verb is the family, not the subject
                subject_words.append(w.group())
                fact_end = w.end()
                # One noun, or an adjective and its noun (`Russian citizens`), never an adverb
                # after a plural noun (`Israelis overnight`).
                if low in _TIME_UNITS or family_of(low) or low in _PLAIN_NOUNS or low.endswith("s"):
                    break
            if subject_words and subject_words[0].lower() in _TIME_UNITS:
                unit = _TIME_UNITS[subject_words[0].lower()]
        if is_year and unit == "count" and not subject_words:
            continue
        if is_year and subject_words and subject_words[0][:1].isupper():
            continue
        q = _QUALIFIER.search(text, max(start, s - 25), s)
        fact_start = q.start() if q else s
        qualifier = " ".join(q.group().lower().split()) if q else ""
        # The counting word nearest to the number decides the family (killed/injured/...).
        if words is None:
            words = [(w.start() + start, w.group()) for w in _COUNT_TOKEN.finditer(region)]
        idx = next((i for i, (ws, _) in enumerate(words) if ws >= s), len(words))
        family = family_of(hunit) or _family_near([w for _, w in words], idx)
        out.append(
            NumberMention(
                start=fact_start,
                end=fact_end,
                number=number,
                unit=unit,
                subject=" ".join(subject_words),
                family=family,
                qualifier=qualifier,
            )
        )
    return out
