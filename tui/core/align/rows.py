"""Display rows from links: A's order, B-only sentences beside their neighbours, moves marked."""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Sequence

from tui.core.align.link import Link
from tui.core.types import Row

__all__ = ["order_rows"]


def _lis_members(values: Sequence[int]) -> set[int]:
    """Positions of one longest strictly increasing subsequence of `values` (O(n log n))."""
    tails: list[int] = []
    tail_pos: list[int] = []
    prev = [-1] * len(values)
    for k, v in enumerate(values):
        at = bisect.bisect_left(tails, v)
        if at == len(tails):
            tails.append(v)
            tail_pos.append(k)
        else:
            tails[at] = v
            tail_pos[at] = k
        prev[k] = tail_pos[at - 1] if at > 0 else -1
    out: set[int] = set()
    k = tail_pos[-1] if tail_pos else -1
    while k != -1:
        out.add(k)
        k = prev[k]
    return out


def order_rows(links: Sequence[Link], n_a: int, n_b: int) -> tuple[Row, ...]:
    """Lay out links and unmatched sentences as display rows.

    Rows follow A's order (a merged group sits at its first A sentence); each B-only sentence
    sits right after the row holding its nearest preceding matched B sentence (or before the
    row of the nearest following one). A match whose B side is not in the longest increasing
    run of B indices is `moved`.

    Args:
        links: The links from `align`.
        n_a: Number of sentences in A.
        n_b: Number of sentences in B.

    Returns:
        Rows in which every sentence of A and of B appears exactly once.
    """
    by_a = sorted(links, key=lambda lk: (lk.a[0], lk.b[0]))
    in_order = _lis_members([lk.b[0] for lk in by_a])
    a_linked = {i for lk in links for i in lk.a}
    # The A-ordered skeleton: matches at their first A index, A-only rows in between.
    skeleton: list[Row] = []
    link_at = {lk.a[0]: (k, lk) for k, lk in enumerate(by_a)}
    for i in range(n_a):
        if i in link_at:
            k, lk = link_at[i]
            skeleton.append(Row("match", lk.a, lk.b, score=lk.score, moved=k not in in_order))
        elif i not in a_linked:
            skeleton.append(Row("only_a", (i,), ()))
    # Where each matched B sentence sits in the skeleton.
    pos_of_b: dict[int, int] = {}
    for pos, row in enumerate(skeleton):
        for j in row.b:
            pos_of_b[j] = pos
    after: dict[int, list[int]] = defaultdict(list)  # skeleton position -> B-only after it
    before: dict[int, list[int]] = defaultdict(list)  # skeleton position -> B-only before it
    tail: list[int] = []
    last_matched: int | None = None
    pending_head: list[int] = []
    for j in range(n_b):
        if j in pos_of_b:
            if pending_head:
                before[pos_of_b[j]].extend(pending_head)
                pending_head = []
            last_matched = j
        elif last_matched is not None:
            after[pos_of_b[last_matched]].append(j)
        else:
            pending_head.append(j)
    tail.extend(pending_head)  # no matched B sentence at all
    rows: list[Row] = []
    for pos, row in enumerate(skeleton):
        rows.extend(Row("only_b", (), (j,)) for j in before.get(pos, ()))
        rows.append(row)
        rows.extend(Row("only_b", (), (j,)) for j in after.get(pos, ()))
    rows.extend(Row("only_b", (), (j,)) for j in tail)
    return tuple(rows)
