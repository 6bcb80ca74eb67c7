"""The JSON contract of `sidebyside compare --format json` (version 1).

Kept separate from the pipeline so the CLI, the export and the tests agree on one shape.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from tui.core.types import Article, Comparison, DiffSpan, Fact, Sentence

if TYPE_CHECKING:
    from tui.core.notes import PlacedNote

__all__ = ["JSON_VERSION", "comparison_to_dict"]

JSON_VERSION = 1


def _meta(article: Article) -> dict[str, Any]:
    return {
        "id": article.id,
        "outlet": article.outlet,
        "title": article.title,
        "headline": article.headline,
        "date": article.date_label or None,
        "path": str(article.path),
        "url": article.url,
        "via": article.via,
    }


def _sentences(sentences: tuple[Sentence, ...], indices: tuple[int, ...]) -> list[dict[str, Any]]:
    return [
        {
            "index": i,
            "text": sentences[i].text,
            "start": sentences[i].start,
            "end": sentences[i].end,
        }
        for i in indices
    ]


def _spans(spans: tuple[DiffSpan, ...]) -> list[dict[str, str]]:
    return [{"text": s.text, "op": s.op} for s in spans]


def _sentence_text(sentences: tuple[Sentence, ...], index: int) -> str:
    return sentences[index].text if 0 <= index < len(sentences) else ""


def _fact(fact: Fact) -> dict[str, Any]:
    return {"text": fact.text, "kind": fact.kind, "sentence": fact.sentence}


def _notes(notes: Sequence[PlacedNote]) -> list[dict[str, Any]]:
    return [
        {
            "row": placed.row,
            "near": placed.near,
            "verdict": placed.note.verdict,
            "label": placed.note.label,
            "text": placed.note.text,
            "a": list(placed.note.passage.a),
            "b": list(placed.note.passage.b),
            "created": placed.note.created,
            "updated": placed.note.updated,
        }
        for placed in notes
    ]


def comparison_to_dict(
    cmp: Comparison, notes: Sequence[PlacedNote] | None = None
) -> dict[str, Any]:
    """The comparison as the version-1 JSON object (plain dicts, lists, strings and numbers).

    Args:
        cmp: A comparison from `tui.core.compare.compare`.
        notes: The reader's notes placed on the rows (`tui.core.notes.place_notes`), or `None`.

    Returns:
        `{"version", "a", "b", "summary", "rows", "facts"}` as documented in issue 3. Every
        sentence of both articles appears in exactly one row. Each conflict gives both values,
        both sentences (index and text), `days_later` (B's date minus A's in days, null when
        either is undated) and `date_note` (`B is dated 2 days later`, or empty).
        With `notes`, a `notes` list too (every note: `row` is its 0-based row, or null when its
        passage is no longer aligned as it was, then `near` is a row holding one of its sentences),
        and each row with a note carries it as `note: {"verdict", "text"}`.
    """
    rows: list[dict[str, Any]] = []
    for row in cmp.rows:
        out: dict[str, Any] = {"kind": row.kind, "moved": row.moved}
        if row.kind == "match":
            out["score"] = round(row.score, 4)
        out["a"] = _sentences(cmp.sentences_a, row.a)
        out["b"] = _sentences(cmp.sentences_b, row.b)
        if row.kind == "match":
            out["diff"] = {"a": _spans(row.diff_a), "b": _spans(row.diff_b)}
        rows.append(out)
    for placed in notes or ():
        if placed.row is not None and 0 <= placed.row < len(rows):
            rows[placed.row]["note"] = {"verdict": placed.note.verdict, "text": placed.note.text}
    s = cmp.summary
    result: dict[str, Any] = {
        "version": JSON_VERSION,
        "a": _meta(cmp.a),
        "b": _meta(cmp.b),
        "summary": {
            "similarity": round(s.similarity, 4),
            "matched_a": s.matched_a,
            "matched_b": s.matched_b,
            "only_a": s.only_a,
            "only_b": s.only_b,
            "conflicts": s.conflicts,
        },
        "rows": rows,
        "facts": {
            "only_a": [_fact(f) for f in cmp.only_a],
            "only_b": [_fact(f) for f in cmp.only_b],
            "conflicts": [
                {
                    "what": c.what,
                    "a": c.a.text,
                    "b": c.b.text,
                    "a_sentence": c.a.sentence,
                    "b_sentence": c.b.sentence,
                    "a_sentence_text": _sentence_text(cmp.sentences_a, c.a.sentence),
                    "b_sentence_text": _sentence_text(cmp.sentences_b, c.b.sentence),
                    "days_later": c.days_later,
                    "date_note": c.date_note,
                }
                for c in cmp.conflicts
            ],
        },
    }
    if notes is not None:
        result["notes"] = _notes(notes)
    return result
