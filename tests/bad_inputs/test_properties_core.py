"""Hypothesis properties of the core over hostile text: control codes, ANSI/OSC escapes, markup,
right-to-left scripts, combining marks, emoji and wide CJK (issue 6).

Text goes through the real loader (`sanitize`, then the plain-text article shape) and the engine:
nothing raises, every sentence is in exactly one row, offsets slice back, swapping mirrors.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.bad_inputs.conftest import ESCAPES, MARKUP
from tui.core.articles import sanitize
from tui.core.compare import compare
from tui.core.layout import layout_panes, row_texts, wrap
from tui.core.types import Article, Comparison

PIECES = st.sampled_from(
    [
        *ESCAPES,
        *MARKUP,
        "[/]",
        "\x00",
        "\x07",
        "\x9b",
        "\r\n",
        "\t",
        "שלום",
        "مرحبا",
        "\u200f",
        "e\u0301",
        "t\u0337\u0321",
        "👩\u200d👩\u200d👧",
        "❤\ufe0f",
        "🇫🇷",
        "港口大桥",
        "日本語。",
        "\u00ad",
        "The bridge reopened.",
        "Engineers replaced 40 cables.",
        "Mayor Jane Okafor said",
        '"It is safe," she said.',
        ". ",
        "! ",
        " ",
        "\n\n",
    ]
)
TEXT = st.one_of(
    st.lists(PIECES, max_size=25).map("".join),
    st.text(max_size=120),
)
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def article(ident: str, raw: str) -> Article:
    """An article shaped as the loader shapes one: sanitized, headline then paragraphs."""
    paragraphs = [" ".join(p.split()) for p in sanitize(raw).split("\n\n")]
    paragraphs = [p for p in paragraphs if p]
    head = paragraphs[0] if paragraphs else ""
    return Article(
        id=ident,
        path=Path(f"{ident}.txt"),
        outlet=ident,
        title=head,
        headline=head,
        paragraphs=tuple(paragraphs[1:]),
    )


def check(cmp: Comparison) -> None:
    for side, sentences, text in (
        ("a", cmp.sentences_a, cmp.a.text),
        ("b", cmp.sentences_b, cmp.b.text),
    ):
        used = [i for row in cmp.rows for i in (row.a if side == "a" else row.b)]
        assert sorted(used) == list(range(len(sentences)))  # each exactly once
        for sentence in sentences:
            assert text[sentence.start : sentence.end] == sentence.text
    for fact in (*cmp.facts_a, *cmp.only_a):
        assert cmp.a.text[fact.start : fact.end] == fact.text
    for fact in (*cmp.facts_b, *cmp.only_b):
        assert cmp.b.text[fact.start : fact.end] == fact.text
    assert 0.0 <= cmp.summary.similarity <= 1.0


@FAST
@given(TEXT)
def test_sanitize_leaves_nothing_a_terminal_interprets(raw: str) -> None:
    clean = sanitize(raw)
    assert not any((ord(c) < 32 and c not in "\t\n") or 0x7F <= ord(c) <= 0x9F for c in clean)
    for sequence in ESCAPES:
        assert sequence not in clean


@FAST
@given(TEXT, TEXT)
def test_compare_never_raises_and_loses_nothing(raw_a: str, raw_b: str) -> None:
    cmp = compare(article("a", raw_a), article("b", raw_b))
    check(cmp)


@FAST
@given(TEXT, TEXT)
def test_swap_mirrors(raw_a: str, raw_b: str) -> None:
    a, b = article("a", raw_a), article("b", raw_b)
    ab, ba = compare(a, b), compare(b, a)
    links = {(i, j) for r in ab.rows if r.kind == "match" for i in r.a for j in r.b}
    mirrored = {(j, i) for r in ba.rows if r.kind == "match" for i in r.a for j in r.b}
    assert links == mirrored
    assert ab.summary.similarity == ba.summary.similarity
    assert (ab.summary.only_a, ab.summary.only_b) == (ba.summary.only_b, ba.summary.only_a)


@FAST
@given(TEXT)
def test_same_text_twice_is_fully_similar(raw: str) -> None:
    one = article("a", raw)
    cmp = compare(one, one)
    check(cmp)
    assert cmp.only_a == cmp.only_b == cmp.conflicts == ()
    if cmp.sentences_a:
        assert cmp.summary.similarity == 1.0


@FAST
@given(TEXT, TEXT, st.integers(min_value=1, max_value=60))
def test_layout_keeps_both_panes_in_step(raw_a: str, raw_b: str, width: int) -> None:
    cmp = compare(article("a", raw_a), article("b", raw_b))
    texts_a = row_texts(cmp.sentences_a, cmp.rows, "a").texts
    texts_b = row_texts(cmp.sentences_b, cmp.rows, "b").texts
    pane_a, pane_b = layout_panes(texts_a, texts_b, width, width + 7)
    assert pane_a.row_top == pane_b.row_top and pane_a.height == pane_b.height
    for text in (*texts_a, *texts_b):
        # Wrapping keeps every non-space character, in order.
        pieces = "".join(text[s:e] for s, e in wrap(text, width))
        assert pieces.replace(" ", "") == text.replace(" ", "")
