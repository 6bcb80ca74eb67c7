"""Every bad input of issue 6 through the reader: open the library, open a comparison, export.

The reader is driven with Pilot on generated files. What reaches the terminal is read back from
the screen's compositor, so "shown literally" and "no control code" are checked on what a user
would actually see.
"""

from __future__ import annotations

import errno
import os
import re
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from rich.cells import cell_len as rich_cell_len
from textual.pilot import Pilot
from textual.widgets import Static

from tests.bad_inputs.conftest import (
    BAD_FILES,
    LOADED,
    MARKUP,
    PARTNER,
    MakeBad,
    make_directory_article,
    make_symlink_loop,
    write_library,
    write_many_sentences,
)
from tests.core.test_export import plain_text
from tests.ui.compare_fixture import ready
from tui.app import SideBySideApp, make_app
from tui.core.compare import compare
from tui.core.types import Article, Comparison
from tui.screens.compare import CompareScreen
from tui.screens.export_dialog import ExportDialog
from tui.screens.help import HelpScreen
from tui.screens.issues import IssuesScreen
from tui.screens.library import LibraryScreen
from tui.widgets.article_preview import ArticlePreview
from tui.widgets.facts_panel import FactsPanel
from tui.widgets.passage_pane import GUTTER_WIDTH, PassagePane

RAW_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
SIZE = (120, 36)


def screen_text(app: SideBySideApp) -> str:
    """What the terminal shows now, one line per screen row."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def assert_clean_screen(app: SideBySideApp) -> str:
    text = screen_text(app)
    assert not RAW_CONTROL.search(text.replace("\n", "")), repr(text)
    return text


def build(config_dir: Path, *paths: Path) -> SideBySideApp:
    return make_app(paths=paths, config_dir=config_dir)


async def settle(app: SideBySideApp, pilot: Pilot[int]) -> None:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


def notices(app: SideBySideApp) -> str:
    return "\n".join(n.message for n in app._notifications)


# -- the library ----------------------------------------------------------------------------------


async def test_library_of_every_bad_file_opens_and_lists_the_problems(
    bad_folder: Path, config_dir: Path
) -> None:
    app = build(config_dir, bad_folder)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        assert len(screen.articles) == len(LOADED) + 1
        assert "Some files had problems" in notices(app)
        # Every skipped or warned-about file is among the problems `i` lists.
        for case in BAD_FILES:
            mine = [issue for issue in screen.issues if issue.path.name == case.filename]
            assert bool(mine) == (case.kind != "clean"), case.name
            if mine:
                assert any(case.reason in issue.message for issue in mine), mine
                assert all((issue.level == "error") == (case.kind == "skip") for issue in mine)
        await pilot.press("i")
        await pilot.pause()
        assert "error: " in issues_listed(app)
        assert_clean_screen(app)
        await pilot.press("escape")
        await pilot.pause()
        # Walk every article: each preview shows and nothing raw reaches the screen.
        for _ in screen.articles:
            assert_clean_screen(app)
            await pilot.press("down")
        assert app.is_running


@pytest.mark.parametrize("name", ["markup", "markup-front-matter"])
async def test_markup_is_shown_literally_in_list_and_preview(
    name: str, make_bad: MakeBad, partner: Path, config_dir: Path
) -> None:
    path = make_bad(name)
    app = build(config_dir, path.parent)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(app, pilot)
        text = assert_clean_screen(app)
        preview = app.screen.query_one(ArticlePreview)
        if name == "markup":
            assert f"{MARKUP[0]}Breaking[/] bridge news" in text
            for markup in MARKUP:
                assert markup in preview.plain
        else:
            assert f"{MARKUP[0]}Evil{MARKUP[2]} Outlet" in text
            assert f"{MARKUP[1]}Bridge reopens[/link]" in preview.plain
        # `[@click=app.quit]` was never an action: clicking everywhere on it quits nothing.
        for y, line in enumerate(text.splitlines()):
            x = line.find("[@click")
            if x >= 0:
                await pilot.click(offset=(x + 2, y))
        await pilot.pause()
        assert app.is_running


async def test_a_library_of_a_thousand_articles_opens_sorted_by_date(
    tmp_path: Path, config_dir: Path
) -> None:
    dates = write_library(tmp_path / "big-library", 1_000)
    app = build(config_dir, tmp_path / "big-library")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        shown = [article.date for article in screen.table.articles]
        assert shown == sorted(dates)
        await pilot.press("down", "down")
        await pilot.pause()
        assert screen.table.selected is screen.table.articles[2]
        assert screen.preview.article is screen.table.articles[2]


async def test_file_system_trouble_in_a_folder_is_listed_not_fatal(
    tmp_path: Path, partner: Path, config_dir: Path
) -> None:
    folder = partner.parent
    loop = make_symlink_loop(folder)
    # A directory named like an article is searched like any folder (it holds nothing).
    make_directory_article(folder)
    app = build(config_dir, folder)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, LibraryScreen)
        assert len(app.screen.articles) == 1
        await pilot.press("i")
        await pilot.pause()
        assert loop.name in issues_listed(app)


def issues_listed(app: SideBySideApp) -> str:
    """The lines of the load-problems list `i` opens (empty when it is not open)."""
    screen = app.screen
    if not isinstance(screen, IssuesScreen):
        return ""
    return "\n".join(str(w.render()) for w in screen.query(".issue").results(Static))


# -- the comparison ------------------------------------------------------------------------------


def pane_lines(pane: PassagePane) -> list[str]:
    return [pane.render_line(y).text for y in range(pane.size.height)]


def assert_panes_aligned(screen: CompareScreen) -> None:
    """Rows start on the same line in both panes; each drawn line is exactly the pane's width;
    no wrapped piece of text is wider than the text column (so nothing is cut off)."""
    a, b = screen.pane_a, screen.pane_b
    assert a.layout_lines.row_top == b.layout_lines.row_top
    assert a.layout_lines.height == b.layout_lines.height
    for pane in (a, b):
        width = pane.scrollable_content_region.width
        for y in range(pane.size.height):
            assert pane.render_line(y).cell_length == width
        for line in pane.layout_lines.lines:
            if line.kind == "text":
                piece = pane.content.texts[line.row][line.start : line.end]
                assert rich_cell_len(piece) <= pane.text_width, piece


async def open_pair(app: SideBySideApp, pilot: Pilot[int]) -> CompareScreen:
    screen = await ready(app, pilot)
    assert screen.comparison is not None
    return screen


# The files whose text reaches the panes in an unusual shape; the others differ only in how
# they were decoded, which the library test above already walks through.
SHOWN = ("markup", "markup-front-matter", "escapes", "unicode", "latin-1", "fm-unterminated")


@pytest.mark.parametrize("name", SHOWN)
async def test_hostile_text_compares_and_exports(
    name: str, make_bad: MakeBad, partner: Path, config_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = make_bad(name)
    monkeypatch.chdir(path.parent)
    app = build(config_dir, path, partner)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_pair(app, pilot)
        comparison = screen.comparison
        assert comparison is not None
        assert_panes_aligned(screen)
        assert_clean_screen(app)
        await pilot.press("f")
        await pilot.pause()
        facts = assert_clean_screen(app)
        if name == "markup":
            shown = "\n".join(pane_lines(screen.pane_a))
            assert MARKUP[0] in shown and MARKUP[2] in shown
            assert "[bold red]" in facts or not comparison.only_a
        await pilot.press("f", "G", "g", "e")
        await pilot.pause()
        assert isinstance(app.screen, ExportDialog)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CompareScreen)
        (written,) = path.parent.glob("*-vs-*.md")
        exported = written.read_text(encoding="utf-8")
        assert not RAW_CONTROL.search(exported.replace("\n", "").replace("\t", ""))
        if name == "markup":
            for markup in MARKUP:
                assert markup in plain_text(exported)
        assert app.is_running


async def test_wide_rtl_combining_and_emoji_stay_aligned_at_every_width(
    make_bad: MakeBad, config_dir: Path
) -> None:
    path = make_bad("unicode")
    app = build(config_dir, path, path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_pair(app, pilot)
        for size in ((100, 30), (161, 40), (203, 50)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            await pilot.pause()
            assert screen.pane_a.text_width + GUTTER_WIDTH < size[0]
            assert_panes_aligned(screen)
            assert_clean_screen(app)


async def test_same_article_twice_and_nothing_in_common(
    partner: Path, tmp_path: Path, config_dir: Path
) -> None:
    copy = tmp_path / "copy.txt"
    copy.write_text(PARTNER, encoding="utf-8")
    other = tmp_path / "other.txt"
    other.write_text("Zebra zoo opens\n\nKangaroos juggle quietly. Penguins yodel.\n", "utf-8")
    for b, figure in ((copy, "100% similar"), (other, "0% similar")):
        app = build(config_dir, partner, b)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_pair(app, pilot)
            assert screen.comparison is not None
            text = assert_clean_screen(app)
            assert figure in text
            if b is copy:
                assert not screen.comparison.only_a and not screen.comparison.only_b
            else:
                assert all(row.kind != "match" for row in screen.comparison.rows)
            await pilot.press("f", "n", "c", "G")
            await pilot.pause()
            assert_clean_screen(app)


async def test_reader_stays_responsive_while_a_big_comparison_runs(
    tmp_path: Path, config_dir: Path
) -> None:
    big_a = write_many_sentences(tmp_path / "big-a.txt", 1_000, seed=1)
    big_b = write_many_sentences(tmp_path / "big-b.txt", 1_000, seed=2)
    started, release = threading.Event(), threading.Event()

    def gated(
        a: Article,
        b: Article,
        *,
        cancel: threading.Event | None = None,
        progress: Callable[[float], None] | None = None,
    ) -> Comparison:
        def report(fraction: float) -> None:
            if progress is not None:
                progress(fraction)
            # Hold the real engine mid-run until the test has pressed its keys.
            if not started.is_set():
                started.set()
                release.wait(timeout=30)

        return compare(a, b, cancel=cancel, progress=report)

    app = build(config_dir, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        library = app.screen
        assert isinstance(library, LibraryScreen)
        articles = {article.path.name: article for article in library.articles}
        screen = CompareScreen(
            articles[big_a.name], articles[big_b.name], app.library, comparer=gated
        )
        await app.push_screen(screen)
        for _ in range(600):
            if started.is_set():
                break
            await pilot.pause(0.05)
        assert started.is_set()
        assert screen.is_comparing
        assert "Comparing" in screen_text(app)
        # Keys are handled while the worker runs: help opens and closes.
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("question_mark")
        await pilot.pause()
        assert app.screen is screen
        assert screen.is_comparing
        release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.comparison is not None
        assert len(screen.comparison.sentences_a) == 1_001
        await pilot.press("G")
        await pilot.pause()
        assert screen.current == len(screen.comparison.rows) - 1


# -- export failures -----------------------------------------------------------------------------


async def test_export_to_a_full_disk_keeps_the_reader_open_and_leaves_nothing(
    partner: Path, tmp_path: Path, config_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    existing = out / "report.md"
    existing.write_text("old report", encoding="utf-8")
    monkeypatch.chdir(out)
    app = build(config_dir, partner, partner)
    async with app.run_test(size=SIZE) as pilot:
        await open_pair(app, pilot)
        real_write = os.write

        def full(fd: int, data: bytes | memoryview) -> int:
            if fd > 2:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            return real_write(fd, data)

        monkeypatch.setattr(os, "write", full)
        await pilot.press("e")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        field = dialog.query_one("#export-path")
        field.value = "report.md"  # type: ignore[attr-defined]
        await pilot.press("enter")  # exists: asks first
        await pilot.pause()
        assert existing.read_text(encoding="utf-8") == "old report"
        await pilot.press("enter")  # confirmed, but the disk is full
        await pilot.pause()
        assert app.screen is dialog
        assert "no space left on device" in notices(app)
        assert existing.read_text(encoding="utf-8") == "old report"
        assert sorted(p.name for p in out.iterdir()) == ["report.md"]
        monkeypatch.setattr(os, "write", real_write)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, CompareScreen)
        assert app.is_running


async def test_facts_panel_shows_markup_literally(
    make_bad: MakeBad, partner: Path, config_dir: Path
) -> None:
    path = make_bad("markup")
    app = build(config_dir, path, partner)
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await open_pair(app, pilot)
        await pilot.press("f")
        await pilot.pause()
        panel = screen.query_one(FactsPanel)
        assert panel.display
        assert_clean_screen(app)
        assert app.is_running
