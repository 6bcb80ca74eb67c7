"""The notes panel: the reader's notes on this pair, in passage order, with jump-to."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.core.notes import PlacedNote
from tui.widgets.component_style import blended_style
from tui.widgets.passage_pane import NOTE_SIGNS
from tui.widgets.text import sanitize

__all__ = ["NotesPanel"]

_MAX_TEXT = 160


def _short(value: str, limit: int = _MAX_TEXT) -> str:
    value = sanitize(value, single_line=True)
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"


class NotesPanel(Vertical, can_focus=False):
    """Lists the notes; choosing one posts `NoteChosen` with the row to go to."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "notes-panel--where",
        "notes-panel--detached",
        "notes-panel--confirmed",
        "notes-panel--disputed",
        "notes-panel--needs-source",
    }

    @dataclass
    class NoteChosen(Message):
        """The user chose a note: go to `row` (`None`: its passage is nowhere to be found)."""

        panel: NotesPanel
        row: int | None

        @property
        def control(self) -> NotesPanel:
            """The panel the note was chosen in."""
            return self.panel

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._targets: dict[str, int | None] = {}

    def compose(self) -> ComposeResult:
        yield Static("Notes", classes="notes-title")
        yield OptionList(id="notes-list")

    def show_notes(self, notes: Sequence[PlacedNote], outlet_a: str, outlet_b: str) -> None:
        """List `notes` (from `tui.core.notes.place_notes`), replacing any earlier list."""
        where_style = blended_style(self, "notes-panel--where")
        detached_style = blended_style(self, "notes-panel--detached")
        options: list[Option | None] = []
        self._targets = {}
        for number, placed in enumerate(notes):
            note = placed.note
            key = f"note-{number}"
            mark = NOTE_SIGNS.get(note.verdict, "•")
            verdict_style = blended_style(self, f"notes-panel--{note.verdict}")
            parts: list[str | tuple[str, object]] = []
            if placed.row is not None:
                self._targets[key] = placed.row
                parts.append((f"¶ {placed.row + 1}  ", where_style))
            else:
                self._targets[key] = placed.near
                parts.append(("detached  ", detached_style))
            parts.append((f"{mark} {note.label}", verdict_style))
            if note.text:
                parts += ["\n", _short(note.text)]
            if placed.row is None:
                # The passage is gone: say what the note was about.
                for outlet, side in ((outlet_a, note.passage.a), (outlet_b, note.passage.b)):
                    if side:
                        parts += [
                            "\n",
                            (f"{outlet}: “{_short(' '.join(side), 80)}”", detached_style),
                        ]
            if options:
                options.append(None)  # a separator line between notes
            options.append(Option(Text.assemble(*parts, end=""), id=key))  # type: ignore[arg-type]
        listing = self.query_one("#notes-list", OptionList)
        highlighted = listing.highlighted
        listing.clear_options()
        if options:
            listing.add_options(options)
            listing.highlighted = min(highlighted or 0, listing.option_count - 1)
        else:
            listing.add_option(
                Option(Text("No notes yet. Press m on a passage to add one."), disabled=True)
            )

    @on(OptionList.OptionSelected, "#notes-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        key = event.option.id or ""
        if key in self._targets:
            self.post_message(self.NoteChosen(self, self._targets[key]))
