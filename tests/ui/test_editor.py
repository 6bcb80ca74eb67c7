"""Which editor "Export and edit" runs: $EDITOR, $VISUAL, then vi, then nano."""

from __future__ import annotations

import re

import pytest

from tui.editor import EditorError, editor_command

INSTALLED = {"vi": "/usr/bin/vi", "nano": "/bin/nano", "emacs": "/usr/bin/emacs"}


def which(name: str) -> str | None:
    return INSTALLED.get(name)


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"EDITOR": "emacs -nw", "VISUAL": "nano"}, ["/usr/bin/emacs", "-nw"]),
        ({"EDITOR": "  ", "VISUAL": "nano"}, ["/bin/nano"]),
        ({}, ["/usr/bin/vi"]),
        ({"EDITOR": "'emacs' --file-arg 'a b'"}, ["/usr/bin/emacs", "--file-arg", "a b"]),
    ],
)
def test_editor_command_order(environ: dict[str, str], expected: list[str]) -> None:
    assert editor_command(environ, which) == expected


def test_nano_when_vi_is_missing() -> None:
    assert editor_command({}, lambda name: "/bin/nano" if name == "nano" else None) == ["/bin/nano"]


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"EDITOR": "missing-editor"}, "editor 'missing-editor' (from $EDITOR) is not installed"),
        ({"VISUAL": "'unbalanced"}, "cannot read $VISUAL"),
    ],
)
def test_bad_editor_settings_are_one_line(environ: dict[str, str], message: str) -> None:
    with pytest.raises(EditorError, match=re.escape(message)):
        editor_command(environ, which)


def test_no_editor_at_all() -> None:
    with pytest.raises(EditorError, match="no editor found: set \\$EDITOR"):
        editor_command({}, lambda name: None)
