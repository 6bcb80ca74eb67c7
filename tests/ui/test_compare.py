"""Pilot tests of the comparison screen: keys pressed, state asserted."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import Input, OptionList, Static

from tests.ui.compare_fixture import (
    DIVERGENT_ROWS,
    FACT_ROWS,
    ROWS,
    CompareTestApp,
    fake_compare,
    ready,
)
from tui.core.align import Cancelled
from tui.core.types import Article, Comparison
from tui.screens.compare import CompareScreen
from tui.widgets.facts_panel import FactsPanel


def header(screen: CompareScreen, side: str) -> str:
    return str(screen.query_one(f"#header-{side}", Static).render())


async def test_comparison_loads_and_shows_both_sources(tmp_path: Path) -> None:
    app = CompareTestApp(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await ready(app, pilot)
        assert screen.comparison is not None
        assert len(screen.comparison.rows) == ROWS
        assert screen.current == 0
        assert "North Star" in header(screen, "a")
        assert "South Wind" in header(screen, "b")
        assert not screen.query_one("#panes").loading
        # Side by side: both panes have the same lines, so rows start on the same line.
        assert screen.pane_a.layout_lines.row_top == screen.pane_b.layout_lines.row_top


async def test_next_and_previous_passage(tmp_path: Path) -> None:
    app = CompareTestApp(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await ready(app, pilot)
        assert screen.check_action("previous_passage", ()) is None
        await pilot.press("j", "j", "down")
        assert screen.current == 3
        assert screen.pane_a.current == screen.pane_b.current == 3
        await pilot.press("k", "up")
        assert screen.current == 1
        await pilot.press("G")
        assert screen.current == ROWS - 1
        assert screen.check_action("next_passage", ()) is None
        await pilot.press("j")
        assert screen.current == ROWS - 1
        await pilot.press("g")
        assert screen.current == 0


async def test_both_panes_scroll_together(tmp_path: Path) -> None:
    app = CompareTestApp(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await ready(app, pilot)
        await pilot.press("end")
        assert screen.pane_a.scroll_y > 0
        assert screen.pane_a.scroll_y == screen.pane_b.scroll_y
        await pilot.press("home")
        assert screen.pane_a.scroll_y == screen.pane_b.scroll_y == 0
        # A user scroll (wheel, scrollbar) of one pane moves the other.
        screen.pane_b.scroll_to(y=7, animate=False, immediate=True)
        await pilot.pause()
        assert screen.pane_a.scroll_y == 7


async def test_page_keys_move_by_a_screenful(tmp_path: Path) -> None:
    app = CompareTestApp(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await ready(app, pilot)
        await pilot.press("pagedown")
        moved = screen.current
        assert moved > 3
        assert screen.pane_a.scroll_y == screen.pane_b.scroll_y > 0
        await pilot.press("pageup")
        assert screen.current < moved


async def test_divergences_and_facts(tmp_path: Path) -> None:
    app = CompareTestApp(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await ready(app, pilot)
        seen = []
        for _ in DIVERGENT_ROWS:
            await pilot.press("n")
            seen.append(screen.current)
        assert seen == DIVERGENT_ROWS
        # Past the last one the key stays put and says so.
        await pilot.press("n")
        assert screen.current == DIVERGENT_ROWS[-1]
        assert "No divergence after this one." in [str(n.message) for n in app._notifications]
        await pilot.press("N")
        assert screen.current == DIVERGENT_ROWS[-2]
        await pilot.press("g", "c")
        assert screen.current == FACT_ROWS[0]
        await pilot.press("c", "c")
        assert screen.current == FACT_ROWS[2]
        await pilot.press("C")
        assert screen.current == FACT_ROWS[1]


async def test_click_selects_a_passage(tmp_path: Path) -> None:
    app = CompareTestApp(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await ready(app, pilot)
        top = screen.pane_b.layout_lines.row_top[3]
        assert await pilot.click("#pane-b", offset=(12, top))
        assert screen.current == 3


async def test_facts_panel_jumps_to_the_chosen_fact(tmp_path: Path) -> None:
    app = CompareTestApp(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await ready(app, pilot)
        panel = screen.query_one(FactsPanel)
        assert not panel.display
        await pilot.press("f")
        assert panel.display
        facts = panel.query_one(OptionList)
        assert facts.has_focus
        # First entry: the conflict (row 8); headings are skipped.
        await pilot.press("enter")
        assert screen.current == 8
        await pilot.press("down", "enter")
        assert screen.current == 11  # only in A
        await pilot.press("down", "enter")
        assert screen.current == 16  # only in B
        await pilot.press("f")
        assert not panel.display
        assert screen.pane_a.has_focus


async def test_search_finds_words_in_both_panes(tmp_path: Path) -> None:
    app = CompareTestApp(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await ready(app, pilot)
        await pilot.press("slash")
        search = screen.query_one("#search", Input)
        assert search.has_focus
        await pilot.press(*"quebec")
        assert screen.current == 17
        await pilot.press("escape")
        assert not search.display
        await pilot.press("g", "slash", "ctrl+a", "ctrl+k", *"boats")
        assert screen.current == 16  # only B has it
        # "rose" is in row 5 on both sides: enter steps A's hit, then B's, then wraps around.
        await pilot.press("ctrl+a", "ctrl+k", *"rose")
        assert screen.current == 5
        await pilot.press("enter")
        assert screen.current == 5
        await pilot.press("escape", "g", "f3")
        assert screen.current == 5
        await pilot.press("shift+f3")
        assert screen.current == 5


async def test_search_with_no_match_stays_put(tmp_path: Path) -> None:
    app = CompareTestApp(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await ready(app, pilot)
        await pilot.press("j", "slash", *"zebra", "enter")
        assert screen.current == 1
        assert screen.check_action("search_step", (1,)) is None


async def test_swap_exchanges_the_sources(tmp_path: Path) -> None:
    app = CompareTestApp(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await ready(app, pilot)
        await pilot.press("G")
        await pilot.press("s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "South Wind" in header(screen, "a")
        assert "North Star" in header(screen, "b")
        assert screen.comparison is not None
        assert screen.comparison.a.outlet == "South Wind"
        # Still on the same passage (the last one).
        assert screen.current == ROWS - 1


async def test_narrow_terminal_stacks_the_panes_in_step(tmp_path: Path) -> None:
    app = CompareTestApp(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await ready(app, pilot)
        assert screen.has_class("-narrow")
        assert screen.pane_b.region.y > screen.pane_a.region.y
        for _ in range(12):
            await pilot.press("j")
        assert screen.current == 12
        for pane in (screen.pane_a, screen.pane_b):
            top = pane.layout_lines.row_top[12]
            assert pane.scroll_y <= top < pane.scroll_y + pane.scrollable_content_region.height


async def test_escape_goes_back(tmp_path: Path) -> None:
    app = CompareTestApp(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(app, pilot)
        await pilot.press("escape")
        assert not isinstance(app.screen, CompareScreen)
        assert app.screen.query_one("#stand-in")


def failing(a: Article, b: Article, **_: object) -> Comparison:
    raise ValueError("the engine broke")


async def test_engine_failure_is_a_notification(tmp_path: Path) -> None:
    app = CompareTestApp(tmp_path, comparer=failing)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await ready(app, pilot)
        assert app.is_running
        assert screen.comparison is None
        assert any("the engine broke" in n.message for n in app._notifications)
        assert screen.check_action("next_passage", ()) is None


async def test_escape_cancels_a_running_comparison(tmp_path: Path) -> None:
    started = threading.Event()

    def slow(
        a: Article,
        b: Article,
        *,
        cancel: threading.Event | None = None,
        progress: Callable[[float], None] | None = None,
    ) -> Comparison:
        assert cancel is not None
        started.set()
        if cancel.wait(timeout=10):
            raise Cancelled
        return fake_compare(a, b)

    app = CompareTestApp(tmp_path, comparer=slow)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert started.wait(timeout=10)
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        assert screen.is_comparing
        assert screen.check_action("next_passage", ()) is None
        await pilot.press("escape")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not isinstance(app.screen, CompareScreen)
        assert not app._notifications


@pytest.mark.parametrize("key", ["e"])
async def test_export_opens_the_export_dialog(tmp_path: Path, key: str) -> None:
    from tui.screens.export_dialog import ExportDialog

    app = CompareTestApp(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(app, pilot)
        await pilot.press(key)
        await pilot.pause()
        assert isinstance(app.screen, ExportDialog)


async def test_change_source_replaces_one_side(tmp_path: Path) -> None:
    app = CompareTestApp(tmp_path, third=True)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await ready(app, pilot)
        await pilot.press("L")
        await pilot.pause()
        picker = app.screen
        assert picker is not screen
        # Source B cannot become A's article: the picker stays open and says why.
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is picker
        # The third article (listed last) replaces B.
        await pilot.press("end", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen is screen
        assert "East Coast" in header(screen, "b")
        assert "North Star" in header(screen, "a")


FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "compare"


async def test_real_engine_comparison_and_back_to_the_library(tmp_path: Path) -> None:
    from tui.app import make_app
    from tui.screens.library import LibraryScreen

    paths = tuple(sorted(FIXTURES.glob("*.md")))
    app = make_app(paths=paths, config_dir=tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await ready(app, pilot)
        assert screen.comparison is not None
        kinds = {row.kind for row in screen.comparison.rows}
        assert "match" in kinds
        assert "River Post" in header(screen, "a")
        await pilot.press("escape")
        assert isinstance(app.screen, LibraryScreen)


async def test_article_text_is_never_markup(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    tricky = "Officials said [bold]nothing[/bold] and [@click=app.quit]left[/] at 5."
    for outlet in ("One", "Two"):
        (folder / f"{outlet.lower()}.md").write_text(
            f"---\noutlet: {outlet} [red]Paper[/red]\ntitle: T\n---\n\nHeadline here\n\n{tricky}\n",
            encoding="utf-8",
        )
    from tui.app import make_app

    app = make_app(paths=tuple(sorted(folder.glob("*.md"))), config_dir=tmp_path / "config")
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await ready(app, pilot)
        assert "[red]Paper[/red]" in header(screen, "a")
        drawn = "\n".join(
            screen.pane_a.render_line(y).text for y in range(screen.pane_a.size.height)
        )
        assert "[bold]nothing[/bold]" in drawn
        assert "[@click=app.quit]left[/]" in drawn


async def test_highlights_follow_the_theme(tmp_path: Path) -> None:
    app = CompareTestApp(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await ready(app, pilot)
        pane = screen.pane_a
        y = pane.layout_lines.row_top[5]  # the echo row: its changed words are highlighted

        def highlight() -> object:
            styles = {segment.style for segment in pane.render_line(y) if segment.style}
            return {style.bgcolor for style in styles if style and style.bgcolor}

        before = highlight()
        app.theme = "textual-light" if app.theme != "textual-light" else "textual-dark"
        await pilot.pause()
        await pilot.pause()
        assert highlight() != before


async def test_focus_sentence_moves_to_its_passage(tmp_path: Path) -> None:
    app = CompareTestApp(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await ready(app, pilot)
        assert screen.comparison is not None
        papa = next(s.index for s in screen.comparison.sentences_b if s.text.startswith("Papa"))
        screen.focus_sentence("b", papa)
        await pilot.pause()
        assert screen.current == 16
        assert screen.pane_a.current == screen.pane_b.current == 16
        assert screen.pane_a.scroll_y == screen.pane_b.scroll_y > 0
        await pilot.press("j")
        assert screen.current == 17


async def test_focus_sentence_before_the_comparison_is_ready(tmp_path: Path) -> None:
    # Told before it is even mounted (as the ledger does): applied once the comparison is shown.
    app = CompareTestApp(tmp_path, focus=("a", 11))  # kilo: the sentence only A has
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await ready(app, pilot)
        assert screen.current == 11
        assert screen.comparison is not None
        assert screen.comparison.rows[11].a == (11,)


@pytest.mark.parametrize("size", [(120, 36), (80, 24)])
async def test_summary_line_shows_the_passage_position(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    app = CompareTestApp(tmp_path)
    async with app.run_test(size=size) as pilot:
        screen = await ready(app, pilot)
        summary = screen.query_one("#summary", Static)

        def line() -> str:
            # What the terminal shows (cut to the width), not the widget's whole text.
            return "".join(
                segment.text for segment in summary.render_line(0) if segment.text
            ).strip()

        assert line().startswith(f"Passage 1/{ROWS} · ")
        await pilot.press("j", "j")
        assert line().startswith(f"Passage 3/{ROWS} · ")
        await pilot.press("G")
        assert line().startswith(f"Passage {ROWS}/{ROWS} · ")
        assert "conflict" in line()  # the figures still fit at this width


async def test_runs_inside_any_app(tmp_path: Path) -> None:
    """The screen and its widgets need nothing from `SideBySideApp` (highlight colours are in
    compare.tcss): a plain App can push it, and the highlights still follow the theme."""
    from textual.app import App

    from tests.ui.compare_fixture import write_articles
    from tui.core.articles import Library, load_article

    path_a, path_b = write_articles(tmp_path)
    a, b = load_article(path_a), load_article(path_b)

    class Plain(App[None]):
        def on_mount(self) -> None:
            self.push_screen(CompareScreen(a, b, Library((a, b)), comparer=fake_compare))

    app = Plain()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await ready(app, pilot)
        assert screen.comparison is not None
        await pilot.press("n", "f")
        assert screen.current == 5
        assert screen.query_one(FactsPanel).display
        y = screen.pane_a.layout_lines.row_top[5]
        backgrounds = {
            s.style.bgcolor
            for s in screen.pane_a.render_line(y - round(screen.pane_a.scroll_y))
            if s.style
        }
        app.theme = "textual-light" if app.theme != "textual-light" else "textual-dark"
        await pilot.pause()
        await pilot.pause()
        after = {
            s.style.bgcolor
            for s in screen.pane_a.render_line(y - round(screen.pane_a.scroll_y))
            if s.style
        }
        assert backgrounds != after


async def test_library_screen_runs_inside_any_app(tmp_path: Path) -> None:
    from textual.app import App

    from tests.ui.compare_fixture import write_articles
    from tui.core.articles import load_article
    from tui.screens.library import LibraryScreen

    path_a, path_b = write_articles(tmp_path)
    articles = [load_article(path_a), load_article(path_b)]

    class Plain(App[None]):
        def on_mount(self) -> None:
            self.push_screen(LibraryScreen(articles))

    app = Plain()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        await pilot.press("a", "down", "b")
        assert screen.marked_a and screen.marked_b and screen.marked_a != screen.marked_b


@pytest.mark.parametrize(("size", "narrow"), [((80, 24), True), ((120, 36), False)])
async def test_help_reads_well_at_80_columns(
    tmp_path: Path, size: tuple[int, int], narrow: bool
) -> None:
    import os

    from rich.console import Console

    from tui.screens.help import HelpScreen

    app = CompareTestApp(tmp_path)
    async with app.run_test(size=size) as pilot:
        await ready(app, pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        await pilot.pause()
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        assert help_screen.narrow == narrow
        width = help_screen.query_one("#help-keys").content_region.width

        def text(renderable: object) -> list[str]:
            console = Console(width=width, record=True, file=open(os.devnull, "w"))  # noqa: SIM115
            console.print(renderable)
            return console.export_text().splitlines()

        lines = text(help_screen.keys_table(narrow=narrow))
        assert any(line.startswith("j ↓") and "Next" in line for line in lines)
        # Each entry starts with its keys; a continuation line starts blank. None takes 3 lines.
        run = 0
        for line in lines:
            run = run + 1 if line.startswith(" ") and line.strip() else 0
            assert run < 2, "\n".join(lines)
        # Ids are listed apart, never inside an entry.
        assert not any("compare.next_passage" in line for line in lines)
        ids = "\n".join(text(help_screen.ids_table()))
        assert "compare.next_passage" in ids and "app.help" in ids
        # The legend shows the highlights in the panes' own colours.
        screen = app.screen_stack[-2]
        assert isinstance(screen, CompareScreen)
        assert any("changed words" in line for line in text(screen.help_legend()))
        assert help_screen.query_one("#help-legend", Static).display


async def test_facts_panel_labels_kinds_in_reading_order(tmp_path: Path) -> None:
    import dataclasses
    import os

    from rich.console import Console

    from tui.core.types import Fact

    def with_claims(a: Article, b: Article, **kwargs: object) -> Comparison:
        comparison = fake_compare(a, b)
        kilo = next(s for s in comparison.sentences_a if s.text.startswith("Kilo"))
        golf = next(s for s in comparison.sentences_a if s.text.startswith("Golf"))
        claims = (
            Fact(kilo.text, "claim", kilo.index, kilo.start, kilo.end),
            Fact("Golf", "person", golf.index, golf.start, golf.start + 4),
        )
        # The engine's order is not reading order: the panel sorts by sentence.
        return dataclasses.replace(comparison, only_a=(*claims, *comparison.only_a))

    app = CompareTestApp(tmp_path, comparer=with_claims)  # type: ignore[arg-type]
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await ready(app, pilot)
        await pilot.press("f")
        facts = screen.query_one(FactsPanel).query_one(OptionList)
        entries = []
        for index in range(facts.option_count):
            option = facts.get_option_at_index(index)
            if option.id and option.id.startswith("a-"):
                console = Console(width=24, record=True, file=open(os.devnull, "w"))  # noqa: SIM115
                console.print(option.prompt)
                entries.append(console.export_text())
        assert [entry.split()[0] for entry in entries] == ["person", "claim", "figure"]
        # A wrapped fact stays indented under its text, clear of the kind column.
        claim_lines = entries[1].rstrip("\n").splitlines()
        assert len(claim_lines) > 1 and all(line.startswith(" " * 7) for line in claim_lines[1:])
        # Choosing the entries walks down the article: golf (row 7), then kilo (row 11) twice.
        await pilot.press("down", "enter")
        assert screen.current == 7
        await pilot.press("down", "enter")
        assert screen.current == 11


async def test_change_source_to_the_same_article_keeps_the_comparison(tmp_path: Path) -> None:
    from tui.screens.source_picker import SourcePicker

    app = CompareTestApp(tmp_path, third=True)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await ready(app, pilot)
        await pilot.press("j", "j")
        comparison = screen.comparison
        await pilot.press("L")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, SourcePicker)
        # Each article on one line, even at 80 columns with long titles.
        options = picker.query_one(OptionList)
        assert options.get_option_at_index(0).prompt.no_wrap  # type: ignore[union-attr]
        # B's own article (the second) for B: the picker closes, nothing is recomputed.
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.screen is screen
        assert screen.comparison is comparison and screen.current == 2


@pytest.mark.parametrize(("size", "width"), [((80, 24), 80), ((120, 36), 42), ((200, 50), 60)])
async def test_facts_panel_width_follows_the_terminal(
    tmp_path: Path, size: tuple[int, int], width: int
) -> None:
    app = CompareTestApp(tmp_path)
    async with app.run_test(size=size) as pilot:
        screen = await ready(app, pilot)
        await pilot.press("f")
        await pilot.pause()
        # Stacked below the panes when narrow; a side column, wider on wide terminals.
        assert screen.query_one(FactsPanel).outer_size.width == width


def test_long_facts_are_cut_at_a_word() -> None:
    from tui.widgets.facts_panel import _short

    long = "The president has offered to mediate in the current escalation, " * 4
    short = _short(long)
    assert short.endswith("…") and len(short) <= 120
    assert long.startswith(short[:-1]) and long[len(short) - 1] in " ,"
    assert _short("Short fact") == "Short fact"
    assert _short("x" * 300) == "x" * 119 + "…"  # no space: cut where it must


async def test_escape_closes_the_facts_list_before_going_back(tmp_path: Path) -> None:
    app = CompareTestApp(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await ready(app, pilot)
        panel = screen.query_one(FactsPanel)
        await pilot.press("f")
        assert panel.display and panel.query_one(OptionList).has_focus
        await pilot.press("escape")
        assert app.screen is screen and not panel.display
        assert screen.pane_a.has_focus
        # Open but not focused: escape goes back as usual.
        await pilot.press("f", "tab", "escape")
        assert app.screen is not screen


async def test_facts_panel_shows_both_sentences_and_the_date_note(tmp_path: Path) -> None:
    import dataclasses
    import os

    from rich.console import Console

    def dated(a: Article, b: Article, **kwargs: object) -> Comparison:
        comparison = fake_compare(a, b)
        conflicts = tuple(dataclasses.replace(c, days_later=2) for c in comparison.conflicts)
        return dataclasses.replace(comparison, conflicts=conflicts)

    app = CompareTestApp(tmp_path, comparer=dated)  # type: ignore[arg-type]
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await ready(app, pilot)
        await pilot.press("f")
        facts = screen.query_one(FactsPanel).query_one(OptionList)
        comparison = screen.comparison
        assert comparison is not None
        conflict = comparison.conflicts[0]
        option = next(
            facts.get_option_at_index(k)
            for k in range(facts.option_count)
            if facts.get_option_at_index(k).id == "conflict-0"
        )
        console = Console(width=60, record=True, file=open(os.devnull, "w"))  # noqa: SIM115
        console.print(option.prompt)
        shown = " ".join(console.export_text().split())
        assert "people dead · B is dated 2 days later" in shown
        for fact, sentences in (
            (conflict.a, comparison.sentences_a),
            (conflict.b, comparison.sentences_b),
        ):
            assert fact.text in shown
            assert f"“{sentences[fact.sentence].text}”" in shown
