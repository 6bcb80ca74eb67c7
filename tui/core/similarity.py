"""A cheap guess at which article of the library reports the same story as another.

Used by the library screen when the user asks to compare without marking a pair. It only ranks
candidates; the real comparison is the engine's job.
"""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz import fuzz

from tui.core.types import Article

__all__ = ["filter_articles", "matches_query", "most_similar", "similarity"]

# A query word this long may match with a typo; shorter words must appear as written.
_FUZZY_MIN_LEN = 5
_FUZZY_CUTOFF = 80.0

# Leads carry the story; comparing only the start keeps this fast on long articles.
_PREFIX_CHARS = 2000


def _prefix(article: Article, limit: int) -> str:
    return article.text[:limit].casefold()


def similarity(a: Article, b: Article, *, prefix_chars: int = _PREFIX_CHARS) -> float:
    """How much two articles look like the same story, in [0, 100].

    Token-set ratio over the first `prefix_chars` characters of each text: shared vocabulary
    counts, word order and extra words in one side do not.

    Args:
        a: One article.
        b: The other article.
        prefix_chars: How much of each text to compare.

    Returns:
        A score from 0 (nothing in common) to 100 (same words).
    """
    return float(fuzz.token_set_ratio(_prefix(a, prefix_chars), _prefix(b, prefix_chars)))


def most_similar(
    article: Article, others: Iterable[Article], *, prefix_chars: int = _PREFIX_CHARS
) -> Article | None:
    """The article among `others` most likely to report the same story as `article`.

    `article` itself (same id) is skipped. Ties keep the first candidate, so the caller's order
    (the library's date/outlet order) decides.

    Args:
        article: The article to match.
        others: Candidates, usually the whole library.
        prefix_chars: How much of each text to compare.

    Returns:
        The best candidate, or None when there is no other article.
    """
    best: Article | None = None
    best_score = -1.0
    for other in others:
        if other.id == article.id:
            continue
        score = similarity(article, other, prefix_chars=prefix_chars)
        if score > best_score:
            best, best_score = other, score
    return best


def _haystack(article: Article) -> str:
    return " ".join((article.outlet, article.title, article.date_label, article.id)).casefold()


def matches_query(article: Article, query: str) -> bool:
    """Whether `article` matches a library filter query.

    Every whitespace-separated word of `query` must occur, case-insensitively, in the article's
    outlet, title, date or id. Words of five letters or more also match with a small typo
    (partial ratio of at least 80), so "guardain" still finds "Guardian".

    Args:
        article: The article to test.
        query: What the user typed; blank matches everything.

    Returns:
        True when every word matches.
    """
    haystack = _haystack(article)
    for word in query.casefold().split():
        if word in haystack:
            continue
        # Only words may be misspelt: "2024-03-14" must not find "2024-03-15".
        fuzzy = word.isalpha() and len(word) >= _FUZZY_MIN_LEN
        if fuzzy and fuzz.partial_ratio(word, haystack) >= _FUZZY_CUTOFF:
            continue
        return False
    return True


def filter_articles(articles: Iterable[Article], query: str) -> list[Article]:
    """The articles matching `query` (see `matches_query`), in their given order."""
    return [article for article in articles if matches_query(article, query)]
