"""Word-level diffs of matched rows."""

from __future__ import annotations

import pytest

from tui.core.divergence import diff_words, word_key


@pytest.mark.parametrize(
    ("a", "b"),
    [("1,300", "1300"), ("Killed,", "killed"), ("el-Sisi", "al-Sisi"), ("“Peace”", '"peace"')],
)
def test_same_key(a: str, b: str) -> None:
    assert word_key(a) == word_key(b)


def test_different_numbers_differ() -> None:
    assert word_key("1,300") != word_key("1,200")
    assert word_key("2.5") == "2.5"


def test_identical_is_all_equal() -> None:
    text = "More than 1,300 people were killed."
    da, db = diff_words(text, "more than 1300 People were killed")
    assert [s.op for s in da] == ["equal"] and [s.op for s in db] == ["equal"]


def test_replace_insert_delete() -> None:
    a = "Putin told Netanyahu that Moscow wanted peace."
    b = "Putin informed Netanyahu that Moscow wanted peace now."
    da, db = diff_words(a, b)
    assert [(s.text, s.op) for s in da] == [
        ("Putin", "equal"),
        ("told", "replace"),
        ("Netanyahu that Moscow wanted peace.", "equal"),
    ]
    assert [(s.text, s.op) for s in db] == [
        ("Putin", "equal"),
        ("informed", "replace"),
        ("Netanyahu that Moscow wanted peace", "equal"),
        ("now.", "insert"),
    ]
    da, _ = diff_words("a b c", "a c")
    assert [(s.text, s.op) for s in da] == [("a", "equal"), ("b", "delete"), ("c", "equal")]


@pytest.mark.parametrize(
    ("a", "b"),
    [("— Well, he said so.", "Well he said it"), ("", "x"), ("!!", "?"), ("a  b\n c", "c b a")],
)
def test_spans_reproduce_side_text(a: str, b: str) -> None:
    for text, spans in zip((a, b), diff_words(a, b), strict=True):
        pos = 0
        for s in spans:
            assert text[s.start : s.end] == s.text
            assert text[pos : s.start].strip() == ""
            pos = s.end
        if any(c.isalnum() for c in text):
            assert text[pos:].strip() == ""
