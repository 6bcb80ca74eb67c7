"""Figures as frames: what a number measures and counts, where and when it applies.

A death toll is not just `150`: it is 150 *killed* (the measure) *people* (what is counted) in
*L'Aquila* (where) on *6 April* (when). Two articles' figures are about the same thing when their
frames agree (`frame_key`, then `same_frame`), wherever they stand in the two texts; a difference
in value between such figures is a conflict.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from tui.core.facts._text import stem
from tui.core.facts.dates import DateValue, parse_value
from tui.core.facts.names import names_match
from tui.core.facts.numbers import NumberMention, is_people
from tui.core.types import Fact, Frame

__all__ = [
    "counted_class",
    "frame_key",
    "frame_of",
    "same_frame",
    "sentence_years",
    "where_and_when_agree",
]

_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def sentence_years(text: str) -> list[DateValue]:
    """Bare years in a sentence (`in 2019`): when its figures apply, at the coarsest."""
    return [DateValue(year=int(m.group())) for m in _YEAR.finditer(text)]


def frame_of(
    mention: NumberMention, places: Iterable[str] = (), when: Iterable[DateValue] = ()
) -> Frame:
    """The frame of a number mention, with the places (normalised name values) and absolute
    dates its sentence states."""
    return Frame(
        number=mention.number,
        unit=mention.unit,
        measure=mention.measure,
        counted=mention.counted,
        qualifier=mention.qualifier,
        places=tuple(dict.fromkeys(places)),
        when=tuple(dict.fromkeys(d.encode() for d in when if not d.rel and d != DateValue())),
    )


def counted_class(counted: str) -> str:
    """What a figure counts, normalised: `people` for any count of people (`civilians`,
    `Israelis`, `people`), else the stem of the noun (`structures` -> `structure`)."""
    if not counted:
        return ""
    return "people" if is_people(counted) else stem(counted.lower())


def frame_key(fact: Fact) -> str:
    """The key figures about the same thing share across articles: `measure|unit|counted`.

    `more than 1,300 Israelis` killed and `some 1,200 people` slaughtered share
    `killed|count|people`; `about $25 billion` and `$27 billion` laundered in proceeds share
    `launder|usd|proceed`. The key leaves out the value (it is what may differ) and the place
    and date (often stated by one article only): `same_frame` checks those. A fact that is not
    a figure, or a figure nothing qualifies (no measure and nothing counted), has the empty
    key.

    Args:
        fact: A fact from `tui.core.facts.extract_facts`.

    Returns:
        The key, or an empty string.
    """
    frame = fact.frame
    if frame is None or not (frame.measure or frame.counted):
        return ""
    return f"{frame.measure}|{frame.unit}|{counted_class(frame.counted)}"


def _places_agree(a: Sequence[str], b: Sequence[str]) -> bool:
    """Whether two figures' places may be the same: unstated on one side, or a place named on
    both (`Kharkiv` and `Odesa` are two places; a sentence's places are found by rule and may
    hold other names, so one shared place is enough)."""
    if not a or not b:
        return True
    return any(names_match(tuple(x.split()), tuple(y.split())) for x in a for y in b)


def _date_fits(x: DateValue, y: DateValue) -> bool:
    """Whether two figures' dates may be one count's: different years, months or calendar days
    (`on March 3` / `on March 9`) are two; a weekday (`said Tuesday`, often the day it was
    reported) against a calendar date (`as of April 27`) is one count updated."""
    if x.year is not None and y.year is not None and x.year != y.year:
        return False
    if x.month is not None and y.month is not None and x.month != y.month:
        return False
    return x.day is None or y.day is None or x.day == y.day


def _dates_agree(a: Sequence[str], b: Sequence[str], years: Iterable[int]) -> bool:
    if not a or not b:
        return True
    return any(_date_fits(parse_value(x), parse_value(y)) for x in a for y in b)


def where_and_when_agree(a: Frame, b: Frame, *, years: Iterable[int] = ()) -> bool:
    """Whether two frames' places and dates may be the same (unstated on one side: yes)."""
    return _places_agree(a.places, b.places) and _dates_agree(a.when, b.when, years)


def same_frame(a: Fact, b: Fact, *, years: Iterable[int] = ()) -> bool:
    """Whether two figures are about the same thing: the same `frame_key`, and neither their
    places (`Kharkiv` / `Odesa`) nor their dates (`in 2019` / `in 2021`) tell them apart.

    A place or date stated on one side only does not tell them apart: one article often
    leaves implicit what the other says. `years` anchor dates given without a year.
    """
    key = frame_key(a)
    if not key or key != frame_key(b):
        return False
    fa, fb = a.frame, b.frame
    assert fa is not None and fb is not None
    return where_and_when_agree(fa, fb, years=years)
