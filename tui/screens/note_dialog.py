"""The note dialog: a verdict on the current passage and an optional line of text."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Static

from tui.core.notes import MAX_NOTE, VERDICTS, Note
from tui.paths import styles_dir
from tui.widgets.text import literal

__all__ = ["NoteDialog", "NoteEdit"]


@dataclass(frozen=True, slots=True)
class NoteEdit:
    """What the dialog was closed with: a verdict (a key of `VERDICTS`) and a text, or
    `verdict=None` to remove the note."""

    verdict: str | None
    text: str = ""


class NoteDialog(ModalScreen[NoteEdit | None]):
    """Asks for a verdict (↑/↓ and space, or a click) and a note (tab, type, enter).

    Dismisses with a `NoteEdit`, or `None` when cancelled.
    """

    CSS_PATH = styles_dir() / "note.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape",
            "cancel",
            "Cancel",
            id="note.cancel",
            tooltip="Close the dialog and leave the note as it was",
        ),
    ]

    def __init__(self, title: str, preview: str, note: Note | None = None) -> None:
        """Args:
        title: What the dialog is about, e.g. "Note on passage 9".
        preview: The passage, shortened, shown literally.
        note: The passage's note, when it has one (its verdict and text are preselected).
        """
        super().__init__()
        self._title = title
        self._preview = preview
        self.note = note

    def compose(self) -> ComposeResult:
        with Vertical(id="note-dialog"):
            yield Label(literal(self._title), id="note-title")
            yield Static(literal(self._preview), id="note-passage")
            with RadioSet(id="note-verdict"):
                for verdict, label in VERDICTS.items():
                    chosen = self.note is not None and self.note.verdict == verdict
                    yield RadioButton(label, value=chosen, id=f"verdict-{verdict}")
            yield Input(
                value=self.note.text if self.note else "",
                placeholder="note (optional): what is wrong, what to check",
                max_length=MAX_NOTE,
                id="note-text",
            )
            yield Static(
                "↑/↓ space: verdict · tab: note · enter: save · esc: cancel", id="note-hint"
            )
            with Horizontal(id="note-buttons"):
                yield Button("Save", variant="primary", id="note-save")
                yield Button(
                    "Remove note", variant="error", id="note-remove", disabled=self.note is None
                )
                yield Button("Cancel", id="note-cancel")

    def on_mount(self) -> None:
        self.query_one("#note-verdict", RadioSet).focus()

    @property
    def verdict(self) -> str | None:
        """The chosen verdict (a key of `VERDICTS`), or `None` before one is chosen."""
        pressed = self.query_one("#note-verdict", RadioSet).pressed_button
        if pressed is None or pressed.id is None:
            return None
        return pressed.id.removeprefix("verdict-")

    @on(RadioSet.Changed, "#note-verdict")
    def _verdict_chosen(self) -> None:
        # The next thing to do is the text (or enter to save without one).
        self.query_one("#note-text", Input).focus()

    @on(Input.Submitted, "#note-text")
    @on(Button.Pressed, "#note-save")
    def _save(self) -> None:
        verdict = self.verdict
        if verdict is None:
            self.app.notify(
                "Pick a verdict first (↑/↓ and space).", severity="warning", markup=False
            )
            self.query_one("#note-verdict", RadioSet).focus()
            return
        self.dismiss(NoteEdit(verdict, self.query_one("#note-text", Input).value.strip()))

    @on(Button.Pressed, "#note-remove")
    def _remove(self) -> None:
        self.dismiss(NoteEdit(None))

    @on(Button.Pressed, "#note-cancel")
    def action_cancel(self) -> None:
        """Close without changing the note."""
        self.dismiss(None)
