"""The comparison screen: two articles in aligned panes, highlights, facts, keyboard navigation.

The engine (`tui.core.compare.compare`) runs in a thread worker; the screen turns its result into
per-pane content once (`tui.core.layout`), lays the rows out again only when a pane's width
changes, and on each keypress only moves the current passage and scrolls. Panes report clicks
and scrolls as messages; the screen alone tells both panes what to show.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar, Protocol

from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer, Input, Static
from textual.worker import Worker, WorkerState, get_current_worker

from tui.core.align import Cancelled
from tui.core.articles import Library
from tui.core.export import passage_markdown
from tui.core.layout import (
    RowTexts,
    SearchHit,
    Side,
    divergent_rows,
    fact_rows,
    gutter_labels,
    layout_panes,
    row_marks,
    row_texts,
    search_rows,
    step,
)
from tui.core.notes import Note, NotesError, NoteStore, PlacedNote, passage_of, place_notes
from tui.core.types import Article, Comparison
from tui.paths import styles_dir
from tui.widgets.component_style import blended_style
from tui.widgets.facts_panel import FactsPanel
from tui.widgets.notes_panel import NotesPanel
from tui.widgets.passage_pane import PaneContent, PassagePane
from tui.widgets.summary_bar import SummaryBar
from tui.widgets.text import sanitize

__all__ = ["CompareScreen", "Comparer"]


class Comparer(Protocol):
    """The engine's signature (`tui.core.compare.compare`)."""

    def __call__(
        self,
        a: Article,
        b: Article,
        *,
        cancel: threading.Event | None = ...,
        progress: Callable[[float], None] | None = ...,
    ) -> Comparison: ...


# Side by side needs room for two readable columns; below this the panes stack.
WIDE_MIN = 100


def _header(article: Article, side: str) -> Text:
    """`A  Outlet · date — Title`, article strings shown literally."""
    outlet = sanitize(article.outlet, single_line=True)
    title = sanitize(article.title, single_line=True)
    parts: list[str | tuple[str, str]] = [(f" {side} ", "reverse bold"), " ", (outlet, "bold")]
    if article.date_label:
        parts.append(f" · {article.date_label}")
    if title:
        parts.extend([" — ", (title, "italic")])
    return Text.assemble(*parts, end="", no_wrap=True, overflow="ellipsis")


class CompareScreen(Screen[None]):
    """Compares two articles and lets the reader walk through the aligned passages."""

    TITLE = "Comparison"
    CSS_PATH = styles_dir() / "compare.tcss"
    BINDING_GROUP_TITLE = "Comparison"
    HORIZONTAL_BREAKPOINTS = [  # noqa: RUF012 (Textual types it as an instance attribute)
        (0, "-narrow"),
        (WIDE_MIN, "-wide"),
    ]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "j,down",
            "next_passage",
            "Next",
            id="compare.next_passage",
            tooltip="Move to the next passage (both panes follow)",
        ),
        Binding(
            "k,up",
            "previous_passage",
            "Prev",
            show=False,
            id="compare.previous_passage",
            tooltip="Move to the previous passage (both panes follow)",
        ),
        Binding(
            "n",
            "next_divergence",
            "Diff",
            id="compare.next_divergence",
            tooltip="Next passage whose wording differs, or that only one outlet has",
        ),
        Binding(
            "N",
            "previous_divergence",
            "Prev divergence",
            show=False,
            id="compare.previous_divergence",
            tooltip="Previous passage whose wording differs, or that only one outlet has",
        ),
        Binding(
            "c",
            "next_fact",
            "Fact",
            id="compare.next_fact",
            tooltip="Next passage with a conflicting fact or a fact only one outlet reports",
        ),
        Binding(
            "C",
            "previous_fact",
            "Prev fact",
            show=False,
            id="compare.previous_fact",
            tooltip="Previous passage with a conflicting or unique fact",
        ),
        Binding(
            "g,home",
            "first_passage",
            "First",
            show=False,
            id="compare.first_passage",
            tooltip="Go to the first passage (the headlines)",
        ),
        Binding(
            "G,end",
            "last_passage",
            "Last",
            show=False,
            id="compare.last_passage",
            tooltip="Go to the last passage",
        ),
        Binding(
            "pagedown",
            "page(1)",
            "Page down",
            show=False,
            id="compare.page_down",
            tooltip="Move a screenful down",
        ),
        Binding(
            "pageup",
            "page(-1)",
            "Page up",
            show=False,
            id="compare.page_up",
            tooltip="Move a screenful up",
        ),
        Binding(
            "f",
            "toggle_facts",
            "Facts",
            id="compare.toggle_facts",
            tooltip="Show or hide the facts panel: only in A, only in B, conflicts",
        ),
        Binding(
            "slash",
            "search",
            "Search",
            id="compare.search",
            tooltip="Search both panes; enter or F3 for the next match, shift+F3 the previous",
        ),
        Binding(
            "f3",
            "search_step(1)",
            "Next match",
            show=False,
            id="compare.next_match",
            tooltip="Go to the next search match",
        ),
        Binding(
            "shift+f3",
            "search_step(-1)",
            "Previous match",
            show=False,
            id="compare.previous_match",
            tooltip="Go to the previous search match",
        ),
        Binding(
            "s",
            "swap",
            "Swap",
            id="compare.swap",
            tooltip="Swap sources A and B (the comparison is recomputed)",
        ),
        Binding(
            "L",
            "change_source",
            "Change source",
            show=False,
            id="compare.change_source",
            tooltip="Pick another article from the library for A or B",
        ),
        Binding(
            "e",
            "export",
            "Export",
            id="compare.export",
            tooltip="Export the comparison as Markdown or JSON",
        ),
        Binding(
            "m",
            "mark_passage",
            "Note",
            show=False,
            id="compare.mark_passage",
            tooltip="Mark the current passage confirmed, disputed or needs source, with a note",
        ),
        Binding(
            "M",
            "toggle_notes",
            "Notes",
            show=False,
            id="compare.toggle_notes",
            tooltip="Show or hide the notes on this pair; enter jumps to a note's passage",
        ),
        Binding(
            "y",
            "copy_passage",
            "Copy",
            show=False,
            id="compare.copy_passage",
            tooltip="Copy the current passage (both sides, with outlet names) as Markdown",
        ),
        Binding(
            "q,escape",
            "back",
            "Back",
            id="compare.back",
            tooltip="Close the search, the facts or notes list, cancel a running comparison, or go "
            "back",
        ),
    ]
    HELP = """\
**Reading the panes.** Each row is one passage: a sentence (or a few) of A beside what B says
about it. A matched passage starts on the same line in both panes; a sentence only one outlet has
stands alone, tinted, with *only in …* opposite. The gutter shows how similar a matched pair is
(in %), and `↕¶N` marks a passage B reports elsewhere, in its paragraph N.

**Facts panel** (`f`): choose an entry with `enter` or a click to jump to its sentence. Choose a
conflict again to jump to the other outlet's sentence.

**Notes** (`m`): a verdict on the current passage and an optional line of text, kept for this
pair of articles (whichever is A) in your data folder and included in exports. `M` lists them;
a note whose passage the comparison no longer aligns the same way is listed as *detached*.
"""

    current: reactive[int] = reactive(0, init=False, repaint=False)
    """The current passage (row number)."""

    # The help's legend: (component class of the pane, sample text, what it means), weakest
    # highlight to strongest, drawn with the panes' own styles so it cannot drift from them.
    _LEGEND: ClassVar[tuple[tuple[str, str, str], ...]] = (
        ("divergent", "changed words", "words only this side of a matched pair has"),
        ("number", "12", "a number that differs between the sides"),
        ("unique", "unique fact", "a fact only this outlet reports"),
        ("conflict", "conflict", "a fact the two outlets report differently"),
        ("only", "+ whole sentence", "a sentence the other outlet has no counterpart for"),
        ("gutter-moved", "↕¶12", "gutter: the passage stands elsewhere, in paragraph 12"),
        ("gutter-high", "88", "gutter: similarity of a matched pair, in %"),
        ("current", "current passage", "the passage you are on, marked in both panes"),
        ("search", "search hit", "a search match (the current one is brighter)"),
        ("note-disputed", "✗", "gutter: a note — ✓ confirmed, ✗ disputed, ? needs source"),
    )

    @dataclass
    class Progressed(Message):
        """The comparison worker got further (a fraction in [0, 1])."""

        fraction: float

        def can_replace(self, message: Message) -> bool:
            # A burst of progress updates collapses to the latest one.
            return isinstance(message, CompareScreen.Progressed)

    def __init__(
        self,
        a: Article,
        b: Article,
        library: Library,
        *,
        comparer: Comparer | None = None,
        notes: NoteStore | None = None,
    ) -> None:
        """Args:
        a: Source A (left or top pane).
        b: Source B (right or bottom pane).
        library: The articles `L` offers to replace a source with.
        comparer: The engine (default `tui.core.compare.compare`); tests inject their own.
        notes: Where notes on passages are kept (default: in memory, for this screen only).
        """
        super().__init__()
        self.notes = notes if notes is not None else NoteStore.in_memory()
        """The notes store."""
        self._placed: tuple[PlacedNote, ...] = ()
        self._row_notes: dict[int, Note] = {}
        self._comparer = comparer
        self.article_a = a
        self.article_b = b
        self.library = library
        self.comparison: Comparison | None = None
        self._cancel = threading.Event()
        self._rows_a = RowTexts((), (), {})
        self._rows_b = RowTexts((), (), {})
        self._divergent: list[int] = []
        self._facts: list[int] = []
        self._hits: list[SearchHit] = []
        self._hit = -1
        self._laid_out: tuple[int, int, bool] | None = None
        # The row a swap should land on once the swapped comparison arrives.
        self._pending_row: tuple[str, int] | None = None
        self._binding_state: tuple[bool | None, ...] = ()

    def help_legend(self) -> Table:
        """The highlight colours as the panes draw them, for the help screen."""
        legend = Table.grid(padding=(0, 2))
        legend.add_column(no_wrap=True)
        legend.add_column(ratio=1)
        legend.add_row(Text("Highlights", style="bold"), Text("weakest to strongest", style="dim"))
        pane = self.pane_a
        for component, sample, meaning in self._LEGEND:
            style = blended_style(pane, f"passage-pane--{component}")
            legend.add_row(Text(f" {sample} ", style=style), meaning)
        return legend

    # -- composition ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield SummaryBar(id="summary")
        with Horizontal(id="body"):
            with Horizontal(id="panes"):
                with Vertical(id="side-a", classes="side"):
                    yield Static(id="header-a", classes="pane-header")
                    yield PassagePane(id="pane-a")
                with Vertical(id="side-b", classes="side"):
                    yield Static(id="header-b", classes="pane-header")
                    yield PassagePane(id="pane-b")
            yield FactsPanel(id="facts", classes="-hidden")
            yield NotesPanel(id="notes", classes="-hidden")
        yield Input(id="search", placeholder="Search both panes…", classes="-hidden")
        # Compact so the main keys fit in 80 columns.
        yield Footer(compact=True)

    @property
    def pane_a(self) -> PassagePane:
        """The left (or top) pane, source A."""
        return self.query_one("#pane-a", PassagePane)

    @property
    def pane_b(self) -> PassagePane:
        """The right (or bottom) pane, source B."""
        return self.query_one("#pane-b", PassagePane)

    def on_mount(self) -> None:
        self._show_headers()
        self.pane_a.focus()
        self._start()

    def on_unmount(self) -> None:
        # Leaving (or quitting) stops a comparison thread at its next chunk.
        self._cancel.set()

    def _show_headers(self) -> None:
        self.query_one("#header-a", Static).update(_header(self.article_a, "A"))
        self.query_one("#header-b", Static).update(_header(self.article_b, "B"))
        self.sub_title = f"{self.article_a.outlet} ↔ {self.article_b.outlet}"

    # -- the comparison worker ---------------------------------------------------------------------

    def _start(self) -> None:
        # A comparison still running (swap or change of source meanwhile) stops at its next
        # chunk instead of finishing for nothing.
        self._cancel.set()
        self._cancel = threading.Event()
        self.query_one("#panes").loading = True
        self.query_one(SummaryBar).show_progress(0.0)
        self._binding_state = ()
        self.refresh_bindings()
        self._compare(self.article_a, self.article_b, self._cancel)

    @work(thread=True, exclusive=True, group="align", exit_on_error=False)
    def _compare(self, a: Article, b: Article, cancel: threading.Event) -> Comparison:
        comparer: Comparer
        if self._comparer is not None:
            comparer = self._comparer
        else:
            # Imported here so opening the app does not pay for the engine until it is needed.
            from tui.core.compare import compare

            comparer = compare

        worker = get_current_worker()

        def progress(fraction: float) -> None:
            if not worker.is_cancelled:
                self.post_message(self.Progressed(fraction))

        return comparer(a, b, cancel=cancel, progress=progress)

    @on(Progressed)
    def _progressed(self, event: Progressed) -> None:
        if self.comparison is None or self.query_one("#panes").loading:
            self.query_one(SummaryBar).show_progress(event.fraction)

    @on(Worker.StateChanged)
    def _worker_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.node is not self or event.worker.group != "align":
            return
        if event.state == WorkerState.SUCCESS:
            result = event.worker.result
            if isinstance(result, Comparison):
                self._show(result)
        elif event.state == WorkerState.ERROR:
            error = event.worker.error
            if isinstance(error, Cancelled):
                return  # a newer comparison took over, or the user went back
            self.query_one("#panes").loading = False
            self.notify(
                f"Could not compare these articles: {error}",
                title="Comparison failed",
                severity="error",
                timeout=10,
                markup=False,
            )
            self.query_one(SummaryBar).show_message("The comparison failed (see the notice).")
            self.refresh_bindings()
        elif event.state == WorkerState.CANCELLED and not self.is_comparing:
            self.query_one("#panes").loading = False

    @property
    def is_comparing(self) -> bool:
        """True while the comparison worker runs."""
        return any(
            w.node is self
            and w.group == "align"
            and w.state in (WorkerState.PENDING, WorkerState.RUNNING)
            for w in self.workers
        )

    def _show(self, comparison: Comparison) -> None:
        """Turn a fresh comparison into pane content and show it."""
        self.comparison = comparison
        rows = comparison.rows
        self._rows_a = row_texts(comparison.sentences_a, rows, "a")
        self._rows_b = row_texts(comparison.sentences_b, rows, "b")
        self._divergent = divergent_rows(comparison)
        self._facts = fact_rows(comparison, self._rows_a, self._rows_b)
        self.pane_a.set_content(_pane_content(comparison, "a", self._rows_a))
        self.pane_b.set_content(_pane_content(comparison, "b", self._rows_b))
        self.query_one(SummaryBar).show_summary(comparison.summary)
        self.query_one(FactsPanel).show_facts(comparison)
        self._load_notes()
        self.query_one("#panes").loading = False
        self._laid_out = None
        self._relayout()
        row = 0
        if self._pending_row is not None:
            side, sentence = self._pending_row
            texts = self._rows_a if side == "a" else self._rows_b
            row = texts.row_of.get(sentence, 0)
            self._pending_row = None
        self._hits, self._hit = [], -1
        search = self.query_one("#search", Input)
        if search.value.strip():
            self._run_search(search.value, move=False)
        self._binding_state = ()  # everything may have become available
        self._go(row, force=True)

    # -- layout and scrolling ----------------------------------------------------------------------

    @property
    def aligned(self) -> bool:
        """Side by side (rows padded to start on the same line) rather than stacked."""
        return self.size.width >= WIDE_MIN

    def _relayout(self) -> None:
        """Lay the rows out for the panes' current widths (only when they changed)."""
        if self.comparison is None:
            return
        key = (self.pane_a.text_width, self.pane_b.text_width, self.aligned)
        if key == self._laid_out or min(key[0], key[1]) <= 1:
            return
        self._laid_out = key
        layout_a, layout_b = layout_panes(
            self._rows_a.texts,
            self._rows_b.texts,
            key[0],
            key[1],
            aligned=key[2],
        )
        self.pane_a.set_layout(layout_a)
        self.pane_b.set_layout(layout_b)
        self._scroll_to_current()

    @on(PassagePane.Resized)
    def _pane_resized(self, event: PassagePane.Resized) -> None:
        event.stop()
        # Both panes resize together; lay out once they both have their new size.
        self.call_after_refresh(self._relayout)

    @on(PassagePane.Scrolled)
    def _pane_scrolled(self, event: PassagePane.Scrolled) -> None:
        event.stop()
        other = self.pane_b if event.pane is self.pane_a else self.pane_a
        if self.aligned:
            other.scroll_to_y(event.y)
        else:
            # Stacked panes wrap differently: keep the same passage on top of both.
            row = event.pane.row_on_top()
            if 0 <= row < len(other.layout_lines.row_top):
                other.scroll_to_y(other.layout_lines.row_top[row])

    @on(PassagePane.PassageSelected)
    def _pane_clicked(self, event: PassagePane.PassageSelected) -> None:
        event.stop()
        self._go(event.row)

    def _scroll_to_current(self) -> None:
        row = self.current
        if self.aligned:
            y = self.pane_a.scroll_row_into_view(row)
            self.pane_b.scroll_to_y(y)
        else:
            self.pane_a.scroll_row_into_view(row)
            self.pane_b.scroll_row_into_view(row)

    def _go(self, row: int | None, *, force: bool = False) -> None:
        """Make `row` the current passage and bring it into view in both panes."""
        if row is None or self.comparison is None or not self.comparison.rows:
            return
        row = min(max(row, 0), len(self.comparison.rows) - 1)
        if row != self.current or force:
            self.current = row
        self.pane_a.current = row
        self.pane_b.current = row
        self._scroll_to_current()
        self.query_one(SummaryBar).show_position(row, len(self.comparison.rows))
        self._refresh_bindings_if_changed()

    _CHECKED = (
        "next_passage",
        "previous_passage",
        "next_divergence",
        "previous_divergence",
        "next_fact",
        "previous_fact",
        "search_step",
    )

    def _refresh_bindings_if_changed(self) -> None:
        # Redrawing the footer on every keypress costs more than the move itself; only do it
        # when a key actually becomes available or unavailable.
        state = tuple(self.check_action(name, (1,)) for name in self._CHECKED)
        if state != self._binding_state:
            self._binding_state = state
            self.refresh_bindings()

    # -- actions ---------------------------------------------------------------------------------

    @property
    def _last_row(self) -> int:
        return len(self.comparison.rows) - 1 if self.comparison else -1

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Grey out moves that would go nowhere, and everything needing a comparison."""
        needs_rows = {
            "next_passage",
            "previous_passage",
            "next_divergence",
            "previous_divergence",
            "next_fact",
            "previous_fact",
            "first_passage",
            "last_passage",
            "page",
            "toggle_facts",
            "search",
            "search_step",
            "export",
            "swap",
            "mark_passage",
            "toggle_notes",
            "copy_passage",
        }
        if action in needs_rows and (self.comparison is None or self.is_comparing):
            return None
        current = self.current
        if action in ("next_passage", "last_passage"):
            return None if current >= self._last_row else True
        if action in ("previous_passage", "first_passage"):
            return None if current <= 0 else True
        if action == "page":
            direction = parameters[0] if parameters else 1
            at_end = current >= self._last_row if direction == 1 else current <= 0
            return None if at_end else True
        # n/N and c/C stay enabled at the last target: the key then says there is no other
        # (a greyed footer key alone went unnoticed).
        if action == "search_step":
            return None if not self._hits else True
        if action == "change_source":
            return None if len(self.library.articles) < 2 else True
        return True

    def action_next_passage(self) -> None:
        """Move to the next passage."""
        self._go(self.current + 1)

    def action_previous_passage(self) -> None:
        """Move to the previous passage."""
        self._go(self.current - 1)

    def action_first_passage(self) -> None:
        """Move to the first passage."""
        self._go(0)

    def action_last_passage(self) -> None:
        """Move to the last passage."""
        self._go(self._last_row)

    def action_next_divergence(self) -> None:
        """Move to the next divergent passage."""
        self._go_to_target(self._divergent, 1, "divergence")

    def action_previous_divergence(self) -> None:
        """Move to the previous divergent passage."""
        self._go_to_target(self._divergent, -1, "divergence")

    def action_next_fact(self) -> None:
        """Move to the next passage with a unique or conflicting fact."""
        self._go_to_target(self._facts, 1, "passage with a unique or conflicting fact")

    def action_previous_fact(self) -> None:
        """Move to the previous passage with a unique or conflicting fact."""
        self._go_to_target(self._facts, -1, "passage with a unique or conflicting fact")

    def _go_to_target(self, targets: list[int], direction: int, what: str) -> None:
        """Go to the next (1) or previous (-1) of `targets`; when there is none that way, say so
        rather than do nothing."""
        row = step(targets, self.current, direction)
        if row is None:
            where = "after" if direction > 0 else "before"
            message = f"No {what} {where} this one." if targets else f"No {what} in this pair."
            self.app.notify(message, timeout=2, markup=False)
            return
        self._go(row)

    def action_page(self, direction: int) -> None:
        """Move the current passage about a screenful down (1) or up (-1)."""
        pane = self.pane_a
        layout = pane.layout_lines
        if not layout.lines:
            return
        height = max(1, pane.scrollable_content_region.height)
        top = round(pane.scroll_y)
        row = layout.row_at(top + height if direction > 0 else top - height)
        if row == self.current:
            row += direction
        self._go(row)
        if not 0 <= row <= self._last_row:
            return
        # Put the new passage at the top, as a pager would.
        if self.aligned:
            self.pane_a.scroll_to_y(layout.row_top[self.current])
            self.pane_b.scroll_to_y(round(self.pane_a.scroll_y))
        else:
            for each in (self.pane_a, self.pane_b):
                each.scroll_to_y(each.layout_lines.row_top[self.current])

    def action_toggle_facts(self) -> None:
        """Show or hide the facts panel."""
        panel = self.query_one(FactsPanel)
        # One side panel at a time: the panes need the room.
        self.query_one(NotesPanel).add_class("-hidden")
        panel.toggle_class("-hidden")
        if panel.has_class("-hidden"):
            if self.focused is None or panel in self.focused.ancestors_with_self:
                self.pane_a.focus()
        else:
            panel.query_one("#facts-list").focus()

    def focus_sentence(self, side: str, index: int) -> None:
        """Make the passage holding sentence `index` of side `side` ("a" or "b") current.

        Safe to call before the screen is mounted or while the comparison runs: the move is
        applied once the comparison is shown (a ledger row opens its pair on its fact).
        """
        if side not in ("a", "b"):
            raise ValueError(f"side must be 'a' or 'b', not {side!r}")
        if self.comparison is None or not self.is_mounted or self.is_comparing:
            self._pending_row = (side, index)
            return
        texts = self._rows_a if side == "a" else self._rows_b
        row = texts.row_of.get(index)
        if row is not None:
            self._go(row)

    @on(FactsPanel.FactChosen)
    def _fact_chosen(self, event: FactsPanel.FactChosen) -> None:
        event.stop()
        texts = self._rows_a if event.side == "a" else self._rows_b
        self._go(texts.row_of.get(event.sentence))

    # -- search ------------------------------------------------------------------------------------

    def action_search(self) -> None:
        """Open the search line."""
        search = self.query_one("#search", Input)
        search.remove_class("-hidden")
        search.focus()

    def _close_search(self) -> None:
        search = self.query_one("#search", Input)
        search.add_class("-hidden")
        self.pane_a.focus()

    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._run_search(event.value, move=True)

    @on(Input.Submitted, "#search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self._hits:
            self.action_search_step(1)

    def _run_search(self, query: str, *, move: bool) -> None:
        """Find `query` in both panes; with `move`, go to the first hit from the current
        passage on."""
        self._hits = search_rows(self._rows_a.texts, self._rows_b.texts, query)
        self._hit = -1
        if self._hits and move:
            self._hit = next((n for n, hit in enumerate(self._hits) if hit.row >= self.current), 0)
        self._show_hits()
        if self._hit >= 0:
            self._go(self._hits[self._hit].row)
        self._refresh_bindings_if_changed()

    def _show_hits(self) -> None:
        current = self._hits[self._hit] if 0 <= self._hit < len(self._hits) else None
        self.pane_a.set_search([h for h in self._hits if h.side == "a"], current)
        self.pane_b.set_search([h for h in self._hits if h.side == "b"], current)
        search = self.query_one("#search", Input)
        if not search.value.strip():
            search.border_subtitle = ""
        elif self._hits:
            search.border_subtitle = f"{max(self._hit, 0) + 1}/{len(self._hits)}"
        else:
            search.border_subtitle = "no match"

    def action_search_step(self, direction: int) -> None:
        """Go to the next (1) or previous (-1) search match, wrapping around."""
        if not self._hits:
            return
        if self._hit < 0:
            self._hit = 0 if direction > 0 else len(self._hits) - 1
        else:
            self._hit = (self._hit + direction) % len(self._hits)
        self._show_hits()
        self._go(self._hits[self._hit].row)

    # -- swap, sources, export, back -------------------------------------------------------------

    def action_swap(self) -> None:
        """Swap A and B and compare again, staying on the same passage."""
        if self.comparison is not None and self.comparison.rows:
            row = self.comparison.rows[self.current]
            # After the swap, A's sentences are on side B and vice versa.
            if row.a:
                self._pending_row = ("b", row.a[0])
            elif row.b:
                self._pending_row = ("a", row.b[0])
        self.article_a, self.article_b = self.article_b, self.article_a
        self._show_headers()
        self._start()

    def action_change_source(self) -> None:
        """Pick another article from the library for A or B."""
        from tui.screens.source_picker import SourcePicker

        def replace(choice: tuple[str, Article] | None) -> None:
            if choice is None:
                return
            side, article = choice
            if side == "a":
                self.article_a = article
            else:
                self.article_b = article
            self._pending_row = None
            self._show_headers()
            self._start()

        picker = SourcePicker(self.library, self.article_a, self.article_b)
        self.app.push_screen(picker, replace)

    def action_export(self) -> None:
        """Open the export dialog for this comparison."""
        if self.comparison is None:
            return
        from tui.screens.export_dialog import ExportDialog, comparison_payload

        self.app.push_screen(ExportDialog(comparison_payload(self.comparison, self._placed)))

    # -- notes and the clipboard -----------------------------------------------------------------

    def _load_notes(self) -> None:
        """Read this pair's notes, place them on the rows, and show them (gutter and panel)."""
        comparison = self.comparison
        if comparison is None:
            return
        try:
            notes = self.notes.notes_for(comparison.a, comparison.b)
        except NotesError as exc:
            self.notify(str(exc), title="Notes", severity="error", markup=False)
            notes = []
        self._placed = place_notes(comparison, notes)
        self._row_notes = {p.row: p.note for p in self._placed if p.row is not None}
        verdicts = {row: note.verdict for row, note in self._row_notes.items()}
        self.pane_a.set_notes(verdicts)
        self.pane_b.set_notes(verdicts)
        self.query_one(NotesPanel).show_notes(
            self._placed,
            sanitize(comparison.a.outlet, single_line=True),
            sanitize(comparison.b.outlet, single_line=True),
        )

    @property
    def current_note(self) -> Note | None:
        """The note on the current passage, if it has one."""
        return self._row_notes.get(self.current)

    def action_mark_passage(self) -> None:
        """Open the note dialog for the current passage: a verdict and an optional text."""
        comparison = self.comparison
        if comparison is None or not comparison.rows:
            return
        from tui.screens.note_dialog import NoteDialog, NoteEdit

        row = self.current
        note = self._row_notes.get(row)
        passage = passage_of(comparison, row)

        def side(article: Article, texts: tuple[str, ...]) -> str:
            text = " ".join(texts) or "(nothing)"
            text = text if len(text) <= 140 else text[:139].rstrip() + "…"
            return f"{sanitize(article.outlet, single_line=True)}: {text}"

        preview = f"{side(comparison.a, passage.a)}\n{side(comparison.b, passage.b)}"

        def done(edit: NoteEdit | None) -> None:
            if edit is None:
                return
            try:
                if edit.verdict is None:
                    if note is not None:
                        self.notes.remove(comparison.a, comparison.b, note.key)
                    message = f"Removed the note on passage {row + 1}."
                else:
                    saved = self.notes.save(
                        comparison.a, comparison.b, passage, edit.verdict, edit.text
                    )
                    message = f"Passage {row + 1} marked {saved.label}."
            except NotesError as exc:
                self.notify(str(exc), title="Notes", severity="error", markup=False)
                return
            self._load_notes()
            self.notify(message, markup=False)

        self.app.push_screen(NoteDialog(f"Note on passage {row + 1}", preview, note), done)

    def action_toggle_notes(self) -> None:
        """Show or hide the list of notes on this pair."""
        panel = self.query_one(NotesPanel)
        self.query_one(FactsPanel).add_class("-hidden")
        panel.toggle_class("-hidden")
        if panel.has_class("-hidden"):
            if self.focused is None or panel in self.focused.ancestors_with_self:
                self.pane_a.focus()
        else:
            # Open on the note of the passage being read (or the next one), not the first.
            panel.highlight_near(self.current)
            panel.query_one("#notes-list").focus()

    @on(NotesPanel.NoteChosen)
    def _note_chosen(self, event: NotesPanel.NoteChosen) -> None:
        event.stop()
        if event.row is None:
            self.notify(
                "None of this note's sentences are in the comparison any more.",
                title="Notes",
                severity="warning",
                markup=False,
            )
            return
        self._go(event.row)

    def action_copy_passage(self) -> None:
        """Copy the current passage, both sides with their outlets, as Markdown."""
        comparison = self.comparison
        if comparison is None or not comparison.rows:
            return
        row = self.current
        self.app.copy_to_clipboard(passage_markdown(comparison, row, self._row_notes.get(row)))
        outlets = (
            f"{sanitize(comparison.a.outlet, single_line=True)} and "
            f"{sanitize(comparison.b.outlet, single_line=True)}"
        )
        self.notify(f"Copied passage {row + 1} ({outlets}) as Markdown.", markup=False)

    def action_back(self) -> None:
        """Close the search or the focused facts list, else cancel a running comparison and go
        back to the library."""
        search = self.query_one("#search", Input)
        if not search.has_class("-hidden"):
            # The hits stay highlighted (F3 still steps through them); escape again goes back.
            self._close_search()
            return
        facts = self.query_one(FactsPanel)
        focused = self.focused
        if not facts.has_class("-hidden") and focused is not None and facts in focused.ancestors:
            # Leaving the facts list closes it first, as escape closes the search.
            self.action_toggle_facts()
            return
        notes = self.query_one(NotesPanel)
        if not notes.has_class("-hidden") and focused is not None and notes in focused.ancestors:
            self.action_toggle_notes()
            return
        if self.is_comparing:
            self._cancel.set()
            self.workers.cancel_group(self, "align")
        self.dismiss()


def _pane_content(comparison: Comparison, side: Side, texts: RowTexts) -> PaneContent:
    """What one pane shows: its side's row texts, marks and gutter, gaps named after the other."""
    other = comparison.b if side == "a" else comparison.a
    only = f"only_{side}"
    return PaneContent(
        texts=texts.texts,
        marks=row_marks(comparison, side, texts),
        gutter=gutter_labels(comparison, side),
        only=tuple(row.kind == only for row in comparison.rows),
        gap_label=f"┄ only in {sanitize(other.outlet, single_line=True)}",
    )
