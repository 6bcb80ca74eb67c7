"""Match facts across two articles: what only one side has, and where the two disagree."""

from __future__ import annotations

import dataclasses
import functools
import heapq
import itertools
import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from datetime import date as Date

from rapidfuzz import fuzz, process

from tui.core.facts._text import (
    STOPWORDS,
    PhraseIndex,
    contains_phrase,
    family_of,
    norm,
    stem,
)
from tui.core.facts.claims import ClaimIndex, find_claims
from tui.core.facts.dates import DateValue, compatible, parse_value
from tui.core.facts.extract import metadata_spans
from tui.core.facts.frames import counted_class, frame_key, where_and_when_agree
from tui.core.facts.names import names_match
from tui.core.facts.numbers import (
    APPROXIMATE,
    LOWER_BOUND,
    NumberValue,
    format_number,
    is_people,
    parse_number_value,
)
from tui.core.types import Conflict, Fact, Frame, Row, Sentence

__all__ = ["compare_facts"]

_NAME_KINDS = frozenset({"person", "org", "place", "name"})
# Two figures further apart than this ratio are about different things, not a disagreement.
_MIN_RATIO = 0.5
# Between articles dated apart, a figure may have grown this much (20 cases, then 65).
_MIN_RATIO_APART = 0.25
# Figures with no counting word, in unaligned sentences, compare when the sentences share this
# many content words (`laundering`, `proceeds`; not just the story's topic, `quake`).
_MIN_SHARED = 2
# The most words of a place name looked for inside a longer name.
_LONGEST_PLACE = 4
# A place a demonym may stand for has at least this many letters (`Iran`/`Iranian`).
_SHORTEST_COUNTRY = 4
# A list of places has at least this many names.
_SHORTEST_LIST = 3
_DURATIONS = frozenset({"second", "minute", "hour", "day", "week", "month", "year"})
_GENERIC_SUBJECTS = frozenset(["people", "persons", "more", "others", "individuals"])
# Parts of a list of people (`30 innocent men, women, and children dead`): against a generic
# count they name no one more precisely, and the conflict is about `people`.
_LISTED_PEOPLE = frozenset(["men", "women", "children", "adults", "boys", "girls"])


def _content_stems(text: str) -> set[str]:
    return {
        stem(w)
        for w in re.findall(r"[^\W\d_]{3,}", text.lower())
        if w not in STOPWORDS and not family_of(w)
    }


def _sentence_texts(sentences: Sequence[Sentence]) -> dict[int, str]:
    return {s.index: s.text for s in sentences}


def _rounds_to(precise: float, rounded: float) -> bool:
    """True when `rounded` is `precise` rounded to its own significant digits (1,312 ~ 1,300)."""
    if rounded == 0 or precise == rounded:
        return precise == rounded
    digits = format_number(rounded).rstrip("0").replace(".", "")
    scale = 10 ** (len(format_number(int(rounded))) - len(digits)) if rounded >= 1 else 1
    return scale > 1 and round(precise / scale) * scale == rounded


def _exceeds_within(precise: float, bound: float) -> bool:
    """True when `precise` is above the round `bound` within its last significant digit
    (22,500 is "more than 20,000"; 250 is not "more than 150")."""
    if bound <= 0 or precise <= bound:
        return False
    digits = format_number(bound).rstrip("0").replace(".", "")
    scale = 10 ** (len(format_number(int(bound))) - len(digits)) if bound >= 1 else 1
    return scale > 1 and (precise // scale) * scale == bound


def _same_number(a: NumberValue, b: NumberValue) -> bool:
    if a.unit != b.unit:
        return False
    if a.number == b.number:
        return True
    # Different precision is not a disagreement: "about 1,300" and "1,312".
    if a.qualifier in APPROXIMATE and _rounds_to(b.number, a.number):
        return True
    if b.qualifier in APPROXIMATE and _rounds_to(a.number, b.number):
        return True
    # Nor is a round lower bound and a figure just above it: "more than 20,000" and "22,500".
    if a.qualifier in LOWER_BOUND and _exceeds_within(b.number, a.number):
        return True
    return b.qualifier in LOWER_BOUND and _exceeds_within(a.number, b.number)


def _agrees(a: NumberValue, b: NumberValue) -> bool:
    """The same figure: the same number (`_same_number`) and no two different families."""
    return _same_number(a, b) and (not a.family or not b.family or a.family == b.family)


def _most_precise(
    free: list[tuple[Fact, NumberValue]], every: list[tuple[Fact, NumberValue]]
) -> list[tuple[Fact, NumberValue]]:
    """`free` without the figures their own article also gives more precisely (a headline's
    `Tops 22,000` beside the body's `nearly 22,500`): one figure per thing and article."""
    keyed = [(frame_key(f), v) for f, v in every]
    return [
        (f, v)
        for f, v in free
        if not (key := frame_key(f))
        or not any(
            k == key
            and o.unit == v.unit
            and o.number != v.number
            and _rounds_to(o.number, v.number)
            for k, o in keyed
        )
    ]


def _head(subject: str) -> str:
    words = [w for w in re.findall(r"[^\W\d_][\w’'\-]*", subject) if not family_of(w)]
    return words[-1] if words else ""


def _subjects_compatible(fa: Fact, fb: Fact) -> bool:
    ha, hb = _head(fa.subject), _head(fb.subject)
    if not ha or not hb:
        return True
    generic_a, generic_b = ha.lower() in _GENERIC_SUBJECTS, hb.lower() in _GENERIC_SUBJECTS
    if generic_a or generic_b:
        # `people` may be `Palestinians` or `civilians`, not `cattle` or `homes`.
        other = hb if generic_a else ha
        return generic_a == generic_b or is_people(other)
    if stem(ha) == stem(hb):
        return True
    # Two different counted things (`Israelis` / `Palestinians`, `protesters` / `journalists`,
    # `soldiers` / `civilians`) are two different counts, unless one subject names the other's
    # head (`Israelis` / `Israeli civilians`).
    words_a = {stem(w) for w in re.findall(r"[^\W\d_][\w’'\-]*", fa.subject) if not family_of(w)}
    words_b = {stem(w) for w in re.findall(r"[^\W\d_][\w’'\-]*", fb.subject) if not family_of(w)}
    return bool(words_a & words_b)


_UNIT_LABELS = {"usd": "sum", "eur": "sum", "gbp": "sum", "jpy": "sum", "pct": "percentage"}


def _governing_word(sentence: str, measure: str) -> str:
    """The word of `sentence` a measure stems from (`laundering` for `launder`)."""
    for w in re.findall(r"[^\W\d_][\w’'\-]*", sentence):
        if w.lower().startswith(measure):
            return w.lower()
    return measure


def _what(fa: Fact, va: NumberValue, fb: Fact, sentence_a: str = "") -> str:
    """What two conflicting figures measure, in a few words: `people killed`, `number of
    cases`, `sum: laundering`, `magnitude`."""
    frame = fa.frame
    if not va.family and frame is not None:
        counted = frame.counted or (fb.frame.counted if fb.frame else "")
        word = _governing_word(sentence_a, frame.measure) if frame.measure else ""
        if frame.measure == "magnitude":
            return "magnitude"
        if va.unit in _UNIT_LABELS:
            detail = word or counted.lower()
            return f"{_UNIT_LABELS[va.unit]}: {detail}" if detail else _UNIT_LABELS[va.unit]
        if counted and not is_people(counted):
            return f"number of {counted.lower()}"
        if word:
            return f"{'figure' if va.unit == 'count' else va.unit + 's'}: {word}"
    ha, hb = _head(fa.subject), _head(fb.subject)
    if ha and hb and stem(ha) == stem(hb):
        who = ha
    elif ha.lower() in _GENERIC_SUBJECTS or not ha:
        who = hb or "people"
    elif hb.lower() in _GENERIC_SUBJECTS or not hb:
        who = "people" if ha.lower() in _LISTED_PEOPLE else ha
    else:
        who = f"{ha} / {hb}"
    if va.family:
        return f"{who.lower() if who.lower() in _GENERIC_SUBJECTS else who} {va.family}".strip()
    return f"number of {who}" if who else "figure"


def _comparable(
    fa: Fact,
    fb: Fact,
    ra: Frame | None,
    rb: Frame | None,
    *,
    aligned: bool,
    shared: set[str],
    years: set[int],
) -> bool:
    """Whether two figures with different values are about the same thing (their frames).

    A casualty figure (`killed`, `injured`, ...) compares with one of the same family counting
    compatible people, wherever each stands. Another figure compares with a figure of the
    same measure (`magnitude`, the word governing it: `laundering $27 billion`) or counting
    the same noun (`20 cases` / `65 cases`), in an aligned sentence or one sharing
    `_MIN_SHARED` content words besides those. Places and dates (stated, or the article's
    year) must agree.
    """
    if ra is None or rb is None or not where_and_when_agree(ra, rb, years=years):
        return False
    fam_a, fam_b = family_of(ra.measure), family_of(rb.measure)
    if fam_a or fam_b:
        return fam_a == fam_b and _subjects_compatible(fa, fb)
    ca, cb = counted_class(ra.counted), counted_class(rb.counted)
    # The words that make the frame (`magnitude`, `cases`) are no evidence of the same story.
    own = {w for w in (ra.measure, rb.measure, ca, cb) if w}
    context = {w for w in shared if not any(w.startswith(o) or o.startswith(w) for o in own)}
    if not (aligned or len(context) >= _MIN_SHARED):
        return False
    if "age" in (ra.measure, rb.measure):
        # Ages are of people: the same person's only in aligned sentences (`a 12-year-old boy`).
        return aligned and ra.measure == rb.measure and bool(ca) and ca == cb
    if ra.measure and ra.measure == rb.measure:
        return not ca or not cb or ca == cb
    # Two spans of time (`a 12-day mission` / `over the next 11 days`) in sentences about the
    # same thing, unless what each measures tells them apart. Spans of time are common (`the
    # first 48 hours`, `72 hours after the quake`): unaligned, they need more shared words.
    if (
        ra.unit in _DURATIONS
        and not (ra.measure and rb.measure and ra.measure != rb.measure)
        and (aligned or len(context) > _MIN_SHARED)
    ):
        return True
    # The same counted noun (`cases`, `firefighters`), not a generic `people`.
    na, nb = ra.counted.lower(), rb.counted.lower()
    return bool(na) and na not in _GENERIC_SUBJECTS and stem(na) == stem(nb)


# A demonym adjective (`Mexican`, `Pakistani`, `Burmese`), not a plural noun (`Israelis` killed
# may be anywhere).
_DEMONYM_ENDING = re.compile(r"i?an|ese|i|ish|ean|n")
# What a place both sides give by name or demonym adds to a pair's score (a value ratio is at
# most 1, the shared words at most 1).
_DEMONYM_BONUS = 0.5
_CAP_WORD = re.compile(r"\b[A-Z][a-z]{3,}\b")


def _demonym_place(word: str, countries: Sequence[str]) -> str:
    """The place a demonym stands for among `countries` (single-word places either article
    names): `Mexican` -> `mexico`, `Kenyan` -> `kenya`, `Israelis` -> `israel`, `Burmese` ->
    `burma`; else ''. The demonym is the place's stem (without a final vowel) and an ending."""
    low = word.lower()
    fits = [
        p
        for p in countries
        if _DEMONYM_ENDING.fullmatch(low, len(stem := p[:-1] if p[-1] in "aeiouy" else p))
        and low.startswith(stem)
    ]
    return max(fits, key=len, default="")


# A non-restrictive relative clause describes something else: in `California, which borders
# Mexico, has 11 confirmed cases` the figure is California's, not Mexico's.
_ASIDE = re.compile(r",\s+(?:which|who|whose|where)\b[^,;]*(?:,|$)")
# What stands between the names of a list: `California, Texas, Kansas, Ohio, and New York City`.
_LIST_GAP = re.compile(r",?\s+(?:and|or)\s+|,\s+")


def _sentence_places(
    facts: Sequence[Fact],
    gazetteer: set[str],
    sentences: set[int],
    sents: dict[int, Sentence] | None = None,
) -> tuple[dict[int, tuple[str, ...]], dict[int, frozenset[str]], dict[int, frozenset[str]]]:
    """The places each of `sentences` names, the lists of places it names, and the places its
    demonyms stand for.

    Places: its place names, the names (of any kind) that are or hold a place either article
    names (`Government of Mexico`), and such places where the name finder took no name (a
    sentence opening with `California`); not the names in a relative clause between commas.
    Lists: names joined by commas and `and` of which one is a place (`in California, Texas,
    Kansas, Ohio, and New York City`): a figure there is their total. Demonyms (`Mexican Health
    Minister Jose Cordova said ...`): evidence for a place, never against one (`Palestinian
    officials` may give a toll in Gaza).
    """
    sents = sents or {}
    out: dict[int, list[str]] = {}
    lists: dict[int, frozenset[str]] = {}
    soft: dict[int, set[str]] = {}
    asides: dict[int, list[tuple[int, int]]] = {}
    for index in sentences:
        sent = sents.get(index)
        if sent is not None:
            asides[index] = [
                (sent.start + m.start(), sent.start + m.end()) for m in _ASIDE.finditer(sent.text)
            ]

    def aside(index: int, pos: int) -> bool:
        return any(a <= pos < b for a, b in asides.get(index, ()))

    by_sentence: dict[int, list[Fact]] = {}
    for f in facts:
        if f.sentence not in sentences or f.kind not in _NAME_KINDS or aside(f.sentence, f.start):
            continue
        by_sentence.setdefault(f.sentence, []).append(f)
        if f.kind == "place" or f.value in gazetteer:
            out.setdefault(f.sentence, []).append(f.value)
            continue
        words = f.value.split()
        out.setdefault(f.sentence, []).extend(
            part
            for i in range(len(words))
            for j in range(i + 1, min(len(words), i + _LONGEST_PLACE) + 1)
            if (part := " ".join(words[i:j])) in gazetteer
        )
    countries = sorted(p for p in gazetteer if " " not in p and len(p) >= _SHORTEST_COUNTRY)
    for index in sorted(sentences) if countries else ():
        sent = sents.get(index)
        if sent is None:
            continue
        for m in _CAP_WORD.finditer(sent.text):
            if aside(index, sent.start + m.start()):
                continue
            w = m.group()
            if w.lower() in countries:
                out.setdefault(index, []).append(w.lower())
            elif place := _demonym_place(w, countries):
                soft.setdefault(index, set()).add(place)
    for index, names in by_sentence.items():
        sent = sents.get(index)
        if sent is None or len(names) < 2:
            continue
        names.sort(key=lambda f: f.start)
        run = [names[0]]
        for prev, f in itertools.pairwise(names):
            gap = sent.text[prev.end - sent.start : f.start - sent.start]
            if not _LIST_GAP.fullmatch(gap):
                run = []
            run.append(f)
            values = frozenset(x.value for x in run)
            # An enumeration: three names or more, the last joined by `and`/`or` (not an
            # apposition: `the chief executive of Yukos, Khodorkovsky`).
            if (
                len(values) >= _SHORTEST_LIST
                and re.search(r"\b(?:and|or)\s*$", gap)
                and any(x.kind == "place" or x.value in gazetteer for x in run)
                and len(values) > len(lists.get(index, ()))
            ):
                lists[index] = values
    places = {k: tuple(dict.fromkeys(v)) for k, v in out.items() if v}
    return places, lists, {k: frozenset(v) for k, v in soft.items()}


def _part_and_total(
    places: tuple[str, ...], listed: frozenset[str] | None, other: tuple[str, ...]
) -> bool:
    """Whether a figure for a list of places (their total) meets a figure for only some of
    them (`20 cases in California, Texas, ...` / `California ... has 11 confirmed cases`)."""
    if not listed:
        return False
    return bool(set(other) & set(places)) and not listed <= set(other)


def _placed(frame: Frame | None, places: tuple[str, ...]) -> Frame | None:
    """A frame with the places of its sentence (`_sentence_places`)."""
    if frame is None or not places or set(places) <= set(frame.places):
        return frame
    return dataclasses.replace(frame, places=tuple(dict.fromkeys((*frame.places, *places))))


def _dated(frame: Frame | None, year: int | None) -> Frame | None:
    """A figure's frame with its article's year as its date when its sentence states none: a
    figure is reported as of its article (`164 killed since 2003` is not 2009's `159 deaths`)."""
    if frame is None or frame.when or year is None:
        return frame
    return dataclasses.replace(frame, when=(DateValue(year=year).encode(),))


def _number_conflicts(
    nums_a: list[tuple[Fact, NumberValue]],
    nums_b: list[tuple[Fact, NumberValue]],
    aligned: set[tuple[int, int]],
    sent_a: dict[int, str],
    sent_b: dict[int, str],
    years: set[int],
    *,
    years_of: tuple[int | None, int | None] = (None, None),
    later: str = "",
    places_a: dict[int, tuple[str, ...]] | None = None,
    places_b: dict[int, tuple[str, ...]] | None = None,
    lists_a: dict[int, frozenset[str]] | None = None,
    lists_b: dict[int, frozenset[str]] | None = None,
    soft_a: dict[int, frozenset[str]] | None = None,
    soft_b: dict[int, frozenset[str]] | None = None,
) -> list[tuple[Fact, Fact, str]]:
    """Pairs of figures about the same thing with different values, anywhere in the two texts:
    one-to-one, aligned sentences first, then close values and shared wording; two tolls one
    article gives (`62`, `69`) both meet the other's `72`. Values further apart than
    `_MIN_RATIO` are about different things, unless the later of two articles dated apart
    (`later`: `a` or `b`) gives the larger value (`_MIN_RATIO_APART`): a toll rises between
    reports."""
    min_ratio = _MIN_RATIO_APART if later else _MIN_RATIO
    places_a, places_b = places_a or {}, places_b or {}
    lists_a, lists_b = lists_a or {}, lists_b or {}
    soft_a, soft_b = soft_a or {}, soft_b or {}
    frames_a = [
        _placed(_dated(f.frame, years_of[0]), places_a.get(f.sentence, ())) for f, _ in nums_a
    ]
    frames_b = [
        _placed(_dated(f.frame, years_of[1]), places_b.get(f.sentence, ())) for f, _ in nums_b
    ]
    cands: list[tuple[tuple[float, ...], int, int]] = []
    stems_a: dict[int, set[str]] = {}
    stems_b: dict[int, set[str]] = {}
    for i, (fa, va) in enumerate(nums_a):
        for j, (fb, vb) in enumerate(nums_b):
            if va.unit != vb.unit or va.number == vb.number:
                continue
            lo, hi = sorted((va.number, vb.number))
            if hi <= 0 or lo / hi < min_ratio:
                continue
            # Further apart than `_MIN_RATIO`, only a count that rose between the reports.
            if lo / hi < _MIN_RATIO and (va.number < vb.number) != (later == "b"):
                continue
            if fa.sentence not in stems_a:
                stems_a[fa.sentence] = _content_stems(sent_a.get(fa.sentence, ""))
            if fb.sentence not in stems_b:
                stems_b[fb.sentence] = _content_stems(sent_b.get(fb.sentence, ""))
            pa, pb = places_a.get(fa.sentence, ()), places_b.get(fb.sentence, ())
            if _part_and_total(pa, lists_a.get(fa.sentence), pb) or _part_and_total(
                pb, lists_b.get(fb.sentence), pa
            ):
                continue
            shared = stems_a[fa.sentence] & stems_b[fb.sentence]
            is_aligned = (fa.sentence, fb.sentence) in aligned
            if not _comparable(
                fa, fb, frames_a[i], frames_b[j], aligned=is_aligned, shared=shared, years=years
            ):
                continue
            score = (2.0 if is_aligned else 0.0) + lo / hi + min(len(shared), 5) / 5
            sa, sb = soft_a.get(fa.sentence, frozenset()), soft_b.get(fb.sentence, frozenset())
            if sa & {*pb, *sb} or sb & {*pa, *sa}:
                score += _DEMONYM_BONUS  # `Government of Mexico` / `Mexican Health Minister`
            # Symmetric tie-breaks keep the result mirrored when A and B are swapped.
            key = (
                -score,
                abs(fa.sentence - fb.sentence),
                fa.sentence + fb.sentence,
                lo,
                hi,
            )
            cands.append((key, i, j))
    cands.sort()
    # One-to-one, best pairs first; then a casualty figure left over meets its best
    # counterpart even if taken: sources differ on tolls (`62` killed, and `69` by the Red
    # Cross, against `72`).
    used_a: set[int] = set()
    used_b: set[int] = set()
    chosen: set[tuple[int, int]] = set()
    for _, i, j in cands:
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            chosen.add((i, j))
    for _, i, j in cands:
        if i in used_a and j in used_b:
            continue
        if nums_a[i][1].family if i not in used_a else nums_b[j][1].family:
            chosen.add((i, j))
            used_a.add(i)
            used_b.add(j)
    return [
        (
            nums_a[i][0],
            nums_b[j][0],
            _what(nums_a[i][0], nums_a[i][1], nums_b[j][0], sent_a.get(nums_a[i][0].sentence, "")),
        )
        for i, j in sorted(chosen)
    ]


# A quote matches another when one holds the other's words, when the shorter (of at least
# `_PARTIAL_MIN` characters) nearly stands in the longer, or when the shorter (of at least
# `_SET_MIN_WORDS` words) shares nearly all its words with the longer.
_PARTIAL_MIN = 15
_PARTIAL_CUTOFF = 88
_SET_MIN_WORDS = 4
_SET_CUTOFF = 80
# Quotes tried first, found by this many of the asked quote's rarest words.
_LIKELY = 8
_PROBE_WORDS = 4
# A quote reported without quote marks: it nearly stands in one sentence of the other article.
_UNQUOTED_CUTOFF = 90


def _quotes_match(qa: str, qb: str) -> bool:
    if not qa or not qb:
        return False
    short, long_ = sorted((qa, qb), key=len)
    if contains_phrase(long_, short):
        return True
    if len(short) >= _PARTIAL_MIN and fuzz.partial_ratio(short, long_) >= _PARTIAL_CUTOFF:
        return True
    return (
        len(short.split()) >= _SET_MIN_WORDS and fuzz.token_set_ratio(short, long_) >= _SET_CUTOFF
    )


def _any_scores(
    query: str, choices: Sequence[str], scorer: Callable[..., float], cutoff: float
) -> bool:
    """Whether `scorer(query, c) >= cutoff` for some choice, the loop run by rapidfuzz in C."""
    if not choices:
        return False
    hits = process.extract_iter(query, choices, scorer=scorer, processor=None, score_cutoff=cutoff)
    return next(hits, None) is not None


class _QuoteIndex:
    """The quotes of the other article, asked whether any matches a quote (`_quotes_match`).

    Same answers as trying `_quotes_match` against every quote, without the Python loop over
    all pairs that made long articles quadratic: containment is looked up (a phrase index over
    the quotes, and a set of the quotes for those inside the asked one), and the two fuzzy
    scores run over exactly the quotes for which `_quotes_match` would compute them, in one
    rapidfuzz call each (both scores are symmetric; the length rules pick the choices).
    """

    def __init__(self, quotes: Iterable[str]) -> None:
        unique = list(dict.fromkeys(q for q in quotes if q))
        # Quote values are normalised (no `|`), so a phrase found in the joined text lies
        # inside one quote.
        self._joined = PhraseIndex(" | ".join(unique))
        self._sep_free = all("|" not in q for q in unique)
        self._unique = unique
        self._set = set(unique)
        # For each first word, the word counts of the quotes starting with it.
        self._spans: dict[str, set[int]] = {}
        for q in unique:
            words = q.split(" ")
            self._spans.setdefault(words[0], set()).add(len(words))
        by_len = sorted(unique, key=len)
        self._by_len = by_len
        self._lens = [len(q) for q in by_len]
        self._partial = by_len[bisect_left(self._lens, _PARTIAL_MIN) :]
        self._worded = [q for q in by_len if len(q.split()) >= _SET_MIN_WORDS]
        self._worded_lens = [len(q) for q in self._worded]
        # Which quotes use each word: the likeliest matches are tried first.
        self._using: dict[str, list[int]] = {}
        for k, q in enumerate(unique):
            for w in set(q.split(" ")):
                self._using.setdefault(w, []).append(k)

    def _holds_a_quote(self, fv: str) -> bool:
        """Whether some quote is a phrase of `fv` (a run of its words)."""
        words = fv.split(" ")
        for i, w in enumerate(words):
            for n in self._spans.get(w, ()):
                if i + n <= len(words) and " ".join(words[i : i + n]) in self._set:
                    return True
        return False

    def _likely(self, fv: str) -> list[int]:
        """Up to `_LIKELY` quotes sharing the most of `fv`'s `_PROBE_WORDS` rarest words."""
        postings = sorted(
            (len(where), w) for w in set(fv.split(" ")) if (where := self._using.get(w))
        )
        shared: dict[int, int] = {}
        for _, w in postings[:_PROBE_WORDS]:
            for k in self._using[w]:
                shared[k] = shared.get(k, 0) + 1
        return heapq.nsmallest(_LIKELY, shared, key=lambda k: (-shared[k], k))

    def matches(self, fv: str) -> bool:
        """Whether `_quotes_match(fv, q)` holds for some quote `q`."""
        if not fv:
            return False
        if "|" in fv or not self._sep_free or "  " in fv or fv != fv.strip(" "):
            return any(_quotes_match(fv, q) for q in self._unique)  # not normalised text
        # One holds the other: `fv` inside a quote (as long or longer), or a quote inside `fv`.
        if fv in self._joined or self._holds_a_quote(fv):
            return True
        # The quotes sharing most of `fv`'s rarest words usually hold the match: try them one
        # by one before running the scores over every quote.
        if any(_quotes_match(fv, self._unique[k]) for k in self._likely(fv)):
            return True
        # `_quotes_match` sorts the pair by length, `fv` first on a tie: the shorter decides
        # which fuzzy scores are computed.
        n = len(fv)
        if n >= _PARTIAL_MIN and _any_scores(
            fv, self._partial, fuzz.partial_ratio, _PARTIAL_CUTOFF
        ):
            return True
        # Token set: quotes shorter than `fv` with enough words, and (when `fv` has enough
        # words) every quote at least as long as `fv`.
        choices = self._worded[: bisect_left(self._worded_lens, n)]
        if len(fv.split()) >= _SET_MIN_WORDS:
            choices = choices + self._by_len[bisect_left(self._lens, n) :]
        return _any_scores(fv, choices, fuzz.token_set_ratio, _SET_CUTOFF)


@functools.lru_cache(maxsize=1 << 16)
def _names_match(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    # The same pairs of names recur across an article's many mentions.
    return names_match(a, b)


def _years(facts: Sequence[Fact]) -> set[int]:
    return {v.year for f in facts if f.kind == "date" for v in [parse_value(f.value)] if v.year}


def _matcher(
    other: Sequence[Fact], other_norm: str, other_sents: Sequence[Sentence], years: set[int]
) -> Callable[[Fact], bool]:
    """A predicate: does the other article state this fact (by value, or in its text)?"""
    # Each distinct value once: an article names the same people and dates many times.
    names = list(dict.fromkeys(tuple(f.value.split()) for f in other if f.kind in _NAME_KINDS))
    quotes = _QuoteIndex(f.value for f in other if f.kind == "quote")
    dates = [parse_value(v) for v in dict.fromkeys(f.value for f in other if f.kind == "date")]
    numbers = [
        v
        for value in dict.fromkeys(f.value for f in other if f.kind == "number")
        for v in [parse_number_value(value)]
        if v
    ]
    # Sentences by length: a quote is looked for only in sentences at least as long as it.
    sent_norms = sorted((norm(s.text) for s in other_sents), key=len)
    sent_lens = [len(s) for s in sent_norms]
    # Capitalised words of the other text, stemmed: `Palestine` is stated by `Palestinians`.
    cap_stems = {stem(w) for s in other_sents for w in re.findall(r"\b[A-Z][\w]+", s.text)}
    claims = ClaimIndex(other_sents)
    in_other = PhraseIndex(other_norm)

    def stated(f: Fact) -> bool:
        if norm(f.text) in in_other:
            return True
        if f.kind == "claim":
            return claims.states(f.text)
        if f.kind in _NAME_KINDS:
            key = tuple(f.value.split())
            if len(key) == 1 and stem(key[0]) in cap_stems:
                return True
            # A person named by surname alone there (`Reyes is expected...`, a sentence opener
            # the name finder cannot tell from a common word).
            if f.kind == "person" and len(key) > 1 and stem(key[-1]) in cap_stems:
                return True
            return f.value in in_other or any(_names_match(key, k) for k in names)
        if f.kind == "quote":
            if quotes.matches(f.value):
                return True
            # Quoted here, reported without quote marks there.
            return len(f.value) >= _PARTIAL_MIN and _any_scores(
                f.value,
                sent_norms[bisect_left(sent_lens, len(f.value)) :],
                fuzz.partial_ratio,
                _UNQUOTED_CUTOFF,
            )
        if f.kind == "date":
            v = parse_value(f.value)
            return any(compatible(v, d, years=years) for d in dates if d != DateValue())
        if f.kind == "number":
            nv = parse_number_value(f.value)
            return nv is not None and any(_same_number(nv, o) for o in numbers)
        return False

    return stated


def _uniques(
    facts: Sequence[Fact], stated: Callable[[Fact], bool], in_conflict: set[tuple[str, str]]
) -> tuple[Fact, ...]:
    out: list[Fact] = []
    seen: set[tuple[str, str]] = set()
    reported_names: list[tuple[str, ...]] = []
    for f in facts:
        if f.kind == "number" and (nv := parse_number_value(f.value)):
            # `approximately 50-minute` after `50-minute`: one figure, reported once.
            ident = ("num", f"{nv.number}|{nv.unit}")
        else:
            ident = (f.kind, f.value)
        if ident in seen or (f.kind, f.value) in in_conflict:
            continue
        seen.add(ident)
        if len(norm(f.text)) < 3 or stated(f):
            continue
        if f.kind in _NAME_KINDS:
            key = tuple(f.value.split())
            if any(_names_match(key, k) for k in reported_names):
                continue  # `Putin` after `Vladimir Putin`: one entity, reported once
            reported_names.append(key)
        out.append(f)
    return tuple(out)


def compare_facts(
    facts_a: Sequence[Fact],
    facts_b: Sequence[Fact],
    *,
    text_a: str,
    text_b: str,
    sentences_a: Sequence[Sentence],
    sentences_b: Sequence[Sentence],
    rows: Sequence[Row],
    dates: tuple[Date | None, Date | None] = (None, None),
) -> tuple[tuple[Fact, ...], tuple[Fact, ...], tuple[Conflict, ...]]:
    """Facts only one article states, and numbers the two articles give differently.

    A fact is unique to A only when nothing in B means the same value (`1,300` = `1300`,
    `Oct. 7` = `October 7`, `al-Sisi` = `Abdel Fattah el-Sisi`, a quote and a fragment of it,
    `October 16` and `Monday`) and its words do not stand in B's text. A conflict is a pair of
    figures counting the same thing (`killed`/`deaths`/`slaughtered`; the same noun in aligned
    sentences) with different values; equal values are paired first, then conflicts one-to-one,
    preferring aligned sentences and close figures. Different precision is not a conflict.

    Args:
        facts_a: Facts of article A (from `extract_facts`).
        facts_b: Facts of article B.
        text_a: A's plain text.
        text_b: B's plain text.
        sentences_a: A's sentences.
        sentences_b: B's sentences.
        rows: The alignment; matched rows are evidence that two figures share a subject.
        dates: The articles' dates, when known: a figure whose sentence states no date is
            dated by its article's year, and figures of articles dated apart may differ more
            (a toll rising between reports).

    Returns:
        `(only_a, only_b, conflicts)`, each in article order.
    """
    aligned = {(i, j) for r in rows if r.kind == "match" for i in r.a for j in r.b}
    years = _years(facts_a) | _years(facts_b)

    def numbers(facts: Sequence[Fact]) -> list[tuple[Fact, NumberValue]]:
        return [
            (f, v) for f in facts if f.kind == "number" for v in [parse_number_value(f.value)] if v
        ]

    nums_a, nums_b = numbers(facts_a), numbers(facts_b)
    # Each distinct value of the other side once: a figure repeated a hundred times is one.
    values_a, values_b = (
        list(dict.fromkeys(v for _, v in nums_a)),
        list(dict.fromkeys(v for _, v in nums_b)),
    )
    # A figure the other article gives too (with no other counting word: `69` killed is not
    # `nearly 70` missing) is agreed on; the others may conflict.
    free_a = [(f, v) for f, v in nums_a if not any(_agrees(v, o) for o in values_b)]
    free_b = [(f, v) for f, v in nums_b if not any(_agrees(v, o) for o in values_a)]
    # One figure per value and side: the first mention stands for the repeats.
    free_a = list({(v.number, v.unit): (f, v) for f, v in reversed(free_a)}.values())[::-1]
    free_b = list({(v.number, v.unit): (f, v) for f, v in reversed(free_b)}.values())[::-1]
    free_a = _most_precise(free_a, nums_a)
    free_b = _most_precise(free_b, nums_b)
    free_a.sort(key=lambda p: p[0].start)
    free_b.sort(key=lambda p: p[0].start)
    date_a, date_b = dates
    year_a, year_b = (d.year if d else None for d in dates)
    # Places either article names: `Mexico` is a place in one and inside `Government of
    # Mexico` in the other; `California` a place in one and a bare name in the other.
    gazetteer = {f.value for f in (*facts_a, *facts_b) if f.kind == "place"}
    later = "" if date_a is None or date_b is None or date_a == date_b else "ab"[date_b > date_a]
    places_a, lists_a, soft_a = _sentence_places(
        facts_a, gazetteer, {f.sentence for f, _ in free_a}, {s.index: s for s in sentences_a}
    )
    places_b, lists_b, soft_b = _sentence_places(
        facts_b, gazetteer, {f.sentence for f, _ in free_b}, {s.index: s for s in sentences_b}
    )
    pairs = _number_conflicts(
        free_a,
        free_b,
        aligned,
        _sentence_texts(sentences_a),
        _sentence_texts(sentences_b),
        years | {y for y in (year_a, year_b) if y},
        years_of=(year_a, year_b),
        places_a=places_a,
        places_b=places_b,
        lists_a=lists_a,
        lists_b=lists_b,
        soft_a=soft_a,
        soft_b=soft_b,
        later=later,
    )
    conflicts = tuple(
        Conflict(what, fa, fb) for fa, fb, what in sorted(pairs, key=lambda p: p[0].start)
    )

    def num_ident(f: Fact) -> tuple[str, str]:
        v = parse_number_value(f.value)
        return ("num", f"{v.number}|{v.unit}") if v else ("", "")

    conflict_a = {num_ident(c.a) for c in conflicts}
    conflict_b = {num_ident(c.b) for c in conflicts}
    in_conflict_a = {
        (f.kind, f.value) for f in facts_a if f.kind == "number" and num_ident(f) in conflict_a
    }
    in_conflict_b = {
        (f.kind, f.value) for f in facts_b if f.kind == "number" and num_ident(f) in conflict_b
    }

    # The key claim of each sentence the alignment found no counterpart for.
    matched_a = {i for r in rows if r.kind == "match" for i in r.a}
    matched_b = {j for r in rows if r.kind == "match" for j in r.b}
    claims_a = find_claims(
        text_a,
        sentences_a,
        facts_a,
        indices={s.index for s in sentences_a} - matched_a,
        metadata=metadata_spans(text_a, sentences_a),
    )
    claims_b = find_claims(
        text_b,
        sentences_b,
        facts_b,
        indices={s.index for s in sentences_b} - matched_b,
        metadata=metadata_spans(text_b, sentences_b),
    )
    all_a = sorted([*facts_a, *claims_a], key=lambda f: (f.start, -(f.end - f.start)))
    all_b = sorted([*facts_b, *claims_b], key=lambda f: (f.start, -(f.end - f.start)))

    norm_a, norm_b = norm(text_a), norm(text_b)
    # A bare relative date (`Monday`, `last week`) says when only with what happened then: in a
    # sentence the other article has no counterpart to, the sentence's claim is the fact; in a
    # matched one, the date is a detail one outlet adds to a shared statement.
    all_a = [f for f in all_a if f.sentence in matched_a or not _bare_relative(f)]
    all_b = [f for f in all_b if f.sentence in matched_b or not _bare_relative(f)]
    only_a = _uniques(all_a, _matcher(facts_b, norm_b, sentences_b, years), in_conflict_a)
    only_b = _uniques(all_b, _matcher(facts_a, norm_a, sentences_a, years), in_conflict_b)
    return only_a, only_b, conflicts


def _bare_relative(f: Fact) -> bool:
    """A date fact that names no calendar day, month or year: `Monday`, `yesterday`."""
    if f.kind != "date":
        return False
    v = parse_value(f.value)
    return (
        v.year is None
        and v.month is None
        and v.day is None
        and bool(v.rel or v.weekday is not None)
    )
