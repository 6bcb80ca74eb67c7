"""A small dialog to swap one source of a comparison for another article of the library."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.reactive import reactive
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.core.articles import Library
from tui.core.types import Article
from tui.widgets.text import sanitize

__all__ = ["SourcePicker"]


def _label(article: Article) -> Text:
    outlet = sanitize(article.outlet, single_line=True)
    title = sanitize(article.title, single_line=True)
    parts: list[str | tuple[str, str]] = [(outlet, "bold")]
    if article.date_label:
        parts.append(f" · {article.date_label}")
    parts.append(f" — {title}")
    return Text.assemble(*parts, end="", no_wrap=True, overflow="ellipsis")


class SourcePicker(ModalScreen[tuple[str, Article] | None]):
    """Lists the library; returns `(side, article)` to put in place of source A or B."""

    BINDING_GROUP_TITLE = "Change source"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "a",
            "side('a')",
            "Replace A",
            id="source_picker.side_a",
            tooltip="The chosen article replaces source A",
        ),
        Binding(
            "b",
            "side('b')",
            "Replace B",
            id="source_picker.side_b",
            tooltip="The chosen article replaces source B",
        ),
        Binding(
            "escape,q",
            "cancel",
            "Cancel",
            id="source_picker.cancel",
            tooltip="Keep both sources",
        ),
    ]
    DEFAULT_CSS = """
    SourcePicker {
        align: center middle;
        background: $background 60%;
    }
    #picker {
        width: 90;
        max-width: 100%;
        height: auto;
        max-height: 90%;
        border: thick $primary;
        background: $surface;
        padding: 0 1;
    }
    #picker-title {
        text-style: bold;
        margin-bottom: 1;
    }
    #picker-list {
        height: auto;
        max-height: 20;
        border: none;
    }
    #picker-hint {
        color: $text-muted;
    }
    """

    side: reactive[str] = reactive("b")
    """Which source the chosen article replaces: `a` or `b`."""

    def __init__(self, library: Library, a: Article, b: Article) -> None:
        super().__init__()
        self._library = library
        self._a = a
        self._b = b

    def compose(self) -> ComposeResult:
        with Vertical(id="picker"):
            yield Static(id="picker-title")
            options = []
            for article in self._library.articles:
                label = _label(article)
                if article.id == self._a.id:
                    label = Text.assemble(("A ", "bold reverse"), " ", label, end="")
                elif article.id == self._b.id:
                    label = Text.assemble(("B ", "bold reverse"), " ", label, end="")
                else:
                    label = Text.assemble("   ", label, end="")
                # One line each, cut with an ellipsis: a wrapped title would sit under the marks.
                label.no_wrap = True
                label.overflow = "ellipsis"
                options.append(Option(label, id=article.id))
            yield OptionList(*options, id="picker-list")
            yield Static(
                Text("enter: choose · a / b: which source to replace · esc: cancel"),
                id="picker-hint",
            )

    def on_mount(self) -> None:
        self._show_title()
        self.query_one(OptionList).focus()

    def watch_side(self) -> None:
        if self.is_mounted:
            self._show_title()

    def _show_title(self) -> None:
        current = self._a if self.side == "a" else self._b
        outlet = sanitize(current.outlet, single_line=True)
        self.query_one("#picker-title", Static).update(
            Text(f"Replace source {self.side.upper()} ({outlet}) with…", end="")
        )

    def action_side(self, side: str) -> None:
        """Choose which source the picked article replaces."""
        self.side = side

    def action_cancel(self) -> None:
        """Close without changing anything."""
        self.dismiss(None)

    @on(OptionList.OptionSelected, "#picker-list")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        article = next((a for a in self._library.articles if a.id == event.option.id), None)
        if article is None:
            return
        current = self._a if self.side == "a" else self._b
        other = self._b if self.side == "a" else self._a
        if article.id == current.id:
            self.dismiss(None)  # already this source: nothing to compare again
            return
        if article.id == other.id:
            self.notify(
                "That article is already the other source; pick another one, or swap with s.",
                severity="warning",
                markup=False,
            )
            return
        self.dismiss((self.side, article))
