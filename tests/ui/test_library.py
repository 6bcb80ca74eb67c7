"""Pilot tests of the library screen: list, preview, filter, marks, compare, help, layout."""

from __future__ import annotations

import os
from pathlib import Path

from rich.console import Console
from textual.widgets import Input

from tests.ui.conftest import MakeApp
from tui.app import SideBySideApp
from tui.messages import CompareRequested
from tui.screens.help import HelpScreen
from tui.screens.library import LibraryScreen
from tui.widgets import ArticlePreview, ArticleTable

SIZE = (120, 36)
# Sorted by date, then outlet.
EXPECTED_ORDER = [
    "Northern Ledger",
    "Coastline Daily",
    "Harbour Gazette",
    "Valley Courier",
]


def _library(app: SideBySideApp) -> LibraryScreen:
    screen = app.screen
    assert isinstance(screen, LibraryScreen)
    return screen


def _outlets(app: SideBySideApp) -> list[str]:
    return [article.outlet for article in app.screen.query_one(ArticleTable).articles]


def _preview_text(app: SideBySideApp) -> str:
    return app.screen.query_one(ArticlePreview).plain


def _help_text(app: SideBySideApp) -> str:
    screen = app.screen
    assert isinstance(screen, HelpScreen)
    console = Console(width=120, record=True, file=open(os.devnull, "w"))  # noqa: SIM115
    console.print(screen.keys_table())
    console.print(screen.ids_table())
    return console.export_text()


def _marks(app: SideBySideApp) -> dict[str, str]:
    table = app.screen.query_one(ArticleTable)
    marks = {}
    for article in table.articles:
        cell = str(table.get_cell(article.id, "mark"))
        if cell:
            marks[article.outlet] = cell
    return marks


async def test_list_shows_fixture_articles_sorted(app_factory: MakeApp) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE):
        assert _outlets(app) == EXPECTED_ORDER
        table = app.screen.query_one(ArticleTable)
        assert table.has_focus
        assert str(table.get_cell(table.articles[0].id, "words")) == str(table.articles[0].words)


async def test_moving_the_cursor_updates_the_preview(app_factory: MakeApp) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        preview = app.screen.query_one(ArticlePreview)
        assert preview.article is not None
        assert preview.article.outlet == "Northern Ledger"
        assert "Aldwick opened its first public library" in _preview_text(app)
        await pilot.press("down")
        assert preview.article.outlet == "Coastline Daily"
        text = _preview_text(app)
        assert "230 passengers and crew were evacuated" in text
        assert "Aldwick" not in text
        await pilot.press("down", "down")
        assert preview.article.outlet == "Valley Courier"
        assert "via  Harbour Gazette" in _preview_text(app)


async def test_preview_shows_the_author(app_factory: MakeApp, tmp_path: Path) -> None:
    path = tmp_path / "2024-01-02-post.md"
    path.write_text(
        "---\noutlet: Quay Times\nauthor: Mara [b]Lindqvist[/b]\n---\n\n# Headline\n\nBody.\n",
        encoding="utf-8",
    )
    app = app_factory(paths=(path,))
    async with app.run_test(size=SIZE):
        # Literal, never markup: the brackets are part of the name as written.
        assert "by   Mara [b]Lindqvist[/b]" in _preview_text(app)


async def test_slash_filters_as_you_type_and_escape_restores(app_factory: MakeApp) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        box = app.screen.query_one("#library-filter", Input)
        assert box.display and box.has_focus
        await pilot.press("k", "e", "s", "s")
        assert _outlets(app) == ["Harbour Gazette", "Valley Courier"]  # titles naming Kessel
        await pilot.press(*" RES")  # every word must match, in any case
        assert _outlets(app) == ["Valley Courier"]
        # The preview follows the filtered list.
        preview = app.screen.query_one(ArticlePreview)
        assert preview.article is not None and preview.article.outlet == "Valley Courier"
        await pilot.press("escape")
        assert _outlets(app) == EXPECTED_ORDER
        assert not box.display
        assert app.screen.query_one(ArticleTable).has_focus


async def test_filter_enter_returns_to_the_list_keeping_the_filter(app_factory: MakeApp) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"03-14", "enter")
        assert _outlets(app) == ["Coastline Daily", "Harbour Gazette"]
        table = app.screen.query_one(ArticleTable)
        assert table.has_focus
        await pilot.press("down")
        assert table.selected is not None and table.selected.outlet == "Harbour Gazette"
        await pilot.press("escape")
        assert _outlets(app) == EXPECTED_ORDER
        # The cursor stays on the article it was on.
        assert table.selected is not None and table.selected.outlet == "Harbour Gazette"


async def test_filter_with_no_match_shows_an_empty_list(app_factory: MakeApp) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"zzzz")
        assert _outlets(app) == []
        assert app.screen.query_one(ArticlePreview).article is None
        assert "0 of 4 match" in str(app.screen.query_one("#library-status").render())


async def test_marks_a_and_b(app_factory: MakeApp) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        screen = _library(app)
        await pilot.press("down", "a", "down", "b")
        assert _marks(app) == {"Coastline Daily": "A", "Harbour Gazette": "B"}
        assert screen.marked_a == "2024-03-14-coastline-daily"
        # Marking the B article as A moves the mark.
        await pilot.press("a")
        assert _marks(app) == {"Harbour Gazette": "A"}
        assert screen.marked_b is None
        # Pressing the same mark again removes it; escape clears every mark.
        await pilot.press("a")
        assert _marks(app) == {}
        await pilot.press("a", "up", "b", "escape")
        assert _marks(app) == {}


async def test_enter_compares_the_marked_pair(app_factory: MakeApp) -> None:
    app = app_factory()
    requested: list[tuple[str, str]] = []
    app.open_comparison = lambda a, b, **_: requested.append((a.outlet, b.outlet))  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "down", "b", "up", "a", "down", "down", "enter")
        await pilot.pause()
        assert requested == [("Coastline Daily", "Harbour Gazette")]


async def test_enter_without_marks_picks_the_most_similar_article(app_factory: MakeApp) -> None:
    app = app_factory()
    requested: list[tuple[str, str]] = []
    app.open_comparison = lambda a, b, **_: requested.append((a.outlet, b.outlet))  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "enter")
        await pilot.pause()
        assert requested == [("Coastline Daily", "Harbour Gazette")]


async def test_enter_with_one_mark_compares_it_with_the_selection(app_factory: MakeApp) -> None:
    app = app_factory()
    requested: list[tuple[str, str]] = []
    app.open_comparison = lambda a, b, **_: requested.append((a.outlet, b.outlet))  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        # B marked on Harbour Gazette, cursor on Valley Courier: Valley goes left.
        await pilot.press("down", "down", "b", "down", "enter")
        await pilot.pause()
        assert requested == [("Valley Courier", "Harbour Gazette")]


async def test_compare_request_reaches_the_app(app_factory: MakeApp) -> None:
    app = app_factory()
    seen: list[CompareRequested] = []
    app.open_comparison = lambda a, b, **_: seen.append(CompareRequested(a, b))  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        screen = _library(app)
        screen.post_message(CompareRequested(screen.articles[1], screen.articles[2]))
        await pilot.pause()
        assert [(m.a.outlet, m.b.outlet) for m in seen] == [("Coastline Daily", "Harbour Gazette")]


async def test_one_article_greys_out_compare_and_explains(
    app_factory: MakeApp, corpus: Path
) -> None:
    app = app_factory(paths=(corpus / "2024-02-02-northern-ledger.md",))
    async with app.run_test(size=SIZE) as pilot:
        screen = _library(app)
        assert screen.check_action("compare", ()) is None
        enter = app.screen.active_bindings["enter"]
        assert not enter.enabled
        screen.action_compare()
        await pilot.pause()
        messages = [str(n.message) for n in app._notifications]
        assert any("at least two articles" in m for m in messages)


async def test_question_mark_opens_help_listing_real_bindings(app_factory: MakeApp) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = _help_text(app)
        for fragment in ("Mark A", "Mark B", "Filter", "Compare", "Quit", "library.mark_a"):
            assert fragment in text
        assert "Picking two sources" in app.screen.query_one(".help-extra").source  # type: ignore[attr-defined]
        await pilot.press("escape")
        assert isinstance(app.screen, LibraryScreen)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("q")  # closes help, does not quit
        assert isinstance(app.screen, LibraryScreen)


async def test_help_follows_a_remapped_key(app_factory: MakeApp, config_dir: Path) -> None:
    (config_dir / "config.json").write_text('{"keys": {"library.filter": "f"}}')
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f")
        assert app.screen.query_one("#library-filter", Input).has_focus
        await pilot.press("escape", "f1")
        lines = _help_text(app).splitlines()
        assert any(line.lstrip().startswith("f ") and "Filter" in line for line in lines)


async def test_q_quits(app_factory: MakeApp) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0
    assert not app.is_running


async def test_narrow_terminal_stacks_the_preview_below(app_factory: MakeApp) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()  # the first layout happens before the breakpoint class applies
        screen = _library(app)
        assert screen.has_class("-narrow")
        table = screen.query_one(ArticleTable)
        preview = screen.query_one(ArticlePreview)
        assert table.region.width > 0 and table.region.height >= 5
        assert preview.region.y >= table.region.bottom
        assert _outlets(app) == EXPECTED_ORDER
        await pilot.press("down", "slash", "x", "escape", "question_mark", "escape")
        assert preview.article is not None and preview.article.outlet == "Coastline Daily"


async def test_wide_terminal_puts_the_preview_beside(app_factory: MakeApp) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = _library(app)
        assert screen.has_class("-wide")
        table = screen.query_one(ArticleTable)
        preview = screen.query_one(ArticlePreview)
        assert preview.region.x >= table.region.right
        assert preview.region.y == table.region.y


async def test_markup_in_article_text_is_shown_literally(
    app_factory: MakeApp, write_file: object, tmp_path: Path
) -> None:
    folder = tmp_path / "hostile"
    folder.mkdir()
    (folder / "2024-01-01-evil.md").write_text(
        "---\noutlet: '[@click=app.quit]Evil[/]'\ntitle: '[bold red]x[/] headline'\n"
        "date: 2024-01-01\n---\n\nBody with [link=https://x.test]markup[/link] and \\[b]\n",
        encoding="utf-8",
    )
    (folder / "2024-01-02-plain.md").write_text(
        "---\noutlet: Plain\ntitle: Plain title\ndate: 2024-01-02\n---\n\nJust text.\n",
        encoding="utf-8",
    )
    app = app_factory(paths=(folder,))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()  # let the title column take its width
        table = app.screen.query_one(ArticleTable)
        first = table.articles[0]
        assert str(table.get_cell(first.id, "title")).startswith("[bold red]x[/]")
        assert str(table.get_cell(first.id, "outlet")).startswith("[@click=app.quit]")
        text = _preview_text(app)
        assert "[bold red]x[/] headline" in text
        assert "[@click=app.quit]Evil[/]" in text
        # Clicking the outlet must not run the embedded action.
        await pilot.click(ArticleTable, offset=(6, 1))
        await pilot.pause()
        assert app.is_running


async def test_footer_shows_every_main_key_at_80_columns(app_factory: MakeApp) -> None:
    from textual.widgets import Footer

    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        footer = app.screen.query_one(Footer)
        keys = footer.query("FooterKey")
        shown = [key for key in keys if key.region.width > 0]
        descriptions = {str(getattr(key, "description", "")) for key in shown}
        for title in ("Compare", "Filter", "Mark A", "Mark B", "Overview", "Add", "Quit", "Help"):
            assert title in descriptions
        # ... each drawn whole on the one footer line, inside the screen.
        assert all(key.region.right <= 80 for key in shown)
        await pilot.press("o")
        await pilot.pause()
        from tui.screens.overview import OverviewScreen

        assert isinstance(app.screen, OverviewScreen)
        await app.workers.wait_for_complete()


async def test_j_and_k_move_through_the_list(app_factory: MakeApp) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        preview = app.screen.query_one(ArticlePreview)
        await pilot.press("j", "j")
        assert preview.article is not None and preview.article.outlet == EXPECTED_ORDER[2]
        await pilot.press("k")
        assert preview.article.outlet == EXPECTED_ORDER[1]
        # Typed into the filter box they are letters, not moves.
        await pilot.press("slash", "j")
        assert app.screen.query_one("#library-filter", Input).value == "j"
