"""The library's preview of the selected article: where it comes from, then its plain text."""

from __future__ import annotations

from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from tui.core.types import Article
from tui.widgets.text import literal

__all__ = ["ArticlePreview"]


class ArticlePreview(VerticalScroll, can_focus=True):
    """A scrollable view of one article: outlet, title, author, date, url, via, then its text.

    Everything shown comes from the article file, so it is built from `Text` and never parsed as
    markup.
    """

    BINDING_GROUP_TITLE = "Preview"
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "article-preview--outlet",
        "article-preview--title",
        "article-preview--meta",
        "article-preview--label",
        "article-preview--headline",
    }

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._article: Article | None = None
        self._header_text = Text()
        self._body_text = Text()

    @property
    def article(self) -> Article | None:
        """The article shown, if any."""
        return self._article

    def compose(self) -> ComposeResult:
        yield Static(id="preview-header", classes="preview-header")
        yield Static(id="preview-body", classes="preview-body")

    @property
    def plain(self) -> str:
        """What the preview shows, as plain text (for tests and copy)."""
        return f"{self._header_text.plain}\n\n{self._body_text.plain}"

    def show(self, article: Article | None) -> None:
        """Show `article`, or a hint when there is nothing to preview."""
        self._article = article
        if article is None:
            self._header_text = Text("No article selected.", style="italic")
            self._body_text = Text("")
        else:
            self._header_text = self._header(article)
            self._body_text = self._body(article)
        self.query_one("#preview-header", Static).update(self._header_text)
        self.query_one("#preview-body", Static).update(self._body_text)
        self.scroll_home(animate=False)

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(f"article-preview--{name}", partial=True)

    def _header(self, article: Article) -> Text:
        lines: list[Text] = [
            literal(article.outlet, self._style("outlet"), single_line=True),
            literal(article.title, self._style("title"), single_line=True),
        ]
        label = self._style("label")
        meta = self._style("meta")
        for name, value in (
            ("by", article.author or ""),
            ("date", article.date_label),
            ("url", article.url or ""),
            ("via", article.via or ""),
            ("file", article.path.name),
            ("id", article.id),
        ):
            if value:
                line = Text(f"{name:<5}", style=label)
                line.append_text(literal(value, meta, single_line=True))
                lines.append(line)
        lines.append(Text(f"{article.words:,} words", style=label))
        return Text("\n").join(lines)

    def _body(self, article: Article) -> Text:
        parts: list[Text] = []
        if article.headline:
            parts.append(literal(article.headline, self._style("headline")))
        parts.extend(literal(paragraph) for paragraph in article.paragraphs)
        # A blank line between paragraphs, as in the article.
        return Text("\n\n").join(parts)
