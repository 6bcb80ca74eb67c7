"""The one-line summary above the panes: where the reader is (passage N/M), similarity,
matched / only-A / only-B, conflicts, and a key of the highlight colours."""

from __future__ import annotations

from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.widgets import Static

from tui.core.types import Summary
from tui.widgets.component_style import blended_style

__all__ = ["SummaryBar"]


class SummaryBar(Static):
    """Headline figures of the comparison, or its progress while it runs."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "summary-bar--figure",
        "summary-bar--only",
        "summary-bar--conflict",
        "summary-bar--key",
        "summary-bar--key-divergent",
        "summary-bar--key-number",
        "summary-bar--key-unique",
        "summary-bar--key-conflict",
    }

    DEFAULT_CSS = """
    SummaryBar {
        height: 1;
        padding: 0 1;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._summary: Summary | None = None
        self._position: tuple[int, int] | None = None

    def notify_style_update(self) -> None:
        super().notify_style_update()
        # The figures are drawn with the theme's colours: redraw them after a theme change.
        if self._summary is not None:
            self.show_summary(self._summary)

    def show_position(self, current: int, total: int) -> None:
        """Show that passage `current` (0-based) of `total` is the current one."""
        position = (current, total)
        if position != self._position:
            self._position = position
            if self._summary is not None:
                self.show_summary(self._summary)

    def show_summary(self, summary: Summary) -> None:
        """Show the figures of a finished comparison."""
        self._summary = summary
        figure = self._part("figure")
        # Where the reader is comes first: it is what the ellipsis must never cut.
        place: list[str | tuple[str, Style]] = []
        if self._position is not None and self._position[1] > 0:
            current, total = self._position
            place = ["Passage ", (f"{current + 1}/{total}", figure), " · "]
        only = self._part("only")
        conflict = self._part("conflict")
        # Splits and merges make the two counts differ; show both only then.
        matched = (
            str(summary.matched_a)
            if summary.matched_a == summary.matched_b
            else f"{summary.matched_a}↔{summary.matched_b}"
        )
        text = Text.assemble(
            *place,
            (f"{round(summary.similarity * 100)}%", figure),
            " similar · ",
            (matched, figure),
            " matched · ",
            (str(summary.only_a), only),
            " only A · ",
            (str(summary.only_b), only),
            " only B · ",
            (str(summary.conflicts), conflict if summary.conflicts else figure),
            " conflict" if summary.conflicts == 1 else " conflicts",
            end="",
        )
        # A key of the highlight colours, styled like the panes' highlights; on a narrow
        # terminal it is what the ellipsis cuts first.
        text.append("   ")
        text.append("key:", self._part("key"))
        for name, label in (
            ("divergent", "changed"),
            ("number", "number"),
            ("unique", "unique"),
            ("conflict", "conflict"),
        ):
            text.append(" ")
            text.append(f" {label} ", self._part(f"key-{name}"))
        self.update(text)

    def _part(self, name: str) -> Style:
        # Translucent theme colours ($divergent) blended like the panes blend them.
        return blended_style(self, f"summary-bar--{name}")

    def show_progress(self, fraction: float) -> None:
        """Show how far the comparison has got."""
        self._summary = None
        self._position = None
        self.update(Text(f"Comparing… {round(fraction * 100)}%   (escape cancels)", end=""))

    def show_message(self, message: str) -> None:
        """Show a plain message (e.g. why there is nothing to show)."""
        self._summary = None
        self._position = None
        self.update(Text(message, end=""))
