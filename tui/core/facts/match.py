"""Match facts across two articles: what only one side has, and where the two disagree."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from rapidfuzz import fuzz

from tui.core.facts._text import STOPWORDS, contains_phrase, family_of, norm, stem
from tui.core.facts.claims import ClaimIndex, find_claims
from tui.core.facts.dates import DateValue, compatible, parse_value
from tui.core.facts.extract import metadata_spans
from tui.core.facts.names import names_match
from tui.core.facts.numbers import APPROXIMATE, NumberValue, format_number, parse_number_value
from tui.core.types import Conflict, Fact, Row, Sentence

__all__ = ["compare_facts"]

_NAME_KINDS = frozenset({"person", "org", "place", "name"})
# Two figures further apart than this ratio are about different things, not a disagreement.
_MIN_RATIO = 0.5
_GENERIC_SUBJECTS = frozenset(["people", "persons", "more", "others", "individuals"])
# Nouns for groups of people: what a generic `people` count may be counting.
_PEOPLE = frozenset(
    """civilians children adults women men boys girls babies infants residents citizens
    soldiers troops fighters militants gunmen police policemen officers protesters
    demonstrators journalists workers patients students victims migrants refugees hostages
    prisoners detainees passengers pilgrims miners employees staff members voters visitors
    tourists teenagers elderly inhabitants villagers settlers doctors nurses""".split()  # noqa: SIM905
)


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


def _same_number(a: NumberValue, b: NumberValue) -> bool:
    if a.unit != b.unit:
        return False
    if a.number == b.number:
        return True
    # Different precision is not a disagreement: "about 1,300" and "1,312".
    if a.qualifier in APPROXIMATE and _rounds_to(b.number, a.number):
        return True
    return b.qualifier in APPROXIMATE and _rounds_to(a.number, b.number)


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
        return generic_a == generic_b or other[:1].isupper() or other.lower() in _PEOPLE
    if stem(ha) == stem(hb):
        return True
    # Two different counted things (`Israelis` / `Palestinians`, `protesters` / `journalists`,
    # `soldiers` / `civilians`) are two different counts, unless one subject names the other's
    # head (`Israelis` / `Israeli civilians`).
    words_a = {stem(w) for w in re.findall(r"[^\W\d_][\w’'\-]*", fa.subject) if not family_of(w)}
    words_b = {stem(w) for w in re.findall(r"[^\W\d_][\w’'\-]*", fb.subject) if not family_of(w)}
    return bool(words_a & words_b)


_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def _occasions(facts: Sequence[Fact], sentences: Sequence[Sentence]) -> dict[int, list[DateValue]]:
    """The absolute dates (and bare years) each sentence mentions: when its figures apply."""
    out: dict[int, list[DateValue]] = {}
    for f in facts:
        if f.kind == "date":
            v = parse_value(f.value)
            if not v.rel and v != DateValue():
                out.setdefault(f.sentence, []).append(v)
    for s in sentences:
        for m in _YEAR.finditer(s.text):
            out.setdefault(s.index, []).append(DateValue(year=int(m.group())))
    return out


def _what(fa: Fact, va: NumberValue, fb: Fact) -> str:
    ha, hb = _head(fa.subject), _head(fb.subject)
    if ha and hb and stem(ha) == stem(hb):
        who = ha
    elif ha.lower() in _GENERIC_SUBJECTS or not ha:
        who = hb or "people"
    else:
        who = ha if hb.lower() in _GENERIC_SUBJECTS or not hb else f"{ha} / {hb}"
    if va.family:
        return f"{who.lower() if who.lower() in _GENERIC_SUBJECTS else who} {va.family}".strip()
    return f"number of {who}" if who else "figure"


def _number_conflicts(
    nums_a: list[tuple[Fact, NumberValue]],
    nums_b: list[tuple[Fact, NumberValue]],
    aligned: set[tuple[int, int]],
    sent_a: dict[int, str],
    sent_b: dict[int, str],
    same_occasion: Callable[[int, int], bool],
) -> list[tuple[Fact, Fact, str]]:
    cands: list[tuple[tuple[float, ...], int, int]] = []
    for i, (fa, va) in enumerate(nums_a):
        for j, (fb, vb) in enumerate(nums_b):
            if va.unit != vb.unit or va.number == vb.number:
                continue
            lo, hi = sorted((va.number, vb.number))
            if hi <= 0 or lo / hi < _MIN_RATIO:
                continue
            if not same_occasion(fa.sentence, fb.sentence):
                continue  # `30 killed in 2019` and `35 killed in 2021`: two events
            is_aligned = (fa.sentence, fb.sentence) in aligned
            if va.family or vb.family:
                if va.family != vb.family or not _subjects_compatible(fa, fb):
                    continue
            elif not (
                is_aligned
                and _head(fa.subject)
                and stem(_head(fa.subject)) == stem(_head(fb.subject))
            ):
                # Without a counting verb, only the same counted noun in aligned sentences.
                continue
            shared = _content_stems(sent_a.get(fa.sentence, "")) & _content_stems(
                sent_b.get(fb.sentence, "")
            )
            if not is_aligned and not shared:
                continue
            score = (2.0 if is_aligned else 0.0) + lo / hi + min(len(shared), 5) / 5
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
    used_a: set[int] = set()
    used_b: set[int] = set()
    out: list[tuple[Fact, Fact, str]] = []
    for _, i, j in cands:
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        out.append((nums_a[i][0], nums_b[j][0], _what(nums_a[i][0], nums_a[i][1], nums_b[j][0])))
    return out


def _quotes_match(qa: str, qb: str) -> bool:
    if not qa or not qb:
        return False
    short, long_ = sorted((qa, qb), key=len)
    if contains_phrase(long_, short):
        return True
    if len(short) >= 15 and fuzz.partial_ratio(short, long_) >= 88:
        return True
    return len(short.split()) >= 4 and fuzz.token_set_ratio(short, long_) >= 80


def _years(facts: Sequence[Fact]) -> set[int]:
    return {v.year for f in facts if f.kind == "date" for v in [parse_value(f.value)] if v.year}


def _matcher(
    other: Sequence[Fact], other_norm: str, other_sents: Sequence[Sentence], years: set[int]
) -> Callable[[Fact], bool]:
    """A predicate: does the other article state this fact (by value, or in its text)?"""
    names = [tuple(f.value.split()) for f in other if f.kind in _NAME_KINDS]
    quotes = [f.value for f in other if f.kind == "quote"]
    dates = [parse_value(f.value) for f in other if f.kind == "date"]
    numbers = [v for f in other if f.kind == "number" for v in [parse_number_value(f.value)] if v]
    sent_norms = [norm(s.text) for s in other_sents]
    # Capitalised words of the other text, stemmed: `Palestine` is stated by `Palestinians`.
    cap_stems = {stem(w) for s in other_sents for w in re.findall(r"\b[A-Z][\w]+", s.text)}
    claims = ClaimIndex(other_sents)

    def stated(f: Fact) -> bool:
        if contains_phrase(other_norm, norm(f.text)):
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
            return contains_phrase(other_norm, f.value) or any(names_match(key, k) for k in names)
        if f.kind == "quote":
            if any(_quotes_match(f.value, q) for q in quotes):
                return True
            # Quoted here, reported without quote marks there.
            return len(f.value) >= 15 and any(
                fuzz.partial_ratio(f.value, s) >= 90 for s in sent_norms if len(s) >= len(f.value)
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
            if any(names_match(key, k) for k in reported_names):
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
    free_a = [(f, v) for f, v in nums_a if not any(_same_number(v, o) for _, o in nums_b)]
    free_b = [(f, v) for f, v in nums_b if not any(_same_number(v, o) for _, o in nums_a)]
    # One figure per value and side: the first mention stands for the repeats.
    free_a = list({(v.number, v.unit): (f, v) for f, v in reversed(free_a)}.values())[::-1]
    free_b = list({(v.number, v.unit): (f, v) for f, v in reversed(free_b)}.values())[::-1]
    free_a.sort(key=lambda p: p[0].start)
    free_b.sort(key=lambda p: p[0].start)
    when_a, when_b = _occasions(facts_a, sentences_a), _occasions(facts_b, sentences_b)

    def same_occasion(i: int, j: int) -> bool:
        # Figures dated on both sides must share a possible date; undated figures may be.
        da, db = when_a.get(i, []), when_b.get(j, [])
        return not da or not db or any(compatible(x, y, years=years) for x in da for y in db)

    pairs = _number_conflicts(
        free_a,
        free_b,
        aligned,
        _sentence_texts(sentences_a),
        _sentence_texts(sentences_b),
        same_occasion,
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
    only_a = _uniques(all_a, _matcher(facts_b, norm_b, sentences_b, years), in_conflict_a)
    only_b = _uniques(all_b, _matcher(facts_a, norm_a, sentences_a, years), in_conflict_b)
    return only_a, only_b, conflicts
