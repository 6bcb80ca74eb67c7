"""The comparison pipeline and its JSON contract."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from tui.core.compare import Cancelled, compare, side_text
from tui.core.jsonout import comparison_to_dict
from tui.core.types import Article


def article(aid: str, headline: str, *paragraphs: str) -> Article:
    return Article(
        id=aid,
        path=Path(f"/tmp/{aid}.txt"),
        outlet=aid.upper(),
        title=headline,
        headline=headline,
        paragraphs=paragraphs,
    )


A = article(
    "a",
    "Storm floods coastal town",
    "Heavy storms flooded the coastal town of Marlow on Monday, forcing 1,300 residents to flee.",
    "The mayor said emergency shelters had been opened in three schools.",
    "Forecasters expect more rain later in the week.",
)
B = article(
    "b",
    "Flooding hits Marlow",
    "Forecasters expect more heavy rain later this week.",
    "Storms flooded the coastal town of Marlow on Monday and forced 1300 residents to flee.",
    "A local football match was cancelled.",
)


def test_compare_fills_everything() -> None:
    cmp = compare(A, B)
    assert cmp.sentences_a and cmp.sentences_b
    kinds = [r.kind for r in cmp.rows]
    assert "match" in kinds and "only_a" in kinds and "only_b" in kinds
    flood = next(r for r in cmp.rows if r.kind == "match" and 1 in r.a)
    assert flood.b == (2,) and 0.0 < flood.score <= 1.0
    # 1,300 and 1300 are the same number in the word diff.
    b_text = side_text(B.text, cmp.sentences_b, flood.b)
    assert any(s.op == "equal" and "1300" in s.text for s in flood.diff_b)
    for span in flood.diff_b:
        assert b_text[span.start : span.end] == span.text
    summary = cmp.summary
    assert summary.matched_a + summary.only_a == len(cmp.sentences_a)
    assert summary.matched_b + summary.only_b == len(cmp.sentences_b)
    assert 0.0 < summary.similarity < 1.0


def test_moved_rows_follow_a() -> None:
    cmp = compare(A, B)
    rain = next(r for r in cmp.rows if r.kind == "match" and 3 in r.a)
    assert rain.b == (1,)
    assert rain.moved or next(r for r in cmp.rows if 1 in r.a).moved


def test_identical_articles() -> None:
    cmp = compare(A, A)
    assert all(r.kind == "match" and r.a == r.b for r in cmp.rows)
    assert all(sp.op == "equal" for r in cmp.rows for sp in (*r.diff_a, *r.diff_b))
    assert cmp.only_a == () and cmp.only_b == () and cmp.conflicts == ()
    assert cmp.summary.similarity == 1.0


def test_cancel_and_progress() -> None:
    seen: list[float] = []
    compare(A, B, progress=seen.append)
    assert seen and seen[-1] == 1.0 and all(0.0 <= x <= 1.0 for x in seen)
    stop = threading.Event()
    stop.set()
    with pytest.raises(Cancelled):
        compare(A, B, cancel=stop)


def test_json_contract() -> None:
    out = comparison_to_dict(compare(A, B))
    json.dumps(out)  # plain JSON types only
    assert out["version"] == 1
    assert set(out) == {"version", "a", "b", "summary", "rows", "facts"}
    assert set(out["a"]) == {"id", "outlet", "title", "headline", "date", "path", "url", "via"}
    assert set(out["summary"]) == {
        "similarity",
        "matched_a",
        "matched_b",
        "only_a",
        "only_b",
        "conflicts",
    }
    assert set(out["facts"]) == {"only_a", "only_b", "conflicts"}
    seen_a: list[int] = []
    seen_b: list[int] = []
    for row in out["rows"]:
        assert row["kind"] in {"match", "only_a", "only_b"}
        assert isinstance(row["moved"], bool)
        for side in ("a", "b"):
            for s in row[side]:
                assert set(s) == {"index", "text", "start", "end"}
        if row["kind"] == "match":
            assert 0.0 <= row["score"] <= 1.0
            assert {sp["op"] for sp in row["diff"]["a"]} <= {"equal", "delete", "replace"}
            assert {sp["op"] for sp in row["diff"]["b"]} <= {"equal", "insert", "replace"}
        seen_a += [s["index"] for s in row["a"]]
        seen_b += [s["index"] for s in row["b"]]
    assert sorted(seen_a) == list(range(len(compare(A, B).sentences_a)))
    assert sorted(seen_b) == list(range(len(compare(A, B).sentences_b)))


def test_compare_pauses_the_cyclic_collector_and_restores_it() -> None:
    import gc

    seen: list[bool] = []
    assert gc.isenabled()
    compare(A, B, progress=lambda _: seen.append(gc.isenabled()))
    assert seen and not any(seen)  # paused while the engine runs
    assert gc.isenabled()
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Cancelled):
        compare(A, B, cancel=cancel)
    assert gc.isenabled()
    gc.disable()
    try:
        compare(A, B)
        assert not gc.isenabled()  # a caller's own choice is left alone
    finally:
        gc.enable()
