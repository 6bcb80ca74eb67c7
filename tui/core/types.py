"""Immutable results shared by every stage of the core.

These are the contracts between the loader, the engine, export and the UI. The core never
imports Textual or Rich; widgets turn these into Rich `Text`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date as Date
from pathlib import Path
from typing import Literal

__all__ = [
    "Article",
    "Comparison",
    "Conflict",
    "DiffSpan",
    "Fact",
    "Frame",
    "LoadIssue",
    "Row",
    "Sentence",
    "Summary",
    "date_note",
]


@dataclass(frozen=True, slots=True)
class LoadIssue:
    """A problem met while loading: `error`: the file was skipped; `warning`: it loaded."""

    path: Path
    message: str
    level: Literal["error", "warning"] = "error"

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


@dataclass(frozen=True, slots=True)
class Article:
    """One article of the library.

    `text` is the plain text every offset points into: headline, a blank line, then the body
    paragraphs separated by blank lines. `headline` is the first unit compared.
    """

    id: str
    path: Path
    outlet: str
    title: str
    headline: str
    paragraphs: tuple[str, ...]
    date: Date | None = None
    url: str | None = None
    language: str | None = None
    via: str | None = None
    warnings: tuple[str, ...] = ()
    # Last, so that positional construction elsewhere keeps working.
    author: str | None = None
    license: str | None = None

    @property
    def text(self) -> str:
        """Headline, blank line, body paragraphs separated by blank lines."""
        parts = [self.headline, *self.paragraphs] if self.headline else list(self.paragraphs)
        return "\n\n".join(parts)

    @property
    def words(self) -> int:
        """Number of whitespace-separated words in the headline and body."""
        return len(self.text.split())

    @property
    def date_label(self) -> str:
        """ISO date, or an empty string when the article has none."""
        return self.date.isoformat() if self.date else ""


@dataclass(frozen=True, slots=True)
class Sentence:
    """A unit of comparison: a sentence, or a headline/subhead/caption line.

    `start`/`end` are character offsets into `Article.text`, so `text == article.text[start:end]`.
    `paragraph` is the 0-based paragraph number (the headline is paragraph 0).
    """

    index: int
    text: str
    start: int
    end: int
    paragraph: int = 0


@dataclass(frozen=True, slots=True)
class DiffSpan:
    """A run of words in one side of a matched row: `equal`, `delete` (only in A),
    `insert` (only in B) or `replace` (changed between the sides)."""

    text: str
    op: Literal["equal", "delete", "insert", "replace"]
    start: int = 0
    end: int = 0


@dataclass(frozen=True, slots=True)
class Row:
    """One aligned passage: sentence indices of A and B shown side by side.

    `kind` is `match` (both sides), `only_a` or `only_b`. `score` is the similarity in [0, 1]
    for a match and 0.0 otherwise. `moved` marks a match whose B side is out of B's order.
    """

    kind: Literal["match", "only_a", "only_b"]
    a: tuple[int, ...]
    b: tuple[int, ...]
    score: float = 0.0
    moved: bool = False
    diff_a: tuple[DiffSpan, ...] = ()
    diff_b: tuple[DiffSpan, ...] = ()

    @property
    def divergent(self) -> bool:
        """True for one-sided rows and for matches whose wording differs."""
        if self.kind != "match":
            return True
        return any(s.op != "equal" for s in (*self.diff_a, *self.diff_b))


@dataclass(frozen=True, slots=True)
class Frame:
    """What a figure is about: a number fact read as a frame.

    `number` in `unit` (`count`, `usd`, `pct`, `day`, ...) with its `qualifier` (`more than`,
    `about`); `measure` is what the figure measures: a casualty family (`killed`, `injured`,
    `displaced`, `kidnapped`, ...), `magnitude`, or the stem of the word that governs the figure
    (`launder` in "laundering $27 billion"), empty when nothing says; `counted` is the noun it
    counts (`people`, `Israelis`, `troops`), empty when none. `places` and `when` are where and
    when the figure applies (normalised place names and absolute dates stated in its sentence),
    empty when the text does not say. Two figures with the same `tui.core.facts.frame_key` are
    about the same thing unless their places or dates say otherwise.
    """

    number: float
    unit: str
    measure: str = ""
    counted: str = ""
    qualifier: str = ""
    places: tuple[str, ...] = ()
    when: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Fact:
    """A fact found in one article: a number with what it counts, a name, a quote or a date.

    `kind` is one of `number`, `person`, `org`, `place`, `name`, `quote`, `date`.
    `value` is the normalised value used to match facts across articles.
    `sentence` is the index of the sentence holding it; `start`/`end` are offsets into
    `Article.text`. A number fact carries its `frame` (what the figure counts, where, when);
    other facts have none.
    """

    text: str
    kind: str
    sentence: int
    start: int
    end: int
    value: str = ""
    subject: str = ""
    # Last, so that positional construction elsewhere keeps working.
    frame: Frame | None = None


@dataclass(frozen=True, slots=True)
class Conflict:
    """The same subject reported with different values by the two outlets.

    `a` and `b` are the two figures, each with its sentence. `days_later` is how many days
    B's article is dated after A's (negative: before; 0: same day), None when either article
    is undated: a toll that rises between two dates is an update, not a contradiction.
    """

    what: str
    a: Fact
    b: Fact
    # Last, so that positional construction elsewhere keeps working.
    days_later: int | None = None

    @property
    def date_note(self) -> str:
        """`B is dated 2 days later`, `A is dated 1 day later`, `same date`, or `` (undated)."""
        return date_note(self.days_later)


def date_note(days_later: int | None) -> str:
    """How the dates of B and A compare, in words (see `Conflict.days_later`)."""
    if days_later is None:
        return ""
    if days_later == 0:
        return "same date"
    later, n = ("B", days_later) if days_later > 0 else ("A", -days_later)
    return f"{later} is dated {n} day{'s' if n != 1 else ''} later"


@dataclass(frozen=True, slots=True)
class Summary:
    """Headline figures of a comparison."""

    similarity: float
    matched_a: int
    matched_b: int
    only_a: int
    only_b: int
    conflicts: int


@dataclass(frozen=True, slots=True)
class Comparison:
    """Everything the engine says about two articles."""

    a: Article
    b: Article
    sentences_a: tuple[Sentence, ...]
    sentences_b: tuple[Sentence, ...]
    rows: tuple[Row, ...]
    facts_a: tuple[Fact, ...] = ()
    facts_b: tuple[Fact, ...] = ()
    only_a: tuple[Fact, ...] = ()
    only_b: tuple[Fact, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    summary: Summary = field(default_factory=lambda: Summary(0.0, 0, 0, 0, 0, 0))
