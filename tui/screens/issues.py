"""The load problems of the library (`i`): every file that was skipped or loaded with a warning.

A notification holds a few lines only; a library of clippings can have dozens of problems, so they
are listed here in full, one per line, scrollable. File names and messages come from the user's
files and are shown literally (`literal`), never as markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.core.types import LoadIssue
from tui.paths import styles_dir
from tui.widgets.text import literal

__all__ = ["IssuesScreen", "issue_line"]


def issue_line(issue: LoadIssue) -> Text:
    """One problem as a line: `error: broken.md: not text` (errors mean the file was skipped)."""
    level = "error" if issue.level == "error" else "warning"
    line = Text(f"{level}: ", style="bold red" if level == "error" else "bold yellow")
    line.append_text(literal(str(issue), single_line=True))
    if issue.level == "error":
        line.append(" (skipped)", style="dim")
    return line


class IssuesScreen(ModalScreen[None]):
    """Every load problem, one per line, in a scrollable box."""

    CSS_PATH = styles_dir() / "issues.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape,q,i",
            "dismiss",
            "Close",
            id="issues.close",
            tooltip="Back to the library",
        ),
    ]

    def __init__(self, issues: Sequence[LoadIssue]) -> None:
        super().__init__()
        self.issues = tuple(issues)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="issues-body") as body:
            count = len(self.issues)
            body.border_title = f"{count} load problem{'' if count == 1 else 's'}"
            body.border_subtitle = "esc / q / i to close"
            for issue in self.issues:
                yield Static(issue_line(issue), classes="issue")

    def on_mount(self) -> None:
        self.query_one("#issues-body").focus()
