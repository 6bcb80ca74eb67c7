from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tui.core.marks import MarkFolder

TABLE: dict[str, str | int | None] = {"\u2019": "'", "\u201c": '"', "\u2014": "-", "\u00a0": " "}


@given(st.text(alphabet=st.sampled_from(["a", " ", "é", *TABLE]), max_size=40))
def test_folds_exactly_as_translate(text: str) -> None:
    folder = MarkFolder({k: str(v) for k, v in TABLE.items()})
    assert folder(text) == text.translate(str.maketrans(TABLE))


def test_ascii_text_is_returned_unchanged() -> None:
    text = "plain 'ascii' -- text"
    assert MarkFolder({"\u2019": "'"})(text) is text
