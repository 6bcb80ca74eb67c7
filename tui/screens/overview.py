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
from textual import events, on, work
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

from tui.core.groups import MATRIX_FULL, Grouping, Provenance, StoryGroup, grouping_rule
from tui.core.labels import ArticleLabel, article_labels, clip, share_width, short_date
from tui.core.layout import cell_len
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


class _FittedTable(DataTable[Text]):
    """A table whose columns are sized to the width it is given: built again when that width
    changes, keeping the cursor."""

    _built_width: int | None = None

    def _rows_to_show(self) -> int:
        """How many rows the table will hold (to know whether a scrollbar takes room)."""
        return 0

    def _available(self) -> int:
        """Cells for columns (padding included): the width less a vertical scrollbar's when
        the rows will not fit."""
        width = self.size.width
        if self._rows_to_show() + self.header_height > self.size.height:
            width -= self.styles.scrollbar_size_vertical
        return width if width > 0 else _UNSIZED

    def _build(self, width: int) -> None:
        raise NotImplementedError

    def _rebuild(self) -> None:
        width = self._available()
        cursor = self.cursor_coordinate
        self._built_width = width
        self._build(width)
        if self.row_count:
            self.cursor_coordinate = cursor

    def on_resize(self, event: events.Resize) -> None:
        if self._built_width is not None and self._available() != self._built_width:
            self._rebuild()


# Column widths computed before a table is laid out (then rebuilt at its real width).
_UNSIZED = 200


class SimilarityMatrix(_FittedTable):
    """A heat-mapped matrix: outlets on both axes, the engine's similarity in each cell."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "similarity-matrix--self",
        "similarity-matrix--high",
        "similarity-matrix--mid",
        "similarity-matrix--low",
        "similarity-matrix--none",
    }

    _shown: tuple[Grouping, StoryGroup] | None = None

    def _rows_to_show(self) -> int:
        return 0 if self._shown is None else len(self._shown[1].members[:MATRIX_FULL])

    def show(self, grouping: Grouping, group: StoryGroup) -> None:
        """Fill the matrix with the pairs of `group` (its first `MATRIX_FULL` articles)."""
        self._shown = (grouping, group)
        self._rebuild()

    def _build(self, width: int) -> None:
        self.clear(columns=True)
        self.fixed_columns = 1
        if self._shown is None:
            return
        grouping, group = self._shown
        arts = grouping.articles
        members = group.members[:MATRIX_FULL]
        labels = article_labels([arts[i] for i in members])
        # The row headers take at most a third of the width (when that is under 24 cells).
        longest = max((cell_len(label.text) for label in labels), default=0)
        row_width = min(longest, max(12, min(24, width // 3)))
        self.add_column("", key="outlet", width=row_width)
        # Columns share what is left, between 8 cells (`100%` and a cut name; more when a
        # suffix tells articles of one outlet apart: `Vo… Sep 23`) and 18.
        pad = 2 * self.cell_padding
        least = max([8, *(cell_len(label.suffix) + 4 for label in labels if label.suffix)])
        share = (width - row_width - pad) // max(1, len(members)) - pad
        column_width = max(min(least, 18), min(18, share))
        for j, label in zip(members, labels, strict=True):
            self.add_column(literal(label.fit(column_width), single_line=True), key=str(j))
        for i, label in zip(members, labels, strict=True):
            cells = [literal(label.fit(row_width), "bold", single_line=True)]
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


# The ledger's fact column: this wide when there is room, never narrower than the minimum;
# at least this many outlet columns are kept beside it.
_FACT_WIDTH, _FACT_MIN, _OUTLETS_BESIDE = 38, 16, 2
# An outlet column of the ledger: at most this wide, at least the minimum.
_OUTLET_WIDTH, _OUTLET_MIN = 18, 10


class LedgerTable(_FittedTable):
    """The fact ledger: one row per fact, a column per outlet. The fact column stays in place
    when the outlets scroll sideways."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "ledger-table--conflict",
        "ledger-table--single",
        "ledger-table--missing",
    }

    _ledger: Ledger | None = None

    def _rows_to_show(self) -> int:
        return 0 if self._ledger is None else len(self._ledger.rows)

    def show(self, ledger: Ledger) -> None:
        """Fill the table with the rows of `ledger`."""
        self._ledger = ledger
        self._rebuild()

    def _build(self, width: int) -> None:
        self.clear(columns=True)
        self.fixed_columns = 1
        ledger = self._ledger
        if ledger is None:
            return
        pad = 2 * self.cell_padding
        shown = range(min(len(ledger.articles), _LEDGER_COLUMNS))
        many = len(ledger.articles) > _LEDGER_COLUMNS
        labels = article_labels(ledger.articles)
        texts = [
            [_cell_text(row, k) for row in ledger.rows] if k in shown else []
            for k in range(len(ledger.articles))
        ]
        outlet_w = [
            min(_OUTLET_WIDTH, max(_OUTLET_MIN, cell_len(labels[k].text), *map(cell_len, texts[k])))
            for k in shown
        ]
        kind_w = max([4, *(len(row.kind) for row in ledger.rows)])
        by_w = len(f"{len(ledger.articles)}/{len(ledger.articles)}") if many else 0
        # Cells left for the fact and the first outlets beside it.
        rest = width - pad - (kind_w + pad) - (by_w + pad if many else 0)
        beside = outlet_w[:_OUTLETS_BESIDE]
        if rest - sum(w + pad for w in beside) < _FACT_MIN and beside:
            # Narrow: the outlet columns give way before the fact goes below its minimum.
            cap = max(_OUTLET_MIN, (rest - _FACT_MIN) // len(beside) - pad)
            outlet_w = [min(w, cap) for w in outlet_w]
        fact_w = max(
            _FACT_MIN,
            min(_FACT_WIDTH, rest - sum(w + pad for w in outlet_w[:_OUTLETS_BESIDE])),
        )
        self.add_column("Fact", key="fact", width=fact_w)
        self.add_column("Kind", key="kind", width=kind_w)
        if many:
            self.add_column("By", key="reporters", width=by_w)
        for k, w in zip(shown, outlet_w, strict=True):
            self.add_column(literal(labels[k].fit(w), single_line=True), key=f"outlet-{k}")
        conflict = self.get_component_rich_style("ledger-table--conflict", partial=True)
        single = self.get_component_rich_style("ledger-table--single", partial=True)
        missing = self.get_component_rich_style("ledger-table--missing", partial=True)
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
            label.truncate(fact_w, overflow="ellipsis")
            cells = [label, Text(row.kind)]
            if many:
                cells.append(Text(f"{row.reporters}/{len(row.cells)}", justify="right"))
            for k, w in zip(shown, outlet_w, strict=True):
                cell = row.cells[k]
                text = clip(texts[k][n], w)
                if cell.state == "stated" and row.conflict:
                    cells.append(literal(text, conflict, single_line=True))
                else:
                    cells.append(Text(text, style=missing if cell.state == "missing" else ""))
            self.add_row(*cells, key=str(n))


def _cell_text(row: LedgerRow, k: int) -> str:
    """What an outlet's cell shows: its figure when in conflict, else ✓, ≈ or ·."""
    cell = row.cells[k]
    if cell.state == "stated":
        return sanitize(cell.text, single_line=True) if row.conflict else "✓"
    return "≈" if cell.state == "reported" else "·"


# The copies table's text columns (outlet, closest earlier article) never go below this; the
# table is made compact, step by step, until each can have the comfortable width (or it is as
# compact as it gets).
_TEXT_MIN, _TEXT_COMFORT = 8, 12
# Compact forms: `Sep 23` for dates, a shorter header and shorter verdicts.
_COMPACT_VERDICTS = {**VERDICT_LABELS, "first": "first"}


@dataclass(frozen=True)
class _Compact:
    short_dates: bool = False
    close_header: str = "Verbatim"
    verdicts: dict[str, str] = dataclasses.field(default_factory=lambda: VERDICT_LABELS)


_COMPACT_STEPS = (
    _Compact(),
    _Compact(short_dates=True),
    _Compact(short_dates=True, close_header="Exact"),
    _Compact(short_dates=True, close_header="Exact", verdicts=_COMPACT_VERDICTS),
)


class CopiesTable(_FittedTable):
    """Who copied whom: each article of a group, its closest earlier article and how much of it
    is found there. The figures and the verdict always fit (dates, a header and the verdicts
    are shortened in a narrow table); the outlet and the closest earlier article are cut, with
    an ellipsis, to the width left."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "copies-table--near-copy",
        "copies-table--rewrite",
        "copies-table--first",
    }

    _shown: tuple[Grouping, StoryGroup] | None = None

    def _rows_to_show(self) -> int:
        return 0 if self._shown is None else len(self._shown[1].members)

    def show(self, grouping: Grouping, group: StoryGroup) -> None:
        """Fill the table with the provenance of `group`'s articles, earliest first."""
        self._shown = (grouping, group)
        self._rebuild()

    def _build(self, width: int) -> None:
        self.clear(columns=True)
        if self._shown is None:
            return
        grouping, group = self._shown
        arts = grouping.articles
        pad = 2 * self.cell_padding
        rows = provenance(grouping, group)
        labels = dict(
            zip(group.members, article_labels([arts[i] for i in group.members]), strict=True)
        )
        # The outlet column leaves a date suffix to the date column beside it.
        outlets = {
            i: ArticleLabel(label.name) if label.kind == "date" else label
            for i, label in labels.items()
        }
        years = {d.year for i in group.members if (d := arts[i].date) is not None}

        def when(article: Article, compact: _Compact) -> str:
            if compact.short_dates:
                return short_date(article, with_year=len(years) > 1)
            return article.date_label

        def source_label(p: Provenance, compact: _Compact) -> ArticleLabel | None:
            if p.source is None:
                return None
            label, src = labels[p.source], arts[p.source]
            # `Outlet (date)`, `Outlet (same day)`; a shared outlet keeps its suffix:
            # `Outlet · Sep 23`, `Outlet · id (2013-09-23)`, `Outlet · Sep 23 (same day)`.
            note = same_day_note(grouping, p) or None
            if note is None and label.kind != "date":
                note = when(src, compact) or (None if label.kind == "id" else src.id)
            if label.suffix:
                suffix = f"{label.suffix} ({note})" if note else label.suffix
                return ArticleLabel(label.name, suffix, label.kind)
            return ArticleLabel(label.name, f"({note})", "date", separator=" ")

        def room(compact: _Compact) -> int:
            verdicts = [compact.verdicts[p.verdict] for p in rows]
            fixed = len("Found") + len(compact.close_header) + max(map(len, ["Verdict", *verdicts]))
            date_w = max([4, *(len(when(arts[p.article], compact)) for p in rows)])
            return width - 6 * pad - fixed - date_w

        natural = [
            max([6, *(cell_len(outlets[p.article].text) for p in rows)]),
            max([23, *(cell_len(s.text) for p in rows if (s := source_label(p, _Compact())))]),
        ]
        compact = next(
            (c for c in _COMPACT_STEPS if room(c) >= sum(min(n, _TEXT_COMFORT) for n in natural)),
            _COMPACT_STEPS[-1],
        )
        outlet_w, source_w = share_width(room(compact), natural, [_TEXT_MIN, _TEXT_MIN])
        self.add_column("Outlet", key="outlet", width=outlet_w)
        self.add_column("Date", key="date")
        self.add_column(clip("Closest earlier article", source_w), key="source", width=source_w)
        self.add_column("Found", key="share")
        self.add_column(compact.close_header, key="close")
        self.add_column("Verdict", key="verdict")
        for p in rows:
            article = arts[p.article]
            style = (
                self.get_component_rich_style(f"copies-table--{p.verdict}", partial=True)
                if p.verdict in ("near-copy", "rewrite", "first")
                else Style()
            )
            source = literal(clip(via_note(grouping, p), source_w), "dim", single_line=True)
            share, close = Text(), Text()
            src = source_label(p, compact)
            if src is not None:
                label = labels[p.source] if p.source is not None else None
                if cell_len(src.text) > source_w and label is not None and label.kind == "date":
                    # Too narrow for `Outlet · Sep 23 (same day)`: the date beside the row's
                    # own date already says so.
                    src = label
                source = literal(src.fit(source_w), single_line=True)
                share = Text(_percent(p.share), justify="right")
                close = Text(_percent(p.close), justify="right")
            self.add_row(
                literal(outlets[p.article].fit(outlet_w), "bold", single_line=True),
                Text(when(article, compact)),
                source,
                share,
                close,
                Text(compact.verdicts[p.verdict], style=style),
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
its sentences are found, the share found there (and found nearly word for word: Verbatim, or
Exact in a narrow terminal), and a verdict: near-copy (60% or more nearly word for word),
rewrite (30% or more found), independent, or first report. `enter` opens the two side by side.
**Ledger** (`l`): every fact of the group, one row each, conflicts (⚠) first, then facts only one
outlet reports. ✓ reported, ≈ reported in other words. `enter` opens the comparison that
shows it, on the fact's sentence.

Several articles of one outlet are told apart by their date (`Outlet · Sep 23`), or by their id
when the dates do not tell. Long names are cut (…) so the figures and verdicts fit the width.
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
        labels = dict(
            zip(group.members, article_labels([arts[i] for i in group.members]), strict=True)
        )
        name = labels[inside].text if inside in labels else _outlet(arts[inside])
        text.append_text(literal(name, single_line=True))
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
