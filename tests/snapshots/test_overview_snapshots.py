"""Snapshots of the overview screen: the similarity matrix and the fact ledger (120x36)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.snapshots.conftest import SnapApp

WIDE = (120, 36)
TWO_STORIES = Path(__file__).resolve().parents[1] / "fixtures" / "two_stories"


@pytest.fixture(autouse=True)
def _cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A fresh cache per test: the same figures whether computed or cached, never the user's.
    monkeypatch.setenv("SIDEBYSIDE_CACHE_DIR", str(tmp_path / "cache"))


def _keys(*keys: str) -> Callable[[Pilot[Any]], Awaitable[None]]:
    """Press `keys`, waiting for the workers after each (grouping, then the ledger)."""

    async def run(pilot: Pilot[Any]) -> None:
        for key in keys:
            await pilot.press(key)
            for _ in range(2):
                await pilot.pause()
                await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    return run


class TestOverview:
    def test_matrix(self, snap_compare: Any, snap_app: SnapApp) -> None:
        app = snap_app(paths=(TWO_STORIES,))
        assert snap_compare(app, terminal_size=WIDE, run_before=_keys("o"))

    def test_second_group(self, snap_compare: Any, snap_app: SnapApp) -> None:
        app = snap_app(paths=(TWO_STORIES,))
        assert snap_compare(app, terminal_size=WIDE, run_before=_keys("o", "g", "down"))

    def test_ledger(self, snap_compare: Any, snap_app: SnapApp) -> None:
        app = snap_app(paths=(TWO_STORIES,))
        assert snap_compare(app, terminal_size=WIDE, run_before=_keys("o", "l"))
