"""Pilot tests of the overview: groups, matrix, ledger, opening comparisons, export, cancel."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

import pytest
from textual.coordinate import Coordinate
from textual.widgets import DataTable, Input, OptionList, TabbedContent

from tui.app import SideBySideApp, make_app
from tui.core.articles import load_library
from tui.screens.compare import CompareScreen
from tui.screens.export_dialog import ExportDialog
from tui.screens.library import LibraryScreen
from tui.screens.overview import LedgerTable, OverviewScreen, SimilarityMatrix

SIZE = (120, 36)
TWO_STORIES = Path(__file__).resolve().parents[1] / "fixtures" / "two_stories"


@pytest.fixture
def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> SideBySideApp:
    monkeypatch.setenv("SIDEBYSIDE_CACHE_DIR", str(tmp_path / "cache"))
    return make_app(paths=(TWO_STORIES,), config_dir=tmp_path / "config")


async def _open(app: SideBySideApp, pilot: object) -> OverviewScreen:
    from textual.pilot import Pilot

    assert isinstance(pilot, Pilot)
    await pilot.press("o")
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, OverviewScreen)
    return screen


async def test_groups_and_matrix(app: SideBySideApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(app, pilot)
        assert screen.grouping is not None
        assert [len(g) for g in screen.grouping.groups] == [3, 2]
        assert screen.query_one("#overview-groups", OptionList).option_count == 2
        matrix = screen.query_one(SimilarityMatrix)
        assert matrix.row_count == 3 and len(matrix.columns) == 4
        assert str(matrix.get_cell_at(Coordinate(0, 1))) == "100%"
        reason = str(screen.query_one("#overview-reason").render())
        assert "Apart" in reason and "similar to" in reason
        # The second group: two articles.
        await pilot.press("g", "down")
        await pilot.pause()
        assert screen.group_index == 1 and matrix.row_count == 2


async def test_selecting_a_cell_opens_that_comparison(app: SideBySideApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(app, pilot)
        assert screen.grouping is not None
        matrix = screen.query_one(SimilarityMatrix)
        matrix.focus()
        matrix.move_cursor(row=0, column=2)
        await pilot.press("enter")
        await pilot.pause()
        compare = app.screen
        assert isinstance(compare, CompareScreen)
        arts = screen.grouping.articles
        members = screen.grouping.groups[0].members
        assert compare.article_a.id == arts[members[0]].id
        assert compare.article_b.id == arts[members[1]].id
        await app.workers.wait_for_complete()


async def test_diagonal_cell_opens_nothing(app: SideBySideApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(app, pilot)
        screen.query_one(SimilarityMatrix).move_cursor(row=1, column=2)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen


async def test_ledger_tab_and_row_opens_the_comparison(app: SideBySideApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(app, pilot)
        await pilot.press("l")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.query_one(TabbedContent).active == "ledger"
        table = screen.query_one(LedgerTable)
        ledger = screen.ledgers[0]
        assert table.row_count == len(ledger.rows) > 0
        first = str(table.get_cell_at(Coordinate(0, 0)))
        assert first.startswith("⚠") and "firefighters" in first
        # What the figure counts follows after a space, in brackets (cut to the column).
        assert ledger.rows[0].what
        assert f"firefighters ({ledger.rows[0].what}"[:30] in first
        # The conflict row opens the comparison of the two outlets that disagree.
        assert app.focused is table
        await pilot.press("enter")
        await pilot.pause()
        compare = app.screen
        assert isinstance(compare, CompareScreen)
        row = ledger.rows[0]
        assert compare.article_a.id == ledger.articles[row.pair[0]].id
        assert compare.article_b.id == ledger.articles[row.pair[1]].id
        await app.workers.wait_for_complete()
        await pilot.pause()
        # ... on the passage that holds the fact, not at the top.
        assert compare.comparison is not None
        passage = compare.comparison.rows[compare.current]
        assert row.sentence in passage.a
        assert "firefighters" in compare.comparison.sentences_a[row.sentence].text


async def test_ledger_row_of_a_later_fact_opens_on_its_sentence(app: SideBySideApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(app, pilot)
        await pilot.press("l")
        await app.workers.wait_for_complete()
        await pilot.pause()
        ledger = screen.ledgers[0]
        # The fact furthest into its article, so landing on it is not an accident of row 0.
        index, row = max(enumerate(ledger.rows), key=lambda pair: pair[1].sentence)
        assert row.sentence > 0 and row.pair[0] != row.pair[1]
        table = screen.query_one(LedgerTable)
        table.move_cursor(row=index)
        await pilot.press("enter")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        compare = app.screen
        assert isinstance(compare, CompareScreen) and compare.comparison is not None
        assert compare.current > 0
        assert row.sentence in compare.comparison.rows[compare.current].a
        # Both panes show it: the current passage is within each pane's visible lines.
        for pane in (compare.pane_a, compare.pane_b):
            top = pane.layout_lines.row_top[compare.current]
            assert pane.scroll_y <= top < pane.scroll_y + pane.scrollable_content_region.height


async def test_export_writes_markdown_atomically(app: SideBySideApp, tmp_path: Path) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(app, pilot)
        await pilot.press("e")  # no ledger yet: greyed out
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("l")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        assert dialog.query_one("#export-path", Input).value.endswith("-ledger.md")
        target = tmp_path / "out.md"
        target.write_text("old", encoding="utf-8")
        dialog.query_one(Input).value = str(target)
        await pilot.press("enter")
        await pilot.pause()
        assert target.read_text(encoding="utf-8") == "old"  # asks first
        await pilot.press("enter")
        await pilot.pause()
        text = target.read_text(encoding="utf-8")
        assert text.startswith("# Story groups and fact ledger") and "180 firefighters" in text
        assert app.screen is screen
        # The same dialog offers the ledger as JSON too.
        await pilot.press("e")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        await pilot.click("#format-json")
        await pilot.pause()
        field = dialog.query_one("#export-path", Input)
        assert field.value.endswith("-ledger.json")
        field.value = str(tmp_path / "out.json")
        await pilot.press("enter")
        await pilot.pause()
        data = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
        assert len(data["groups"]) == 1
        assert app.screen is screen


async def test_escape_cancels_then_goes_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tui.core.groups as groups

    library = load_library([TWO_STORIES])
    app = SideBySideApp(library, config_folder=tmp_path / "config")
    release = threading.Event()
    real = groups.group_articles

    def held(*args: Any, **kwargs: Any) -> groups.Grouping:
        # Hold the grouping until the test has pressed escape; then it sees the cancel.
        release.wait(5)
        return real(*args, **kwargs)

    monkeypatch.setattr(groups, "group_articles", held)
    async with app.run_test(size=SIZE) as pilot:
        screen = OverviewScreen(library.articles, cache_dir=tmp_path / "cache")
        await app.push_screen(screen)
        await pilot.pause()
        assert screen.is_busy
        await pilot.press("escape")
        release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.grouping is None and app.screen is screen
        assert "Stopped" in str(screen.query_one("#overview-status").render())
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)


async def test_reopening_uses_the_cache(app: SideBySideApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        first = await _open(app, pilot)
        assert first.grouping is not None and first.grouping.computed > 0
        await pilot.press("escape")
        await pilot.pause()
        second = await _open(app, pilot)
        assert second.grouping is not None and second.grouping.computed == 0


def test_data_tables_are_data_tables() -> None:
    assert issubclass(SimilarityMatrix, DataTable) and issubclass(LedgerTable, DataTable)


async def test_narrow_terminal_keeps_the_whole_matrix_in_view(app: SideBySideApp) -> None:
    import os

    from rich.console import Console

    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(app, pilot)
        assert screen.has_class("-narrow")
        matrix = screen.query_one(SimilarityMatrix)
        # Every outlet's column fits: nothing to scroll sideways.
        assert matrix.virtual_size.width <= matrix.scrollable_content_region.width
        # A group's wrapped title stays indented under it, clear of its number.
        groups = screen.query_one("#overview-groups", OptionList)
        console = Console(width=22, record=True, file=open(os.devnull, "w"))  # noqa: SIM115
        console.print(groups.get_option_at_index(0).prompt)
        lines = console.export_text().rstrip("\n").splitlines()
        assert lines[0].startswith("1. ") and len(lines) > 2
        assert all(line.startswith("   ") for line in lines[1:])


async def test_progress_bar_follows_the_grouping_and_escape_cancels(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from textual.widgets import ProgressBar

    import tui.core.groups as groups

    library = load_library([TWO_STORIES])
    app = SideBySideApp(library, config_folder=tmp_path / "config")
    reported = threading.Event()
    release = threading.Event()

    def halfway(*args: Any, progress: Any = None, cancel: Any = None, **kwargs: Any) -> Any:
        # Report 40%, then wait (as a long grouping would) until the test has pressed escape.
        progress(0.4)
        reported.set()
        release.wait(5)
        if cancel.is_set():
            raise groups.Cancelled
        raise AssertionError("escape did not reach the worker")

    monkeypatch.setattr(groups, "group_articles", halfway)
    async with app.run_test(size=SIZE) as pilot:
        screen = OverviewScreen(library.articles, cache_dir=tmp_path / "cache")
        await app.push_screen(screen)
        assert reported.wait(5)
        await pilot.pause()
        bar = screen.query_one("#overview-progress", ProgressBar)
        assert bar.display and bar.progress == pytest.approx(0.4)
        status = str(screen.query_one("#overview-status").render())
        assert "Grouping" in status and "escape" in status
        # The screen answers keys while the worker runs: the reader never freezes.
        await pilot.press("escape")
        release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.grouping is None and not bar.display
        assert "Stopped" in str(screen.query_one("#overview-status").render())


async def test_copies_tab_shows_who_copied_whom_and_opens_the_pair(app: SideBySideApp) -> None:
    from tui.screens.overview import CopiesTable

    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(app, pilot)
        grouping = screen.grouping
        assert grouping is not None
        await pilot.press("w")
        await pilot.pause()
        assert screen.query_one(TabbedContent).active == "copies"
        table = screen.query_one(CopiesTable)
        assert app.focused is table
        group = grouping.groups[0]
        assert table.row_count == len(group.members)
        rows = [[str(c) for c in table.get_row_at(r)] for r in range(table.row_count)]
        # Earliest first. Brindle Post and Kestrel News share the first day and no `via`:
        # neither is the first report, each names the other, of the same day, order unknown.
        # The later report names an outlet, the share of its sentences found there, a verdict.
        # Columns: outlet, date, source, found, verbatim, verdict.
        for row in rows:
            assert row[2] and "%" in row[3] and "%" in row[4]
        for row in rows[:2]:
            assert row[2].endswith("(same day)") and row[5] == "order unknown"
        assert rows[2][2].endswith("(2025-06-03)")
        assert rows[2][5] in ("near-copy", "rewrite", "independent")
        # `enter` on a copy opens it beside its source: source as A, the copy as B.
        table.move_cursor(row=1)
        await pilot.press("enter")
        await pilot.pause()
        compare = app.screen
        assert isinstance(compare, CompareScreen)
        key = table.coordinate_to_cell_key(Coordinate(1, 0)).row_key.value
        assert key is not None
        p = grouping.provenance[int(key)]
        assert p.source is not None
        assert compare.article_a.id == grouping.articles[p.source].id
        assert compare.article_b.id == grouping.articles[p.article].id
        await app.workers.wait_for_complete()


async def test_copies_first_report_opens_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui.screens.overview import CopiesTable

    monkeypatch.setenv("SIDEBYSIDE_CACHE_DIR", str(tmp_path / "cache"))
    # Two reports of the fire on different days: the earlier is the first report.
    library = tmp_path / "library"
    library.mkdir()
    for name in ("2025-06-03-brindle-post.md", "2025-06-04-valley-wire.md"):
        (library / name).write_text((TWO_STORIES / name).read_text(encoding="utf-8"), "utf-8")
    app = make_app(paths=(library,), config_dir=tmp_path / "config")
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(app, pilot)
        await pilot.press("w")
        await pilot.pause()
        table = screen.query_one(CopiesTable)
        verdict = [c.key.value for c in table.ordered_columns].index("verdict")
        assert str(table.get_row_at(0)[verdict]) == "first report"
        table.move_cursor(row=0)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen


VOA = "Voice of America (VOA News)"
WHITE_HOUSE = "The White House, Office of the Press Secretary (NSC spokesperson Caitlin Hayden)"


@pytest.fixture
def long_outlets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> SideBySideApp:
    """The fire story with real-world outlet names: one outlet twice (two dates), one long."""
    monkeypatch.setenv("SIDEBYSIDE_CACHE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "library"
    folder.mkdir()
    outlets = {
        "2025-06-03-brindle-post.md": VOA,
        "2025-06-03-kestrel-news.md": WHITE_HOUSE,
        "2025-06-04-valley-wire.md": VOA,
    }
    for name, outlet in outlets.items():
        text = (TWO_STORIES / name).read_text(encoding="utf-8")
        head, _, rest = text.partition("\n---\n")
        head = "\n".join(
            f'outlet: "{outlet}"' if line.startswith("outlet:") else line
            for line in head.splitlines()
        )
        (folder / name).write_text(f"{head}\n---\n{rest}", encoding="utf-8")
    return make_app(paths=(folder,), config_dir=tmp_path / "config")


def _fits(table: DataTable[Any], columns: int | None = None) -> bool:
    """True when the first `columns` columns (all by default) are visible without scrolling."""
    shown = table.ordered_columns[:columns]
    return sum(c.get_render_width(table) for c in shown) <= table.scrollable_content_region.width


async def _tab(app: SideBySideApp, pilot: Any, key: str) -> None:
    await pilot.press(key)
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


@pytest.mark.parametrize("size", [(80, 24), (160, 45)])
async def test_copies_fit_the_width_and_tell_one_outlet_apart(
    long_outlets: SideBySideApp, size: tuple[int, int]
) -> None:
    from tui.screens.overview import CopiesTable

    app = long_outlets
    async with app.run_test(size=size) as pilot:
        screen = await _open(app, pilot)
        await _tab(app, pilot, "w")
        table = screen.query_one(CopiesTable)
        assert table.row_count == 3
        # Nothing to scroll sideways: the figures and the verdict are on screen.
        assert _fits(table) and table.max_scroll_x == 0
        rows = [[str(c) for c in table.get_row_at(r)] for r in range(3)]
        # The first two are dated the same day: no order is claimed between them.
        assert rows[0][5] == "order unknown" and "%" in rows[0][3]
        for row in rows[1:]:
            assert "%" in row[3] and "%" in row[4]
            assert row[5] in ("near-copy", "rewrite", "order unknown")
        # The long outlet is cut with an ellipsis; the closest earlier article names which VOA
        # report (its date), also when cut.
        assert any(row[0].endswith("…") for row in rows) or size[0] > 100
        # (cut to `V… Jun 3` at 80 columns)
        sources = [row[2] for row in rows if row[2].startswith("V")]
        assert sources and all("Jun 3" in s or "Jun 4" in s for s in sources), rows


async def test_copies_are_laid_out_again_when_the_terminal_narrows(
    long_outlets: SideBySideApp,
) -> None:
    from tui.screens.overview import CopiesTable

    app = long_outlets
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await _open(app, pilot)
        await _tab(app, pilot, "w")
        table = screen.query_one(CopiesTable)
        table.move_cursor(row=2)
        wide = [str(c) for c in table.get_row_at(1)]
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.pause()
        assert _fits(table) and table.cursor_row == 2
        narrow = [str(c) for c in table.get_row_at(1)]
        assert len(narrow[0]) < len(wide[0]) or len(narrow[2]) < len(wide[2])


async def test_matrix_and_ledger_headers_tell_one_outlet_apart_at_80(
    long_outlets: SideBySideApp,
) -> None:
    app = long_outlets
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(app, pilot)
        matrix = screen.query_one(SimilarityMatrix)
        headers = [str(c.label) for c in matrix.ordered_columns[1:]]
        assert len(set(headers)) == 3
        assert sum("Jun 3" in h for h in headers) == 1 and sum("Jun 4" in h for h in headers) == 1
        rows = [str(matrix.get_cell_at(Coordinate(r, 0))) for r in range(3)]
        assert len(set(rows)) == 3 and matrix.fixed_columns == 1
        await _tab(app, pilot, "l")
        table = screen.query_one(LedgerTable)
        outlets = [str(c.label) for c in table.ordered_columns[2:]]
        assert len(set(outlets)) == 3 and any("Jun 4" in h for h in outlets)
        # The fact, its kind and the first two outlets fit at 80 columns; the fact column stays
        # in place when the outlets scroll sideways.
        assert _fits(table, 4) and table.fixed_columns == 1
        assert all(len(str(table.get_cell_at(Coordinate(r, 0)))) <= 38 for r in range(3))
