"""Tests of the display-line layout of the comparison screen (pure Python)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui.core.layout import (
    _wrap_cells,
    _wrap_plain,
    cell_len,
    layout_panes,
    row_texts,
    search_rows,
    step,
    wrap,
)
from tui.core.types import Row, Sentence


@pytest.mark.parametrize(
    ("text", "width"),
    [
        ("abc", 3),
        ("日本", 4),
        ("e\u0301te\u0301", 3),  # combining acute accents take no cell
        ("a\u200db", 2),  # zero-width joiner
        ("", 0),
    ],
)
def test_cell_len(text: str, width: int) -> None:
    assert cell_len(text) == width


def pieces(text: str, width: int) -> list[str]:
    return [text[start:end] for start, end in wrap(text, width)]


def test_wrap_breaks_at_spaces() -> None:
    assert pieces("the quick brown fox", 10) == ["the quick", "brown fox"]


def test_wrap_cuts_a_word_wider_than_the_line() -> None:
    assert pieces("abcdefghij xy", 4) == ["abcd", "efgh", "ij", "xy"]


def test_wrap_counts_wide_characters_twice() -> None:
    assert pieces("日本語テキスト", 4) == ["日本", "語テ", "キス", "ト"]


def test_wrap_of_empty_text_is_one_empty_line() -> None:
    assert wrap("", 10) == [(0, 0)]


@given(st.text(alphabet=st.sampled_from("ab 日é\u0301-"), max_size=80), st.integers(2, 30))
def test_wrap_keeps_every_word_in_order_and_fits(text: str, width: int) -> None:
    lines = wrap(text, width)
    starts = [start for start, _ in lines]
    assert starts == sorted(starts)
    for start, end in lines:
        assert cell_len(text[start:end]) <= width
    assert "".join(text[s:e] for s, e in lines).replace(" ", "") == text.replace(" ", "")


@given(st.text(alphabet=st.sampled_from("abc  xyz-"), max_size=80), st.integers(1, 30))
def test_plain_wrap_matches_the_cell_wrap(text: str, width: int) -> None:
    # The fast path for printable ASCII must break exactly where the general one does.
    assert _wrap_plain(text, width) == _wrap_cells(text, width)


def sentences(*texts: str) -> tuple[Sentence, ...]:
    out = []
    position = 0
    for index, text in enumerate(texts):
        out.append(Sentence(index, text, position, position + len(text)))
        position += len(text) + 1
    return tuple(out)


ROWS = (
    Row("match", (0,), (0,), 0.9),
    Row("only_a", (1,), ()),
    Row("match", (2,), (1, 2), 0.8),
    Row("only_b", (), (3,)),
)
SA = sentences("One two three four five six.", "Only A here.", "Last of A.")
SB = sentences("One two three.", "Split one.", "Split two.", "Only B.")


def test_row_texts_join_sentences_and_index_them() -> None:
    texts = row_texts(SB, ROWS, "b")
    assert texts.texts == ("One two three.", "", "Split one. Split two.", "Only B.")
    assert texts.offsets[2] == {1: 0, 2: 11}
    assert texts.row_of == {0: 0, 1: 2, 2: 2, 3: 3}


def test_aligned_layout_starts_each_row_on_the_same_line() -> None:
    a = row_texts(SA, ROWS, "a").texts
    b = row_texts(SB, ROWS, "b").texts
    left, right = layout_panes(a, b, 12, 12)
    assert left.row_top == right.row_top
    assert left.height == right.height
    # Row 0 wraps to three lines on A and two on B: B gets one pad line.
    assert [line.kind for line in right.lines[:3]] == ["text", "text", "pad"]
    # The only-A row shows a gap on B's side.
    assert right.lines[right.row_top[1]].kind == "gap"
    assert left.lines[left.row_top[3]].kind == "gap"
    assert left.lines[left.row_bottom[0]].kind == "spacer"
    assert left.row_at(left.row_top[2]) == 2


def test_stacked_layout_keeps_only_own_lines() -> None:
    a = row_texts(SA, ROWS, "a").texts
    b = row_texts(SB, ROWS, "b").texts
    left, right = layout_panes(a, b, 12, 12, aligned=False, spacing=0)
    assert right.row_bottom[0] - right.row_top[0] == 2
    assert left.row_bottom[0] - left.row_top[0] == 3
    assert right.row_bottom[1] - right.row_top[1] == 1  # a one-line gap marker


def test_layout_rejects_unequal_sides() -> None:
    with pytest.raises(ValueError):
        layout_panes(["a"], [], 10, 10)


def test_search_is_literal_and_case_insensitive() -> None:
    hits = search_rows(["A.B and a.b", ""], ["", "x A.B"], "a.b")
    assert [(h.row, h.side, h.start, h.end) for h in hits] == [
        (0, "a", 0, 3),
        (0, "a", 8, 11),
        (1, "b", 2, 5),
    ]
    assert search_rows(["abc"], ["abc"], "  ") == []


@pytest.mark.parametrize(
    ("current", "direction", "expected"),
    [(0, 1, 2), (2, 1, 5), (5, 1, None), (5, -1, 2), (2, -1, None), (3, -1, 2)],
)
def test_step(current: int, direction: int, expected: int | None) -> None:
    assert step([2, 5], current, direction) == expected
