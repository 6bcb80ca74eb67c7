"""One side of the comparison: the article's rows, wrapped and aligned, drawn with the Line API.

The pane never aligns anything itself. The compare screen hands it precomputed data
(`PaneContent`) and a layout (`tui.core.layout.PaneLayout`); `render_line` only slices a cached
Rich `Text` per row, so a keypress repaints the visible lines, never thousands of widgets.
Article text only ever goes into `Text` objects, never into markup.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.core.layout import GutterKind, Line, Mark, PaneLayout, SearchHit
from tui.widgets.component_style import blended_style

__all__ = ["GUTTER_WIDTH", "PaneContent", "PassagePane"]

GUTTER_WIDTH = 6
"""Cells left of the text: a current-passage bar, the similarity or marker, a space."""

NOTE_SIGNS: dict[str, str] = {"confirmed": "✓", "disputed": "✗", "needs-source": "?"}
"""The gutter sign of a passage with a note, by verdict (a key of `tui.core.notes.VERDICTS`)."""


@dataclass(frozen=True, slots=True)
class PaneContent:
    """What one pane shows, one entry per comparison row."""

    texts: tuple[str, ...]
    """The row's side text (empty when this side has no sentence in the row)."""
    marks: tuple[tuple[Mark, ...], ...]
    """Highlights per row, weakest first."""
    gutter: tuple[tuple[str, GutterKind], ...]
    """Gutter label and its kind per row."""
    only: tuple[bool, ...]
    """True for rows only this side has (tinted as a whole)."""
    gap_label: str
    """Shown on the first line of a row this side has nothing in."""


_EMPTY = PaneContent((), (), (), (), "")


class PassagePane(ScrollView, can_focus=True, inherit_bindings=False):
    """A scrolling, line-drawn view of one side of the aligned rows."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "passage-pane--divergent",
        "passage-pane--number",
        "passage-pane--unique",
        "passage-pane--conflict",
        "passage-pane--only",
        "passage-pane--gap",
        "passage-pane--current",
        "passage-pane--current-bar",
        "passage-pane--search",
        "passage-pane--search-current",
        "passage-pane--gutter-high",
        "passage-pane--gutter-mid",
        "passage-pane--gutter-low",
        "passage-pane--gutter-moved",
        "passage-pane--gutter-only",
        "passage-pane--note-confirmed",
        "passage-pane--note-disputed",
        "passage-pane--note-needs-source",
    }

    DEFAULT_CSS = """
    PassagePane {
        scrollbar-gutter: stable;
        scrollbar-size-vertical: 1;
        overflow-x: hidden;
        overflow-y: scroll;
    }
    """

    current: reactive[int] = reactive(0, always_update=True, repaint=False)
    """The current passage (row number), highlighted in both panes."""

    @dataclass
    class PassageSelected(Message):
        """The user clicked a passage."""

        pane: PassagePane
        row: int

        @property
        def control(self) -> PassagePane:
            """The pane that was clicked."""
            return self.pane

    @dataclass
    class Scrolled(Message):
        """The user scrolled the pane (wheel, scrollbar); the screen keeps the other in step."""

        pane: PassagePane
        y: int

        @property
        def control(self) -> PassagePane:
            """The pane that scrolled."""
            return self.pane

    @dataclass
    class Resized(Message):
        """The text width changed, so the screen must lay the rows out again."""

        pane: PassagePane
        width: int

        @property
        def control(self) -> PassagePane:
            """The pane that changed size."""
            return self.pane

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.content = _EMPTY
        self.layout_lines = PaneLayout((), (), ())
        self._hits: dict[int, list[tuple[SearchHit, bool]]] = {}
        self._notes: Mapping[int, str] = {}
        self._row_cache: LRUCache[int, list[Segment]] = LRUCache(1024)
        self._line_cache: LRUCache[tuple[int, int, bool], Strip] = LRUCache(1024)
        # Scrolls the screen asked for are not reported back as user scrolls.
        self._driven = False
        self._base: Style | None = None

    # -- data from the screen ------------------------------------------------------------------

    @property
    def text_width(self) -> int:
        """Cells available for article text at the current size."""
        return max(1, self.scrollable_content_region.width - GUTTER_WIDTH)

    def set_content(self, content: PaneContent) -> None:
        """Show other rows (a new comparison). Call `set_layout` afterwards."""
        self.content = content
        self._hits = {}
        self._clear_caches()

    def set_layout(self, layout: PaneLayout) -> None:
        """Show the rows laid out for the current width."""
        self.layout_lines = layout
        self._line_cache.clear()
        self.virtual_size = Size(self.scrollable_content_region.width, layout.height)
        self.refresh()

    def set_notes(self, notes: Mapping[int, str]) -> None:
        """Mark the rows that have a note: row -> verdict (drawn as a sign in the gutter)."""
        if dict(notes) == dict(self._notes):
            return
        self._notes = dict(notes)
        self._line_cache.clear()
        self.refresh()

    def set_search(self, hits: list[SearchHit], current: SearchHit | None) -> None:
        """Highlight search hits on this side; `current` is the hit the cursor is on."""
        by_row: dict[int, list[tuple[SearchHit, bool]]] = {}
        for hit in hits:
            by_row.setdefault(hit.row, []).append((hit, hit == current))
        self._hits = by_row
        self._clear_caches()
        self.refresh()

    def scroll_to_y(self, y: int) -> None:
        """Scroll without reporting it as a user scroll."""
        self._driven = True
        try:
            self.scroll_to(y=y, animate=False, immediate=True)
        finally:
            self._driven = False

    def scroll_row_into_view(self, row: int) -> int:
        """Scroll so `row` shows whole (or its top if it is taller than the pane), leaving the
        scroll alone when it already does. Returns the new scroll offset."""
        layout = self.layout_lines
        if not 0 <= row < len(layout.row_top):
            return round(self.scroll_y)
        top, bottom = layout.row_top[row], layout.row_bottom[row]
        height = max(1, self.scrollable_content_region.height)
        y = round(self.scroll_y)
        if top < y or bottom > y + height:
            # Bring it in with a little of what comes before, so the reader keeps context.
            y = max(0, top - min(2, height // 4))
        self.scroll_to_y(y)
        return round(self.scroll_y)

    def row_on_top(self) -> int:
        """The row shown on the first visible line."""
        return self.layout_lines.row_at(round(self.scroll_y))

    # -- Textual hooks ---------------------------------------------------------------------------

    def watch_current(self, old: int, new: int) -> None:
        if old == new:
            return
        # Repaint only the two rows whose highlight changed; the line cache is keyed by
        # "is current", so every other visible line is reused as is.
        self._refresh_row(old)
        self._refresh_row(new)

    def _refresh_row(self, row: int) -> None:
        layout = self.layout_lines
        if not 0 <= row < len(layout.row_top):
            return
        top = layout.row_top[row] - round(self.scroll_y)
        height = layout.row_bottom[row] - layout.row_top[row]
        visible = Region(0, 0, self.size.width, self.size.height)
        region = Region(0, top, self.size.width, height).intersection(visible)
        if region:
            self.refresh(region)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if not self._driven and round(old_value) != round(new_value):
            self.post_message(self.Scrolled(self, round(new_value)))

    def on_resize(self, event: events.Resize) -> None:
        self.post_message(self.Resized(self, self.text_width))

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._base = None
        self._clear_caches()

    def _base_style(self) -> Style:
        # `rich_style` walks every ancestor; it only changes when styles do (theme, CSS).
        if self._base is None:
            self._base = self.rich_style
        return self._base

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or not self.layout_lines.lines:
            return
        y = offset.y + round(self.scroll_y)
        if y >= self.layout_lines.height:
            return
        self.post_message(self.PassageSelected(self, self.layout_lines.row_at(y)))

    # -- drawing ---------------------------------------------------------------------------------

    def _clear_caches(self) -> None:
        self._row_cache.clear()
        self._line_cache.clear()

    def _style(self, name: str) -> Style:
        """Only what the component's CSS declares, so styles stack (a highlight keeps the
        current-passage background around it)."""
        return blended_style(self, f"passage-pane--{name}")

    def _row_segments(self, row: int) -> list[Segment]:
        """The row's side text with every highlight applied, as segments (cached until the
        data or the styles change). Lines are cut from these by character offset, so Rich
        renders each row once, not once per line."""
        cached = self._row_cache.get(row)
        if cached is not None:
            return cached
        content = self.content
        text = Text(content.texts[row], end="", no_wrap=True)
        for mark in content.marks[row]:
            text.stylize(self._style(mark.kind), mark.start, mark.end)
        for hit, is_current in self._hits.get(row, ()):
            name = "search-current" if is_current else "search"
            text.stylize(self._style(name), hit.start, hit.end)
        segments = list(text.render(self.app.console))
        self._row_cache[row] = segments
        return segments

    def render_line(self, y: int) -> Strip:
        scroll_y = round(self.scroll_y)
        line_number = y + scroll_y
        width = self.scrollable_content_region.width
        base = self._base_style()
        lines = self.layout_lines.lines
        if not 0 <= line_number < len(lines):
            return Strip.blank(width, base)
        line = lines[line_number]
        is_current = line.row == self.current and line.kind != "spacer"
        key = (line_number, width, is_current)
        cached = self._line_cache.get(key)
        if cached is not None:
            return cached
        strip = self._draw_line(line_number, width, base, is_current)
        self._line_cache[key] = strip
        return strip

    def _gutter(self, line: Line, is_current: bool) -> list[Segment]:
        bar = Segment("▌" if is_current else " ", self._style("current-bar"))
        label_width = GUTTER_WIDTH - 2
        verdict = self._notes.get(line.row) if line.first else None
        sign = (
            [Segment(NOTE_SIGNS.get(verdict, "•"), self._style(f"note-{verdict}"))]
            if verdict is not None
            else []
        )
        if not (line.first and line.kind == "text"):
            if sign and line.kind == "gap":
                return [bar, *sign, Segment(" " * (GUTTER_WIDTH - 2))]
            return [bar, Segment(" " * (GUTTER_WIDTH - 1))]
        label, kind = self.content.gutter[line.row]
        if sign:
            # The sign takes the label's first cell (a similarity never needs it).
            label_width -= 1
        label = label.rjust(label_width)[-label_width:]
        style = self._style(f"gutter-{kind}") if kind != "none" else None
        return [bar, *sign, Segment(label, style), Segment(" ")]

    def _draw_line(self, line_number: int, width: int, base: Style, is_current: bool) -> Strip:
        line = self.layout_lines.lines[line_number]
        content = self.content
        segments = self._gutter(line, is_current)
        if line.kind == "text":
            segments.extend(_cut(self._row_segments(line.row), line.start, line.end))
        elif line.kind == "gap" and line.first:
            segments.append(Segment(content.gap_label, self._style("gap")))
        # Highlights keep their own colours; the line's style (tinted for a passage only this
        # side has, highlighted for the current one) fills the rest.
        style = base
        if line.kind != "spacer" and content.only[line.row]:
            style += self._style("only")
        if is_current:
            style += self._style("current")
        used = sum(segment.cell_length for segment in segments)
        if used < width:
            segments.append(Segment(" " * (width - used)))
        strip = Strip(Segment.apply_style(segments, style), max(used, width))
        # Merging neighbours of the same style keeps the terminal output small.
        return (strip.crop(0, width) if used > width else strip).simplify()


def _cut(segments: list[Segment], start: int, end: int) -> list[Segment]:
    """The part of `segments` between character offsets `start` and `end`."""
    out: list[Segment] = []
    position = 0
    for segment in segments:
        text = segment.text
        following = position + len(text)
        if following > start and position < end:
            piece = text[max(start - position, 0) : end - position]
            if piece:
                out.append(Segment(piece, segment.style))
        if following >= end:
            break
        position = following
    return out
