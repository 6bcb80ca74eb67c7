"""Candidate pairs: which sentence pairs are worth describing at all, from an inverted index.

Never all pairs: each sentence looks up its `probe_tokens` rarest keys in an inverted index of
the other article (prefix filtering) and keeps its `per_sentence` best partners by the summed
squared weights of the keys found. A real link shares some rare word, and skipping the common
ones keeps the work linear in practice. Probing from A and from B alike keeps the candidates the
same when the articles are swapped. Verbatim copies are found by their text and always kept.
"""

from __future__ import annotations

import heapq
import threading
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from functools import lru_cache
from typing import Any

from tui.core.align.features import Context
from tui.core.align.params import MAX_FRAME_PAIRS

__all__ = ["Cancelled", "candidate_pairs", "exact_pairs", "frame_pairs"]


class Cancelled(Exception):
    """Raised when the caller's cancel event is set while work is in progress."""


def exact_pairs(keys_a: Sequence[str], keys_b: Sequence[str]) -> list[tuple[int, int]]:
    """Pairs of verbatim copies. A line repeated many times is paired in order, not all-pairs."""
    where_a: dict[str, list[int]] = defaultdict(list)
    where_b: dict[str, list[int]] = defaultdict(list)
    for i, k in enumerate(keys_a):
        if k:
            where_a[k].append(i)
    for j, k in enumerate(keys_b):
        if k:
            where_b[k].append(j)
    out: list[tuple[int, int]] = []
    for key, ia in where_a.items():
        jb = where_b.get(key)
        if not jb:
            continue
        if len(ia) * len(jb) <= 64:
            out.extend((i, j) for i in ia for j in jb)
        else:
            out.extend(zip(ia, jb, strict=False))
    return out


def frame_pairs(
    frames_a: Sequence[frozenset[str]], frames_b: Sequence[frozenset[str]]
) -> set[tuple[int, int]]:
    """Pairs stating a figure of the same frame (`killed|count`), which may share no rare word
    ("62 people have been killed" / "the death toll stands at 72"); a frame found in more than
    `MAX_FRAME_PAIRS` pairs picks out none and is skipped."""
    where_a: dict[str, list[int]] = defaultdict(list)
    where_b: dict[str, list[int]] = defaultdict(list)
    for i, fs in enumerate(frames_a):
        for f in fs:
            where_a[f].append(i)
    for j, fs in enumerate(frames_b):
        for f in fs:
            where_b[f].append(j)
    out: set[tuple[int, int]] = set()
    for f, ia in where_a.items():
        jb = where_b.get(f)
        if jb and len(ia) * len(jb) <= MAX_FRAME_PAIRS:
            out.update((i, j) for i in ia for j in jb)
    return out


def _probe_order(
    postings: dict[str, list[int]], df: dict[str, int], max_postings: int
) -> Callable[[frozenset[str]], list[str]]:
    """A sentence's probe tokens, rarest first (by document frequency, then the token).

    Every eligible token gets its rank once; a sentence's tokens are then one set
    intersection and a sort of small integers, not a tuple built and compared per token.
    """
    eligible = sorted((df[t], t) for t in postings if df[t] <= max_postings)
    by_rank = [t for _, t in eligible]
    rank = {t: r for r, t in enumerate(by_rank)}
    allowed = frozenset(by_rank)

    def order(tokens: frozenset[str]) -> list[str]:
        return [by_rank[r] for r in sorted(map(rank.__getitem__, tokens & allowed))]

    return order


def _checked(
    sets: Sequence[frozenset[str]],
    cancel: threading.Event | None,
    report: Callable[[float], None],
) -> Iterator[frozenset[str]]:
    """The sets in order, checking `cancel` and reporting progress every 200 of them."""
    for i, s in enumerate(sets):
        if i % 200 == 0:
            if cancel is not None and cancel.is_set():
                raise Cancelled
            report(i / max(1, len(sets)))
        yield s


def _probe(
    sets: Sequence[frozenset[str]],
    other: Sequence[frozenset[str]],
    ctx: Context,
    *,
    per_sentence: int,
    probe_tokens: int,
    max_postings: int,
    cancel: threading.Event | None,
    report: Callable[[float], None],
) -> list[list[int]]:
    """For each sentence of `sets`, its best few partners in `other` by shared rare tokens.

    Only a sentence's `probe_tokens` rarest tokens are looked up in the inverted index of
    `other` (prefix filtering): a real link shares some rare word, and skipping the common
    ones keeps the work linear in practice.
    """
    postings: dict[str, list[int]] = defaultdict(list)
    for j, s in enumerate(other):
        for t in s:
            postings[t].append(j)
    df, square = ctx.df, ctx.square
    if len(other) >= VECTOR_MIN and _numpy_available():
        return _probe_vector(
            sets,
            len(other),
            postings,
            df,
            square,
            per_sentence=per_sentence,
            probe_tokens=probe_tokens,
            max_postings=max_postings,
            cancel=cancel,
            report=report,
        )
    order = _probe_order(postings, df, max_postings)
    out: list[list[int]] = []
    for s in _checked(sets, cancel, report):
        probes = order(s)
        if not probes:
            out.append([])
            continue
        # Weights are added token by token in probe order, the first token's in one C call;
        # the sums (and so the ties) are the same floats whatever the container.
        first = probes[0]
        acc = dict.fromkeys(postings[first], square[first])
        get = acc.get
        for t in probes[1:probe_tokens]:
            w = square[t]
            for j in postings[t]:
                acc[j] = get(j, 0.0) + w
        # Best scores first, ties by index: only the partners scoring at least the
        # `per_sentence`-th best value can be among them.
        if len(acc) > per_sentence:
            floor = heapq.nlargest(per_sentence, acc.values())[-1]
            top = sorted([(-v, j) for j, v in acc.items() if v >= floor])[:per_sentence]
        else:
            top = sorted([(-v, j) for j, v in acc.items()])
        out.append([j for _, j in top])
    return out


# From this many sentences on the other side, candidate probing adds weights with numpy: the
# postings of common words are long there, and a Python loop per posting dominated the engine.
# Below it, importing numpy would cost more than it saves.
VECTOR_MIN = 1500


@lru_cache(maxsize=1)
def _numpy_available() -> bool:
    try:
        import numpy  # noqa: F401
    except ImportError:
        return False
    return True


def _probe_vector(
    sets: Sequence[frozenset[str]],
    n_other: int,
    postings: dict[str, list[int]],
    df: dict[str, int],
    square: dict[str, float],
    *,
    per_sentence: int,
    probe_tokens: int,
    max_postings: int,
    cancel: threading.Event | None,
    report: Callable[[float], None],
) -> list[list[int]]:
    """`_probe`'s loop with the weights added by numpy; the same partners, in the same order.

    Each partner's score is the same float: 0.0 plus each probe token's squared weight in
    probe order (IEEE double additions, one index per posting, so none is combined). Ties are
    broken by index as in `_probe` (`lexsort` on index, then score).
    """
    import numpy as np

    arrays: dict[str, Any] = {}
    acc = np.zeros(n_other, dtype=np.float64)
    order = _probe_order(postings, df, max_postings)
    out: list[list[int]] = []
    for s in _checked(sets, cancel, report):
        probes = order(s)
        if not probes:
            out.append([])
            continue
        used: list[Any] = []
        for t in probes[:probe_tokens]:
            idx = arrays.get(t)
            if idx is None:
                idx = arrays[t] = np.asarray(postings[t], dtype=np.intp)
            # Each partner once, when first touched (every weight is positive, so an untouched
            # partner's sum is 0.0): the work stays proportional to the postings.
            used.append(idx[acc[idx] == 0.0] if used else idx)
            acc[idx] += square[t]
        touched = np.concatenate(used) if len(used) > 1 else used[0]
        vals = acc[touched]
        acc[touched] = 0.0
        if len(touched) > per_sentence:
            kth = len(vals) - per_sentence
            floor = np.partition(vals, kth)[kth]
            keep = vals >= floor
            touched, vals = touched[keep], vals[keep]
        top = sorted(zip((-vals).tolist(), touched.tolist(), strict=True))[:per_sentence]
        out.append([j for _, j in top])
    return out


def candidate_pairs(
    ctx: Context,
    *,
    per_sentence: int,
    probe_tokens: int,
    max_postings: int,
    cancel: threading.Event | None,
    progress: Callable[[float], None] | None,
) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """The verbatim copies, and the other pairs worth describing (sorted, without the copies)."""

    def report(x: float) -> None:
        if progress is not None:
            progress(x)

    common = {
        "ctx": ctx,
        "per_sentence": per_sentence,
        "probe_tokens": probe_tokens,
        "max_postings": max_postings,
        "cancel": cancel,
    }
    from_a = _probe(ctx.a.sets, ctx.b.sets, report=lambda x: report(x / 2), **common)  # type: ignore[arg-type]
    from_b = _probe(ctx.b.sets, ctx.a.sets, report=lambda x: report(0.5 + x / 2), **common)  # type: ignore[arg-type]
    pairs = {(i, j) for i, js in enumerate(from_a) for j in js}
    pairs.update((i, j) for j, is_ in enumerate(from_b) for i in is_)
    pairs.update(frame_pairs(ctx.a.frames, ctx.b.frames))
    copies = exact_pairs(ctx.a.keys, ctx.b.keys)
    pairs.difference_update(copies)
    return copies, sorted(pairs)
