"""Claims: the key statement of a sentence, for sentences the other article has no counterpart to.

Numbers, names, quotes and dates are the atoms of a story, but what a fact-checker lists is mostly
claims: "Israel declared war", "the readout did not mention a ceasefire". For a sentence that no
sentence of the other article matches, the claim is its main clause as one contiguous span:

- sources are trimmed: a leading "According to X," or "The ministry said (that)" whose speaker is
  not a person named in the article, a trailing ", the ministry said" or ", according to X";
- scene-setting openers ("During the call,", "Speaking with reporters,") and linking words
  ("But", "Earlier,") are trimmed when enough is left;
- the clause ends at the first subordinate or appended clause (", which", ", while", " but ",
  "; ", a dash), and a claim is at most `_MAX_WORDS` words long.

A sentence made mostly of a quote gives no claim (the quote is already a fact), nor does a label
or a dateline (fewer than `_MIN_WORDS` words), nor a headline without a full stop (it announces
what the body says) or a picture credit. Nothing here knows any particular story: the word
lists are generic English.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Sequence, Set

from tui.core.facts._text import MONTHS, STOPWORDS, TITLES, WEEKDAYS, SpanIndex, norm, stem
from tui.core.types import Fact, Sentence

__all__ = ["ClaimIndex", "claim_span", "content_stems", "find_claims"]

_MIN_WORDS = 5
# A bound for run-on sentences only: a main clause is kept whole, since a cut in mid-phrase
# (`... would help rescuers locate`) leaves a fragment no other outlet states (the bound was 24;
# at 40, facts precision rose or held in every event of the evaluation data).
_MAX_WORDS = 40
# A cut is only made once the claim has this many words: "Putin said, ..." keeps going.
_MIN_BEFORE_CUT = 5
# A quote covering this share of a claim makes the claim a copy of the quote fact.
_QUOTE_SHARE = 0.5

_ATTR_VERBS = (
    r"(?:said|says|say|reported|reports|added|adds|noted|notes|stated|states|announced|"
    r"announces|claimed|claims|wrote|writes|confirmed|confirms|insisted|argued|warned|"
    r"believes|believed|told reporters|quoted)"
)
_WORD = r"[\w.'’\-]+"
_LEAD_LINK = re.compile(
    r"(?:but|and|yet|so|however|meanwhile|also|earlier|later|still|moreover|furthermore|"
    r"in addition|separately|instead|indeed)\b,?\s+",
    re.IGNORECASE,
)
_LEAD_ACCORDING = re.compile(r"according to [^,;:]{2,80},\s+", re.IGNORECASE)
# `The Kremlin said (that) X ...`: a short speaker, a reporting verb, then a new clause.
# When it was said: `The ministry said Thursday that ...`, `officials said late Tuesday ...`.
_SAID_WHEN = (
    r"(?:\s+(?:on\s+|late\s+|early\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|"
    r"Sunday|today|yesterday)(?:\s+(?:morning|afternoon|evening|night))?)?"
)
_LEAD_ATTRIB = re.compile(
    rf"(?P<who>(?:{_WORD}\s+){{0,5}}?{_WORD})\s+{_ATTR_VERBS}{_SAID_WHEN}(?:\s+that)?,?\s+"
    r"(?=[A-Z\d“‘\"']|(?:the|a|an|according to)\s)"
)
# `During the call,` / `As of Monday evening,` / `Speaking with X,` / `When A and B spoke,`.
_LEAD_SCENE = re.compile(
    r"(?:during|in|on|at(?!\s+(?:least|most)\b)|after|before|since|as of|as a result of|"
    r"following|amid|when|while|"
    r"from|by|under|with|without|despite|[A-Z][a-z]+ing)\b[^,;:“”\"]{0,70},\s+",
    re.IGNORECASE,
)
_TRAIL_ATTRIB = re.compile(
    rf",[”’\"']?\s+(?:according to [^,;]{{2,80}}|(?:{_WORD}\s+){{0,6}}?{_WORD}\s+{_ATTR_VERBS}"
    rf"(?:\s+(?:in|on|at)\s+{_WORD}(?:\s+{_WORD}){{0,3}})?)\s*[.!?]?[”’\"']?\s*$",
)
_CLAUSE_CUT = re.compile(
    r",[”’\"']?\s+(?:which|who|whom|whose|where|while|whereas|as|but|although|though|amid|"
    r"after|before|with|in a bid|in a move|a move|according to|despite|ahead of|an?|"
    r"[a-z]+ing)\b"
    # `..., his office said, the first ...`: a source between two clauses ends the first; not
    # `X, the agency noted, did not ...`, where the claim's verb comes after it.
    r"|,[”’\"']?\s+(?:[\w.'’\-]+\s+){0,4}" + _ATTR_VERBS + r"(?=,\s+(?:the|a|an|[A-Z])\b)"
    r"|,?\s+(?:in|of|by|for|to|from|at|with|under|through|during|after)\s+(?:which|whom)\b"
    r"|\s+(?:but|while|whereas|although|who|which|including)\s+"
    r"|\s+as\s+(?:he|she|it|they|the|a|an|his|her|its|their)\s+"
    r"|\s*[;:]\s+|\s+[–—]\s+|\s+-\s+"
)
# Caption openers: `Photo:`, `From left to right:`, `In this photo taken on May 2, 2021,`.
_LABEL = re.compile(
    r"(?:(?:photo|image|picture|video|caption|file photo|(?:from )?left to right)\s*:\s+"
    r"|in this [\w ]{0,30}?(?:photo|photograph|image|picture|handout|file)\b"
    r"(?:.{0,120}?\b(?:19|20)\d\d|[^,]{0,100}),\s+)",
    re.IGNORECASE,
)
_TRAIL_PUNCT = " \t\n.,;:!?–—-"
_MIN_CONTENT = 2
_PREDICATE_SHARE = 0.5
_NAME_SHARE = 0.5
_ALPHA = re.compile(r"[^\W\d_]{3,}")
_CALENDAR = frozenset(MONTHS) | frozenset(WEEKDAYS)
_CONTENT = re.compile(r"[^\W_]{3,}|\d+")
_TOKEN = re.compile(r"\S+")
# A headline (the first line, without a full stop) announces what the body says (`Rescuers
# Mount Frantic Search for Italy Quake Survivors`): the body's sentences state the claims.
_ENDS_SENTENCE = re.compile(r"[.!?…][\"'”’)\]]*\s*$")
# A picture credit on a line of its own: `Photo by X on Flickr`, `Image courtesy of X`.
_CREDIT_LINE = re.compile(
    r"\s*\(?(?:photo|image|picture|video|map|graphic)s?\s+(?:by|courtesy|credit)\b", re.IGNORECASE
)


# The caption of a map or picture describes the graphic: `Map highlighting epicenter of the
# earthquake.`, `Photo showing rescuers at work.`
# `The marker shows the epicenter.` A caption also opens `In this (pool) photograph ...`, or
# places the people in the picture: `Putin (L) shakes hands with Raisi`, `(2nd R)` (a bare `(R)`
# may be a party: `Sen. Smith (R) said`).
_CAPTION_LINE = re.compile(
    r"\s*(?:(?:the|this)\s+)?(?:map|photo|image|picture|chart|graphic|video|marker|arrow)s?\s+"
    r"(?:showing|shows|highlighting|highlights|of|from|taken|marks|indicates)\b"
    r"|\s*in\s+(?:this|these|a|the)\s+(?:\w+\s+){0,2}(?:photo|photograph|image|picture|"
    r"handout|file photo)s?\b"
    r"|.*\((?:\d(?:st|nd|rd|th)\s+(?:L|R)|L|C|left|right|centre|center)\)\s",
    re.IGNORECASE,
)
# Function words any English clause of `_FOREIGN_MIN_WORDS` words holds one of (not `a`, `in`:
# other languages share them; a short headline-like clause may hold none).
_FOREIGN_MIN_WORDS = 12
_ENGLISH_GLUE = frozenset(
    """the of to is was and for that with are has have will from this be by it its were not at
    on after about during over into than off his her their he she they we you who which but as
    or an said says been had would can""".split()  # noqa: SIM905
)


def content_stems(text: str) -> set[str]:
    """Stemmed content words (and numbers) of a text: what a claim says, without its glue."""
    return {stem(w) for w in _CONTENT.findall(norm(text)) if w not in STOPWORDS}


def _split_stems(text: str) -> tuple[set[str], set[str]]:
    """A text's content stems in two sets: names (capitalised words) and the rest (its
    predicate: verbs, nouns, numbers). Titles (`President`) are in neither: they say who
    someone is, not what happened."""
    names: set[str] = set()
    rest: set[str] = set()
    for raw in _TOKEN.findall(text):
        for w in _CONTENT.findall(norm(raw)):
            if w in STOPWORDS or w in TITLES:
                continue
            (names if raw.lstrip("“‘\"'(")[:1].isupper() else rest).add(stem(w))
    if not rest:
        return set(), names  # a Title Case headline: every word is capitalised
    return names, rest


class ClaimIndex:
    """The sentences of the other article, to tell whether it states a claim in its own words.

    A claim is stated there when one sentence (or two adjacent ones, for a split sentence)
    holds at least `_PREDICATE_SHARE` of the claim's predicate words and `_NAME_SHARE` of its
    names. Both are needed: sharing only the names of the actors (`Putin met Raisi` vs `Raisi
    told Putin`) is a different event, and sharing only common words is a different story.
    """

    def __init__(self, sentences: Sequence[Sentence]) -> None:
        stems = [content_stems(s.text) for s in sentences]
        # Two adjacent sentences together too: the other outlet may split one sentence in two.
        self._stems = stems + [a | b for a, b in itertools.pairwise(stems)]
        # Which units hold each stem: a claim is checked against the units sharing its words
        # only, not against every sentence (quadratic for two long articles).
        self._holding: dict[str, list[int]] = {}
        for k, unit in enumerate(self._stems):
            for st in unit:
                self._holding.setdefault(st, []).append(k)

    def states(self, claim: str) -> bool:
        """Whether one sentence (or two adjacent ones) of the other article states `claim`."""
        names, rest = _split_stems(claim)
        if not rest:
            return False
        # A unit holding at least `need` of the predicate's stems holds one of any
        # `len(rest) - need + 1` of them (pigeonhole): look up that many, the rarest.
        need = max(1, math.ceil(_PREDICATE_SHARE * len(rest)))
        rarest = sorted(rest, key=lambda st: (len(self._holding.get(st, ())), st))
        units: set[int] = set()
        for st in rarest[: len(rest) - need + 1]:
            units.update(self._holding.get(st, ()))
        for k in sorted(units):
            other = self._stems[k]
            if len(rest & other) < _PREDICATE_SHARE * len(rest):
                continue
            if not names or len(names & other) >= _NAME_SHARE * len(names):
                return True
        return False


def _words(text: str, start: int, end: int) -> int:
    return len(_TOKEN.findall(text, start, end))


def _is_person(who: str, people: Set[str]) -> bool:
    return any(w.strip(".,'’").lower() in people for w in who.split())


def _inside_quote(text: str, start: int, end: int) -> int:
    """Where the quote still open at `end` opened (or -1 when every quote is closed)."""
    open_at = -1
    for i in range(start, end):
        ch = text[i]
        if ch == "“" or (ch in "\"‘'" and (i == start or not text[i - 1].isalnum())):
            if ch in "'‘" and i + 1 < end and not text[i + 1].isalpha():
                continue
            open_at = i if open_at < 0 or ch == "“" else -1 if ch == '"' else open_at
        elif ch in '”’"' and open_at >= 0 and (i + 1 >= len(text) or not text[i + 1].isalnum()):
            open_at = -1
    return open_at


def claim_span(
    text: str,
    sentence: Sentence,
    *,
    people: Set[str] = frozenset(),
    metadata: Sequence[tuple[int, int]] = (),
) -> tuple[int, int]:
    """The span of a sentence's main claim (absolute offsets; empty when there is none).

    Args:
        text: The article's text.
        sentence: One of its sentences.
        people: Lower-case words of people's names in the article: a speaker named by one of
            them is part of the claim ("X said ..."), a news source is not.
        metadata: Spans of publication metadata (credits, datelines) that a claim never holds.

    Returns:
        `(start, end)` into `text`, or `(s, s)` when the sentence holds no claim.
    """
    start, end = sentence.start, sentence.end
    for a, b in metadata:
        if a <= start < b:
            start = b  # a dateline prefix
        elif start < a < end:
            end = a  # a photo or wire credit
    while start < end and text[start].isspace():
        start += 1
    m = _LABEL.match(text, start, end)
    if m:
        start = m.end()
    # Leading links, sources and scene-setting, as long as a claim is left.
    for _ in range(4):
        moved = False
        for pat in (_LEAD_LINK, _LEAD_ACCORDING, _LEAD_SCENE, _LEAD_ATTRIB):
            m = pat.match(text, start, end)
            if not m or _words(text, m.end(), end) < _MIN_BEFORE_CUT:
                continue
            if pat is _LEAD_ATTRIB and _is_person(m.group("who"), people):
                continue  # `Putin said ...`: the speaker is part of the claim
            start = m.end()
            moved = True
            break
        if not moved:
            break
    # The main clause ends at the first subordinate or appended clause.
    for m in _CLAUSE_CUT.finditer(text, start, end):
        if _words(text, start, m.start()) >= _MIN_BEFORE_CUT:
            end = m.start()
            break
    # A trailing source: `..., the ministry said.`
    m = _TRAIL_ATTRIB.search(text, start, end)
    if m and _words(text, start, m.start()) >= _MIN_BEFORE_CUT:
        end = m.start()
    toks = list(_TOKEN.finditer(text, start, end))
    if len(toks) > _MAX_WORDS:
        end = toks[_MAX_WORDS - 1].end()
    # A cut inside a quote: end before the quote rather than in the middle of someone's words.
    open_at = _inside_quote(text, start, end)
    if open_at > start:
        end = open_at
    # Do not end on a function word or punctuation: `... over the deaths of` -> `... the deaths`.
    while True:
        while end > start and text[end - 1] in _TRAIL_PUNCT:
            end -= 1
        last = list(_TOKEN.finditer(text, start, end))
        word = last[-1].group() if last else ""
        # Only a lower-case function word: `May` and `US` end a claim well.
        if len(last) <= _MIN_WORDS or word[:1].isupper() or norm(word) not in STOPWORDS:
            break
        end = last[-1].start()
    if _words(text, start, end) < _MIN_WORDS:
        return start, start
    return start, end


def find_claims(
    text: str,
    sentences: Sequence[Sentence],
    facts: Sequence[Fact],
    *,
    indices: Set[int],
    metadata: Sequence[tuple[int, int]] = (),
) -> list[Fact]:
    """Claims of the sentences whose index is in `indices` (those with no counterpart).

    Args:
        text: The article's text.
        sentences: Its sentences.
        facts: Its facts from `extract_facts` (people's names and quotes shape the claims).
        indices: Sentence indices to state claims for.
        metadata: Spans of credits and datelines (see `extract.metadata_spans`).

    Returns:
        `claim` facts in text order; `value` is the claim normalised.
    """
    people = {w for f in facts if f.kind == "person" for w in f.value.split() if len(w) >= 3}
    quotes = SpanIndex((f.start, f.end) for f in facts if f.kind == "quote")
    quoted_words: dict[int, int] = {}
    for f in facts:
        if f.kind == "quote":
            quoted_words[f.sentence] = quoted_words.get(f.sentence, 0) + len(f.text.split())
    out: list[Fact] = []
    for s in sentences:
        if s.index not in indices or _CREDIT_LINE.match(s.text) or _CAPTION_LINE.match(s.text):
            continue
        if s.text.lstrip()[:1] == "[":
            continue  # an editor's insertion (`[Awaken by the earthquake, ...]`), not the story's
        if s.index == 0 and not _ENDS_SENTENCE.search(s.text):
            continue  # a headline
        a, b = claim_span(text, s, people=people, metadata=metadata)
        if b <= a:
            continue
        quoted = sum(max(0, min(b, qe) - max(a, qs)) for qs, qe in quotes.overlapping(a, b))
        if quoted >= _QUOTE_SHARE * (b - a):
            continue
        # A sentence quoting more words than its claim has (`"We update the information ...
        # For the injured, the latest figure is 446. ...," he said`): the quotes are its facts.
        if quoted_words.get(s.index, 0) >= _words(text, a, b):
            continue
        # A label or a dateline (`Tuesday, 17/10/2023 13:30 WIB`) states nothing.
        words = [w for w in _ALPHA.findall(text[a:b]) if w.lower() not in _CALENDAR]
        if len({w.lower() for w in words if w.lower() not in STOPWORDS}) < _MIN_CONTENT:
            continue
        words_ab = norm(text[a:b]).split()
        if len(words_ab) >= _FOREIGN_MIN_WORDS and not any(w in _ENGLISH_GLUE for w in words_ab):
            continue  # another language (a quoted post in Italian): not a claim read here
        out.append(Fact(text[a:b], "claim", s.index, a, b, norm(text[a:b])))
    return out
