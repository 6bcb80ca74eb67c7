"""The pairwise methods the store and the sparse index replaced, kept as the references they must
agree with on the bundled articles and the fixtures.

Groups: every pair of articles gets the TF-IDF cosine; pairs at or above the floor, and each
article's closest pair, are aligned by the engine (two articles dated within `STORY_DAYS` count
at least the threshold scaled by cosine / `STORY_COSINE`); pairs left out count as 0; average
linkage over all pairs. Ledger: every pair of a group compared with `compare`; facts joined by
value, the comparisons' conflicts joining differing figures, the comparisons' unique facts
deciding "reported in other words". Quadratic: fit for the small libraries of the tests only.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Literal

from tui.core.align import Cancelled
from tui.core.compare import compare
from tui.core.groups import (
    DEFAULT_THRESHOLD,
    PREFILTER_FLOOR,
    STORY_COSINE,
    STORY_DAYS,
    engine_similarity,
    prefilter_scores,
)
from tui.core.ledger import Ledger, LedgerCell, LedgerRow
from tui.core.types import Article, Comparison, Fact

_NAME_KINDS = frozenset({"person", "org", "place", "name"})
Key = tuple[str, str]

Linkage = Literal["average", "single"]


def pairwise_groups(
    articles: Sequence[Article],
    *,
    threshold: float = DEFAULT_THRESHOLD,
    floor: float = PREFILTER_FLOOR,
    linkage: Linkage = "average",
) -> list[list[int]]:
    """The story groups by the pairwise method, each a sorted list of article indices."""
    n = len(articles)
    cheap = prefilter_scores(articles)
    sims: dict[tuple[int, int], float] = {}
    for i, j in sorted(_pairs_to_align(n, cheap, floor)):
        a, b = articles[i], articles[j]
        value = engine_similarity(a, b)
        if a.date is not None and b.date is not None and abs((a.date - b.date).days) <= STORY_DAYS:
            value = max(value, threshold * cheap.get((i, j), 0.0) / STORY_COSINE)
        sims[(i, j)] = value
    return _average_linkage(n, sims, threshold, linkage)


def _average_linkage(
    n: int, sims: Mapping[tuple[int, int], float], threshold: float, linkage: Linkage
) -> list[list[int]]:
    """Agglomerative clustering over a sparse similarity graph (missing pairs are 0).

    Average linkage keeps the sum of member similarities per pair of clusters (a merge adds the
    rows), so each merge costs one pass over the cluster pairs that share any link. Single
    linkage keeps the maximum instead.
    """
    clusters: dict[int, list[int]] = {i: [i] for i in range(n)}
    links: dict[tuple[int, int], float] = {k: v for k, v in sims.items() if v > 0}

    def score(key: tuple[int, int], value: float) -> float:
        if linkage == "single":
            return value
        return value / (len(clusters[key[0]]) * len(clusters[key[1]]))

    while links:
        best = max(links.items(), key=lambda kv: (score(*kv), -kv[0][0], -kv[0][1]))
        (keep, gone), value = best
        if score((keep, gone), value) < threshold:
            break
        clusters[keep].extend(clusters.pop(gone))
        merged: dict[tuple[int, int], float] = {}
        for (x, y), v in links.items():
            if {x, y} == {keep, gone}:
                continue
            if gone in (x, y) or keep in (x, y):
                other = y if x in (keep, gone) else x
                k = (min(keep, other), max(keep, other))
                if linkage == "single":
                    merged[k] = max(merged.get(k, 0.0), v)
                else:
                    merged[k] = merged.get(k, 0.0) + v
            else:
                merged[(x, y)] = v
        links = merged
    return sorted((sorted(c) for c in clusters.values()), key=lambda c: c[0])


def _pairs_to_align(
    n: int, cheap: Mapping[tuple[int, int], float], floor: float
) -> set[tuple[int, int]]:
    chosen = {k for k, v in cheap.items() if v >= floor}
    # Every article's closest candidate too, so an outlier is apart by a measured figure.
    best: dict[int, tuple[float, tuple[int, int]]] = {}
    for key, value in cheap.items():
        for i in key:
            if i not in best or value > best[i][0]:
                best[i] = (value, key)
    chosen.update(key for _, key in best.values())
    return chosen


# --- the pairwise ledger (every pair compared), as it was before the store ---


def _fact_key(fact: Fact) -> Key:
    if fact.kind in _NAME_KINDS:
        return ("name", fact.value)
    if fact.kind == "number":
        # `num|1300|count|killed|more than`: the qualifier is wording, not a different figure.
        parts = fact.value.split("|")
        return ("number", "|".join(parts[1:4]) if len(parts) >= 4 else fact.value)
    return (fact.kind, fact.value)


def _name_aliases(keys: set[Key]) -> dict[Key, Key]:
    """`Putin` -> `Vladimir Putin` when exactly one longer name of the group ends that way."""
    full = [k for k in keys if k[0] == "name" and " " in k[1]]
    aliases: dict[Key, Key] = {}
    for key in keys:
        if key[0] != "name" or " " in key[1]:
            continue
        owners = [k for k in full if k[1].rsplit(" ", 1)[-1] == key[1]]
        if len(owners) == 1:
            aliases[key] = owners[0]
    return aliases


class _Classes:
    """Union-find over fact keys: a conflict joins two figures into one row."""

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


def _check_cancel(cancel: threading.Event | None) -> None:
    if cancel is not None and cancel.is_set():
        raise Cancelled


def pairwise_ledger(
    articles: Sequence[Article],
    *,
    comparer: Callable[[Article, Article], Comparison] = compare,
    cancel: threading.Event | None = None,
    progress: Callable[[float], None] | None = None,
) -> Ledger:
    """The fact ledger of a group of articles reporting one story.

    Args:
        articles: The group's articles, in the order the columns should follow.
        comparer: The engine (`compare`); every pair of articles is compared once.
        cancel: When set, stops with `Cancelled` between pairs.
        progress: Called with a fraction in [0, 1] after each pair.

    Returns:
        The ledger: conflicts first, then facts only one outlet reports, then facts reported by
        few outlets before facts reported by many; ties in reading order.

    Raises:
        Cancelled: `cancel` was set before the work finished.
    """
    arts = tuple(articles)
    n = len(arts)
    pairs = [(i, k) for i in range(n) for k in range(i + 1, n)]
    comps: dict[tuple[int, int], Comparison] = {}
    facts: list[tuple[Fact, ...]] = [()] * n
    for done, (i, k) in enumerate(pairs, start=1):
        _check_cancel(cancel)
        cmp = comparer(arts[i], arts[k])
        comps[(i, k)] = cmp
        facts[i], facts[k] = cmp.facts_a, cmp.facts_b
        if progress is not None:
            progress(done / len(pairs))
    if n == 1:
        from tui.core.facts import extract_facts
        from tui.core.sentences import split_sentences

        facts[0] = extract_facts(arts[0].text, split_sentences(arts[0].text))
    _check_cancel(cancel)

    aliases = _name_aliases({_fact_key(f) for fs in facts for f in fs})

    def key(fact: Fact) -> Key:
        k = _fact_key(fact)
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
    for by_key in first:
        for fact_key in by_key:
            classes.find(fact_key)
    # unique[(i, k)]: keys of article i's facts that article k does not state.
    unique: dict[tuple[int, int], set[Key]] = {}
    conflicts: dict[Key, list[tuple[int, int, str]]] = {}
    for (i, j), cmp in comps.items():
        unique[(i, j)] = {key(f) for f in cmp.only_a}
        unique[(j, i)] = {key(f) for f in cmp.only_b}
        for c in cmp.conflicts:
            classes.join(key(c.a), key(c.b))
            conflicts.setdefault(key(c.a), []).append((i, j, c.what))

    members: dict[Key, list[tuple[int, Key]]] = {}
    for i, by_key in enumerate(first):
        for fact_key in by_key:
            members.setdefault(classes.find(fact_key), []).append((i, fact_key))

    rows: list[tuple[tuple[Any, ...], LedgerRow]] = []
    for root, nodes in members.items():
        row = _row(root, nodes, first, unique, conflicts, n)
        anchor = first[nodes[0][0]][nodes[0][1]]
        order = (
            0 if row.conflict else 1 if row.reporters == 1 else 2,
            row.reporters,
            nodes[0][0],
            anchor.start,
        )
        rows.append((order, row))
    rows.sort(key=lambda item: item[0])
    return Ledger(arts, tuple(row for _, row in rows))


def _row(
    root: Key,
    nodes: list[tuple[int, Key]],
    first: list[dict[Key, Fact]],
    unique: dict[tuple[int, int], set[Key]],
    conflicts: dict[Key, list[tuple[int, int, str]]],
    n: int,
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
    conflict = len(values) > 1 and any(k in conflicts for k in values)
    cells: list[LedgerCell] = []
    for j in range(n):
        fact = by_article.get(j)
        if fact is not None:
            cells.append(LedgerCell("stated", fact.text, fact.sentence))
            continue
        # No fact of its own here: does the engine find any holder's fact stated in j?
        stated = any(keys_of[i] not in unique.get((i, j), set()) for i in by_article)
        cells.append(LedgerCell("reported" if stated else "missing"))
    what = ""
    pair = (anchor_i, anchor_i)
    if conflict:
        for k in values:
            for i, j, label in conflicts.get(k, []):
                what = what or label
                if pair[0] == pair[1]:
                    pair = (i, j)
    if pair[0] == pair[1]:
        # Open a comparison with an outlet that lacks the fact (or else any other one).
        others = [j for j in range(n) if j != anchor_i]
        lacking = [j for j in others if not cells[j].present]
        if others:
            pair = (anchor_i, (lacking or others)[0])
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
