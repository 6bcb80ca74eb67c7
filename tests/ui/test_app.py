"""Pilot tests of the app shell: settings, themes, command palette, startup modes, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.widgets import Static

from tests.ui.conftest import CORPUS, MakeApp
from tui.app import SideBySideApp, make_app, run_reader
from tui.config import CONFIG_ENV, Settings, config_dir, load_settings, save_settings
from tui.core.articles import ArticleError
from tui.screens.issues import IssuesScreen
from tui.screens.library import LibraryScreen
from tui.widgets import ArticleTable

SIZE = (120, 36)


def _notifications(app: SideBySideApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def test_theme_choice_is_remembered(app_factory: MakeApp, config_dir: Path) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        assert app.theme != "nord"
        app.theme = "nord"
        await pilot.pause()
    saved = json.loads((config_dir / "config.json").read_text())
    assert saved["theme"] == "nord"
    again = app_factory()
    async with again.run_test(size=SIZE):
        assert again.theme == "nord"


async def test_corrupt_config_is_ignored_with_a_notification(
    app_factory: MakeApp, config_dir: Path
) -> None:
    (config_dir / "config.json").write_text("{not json", encoding="utf-8")
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        assert any("not valid JSON" in m for m in _notifications(app))
        # Picking a theme replaces the bad file with a good one.
        app.theme = "gruvbox"
        await pilot.pause()
    assert load_settings(config_dir) == (Settings(theme="gruvbox"), None)


async def test_unknown_theme_falls_back_with_a_notification(
    app_factory: MakeApp, config_dir: Path
) -> None:
    save_settings(config_dir, Settings(theme="no-such-theme"))
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.theme == "textual-dark"
        assert any("no-such-theme" in m for m in _notifications(app))


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("[1, 2]", "expected a JSON object"),
        ('{"theme": 3}', "'theme' must be a string"),
        ('{"theme": "nord", "keys": ["x"]}', "ignored 'keys'"),
        (b"\xff\xfe\x00garbage", "could not read"),
    ],
)
def test_load_settings_reports_bad_files(
    tmp_path: Path, content: str | bytes, problem: str
) -> None:
    path = tmp_path / "config.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    settings, message = load_settings(tmp_path)
    assert message is not None and problem in message
    assert settings.keys == {}


def test_save_settings_round_trips_and_leaves_no_temp_files(tmp_path: Path) -> None:
    folder = tmp_path / "deep" / "config"
    settings = Settings(theme="dracula", keys={"library.filter": "f"})
    save_settings(folder, settings)
    assert load_settings(folder) == (settings, None)
    assert [p.name for p in folder.iterdir()] == ["config.json"]


def test_config_dir_precedence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CONFIG_ENV, str(tmp_path / "env"))
    assert config_dir() == tmp_path / "env"
    assert config_dir(tmp_path / "arg") == tmp_path / "arg"
    monkeypatch.delenv(CONFIG_ENV)
    assert config_dir().name == "sidebyside"


async def test_command_palette_lists_screen_actions(app_factory: MakeApp) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        titles = [command.title for command in app.get_system_commands(app.screen)]
        for title in ("Filter", "Mark A", "Mark B", "Compare", "Help", "Theme", "Quit"):
            assert title in titles
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"mark b")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        assert screen.marked_b == screen.articles[0].id


async def test_two_files_open_straight_into_the_comparison(corpus: Path, config_dir: Path) -> None:
    a = corpus / "2024-03-14-harbour-gazette.md"
    b = corpus / "2024-03-14-coastline-daily.md"
    app = make_app(paths=[a, b], config_dir=config_dir)
    opened: list[tuple[str, str]] = []
    app.open_comparison = lambda a, b, **_: opened.append((a.outlet, b.outlet))  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert opened == [("Harbour Gazette", "Coastline Daily")]
        # The two files make up the library underneath.
        assert [x.outlet for x in app.library.articles] == ["Coastline Daily", "Harbour Gazette"]


async def test_comparison_screen_sits_over_the_library(corpus: Path, config_dir: Path) -> None:
    app = make_app(
        paths=[corpus / "2024-03-14-harbour-gazette.md", corpus / "2024-03-14-coastline-daily.md"],
        config_dir=config_dir,
    )
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert type(app.screen).__name__ == "CompareScreen"
        assert isinstance(app.screen_stack[0], LibraryScreen)
        await app.workers.wait_for_complete()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)


async def test_two_library_ids_open_their_comparison(corpus: Path, config_dir: Path) -> None:
    app = make_app(
        paths=[Path("2024-03-14-coastline"), Path("2024-03-15-valley")],
        library=corpus,
        config_dir=config_dir,
    )
    opened: list[tuple[str, str]] = []
    app.open_comparison = lambda a, b, **_: opened.append((a.outlet, b.outlet))  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert opened == [("Coastline Daily", "Valley Courier")]
        assert len(app.library.articles) == 4


def test_bad_paths_raise_one_line_errors(corpus: Path, config_dir: Path) -> None:
    with pytest.raises(ArticleError, match="no such file or folder"):
        make_app(paths=[corpus / "missing.md"], config_dir=config_dir)
    with pytest.raises(ArticleError, match="no such file or article id"):
        make_app(paths=[Path("nope"), Path("2024-03-15")], library=corpus, config_dir=config_dir)
    empty = corpus / "empty.md"
    empty.write_text("  \n", encoding="utf-8")
    with pytest.raises(ArticleError) as info:
        make_app(paths=[empty], config_dir=config_dir)
    assert "\n" not in str(info.value)
    with pytest.raises(ArticleError, match="no such folder"):
        make_app(library=corpus / "nowhere", config_dir=config_dir)


def test_run_reader_reports_errors_before_starting(
    corpus: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from tui.cli import main

    monkeypatch.setenv(CONFIG_ENV, str(corpus.parent / "config"))
    assert main([str(corpus / "missing.md")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "missing.md" in err
    with pytest.raises(ArticleError):
        run_reader(library=None, paths=[corpus / "missing.md"])


async def test_empty_library_shows_how_to_add_articles(tmp_path: Path, config_dir: Path) -> None:
    folder = tmp_path / "empty-library"
    folder.mkdir()
    app = make_app(library=folder, config_dir=config_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        assert not screen.query(ArticleTable)
        text = str(screen.query_one("#library-empty-text").render())
        assert "No articles here yet" in text and "sidebyside PATH" in text
        assert screen.check_action("compare", ()) is None
        await pilot.press("a", "slash", "enter", "question_mark", "escape")
        assert app.is_running


async def test_skipped_files_are_notified_and_listed(corpus: Path, config_dir: Path) -> None:
    (corpus / "broken.md").write_bytes(b"\x00\x01\x02binary")
    (corpus / "[bold]odd.txt").write_text("", encoding="utf-8")
    app = make_app(paths=[corpus], config_dir=config_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert any("Press i to list them" in m for m in _notifications(app))
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        assert len(screen.issues) == 2
        await pilot.press("i")
        await pilot.pause()
        listing = app.screen
        assert isinstance(listing, IssuesScreen)
        lines = [str(w.render()) for w in listing.query(".issue").results(Static)]
        assert len(lines) == 2
        assert any("broken.md" in line and "(skipped)" in line for line in lines)
        assert any("[bold]odd.txt" in line for line in lines)  # literally, not as markup
        await pilot.press("escape")
        await pilot.pause()
        assert len(screen.articles) == 4
        assert app.screen is screen


async def test_every_load_problem_is_listed(tmp_path: Path, config_dir: Path) -> None:
    # More problems than a notification could hold: the list has them all, and scrolls.
    (tmp_path / "good-one.md").write_text("Title one\n\nA first good article.\n", "utf-8")
    (tmp_path / "good-two.md").write_text("Title two\n\nA second good article.\n", "utf-8")
    for k in range(30):
        (tmp_path / f"broken-{k:02d}.md").write_bytes(b"\x00\x01binary")
    app = make_app(paths=[tmp_path], config_dir=config_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("i")
        await pilot.pause()
        listing = app.screen
        assert isinstance(listing, IssuesScreen)
        lines = [str(w.render()) for w in listing.query(".issue").results(Static)]
        assert len(lines) == 30 and "broken-29.md" in lines[-1]
        body = listing.query_one("#issues-body")
        assert body.border_title == "30 load problems"
        await pilot.press("end")
        await pilot.pause()
        assert body.scroll_y > 0


def test_fixture_corpus_is_intact() -> None:
    # Snapshot and Pilot tests rely on these four articles.
    assert sorted(p.name for p in CORPUS.iterdir()) == [
        "2024-02-02-northern-ledger.md",
        "2024-03-14-coastline-daily.md",
        "2024-03-14-harbour-gazette.md",
        "2024-03-15-valley-courier.md",
    ]
