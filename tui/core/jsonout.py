"""The JSON contract of `sidebyside compare --format json` (version 1).

Kept separate from the pipeline so the CLI, the export and the tests agree on one shape.
"""

from __future__ import annotations

from typing import Any

from tui.core.types import Article, Comparison, DiffSpan, Fact, Sentence

__all__ = ["JSON_VERSION", "comparison_to_dict"]

JSON_VERSION = 1


def _meta(article: Article) -> dict[str, Any]:
    return {
        "id": article.id,
        "outlet": article.outlet,
        "title": article.title,
        "date": article.date_label or None,
        "path": str(article.path),
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


def comparison_to_dict(cmp: Comparison) -> dict[str, Any]:
    """The comparison as the version-1 JSON object (plain dicts, lists, strings and numbers).

    Args:
        cmp: A comparison from `tui.core.compare.compare`.

    Returns:
        `{"version", "a", "b", "summary", "rows", "facts"}` as documented in issue 3. Every
        sentence of both articles appears in exactly one row. Each conflict gives both values,
        both sentences (index and text), `days_later` (B's date minus A's in days, null when
        either is undated) and `date_note` (`B is dated 2 days later`, or empty).
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
    s = cmp.summary
    return {
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
