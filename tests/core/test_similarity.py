from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tui.core.similarity import filter_articles, most_similar, similarity
from tui.core.types import Article


def _article(id_: str, headline: str, *paragraphs: str) -> Article:
    return Article(
        id=id_,
        path=Path(f"{id_}.md"),
        outlet=id_,
        title=headline,
        headline=headline,
        paragraphs=paragraphs,
    )


FERRY_A = _article(
    "a",
    "Ferry runs aground off the point, 212 passengers brought ashore",
    "The ferry ran aground on a sandbank at about 6:40 on Thursday, the coast guard said.",
    "All passengers and crew were brought ashore by lifeboats. Four people were hurt.",
)
FERRY_B = _article(
    "b",
    "Ferry aground in fog; six hurt as 230 are evacuated",
    "All passengers and crew were evacuated by lifeboats. Six people were treated for injuries.",
    "The ferry ran aground on a sandbank at about 7:10 on Thursday, according to the coast guard.",
)
LIBRARY = _article(
    "c",
    "New public library opens its doors",
    "The town opened its first public library on Friday, a building with room for many books.",
)


def test_same_story_scores_higher_than_unrelated() -> None:
    assert similarity(FERRY_A, FERRY_B) > similarity(FERRY_A, LIBRARY)


def test_identical_text_scores_100() -> None:
    assert similarity(FERRY_A, FERRY_A) == pytest.approx(100.0)


@pytest.mark.parametrize(
    ("article", "others", "expected"),
    [
        (FERRY_A, [LIBRARY, FERRY_B], "b"),
        (FERRY_B, [FERRY_A, LIBRARY, FERRY_B], "a"),
        (LIBRARY, [LIBRARY, FERRY_A], "a"),
    ],
)
def test_most_similar_picks_the_same_story(
    article: Article, others: list[Article], expected: str
) -> None:
    found = most_similar(article, others)
    assert found is not None
    assert found.id == expected


def test_most_similar_skips_itself_and_handles_no_candidates() -> None:
    assert most_similar(FERRY_A, []) is None
    assert most_similar(FERRY_A, [FERRY_A]) is None


def test_prefix_limits_what_is_compared() -> None:
    # Identical leads, different tails: with a short prefix only the lead counts.
    long_a = _article("x", "Same lead here", "alpha " * 50)
    long_b = _article("y", "Same lead here", "omega " * 50)
    assert similarity(long_a, long_b, prefix_chars=14) == pytest.approx(100.0)
    assert similarity(long_a, long_b) < 100.0


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["a", "b", "c"]),
        ("   ", ["a", "b", "c"]),
        ("FERRY", ["a", "b"]),
        ("ferry six", ["b"]),
        ("library", ["c"]),
        ("2024-05", ["c"]),
        ("aground 212", ["a"]),
        ("evacuatd", ["b"]),  # a typo in a long word still matches
        ("xyz", []),
        ("fery", []),  # short words must match as written
        ("2024-05-02", []),  # numbers and dates must match as written
    ],
)
def test_filter_articles(query: str, expected: list[str]) -> None:
    dated = Article(
        id="c",
        path=Path("c.md"),
        outlet="Town Paper",
        title=LIBRARY.title,
        headline=LIBRARY.headline,
        paragraphs=LIBRARY.paragraphs,
        date=date(2024, 5, 1),
    )
    found = filter_articles([FERRY_A, FERRY_B, dated], query)
    assert [article.id for article in found] == expected
