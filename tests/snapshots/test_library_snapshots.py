"""Snapshots of the library screen and the help screen, wide (120x36) and narrow (80x24)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from tests.snapshots.conftest import SnapApp

WIDE = (120, 36)
NARROW = (80, 24)


async def _settle(pilot: Pilot[Any]) -> None:
    # The breakpoint class and the title column width land after the first layout.
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


class TestLibrary:
    def test_wide(self, snap_compare: Any, snap_app: SnapApp) -> None:
        assert snap_compare(snap_app(), terminal_size=WIDE, run_before=_settle)

    def test_narrow(self, snap_compare: Any, snap_app: SnapApp) -> None:
        assert snap_compare(snap_app(), terminal_size=NARROW, run_before=_settle)

    def test_marks_and_cursor(self, snap_compare: Any, snap_app: SnapApp) -> None:
        assert snap_compare(
            snap_app(),
            press=["down", "a", "down", "b", "down"],
            terminal_size=WIDE,
            run_before=_settle,
        )

    def test_filtered(self, snap_compare: Any, snap_app: SnapApp) -> None:
        # `enter` leaves the filter box, so no blinking cursor is captured.
        assert snap_compare(
            snap_app(),
            press=["slash", *"ferry", "enter"],
            terminal_size=NARROW,
            run_before=_settle,
        )

    def test_empty_library(self, snap_compare: Any, snap_app: SnapApp, tmp_path: Path) -> None:
        # An empty folder given as --library: the empty state, not an error.
        from tui.app import make_app

        folder = tmp_path / "library"
        folder.mkdir()
        app = make_app(library=folder, config_dir=tmp_path / "config")
        assert snap_compare(app, terminal_size=NARROW, run_before=_settle)


class TestHelp:
    def test_wide(self, snap_compare: Any, snap_app: SnapApp) -> None:
        assert snap_compare(
            snap_app(), press=["question_mark"], terminal_size=WIDE, run_before=_settle
        )

    def test_narrow(self, snap_compare: Any, snap_app: SnapApp) -> None:
        assert snap_compare(snap_app(), press=["f1"], terminal_size=NARROW, run_before=_settle)
