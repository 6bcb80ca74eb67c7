"""The library's list of articles: one row per article, marks for sources A and B."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar, Literal

from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text
from textual import on
from textual.binding import Binding, BindingType
from textual.events import Resize
from textual.message import Message
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey

from tui.core.types import Article
from tui.widgets.text import literal

__all__ = ["ArticleTable", "Mark"]

Mark = Literal["A", "B"]

# Fixed widths of every column but the title, which takes what is left.
_MARK_WIDTH = 2
_OUTLET_MIN, _OUTLET_MAX = 6, 20
_DATE_WIDTH = 10
_WORDS_WIDTH = 6
_MIN_TITLE = 12


class ArticleTable(DataTable["Text | _Sized"]):
    """A `DataTable` of articles keyed by article id.

    The screen owns the state (which articles, which filter, which marks) and pushes it down with
    `show_articles` and `set_marks`; the table posts `ArticleHighlighted` when its cursor moves.
    """

    BINDING_GROUP_TITLE = "Article list"
    # `enter` on a DataTable selects the cell; here it asks the screen to compare instead, so the
    # screen's `check_action` can grey it out when the library cannot be compared.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter",
            "screen.compare",
            "Compare",
            id="library.compare",
            tooltip="Compare the marked pair, or the selected article with the most similar one",
        ),
        # As in the comparison, j and k move too (the arrows are DataTable's own).
        Binding(
            "j",
            "cursor_down",
            "Next article",
            show=False,
            id="library.next_article",
            tooltip="Select the next article (also ↓)",
        ),
        Binding(
            "k",
            "cursor_up",
            "Previous article",
            show=False,
            id="library.previous_article",
            tooltip="Select the previous article (also ↑)",
        ),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "article-table--mark-a",
        "article-table--mark-b",
        "article-table--dim",
    }

    @dataclass
    class ArticleHighlighted(Message):
        """The cursor moved to another article (None when the list is empty)."""

        table: ArticleTable
        article: Article | None

        @property
        def control(self) -> ArticleTable:
            """The table that posted the message."""
            return self.table

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(
            id=id,
            classes=classes,
            cursor_type="row",
            zebra_stripes=True,
            cursor_foreground_priority="renderable",
        )
        self._articles: tuple[Article, ...] = ()
        self._by_id: dict[str, Article] = {}
        self._marks: dict[str, Mark] = {}
        self._title_width = 40
        self._outlet_width = _OUTLET_MAX

    @property
    def articles(self) -> tuple[Article, ...]:
        """The articles currently listed, in display order."""
        return self._articles

    @property
    def selected(self) -> Article | None:
        """The article under the cursor."""
        if not self._articles or not 0 <= self.cursor_row < len(self._articles):
            return None
        return self._articles[self.cursor_row]

    def show_articles(self, articles: Sequence[Article], *, keep: str | None = None) -> None:
        """List `articles`, keeping the cursor on the article with id `keep` when it is listed."""
        if keep is None and (current := self.selected) is not None:
            keep = current.id
        listed = tuple(articles)
        if self.columns and listed == self._articles:
            # The same list (the filter watcher runs once at start-up with an empty query):
            # rebuilding 10,000 rows would only cost seconds.
            if keep is not None:
                self.select_article(keep)
            return
        self._articles = listed
        self._by_id = {article.id: article for article in self._articles}
        # As wide as the longest outlet, within bounds, so the title gets the rest.
        longest = max((len(article.outlet) for article in self._articles), default=0)
        self._outlet_width = min(_OUTLET_MAX, max(_OUTLET_MIN, longest))
        if self.size.width:
            self._title_width = self._fit_title_width(self.size.width)
        self._rebuild(keep)

    def set_marks(self, a: str | None, b: str | None) -> None:
        """Show `A` on the article with id `a` and `B` on the one with id `b`."""
        old = self._marks
        self._marks = {}
        if a is not None:
            self._marks[a] = "A"
        if b is not None:
            self._marks[b] = "B"
        for article_id in set(old) | set(self._marks):
            if article_id in self._by_id:
                self.update_cell(article_id, "mark", self._mark_cell(article_id))

    def select_article(self, article_id: str) -> None:
        """Move the cursor to the article with this id, if it is listed."""
        if article_id in self._by_id:
            self.move_cursor(row=self.get_row_index(article_id))

    def _mark_cell(self, article_id: str) -> Text:
        mark = self._marks.get(article_id)
        if mark is None:
            return Text("")
        style = self.get_component_rich_style(f"article-table--mark-{mark.lower()}", partial=True)
        return Text(mark, style=style, justify="center")

    def _rebuild(self, keep: str | None) -> None:
        self.clear(columns=True)
        self.add_column(Text(""), width=_MARK_WIDTH, key="mark")
        self.add_column("Outlet", width=self._outlet_width, key="outlet")
        self.add_column("Date", width=_DATE_WIDTH, key="date")
        self.add_column("Title", width=self._title_width, key="title")
        self.add_column(Text("Words", justify="right"), width=_WORDS_WIDTH, key="words")
        dim = self.get_component_rich_style("article-table--dim", partial=True)
        for article in self._articles:
            self.add_row(
                self._mark_cell(article.id),
                _Sized(_fit(literal(article.outlet, single_line=True), self._outlet_width)),
                _Sized(Text(article.date_label or "—", style="" if article.date else dim)),
                _Sized(_one_line(literal(article.title, single_line=True))),
                _Sized(Text(f"{article.words:,}", justify="right")),
                key=article.id,
            )
        if keep is not None and keep in self._by_id:
            self.move_cursor(row=self.get_row_index(keep), animate=False)
        # Tell the screen even when the row index did not change: the article under it may have.
        self.post_message(self.ArticleHighlighted(self, self.selected))

    def _fit_title_width(self, table_width: int) -> int:
        # Cells are padded by one on each side; the scrollbar gutter takes two more.
        fixed = _MARK_WIDTH + self._outlet_width + _DATE_WIDTH + _WORDS_WIDTH + 2 * 5 + 2
        return max(_MIN_TITLE, table_width - fixed)

    @on(Resize)
    def _fit_title_column(self, event: Resize) -> None:
        width = self._fit_title_width(event.size.width)
        if width != self._title_width:
            self._title_width = width
            column = self.columns.get(ColumnKey("title"))
            if column is None:
                return
            # Titles are one line cut with an ellipsis at render time, so a new width is a new
            # column width and a repaint, not a rebuild of every row (10,000 rows: seconds).
            column.width = width
            self._require_update_dimensions = True
            self._clear_caches()
            self.refresh()

    @on(DataTable.RowHighlighted)
    def _row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self.post_message(self.ArticleHighlighted(self, self.selected))


class _Sized:
    """A cell of a fixed-width column: the table measures every new cell to size its column,
    which for a library of 10,000 articles took seconds and is moot when the width is set.
    Renders and prints as its text."""

    __slots__ = ("text",)

    def __init__(self, text: Text) -> None:
        self.text = text

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(1, 1)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.text

    def __str__(self) -> str:
        return str(self.text)


def _one_line(text: Text) -> Text:
    """`text` kept on one line, cut with an ellipsis at whatever width its column has."""
    text.no_wrap = True
    text.overflow = "ellipsis"
    return text


def _fit(text: Text, width: int) -> Text:
    """Cut `text` to `width` cells with an ellipsis, so long titles never widen the table."""
    text.truncate(width, overflow="ellipsis")
    return text
