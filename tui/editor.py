"""Open a file in the user's text editor, handing the terminal over while it runs.

The editor is `$EDITOR`, else `$VISUAL`, else `vi`, else `nano` (a value may carry arguments,
`code --wait`). The app is suspended (`App.suspend`) while the editor runs and comes back to
the screen it was on. Every failure (no editor, an editor that will not start or exits with an
error, a terminal that cannot be handed over, as in a browser) comes back as a one-line message,
never an exception.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Protocol

from tui.core.fsio import os_reason

__all__ = ["DEFAULT_EDITORS", "Editor", "EditorError", "editor_command"]

DEFAULT_EDITORS = ("vi", "nano")
"""Tried in this order when neither `$EDITOR` nor `$VISUAL` is set."""


class EditorError(Exception):
    """No usable editor; the message is one line saying what to set."""


class _Suspendable(Protocol):
    def suspend(self) -> AbstractContextManager[None]: ...


Runner = Callable[[Sequence[str]], int]


def _run(argv: Sequence[str]) -> int:
    return subprocess.run(list(argv), check=False).returncode


def editor_command(
    environ: Mapping[str, str] | None = None, which: Callable[[str], str | None] = shutil.which
) -> list[str]:
    """The command line of the user's editor, without the file.

    Args:
        environ: The environment to read `EDITOR` and `VISUAL` from (default: `os.environ`).
        which: Finds a program on the `PATH` (`shutil.which`; tests pass their own).

    Returns:
        The program (as found on the `PATH`) and its arguments.

    Raises:
        EditorError: the variable cannot be parsed, names a program that is not installed, or
            nothing is set and neither `vi` nor `nano` is installed.
    """
    env = os.environ if environ is None else environ
    for name in ("EDITOR", "VISUAL"):
        value = env.get(name, "").strip()
        if not value:
            continue
        try:
            argv = shlex.split(value)
        except ValueError as exc:
            raise EditorError(f"cannot read ${name} ({value!r}): {exc}") from None
        found = which(argv[0]) if argv else None
        if found is None:
            raise EditorError(f"editor {argv[0]!r} (from ${name}) is not installed")
        return [found, *argv[1:]]
    for program in DEFAULT_EDITORS:
        found = which(program)
        if found is not None:
            return [found]
    raise EditorError("no editor found: set $EDITOR (neither vi nor nano is installed)")


class Editor:
    """Opens files in the user's editor from a running app.

    `suspend` and `run` are what tests replace: Textual's headless driver cannot suspend, and a
    test's editor is a script that records its argument.
    """

    def __init__(
        self,
        *,
        environ: Mapping[str, str] | None = None,
        suspend: Callable[[], AbstractContextManager[None]] | None = None,
        run: Runner = _run,
    ) -> None:
        self._environ = environ
        self._suspend = suspend
        self._run = run

    def open(self, app: _Suspendable, path: Path) -> str | None:
        """Suspend `app`, edit `path`, resume; `None` when all went well, else a one-line
        message saying what went wrong."""
        # Imported here: the class is Textual's, but this module is imported without it in tests.
        from textual.app import SuspendNotSupported

        try:
            argv = [*editor_command(self._environ), str(path)]
        except EditorError as exc:
            return str(exc)
        program = Path(argv[0]).name
        suspend = self._suspend or app.suspend
        try:
            with suspend():
                status = self._run(argv)
        except SuspendNotSupported:
            return "cannot open an editor here: this display cannot hand the terminal over"
        except OSError as exc:
            return f"could not start {program}: {os_reason(exc)}"
        if status != 0:
            return f"{program} exited with status {status}"
        return None
