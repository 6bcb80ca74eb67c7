"""The library screen: every article of the library, a preview, a filter and the A/B marks."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Static

from tui.core.similarity import filter_articles, most_similar
from tui.core.types import Article, LoadIssue
from tui.messages import CompareRequested
from tui.widgets import ArticlePreview, ArticleTable
from tui.widgets.text import literal

if TYPE_CHECKING:
    from tui.app import SideBySideApp

__all__ = ["LibraryScreen", "sort_articles"]


def sort_articles(articles: Sequence[Article]) -> list[Article]:
    """Articles by date (undated last), then outlet, then title."""
    return sorted(
        articles,
        key=lambda a: (a.date is None, a.date or date.min, a.outlet.casefold(), a.title.casefold()),
    )


class LibraryScreen(Screen[None]):
    """Lists the library; the user previews, filters, marks sources A and B, and compares."""

    TITLE = "Library"
    # Never the hidden filter box: an empty library would swallow keys like `+` as filter text.
    AUTO_FOCUS = "#article-table"
    BINDING_GROUP_TITLE = "Library"
    # Sets `-narrow`/`-wide` on the screen; library.tcss stacks the preview below when narrow.
    HORIZONTAL_BREAKPOINTS = [  # noqa: RUF012 (Textual types it as an instance attribute)
        (0, "-narrow"),
        (100, "-wide"),
    ]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "slash",
            "open_filter",
            "Filter",
            id="library.filter",
            tooltip="Filter the list as you type (outlet, title, date or id)",
        ),
        Binding(
            "a",
            "mark('A')",
            "Mark A",
            id="library.mark_a",
            tooltip="Mark the selected article as source A (left pane)",
        ),
        Binding(
            "b",
            "mark('B')",
            "Mark B",
            id="library.mark_b",
            tooltip="Mark the selected article as source B (right pane)",
        ),
        Binding(
            "escape",
            "clear",
            "Clear",
            show=False,
            id="library.clear",
            tooltip="Close the filter, or else clear the A/B marks",
        ),
        Binding(
            "p",
            "focus_preview",
            "Preview",
            show=False,
            id="library.focus_preview",
            tooltip="Move the focus to the preview to scroll it (tab also works)",
        ),
        Binding(
            "i",
            "show_issues",
            "Load problems",
            show=False,
            id="library.issues",
            tooltip="List the files that were skipped or loaded with warnings",
        ),
        Binding(
            "o",
            "overview",
            "Overview",
            id="library.overview",
            tooltip="Story groups of the library: similarity matrix and fact ledger",
        ),
        Binding(
            "plus",
            "add_article",
            "Add",
            id="library.add",
            tooltip="Add an article from a URL, a saved web page or a text file",
        ),
    ]
    HELP = """\
**Picking two sources.** Mark one article with `a` and another with `b`, then press `enter`.
With nothing marked, `enter` compares the selected article with the most similar other one.
Marking the article that already holds the other mark moves that mark.
"""

    marked_a: reactive[str | None] = reactive(None)
    """Id of the article marked as source A."""
    marked_b: reactive[str | None] = reactive(None)
    """Id of the article marked as source B."""
    filter_text: reactive[str] = reactive("")
    """The filter typed after `/`."""

    def __init__(
        self,
        articles: Sequence[Article],
        *,
        issues: Sequence[LoadIssue] = (),
        source: str = "",
    ) -> None:
        super().__init__()
        self._all = tuple(sort_articles(articles))
        self._by_id = {article.id: article for article in self._all}
        self._issues = tuple(issues)
        self._source = source
        self.sub_title = f"{_count(len(self._all), 'article')} · {source}" if source else ""

    @property
    def articles(self) -> tuple[Article, ...]:
        """Every article of the library, sorted."""
        return self._all

    @property
    def issues(self) -> tuple[LoadIssue, ...]:
        """Problems met while loading the library."""
        return self._issues

    @property
    def table(self) -> ArticleTable:
        """The article list."""
        return self.query_one(ArticleTable)

    @property
    def preview(self) -> ArticlePreview:
        """The preview pane."""
        return self.query_one(ArticlePreview)

    def compose(self) -> ComposeResult:
        yield Header(icon="⇄")
        filter_input = Input(
            placeholder="Filter by outlet, title, date or id — enter: back to list, esc: clear",
            id="library-filter",
        )
        filter_input.display = False
        yield filter_input
        if self._all:
            with Horizontal(id="library-body"):
                yield ArticleTable(id="article-table")
                yield ArticlePreview(id="article-preview")
        else:
            with Vertical(id="library-empty"):
                yield Static(self._empty_message(), id="library-empty-text")
        yield Static(id="library-status")
        # Compact, as on the comparison screen, so every main key fits in 80 columns.
        yield Footer(compact=True)

    def on_mount(self) -> None:
        if self._all:
            self.table.show_articles(self._all)
            self.table.focus()
        self._update_status()

    def _empty_message(self) -> Text:
        text = Text()
        text.append("No articles here yet.\n\n", style="bold")
        where = literal(self._source or "this library", "bold", single_line=True)
        text.append("The library ")
        text.append_text(where)
        text.append(" holds no readable .md or .txt article.\n\n")
        text.append("To add articles:\n")
        if getattr(self.app, "library_dir", None) is not None:
            text.append("  • press ")
            text.append("+", style="bold")
            text.append(" to add one from a URL, a saved web page or a text file\n")
        text.append("  • save Markdown (.md, with outlet/title/date front matter) or plain text\n")
        text.append("    (.txt, first line = title) files in the library folder, or\n")
        text.append("  • open other files or folders: ")
        text.append("sidebyside PATH...", style="bold")
        text.append("\n  • pick another folder: ")
        text.append("sidebyside --library DIR", style="bold")
        if self._issues:
            text.append(f"\n\n{_count(len(self._issues), 'file')} could not be loaded: press ")
            text.append("i", style="bold")
            text.append(" to list them.")
        return text

    # -- actions ---------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Grey out what cannot run now: comparing needs two articles, marking needs one."""
        if action == "compare":
            return True if len(self._all) >= 2 else None
        if action in ("mark", "open_filter", "focus_preview"):
            return True if self._all else None
        if action == "overview":
            return True if self._all else None
        if action == "show_issues":
            return True if self._issues else None
        return True

    def action_open_filter(self) -> None:
        """Show the filter box and focus it."""
        box = self.query_one("#library-filter", Input)
        box.display = True
        box.focus()

    def action_clear(self) -> None:
        """Close the filter if it is in use, else clear the marks."""
        box = self.query_one("#library-filter", Input)
        if box.display or self.filter_text:
            box.value = ""
            box.display = False
            if self._all:
                self.table.focus()
        elif self.marked_a or self.marked_b:
            self.marked_a = self.marked_b = None

    def action_mark(self, mark: str) -> None:
        """Mark the selected article as source `mark` ("A" or "B"); again on it to unmark."""
        article = self.table.selected if self._all else None
        if article is None:
            return
        if mark == "A":
            self.marked_a = None if self.marked_a == article.id else article.id
            if self.marked_b == article.id:
                self.marked_b = None
        else:
            self.marked_b = None if self.marked_b == article.id else article.id
            if self.marked_a == article.id:
                self.marked_a = None

    def action_focus_preview(self) -> None:
        """Focus the preview so the arrow keys scroll it."""
        self.preview.focus()

    def action_compare(self) -> None:
        """Ask the app to compare the marked pair, or the selection with its closest match."""
        pair = self.pick_pair()
        if pair is None:
            return
        self.post_message(CompareRequested(*pair))

    def action_overview(self) -> None:
        """Open the overview: story groups, similarity matrices and fact ledgers."""
        from tui.screens.overview import OverviewScreen

        self.app.push_screen(OverviewScreen(self._all))

    def action_show_issues(self) -> None:
        """List every load problem in a scrollable box."""
        if not self._issues:
            self.notify("Every file loaded cleanly.", title="Load problems")
            return
        from tui.screens.issues import IssuesScreen

        self.app.push_screen(IssuesScreen(self._issues))

    def pick_pair(self) -> tuple[Article, Article] | None:
        """The (A, B) pair `enter` would compare, or None after telling the user why not."""
        if len(self._all) < 2:
            self.notify(
                "Comparing needs at least two articles; this library has "
                f"{_count(len(self._all), 'article')}. Add files or open another folder.",
                title="Nothing to compare",
                severity="warning",
            )
            return None
        a = self._by_id.get(self.marked_a) if self.marked_a else None
        b = self._by_id.get(self.marked_b) if self.marked_b else None
        selected = self.table.selected
        if a is not None and b is not None:
            return a, b
        anchor = a or b or selected
        if anchor is None:
            self.notify("Select an article first.", severity="warning")
            return None
        other: Article | None
        if selected is not None and selected.id != anchor.id:
            other = selected
        else:
            other = most_similar(anchor, self._all)
        if other is None:
            return None
        # The marked article keeps its side; an unmarked selection goes on the left.
        return (other, anchor) if b is not None else (anchor, other)

    def action_add_article(self) -> None:
        """Open the add dialog; a new article is listed and selected when it closes."""
        from tui.screens.add_dialog import AddDialog, library_for_adding

        folder: Path | None = getattr(self.app, "library_dir", None)
        if folder is None:
            # Only a library folder can take new articles, not files named on the command line.
            self.notify(
                "These articles were opened as files: start sidebyside on a folder "
                "(--library DIR) to add articles to it.",
                severity="warning",
                markup=False,
            )
            return
        target = library_for_adding(folder)

        async def added(path: Path | None) -> None:
            if path is not None:
                app = cast("SideBySideApp", self.app)
                library = app.reload_library(target)
                await self.reload(library.articles, issues=library.issues, source=app.source)
                self.select_path(path)

        self.app.push_screen(AddDialog(target), callback=added)

    async def reload(
        self, articles: Sequence[Article], *, issues: Sequence[LoadIssue] = (), source: str = ""
    ) -> None:
        """Show another set of articles, keeping the A/B marks of those still listed."""
        self._all = tuple(sort_articles(articles))
        self._by_id = {article.id: article for article in self._all}
        self._issues = tuple(issues)
        self._source = source
        self.sub_title = f"{_count(len(self._all), 'article')} · {source}" if source else ""
        if self.marked_a not in self._by_id:
            self.set_reactive(LibraryScreen.marked_a, None)
        if self.marked_b not in self._by_id:
            self.set_reactive(LibraryScreen.marked_b, None)
        # The filter box comes back empty, so the whole list shows the new article.
        self.set_reactive(LibraryScreen.filter_text, "")
        self.remove_class("-filtered")
        # The screen may have been showing the empty-library message: build it afresh.
        await self.recompose()
        self.on_mount()
        self._show_marks()

    def select_path(self, path: Path) -> None:
        """Move the cursor to the article loaded from `path`, if it is listed."""
        if not self._all:
            return
        resolved = path.resolve()
        for article in self._all:
            if article.path.resolve() == resolved:
                self.table.select_article(article.id)
                return

    # -- reacting --------------------------------------------------------------------------

    def watch_marked_a(self) -> None:
        self._show_marks()

    def watch_marked_b(self) -> None:
        self._show_marks()

    def _show_marks(self) -> None:
        if self.is_mounted and self._all:
            self.table.set_marks(self.marked_a, self.marked_b)
            self._update_status()

    def watch_filter_text(self, query: str) -> None:
        if not self._all:
            return
        self.table.show_articles(filter_articles(self._all, query))
        self.set_class(bool(query), "-filtered")
        self._update_status()

    @on(Input.Changed, "#library-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.filter_text = event.value

    @on(Input.Submitted, "#library-filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        if not event.value:
            event.input.display = False
        if self._all:
            self.table.focus()

    @on(ArticleTable.ArticleHighlighted)
    def _article_highlighted(self, event: ArticleTable.ArticleHighlighted) -> None:
        self.preview.show(event.article)

    def _update_status(self) -> None:
        status = self.query_one("#library-status", Static)
        text = Text()
        if self._all:
            shown = len(self.table.articles)
            if self.filter_text:
                text.append(f"{shown} of {len(self._all)} match ")
                text.append_text(literal(repr(self.filter_text), "bold", single_line=True))
            else:
                text.append(_count(len(self._all), "article"))
            for mark, article_id in (("A", self.marked_a), ("B", self.marked_b)):
                text.append(f"  {mark}: ", style="bold")
                if article_id and (article := self._by_id.get(article_id)):
                    text.append_text(literal(article.outlet, single_line=True))
                else:
                    text.append("—", style="dim")
        if self._issues:
            text.append(f"  ⚠ {_count(len(self._issues), 'load problem')} (i)", style="bold")
        status.update(text)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
