"""The library's preview of the selected article: where it comes from, then its plain text."""

from __future__ import annotations

from typing import ClassVar

from rich.console import Group
from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from tui.core.types import Article
from tui.widgets.text import literal

__all__ = ["ArticlePreview"]


class ArticlePreview(VerticalScroll, can_focus=True):
    """A scrollable view of one article: outlet, title, date, url, via, then headline and body.

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

    @property
    def article(self) -> Article | None:
        """The article shown, if any."""
        return self._article

    def compose(self) -> ComposeResult:
        yield Static(id="preview-header", classes="preview-header")
        yield Static(id="preview-body", classes="preview-body")

    def show(self, article: Article | None) -> None:
        """Show `article`, or a hint when there is nothing to preview."""
        self._article = article
        header = self.query_one("#preview-header", Static)
        body = self.query_one("#preview-body", Static)
        if article is None:
            header.update(Text("No article selected.", style="italic"))
            body.update("")
            return
        header.update(self._header(article))
        body.update(self._body(article))
        self.scroll_home(animate=False)

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(f"article-preview--{name}", partial=True)

    def _header(self, article: Article) -> Group:
        lines: list[Text] = [
            literal(article.outlet, self._style("outlet"), single_line=True),
            literal(article.title, self._style("title"), single_line=True),
        ]
        label = self._style("label")
        meta = self._style("meta")
        for name, value in (
            ("date", article.date_label),
            ("url", article.url or ""),
            ("via", article.via or ""),
            ("file", article.path.name),
            ("id", article.id),
        ):
            if value:
                line = Text.assemble((f"{name:<5}", label))
                line.append_text(literal(value, meta, single_line=True))
                lines.append(line)
        lines.append(Text(f"{article.words:,} words", style=label))
        return Group(*lines)

    def _body(self, article: Article) -> Group:
        parts: list[Text] = []
        if article.headline:
            parts.append(literal(article.headline, self._style("headline")))
            parts.append(Text(""))
        for paragraph in article.paragraphs:
            parts.append(literal(paragraph))
            parts.append(Text(""))
        return Group(*parts[:-1] if parts else parts)
