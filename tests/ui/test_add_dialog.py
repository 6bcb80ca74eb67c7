"""Pilot tests of the add dialog on a minimal app, with an injected fetch (no network)."""

from __future__ import annotations

import asyncio
import threading
import urllib.error
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.widgets import Input, LoadingIndicator, Static

from tests.ui.conftest import MakeApp
from tui.app import SideBySideApp
from tui.core.articles import load_article
from tui.core.importer import AddResult, add_source
from tui.paths import bundled_articles_dir
from tui.screens import add_dialog
from tui.screens.add_dialog import AddDialog, library_for_adding
from tui.screens.library import LibraryScreen

HTML = Path(__file__).resolve().parents[1] / "fixtures" / "html"
PAGE = (HTML / "harbour_bridge.html").read_bytes()
URL = "https://www.coastalherald.example/news/2024/05/harbour-bridge-reopens"


class DialogApp(App[None]):
    """Pushes the dialog at start and records what it dismissed with."""

    def __init__(self, dialog: AddDialog) -> None:
        super().__init__()
        self.dialog = dialog
        self.result: list[Path | None] = []

    def compose(self) -> ComposeResult:
        yield Static("library")

    def on_mount(self) -> None:
        self.push_screen(self.dialog, callback=self.result.append)


def _messages(app: App[Any]) -> list[tuple[str, str]]:
    return [(str(n.message), n.severity) for n in app._notifications]


async def _submit(pilot: Pilot[None], app: DialogApp, source: str) -> None:
    # Typing a long URL key by key is slow under Pilot; the Input itself is Textual's concern.
    app.dialog.query_one("#add-source", Input).value = source
    await pilot.press("enter")


def _serve(page: bytes, asked: list[str]) -> Callable[[str], bytes]:
    def fetch(url: str) -> bytes:
        asked.append(url)
        return page

    return fetch


async def test_url_is_fetched_in_a_worker_and_dialog_dismisses_with_path(tmp_path: Path) -> None:
    asked: list[str] = []
    app = DialogApp(AddDialog(tmp_path / "lib", fetch=_serve(PAGE, asked)))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.dialog.query_one("#add-source", Input).has_focus
        await _submit(pilot, app, URL)
        await app.workers.wait_for_complete()
        await pilot.pause()
        expected = tmp_path / "lib" / "2024-05-21-the-coastal-herald.md"
        assert asked == [URL]
        assert app.result == [expected]
        assert load_article(expected).outlet == "The Coastal Herald"
        assert _messages(app) == [
            (
                "Added Harbour bridge reopens after eight months of repairs → "
                "2024-05-21-the-coastal-herald.md",
                "information",
            )
        ]


async def test_file_path_source_and_already_there(tmp_path: Path) -> None:
    library = tmp_path / "lib"
    for attempt in range(2):
        app = DialogApp(AddDialog(library, fetch=_serve(b"", [])))
        async with app.run_test(size=(100, 30)) as pilot:
            app.dialog.query_one("#add-source", Input).value = str(HTML / "no_site_name.html")
            await pilot.click("#add-ok")
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert app.result == [library / "2023-11-02-valleypost-example.md"]
            if attempt == 1:
                # The second time nothing is written and the existing file is returned.
                assert _messages(app) == [
                    ("Already there: 2023-11-02-valleypost-example.md (same URL)", "warning")
                ]
    assert [p.name for p in library.iterdir()] == ["2023-11-02-valleypost-example.md"]


async def test_network_failure_is_a_notification_and_dialog_stays_open(tmp_path: Path) -> None:
    def fetch(url: str) -> bytes:
        raise urllib.error.URLError("Name or service not known")

    app = DialogApp(AddDialog(tmp_path / "lib", fetch=fetch))
    async with app.run_test(size=(100, 30)) as pilot:
        await _submit(pilot, app, "https://down.example/a")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.result == []
        assert app.screen is app.dialog
        assert _messages(app) == [
            (
                "https://down.example/a: cannot reach the server (Name or service not known)",
                "error",
            )
        ]
        field = app.dialog.query_one("#add-source", Input)
        assert not field.disabled and field.has_focus
        assert not app.dialog.query_one("#add-loading", LoadingIndicator).display
        assert not (tmp_path / "lib").exists()


async def test_page_without_article_is_a_notification(tmp_path: Path) -> None:
    page = (HTML / "no_article.html").read_bytes()
    app = DialogApp(AddDialog(tmp_path / "lib", fetch=_serve(page, [])))
    async with app.run_test(size=(100, 30)) as pilot:
        await _submit(pilot, app, "https://x.example/404")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen is app.dialog
        assert _messages(app) == [("https://x.example/404: no article text found", "error")]


async def test_empty_source_warns(tmp_path: Path) -> None:
    app = DialogApp(AddDialog(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is app.dialog
        assert _messages(app) == [("Paste a URL or type a file path.", "warning")]


async def test_loading_indicator_while_busy_then_timeout(tmp_path: Path) -> None:
    release = threading.Event()
    started = threading.Event()

    def stuck(url: str) -> bytes:
        # A server that never answers; released at the end so the thread can finish.
        started.set()
        release.wait()
        raise TimeoutError("timed out")

    # Deadlines long enough that a loaded machine still finds the dialog busy right after the
    # submit (at 0.1 + 0.2 s it had sometimes given up already).
    app = DialogApp(AddDialog(tmp_path / "lib", fetch=stuck, timeout=1.0, grace=1.0))
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await _submit(pilot, app, "https://slow.example/a")
            await pilot.pause()
            assert app.dialog.busy
            assert app.dialog.query_one("#add-loading", LoadingIndicator).display
            assert app.dialog.query_one("#add-source", Input).disabled
            # Wait (bounded) for the dialog's own deadline to fire.
            for _ in range(500):
                if not app.dialog.busy:
                    break
                await pilot.pause(0.02)
            assert started.is_set()
            assert not app.dialog.busy
            assert app.screen is app.dialog
            assert _messages(app) == [("https://slow.example/a: timed out after 2 s", "error")]
            assert not app.dialog.query_one("#add-source", Input).disabled
    finally:
        release.set()


async def test_download_ending_after_the_timeout_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = threading.Event()
    done = threading.Event()

    def late(url: str) -> bytes:
        # The page arrives, but only after the dialog has told the user it timed out.
        release.wait()
        return PAGE

    def add_and_signal(*args: Any, **kwargs: Any) -> AddResult:
        # The worker's thread outlives the dialog's wait: the test waits for the thread itself.
        try:
            return add_source(*args, **kwargs)
        finally:
            done.set()

    monkeypatch.setattr(add_dialog, "add_source", add_and_signal)
    library = tmp_path / "lib"
    app = DialogApp(AddDialog(library, fetch=late, timeout=0.1, grace=0.1))
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await _submit(pilot, app, URL)
            for _ in range(200):
                if not app.dialog.busy:
                    break
                await pilot.pause(0.02)
            assert not app.dialog.busy
            release.set()
            assert await asyncio.to_thread(done.wait, 30)
            await pilot.pause()
            assert [severity for _, severity in _messages(app)] == ["error"]
            assert app.result == []
    finally:
        release.set()
    assert not library.exists() or list(library.iterdir()) == []


async def test_escape_cancels(tmp_path: Path) -> None:
    app = DialogApp(AddDialog(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("escape")
        await pilot.pause()
        assert app.result == [None]


async def test_article_text_is_not_markup(tmp_path: Path) -> None:
    src = tmp_path / "2024-01-01-odd-outlet.txt"
    src.write_text(
        "[bold red]Not markup[/] \x1b[31mheadline\n\nA body paragraph that is long enough.\n",
        encoding="utf-8",
    )
    app = DialogApp(AddDialog(tmp_path / "lib"))
    async with app.run_test(size=(100, 30)) as pilot:
        app.dialog.query_one("#add-source", Input).value = str(src)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        [(message, severity)] = _messages(app)
        assert severity == "information"
        assert message.startswith("Added [bold red]Not markup[/] headline → ")
        assert "\x1b" not in message


# --------------------------------------------------------------------------- from the library


def _library_screen(app: SideBySideApp) -> LibraryScreen:
    screen = app.screen
    assert isinstance(screen, LibraryScreen)
    return screen


async def test_plus_on_library_adds_lists_and_selects(app_factory: MakeApp, corpus: Path) -> None:
    app = app_factory(library=corpus)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        library = _library_screen(app)
        before = len(library.articles)
        await pilot.press("plus")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, AddDialog)
        assert dialog.library_dir == corpus
        dialog.query_one("#add-source", Input).value = str(HTML / "harbour_bridge.html")
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert library is app.screen
        assert len(library.articles) == before + 1
        assert len(app.library.articles) == before + 1
        selected = library.table.selected
        assert selected is not None
        assert selected.outlet == "The Coastal Herald"
        assert selected.path == corpus / "2024-05-21-the-coastal-herald.md"
        assert "Harbour bridge reopens" in library.preview.plain


async def test_plus_on_empty_library_shows_the_new_article(
    app_factory: MakeApp, tmp_path: Path
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    app = app_factory(library=empty)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        library = _library_screen(app)
        assert not library.articles
        await pilot.press("plus")
        await pilot.pause()
        app.screen.query_one("#add-source", Input).value = str(HTML / "no_site_name.html")
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert library is app.screen
        assert [a.outlet for a in library.table.articles] == ["valleypost.example"]
        assert library.table.has_focus


async def test_plus_is_unavailable_when_opened_on_files(app_factory: MakeApp) -> None:
    app = app_factory()  # opened on a folder given as PATH, not as the library
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert app.library_dir is None
        await pilot.press("plus")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        [(message, severity)] = _messages(app)
        assert severity == "warning" and "--library DIR" in message


def test_library_for_adding(tmp_path: Path) -> None:
    # The bundled library, wherever it lives (inside the installed package, or the checkout's
    # articles/ folder in an editable install), never takes the user's articles.
    bundled = bundled_articles_dir()
    assert library_for_adding(bundled, cwd=tmp_path) == tmp_path / "articles"
    assert library_for_adding(tmp_path / "mine", cwd=tmp_path) == tmp_path / "mine"
