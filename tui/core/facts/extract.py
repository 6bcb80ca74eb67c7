"""Extract the facts of one article: numbers, names, quotes and dates, each in its sentence."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from tui.core.facts._text import SpanIndex, norm
from tui.core.facts.dates import DateValue, find_dates
from tui.core.facts.frames import frame_of, sentence_years
from tui.core.facts.names import find_names
from tui.core.facts.numbers import NumberMention, find_numbers
from tui.core.facts.quotes import find_quotes, quote_pieces
from tui.core.types import Fact, Sentence

__all__ = ["extract_facts", "metadata_spans"]

# Publication metadata is not a fact (photo credits, wire credits): `(AP/Jane Doe)`,
# `(Reporting by ...; Editing by ...)`.
_CREDIT = re.compile(
    r"\((?:[^()\n]*/[^()\n]*|\s*(?:Reporting|Writing|Editing|Additional reporting|Compiled|"
    r"Photo|Image|Video|Source)\b[^()\n]*)\)"
)
# What is left of a dateline once its dates and times are removed: `Tuesday, 17/10/2023 13:30 WIB`.
_TIME = re.compile(r"\b\d{1,2}:\d{2}(?::\d{2})?\b|\b[A-Z]{2,4}\b|\b(?:am|pm|a\.m\.|p\.m\.)")
_WORDS = re.compile(r"[^\W\d_]{2,}")
# A dateline opening a paragraph: where the story was filed and for whom (`JERUSALEM (Reuters) -`,
# `Jakarta, City Press –`, `MOSCOW, Oct 16 (AP) —`). Publication metadata, like a byline: the
# place and the outlet named there are not facts of the story. Only the conventional shapes
# count (a capitalised place with a comma-separated outlet, an agency in brackets, or a place in
# capitals), so a paragraph opening with `Hamas – the group ...` keeps its name.
_CAPS = r"[A-Z][\w.'’&\-]*"
_DATELINE_PREFIX = re.compile(
    rf"(?P<place>{_CAPS}(?:[ \t]+{_CAPS}){{0,3}})"
    rf"(?P<outlet>,[ \t]+{_CAPS}(?:[ \t]+{_CAPS}){{0,4}})?"
    r"(?P<day>,?[ \t]+[A-Z][a-z]{2,8}\.?[ \t]+\d{1,2})?"
    r"(?P<agency>[ \t]+\([^()\n]{2,40}\))?"
    r"[ \t]+[–—\-]{1,2}[ \t]+"
)


class _Locator:
    """Map an offset to the index of the sentence that holds it."""

    def __init__(self, sentences: Sequence[Sentence]) -> None:
        self._sents = sorted(sentences, key=lambda s: s.start)
        self._starts = [s.start for s in self._sents]

    def find(self, pos: int) -> Sentence | None:
        i = bisect.bisect_right(self._starts, pos) - 1
        if i < 0:
            return None
        s = self._sents[i]
        return s if s.start <= pos < s.end else None


def _is_dateline(sentence: str, spans: Sequence[tuple[int, int]], base: int) -> bool:
    chars = list(sentence)
    for s, e in spans:
        for k in range(max(0, s - base), min(len(chars), e - base)):
            chars[k] = " "
    rest = _TIME.sub(" ", "".join(chars))
    return len(_WORDS.findall(rest)) < 2


def _dateline_prefixes(text: str, sentences: Sequence[Sentence]) -> list[tuple[int, int]]:
    """Spans of dateline prefixes at the start of body paragraphs."""
    spans: list[tuple[int, int]] = []
    for s in sentences:
        if s.start == 0 or text[s.start - 1] != "\n":
            continue  # the headline, or a sentence inside a paragraph
        m = _DATELINE_PREFIX.match(text, s.start, s.end)
        if m and (m.group("outlet") or m.group("agency") or m.group("place").isupper()):
            spans.append((m.start(), m.end()))
    return spans


def metadata_spans(text: str, sentences: Sequence[Sentence]) -> list[tuple[int, int]]:
    """Spans of publication metadata in `text`: photo and wire credits, paragraph datelines."""
    credits = [(m.start(), m.end()) for m in _CREDIT.finditer(text)]
    return credits + _dateline_prefixes(text, sentences)


def _nearest_name(names: Sequence[Fact], sentence: int, start: int, end: int) -> str:
    """The person or organisation named nearest to a quote in its sentence (its speaker)."""
    best = ""
    best_dist = 10**9
    for n in names:
        if n.sentence != sentence or n.kind not in ("person", "org", "name"):
            continue
        if start <= n.start < end:
            continue  # named inside the quote: not the speaker
        dist = start - n.end if n.end <= start else n.start - end
        if dist < best_dist:
            best, best_dist = n.text, dist
    return best


def extract_facts(text: str, sentences: Sequence[Sentence]) -> tuple[Fact, ...]:
    """Find the facts of one article.

    Numbers with what they count (`more than 1,300 Israelis`), people, organisations and places
    (titles stripped from the value), direct quotes and dates. Every fact lies inside one of
    `sentences`; text outside every sentence (site chrome) yields nothing. Photo and wire credits
    and bare datelines are publication metadata, not facts.

    Args:
        text: The article's plain text (headline, blank line, body).
        sentences: Its sentences, with offsets into `text`. When empty, the whole text is one.

    Returns:
        Facts in text order; `text[f.start:f.end] == f.text` for each.
    """
    if not text.strip():
        return ()
    sents = list(sentences) or [Sentence(0, text, 0, len(text))]
    where = _Locator(sents)
    credits = metadata_spans(text, sents)

    facts: list[Fact] = []
    # A point inside a credit: looked up among the credits near it (an article with many
    # photo credits and quotes stays linear).
    credit_index = SpanIndex(credits)

    def in_credit(pos: int) -> bool:
        return any(a <= pos < b for a, b in credit_index.overlapping(pos, pos + 1))

    dates = [d for d in find_dates(text) if not in_credit(d[0])]
    date_spans = [(s, e) for s, e, _ in dates]
    # Each sentence looks only at the spans near it: a long article stays linear.
    date_index = SpanIndex(date_spans)
    datelines = {
        s.index
        for s in sents
        if (near := date_index.overlapping(s.start, s.end))
        and _is_dateline(s.text, near, s.start)
        and any(s.start <= d0 < s.end for d0, _ in near)
    }
    # When each sentence's figures apply: the absolute dates and bare years it states.
    when: dict[int, list[DateValue]] = {}
    for s, e, value in dates:
        sent = where.find(s)
        if sent is None or sent.index in datelines:
            continue
        facts.append(Fact(text[s:e], "date", sent.index, s, e, value.encode()))
        if not value.rel and value != DateValue():
            when.setdefault(sent.index, []).append(value)

    skip = SpanIndex(credits + date_spans)
    mentions: list[tuple[int, NumberMention]] = []
    for sent in sents:
        if sent.index in datelines:
            continue
        near_skip = skip.overlapping(sent.start, sent.end)
        for n in find_numbers(text, sent.start, sent.end, skip=near_skip):
            mentions.append((sent.index, n))

    num_spans = [(n.start, n.end) for _, n in mentions]
    names: list[Fact] = []
    quotes = find_quotes(text)
    quote_spans = set(quotes)
    for idx, m in find_names(text, sents, skip=credits + date_spans + num_spans):
        if idx in datelines or (m.start, m.end) in quote_spans:
            continue  # a bare dateline's zone, or a quoted name (`the ‘Great Satan’`): no name
        names.append(Fact(text[m.start : m.end], m.kind, idx, m.start, m.end, " ".join(m.key)))
    names_in: dict[int, list[Fact]] = {}
    for name in names:
        names_in.setdefault(name.sentence, []).append(name)
    texts = {s.index: s.text for s in sents}
    for index, n in mentions:
        subject = n.subject
        if n.family and n.family not in subject.lower().split():
            subject = f"{subject} ({n.family})".strip()
        places = [f.value for f in names_in.get(index, ()) if f.kind == "place"]
        dated = [*when.get(index, ()), *sentence_years(texts.get(index, ""))]
        frame = frame_of(n, places, dated)
        facts.append(
            Fact(text[n.start : n.end], "number", index, n.start, n.end, n.value, subject, frame)
        )
    facts.extend(names)

    for s, e in quotes:
        sent = where.find(s)
        if sent is None or in_credit(s):
            continue
        speaker = _nearest_name(names_in.get(sent.index, []), sent.index, s, e)
        # A long quote is one fact per clause: a reader cites "the steps Russia is taking", and
        # another outlet may report one clause and not the next.
        for ps, pe in quote_pieces(text, s, e):
            where_piece = where.find(ps) or sent
            piece = text[ps:pe]
            facts.append(Fact(piece, "quote", where_piece.index, ps, pe, norm(piece), speaker))

    facts.sort(key=lambda f: (f.start, -(f.end - f.start)))
    return tuple(facts)
