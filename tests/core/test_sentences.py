"""Sentence splitting: news abbreviations, quotes, headlines without a stop, offsets."""

from __future__ import annotations

import pytest

from tui.core.sentences import split_paragraphs, split_sentences


def texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mr. Putin spoke. He left.", ["Mr. Putin spoke.", "He left."]),
        (
            "Gen. Smith and Dr. Jones met. They agreed.",
            ["Gen. Smith and Dr. Jones met.", "They agreed."],
        ),
        (
            "It happened on Oct. 7 in the south. Then it ended.",
            ["It happened on Oct. 7 in the south.", "Then it ended."],
        ),
        (
            "Attacks on Oct.7 killed many. Others fled.",
            ["Attacks on Oct.7 killed many.", "Others fled."],
        ),
        (
            "He blamed U.S. policy failures. It was late.",
            ["He blamed U.S. policy failures.", "It was late."],
        ),
        ("He blamed the U.S. The reply came fast.", ["He blamed the U.S.", "The reply came fast."]),
        ("John F. Kennedy spoke. Crowds cheered.", ["John F. Kennedy spoke.", "Crowds cheered."]),
        ("Prices rose 2.5 percent. Markets fell.", ["Prices rose 2.5 percent.", "Markets fell."]),
        ("“We will win.” He smiled.", ["“We will win.”", "He smiled."]),
        (
            "He said: “It is over. We go home.” Then he left.",
            ["He said: “It is over.", "We go home.”", "Then he left."],
        ),
        ('"Stop." She did.', ['"Stop."', "She did."]),
        ("Is it over? Yes! It is.", ["Is it over?", "Yes!", "It is."]),
        ("He waited… Then he spoke.", ["He waited…", "Then he spoke."]),
        ("He waited... Then he spoke.", ["He waited...", "Then he spoke."]),
        (
            "Talks – long and hard – ended. Both sides left.",
            ["Talks – long and hard – ended.", "Both sides left."],
        ),
        ("It rained. and then it stopped.", ["It rained. and then it stopped."]),
        ("A photo of the summit. (AP/Jane Doe)", ["A photo of the summit. (AP/Jane Doe)"]),
    ],
)
def test_split_news_sentences(text: str, expected: list[str]) -> None:
    assert texts(text) == expected


def test_headline_and_subheads_are_units() -> None:
    text = (
        "Putin calls Netanyahu\n\nThe call lasted an hour. It was tense.\n\n"
        "Condolences offered\n\nHe spoke."
    )
    sents = split_sentences(text)
    assert [s.text for s in sents] == [
        "Putin calls Netanyahu",
        "The call lasted an hour.",
        "It was tense.",
        "Condolences offered",
        "He spoke.",
    ]
    assert [s.paragraph for s in sents] == [0, 1, 1, 2, 3]
    assert [s.index for s in sents] == list(range(5))


def test_offsets_slice_back() -> None:
    text = "  Title here \n\n\n  First one. Second one!  \n\n Third"
    for s in split_sentences(text):
        assert text[s.start : s.end] == s.text
        assert s.text == s.text.strip()


def test_empty_and_blank() -> None:
    assert split_sentences("") == ()
    assert split_sentences(" \n\n \n") == ()
    assert split_paragraphs("a\n\nb") == [(0, 1), (3, 4)]


def test_long_inputs_are_linear() -> None:
    # A single 5 MB line and 100,000 short sentences: both must finish quickly (no quadratic
    # look-back); no timing assertion, a quadratic splitter would simply not finish.
    line = "word " * 1_000_000
    assert len(split_sentences(line)) == 1
    many = "It rained. " * 100_000
    assert len(split_sentences(many)) == 100_000
