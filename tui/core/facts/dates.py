"""Dates in news text: `October 16`, `Oct. 7`, `Oct.7`, `17/10/2023`, `Thursday, June 15, 2023`,
weekdays, `mid-October`, `last week`.

A date's value keeps only what the text says (year, month, day, weekday, part of a month, or a
relative phrase), so two mentions of different precision can be judged compatible instead of
different: `October 16` and `Monday` may be the same day; `late October` and `October 16` are not.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from tui.core.facts._text import MONTHS, WEEKDAYS

__all__ = ["DateValue", "compatible", "find_dates", "parse_value"]

_MON = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_MON_FULL = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
)
_WD = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_YEAR = r"(?:19|20)\d\d"
_ORD = r"(?:st|nd|rd|th)?"
_WD_PREFIX = rf"(?:(?P<wd>{_WD}),?\s+)?"

_PATTERNS: tuple[re.Pattern[str], ...] = (
    # October 16 / Oct. 7 / Oct.7 / June 15, 2023 (optionally after a weekday)
    re.compile(
        rf"\b{_WD_PREFIX}(?P<mon>{_MON})\.?\s*(?P<day>\d{{1,2}}){_ORD}(?!\d)(?![:.]\d)\b"
        rf"(?:,?\s+(?P<year>{_YEAR})\b)?"
    ),
    # 16 October / 16th of October 2023
    re.compile(
        rf"\b{_WD_PREFIX}(?P<day>\d{{1,2}}){_ORD}\s+(?:of\s+)?(?P<mon>{_MON})\b\.?"
        rf"(?:,?\s+(?P<year>{_YEAR})\b)?"
    ),
    # 17/10/2023 (day first unless that is impossible)
    re.compile(rf"\b{_WD_PREFIX}(?P<n1>\d{{1,2}})/(?P<n2>\d{{1,2}})/(?P<year>{_YEAR})\b"),
    # 2023-10-17
    re.compile(rf"\b(?P<year>{_YEAR})-(?P<mnum>\d\d)-(?P<day>\d\d)\b"),
    # mid-October / late October 2023
    re.compile(
        rf"\b(?P<part>[Ee]arly|[Mm]id|[Ll]ate)[- ](?P<mon>{_MON_FULL})\b"
        rf"(?:,?\s+(?P<year>{_YEAR})\b)?"
    ),
    # October 2023
    re.compile(rf"\b(?P<mon>{_MON})\.?\s+(?P<year>{_YEAR})\b"),
    # in October (a month name alone needs a preposition: "May" and "March" are also words)
    re.compile(
        r"\b(?:in|since|until|by|during|throughout|from|through|last|next|this|past) "
        rf"(?P<only>{_MON_FULL})\b"
    ),
    re.compile(rf"\b(?P<wd>{_WD})\b"),
    re.compile(
        r"\b(?P<rel>(?:last|next|this past) (?:week|month|year|weekend)|yesterday|tomorrow)\b",
        re.IGNORECASE,
    ),
)


# Every place where a pattern above can match: each opens at a word boundary with one of these.
_STARTS = re.compile(
    rf"\b(?:{_WD}|{_MON}|\d|[Ee]arly|[Mm]id|[Ll]ate"
    r"|in|since|until|by|during|throughout|from|through|past"
    r"|(?i:last|next|this|yesterday|tomorrow))"
)


@dataclass(frozen=True, slots=True)
class DateValue:
    """What a date mention says; any part may be unknown."""

    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    part: str = ""
    rel: str = ""

    def encode(self) -> str:
        fields = (self.year, self.month, self.day, self.weekday)
        nums = "|".join("" if f is None else str(f) for f in fields)
        return f"date|{nums}|{self.part}|{self.rel}"


def parse_value(value: str) -> DateValue:
    """Decode a date fact's `value` (see `DateValue.encode`)."""
    parts = value.split("|")
    if len(parts) != 7 or parts[0] != "date":
        return DateValue()

    def num(s: str) -> int | None:
        return int(s) if s.isdigit() else None

    return DateValue(num(parts[1]), num(parts[2]), num(parts[3]), num(parts[4]), parts[5], parts[6])


def _valid(year: int | None, month: int, day: int) -> bool:
    try:
        dt.date(year or 2000, month, day)  # 2000 is a leap year: Feb 29 stays valid
    except ValueError:
        return False
    return True


def _value_of(m: re.Match[str]) -> DateValue | None:
    g = m.groupdict()
    year = int(g["year"]) if g.get("year") else None
    weekday = WEEKDAYS[g["wd"].lower()] if g.get("wd") else None
    if g.get("rel"):
        return DateValue(rel=" ".join(g["rel"].lower().split()))
    month: int | None = None
    day: int | None = None
    if g.get("mon") or g.get("only"):
        month = MONTHS[(g.get("mon") or g["only"]).lower().rstrip(".")]
    elif g.get("mnum"):
        month = int(g["mnum"])
    elif g.get("n1"):
        n1, n2 = int(g["n1"]), int(g["n2"])
        day, month = (n2, n1) if n2 > 12 >= n1 else (n1, n2)
    if g.get("day"):
        day = int(g["day"])
    if month is not None and not 1 <= month <= 12:
        return None
    if month is not None and day is not None and not _valid(year, month, day):
        return None
    if month is None and weekday is None:
        return None
    part = g["part"].lower() if g.get("part") else ""
    return DateValue(year, month, day, weekday, part)


def find_dates(text: str) -> list[tuple[int, int, DateValue]]:
    """Every date mention in `text` as `(start, end, value)`, non-overlapping, in order.

    Args:
        text: Any text.

    Returns:
        The longest mention wins where patterns overlap (`Thursday, June 15, 2023` is one).
    """
    found: list[tuple[int, int, DateValue]] = []
    # Scanning the whole text once per pattern cost more than the rest of date finding: every
    # pattern opens with `\b` and so gets no fast prefix search. One scan finds every place a
    # date can start (a weekday, month, digit, `early`/`mid`/`late`, or a leading word of
    # patterns 7 and 9), and each pattern is tried there only. Trying them in text order and
    # skipping what a match covered gives exactly `finditer`'s matches (`\b` still sees the
    # character before the start).
    starts = [m.start() for m in _STARTS.finditer(text)]
    for pat in _PATTERNS:
        match = pat.match
        covered = 0
        for pos in starts:
            if pos < covered or (m := match(text, pos)) is None:
                continue
            covered = m.end()
            value = _value_of(m)
            if value is not None:
                # A bare month is matched with its preposition but the fact is the month alone.
                start = m.start("only") if m.groupdict().get("only") else m.start()
                found.append((start, m.end(), value))
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    out: list[tuple[int, int, DateValue]] = []
    last_end = -1
    for start, end, value in found:
        if start >= last_end:
            out.append((start, end, value))
            last_end = end
    return out


_PART_DAYS = {"early": range(1, 11), "mid": range(10, 22), "late": range(20, 32)}


def _weekday_fits(wd: int, v: DateValue, years: Iterable[int]) -> bool:
    if v.weekday is not None:
        return v.weekday == wd
    if v.month is None or v.day is None:
        return False
    candidates = [v.year] if v.year else list(years)
    if not candidates:
        # No year anywhere: any weekday may be this date.
        return True
    return any(
        _valid(y, v.month, v.day) and dt.date(y, v.month, v.day).weekday() == wd for y in candidates
    )


def compatible(a: DateValue, b: DateValue, *, years: Iterable[int] = ()) -> bool:
    """True when two date mentions may name the same day or period.

    Different precision is compatible (`October 16` vs `mid-October`, `October 26, 2023` vs
    `October 26`); a weekday fits a calendar date when it falls on that weekday in one of
    `years` (the years the two articles mention), or in any year when they mention none.

    Args:
        a: One date value.
        b: The other.
        years: Years that anchor dates given without one.

    Returns:
        Whether neither mention contradicts the other.
    """
    years = tuple(years)
    if a.rel or b.rel:
        return a.rel == b.rel
    if a.year and b.year and a.year != b.year:
        return False
    if a.month is None or b.month is None:
        # At least one side is a bare weekday.
        if a.month is None and b.month is None:
            return a.weekday == b.weekday
        wd, other = (a.weekday, b) if a.month is None else (b.weekday, a)
        return wd is not None and _weekday_fits(wd, other, years)
    if a.month != b.month:
        return False
    if a.day is not None and b.day is not None:
        return a.day == b.day
    if a.day is None and b.day is None:
        return not (a.part and b.part and a.part != b.part)
    day, part = (a.day, b.part) if a.day is not None else (b.day, a.part)
    return not part or day in _PART_DAYS[part]
