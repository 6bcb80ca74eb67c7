"""The comparison pipeline: sentences, alignment, divergent wording, facts and a summary.

`compare(a, b)` is what the CLI, the export and the reader call. It is plain Python, runs in a
worker thread in the UI, reports progress and honours a cancel event between chunks.
"""

from __future__ import annotations

import dataclasses
import gc
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from tui.core.align import Cancelled, align, order_rows
from tui.core.align.features import facts_frames
from tui.core.divergence import diff_words
from tui.core.facts import compare_facts, extract_facts
from tui.core.sentences import split_sentences
from tui.core.types import Article, Comparison, Conflict, Row, Sentence, Summary

__all__ = ["Cancelled", "compare", "side_text"]


def side_text(text: str, sentences: tuple[Sentence, ...], indices: tuple[int, ...]) -> str:
    """The text of one side of a row: its sentences joined by single spaces.

    Args:
        text: The article's plain text.
        sentences: The article's sentences.
        indices: The sentence indices on this side of the row.

    Returns:
        The joined text; `DiffSpan` offsets of that side index into it.
    """
    return " ".join(text[sentences[i].start : sentences[i].end] for i in indices)


# The engine builds millions of small containers (token sets, tuples, facts) that live until it
# returns. Each batch of allocations makes the cyclic garbage collector walk them again, and its
# full collections walk the whole heap: a third of the engine's time at 5,000 sentences, for a
# few hundred cyclic objects found. Reference counting frees everything else as usual, so the
# collector is paused while any comparison runs (a count: comparisons may run in several
# threads) and resumed after the last one, when it collects the few cycles left.
_gc_lock = threading.Lock()
_gc_depth = 0
_gc_was_enabled = False


@contextmanager
def _gc_paused() -> Iterator[None]:
    global _gc_depth, _gc_was_enabled
    with _gc_lock:
        if _gc_depth == 0:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
        _gc_depth += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_depth -= 1
            if _gc_depth == 0 and _gc_was_enabled:
                gc.enable()


def _check(cancel: threading.Event | None) -> None:
    if cancel is not None and cancel.is_set():
        raise Cancelled


def compare(
    a: Article,
    b: Article,
    *,
    cancel: threading.Event | None = None,
    progress: Callable[[float], None] | None = None,
) -> Comparison:
    """Compare two articles sentence by sentence.

    Args:
        a: The left-hand article.
        b: The right-hand article.
        cancel: When set, the comparison stops with `Cancelled` at the next chunk.
        progress: Called with a fraction in [0, 1] as the work proceeds.

    Returns:
        Every field of `Comparison` filled: sentences, display rows with word diffs, the facts
        of each side, unique facts, conflicts and the summary.

    Raises:
        Cancelled: `cancel` was set before the work finished.
    """
    with _gc_paused():
        return _compare(a, b, cancel=cancel, progress=progress)


def _compare(
    a: Article,
    b: Article,
    *,
    cancel: threading.Event | None,
    progress: Callable[[float], None] | None,
) -> Comparison:

    def report(x: float) -> None:
        if progress is not None:
            progress(max(0.0, min(1.0, x)))

    text_a, text_b = a.text, b.text
    sents_a, sents_b = split_sentences(text_a), split_sentences(text_b)
    report(0.05)
    _check(cancel)
    # The facts first: their figures' frames tell the aligner which sentences give a figure
    # for the same thing (`killed|count`), without reading the numbers twice.
    facts_a = extract_facts(text_a, sents_a)
    facts_b = extract_facts(text_b, sents_b)
    report(0.15)
    _check(cancel)
    links = align(
        [s.text for s in sents_a],
        [s.text for s in sents_b],
        frames=(facts_frames(facts_a, len(sents_a)), facts_frames(facts_b, len(sents_b))),
        cancel=cancel,
        progress=lambda x: report(0.15 + 0.7 * x),
    )
    rows: list[Row] = []
    for k, row in enumerate(order_rows(links, len(sents_a), len(sents_b))):
        if k % 200 == 0:
            _check(cancel)
        if row.kind == "match":
            diff_a, diff_b = diff_words(
                side_text(text_a, sents_a, row.a), side_text(text_b, sents_b, row.b)
            )
            row = Row(row.kind, row.a, row.b, row.score, row.moved, diff_a, diff_b)
        rows.append(row)
    report(0.9)
    _check(cancel)
    only_a, only_b, conflicts = compare_facts(
        facts_a,
        facts_b,
        text_a=text_a,
        text_b=text_b,
        sentences_a=sents_a,
        sentences_b=sents_b,
        rows=tuple(rows),
        dates=(a.date, b.date),
    )
    conflicts = _dated(conflicts, a, b)
    report(1.0)
    return Comparison(
        a=a,
        b=b,
        sentences_a=sents_a,
        sentences_b=sents_b,
        rows=tuple(rows),
        facts_a=tuple(facts_a),
        facts_b=tuple(facts_b),
        only_a=tuple(only_a),
        only_b=tuple(only_b),
        conflicts=tuple(conflicts),
        summary=_summary(rows, len(sents_a), len(sents_b), len(conflicts)),
    )


def _dated(conflicts: tuple[Conflict, ...], a: Article, b: Article) -> tuple[Conflict, ...]:
    """The conflicts with how many days B is dated after A, when both articles are dated: a
    toll that rises between two reports is an update, not a contradiction."""
    if a.date is None or b.date is None:
        return conflicts
    days = (b.date - a.date).days
    return tuple(dataclasses.replace(c, days_later=days) for c in conflicts)


def _summary(rows: list[Row], n_a: int, n_b: int, n_conflicts: int) -> Summary:
    """Similarity = matched sentences weighted by their link scores, over all sentences."""
    matched_a = sum(len(r.a) for r in rows if r.kind == "match")
    matched_b = sum(len(r.b) for r in rows if r.kind == "match")
    weighted = sum(r.score * (len(r.a) + len(r.b)) for r in rows if r.kind == "match")
    total = n_a + n_b
    return Summary(
        similarity=round(weighted / total, 4) if total else 0.0,
        matched_a=matched_a,
        matched_b=matched_b,
        only_a=n_a - matched_a,
        only_b=n_b - matched_b,
        conflicts=n_conflicts,
    )
