"""Terminal resizes under Pilot: 40x12 and back, and 300x80, on the library and the comparison."""

from __future__ import annotations

from pathlib import Path

from tests.bad_inputs.conftest import MakeBad
from tests.ui.compare_fixture import ready
from tui.app import make_app
from tui.screens.compare import CompareScreen
from tui.screens.library import LibraryScreen

SIZES = ((40, 12), (120, 36), (300, 80), (40, 12), (80, 24))


async def test_library_survives_resizes(make_bad: MakeBad, partner: Path, config_dir: Path) -> None:
    folder = make_bad("unicode").parent
    (folder / partner.name).write_text(partner.read_text("utf-8"), "utf-8")
    app = make_app(paths=(folder,), config_dir=config_dir)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        for size in SIZES:
            await pilot.resize_terminal(*size)
            await pilot.pause()
            await pilot.press("down")
            assert isinstance(app.screen, LibraryScreen)
            assert app.screen.size == size
        await pilot.press("enter")  # compare from the smallest-but-one size
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, CompareScreen)


async def test_comparison_survives_resizes(
    make_bad: MakeBad, partner: Path, config_dir: Path
) -> None:
    app = make_app(paths=(make_bad("unicode"), partner), config_dir=config_dir)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await ready(app, pilot)
        assert screen.comparison is not None
        last = len(screen.comparison.rows) - 1
        for size in SIZES:
            await pilot.resize_terminal(*size)
            await pilot.pause()
            await pilot.pause()
            await pilot.press("G", "f", "f", "j")
            assert screen.current == last
            assert screen.size == size
            # Rows still start on the same line in both panes when side by side.
            if screen.aligned:
                assert screen.pane_a.layout_lines.row_top == screen.pane_b.layout_lines.row_top
        assert app.is_running
