"""The note dialog: a verdict on the current passage and an optional line of text."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
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


CAUTIOUS_VERDICT = "needs-source"


class _Verdicts(RadioSet):
    """The verdicts, the cursor starting on the chosen one; space (or enter) on the verdict
    already chosen moves on to the note too.

    A RadioSet posts `Changed` only when the choice changes, so on a note being edited, space on
    its own verdict did nothing and what was typed next went nowhere.
    """

    @dataclass
    class Confirmed(Message):
        """Space or enter on the verdict that was already chosen."""

    def cursor_to_chosen(self, default: int = 0) -> None:
        """Put the cursor on the chosen verdict (RadioSet puts it on the first one when it is
        mounted), so that space on a note being edited does not quietly change its verdict;
        on a new note, on the button numbered `default`."""
        # RadioSet's cursor; it has no public setter.
        self._selected = self.pressed_index if self.pressed_index >= 0 else default

    def action_toggle_button(self) -> None:
        before = self.pressed_index
        super().action_toggle_button()
        if before >= 0 and self.pressed_index == before:
            self.post_message(self.Confirmed())


class NoteDialog(ModalScreen[NoteEdit | None]):
    """Asks for a verdict (↑/↓ and space, or a click), then a note (typed; enter saves).

    Dismisses with a `NoteEdit`, or `None` when cancelled.
    """

    CSS_PATH = styles_dir() / "note.tcss"
    # Under 28 rows (an 80x24 terminal) the dialog drops its blank lines to fit.
    VERTICAL_BREAKPOINTS = [(0, "-short"), (28, "-tall")]  # noqa: RUF012 (typed by Textual)
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
            with _Verdicts(id="note-verdict"):
                for verdict, label in VERDICTS.items():
                    chosen = self.note is not None and self.note.verdict == verdict
                    yield RadioButton(label, value=chosen, id=f"verdict-{verdict}")
            yield Input(
                value=self.note.text if self.note else "",
                placeholder="note (optional): what is wrong, what to check",
                max_length=MAX_NOTE,
                id="note-text",
            )
            # Space moves on to the note by itself: a tab there would leave the note field.
            yield Static(
                "↑/↓ space: verdict, then type a note · enter: save · esc: cancel", id="note-hint"
            )
            with Horizontal(id="note-buttons"):
                yield Button("Save", variant="primary", id="note-save")
                yield Button(
                    "Remove note", variant="error", id="note-remove", disabled=self.note is None
                )
                yield Button("Cancel", id="note-cancel")

    def on_mount(self) -> None:
        verdicts = self.query_one("#note-verdict", _Verdicts)
        # On a new note the cursor starts on the most cautious verdict: enter, enter (a key
        # pressed twice by mistake) marks the passage as needing a source, never as confirmed.
        verdicts.cursor_to_chosen(list(VERDICTS).index(CAUTIOUS_VERDICT))
        verdicts.focus()

    @property
    def verdict(self) -> str | None:
        """The chosen verdict (a key of `VERDICTS`), or `None` before one is chosen."""
        pressed = self.query_one("#note-verdict", RadioSet).pressed_button
        if pressed is None or pressed.id is None:
            return None
        return pressed.id.removeprefix("verdict-")

    @on(RadioSet.Changed, "#note-verdict")
    @on(_Verdicts.Confirmed)
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
