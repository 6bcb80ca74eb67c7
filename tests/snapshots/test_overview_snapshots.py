"""Snapshots of the overview screen: the similarity matrix and the fact ledger (120x36)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.snapshots.conftest import SnapApp
from tui.core.ledger import Ledger, LedgerCell, LedgerRow
from tui.core.store import PairData
from tui.core.types import Article

WIDE = (120, 36)
TWO_STORIES = Path(__file__).resolve().parents[1] / "fixtures" / "two_stories"


@pytest.fixture(autouse=True)
def _fixed_figures(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Snapshots test the screen, not the engine's tuning (tests/core covers that): similarity
    is word overlap, the ledger a fixed table. A fresh cache per test, never the user's."""
    import tui.core.groups as groups
    import tui.core.ledger as ledger

    monkeypatch.setenv("SIDEBYSIDE_CACHE_DIR", str(tmp_path / "cache"))

    def overlap(a: Article, b: Article, **_: object) -> PairData:
        wa, wb = set(a.text.lower().split()), set(b.text.lower().split())
        value = round(len(wa & wb) / len(wa | wb), 4)
        # Sentences "found" in proportion to the overlap, for the provenance column.
        na, nb = len(a.paragraphs) + 1, len(b.paragraphs) + 1
        la, lb = round(na * value * 2), round(nb * value * 2)
        return PairData(value, na, nb, min(na, la), min(nb, lb), min(na, la) // 2, min(nb, lb) // 2)

    def fixed_ledger(articles: Sequence[Article], **_: object) -> Ledger:
        n = len(articles)
        stated = [LedgerCell("stated", f"{200 - 20 * k} firefighters", 1) for k in range(n)]
        rows = (
            LedgerRow("number", stated[0].text, tuple(stated), True, "firefighters", (0, 1), 1),
            LedgerRow(
                "person",
                "Ruth Calder",
                (LedgerCell("stated", "Ruth Calder", 7), *[LedgerCell("missing")] * (n - 1)),
                pair=(0, 1),
                sentence=7,
            ),
            LedgerRow(
                "quote",
                "The wind turned twice this afternoon",
                (LedgerCell("stated", "x", 4), *[LedgerCell("reported")] * (n - 1)),
                pair=(0, 1),
                sentence=4,
            ),
        )
        return Ledger(tuple(articles), rows)

    monkeypatch.setattr(groups, "engine_pair", overlap)
    monkeypatch.setattr(ledger, "build_ledger", fixed_ledger)


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

    def test_copies(self, snap_compare: Any, snap_app: SnapApp) -> None:
        app = snap_app(paths=(TWO_STORIES,))
        assert snap_compare(app, terminal_size=WIDE, run_before=_keys("o", "w"))
