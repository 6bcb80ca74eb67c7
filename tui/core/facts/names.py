"""Proper names: people, organisations and places written as runs of capitalised words.

Rules, all generic:
- a run of capitalised words (with connectors such as `of`, `de`, `bin` and particles such as
  `al-`/`el-`) is one candidate; punctuation, possessives and lower-case words end it;
- titles and honorifics (`Mr.`, `President`, `Deputy Foreign Minister`) split a run: what follows
  is a person, what precedes is kept only when it is more than a nationality adjective;
- a sentence-initial word is not a name when the article also uses it in lower case or it is a
  function word (`The`, `But`), so sentence capitalisation does not create names;
- in a Title Case line (a headline) only names already seen in ordinary sentences are taken.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import repeat
from typing import NamedTuple

from tui.core.facts._text import (
    CONNECTORS,
    MONTHS,
    ORG_WORDS,
    PLACE_WORDS,
    STOPWORDS,
    TITLES,
    WEEKDAYS,
    stem,
)
from tui.core.types import Sentence

__all__ = ["NameMention", "find_names", "name_key", "names_match"]

_TOKEN = re.compile(r"[^\W\d_][\w]*(?:[’'\-.][^\W\d_][\w]*)*")
_PARTICLE = re.compile(
    r"^(?:al|el|ad|ash|as|at|an|ar|az|bin|ibn|abu|abd|de|di|du|da|van|von|le|la)-(?=[^\W\d_])"
)
_POSSESSIVE = re.compile(r"[’']s$", re.IGNORECASE)
_DEMONYM = re.compile(r"(?:ian|ean|ese|ish|ist|ican|ians|eans|ists|icans)$")
_OPENING = set("“\"‘'([{:—–-")
_PLACE_PREPS = frozenset(
    "in from to at near across into towards toward outside inside via".split()  # noqa: SIM905
)
_NOT_NAMES = frozenset(MONTHS) | frozenset(WEEKDAYS)
_REPORTING_VERBS = frozenset(
    "said says reported reports told tells announced added wrote quoted noted claimed".split()  # noqa: SIM905
)
_COMMON_SUBJECTS = frozenset(
    """officials witnesses residents police authorities analysts critics experts sources reports
    troops soldiers protesters doctors observers diplomats investigators prosecutors lawyers
    researchers scientists militants rebels activists leaders members officers workers others
    he she they it we i everyone someone nobody""".split()  # noqa: SIM905
)


@dataclass(frozen=True, slots=True)
class NameMention:
    """A proper name found in the text."""

    start: int
    end: int
    key: tuple[str, ...]
    kind: str


class _Tok(NamedTuple):
    # A tuple, so a sentence's tokens are built by C-level maps (`tuple.__new__`), not one
    # Python constructor call per word.
    start: int
    end: int
    word: str
    brk_after: bool  # a possessive or an apostrophe ends the run here


_DOUBLED = re.compile(r"(\w)\1+")


@functools.lru_cache(maxsize=1 << 16)
def name_key(text: str) -> tuple[str, ...]:
    """Normalised tokens of a name: `Abdel Fattah el-Sisi` -> (`abdel`, `fattah`, `sisi`).

    Doubled letters count once, since transliterations differ there and nowhere else as
    often: `al-Shabaab` / `al-Shabab`, `Mohammed` / `Mohamed`, `Gaddafi` / `Gadafi`.
    """
    s = unicodedata.normalize("NFKC", text)
    out: list[str] = []
    for raw in s.replace("’", "'").split():
        w = _POSSESSIVE.sub("", raw.strip(".,;:'\"()"))
        w = _PARTICLE.sub("", w)
        w = w.replace(".", "")
        for part in w.split("-"):
            if part:
                out.append(_DOUBLED.sub(r"\1", part.lower()))
    return tuple(out)


@functools.lru_cache(maxsize=1 << 16)
def _is_cap(word: str) -> bool:
    return word[:1].isupper() or bool(_PARTICLE.match(word))


def _is_acronym(word: str) -> bool:
    letters = word.replace(".", "")
    return len(letters) >= 2 and letters.isalpha() and letters.isupper()


def is_demonym(word: str, cap_vocab: frozenset[str]) -> bool:
    """`Russian`, `Israelis`, `Islamist`: a nationality or creed adjective, not a name."""
    w = word.rstrip("sS") if word.endswith("is") else word
    if _DEMONYM.search(w.lower()):
        return True
    # `Israeli`, `Iraqi`: a demonym when the article also names the country.
    return w.lower().endswith("i") and len(w) >= 5 and w[:-1] in cap_vocab


def _merged(spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, disjoint spans covering the same characters as `spans`."""
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1]:
            if b > out[-1][1]:
                out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


def _tokens(text: str, start: int, end: int, skip: Sequence[tuple[int, int]]) -> list[_Tok]:
    matches = list(_TOKEN.finditer(text, start, end))
    if skip and matches:
        # Tokens are in text order and do not overlap, so both their starts and their ends are
        # sorted: the tokens a skip span touches are one slice, found by bisection.
        starts = list(map(re.Match.start, matches))
        ends = list(map(re.Match.end, matches))
        dropped = bytearray(len(matches))
        for a, b in skip:
            lo, hi = bisect_right(ends, a), bisect_left(starts, b)
            if lo < hi:
                dropped[lo:hi] = b"\x01" * (hi - lo)
        if any(dropped):
            matches = [m for m, d in zip(matches, dropped, strict=True) if not d]
    if "'" not in text[start : end + 1] and "\u2019" not in text[start : end + 1]:
        # No apostrophe, so no possessive and no break after a word: every token as matched.
        return list(
            map(
                tuple.__new__,
                repeat(_Tok),
                zip(
                    map(re.Match.start, matches),
                    map(re.Match.end, matches),
                    map(re.Match.group, matches),
                    repeat(False),
                    strict=False,
                ),
            )
        )
    out: list[_Tok] = []
    n = len(text)
    for m in matches:
        s, e = m.span()
        word = m.group()
        brk = False
        # A possessive ends in an apostrophe and one letter: the pattern only runs then.
        if word[-2:-1] in ("\u2019", "'") and (pm := _POSSESSIVE.search(word)):
            word = word[: pm.start()]
            e = s + len(word)
            brk = True
        elif e < n and text[e] in "\u2019'":
            brk = True  # `Hamas’ military`
        if word:
            out.append(_Tok(s, e, word, brk))
    return out


# A title's department and a person's name: at least this many words (`State John Kerry`).
_DEPARTMENT_AND_NAME = 3


# Connectors that go on with a name only after an organisation's noun.
_ORG_CONNECTORS = frozenset({"for", "on"})


def _runs(text: str, toks: list[_Tok]) -> list[list[_Tok]]:
    """Group tokens into runs of capitalised words joined by spaces and connectors."""
    runs: list[list[_Tok]] = []
    cur: list[_Tok] = []
    i = 0
    while i < len(toks):
        t = toks[i]
        if _is_cap(t.word):
            gap = text[cur[-1].end : t.start].strip() if cur else ""
            # A middle initial goes on with the name: `Hilda L. Solis`.
            if gap == "." and len(cur[-1].word) == 1 and cur[-1].word.isupper():
                gap = ""
            if cur and (cur[-1].brk_after or gap):
                runs.append(cur)
                cur = []
            cur.append(t)
        elif (
            cur
            and (
                t.word.lower() in CONNECTORS
                # `Agency for International Development`, `Centers for Disease Control`.
                or (t.word.lower() in _ORG_CONNECTORS and cur[-1].word.lower() in ORG_WORDS)
            )
            and not cur[-1].brk_after
        ):
            # A connector stays only between two capitalised words: `Bank of England`.
            j = i + 1
            if j < len(toks) and toks[j].word.lower() == "the":
                j += 1
            joined = all(
                not text[a.end : b.start].strip()
                for a, b in zip(toks[i - 1 : j], toks[i : j + 1], strict=False)
            )
            if (
                j < len(toks)
                and _is_cap(toks[j].word)
                and joined
                and not text[cur[-1].end : t.start].strip()
            ):
                cur.extend(toks[i:j])
                i = j
                continue
            runs.append(cur)
            cur = []
        elif cur:
            runs.append(cur)
            cur = []
        i += 1
    if cur:
        runs.append(cur)
    return runs


def _initial(text: str, sent_start: int, pos: int) -> bool:
    """True when `pos` opens the sentence, a quote, a bracket or a clause after a colon."""
    # The last non-space character before `pos` (no slice of the sentence: it is long).
    k = pos - 1
    while k >= sent_start and text[k].isspace():
        k -= 1
    return k < sent_start or text[k] in _OPENING


def _trim_connectors(seg: list[_Tok]) -> list[_Tok]:
    while seg and not _is_cap(seg[0].word):
        seg = seg[1:]
    while seg and not _is_cap(seg[-1].word):
        seg = seg[:-1]
    return seg


def _is_title(word: str) -> bool:
    return (word.lower().rstrip(".") in TITLES and not _is_acronym(word)) or word in ("PM",)


@dataclass(slots=True)
class _Cand:
    toks: list[_Tok]
    after_title: bool
    before_title: bool


def _split_run(run: list[_Tok], text: str, cap_vocab: frozenset[str]) -> list[_Cand]:
    """Cut a run at its titles; drop nationality adjectives in front of a title."""
    # Split hyphenated compounds standing alone (`Israel-Gaza`), keep `Jean-Pierre Raffarin`.
    if len(run) == 1 and "-" in run[0].word and not _PARTICLE.match(run[0].word):
        t = run[0]
        parts: list[_Cand] = []
        pos = t.start
        for piece in t.word.split("-"):
            if piece[:1].isupper():
                parts.append(_Cand([_Tok(pos, pos + len(piece), piece, True)], False, False))
            pos += len(piece) + 1
        return parts
    cands: list[_Cand] = []
    seg: list[_Tok] = []
    after_title = False
    i = 0
    while i < len(run):
        t = run[i]
        if _is_title(t.word):
            seg = _trim_connectors(seg)
            if seg:
                cands.append(_Cand(seg, after_title, True))
            seg = []
            after_title = True
            i += 1
            continue
        seg.append(t)
        i += 1
    seg = _trim_connectors(seg)
    if seg:
        cands.append(_Cand(seg, after_title, False))
    cands = [_after_department(c, text) for c in cands]
    out: list[_Cand] = []
    for c in cands:
        # `Russian President X`: the adjective in front of a title is not a name.
        if (
            c.before_title
            and len(c.toks) == 1
            and (
                is_demonym(c.toks[0].word, cap_vocab)
                or (c.toks[0].word[:1].isupper() and c.toks[0].word.lower().endswith("n"))
            )
        ):
            continue
        out.append(c)
    return out


def _after_department(c: _Cand, text: str) -> _Cand:
    """`Secretary of State John Kerry`, `Secretary of Labor Hilda L. Solis`: after a title and
    `of`, the words before the last two (and a middle initial) name the department, not the
    person."""
    toks = c.toks
    if not c.after_title or len(toks) < _DEPARTMENT_AND_NAME:
        return c
    if any(t.word.lower() in ORG_WORDS or t.word.lower() in PLACE_WORDS for t in toks):
        return c  # `Chief of National Disaster Management Authority`: an organisation
    before = text[max(0, toks[0].start - 4) : toks[0].start].lower()
    if not before.endswith(("of ", "for ")):
        return c
    keep = 2
    if len(toks) > keep and len(toks[-2].word) == 1:
        keep = 3  # a middle initial
    if len(toks) - keep < 1 or not all(t.word[:1].isupper() for t in toks[-keep:]):
        return c
    return _Cand(toks[-keep:], True, c.before_title)


def _kind(c: _Cand, text: str) -> str:
    words = [t.word.lower() for t in c.toks]
    if any(w in ORG_WORDS for w in words):
        return "org"
    if any(w in PLACE_WORDS for w in words):
        return "place"
    if c.after_title:
        return "person"
    if len(c.toks) == 1:
        if _is_acronym(c.toks[0].word):
            return "org"
        prev = text[max(0, c.toks[0].start - 12) : c.toks[0].start].split()
        if prev and prev[-1].lower() in _PLACE_PREPS:
            return "place"
        return "name"
    if all(t.word[:1].isupper() and not _is_acronym(t.word) for t in c.toks) and len(c.toks) <= 4:
        return "person"
    return "name"


def _keep_single(word: str, lower_vocab: frozenset[str], cap_vocab: frozenset[str]) -> bool:
    low = word.lower()
    if len(word) < 2 or low in STOPWORDS or low in TITLES or low in _NOT_NAMES:
        return False
    if _is_acronym(word):
        return True
    return low not in lower_vocab and not is_demonym(word, cap_vocab)


def _reports(text: str, tok: _Tok, end: int) -> bool:
    """`Reuters reported...`: a lone capitalised subject of a reporting verb is a name, unless
    it is a common noun for a group of people (`Officials said`)."""
    if tok.word.lower() in _COMMON_SUBJECTS:
        return False
    nxt = re.match(r"\s+(\w+)", text[tok.end : end])
    return nxt is not None and nxt.group(1).lower() in _REPORTING_VERBS


def _title_case(text: str, toks: list[_Tok], lower_vocab: frozenset[str], end: int) -> bool:
    """A headline in Title Case: mostly capitalised, no final stop, and common words capitalised.

    `end` is where the sentence ends in `text`."""
    if not toks or text[toks[-1].end : end].strip().startswith("."):
        return False
    long_words = [t for t in toks if len(t.word) >= 4]
    caps = sum(1 for t in long_words if t.word[:1].isupper())
    common = any(
        t.word[:1].isupper()
        and (t.word.lower() in STOPWORDS or t.word.lower() in lower_vocab)
        and t.word.lower() not in TITLES
        for t in toks[1:]
    )
    return len(long_words) >= 3 and caps / len(long_words) >= 0.6 and common


def find_names(
    text: str, sentences: Sequence[Sentence], *, skip: Sequence[tuple[int, int]] = ()
) -> list[tuple[int, NameMention]]:
    """Proper names in `text`, each with the index of its sentence.

    Args:
        text: The article text.
        sentences: Its sentences (offsets into `text`).
        skip: Spans (dates, numbers, credits) where no name is looked for.

    Returns:
        `(sentence index, mention)` pairs in text order.
    """
    lower_vocab = frozenset(
        w for w in re.findall(r"\b[a-z][a-z’'\-]+\b", text) if not w.startswith(("al-", "el-"))
    )
    cap_words = re.findall(r"\b[A-Z][\w]+\b", text)
    cap_vocab = frozenset(cap_words)
    cap_counts: dict[str, int] = {}
    for w in cap_words:
        cap_counts[w] = cap_counts.get(w, 0) + 1
    per_sentence: list[tuple[Sentence, list[_Tok], bool]] = []
    mid_caps: set[str] = set()
    # Each sentence only checks the skip spans that can overlap it: checking them all (or
    # slicing the text up to each sentence) made a long article quadratic.
    spans = sorted(skip)
    span_starts = [a for a, _ in spans]
    longest = max((b - a for a, b in spans), default=0)
    for s in sentences:
        near = spans[bisect_left(span_starts, s.start - longest) : bisect_left(span_starts, s.end)]
        toks = _tokens(text, s.start, s.end, near)
        title = _title_case(text, toks, lower_vocab, s.end)
        per_sentence.append((s, toks, title))
        if not title:
            mid_caps.update(
                t.word for t in toks if _is_cap(t.word) and not _initial(text, s.start, t.start)
            )

    found: list[tuple[int, NameMention]] = []
    known: dict[tuple[str, ...], str] = {}
    for s, toks, title in per_sentence:
        if title:
            continue
        for run in _runs(text, toks):
            if _initial(text, s.start, run[0].start):
                low = run[0].word.lower()
                # A lone capitalised word opening a sentence is a name only when the article
                # also capitalises it mid-sentence (`Israel has...`, not `Officials said...`).
                lone = (
                    len(run) == 1
                    and run[0].word not in mid_caps
                    and cap_counts.get(run[0].word, 0) < 2
                    and not _reports(text, run[0], s.end)
                )
                if (
                    lone
                    or low in STOPWORDS
                    or (low in lower_vocab and not _is_acronym(run[0].word))
                ):
                    run = run[1:]
                    run = _trim_connectors(run)
                    if not run:
                        continue
            for c in _split_run(run, text, cap_vocab):
                if len(c.toks) == 1 and not _keep_single(c.toks[0].word, lower_vocab, cap_vocab):
                    continue
                start, end = c.toks[0].start, c.toks[-1].end
                key = name_key(text[start:end])
                if not key:
                    continue
                kind = _kind(c, text)
                found.append((s.index, NameMention(start, end, key, kind)))
                if key not in known or known[key] == "name":
                    known[key] = kind

    # Title Case lines: only names met in ordinary sentences, found word by word.
    for s, toks, title in per_sentence:
        if not title:
            continue
        for run in _runs(text, toks):
            i = 0
            while i < len(run):
                for j in range(len(run), i, -1):
                    key = name_key(text[run[i].start : run[j - 1].end])
                    if key in known:
                        found.append(
                            (s.index, NameMention(run[i].start, run[j - 1].end, key, known[key]))
                        )
                        i = j
                        break
                else:
                    i += 1

    # A single word that is a known person's surname is that person.
    surnames = {k[-1] for k, kind in known.items() if kind == "person" and len(k) > 1}
    out: list[tuple[int, NameMention]] = []
    for idx, m in sorted(found, key=lambda f: f[1].start):
        if len(m.key) == 1 and m.kind == "name" and m.key[0] in surnames:
            m = NameMention(m.start, m.end, m.key, "person")
        out.append((idx, m))
    return out


def _initials_match(acr: str, words: Sequence[str]) -> bool:
    content = [w for w in words if w not in CONNECTORS and w != "the"]
    # Only full words spell an acronym: `UN Security` does not spell `US`.
    if len(content) < 2 or any(len(w) < 3 for w in content):
        return False
    return "".join(w[0] for w in content) == acr


def _expand(key: tuple[str, ...], other: tuple[str, ...]) -> tuple[str, ...]:
    """Replace in `key` any acronym spelled by consecutive words of `other` with those words."""
    out: list[str] = []
    for t in key:
        hit: tuple[str, ...] = ()
        if 2 <= len(t) <= 5:
            for i in range(len(other)):
                for j in range(i + 2, min(len(other), i + len(t) + 2) + 1):
                    if _initials_match(t, other[i:j]):
                        hit = other[i:j]
                        break
                if hit:
                    break
        out.extend(hit or (t,))
    return tuple(out)


def names_match(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Whether two name keys may name the same entity.

    `al-Sisi` = `Abdel Fattah el-Sisi` (one word found in the other), `Bashar Assad` =
    `Bashar al-Assad`, `UN Security Council` = `United Nations Security Council`, people sharing a
    surname.
    """
    if not a or not b:
        return False
    if a == b:
        return True
    a2, b2 = _expand(a, b), _expand(b, a)
    if a2 == b2:
        return True
    sa = {stem(t) for t in a2 if t not in CONNECTORS and t != "the"}
    sb = {stem(t) for t in b2 if t not in CONNECTORS and t != "the"}
    if len(a2) == 1 or len(b2) == 1:
        single, other = (sa, sb) if len(a2) == 1 else (sb, sa)
        return bool(single & other)
    if stem(a2[-1]) == stem(b2[-1]):
        return True
    return sa <= sb or sb <= sa
