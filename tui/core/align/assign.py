"""Assignment: from pair probabilities to links, globally and best first (not a left-to-right diff).

1. 1:1 links: pairs at `params.link` or above, best first, each sentence once; headlines,
   subheads and captions wait for step 4 (unless copied word for word);
2. groups: a free sentence joins a linked group on its own side (one sentence packing what the
   other article says in several, or a sentence split in two) when its probability with the
   group's single sentence on the other side reaches `params.join`, when the group's combined
   text matches that sentence better by `params.merge_gain` (cosine), or when at least
   `params.merge_contained` of its weight stands in that sentence. Every group stays 1:n or
   n:1, since the display shows a row of several sentences against one;
3. order context: a free pair at `params.context` or above whose neighbours are linked to each
   other fills the gap (outlets reorder paragraphs, rarely the sentences inside one);
4. figures: a pair giving a figure of the same frame (`killed|count`) at `params.frame` links
   or joins a group, whatever the values;
5. headlines: a label links to the unit that says at least `params.label_contained` of it (and
   shares `LABEL_MIN_CONTENT` content words with it), or at `params.link`; it joins that unit's
   group if it has one.

Ties are broken by a key symmetric in A and B, so swapping the articles mirrors the result.
"""

from __future__ import annotations

from collections.abc import Sequence

from tui.core.align.features import Context
from tui.core.align.params import FEATURES, LABEL_MIN_CONTENT, MIN_UNIT_KEYS, Params

__all__ = ["Group", "assign", "best_first"]

_PLACE_CLASH = FEATURES.index("place_clash")

# A link under construction: A sentences and B sentences (one side holds one sentence).
Group = tuple[list[int], list[int]]


def best_first(scored: dict[tuple[int, int], float]) -> list[tuple[tuple[int, int], float]]:
    """Pairs by falling probability; ties by a key symmetric in (i, j), then the pair itself."""
    return sorted(
        scored.items(),
        key=lambda kv: (-kv[1], kv[0][0] + kv[0][1], abs(kv[0][0] - kv[0][1]), kv[0]),
    )


def assign(ctx: Context, scored: dict[tuple[int, int], float], params: Params) -> list[Group]:
    """Link groups from the candidates' probabilities (see the module docstring)."""
    labels_a, labels_b = ctx.a.labels, ctx.b.labels
    order = best_first(scored)
    groups: list[Group] = []
    group_a: dict[int, int] = {}
    group_b: dict[int, int] = {}
    for (i, j), p in order:
        if p < params.link:
            break
        if i in group_a or j in group_b or ((labels_a[i] or labels_b[j]) and p < 1.0):
            continue
        group_a[i] = group_b[j] = len(groups)
        groups.append(([i], [j]))
    for (i, j), p in order:
        if (i in group_a) == (j in group_b) or labels_a[i] or labels_b[j]:
            continue  # both linked already, or both free (too weak for a link of their own)
        if i in group_a:
            ga, gb = groups[group_a[i]]
            if len(ga) == 1 and _joins(ctx, ga, gb, p, params, extra_b=j):
                gb.append(j)
                group_b[j] = group_a[i]
        else:
            ga, gb = groups[group_b[j]]
            if len(gb) == 1 and _joins(ctx, ga, gb, p, params, extra_a=i):
                ga.append(i)
                group_a[i] = group_b[j]
    _fill_by_context(order, labels_a, labels_b, groups, group_a, group_b, params.context)
    _fill_by_frame(ctx, order, groups, group_a, group_b, params.frame)
    _attach_labels(ctx, order, groups, group_a, group_b, params)
    return groups


def _joins(
    ctx: Context,
    ga: list[int],
    gb: list[int],
    p: float,
    params: Params,
    *,
    extra_a: int | None = None,
    extra_b: int | None = None,
) -> bool:
    """Whether a free sentence joins the group `(ga, gb)` on its own side (see step 2)."""
    if p >= params.join:
        return True
    set_a = frozenset().union(*(ctx.a.sets[i] for i in ga))
    set_b = frozenset().union(*(ctx.b.sets[j] for j in gb))
    if extra_a is not None:
        unit, other = ctx.a.sets[extra_a], set_b
        new_a, new_b = set_a | unit, set_b
    else:
        assert extra_b is not None
        unit, other = ctx.b.sets[extra_b], set_a
        new_a, new_b = set_a, set_b | unit
    if ctx.cosine(new_a, new_b) >= ctx.cosine(set_a, set_b) + params.merge_gain:
        return True
    return len(unit) >= MIN_UNIT_KEYS and ctx.coverage(unit, other) >= params.merge_contained


def _attach_labels(
    ctx: Context,
    order: Sequence[tuple[tuple[int, int], float]],
    groups: list[Group],
    group_a: dict[int, int],
    group_b: dict[int, int],
    params: Params,
) -> None:
    """Link each headline-like unit to the unit that paraphrases it, if any (in place).

    A headline is judged by how much of it the other unit says (coverage of the label): a lead
    says everything a headline says and much more. It needs `LABEL_MIN_CONTENT` shared content
    words beyond names, so "X talks with Y" never links on the names alone.
    """
    labels_a, labels_b = ctx.a.labels, ctx.b.labels
    cands: list[tuple[float, float, int, int]] = []
    for (i, j), p in order:
        if not (labels_a[i] or labels_b[j]):
            continue
        x, y = ctx.a.sets[i], ctx.b.sets[j]
        if len((x & y) - ctx.names) < LABEL_MIN_CONTENT:
            continue
        cov = min(
            ctx.coverage(x, y) if labels_a[i] else 1.0,
            ctx.coverage(y, x) if labels_b[j] else 1.0,
        )
        if cov >= params.label_contained or p >= params.link:
            cands.append((-cov, -p, i, j))
    cands.sort(key=lambda c: (c[0], c[1], c[2] + c[3], abs(c[2] - c[3]), c[2], c[3]))
    for _, _, i, j in cands:
        if i in group_a and j in group_b:
            continue
        if i not in group_a and j not in group_b:
            group_a[i] = group_b[j] = len(groups)
            groups.append(([i], [j]))
        elif labels_a[i] and labels_b[j]:
            continue  # two headlines link 1:1 only
        elif i in group_a and labels_b[j]:
            ga, gb = groups[group_a[i]]
            if len(ga) == 1:
                gb.append(j)
                group_b[j] = group_a[i]
        elif j in group_b and labels_a[i]:
            ga, gb = groups[group_b[j]]
            if len(gb) == 1:
                ga.append(i)
                group_a[i] = group_b[j]


def _link_or_join(
    groups: list[Group], group_a: dict[int, int], group_b: dict[int, int], i: int, j: int
) -> bool:
    """Link `i` and `j` as a new group when both are free, or add the free one to the other's
    group when that group stays one-to-many (a single sentence on the side that grows).

    Returns:
        False when neither applies (the pair is left as it was).
    """
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
        return False
    return True


def _fill_by_frame(
    ctx: Context,
    order: Sequence[tuple[tuple[int, int], float]],
    groups: list[Group],
    group_a: dict[int, int],
    group_b: dict[int, int],
    threshold: float,
) -> None:
    """Link pairs giving a figure of the same frame at `threshold` or above (in place).

    "He said 62 people have been killed" and "The official death toll from the siege stands at
    72" share almost no word, and the model's probability stays low; but a report of the same
    toll is the same content, and its different value the conflict the reader must see, unless
    the two name places of two events (`place_clash`; a day apart is often the toll updated).
    Best first: a free pair links; a free sentence joins its partner's group when that keeps
    the group one-to-many. Headlines, subheads and captions are left to `_attach_labels`.
    """
    frames_a, frames_b = ctx.a.frames, ctx.b.frames
    if threshold > 1.0 or not any(frames_a) or not any(frames_b):
        return
    labels_a, labels_b = ctx.a.labels, ctx.b.labels
    for (i, j), p in order:
        if p < threshold:
            break
        if labels_a[i] or labels_b[j] or (i in group_a and j in group_b):
            continue
        fa, fb = frames_a[i], frames_b[j]
        if not fa or not fb or fa.isdisjoint(fb):
            continue
        f = ctx.features(i, j)
        if f is None or f[_PLACE_CLASH]:
            continue  # two places: two counts (an earthquake's, another's)
        _link_or_join(groups, group_a, group_b, i, j)


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

    # The pairs that may fill a gap, best first; a pair whose two sentences are both linked
    # is dropped for good (links are never undone), so each pass only walks what is left.
    cands = []
    for (i, j), p in order:
        if p < threshold:
            break
        if not (labels_a[i] or labels_b[j]):
            cands.append((i, j))
    changed = True
    while changed:
        changed = False
        rest: list[tuple[int, int]] = []
        for i, j in cands:
            if i in group_a and j in group_b:
                continue
            before = linked(neighbour(labels_a, i, -1), neighbour(labels_b, j, -1))
            after = linked(neighbour(labels_a, i, 1), neighbour(labels_b, j, 1))
            if not (before or after):
                rest.append((i, j))
                continue
            if not _link_or_join(groups, group_a, group_b, i, j):
                rest.append((i, j))
                continue
            changed = True
        cands = rest
