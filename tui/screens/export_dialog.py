"""The export dialog: pick a format and a path, then write a comparison (or a ledger) there.

The dialog knows nothing of what it exports: it gets an `ExportPayload` (a title, a suggested
file name, the formats on offer and a `render(fmt) -> str` callable), so every screen that exports
uses the same path field, overwrite confirmation and atomic write. "Export and edit" writes the
file the same way, then opens it in the user's editor (`tui.editor`) and comes back.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Static

from tui.core.export import FORMATS, format_for_path, suggested_filename, to_json, to_markdown
from tui.core.fsio import OutputExistsError, WriteError, write_atomic
from tui.core.notes import PlacedNote
from tui.core.types import Comparison
from tui.editor import Editor
from tui.paths import styles_dir
from tui.widgets.text import literal, sanitize

__all__ = ["ExportDialog", "ExportPayload", "comparison_payload"]

_EXTENSIONS = {f".{ext}" for ext in FORMATS.values()}
_LABELS = {"markdown": "Markdown", "json": "JSON"}


@dataclass(frozen=True, slots=True)
class ExportPayload:
    """What the export dialog writes.

    `formats` are keys of `tui.core.export.FORMATS`, the first one preselected; `filename` is
    the suggested name (with that format's extension); `render(fmt)` returns the file's text and
    is called only when the user exports.
    """

    title: str
    filename: str
    formats: tuple[str, ...]
    render: Callable[[str], str]


def comparison_payload(
    comparison: Comparison, notes: Sequence[PlacedNote] | None = None
) -> ExportPayload:
    """A comparison as Markdown or JSON, named `<a-id>-vs-<b-id>.md`, with the reader's notes
    beside their passages."""

    def render(fmt: str) -> str:
        return to_json(comparison, notes) if fmt == "json" else to_markdown(comparison, notes)

    return ExportPayload(
        title="Export comparison",
        filename=suggested_filename(comparison, "markdown"),
        formats=("markdown", "json"),
        render=render,
    )


class ExportDialog(ModalScreen[Path | None]):
    """Writes a payload to a file; dismisses with the path written, or `None` if cancelled.

    Enter in the path field exports. An existing file is only replaced after a second enter
    (or the Overwrite button); a failure is reported as an error notification and the dialog stays
    open so the user can fix the path.
    """

    CSS_PATH: ClassVar[list[str | PurePath]] = [styles_dir() / "export.tcss"]  # type: ignore[misc]
    # Under 28 rows (an 80x24 terminal) the dialog drops its blank lines to fit.
    VERTICAL_BREAKPOINTS = [(0, "-short"), (28, "-tall")]  # noqa: RUF012 (typed by Textual)
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape",
            "cancel",
            "Cancel",
            id="export.cancel",
            tooltip="Close the dialog without writing anything",
        ),
        Binding(
            "ctrl+o",
            "export(True)",
            "Export and edit",
            id="export.edit",
            tooltip="Write the file, then open it in $EDITOR (or $VISUAL, vi, nano) and come back",
        ),
    ]

    def __init__(
        self,
        payload: ExportPayload | Comparison,
        *,
        directory: Path | None = None,
        editor: Editor | None = None,
    ) -> None:
        super().__init__()
        self.editor = editor or Editor()
        """Opens the written file for "Export and edit"; tests replace it."""
        if isinstance(payload, Comparison):
            payload = comparison_payload(payload)
        self.payload = payload
        """What is exported; a `Comparison` is turned into one by `comparison_payload`."""
        self.directory = directory or Path.cwd()
        """Where a relative path is written: the working directory unless told otherwise."""
        self._confirm: Path | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="export-dialog"):
            yield Label(self.payload.title, id="export-title")
            with RadioSet(id="export-format") as formats:
                # One format leaves nothing to choose.
                formats.display = len(self.payload.formats) > 1
                for number, fmt in enumerate(self.payload.formats):
                    yield RadioButton(_LABELS.get(fmt, fmt), value=number == 0, id=f"format-{fmt}")
            yield Input(
                value=self.payload.filename,
                placeholder="file name or path",
                id="export-path",
            )
            yield Static(literal(f"Relative paths go to {self.directory}"), id="export-hint")
            yield Static(
                "enter: export · ctrl+o: export and edit · esc: cancel",
                id="export-keys",
            )
            yield Static("", id="export-confirm")
            with Horizontal(id="export-buttons"):
                yield Button("Export", variant="primary", id="export-ok")
                yield Button("Export and edit", id="export-edit", tooltip="ctrl+o")
                yield Button("Cancel", id="export-cancel")

    def on_mount(self) -> None:
        self.query_one("#export-path", Input).focus()

    @property
    def export_format(self) -> str:
        """The chosen format: one of the payload's `formats`."""
        pressed = self.query_one("#export-format", RadioSet).pressed_button
        if pressed is None or pressed.id is None:
            return self.payload.formats[0]
        return pressed.id.removeprefix("format-")

    def target(self) -> Path | None:
        """The path typed in the field, made absolute against `directory`; `None` if empty."""
        value = self.query_one("#export-path", Input).value.strip()
        if not value:
            return None
        path = Path(value).expanduser()
        return path if path.is_absolute() else self.directory / path

    @on(RadioSet.Changed, "#export-format")
    def _format_changed(self) -> None:
        # Follow the format with the file extension, unless the user picked another one.
        field = self.query_one("#export-path", Input)
        path = Path(field.value)
        if field.value and path.suffix in _EXTENSIONS:
            field.value = str(path.with_suffix(f".{FORMATS[self.export_format]}"))
        field.focus()

    @on(Input.Changed, "#export-path")
    def _path_changed(self) -> None:
        # A new path needs its own confirmation.
        self._set_confirm(None)
        # A file name whose extension names another format chooses it (`notes.json`), as
        # `compare -o` does: Markdown is never written into a `.json` file.
        value = self.query_one("#export-path", Input).value
        wanted = format_for_path(value, self.payload.formats)
        if wanted is not None and wanted != self.export_format:
            self.query_one(f"#format-{wanted}", RadioButton).value = True

    def _set_confirm(self, path: Path | None, edit: bool = False) -> None:
        self._confirm = path
        prompt = self.query_one("#export-confirm", Static)
        button = self.query_one("#export-ok", Button)
        edit_button = self.query_one("#export-edit", Button)
        edit_button.label = "Export and edit" if path is None else "Overwrite and edit"
        if path is None:
            prompt.update("")
            prompt.display = False
            button.label = "Export"
            button.variant = "primary"
        else:
            # Enter would overwrite without opening the editor: name the key that was pressed.
            again = (
                "ctrl+o again to overwrite it and edit it"
                if edit
                else "enter again to overwrite it"
            )
            prompt.update(literal(f"{path} exists. Press {again}."))
            prompt.display = True
            button.label = "Overwrite"
            button.variant = "error"

    @on(Input.Submitted, "#export-path")
    @on(Button.Pressed, "#export-ok")
    def _export_pressed(self) -> None:
        self.action_export()

    @on(Button.Pressed, "#export-edit")
    def _export_and_edit_pressed(self) -> None:
        self.action_export(edit=True)

    def action_export(self, edit: bool = False) -> None:
        """Write the file (asking first if it exists), with `edit` open it in the user's editor,
        then close with a notification."""
        path = self.target()
        if path is None:
            self.app.notify("Type a file name to export to.", severity="warning", markup=False)
            return
        overwrite = self._confirm == path
        try:
            data = self.payload.render(self.export_format)
            written = write_atomic(path, data, overwrite=overwrite)
        except OutputExistsError:
            self._set_confirm(path, edit)
            return
        except WriteError as exc:
            self.app.notify(
                sanitize(str(exc), single_line=True),
                title="Export failed",
                severity="error",
                markup=False,
            )
            return
        self.app.notify(sanitize(f"Exported to {written}", single_line=True), markup=False)
        if edit:
            problem = self.editor.open(self.app, written)
            if problem is not None:
                self.app.notify(
                    sanitize(problem, single_line=True),
                    title="Editor",
                    severity="error",
                    markup=False,
                )
        self.dismiss(written)

    @on(Button.Pressed, "#export-cancel")
    def action_cancel(self) -> None:
        """Close without writing."""
        self.dismiss(None)
