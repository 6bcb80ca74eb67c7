"""Align the sentences of two articles: which units report the same thing.

A pipeline of small steps, one module each, in the order they run:

1. `text.py`: each sentence becomes a set of keys: normalised, lightly stemmed words with
   synonyms, spellings, acronyms and demonyms merged (`lexicon.py`), function words dropped.
2. `candidates.py`: the pairs worth a look, from an inverted index over each sentence's rarest
   keys (never all pairs), plus verbatim copies.
3. `features.py`: a few numbers per candidate pair: rarity-weighted overlap (cosine, coverage
   both ways), shared content beyond names, a key no other sentence uses, the same figure or a
   figure for the same thing (`150 dead` / `250 killed`: a link, whose different values the
   facts side reports as a conflict), days, months or places that clash, headline coverage and
   position.
4. `scoring.py`: a logistic model turns them into the probability of the same content.
5. `assign.py`: best-first 1:1 links, then sentences joining a linked group (one sentence
   packing what the other article says in several), then weak pairs between linked
   neighbours, then headlines where the other unit says all they say.
6. `rows.py`: the links laid out as display rows (reorders marked `moved`).

Every tunable number lives in `params.json` (documented in `params.py`), written by
`eval/loeo.py --refit`, which also reports the figures leave-one-event-out.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence

from tui.core.align.assign import assign
from tui.core.align.candidates import Cancelled, candidate_pairs
from tui.core.align.features import Context
from tui.core.align.link import Link
from tui.core.align.params import Params, default_params
from tui.core.align.rows import order_rows
from tui.core.align.scoring import score_pairs
from tui.core.align.text import normalise_text, stem, tokens

__all__ = [
    "Cancelled",
    "Link",
    "Params",
    "align",
    "normalise_text",
    "order_rows",
    "stem",
    "tokens",
]


def align(
    a_texts: Sequence[str],
    b_texts: Sequence[str],
    *,
    params: Params | None = None,
    frames: tuple[Sequence[frozenset[str]], Sequence[frozenset[str]]] | None = None,
    cancel: threading.Event | None = None,
    progress: Callable[[float], None] | None = None,
) -> tuple[Link, ...]:
    """Link the sentences of A to those of B that carry the same content.

    Args:
        a_texts: The sentences of article A, in order.
        b_texts: The sentences of article B, in order.
        params: The model and thresholds; the fitted `params.json` by default.
        frames: Each sentence's figure frame keys, when the caller has read the facts
            (`features.facts_frames`); found from the texts otherwise.
        cancel: When set, the work stops with `Cancelled` at the next chunk.
        progress: Called with a fraction in [0, 1] as the work proceeds.

    Returns:
        The links sorted by their first A index; every sentence is in at most one link, and
        one side of each link holds a single sentence.
    """
    params = default_params() if params is None else params
    ctx = Context(a_texts, b_texts, frames)
    copies, pairs = candidate_pairs(
        ctx,
        per_sentence=params.per_sentence,
        probe_tokens=params.probe_tokens,
        max_postings=params.max_postings,
        cancel=cancel,
        progress=None if progress is None else (lambda x: progress(0.8 * x)),
    )
    scored = score_pairs(ctx, copies, pairs, params)
    if cancel is not None and cancel.is_set():
        raise Cancelled
    groups = assign(ctx, scored, params)
    if progress is not None:
        progress(1.0)
    links = [
        Link(tuple(sorted(ga)), tuple(sorted(gb)), _group_score(scored, ga, gb))
        for ga, gb in groups
    ]
    links.sort(key=lambda lk: (lk.a[0], lk.b[0]))
    return tuple(links)


def _group_score(scored: dict[tuple[int, int], float], ga: list[int], gb: list[int]) -> float:
    """A link's score: the best probability among its sentence pairs."""
    return round(max(scored.get((i, j), 0.0) for i in ga for j in gb), 4)
