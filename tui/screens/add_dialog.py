"""The add dialog: paste a URL or a file path, and the article goes into the library."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path, PurePath
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Button, Input, Label, LoadingIndicator, Static
from textual.worker import Worker, WorkerState

from tui.core.importer import DEFAULT_TIMEOUT, AddError, AddResult, add_source, clean_text
from tui.paths import bundled_articles_dir, styles_dir

__all__ = ["AddDialog", "library_for_adding"]

# Extra seconds past the download timeout before the dialog gives up by itself: name lookups
# and page extraction are not covered by the socket timeout.
_GRACE = 10.0


def library_for_adding(folder: Path, *, cwd: Path | None = None) -> Path:
    """The folder new articles go to: `folder`, unless it is the sample library installed inside
    the package, which is no place for the user's files; then `./articles`, the folder the reader
    opens by default once it exists (as `sidebyside add` does)."""
    if folder.resolve() == bundled_articles_dir().resolve():
        return (cwd or Path.cwd()) / "articles"
    return folder


class AddDialog(ModalScreen[Path | None]):
    """Adds one article to `library_dir`; dismisses with its path, or `None` if cancelled.

    Enter fetches and extracts in a thread worker while a loading indicator shows. An article
    already in the library dismisses with the existing file (so the library can select it). A
    network or extraction failure is an error notification and the dialog stays open.
    """

    CSS_PATH: ClassVar[list[str | PurePath]] = [styles_dir() / "add.tcss"]  # type: ignore[misc]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape",
            "cancel",
            "Cancel",
            id="add.cancel",
            tooltip="Close the dialog; a download in progress is abandoned",
        ),
    ]

    def __init__(
        self,
        library_dir: Path,
        *,
        fetch: Callable[[str], bytes] | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        grace: float = _GRACE,
    ) -> None:
        super().__init__()
        self.library_dir = library_dir
        """The folder the article is written to."""
        self.fetch = fetch
        """Downloads a URL; `None` uses the importer's own (tests inject one)."""
        self.timeout = timeout
        """Seconds to wait for the web server."""
        self.grace = grace
        """Seconds past `timeout` before the dialog stops waiting for the worker."""
        self._watchdog: Timer | None = None
        self._worker: Worker[AddResult] | None = None
        # Set when the dialog stops waiting: a thread cannot be stopped, so the importer checks
        # it between steps and right before writing, and a late download writes nothing.
        self._cancel = threading.Event()

    def compose(self) -> ComposeResult:
        with Vertical(id="add-dialog"):
            yield Label("Add article", id="add-title")
            yield Input(
                placeholder="https://… or a path to .html, .htm, .txt, .md", id="add-source"
            )
            yield Static(Text(f"Adds to {self.library_dir}"), id="add-hint")
            yield LoadingIndicator(id="add-loading")
            with Horizontal(id="add-buttons"):
                yield Button("Add", variant="primary", id="add-ok")
                yield Button("Cancel", id="add-cancel")

    def on_mount(self) -> None:
        self.query_one("#add-source", Input).focus()

    @property
    def busy(self) -> bool:
        """True while an article is being fetched and extracted."""
        return self._worker is not None

    def _set_busy(self, worker: Worker[AddResult] | None) -> None:
        self._worker = worker
        busy = worker is not None
        self.query_one("#add-loading", LoadingIndicator).display = busy
        self.query_one("#add-source", Input).disabled = busy
        self.query_one("#add-ok", Button).disabled = busy
        if self._watchdog is not None:
            self._watchdog.stop()
            self._watchdog = None
        if busy:
            self._watchdog = self.set_timer(self.timeout + self.grace, self._timed_out)
        else:
            self.query_one("#add-source", Input).focus()

    @on(Input.Submitted, "#add-source")
    @on(Button.Pressed, "#add-ok")
    def action_add(self) -> None:
        """Start adding the URL or path typed in the field."""
        if self.busy:
            return
        source = self.query_one("#add-source", Input).value.strip()
        if not source:
            self.app.notify("Paste a URL or type a file path.", severity="warning", markup=False)
            return
        self._cancel = threading.Event()
        self._set_busy(self._add(source, self._cancel))

    @work(thread=True, exclusive=True, group="add", exit_on_error=False)
    def _add(self, source: str, cancel: threading.Event) -> AddResult:
        return add_source(
            source, self.library_dir, fetch=self.fetch, timeout=self.timeout, cancel=cancel
        )

    def _abandon(self) -> None:
        """Stop waiting for the worker; whatever it returns is ignored and nothing is written."""
        self._cancel.set()
        if self._worker is not None:
            self._worker.cancel()
        self._set_busy(None)

    @on(Worker.StateChanged)
    def _worker_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker is not self._worker or event.state not in (
            WorkerState.SUCCESS,
            WorkerState.ERROR,
        ):
            return
        self._set_busy(None)
        if event.state == WorkerState.ERROR:
            error = worker.error
            if isinstance(error, AddError):
                message = str(error)
            else:
                # Not expected from the importer; still a notification, never a crash.
                message = f"{type(error).__name__}: {error}"
            self._fail(message)
            return
        result = worker.result
        assert result is not None  # a successful worker returned an AddResult
        if result.added:
            self.app.notify(
                clean_text(f"Added {result.title or result.path.name} → {result.path.name}"),
                title="Article added",
                markup=False,
            )
        else:
            self.app.notify(
                clean_text(f"Already there: {result.path.name} ({result.reason})"),
                severity="warning",
                markup=False,
            )
        self.dismiss(result.path)

    def _fail(self, message: str) -> None:
        self.app.notify(
            clean_text(message), title="Could not add article", severity="error", markup=False
        )

    def _timed_out(self) -> None:
        self._watchdog = None
        if self._worker is None:
            return
        source = self.query_one("#add-source", Input).value.strip()
        self._abandon()
        self._fail(f"{source}: timed out after {self.timeout + self.grace:g} s")

    @on(Button.Pressed, "#add-cancel")
    def action_cancel(self) -> None:
        """Close without adding (a download in progress is abandoned and writes nothing)."""
        self._abandon()
        self.dismiss(None)
