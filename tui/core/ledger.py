"""The fact ledger of a story group: every fact its articles state, one row each.

Each row has a cell per article: the outlet's own wording when it states the fact, `reported`
when one of its sentences holds most of the fact's words in other wording, or nothing. A row is
a conflict when outlets give different figures for the same counted thing; conflicts come
first, then facts only one outlet reports.

The ledger needs no comparison of pairs of articles: each article's facts are extracted once
(`tui.core.store`), and rows join them by one normalised key (`ledger_key`: names, dates,
quotes, figures with their unit and what they count). Reworded quotes and figures in conflict
are joined through indexes on their rarest words and on what a figure counts, never by trying
every pair of articles, so a group of a thousand reports costs about a thousand times one.
Pairwise comparisons run only for the pair a user opens.
"""

from __future__ import annotations

import hashlib
import json
import math
import threading
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from tui.core.align import Cancelled
from tui.core.export import escape_markdown
from tui.core.groups import (
    MATRIX_FULL,
    Grouping,
    Provenance,
    StoryGroup,
    article_order,
    grouping_rule,
    same_date,
)
from tui.core.labels import article_labels
from tui.core.types import Article, Fact

if TYPE_CHECKING:
    from pathlib import Path

    from tui.core.store import ArticleData, Store

__all__ = [
    "VERDICT_LABELS",
    "Ledger",
    "LedgerCell",
    "LedgerRow",
    "build_ledger",
    "group_ledger",
    "ledger_key",
    "ledger_markdown",
    "ledgers_to_dict",
    "ledgers_to_json",
    "library_ledgers",
    "provenance",
    "same_day",
    "same_day_note",
    "via_note",
]

_NAME_KINDS = frozenset({"person", "org", "place", "name"})
# 2: `values` lists only the outlets that report a fact; `provenance` per group; a large
# group's `similarities` lists the measured pairs only. Added since, without a new version:
# the articles' `via`, provenance `order` and the verdicts `same-day` and `carried`.
_JSON_VERSION = 2

Key = tuple[str, str, str]
State = Literal["stated", "reported", "missing"]


@dataclass(frozen=True, slots=True)
class LedgerCell:
    """What one outlet says about a row's fact.

    `stated`: the outlet has this fact (its wording in `text`, at `sentence` of its article);
    `reported`: the engine matched the fact in this outlet in other words (no wording to show);
    `missing`: the outlet does not report it.
    """

    state: State
    text: str = ""
    sentence: int | None = None

    @property
    def present(self) -> bool:
        """True when the outlet reports the fact in any wording."""
        return self.state != "missing"


@dataclass(frozen=True, slots=True)
class LedgerRow:
    """One fact across the articles of a group.

    `cells` follow `Ledger.articles`. `what` names what a conflicting figure counts. `pair`
    is the two articles (indices) whose comparison shows the fact, `sentence` its sentence in
    `pair[0]`.
    """

    kind: str
    label: str
    cells: tuple[LedgerCell, ...]
    conflict: bool = False
    what: str = ""
    pair: tuple[int, int] = (0, 0)
    sentence: int = 0

    @property
    def reporters(self) -> int:
        """How many outlets report the fact."""
        return sum(1 for cell in self.cells if cell.present)


@dataclass(frozen=True, slots=True)
class Ledger:
    """Every fact of a group's articles, conflicts first, then single-outlet facts."""

    articles: tuple[Article, ...]
    rows: tuple[LedgerRow, ...]

    @property
    def conflicts(self) -> tuple[LedgerRow, ...]:
        """The rows where outlets give different figures."""
        return tuple(row for row in self.rows if row.conflict)


def ledger_key(fact: Fact) -> Key:
    """The key that joins one fact across the articles of a group: `(kind, what, value)`.

    `value` is the normalised value (a name, a quote, a date, a figure's number); `what` is,
    for a figure, its unit and casualty family (`count|killed`), and is empty for every other
    kind. Two facts with the same key share a ledger row: `more than 1,300 Israelis` killed
    and `1,300 people killed` (`num|1300|count|killed|...`) are both `count|killed`, `1300`; the
    qualifier and the wording around the figure do not make another figure.

    Figures with the same `what` and different values are candidates for a conflict; their
    frames (`Fact.frame`: what each measures and counts, where and when) decide whether they
    are about the same thing (`_disagree`). The frame is not part of the key: one outlet's
    `1,150 hectares` burned and another's `1,150 hectares` scorched are one figure.
    """
    if fact.kind in _NAME_KINDS:
        return ("name", "", fact.value)
    if fact.kind != "number":
        return (fact.kind, "", fact.value)
    parts = fact.value.split("|")
    if len(parts) >= 4:
        return ("number", f"{parts[2]}|{parts[3]}", parts[1])
    return ("number", "", fact.value)


def _name_aliases(keys: set[Key]) -> dict[Key, Key]:
    """`Putin` -> `Vladimir Putin` when exactly one longer name of the group ends that way."""
    full = [k for k in keys if k[0] == "name" and " " in k[2]]
    by_last: dict[str, list[Key]] = {}
    for k in full:
        by_last.setdefault(k[2].rsplit(" ", 1)[-1], []).append(k)
    aliases: dict[Key, Key] = {}
    for key in keys:
        if key[0] != "name" or " " in key[2]:
            continue
        owners = by_last.get(key[2], [])
        if len(owners) == 1:
            aliases[key] = owners[0]
    return aliases


class _Classes:
    """Union-find over fact keys: a conflict or a reworded quote joins two keys into one row."""

    def __init__(self) -> None:
        self.parent: dict[Key, Key] = {}

    def find(self, key: Key) -> Key:
        self.parent.setdefault(key, key)
        while self.parent[key] != key:
            self.parent[key] = self.parent[self.parent[key]]
            key = self.parent[key]
        return key

    def join(self, a: Key, b: Key) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _check(cancel: threading.Event | None) -> None:
    if cancel is not None and cancel.is_set():
        raise Cancelled


# --- figures in conflict --------------------------------------------------------------------

# Subjects that may stand for any group of people (`2,750 people` / `2,800 Palestinians`).
_GENERIC = frozenset({"people", "persons", "more", "others", "individuals", ""})
# Qualifiers that mean "roughly": a rounded figure under one of them agrees with a precise one.
_ROUGHLY = frozenset(
    {
        "about",
        "around",
        "some",
        "nearly",
        "almost",
        "approximately",
        "roughly",
        "an estimated",
        "estimated",
        "close to",
    }
)
# Two figures further apart than this ratio are about different things, not a disagreement.
_MIN_RATIO = 0.5


def _head(fact: Fact) -> str:
    """The counted noun of a figure (`Israelis (killed)` -> `israeli`), empty when generic."""
    from tui.core.align import stem

    words = [w for w in fact.subject.split("(")[0].split() if w[:1].isalpha()]
    head = words[-1].lower() if words else ""
    return "" if head in _GENERIC else stem(head)


def _number(fact: Fact) -> tuple[float, str] | None:
    """A figure's number and qualifier, None when its value is not a number."""
    parts = fact.value.split("|")
    if fact.frame is not None:
        return fact.frame.number, fact.frame.qualifier
    if len(parts) >= 2 and parts[0] == "num":
        try:
            return float(parts[1]), parts[4] if len(parts) > 4 else ""
        except ValueError:
            return None
    return None


def _roughly(precise: float, rounded: float) -> bool:
    """`rounded` is `precise` rounded to its own significant digits (1,312 ~ 1,300)."""
    if rounded == 0 or rounded != int(rounded) or precise == rounded:
        return precise == rounded
    digits = str(int(rounded)).rstrip("0")
    scale = 10 ** (len(str(int(rounded))) - len(digits))
    return scale > 1 and round(precise / scale) * scale == rounded


def _frames_agree(a: Fact, b: Fact, years: set[int]) -> bool:
    """Whether two figures' frames may be about one thing: no two different measures
    (`burned` / `evacuated`) or counted things (`hectares` / `people`), and places and dates
    that agree (`tui.core.facts.frames.where_and_when_agree`). A figure with no frame, or a
    part its sentence does not say, does not tell them apart."""
    from tui.core.facts.frames import counted_class, where_and_when_agree

    fa, fb = a.frame, b.frame
    if fa is None or fb is None:
        return True
    if fa.measure and fb.measure and fa.measure != fb.measure:
        return False
    ca, cb = counted_class(fa.counted), counted_class(fb.counted)
    if ca and cb and ca != cb:
        return False
    return where_and_when_agree(fa, fb, years=years)


def _disagree(a: Fact, b: Fact, years: set[int]) -> bool:
    """Two figures with the same `what` that give different numbers for the same thing."""
    na, nb = _number(a), _number(b)
    if na is None or nb is None or na[0] == nb[0] or min(na[0], nb[0]) <= 0:
        return False
    if not _frames_agree(a, b, years):
        return False
    if min(na[0], nb[0]) / max(na[0], nb[0]) < _MIN_RATIO:
        return False
    if (na[1] in _ROUGHLY and _roughly(nb[0], na[0])) or (
        nb[1] in _ROUGHLY and _roughly(na[0], nb[0])
    ):
        return False
    ha, hb = _head(a), _head(b)
    if not ha and not hb:
        # Nothing says what either counts: only a casualty family makes them comparable.
        return bool(ledger_key(a)[1].split("|")[-1])
    if not ha or not hb:
        # `people` may stand for `Palestinians` or `civilians`, not `hectares` or `votes`.
        other = b.subject if not ha else a.subject
        return other[:1].isupper() or bool(ledger_key(a)[1].split("|")[-1])
    return ha == hb


# --- facts stated in other words ------------------------------------------------------------

# A fact is "reported in other words" by an article when one of its sentences holds at least
# this share of the fact's content tokens (and never for a fact with no content token).
_COVER = 0.8
# Two quotes are one row when this share of the shorter one's content tokens is in the other.
_QUOTE_OVERLAP = 0.8
_QUOTE_MIN_TOKENS = 4


def _fact_tokens(fact: Fact) -> frozenset[str]:
    from tui.core.align import tokens

    return frozenset(tokens(fact.text))


def _join_quotes(quotes: dict[Key, frozenset[str]], classes: _Classes, df: Counter[str]) -> None:
    """Join quote keys whose content tokens mostly overlap (the same words, reported with small
    changes): candidates come from an index on each quote's rarest tokens, never all pairs."""
    index: dict[str, list[Key]] = {}
    ranked: dict[Key, list[str]] = {}
    for key, toks in quotes.items():
        if len(toks) < _QUOTE_MIN_TOKENS:
            continue
        order = sorted(toks, key=lambda t: (df[t], t))
        ranked[key] = order
        # A quote sharing 80% of the shorter one's tokens shares one of its rarest few.
        for t in order[: len(order) - math.ceil(_QUOTE_OVERLAP * len(order)) + 1]:
            index.setdefault(t, []).append(key)
    for key, order in ranked.items():
        mine = quotes[key]
        seen: set[Key] = set()
        for t in order[: len(order) - math.ceil(_QUOTE_OVERLAP * len(order)) + 1]:
            for other in index.get(t, ()):
                if other <= key or other in seen:
                    continue
                seen.add(other)
                theirs = quotes[other]
                shared = len(mine & theirs)
                if shared >= _QUOTE_OVERLAP * min(len(mine), len(theirs)):
                    classes.join(key, other)


class _SentenceIndex:
    """Which articles have a sentence holding most of a fact's content tokens.

    Per token, the articles using it and, per article, the sentences using it: a check looks
    only at the sentences holding one of the fact's rarest tokens (any sentence holding enough
    of the tokens holds one of them).
    """

    def __init__(self, sentence_tokens: Sequence[Sequence[frozenset[str]]]) -> None:
        self.sentences = sentence_tokens
        self.postings: dict[str, dict[int, list[int]]] = {}
        for i, sents in enumerate(sentence_tokens):
            for k, sent in enumerate(sents):
                for t in sent:
                    self.postings.setdefault(t, {}).setdefault(i, []).append(k)
        self.df = Counter({t: len(v) for t, v in self.postings.items()})

    def reporters(self, toks: frozenset[str], skip: set[int], cover: float = _COVER) -> set[int]:
        """Articles not in `skip` with a sentence holding `cover` of `toks`."""
        return set(self.near(toks, skip, cover))

    def near(
        self, toks: frozenset[str], skip: set[int], cover: float = _COVER
    ) -> dict[int, tuple[int, ...]]:
        """Per article not in `skip`, its sentences holding `cover` of `toks` (none: left out)."""
        if not toks:
            return {}
        need = max(1, math.ceil(cover * len(toks)))
        order = sorted(toks, key=lambda t: (self.df[t], t))
        # A sentence holding `need` of the tokens holds one of the rarest len - need + 1.
        where: dict[int, set[int]] = {}
        for t in order[: len(order) - need + 1]:
            for i, sents in self.postings.get(t, {}).items():
                if i not in skip:
                    where.setdefault(i, set()).update(sents)
        out: dict[int, tuple[int, ...]] = {}
        for i, found in where.items():
            mine = self.sentences[i]
            hits = tuple(k for k in sorted(found) if len(toks & mine[k]) >= need)
            if hits:
                out[i] = hits
        return out


_SAID_FORMAT = "said-v1"
# Rows between two progress reports and cancel checks: a row may ask a thousand articles.
_ROWS_PER_TICK = 10


# A row asked of at most this many articles (one added to the group) is worked out one
# article at a time rather than through the sentence index.
_FEW = 20


def _row_id(anchor: Fact, wordings: Sequence[Fact], years: set[int]) -> str:
    """A short name of what a row asks an article (its anchor's words, the wordings tried):
    the key of a stored answer. A date's answer depends on the years that anchor a weekday,
    and names them too."""
    parts = [anchor.text] + [f"{f.kind}\x1f{f.value}\x1f{f.text}" for f in wordings]
    if any(f.kind == "date" for f in wordings):
        parts.append(str(sorted(years)))
    return hashlib.blake2b("\x1e".join(parts).encode(), digest_size=8).hexdigest()


# The kinds asked of the facts package: names and dates in other words (`U.S.` / `United
# States`, `Egyptian` / `Egypt`, `Monday` / `October 16`), figures rounded, quotes reworded.
_MATCHED_KINDS = frozenset({*_NAME_KINDS, "date", "number", "quote"})
# A quote is looked for in other words only in articles with a sentence holding this share of
# its content tokens: a quote the facts package matches (reworded, or reported without quote
# marks) shares most of its words, and its fuzzy scores cost the most.
_QUOTE_HINT = 0.5
# How many different wordings of a row's fact are looked for in an outlet that lacks it.
_WORDINGS = 3


class _Matchers:
    """Whether an article states a fact in other words, by the facts package's own test
    (`tui.core.facts.match`: names with acronyms and demonyms, `Monday` for `October 16` in the
    article's year, a quote reworded or reported without quote marks, a figure rounded), the
    test a comparison of two articles uses to decide a fact is not unique to one of them.

    Each article's matcher is built once, when first asked, from its own facts and text; every
    row then asks only the articles that lack its fact, and only for the fact's first few
    distinct wordings. The answers depend on the article and the row's wordings only (and,
    for a date, the years of the group's dates): with a store, each article's answers are kept
    there, so a group that gains one article asks only about the new article and the facts it
    brings.
    """

    def __init__(
        self,
        articles: Sequence[Article],
        data: Sequence[ArticleData],
        store: Store | None = None,
        hashes: Sequence[str] | None = None,
    ) -> None:
        from tui.core.facts.dates import parse_value

        self.articles = articles
        self.data = data
        self.built: dict[int, Callable[[Fact], bool]] = {}
        self.quoted: dict[tuple[str, str, tuple[str, ...]], bool] = {}
        # The years the group's dates name: they anchor `Monday` to a calendar date.
        dates = {f.value for d in data for f in d.facts if f.kind == "date"}
        self.years = {v.year for value in dates for v in [parse_value(value)] if v.year}
        self.store = store
        self.keys: list[str] = []
        self.answers: list[dict[str, int]] = [{} for _ in articles]
        self.changed: set[int] = set()
        if store is not None:
            from tui.core.groups import content_hash, engine_version, method_version
            from tui.core.store import library_key

            settings = f"{_SAID_FORMAT}|{engine_version()}|{method_version('ledger.py')}"
            if hashes is None:
                hashes = [content_hash(a) for a in articles]
            self.keys = [library_key([h], settings) for h in hashes]
            saved = store.groupings(self.keys)
            for j, key in enumerate(self.keys):
                found = saved.get(key)
                if isinstance(found, dict):
                    self.answers[j] = {str(k): int(v) for k, v in found.items()}

    def save(self) -> None:
        """Keep the new answers in the store."""
        if self.store is not None and self.changed:
            self.store.put_groupings(
                [(self.keys[j], self.answers[j]) for j in sorted(self.changed)]
            )
            self.changed.clear()

    def _matcher(self, j: int) -> Callable[[Fact], bool]:
        """Article `j`'s test from the facts package, built once, when first asked."""
        found = self.built.get(j)
        if found is None:
            from tui.core.facts._text import norm
            from tui.core.facts.match import _matcher

            text = self.articles[j].text
            found = _matcher(
                self.data[j].facts, norm(text), self.data[j].sentence_objects(text), self.years
            )
            self.built[j] = found
        return found

    def reporting(self, holders: dict[int, Fact], anchor: Fact, index: _SentenceIndex) -> set[int]:
        """The articles not in `holders` that report the fact in other words: a sentence
        holding `_COVER` of the anchor's content tokens, or the facts package's test passed by
        one of the holders' first few wordings.

        Answers kept from an earlier build are read back; a row asked of many articles is
        worked out through the sentence index, a row asked of few (a new article) one article
        at a time.
        """
        wordings = list(
            {
                (f.kind, f.value, f.text): f for f in holders.values() if f.kind in _MATCHED_KINDS
            }.values()
        )[:_WORDINGS]
        row_id = _row_id(anchor, wordings, self.years)
        out: set[int] = set()
        unknown: list[int] = []
        for j, said in enumerate(self.answers):
            if j in holders:
                continue
            known = said.get(row_id)
            if known is None:
                unknown.append(j)
            elif known:
                out.add(j)
        if not unknown:
            return out
        toks = _fact_tokens(anchor)
        if len(unknown) > _FEW:
            found = index.reporters(toks, set(holders)) & set(unknown)
            rest = [j for j in unknown if j not in found]
            if wordings and wordings[0].kind == "quote":
                found |= self._quoting(wordings, set(rest), index)
            elif wordings:
                found |= {j for j in rest if any(self._matcher(j)(f) for f in wordings)}
        else:
            found = {j for j in unknown if self._one(j, toks, wordings)}
        for j in unknown:
            self.answers[j][row_id] = int(j in found)
            self.changed.add(j)
        return out | found

    def _one(self, j: int, toks: frozenset[str], wordings: list[Fact]) -> bool:
        """`reporting` for one article."""
        sentences = self.data[j].sentence_tokens
        if toks and any(len(toks & s) >= math.ceil(_COVER * len(toks)) for s in sentences):
            return True
        if wordings and wordings[0].kind == "quote":
            wordings = [
                f
                for f in wordings
                if (q := _fact_tokens(f))
                and any(len(q & s) >= max(1, math.ceil(_QUOTE_HINT * len(q))) for s in sentences)
            ]
        return any(self._matcher(j)(f) for f in wordings)

    def _quoting(self, wordings: list[Fact], asked: set[int], index: _SentenceIndex) -> set[int]:
        """The facts package's test for a quote, asked only of articles with a sentence holding
        `_QUOTE_HINT` of its words, and once per wording and set of such sentences (a thousand
        copies of one report hold the same sentences: the answer is theirs)."""
        out: set[int] = set()
        skip = set(range(len(self.articles))) - asked
        for f in wordings:
            for j, sentences in index.near(_fact_tokens(f), skip | out, _QUOTE_HINT).items():
                text, spans = self.articles[j].text, self.data[j].sentences
                key = (f.value, f.text, tuple(text[spans[k][0] : spans[k][1]] for k in sentences))
                found = self.quoted.get(key)
                if found is None:
                    found = self.quoted[key] = self._matcher(j)(f)
                if found:
                    out.add(j)
        return out


# --- the ledger -----------------------------------------------------------------------------


def build_ledger(
    articles: Sequence[Article],
    *,
    data: Sequence[ArticleData] | None = None,
    store: Store | None = None,
    hashes: Sequence[str] | None = None,
    cancel: threading.Event | None = None,
    progress: Callable[[float], None] | None = None,
) -> Ledger:
    """The fact ledger of a group of articles reporting one story.

    Facts come from each article on its own (`tui.core.store.ArticleData`, worked out once and
    stored); rows join them by `ledger_key`, with no comparison of pairs of articles.

    Args:
        articles: The group's articles, in the order the columns should follow.
        data: Each article's extraction (default: extracted now, not stored).
        cancel: When set, stops with `Cancelled`.
        store: Where each article's answers to "does it state this fact in other words" are
            kept and read back (default: none kept).
        hashes: The articles' content hashes, when already known (`content_hash`).
        progress: Called with a fraction in [0, 1] as rows are built.

    Returns:
        The ledger: conflicts first, then facts only one outlet reports, then facts reported by
        few outlets before facts reported by many; ties in reading order.

    Raises:
        Cancelled: `cancel` was set before the work finished.
    """
    from tui.core.store import extract_article

    arts = tuple(articles)
    n = len(arts)
    if data is None:
        extracted: list[ArticleData] = []
        for k, article in enumerate(arts):
            _check(cancel)
            extracted.append(extract_article(article))
            if progress is not None:
                progress(0.5 * (k + 1) / max(1, n))
        data = extracted
    facts = [d.facts for d in data]
    _check(cancel)

    aliases = _name_aliases({ledger_key(f) for fs in facts for f in fs})

    def key(fact: Fact) -> Key:
        k = ledger_key(fact)
        return aliases.get(k, k)

    # Each article's facts by key: the first mention stands for the repeats.
    first: list[dict[Key, Fact]] = []
    for fs in facts:
        by_key: dict[Key, Fact] = {}
        for f in fs:
            if len(f.text.strip()) >= 2:
                by_key.setdefault(key(f), f)
        first.append(by_key)

    classes = _Classes()
    anchors: dict[Key, Fact] = {}
    for by_key in first:
        for fact_key, fact in by_key.items():
            classes.find(fact_key)
            anchors.setdefault(fact_key, fact)
    index = _SentenceIndex([d.sentence_tokens for d in data])
    others = _Matchers(arts, data, store, hashes)
    _check(cancel)

    # A figure no word ties to a casualty family (`at least 2,750 people`) is the same figure
    # as the one family the group gives it (`at least 2,750 people killed`): one row.
    families: dict[tuple[str, str], list[Key]] = {}
    for fact_key in anchors:
        if fact_key[0] == "number" and "|" in fact_key[1]:
            unit, family = fact_key[1].split("|", 1)
            if family:
                families.setdefault((unit, fact_key[2]), []).append(fact_key)
    for fact_key in anchors:
        if fact_key[0] == "number" and fact_key[1].endswith("|"):
            owners = families.get((fact_key[1][:-1], fact_key[2]), [])
            if len(owners) == 1:
                classes.join(fact_key, owners[0])

    # Reworded quotes: one row.
    quotes = {k: _fact_tokens(f) for k, f in anchors.items() if k[0] == "quote"}
    _join_quotes(quotes, classes, index.df)

    # Figures for the same thing with different values: one row, in conflict.
    by_what: dict[tuple[str, str], list[Key]] = {}
    for fact_key in anchors:
        if fact_key[0] == "number" and fact_key[1]:
            by_what.setdefault(fact_key[:2], []).append(fact_key)
    conflicted: set[Key] = set()
    for same_what in by_what.values():
        same_what.sort()
        for x, ka in enumerate(same_what):
            for kb in same_what[x + 1 :]:
                if _disagree(anchors[ka], anchors[kb], others.years):
                    classes.join(ka, kb)
                    conflicted.update((ka, kb))
    _check(cancel)

    members: dict[Key, list[tuple[int, Key]]] = {}
    for i, by_key in enumerate(first):
        for fact_key in by_key:
            members.setdefault(classes.find(fact_key), []).append((i, fact_key))

    rows: list[tuple[tuple[Any, ...], LedgerRow]] = []
    for done, (root, nodes) in enumerate(members.items(), start=1):
        if done % _ROWS_PER_TICK == 0:
            _check(cancel)
            if progress is not None:
                progress(0.5 + 0.5 * done / len(members))
        row = _row(nodes, first, anchors, conflicted, index, n, others)
        anchor = first[nodes[0][0]][nodes[0][1]]
        reach = row.reporters
        order = (
            0 if row.conflict else 1 if reach == 1 else 2,
            reach,
            nodes[0][0],
            anchor.start,
            root,
        )
        rows.append((order, row))
    rows.sort(key=lambda item: item[0])
    others.save()
    if progress is not None:
        progress(1.0)
    return Ledger(arts, tuple(row for _, row in rows))


_MISSING = LedgerCell("missing")
_REPORTED = LedgerCell("reported")


def _row(
    nodes: list[tuple[int, Key]],
    first: list[dict[Key, Fact]],
    anchors: dict[Key, Fact],
    conflicted: set[Key],
    index: _SentenceIndex,
    n: int,
    others: _Matchers | None = None,
) -> LedgerRow:
    by_article: dict[int, Fact] = {}
    keys_of: dict[int, Key] = {}
    for i, k in nodes:
        if i not in by_article:
            by_article[i] = first[i][k]
            keys_of[i] = k
    anchor_i = nodes[0][0]
    anchor = by_article[anchor_i]
    values = {k for _, k in nodes}
    conflict = len({k[2] for k in values}) > 1 and any(k in conflicted for k in values)
    # No fact of its own: does an article state it in other words?
    reported: set[int] = set()
    if not conflict:
        if others is not None:
            reported = others.reporting(by_article, anchor, index)
        else:
            reported = index.reporters(_fact_tokens(anchor), set(by_article))
    cells = [_MISSING] * n
    for j in reported:
        cells[j] = _REPORTED
    for j, fact in by_article.items():
        cells[j] = LedgerCell("stated", fact.text, fact.sentence)
    what = ""
    pair = (anchor_i, anchor_i)
    if conflict:
        what = _what(anchor, [by_article[i] for i in by_article])
        differing = next((j for j in by_article if keys_of[j][2] != keys_of[anchor_i][2]), anchor_i)
        pair = (anchor_i, differing)
    if pair[0] == pair[1]:
        # Open a comparison with an outlet that lacks the fact (or else any other one).
        lacking = next((j for j in range(n) if not cells[j].present), None)
        other = (
            lacking if lacking is not None else next((j for j in range(n) if j != anchor_i), None)
        )
        if other is not None:
            pair = (anchor_i, other)
    sentence = by_article[pair[0]].sentence if pair[0] in by_article else anchor.sentence
    return LedgerRow(
        kind=anchor.kind,
        label=anchor.text,
        cells=tuple(cells),
        conflict=conflict,
        what=what,
        pair=pair,
        sentence=sentence,
    )


def _what(anchor: Fact, facts: Sequence[Fact]) -> str:
    """What a conflicting figure counts: `Palestinians killed`, `firefighters`."""
    heads = [f.subject.split("(")[0].strip() for f in facts]
    specific = [h for h in heads if h and h.split()[-1].lower() not in _GENERIC]
    who = specific[0] if specific else (heads[0] if heads and heads[0] else "")
    parts = ledger_key(anchor)[1].split("|")
    family = parts[-1] if len(parts) >= 2 else ""
    if family and who.lower().split()[-1:] == [family]:
        family = ""  # `at least 65 missing`: the family is the counted word
    return " ".join(p for p in (who, family) if p) or "figure"


# --- a library's ledgers, through the store -------------------------------------------------

_LEDGER_FORMAT = "ledger-v2"


def _to_saved(ledger: Ledger) -> list[Any]:
    return [
        [
            row.kind,
            row.label,
            row.conflict,
            row.what,
            list(row.pair),
            row.sentence,
            [
                [k, cell.text, cell.sentence]
                for k, cell in enumerate(row.cells)
                if cell.state == "stated"
            ],
            # A thousand outlets may report a fact in other words: their indices only.
            [k for k, cell in enumerate(row.cells) if cell.state == "reported"],
        ]
        for row in ledger.rows
    ]


def _from_saved(articles: tuple[Article, ...], saved: Any) -> Ledger | None:
    n = len(articles)
    rows: list[LedgerRow] = []
    try:
        for kind, label, conflict, what, pair, sentence, stated, reported in saved:
            cells = [_MISSING] * n
            if not all(0 <= int(k) < n for k in reported) or not all(
                0 <= int(k) < n for k, _, _ in stated
            ):
                return None
            for k in reported:
                cells[int(k)] = _REPORTED
            for k, text, at in stated:
                cells[int(k)] = LedgerCell("stated", str(text), None if at is None else int(at))
            a, b = (int(x) for x in pair)
            if not (0 <= a < n and 0 <= b < n):
                return None
            rows.append(
                LedgerRow(
                    str(kind),
                    str(label),
                    tuple(cells),
                    bool(conflict),
                    str(what),
                    (a, b),
                    int(sentence),
                )
            )
    except (TypeError, ValueError):
        return None
    return Ledger(articles, tuple(rows))


def group_ledger(
    articles: Sequence[Article],
    *,
    store: Store,
    cancel: threading.Event | None = None,
    progress: Callable[[float], None] | None = None,
) -> Ledger:
    """`build_ledger` with each article's extraction from the store, and the finished ledger
    kept there too (keyed by the group's content hashes and the engine version), so a group that
    did not change is read back instead of rebuilt.
    """
    from tui.core.groups import content_hash, load_data, method_version
    from tui.core.store import library_key

    arts = tuple(articles)
    hashes = [content_hash(a) for a in arts]
    key = library_key(hashes, f"{_LEDGER_FORMAT}|{method_version('ledger.py')}")
    saved = store.grouping(key)
    if saved is not None:
        ledger = _from_saved(arts, saved)
        if ledger is not None:
            if progress is not None:
                progress(1.0)
            return ledger
    count = [0]

    def tick() -> None:
        count[0] += 1
        if progress is not None:
            progress(0.5 * count[0] / max(1, len(arts)))

    data, _ = load_data(arts, store=store, workers=1, cancel=cancel, tick=tick)
    if progress is not None:
        progress(0.5)  # the stored articles tick nothing while they load

    def rest(x: float) -> None:
        if progress is not None:
            progress(0.5 + 0.5 * x)

    ledger = build_ledger(arts, data=data, store=store, hashes=hashes, cancel=cancel, progress=rest)
    store.put_grouping(key, _to_saved(ledger))
    return ledger


def library_ledgers(
    grouping: Grouping,
    *,
    cache_dir: Path | None = None,
    use_cache: bool = True,
    cancel: threading.Event | None = None,
    progress: Callable[[float], None] | None = None,
) -> list[Ledger]:
    """The ledger of every group of `grouping`, in its order (see `group_ledger`)."""
    from tui.core.groups import resolve_cache_dir
    from tui.core.store import Store

    total = max(1, len(grouping.articles))
    done = 0
    ledgers: list[Ledger] = []
    with Store(resolve_cache_dir(cache_dir) if use_cache else None) as store:
        for group in grouping.groups:
            _check(cancel)
            start, size = done, len(group.members)

            def step(x: float, start: int = start, size: int = size) -> None:
                if progress is not None:
                    progress((start + x * size) / total)

            members = [grouping.articles[i] for i in group.members]
            ledgers.append(group_ledger(members, store=store, cancel=cancel, progress=step))
            done += size
    if progress is not None:
        progress(1.0)
    return ledgers


# --- output ---------------------------------------------------------------------------------


def _cell_text(cell: LedgerCell, conflict: bool) -> str:
    """A figure in conflict shows each outlet's value; otherwise presence is enough."""
    if cell.state == "stated":
        return cell.text if conflict else "✓"
    return "≈" if cell.state == "reported" else ""


def _group_pairs(grouping: Grouping, members: Sequence[int]) -> list[tuple[int, int, float | None]]:
    """The pairs of a group to list: all of a small group, the measured ones of a large one."""
    if len(members) <= MATRIX_FULL:
        return [
            (i, j, grouping.similarity(i, j))
            for x, i in enumerate(members)
            for j in members[x + 1 :]
        ]
    inside = set(members)
    return [
        (i, j, value)
        for (i, j), value in sorted(grouping.similarities.items())
        if i in inside and j in inside
    ]


def provenance(grouping: Grouping, group: StoryGroup) -> list[Provenance]:
    """Who copied whom in `group`: its articles' provenance, earliest article first."""
    from tui.core.groups import Provenance

    out = [
        grouping.provenance.get(i) or Provenance(i, None, 0.0, 0.0, "first") for i in group.members
    ]
    # As `tui.core.groups` orders them: by date, on one day those without `via` first.
    out.sort(key=lambda p: article_order(grouping.articles, p.article))
    return out


def same_day(grouping: Grouping, p: Provenance) -> bool:
    """True when an article's source bears the same date: the dates cannot tell which came
    first (`p.order` says whether the `via` field did, or nothing did)."""
    if p.source is None:
        return False
    return same_date(grouping.articles[p.source], grouping.articles[p.article])


def same_day_note(grouping: Grouping, p: Provenance) -> str:
    """How a source of the same day is shown beside its name: `same day, via` when the
    article's `via` places it after the source, `same day` otherwise (the verdict then says the
    order is unknown); empty for a source of an earlier day."""
    if not same_day(grouping, p):
        return ""
    return "same day, via" if p.order == "via" else "same day"


def via_note(grouping: Grouping, p: Provenance) -> str:
    """What stands in the source column of an article with no source in its group but a `via`
    (`carried`): `via: <its via>`; empty otherwise."""
    via = grouping.articles[p.article].via
    return f"via: {via}" if p.source is None and via else ""


def _provenance_dict(grouping: Grouping, p: Provenance) -> dict[str, Any]:
    arts = grouping.articles
    return {
        "article": arts[p.article].id,
        "source": None if p.source is None else arts[p.source].id,
        "same_day": same_day(grouping, p),
        "share": p.share,
        "close": p.close,
        "verdict": p.verdict,
        "order": p.order,
    }


def ledgers_to_dict(grouping: Grouping, ledgers: Sequence[Ledger]) -> dict[str, Any]:
    """The groups and their ledgers as plain data (`sidebyside ledger --format json`).

    Args:
        grouping: The story groups.
        ledgers: One ledger per group of `grouping.groups`, in the same order.

    Returns:
        `{"version", "engine", "threshold", "linkage", "groups": [...]}`; each group holds its
        `articles` (ids, outlets, titles, dates, `via`, and a `label` naming each article apart
        from the others of the group: the outlet, with the date or id when the outlet is shared),
        `similarities` (every pair of a group of at most `MATRIX_FULL` articles, `null` for a
        pair never aligned; in a larger group the measured pairs only), `nearest` (the closest
        article outside it), `provenance` (who copied whom: per article its closest earlier
        article, the share of its sentences found there, the verdict and `order`, how the source
        is known to be earlier: `date`, `via`, or `unknown` for a `same-day` verdict) and
        `facts`, one per ledger row with a `values` entry per article id that reports it (an
        outlet left out does not).
    """
    arts = grouping.articles
    groups: list[dict[str, Any]] = []
    for group, ledger in zip(grouping.groups, ledgers, strict=True):
        ids = [arts[i].id for i in group.members]
        sims = [
            {"a": arts[i].id, "b": arts[j].id, "similarity": value}
            for i, j, value in _group_pairs(grouping, group.members)
        ]
        nearest = None
        if group.nearest is not None:
            inside, outside, value = group.nearest
            nearest = {"article": arts[inside].id, "outside": arts[outside].id, "similarity": value}
        labels = article_labels([arts[i] for i in group.members])
        groups.append(
            {
                "articles": [
                    {
                        "id": arts[i].id,
                        "outlet": arts[i].outlet,
                        "label": label.text,
                        "title": arts[i].title,
                        "date": arts[i].date_label or None,
                        "via": arts[i].via,
                    }
                    for i, label in zip(group.members, labels, strict=True)
                ],
                "similarities": sims,
                "nearest": nearest,
                "provenance": [_provenance_dict(grouping, p) for p in provenance(grouping, group)],
                "facts": [
                    {
                        "kind": row.kind,
                        "fact": row.label,
                        "conflict": row.conflict,
                        "what": row.what,
                        "reporters": row.reporters,
                        "values": {
                            article_id: {"state": cell.state, "text": cell.text}
                            for article_id, cell in zip(ids, row.cells, strict=True)
                            if cell.present
                        },
                    }
                    for row in ledger.rows
                ],
            }
        )
    return {
        "version": _JSON_VERSION,
        "engine": grouping.engine,
        "threshold": grouping.threshold,
        "linkage": grouping.linkage,
        "groups": groups,
    }


# C1 controls and line separators, which `ensure_ascii=False` leaves raw, as \u escapes.
_JSON_ESCAPES = {c: f"\\u{c:04x}" for c in (*range(0x7F, 0xA0), 0x2028, 0x2029)}
# Above this many articles the JSON is written on one line per group: indentation forces the
# pure-Python encoder, which took 6 s of a 1,000-article ledger.
_INDENT_MAX_ARTICLES = 200


def ledgers_to_json(grouping: Grouping, ledgers: Sequence[Ledger]) -> str:
    """`ledgers_to_dict` as JSON (indented for a library of up to 200 articles); C1 controls
    and line separators escaped too."""
    data = ledgers_to_dict(grouping, ledgers)
    if len(grouping.articles) <= _INDENT_MAX_ARTICLES:
        out = json.dumps(data, ensure_ascii=False, indent=1)
    else:
        groups = data.pop("groups")
        head = json.dumps(data, ensure_ascii=False)[:-1]
        body = ",\n".join(json.dumps(g, ensure_ascii=False) for g in groups)
        out = f'{head}, "groups": [\n{body}\n]}}'
    return out.translate(_JSON_ESCAPES) + "\n"


def _md_row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _md_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    return [_md_row(header), "|" + "|".join("---" for _ in header) + "|", *map(_md_row, rows)]


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{round(value * 100)}%"


VERDICT_LABELS = {
    "first": "first report",
    "near-copy": "near-copy",
    "rewrite": "rewrite",
    "independent": "independent",
    "same-day": "order unknown",
    "carried": "earliest here",
}
"""How each provenance verdict reads in exports and on screen."""


def ledger_markdown(grouping: Grouping, ledgers: Sequence[Ledger]) -> str:
    """The story groups and their fact ledgers as a GitHub-flavoured Markdown document.

    Article text is escaped as in the comparison export (`escape_markdown`). Per group: its
    articles, the similarity matrix, why it stands apart (the closest outside article) and the
    ledger table, conflicts flagged with ⚠; who copied whom (each article's closest earlier
    article and the share of its sentences found there).

    Args:
        grouping: The story groups.
        ledgers: One ledger per group, in the order of `grouping.groups`.

    Returns:
        The document, ending in a newline.
    """
    arts = grouping.articles
    shown = sum(len(g.members) for g in grouping.groups)
    groups = len(grouping.groups)
    lines = [
        "# Story groups and fact ledger",
        "",
        f"{shown} {'article' if shown == 1 else 'articles'} in {groups} "
        f"{'group' if groups == 1 else 'groups'} ({grouping_rule(grouping.threshold)}; "
        f"{grouping.linkage} linkage).",
    ]
    for number, (group, ledger) in enumerate(zip(grouping.groups, ledgers, strict=True), 1):
        # Column and row headers: the outlet, told apart by date or id when several share it.
        outlets = [
            escape_markdown(label.text)
            for label in article_labels([arts[i] for i in group.members])
        ]
        row_label = dict(zip(group.members, outlets, strict=True))
        lead = arts[group.members[0]]
        lines += ["", f"## Group {number}: {escape_markdown(lead.title or lead.headline)}", ""]
        lines += _md_table(
            ["Outlet", "Title", "Date", "Id"],
            [
                [
                    escape_markdown(arts[i].outlet),
                    escape_markdown(arts[i].title),
                    escape_markdown(arts[i].date_label),
                    escape_markdown(arts[i].id),
                ]
                for i in group.members
            ],
        )
        if group.nearest is not None:
            inside, outside, value = group.nearest
            lines += [
                "",
                f"Apart from the other groups: the closest outside article is "
                f"{escape_markdown(arts[outside].outlet)} ({escape_markdown(arts[outside].id)}), "
                f"{_percent(value)} similar to "
                f"{row_label.get(inside) or escape_markdown(arts[inside].outlet)}.",
            ]
        if len(group.members) > 1:
            lines += ["", "### Who copied whom", ""]
            lines += _md_table(
                ["Outlet", "Date", "Closest earlier article", "Sentences found there", "Verdict"],
                [
                    [
                        row_label[p.article],
                        escape_markdown(arts[p.article].date_label),
                        escape_markdown(via_note(grouping, p))
                        if p.source is None
                        else escape_markdown(
                            f"{arts[p.source].outlet or arts[p.source].id} ({arts[p.source].id})"
                            + (f", {note}" if (note := same_day_note(grouping, p)) else "")
                        ),
                        "" if p.source is None else _percent(p.share),
                        VERDICT_LABELS[p.verdict],
                    ]
                    for p in provenance(grouping, group)
                ],
            )
        if 1 < len(group.members) <= MATRIX_FULL:
            lines += ["", "### Similarity", ""]
            lines += _md_table(
                ["", *outlets],
                [
                    [outlets[x], *(_percent(grouping.similarity(i, j)) for j in group.members)]
                    for x, i in enumerate(group.members)
                ],
            )
        lines += ["", "### Facts", ""]
        if not ledger.rows:
            lines.append("None.")
            continue
        lines.append(
            "⚠: the outlets give different figures (each value shown). ✓: reported. "
            "≈: reported in other words. Empty: not reported."
        )
        lines.append("")
        lines += _md_table(
            ["Fact", "Kind", *outlets],
            [
                [
                    escape_markdown(row.label)
                    + (f" ⚠ {escape_markdown(row.what)}" if row.conflict else ""),
                    row.kind,
                    *(escape_markdown(_cell_text(cell, row.conflict)) for cell in row.cells),
                ]
                for row in ledger.rows
            ],
        )
    return "\n".join(lines) + "\n"
