"""The overview: story groups of the library, a similarity matrix per group, who copied whom and
the fact ledger.

Grouping (`tui.core.groups.group_articles`) and each group's ledger (`tui.core.ledger`) run in
thread workers; a progress bar shows how far they are and escape cancels. Selecting a matrix
cell, a provenance row or a ledger row asks the app to open that pair's comparison.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import ClassVar

from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.widgets import (
    DataTable,
    Footer,
    Header,
    OptionList,
    ProgressBar,
    Static,
    TabbedContent,
    TabPane,
)
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState, get_current_worker

from tui.core.groups import MATRIX_FULL, Grouping, StoryGroup, grouping_rule
from tui.core.ledger import (
    VERDICT_LABELS,
    Ledger,
    LedgerRow,
    provenance,
    same_day_note,
    via_note,
)
from tui.core.types import Article
from tui.messages import CompareRequested
from tui.paths import styles_dir
from tui.widgets.text import literal, sanitize

__all__ = ["CopiesTable", "LedgerTable", "OverviewScreen", "SimilarityMatrix"]

# Similarity at or above this is shown as a strong match in the heat map.
_HIGH = 0.5
# A ledger of a larger group shows this many outlet columns (plus how many outlets report each
# fact); a DataTable of a thousand columns is neither readable nor quick to build.
_LEDGER_COLUMNS = 12


def _outlet(article: Article) -> str:
    return sanitize(article.outlet or article.id, single_line=True)


def _plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else many or one + 's'}"


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{round(value * 100)}%"


class SimilarityMatrix(DataTable[Text]):
    """A heat-mapped matrix: outlets on both axes, the engine's similarity in each cell."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "similarity-matrix--self",
        "similarity-matrix--high",
        "similarity-matrix--mid",
        "similarity-matrix--low",
        "similarity-matrix--none",
    }

    def show(self, grouping: Grouping, group: StoryGroup) -> None:
        """Fill the matrix with the pairs of `group` (its first `MATRIX_FULL` articles)."""
        self.clear(columns=True)
        arts = grouping.articles
        members = group.members[:MATRIX_FULL]
        self.add_column("", key="outlet")
        for j in members:
            self.add_column(_outlet(arts[j])[:18], key=str(j))
        for i in members:
            cells = [literal(_outlet(arts[i])[:24], "bold")]
            for j in members:
                value = grouping.similarity(i, j)
                cells.append(Text(_percent(value), style=self._style(i, j, value, grouping)))
            self.add_row(*cells, key=str(i))

    def _style(self, i: int, j: int, value: float | None, grouping: Grouping) -> Style:
        if i == j:
            name = "self"
        elif value is None or value <= 0:
            name = "none"
        elif value >= _HIGH:
            name = "high"
        elif value >= grouping.threshold:
            name = "mid"
        else:
            name = "low"
        return self.get_component_rich_style(f"similarity-matrix--{name}", partial=True)


class LedgerTable(DataTable[Text]):
    """The fact ledger: one row per fact, a column per outlet."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "ledger-table--conflict",
        "ledger-table--single",
        "ledger-table--missing",
    }

    def show(self, ledger: Ledger) -> None:
        """Fill the table with the rows of `ledger`."""
        self.clear(columns=True)
        self.add_column("Fact", key="fact", width=38)
        self.add_column("Kind", key="kind")
        shown = range(min(len(ledger.articles), _LEDGER_COLUMNS))
        many = len(ledger.articles) > _LEDGER_COLUMNS
        if many:
            self.add_column("By", key="reporters")
        for k in shown:
            self.add_column(_outlet(ledger.articles[k])[:18], key=f"outlet-{k}")
        conflict = self.get_component_rich_style("ledger-table--conflict", partial=True)
        single = self.get_component_rich_style("ledger-table--single", partial=True)
        for n, row in enumerate(ledger.rows):
            style = conflict if row.conflict else single if row.reporters == 1 else Style()
            label = Text()
            if row.conflict:
                label.append("⚠ ", style=conflict)
            label.append_text(literal(row.label, style, single_line=True))
            if row.what:
                # The space outside `literal`: folding to one line strips leading spaces.
                label.append(" ")
                label.append_text(literal(f"({row.what})", single_line=True))
            cells = [label, Text(row.kind)]
            if many:
                cells.append(Text(f"{row.reporters}/{len(row.cells)}", justify="right"))
            cells += [self._cell(row, k, conflict) for k in shown]
            self.add_row(*cells, key=str(n))

    def _cell(self, row: LedgerRow, k: int, conflict: Style) -> Text:
        cell = row.cells[k]
        if cell.state == "stated":
            if row.conflict:
                return literal(cell.text, conflict, single_line=True)
            return Text("✓")
        if cell.state == "reported":
            return Text("≈")
        return Text("·", style=self.get_component_rich_style("ledger-table--missing", partial=True))


class CopiesTable(DataTable[Text]):
    """Who copied whom: each article of a group, its closest earlier article and how much of it
    is found there."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "copies-table--near-copy",
        "copies-table--rewrite",
        "copies-table--first",
    }

    def show(self, grouping: Grouping, group: StoryGroup) -> None:
        """Fill the table with the provenance of `group`'s articles, earliest first."""
        self.clear(columns=True)
        arts = grouping.articles
        self.add_column("Outlet", key="outlet")
        self.add_column("Date", key="date")
        # The verdict before the figures behind it: in sight on a 100-column terminal.
        self.add_column("Verdict", key="verdict")
        self.add_column("Closest earlier article", key="source")
        self.add_column("Found", key="share")
        self.add_column("Verbatim", key="close")
        for p in provenance(grouping, group):
            article = arts[p.article]
            style = (
                self.get_component_rich_style(f"copies-table--{p.verdict}", partial=True)
                if p.verdict in ("near-copy", "rewrite", "first")
                else Style()
            )
            source = literal(via_note(grouping, p), "dim", single_line=True)
            share, close = Text(), Text()
            if p.source is not None:
                src = arts[p.source]
                when = same_day_note(grouping, p) or src.date_label or src.id
                source = literal(f"{_outlet(src)} ({when})", single_line=True)
                share = Text(_percent(p.share), justify="right")
                close = Text(_percent(p.close), justify="right")
            self.add_row(
                literal(_outlet(article)[:28], "bold", single_line=True),
                Text(article.date_label),
                Text(VERDICT_LABELS[p.verdict], style=style),
                source,
                share,
                close,
                key=str(p.article),
            )


class OverviewScreen(Screen[None]):
    """Story groups of the library: similarity matrices and the fact ledger of each group."""

    TITLE = "Overview"
    CSS_PATH: ClassVar[list[str | PurePath]] = [styles_dir() / "overview.tcss"]  # type: ignore[misc]
    BINDING_GROUP_TITLE = "Overview"
    # Sets `-narrow`/`-wide`; overview.tcss narrows the group list so the matrix fits at 80.
    HORIZONTAL_BREAKPOINTS = [  # noqa: RUF012 (Textual types it as an instance attribute)
        (0, "-narrow"),
        (100, "-wide"),
    ]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape",
            "back",
            "Back",
            id="overview.back",
            tooltip="Stop computing, or go back to the library",
        ),
        Binding(
            "m",
            "show_tab('matrix')",
            "Matrix",
            id="overview.matrix",
            tooltip="Show the similarity matrix of the selected group",
        ),
        Binding(
            "l",
            "show_tab('ledger')",
            "Ledger",
            id="overview.ledger",
            tooltip="Show the fact ledger of the selected group",
        ),
        Binding(
            "w",
            "show_tab('copies')",
            "Copies",
            id="overview.copies",
            tooltip="Who copied whom: each article's closest earlier article in the group",
        ),
        Binding(
            "g",
            "focus_groups",
            "Groups",
            id="overview.groups",
            tooltip="Move to the list of story groups",
        ),
        Binding(
            "e",
            "export",
            "Export",
            id="overview.export",
            tooltip="Export the selected group's ledger to Markdown or JSON",
        ),
    ]
    HELP = """\
**Story groups.** Articles reporting the same event are grouped by the engine's similarity
(average linkage). Each group says how close its nearest outside article is: that figure being
low is why it stands apart.

**Matrix** (`m`): similarity of every pair in the group (its first 16 articles); `enter` on a
cell opens that comparison.
**Copies** (`w`): who copied whom. For each article, the earlier article of the group (by date,
then library order; "same day" when the dates do not tell which came first) in which most of
its sentences are found, the share found there (and found
nearly word for word), and a verdict: near-copy (60% or more nearly word for word), rewrite (30%
or more found), independent, or first report. `enter` opens the two side by side.
**Ledger** (`l`): every fact of the group, one row each, conflicts (⚠) first, then facts only one
outlet reports. ✓ reported, ≈ reported in other words. `enter` opens the comparison that
shows it, on the fact's sentence.
"""

    @dataclass
    class Progressed(Message):
        """A worker got further (a fraction in [0, 1])."""

        fraction: float
        what: str

        def can_replace(self, message: Message) -> bool:
            # A burst of progress updates collapses to the latest one.
            return isinstance(message, OverviewScreen.Progressed)

    def __init__(self, articles: Sequence[Article], *, cache_dir: Path | None = None) -> None:
        """Args:
        articles: The library to group.
        cache_dir: Where similarities are cached (default: the user's cache folder).
        """
        super().__init__()
        self.articles = tuple(articles)
        self.cache_dir = cache_dir
        self.grouping: Grouping | None = None
        self.ledgers: dict[int, Ledger] = {}
        self.group_index = 0
        """The group shown (an index into `grouping.groups`)."""
        self._cancel = threading.Event()

    def compose(self) -> ComposeResult:
        yield Header(icon="⇄")
        with Horizontal(id="overview-top"):
            yield Static("", id="overview-status")
            yield ProgressBar(total=1.0, show_eta=False, id="overview-progress")
        with Horizontal(id="overview-body"):
            yield OptionList(id="overview-groups")
            with TabbedContent(id="overview-tabs", initial="matrix"):
                with TabPane("Matrix", id="matrix"):
                    yield Static("", id="overview-reason")
                    yield SimilarityMatrix(id="overview-matrix", cursor_type="cell")
                with TabPane("Copies", id="copies"):
                    yield CopiesTable(id="overview-copies", cursor_type="row")
                with TabPane("Ledger", id="ledger"):
                    yield LedgerTable(id="overview-ledger", cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = f"{len(self.articles)} articles"
        self._status("Grouping articles…  (escape to stop)")
        self._show_progress(0.0)
        self.query_one("#overview-body").loading = True
        self._group(self._cancel)

    # -- workers -------------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="overview", exit_on_error=False)
    def _group(self, cancel: threading.Event) -> Grouping:
        from tui.core.groups import group_articles

        worker = get_current_worker()

        def progress(fraction: float) -> None:
            if not worker.is_cancelled:
                self.post_message(self.Progressed(fraction, "Grouping articles"))

        return group_articles(
            self.articles, cache_dir=self.cache_dir, cancel=cancel, progress=progress
        )

    @work(thread=True, exclusive=True, group="ledger", exit_on_error=False)
    def _ledger(self, index: int, articles: tuple[Article, ...], cancel: threading.Event) -> Ledger:
        from tui.core.groups import resolve_cache_dir
        from tui.core.ledger import group_ledger
        from tui.core.store import Store

        worker = get_current_worker()

        def progress(fraction: float) -> None:
            if not worker.is_cancelled:
                self.post_message(self.Progressed(fraction, "Matching facts"))

        # The store's connection belongs to this thread: opened and closed here.
        with Store(resolve_cache_dir(self.cache_dir)) as store:
            ledger = group_ledger(articles, store=store, cancel=cancel, progress=progress)
        self.ledgers[index] = ledger
        return ledger

    @on(Progressed)
    def _progressed(self, event: Progressed) -> None:
        if not self.is_busy:
            return  # a late update from a worker that already finished
        self._status(f"{event.what}…  (escape to stop)")
        self._show_progress(event.fraction)

    def _show_progress(self, fraction: float | None) -> None:
        """Show the progress bar at `fraction`, or hide it (None)."""
        bar = self.query_one("#overview-progress", ProgressBar)
        bar.display = fraction is not None
        if fraction is not None:
            bar.update(progress=fraction)

    @on(Worker.StateChanged)
    def _worker_changed(self, event: Worker.StateChanged) -> None:
        group = event.worker.group
        if group not in ("overview", "ledger"):
            return
        if event.state in (WorkerState.SUCCESS, WorkerState.ERROR, WorkerState.CANCELLED):
            self._show_progress(None)
        if event.state == WorkerState.SUCCESS:
            if group == "overview" and isinstance(event.worker.result, Grouping):
                self._show_grouping(event.worker.result)
            elif group == "ledger":
                self._show_ledger()
        elif event.state in (WorkerState.ERROR, WorkerState.CANCELLED):
            self.query_one("#overview-body").loading = False
            self.query_one("#overview-ledger").loading = False
            if self._cancel.is_set():
                self._status("Stopped. Press escape again to go back.")
                return
            if event.state == WorkerState.ERROR:
                self.notify(
                    sanitize(f"Could not build the overview: {event.worker.error}"),
                    title="Overview failed",
                    severity="error",
                    markup=False,
                )
                self._status("The overview failed (see the notice).")
        self.refresh_bindings()

    @property
    def is_busy(self) -> bool:
        """True while a worker of this screen runs."""
        return any(
            w.group in ("overview", "ledger")
            and w.state in (WorkerState.PENDING, WorkerState.RUNNING)
            for w in self.workers
        )

    # -- showing -------------------------------------------------------------------------------

    def _status(self, message: str | Text) -> None:
        self.query_one("#overview-status", Static).update(message)

    def _show_grouping(self, grouping: Grouping) -> None:
        self.grouping = grouping
        self.query_one("#overview-body").loading = False
        options = self.query_one("#overview-groups", OptionList)
        options.clear_options()
        for n, group in enumerate(grouping.groups):
            options.add_option(Option(self._group_label(grouping, group, n), id=str(n)))
        stories = len(grouping.groups)
        status = Text(f"{len(grouping.articles)} articles, {stories} ")
        status.append("story group" if stories == 1 else "story groups")
        status.append(f" ({grouping_rule(grouping.threshold)})", style="dim")
        if grouping.cache_error:
            status.append("  cache not saved", style="bold")
        self._status(status)
        if grouping.groups:
            options.highlighted = 0
            self._select(0)
            self.query_one(SimilarityMatrix).focus()

    def _group_label(self, grouping: Grouping, group: StoryGroup, n: int) -> Table:
        lead = grouping.articles[group.members[0]]
        text = literal(lead.title or lead.headline, "bold", single_line=True)
        outlets = ", ".join(_outlet(grouping.articles[i]) for i in group.members)
        text.append_text(literal(f"\n{outlets}", single_line=False))
        copies = [grouping.provenance[i].verdict for i in group.members if i in grouping.provenance]
        near, rewrites = copies.count("near-copy"), copies.count("rewrite")
        if near or rewrites:
            copies_line = (
                f"{_plural(near, 'near-copy', 'near-copies')}, {_plural(rewrites, 'rewrite')}"
            )
            text.append(f"\n{copies_line}", style="dim")
        if same := copies.count("same-day"):
            text.append(f"\n{same} same day, order unknown", style="dim")
        if group.nearest is not None:
            text.append(f"\napart: closest other {_percent(group.nearest[2])}", style="dim")
        # The number in a column of its own: wrapped lines stay indented under the text.
        label = Table.grid(padding=(0, 1))
        label.add_column(no_wrap=True)
        label.add_column(ratio=1)
        label.add_row(Text(f"{n + 1}.", style="bold"), text)
        return label

    def _reason(self, grouping: Grouping, group: StoryGroup) -> Text:
        arts = grouping.articles
        text = Text()
        if group.nearest is None:
            text.append("The only story in this library.")
            return text
        inside, outside, value = group.nearest
        text.append("Apart: ", style="bold")
        text.append("the closest article outside this group, ")
        text.append_text(literal(_outlet(arts[outside]), "bold"))
        text.append_text(literal(f" ({arts[outside].date_label or arts[outside].id})"))
        text.append(", is ")
        text.append(_percent(value), style="bold")
        text.append(" similar to ")
        text.append_text(literal(_outlet(arts[inside])))
        text.append(f" (a story needs ≥ {_percent(grouping.threshold)}).")
        if len(group.members) > MATRIX_FULL:
            text.append(
                f"\nThe matrix shows the first {MATRIX_FULL} of {len(group.members):,} articles.",
                style="dim",
            )
        return text

    def _select(self, index: int) -> None:
        grouping = self.grouping
        if grouping is None or not 0 <= index < len(grouping.groups):
            return
        self.group_index = index
        group = grouping.groups[index]
        self.query_one(SimilarityMatrix).show(grouping, group)
        self.query_one(CopiesTable).show(grouping, group)
        self.query_one("#overview-reason", Static).update(self._reason(grouping, group))
        if self.query_one(TabbedContent).active == "ledger":
            self._load_ledger()
        self.refresh_bindings()

    def _load_ledger(self) -> None:
        if self.grouping is None:
            return
        if self.group_index in self.ledgers:
            self._show_ledger()
            return
        group = self.grouping.groups[self.group_index]
        self._cancel = threading.Event()
        self.query_one("#overview-ledger").loading = True
        self._show_progress(0.0)
        arts = tuple(self.grouping.articles[i] for i in group.members)
        self._ledger(self.group_index, arts, self._cancel)

    def _show_ledger(self) -> None:
        ledger = self.ledgers.get(self.group_index)
        table = self.query_one(LedgerTable)
        table.loading = False
        if ledger is None:
            return
        table.show(ledger)
        if self.query_one(TabbedContent).active == "ledger":
            table.focus()
        conflicts = len(ledger.conflicts)
        singles = sum(1 for r in ledger.rows if r.reporters == 1 and not r.conflict)
        self._status(
            f"Group {self.group_index + 1}: {len(ledger.rows)} facts, {conflicts} in conflict, "
            f"{singles} reported by one outlet only"
        )

    @on(OptionList.OptionHighlighted, "#overview-groups")
    def _group_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._select(event.option_index)

    @on(TabbedContent.TabActivated)
    def _tab_activated(self, event: TabbedContent.TabActivated) -> None:
        if event.pane.id == "ledger":
            self._load_ledger()
            self.query_one(LedgerTable).focus()
        elif event.pane.id == "copies":
            self.query_one(CopiesTable).focus()
        self.refresh_bindings()

    # -- opening comparisons ---------------------------------------------------------------------

    @on(DataTable.CellSelected, "#overview-matrix")
    def _cell_selected(self, event: DataTable.CellSelected) -> None:
        grouping = self.grouping
        if grouping is None:
            return
        row, column = event.cell_key.row_key.value, event.cell_key.column_key.value
        if row is None or column is None or column == "outlet" or row == column:
            return
        self.post_message(
            CompareRequested(grouping.articles[int(row)], grouping.articles[int(column)])
        )

    @on(DataTable.RowSelected, "#overview-copies")
    def _copy_selected(self, event: DataTable.RowSelected) -> None:
        grouping = self.grouping
        if grouping is None or event.row_key.value is None:
            return
        p = grouping.provenance.get(int(event.row_key.value))
        if p is None or p.source is None:
            self.notify("Nothing earlier in this group to compare it with.")
            return
        # The earlier article as A, the copy as B.
        self.post_message(
            CompareRequested(grouping.articles[p.source], grouping.articles[p.article])
        )

    @on(DataTable.RowSelected, "#overview-ledger")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        ledger = self.ledgers.get(self.group_index)
        if ledger is None or event.row_key.value is None:
            return
        row = ledger.rows[int(event.row_key.value)]
        a, b = row.pair
        if a == b:
            self.notify("This group has a single article: nothing to compare it with.")
            return
        # The row's sentence is in `pair[0]`, shown as source A: open the pair on it.
        self.post_message(
            CompareRequested(ledger.articles[a], ledger.articles[b], focus=("a", row.sentence))
        )

    # -- actions -------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Grey out what needs the groups (or a ledger) until they are computed."""
        if action in ("show_tab", "focus_groups"):
            return True if self.grouping is not None and self.grouping.groups else None
        if action == "export":
            return True if self.group_index in self.ledgers else None
        return True

    def action_show_tab(self, tab: str) -> None:
        """Show the matrix, the copies or the ledger of the selected group."""
        self.query_one(TabbedContent).active = tab
        if tab == "matrix":
            self.query_one(SimilarityMatrix).focus()
        elif tab == "copies":
            self.query_one(CopiesTable).focus()

    def action_focus_groups(self) -> None:
        """Focus the group list."""
        self.query_one("#overview-groups", OptionList).focus()

    def action_export(self) -> None:
        """Export the selected group's ledger (with its matrix) as Markdown or JSON."""
        grouping = self.grouping
        ledger = self.ledgers.get(self.group_index)
        if grouping is None or ledger is None:
            return
        from tui.core.ledger import ledger_markdown, ledgers_to_json
        from tui.screens.export_dialog import ExportDialog, ExportPayload

        group = grouping.groups[self.group_index]
        one = dataclasses.replace(grouping, groups=(group,))
        lead = grouping.articles[group.members[0]]
        render = {"markdown": ledger_markdown, "json": ledgers_to_json}
        payload = ExportPayload(
            title="Export the fact ledger",
            filename=_filename(lead.id),
            formats=("markdown", "json"),
            render=lambda fmt: render[fmt](one, [ledger]),
        )
        self.app.push_screen(ExportDialog(payload))

    def action_back(self) -> None:
        """Stop a running computation, else go back to the library."""
        if self.is_busy:
            self._cancel.set()
            self.workers.cancel_group(self, "overview")
            self.workers.cancel_group(self, "ledger")
            return
        self.dismiss()


def _filename(article_id: str) -> str:
    import re

    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", article_id).strip("-.") or "story"
    return f"{stem}-ledger.md"
