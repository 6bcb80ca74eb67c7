"""Turn a comparison into display lines for two panes, without Textual or Rich.

The reader draws each pane line by line (Textual's Line API), so everything a keypress needs is
precomputed here once per width: each row's side text, where it wraps, and which display line
belongs to which row. In the aligned layout both panes get the same number of lines per row (the
shorter side is padded), so a matched passage starts on the same line in both panes and one
scroll offset fits both.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from tui.core.types import Comparison, Row, Sentence

__all__ = [
    "Line",
    "Mark",
    "PaneLayout",
    "RowTexts",
    "SearchHit",
    "cell_len",
    "divergent_rows",
    "fact_rows",
    "gutter_labels",
    "layout_panes",
    "row_marks",
    "row_texts",
    "search_rows",
    "step",
    "wrap",
]

LineKind = Literal["text", "gap", "pad", "spacer"]
Side = Literal["a", "b"]

# Whitespace runs and the words between them; wrapping only breaks at whitespace unless a single
# word is wider than the pane.
_WORD = re.compile(r"\S+")


# Zero-width by Unicode category, yet drawn one cell wide by Rich (and many terminals): a soft
# hyphen shows as a hyphen, and VS16 turns a text symbol into a two-cell emoji (❤ -> ❤️).
# Counting them as one errs on the safe side: a line wraps a little early instead of being cut.
_ONE_CELL = frozenset("\u00ad\ufe0f")


@lru_cache(maxsize=4096)
def _char_width(char: str) -> int:
    # Combining marks and format characters (ZWJ) take no cell; East Asian wide and full-width
    # characters take two. Everything else takes one.
    if char in _ONE_CELL:
        return 1
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf", "Cc"):
        return 0
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return 2
    return 1


def cell_len(text: str) -> int:
    """Number of terminal cells `text` takes.

    Args:
        text: Text without control characters (the loader strips them).

    Returns:
        The width in cells: wide East Asian characters count two, combining marks none.
    """
    if text.isascii():
        # The common case by far; the loader has already stripped control characters.
        return len(text)
    return sum(_char_width(char) for char in text)


def _split_word(text: str, start: int, end: int, width: int) -> list[tuple[int, int]]:
    """Cut one over-long word into pieces of at most `width` cells."""
    pieces: list[tuple[int, int]] = []
    piece_start = start
    used = 0
    for index in range(start, end):
        char_width = _char_width(text[index])
        if used + char_width > width and index > piece_start:
            pieces.append((piece_start, index))
            piece_start = index
            used = 0
        used += char_width
    pieces.append((piece_start, end))
    return pieces


def wrap(text: str, width: int) -> list[tuple[int, int]]:
    """Greedy word wrap by cell width.

    Args:
        text: The text to wrap.
        width: Cells available per line (values below 1 are treated as 1).

    Returns:
        `(start, end)` offsets into `text`, one per display line. Spaces at a break are dropped;
        a word wider than `width` is cut. Empty text gives one empty line.
    """
    width = max(1, width)
    if not text:
        return [(0, 0)]
    if text.isascii() and text.isprintable():
        # Most news text: one cell per character and only spaces between words.
        return _wrap_plain(text, width)
    return _wrap_cells(text, width)


def _wrap_plain(text: str, width: int) -> list[tuple[int, int]]:
    """`wrap` for printable ASCII: break at the last space that fits, found by `rfind`."""
    lines: list[tuple[int, int]] = []
    size = len(text)
    position = size - len(text.lstrip(" "))
    last = len(text.rstrip(" "))
    while position < last:
        if last - position <= width:
            lines.append((position, last))
            break
        cut = text.rfind(" ", position, position + width + 1)
        if cut <= position:
            # No space in reach: the word is wider than the line, so it is cut.
            lines.append((position, position + width))
            position += width
        else:
            end = cut
            while text[end - 1] == " ":
                end -= 1
            lines.append((position, end))
            position = cut + 1
        while position < size and text[position] == " ":
            position += 1
    return lines or [(0, 0)]


def _wrap_cells(text: str, width: int) -> list[tuple[int, int]]:
    """`wrap` for any text, measuring each word and gap in cells."""
    lines: list[tuple[int, int]] = []
    line_start = -1  # offset of the first word on the current line, -1 when the line is empty
    line_end = 0
    used = 0
    for match in _WORD.finditer(text):
        start, end = match.span()
        token_width = cell_len(text[start:end])
        if line_start >= 0:
            gap = cell_len(text[line_end:start])
            if used + gap + token_width <= width:
                used += gap + token_width
                line_end = end
                continue
            lines.append((line_start, line_end))
        if token_width > width:
            pieces = _split_word(text, start, end, width)
            lines.extend(pieces[:-1])
            start = pieces[-1][0]
            token_width = cell_len(text[start:end])
        line_start, line_end, used = start, end, token_width
    if line_start >= 0:
        lines.append((line_start, line_end))
    return lines or [(0, 0)]


@dataclass(frozen=True, slots=True)
class RowTexts:
    """The text of one side of every row, and where each sentence sits in it.

    A row's side text is its sentences joined with a single space, the same text the engine's
    `DiffSpan` offsets point into.
    """

    texts: tuple[str, ...]
    offsets: tuple[dict[int, int], ...]
    """Per row: sentence index -> offset of that sentence in the row's side text."""
    row_of: dict[int, int]
    """Sentence index -> row holding it."""


def row_texts(sentences: Sequence[Sentence], rows: Sequence[Row], side: Side) -> RowTexts:
    """Build each row's side text for side `a` or `b`.

    Args:
        sentences: The sentences of that side's article.
        rows: The comparison's rows.
        side: Which side of the rows to read.

    Returns:
        The texts, the offset of every sentence within its row's text, and the row of every
        sentence.
    """
    by_index = {sentence.index: sentence for sentence in sentences}
    texts: list[str] = []
    offsets: list[dict[int, int]] = []
    row_of: dict[int, int] = {}
    for row_number, row in enumerate(rows):
        parts: list[str] = []
        where: dict[int, int] = {}
        position = 0
        for index in row.a if side == "a" else row.b:
            sentence = by_index.get(index)
            if sentence is None:
                continue
            if parts:
                position += 1
            where[index] = position
            row_of.setdefault(index, row_number)
            # Same length, so engine offsets stay valid; a line break or tab inside a sentence
            # would otherwise break the drawn line.
            parts.append(sentence.text.replace("\n", " ").replace("\t", " "))
            position += len(sentence.text)
        texts.append(" ".join(parts))
        offsets.append(where)
    return RowTexts(tuple(texts), tuple(offsets), row_of)


@dataclass(frozen=True, slots=True)
class Line:
    """One display line of a pane.

    `kind` is `text` (a wrapped piece of the row's side text, `start:end`), `gap` (the first line
    of a row this side has no sentence in), `pad` (blank lines under the shorter side) or `spacer`
    (the blank line between rows, `row` is the row above it).
    """

    row: int
    start: int
    end: int
    kind: LineKind
    first: bool = False


@dataclass(frozen=True, slots=True)
class PaneLayout:
    """All display lines of one pane at one width."""

    lines: tuple[Line, ...]
    row_top: tuple[int, ...]
    """First display line of each row."""
    row_bottom: tuple[int, ...]
    """One past the last display line of each row (spacer excluded)."""

    @property
    def height(self) -> int:
        """Number of display lines."""
        return len(self.lines)

    def row_at(self, y: int) -> int:
        """The row drawn on display line `y` (a spacer belongs to the row above it).

        Returns -1 when the layout has no rows.
        """
        if not self.lines:
            return -1
        y = min(max(y, 0), len(self.lines) - 1)
        return self.lines[y].row


def layout_panes(
    texts_a: Sequence[str],
    texts_b: Sequence[str],
    width_a: int,
    width_b: int,
    *,
    aligned: bool = True,
    spacing: int = 1,
) -> tuple[PaneLayout, PaneLayout]:
    """Wrap both sides of every row and line them up.

    Args:
        texts_a: Side text of each row in pane A (empty when the row has no A side).
        texts_b: Side text of each row in pane B.
        width_a: Cells available for text in pane A.
        width_b: Cells available for text in pane B.
        aligned: Pad the shorter side of each row so both panes have the same lines (side by
            side). When False each pane keeps only its own lines (stacked panes).
        spacing: Blank lines between rows.

    Returns:
        The layouts of pane A and pane B.
    """
    if len(texts_a) != len(texts_b):
        raise ValueError("both sides need one text per row")
    lines: tuple[list[Line], list[Line]] = ([], [])
    tops: tuple[list[int], list[int]] = ([], [])
    bottoms: tuple[list[int], list[int]] = ([], [])
    for row, (text_a, text_b) in enumerate(zip(texts_a, texts_b, strict=True)):
        wrapped = (
            wrap(text_a, width_a) if text_a else [],
            wrap(text_b, width_b) if text_b else [],
        )
        shared_height = max(len(wrapped[0]), len(wrapped[1]), 1)
        for side in (0, 1):
            out = lines[side]
            tops[side].append(len(out))
            pieces = wrapped[side]
            height = shared_height if aligned else max(len(pieces), 1)
            if pieces:
                out.extend(
                    Line(row, start, end, "text", number == 0)
                    for number, (start, end) in enumerate(pieces)
                )
            else:
                out.append(Line(row, 0, 0, "gap", True))
            out.extend(Line(row, 0, 0, "pad") for _ in range(height - max(len(pieces), 1)))
            bottoms[side].append(len(out))
            if row < len(texts_a) - 1:
                out.extend(Line(row, 0, 0, "spacer") for _ in range(spacing))
    return (
        PaneLayout(tuple(lines[0]), tuple(tops[0]), tuple(bottoms[0])),
        PaneLayout(tuple(lines[1]), tuple(tops[1]), tuple(bottoms[1])),
    )


@dataclass(frozen=True, slots=True)
class SearchHit:
    """Where a search matched: a row, a side and offsets into that row's side text."""

    row: int
    side: Side
    start: int
    end: int


def search_rows(texts_a: Sequence[str], texts_b: Sequence[str], query: str) -> list[SearchHit]:
    """Find `query` (plain text, case-insensitive) in both sides, in reading order.

    Args:
        texts_a: Side text of each row in pane A.
        texts_b: Side text of each row in pane B.
        query: What to look for; never treated as a pattern.

    Returns:
        Every hit, ordered by row, then side A before B, then offset.
    """
    query = query.strip()
    if not query:
        return []
    # re.escape keeps the query literal; IGNORECASE keeps offsets valid where lower() would not.
    pattern = re.compile(re.escape(query), re.IGNORECASE)
    hits: list[SearchHit] = []
    for row, (text_a, text_b) in enumerate(zip(texts_a, texts_b, strict=True)):
        for side, text in (("a", text_a), ("b", text_b)):
            hits.extend(
                SearchHit(row, side, m.start(), m.end())  # type: ignore[arg-type]
                for m in pattern.finditer(text)
            )
    return hits


def step(targets: Sequence[int], current: int, direction: int) -> int | None:
    """The next (direction > 0) or previous target row after `current`, if any.

    Args:
        targets: Row numbers in increasing order.
        current: The current row.
        direction: +1 for the next target, -1 for the previous one.

    Returns:
        The target row, or None when there is none that way.
    """
    if direction > 0:
        position = bisect_right(targets, current)
        return targets[position] if position < len(targets) else None
    position = bisect_left(targets, current) - 1
    return targets[position] if position >= 0 else None


def divergent_rows(comparison: Comparison) -> list[int]:
    """Rows that are one-sided or whose wording differs, in order."""
    return [number for number, row in enumerate(comparison.rows) if row.divergent]


MarkKind = Literal["divergent", "number", "unique", "conflict"]

# A number as written in news text: 1,300 / 2.5 / 50-minute's "50".
_NUMBER = re.compile(r"\d(?:[\d,.]*\d)?")


@dataclass(frozen=True, slots=True)
class Mark:
    """A span of a row's side text to highlight, with what it is."""

    start: int
    end: int
    kind: MarkKind


def row_marks(comparison: Comparison, side: Side, texts: RowTexts) -> tuple[tuple[Mark, ...], ...]:
    """Everything to highlight in each row of one side, weakest first.

    Words only this side has (non-equal diff spans) are `divergent`; numbers inside them are
    `number`; facts only this outlet reports are `unique`; both values of a conflict are
    `conflict`. Later marks are meant to be drawn over earlier ones.

    Args:
        comparison: The engine's result.
        side: `a` or `b`.
        texts: That side's row texts (from `row_texts`).

    Returns:
        One tuple of marks per row.
    """
    sentences = comparison.sentences_a if side == "a" else comparison.sentences_b
    starts = {sentence.index: sentence for sentence in sentences}
    marks: list[list[Mark]] = [[] for _ in comparison.rows]
    for number, row in enumerate(comparison.rows):
        if row.kind != "match":
            continue
        length = len(texts.texts[number])
        for span in row.diff_a if side == "a" else row.diff_b:
            if span.op == "equal" or span.end <= span.start:
                continue
            start, end = max(0, span.start), min(length, span.end)
            if start >= end:
                continue
            marks[number].append(Mark(start, end, "divergent"))
            segment = texts.texts[number][start:end]
            marks[number].extend(
                Mark(start + m.start(), start + m.end(), "number")
                for m in _NUMBER.finditer(segment)
            )

    def place(fact_sentence: int, fact_start: int, fact_end: int, kind: MarkKind) -> None:
        row = texts.row_of.get(fact_sentence)
        sentence = starts.get(fact_sentence)
        if row is None or sentence is None:
            return
        # Fact offsets point into the article text; clamp them to the sentence so a fact the
        # engine placed loosely never paints a neighbour.
        start = max(fact_start, sentence.start) - sentence.start
        end = min(fact_end, sentence.end) - sentence.start
        if start >= end:
            return
        base = texts.offsets[row][fact_sentence]
        marks[row].append(Mark(base + start, base + end, kind))

    for fact in comparison.only_a if side == "a" else comparison.only_b:
        place(fact.sentence, fact.start, fact.end, "unique")
    for conflict in comparison.conflicts:
        fact = conflict.a if side == "a" else conflict.b
        place(fact.sentence, fact.start, fact.end, "conflict")
    return tuple(tuple(row_marks) for row_marks in marks)


def fact_rows(comparison: Comparison, texts_a: RowTexts, texts_b: RowTexts) -> list[int]:
    """Rows holding a unique fact or a conflict, in order (the targets of `c`/`C`)."""
    rows: set[int] = set()
    for fact in comparison.only_a:
        rows.add(texts_a.row_of.get(fact.sentence, -1))
    for fact in comparison.only_b:
        rows.add(texts_b.row_of.get(fact.sentence, -1))
    for conflict in comparison.conflicts:
        rows.add(texts_a.row_of.get(conflict.a.sentence, -1))
        rows.add(texts_b.row_of.get(conflict.b.sentence, -1))
    rows.discard(-1)
    return sorted(rows)


GutterKind = Literal["high", "mid", "low", "moved", "only", "none"]


def gutter_labels(comparison: Comparison, side: Side) -> tuple[tuple[str, GutterKind], ...]:
    """What the gutter of one side shows on each row's first line, and how to style it.

    A match shows its similarity in percent; the moved side of a moved match shows where the
    passage stands in its own article (`↕¶12`, paragraph 1 is the first body paragraph); a
    sentence only this side has shows `+`; the empty side of a one-sided row shows nothing.

    Args:
        comparison: The engine's result.
        side: `a` or `b`.

    Returns:
        One `(label, kind)` per row.
    """
    sentences = comparison.sentences_a if side == "a" else comparison.sentences_b
    paragraph_of = {sentence.index: sentence.paragraph for sentence in sentences}
    labels: list[tuple[str, GutterKind]] = []
    for row in comparison.rows:
        indices = row.a if side == "a" else row.b
        if not indices:
            labels.append(("", "none"))
        elif row.kind != "match":
            labels.append(("+", "only"))
        elif row.moved and side == "b":
            labels.append((f"↕¶{paragraph_of.get(indices[0], 0)}", "moved"))
        else:
            percent = round(row.score * 100)
            kind: GutterKind = "high" if percent >= 80 else "mid" if percent >= 60 else "low"
            labels.append((str(percent), kind))
    return tuple(labels)
