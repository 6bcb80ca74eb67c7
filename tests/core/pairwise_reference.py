"""The pairwise method the sparse grouping replaced, kept as the reference it must agree with.

Every pair of articles gets the TF-IDF cosine; pairs at or above the floor, and each article's
closest pair, are aligned by the engine; pairs left out count as 0; average linkage over all
pairs. Quadratic: fit for the small libraries of the tests only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Literal

from tui.core.groups import DEFAULT_THRESHOLD, PREFILTER_FLOOR, engine_similarity, prefilter_scores
from tui.core.types import Article

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
    sims = {
        (i, j): engine_similarity(articles[i], articles[j])
        for i, j in sorted(_pairs_to_align(n, cheap, floor))
    }
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
