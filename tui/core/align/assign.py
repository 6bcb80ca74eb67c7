"""Assignment: from pair probabilities to links, globally and best first (not a left-to-right diff).

1. 1:1 links: pairs at `params.link` or above, best first, each sentence once;
2. groups: a free sentence joins a linked group on its own side when its probability with the
   group's single sentence on the other side reaches `params.join` (one sentence packing what
   the other article says in several, or a sentence split in two). Every group stays 1:n or n:1,
   since the display shows a row of several sentences against one;
3. order context: a free pair at `params.context` or above whose neighbours are linked to each
   other fills the gap (outlets reorder paragraphs, rarely the sentences inside one).

Ties are broken by a key symmetric in A and B, so swapping the articles mirrors the result.
"""

from __future__ import annotations

from collections.abc import Sequence

from tui.core.align.params import Params

__all__ = ["Group", "assign", "best_first"]

# A link under construction: A sentences and B sentences (one side holds one sentence).
Group = tuple[list[int], list[int]]


def best_first(scored: dict[tuple[int, int], float]) -> list[tuple[tuple[int, int], float]]:
    """Pairs by falling probability; ties by a key symmetric in (i, j), then the pair itself."""
    return sorted(
        scored.items(),
        key=lambda kv: (-kv[1], kv[0][0] + kv[0][1], abs(kv[0][0] - kv[0][1]), kv[0]),
    )


def assign(
    scored: dict[tuple[int, int], float],
    labels_a: Sequence[bool],
    labels_b: Sequence[bool],
    params: Params,
) -> list[Group]:
    """Link groups from the candidates' probabilities (see the module docstring)."""
    order = best_first(scored)
    groups: list[Group] = []
    group_a: dict[int, int] = {}
    group_b: dict[int, int] = {}
    for (i, j), p in order:
        if p < params.link:
            break
        if i in group_a or j in group_b:
            continue
        group_a[i] = group_b[j] = len(groups)
        groups.append(([i], [j]))
    for (i, j), p in order:
        if p < params.join:
            break
        if (i in group_a) == (j in group_b):
            continue  # both linked already, or both free (too weak for a link of their own)
        if i in group_a:
            ga, gb = groups[group_a[i]]
            if len(ga) == 1:
                gb.append(j)
                group_b[j] = group_a[i]
        else:
            ga, gb = groups[group_b[j]]
            if len(gb) == 1:
                ga.append(i)
                group_a[i] = group_b[j]
    _fill_by_context(order, labels_a, labels_b, groups, group_a, group_b, params.context)
    return groups


def _fill_by_context(
    order: Sequence[tuple[tuple[int, int], float]],
    labels_a: Sequence[bool],
    labels_b: Sequence[bool],
    groups: list[Group],
    group_a: dict[int, int],
    group_b: dict[int, int],
    threshold: float,
) -> None:
    """Link a free sentence to a weaker partner when their neighbours are linked (in place).

    When the sentence before `i` is linked to the sentence before `j` (or the one after to the
    one after), a pair too weak to stand alone is a paraphrase filling the gap. Headlines and
    captions are skipped as neighbours and never linked this way.
    """

    def neighbour(labels: Sequence[bool], k: int, step: int) -> int:
        k += step
        while 0 <= k < len(labels) and labels[k]:
            k += step
        return k

    def linked(i: int, j: int) -> bool:
        return i in group_a and j in group_b and group_a[i] == group_b[j]

    changed = True
    while changed:
        changed = False
        for (i, j), p in order:
            if p < threshold:
                break
            if labels_a[i] or labels_b[j] or (i in group_a and j in group_b):
                continue
            before = linked(neighbour(labels_a, i, -1), neighbour(labels_b, j, -1))
            after = linked(neighbour(labels_a, i, 1), neighbour(labels_b, j, 1))
            if not (before or after):
                continue
            if i not in group_a and j not in group_b:
                group_a[i] = group_b[j] = len(groups)
                groups.append(([i], [j]))
            elif j in group_b and len(groups[group_b[j]][1]) == 1:
                groups[group_b[j]][0].append(i)
                group_a[i] = group_b[j]
            elif i in group_a and len(groups[group_a[i]][0]) == 1:
                groups[group_a[i]][1].append(j)
                group_b[j] = group_a[i]
            else:
                continue
            changed = True
