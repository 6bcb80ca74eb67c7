"""Snapshots of the comparison screen: wide (120x36) and narrow (80x24), highlights, the facts
panel, search and help. The comparison comes from the fixture engine in
`tests/ui/compare_fixture.py`, so engine changes never move these pictures."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from tests.ui.compare_fixture import CompareTestApp, fake_compare
from tui.core.notes import NoteStore, Passage, data_dir, passage_of

WIDE = (120, 36)
NARROW = (80, 24)


async def _settle(pilot: Pilot[Any]) -> None:
    # The comparison worker must finish and the panes lay out at their final width.
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


class TestCompare:
    def test_wide(self, snap_compare: Any, tmp_path: Path) -> None:
        assert snap_compare(CompareTestApp(tmp_path), terminal_size=WIDE, run_before=_settle)

    def test_narrow(self, snap_compare: Any, tmp_path: Path) -> None:
        assert snap_compare(CompareTestApp(tmp_path), terminal_size=NARROW, run_before=_settle)

    def test_divergence_and_conflict(self, snap_compare: Any, tmp_path: Path) -> None:
        # n twice: the echo row (wording differs), then the hotel row (12 vs 14: a conflict).
        assert snap_compare(
            CompareTestApp(tmp_path), press=["n", "n"], terminal_size=WIDE, run_before=_settle
        )

    def test_one_sided_rows(self, snap_compare: Any, tmp_path: Path) -> None:
        # Only in A (kilo) and, below it, only in B (papa).
        assert snap_compare(
            CompareTestApp(tmp_path), press=["c", "c"], terminal_size=WIDE, run_before=_settle
        )


class TestFactsPanel:
    def test_wide(self, snap_compare: Any, tmp_path: Path) -> None:
        assert snap_compare(
            CompareTestApp(tmp_path), press=["f"], terminal_size=WIDE, run_before=_settle
        )

    def test_narrow(self, snap_compare: Any, tmp_path: Path) -> None:
        assert snap_compare(
            CompareTestApp(tmp_path), press=["f"], terminal_size=NARROW, run_before=_settle
        )


class TestSearch:
    def test_hits_stay_highlighted(self, snap_compare: Any, tmp_path: Path) -> None:
        # escape closes the search line (no blinking cursor); the hits stay highlighted.
        assert snap_compare(
            CompareTestApp(tmp_path),
            press=["slash", *"rose", "escape"],
            terminal_size=WIDE,
            run_before=_settle,
        )


class TestCompareHelp:
    def test_wide(self, snap_compare: Any, tmp_path: Path) -> None:
        assert snap_compare(
            CompareTestApp(tmp_path),
            press=["question_mark"],
            terminal_size=WIDE,
            run_before=_settle,
        )

    def test_narrow_legend(self, snap_compare: Any, tmp_path: Path) -> None:
        async def to_legend(pilot: Pilot[Any]) -> None:
            await _settle(pilot)
            await pilot.press("f1")
            await pilot.pause()
            # The highlight legend, drawn in the panes' colours, at the top of the help.
            pilot.app.screen.query_one("#help-legend").scroll_visible(top=True, animate=False)
            await pilot.pause()

        assert snap_compare(CompareTestApp(tmp_path), terminal_size=NARROW, run_before=to_legend)


class TestNotes:
    def test_gutter_signs_and_panel(self, snap_compare: Any, tmp_path: Path) -> None:
        # Notes made earlier: two on passages of this comparison, one detached (its passage
        # grouped differently now), so the panel shows every kind of entry.
        app = CompareTestApp(tmp_path)
        cmp = fake_compare(app.article_a, app.article_b)
        store, _ = NoteStore.open(data_dir())
        store.save(cmp.a, cmp.b, passage_of(cmp, 8), "disputed", "12 or 14 dead?")
        store.save(cmp.a, cmp.b, passage_of(cmp, 11), "needs-source")
        store.save(
            cmp.a,
            cmp.b,
            Passage((cmp.sentences_a[5].text, "A sentence since cut."), ()),
            "confirmed",
            "seen on the ground",
        )
        store.close()
        assert snap_compare(app, press=[*"jjjjjjj", "M"], terminal_size=WIDE, run_before=_settle)
