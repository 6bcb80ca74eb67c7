"""The shared output helpers of the subcommands: message lines, `-o FILE` and `--force`."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from tui.commands._output import add_output_arguments, check_output, emit, say, warn_issues
from tui.core.types import LoadIssue
from tui.errors import UserError


def _args(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_output_arguments(parser)
    return parser.parse_args(argv)


def test_say_is_one_line_without_control_codes(capsys: pytest.CaptureFixture[str]) -> None:
    say("error", "bad\x1b[31m file\nname\x07")
    assert capsys.readouterr().err == "sidebyside: error: bad file name\n"


def test_warn_issues_says_skipped_for_errors_only(capsys: pytest.CaptureFixture[str]) -> None:
    warn_issues([LoadIssue(Path("a.md"), "empty file"), LoadIssue(Path("b.md"), "odd", "warning")])
    assert capsys.readouterr().err.splitlines() == [
        "sidebyside: warning: a.md: empty file; skipped",
        "sidebyside: warning: b.md: odd",
    ]


def test_emit_to_stdout_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    args = _args()
    check_output(args)
    emit("text\n", args)
    out = capsys.readouterr()
    assert (out.out, out.err) == ("text\n", "")


def test_emit_to_a_file_refuses_to_overwrite_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "out.md"
    emit("one\n", _args("-o", str(target)))
    assert target.read_text(encoding="utf-8") == "one\n"
    assert capsys.readouterr().err == f"wrote {target}\n"
    with pytest.raises(UserError, match="already exists; use --force to overwrite it"):
        check_output(_args("-o", str(target)))
    with pytest.raises(UserError, match="use --force"):
        emit("two\n", _args("-o", str(target)))
    assert target.read_text(encoding="utf-8") == "one\n"
    check_output(_args("-o", str(target), "--force"))
    emit("two\n", _args("-o", str(target), "--force"))
    assert target.read_text(encoding="utf-8") == "two\n"


def test_check_output_refuses_a_missing_directory(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="no such directory"):
        check_output(_args("-o", str(tmp_path / "nope" / "out.md")))


def test_progress_bar_draws_only_on_a_terminal(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    from tui.commands._output import ProgressBar

    # Redirected stderr (the capture): nothing at all.
    bar = ProgressBar()
    bar.update("grouping", 0.5)
    bar.close()
    assert capsys.readouterr().err == ""
    # A terminal: the bar is redrawn in place and cleared at the end.
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    bar = ProgressBar(interval=0.0, width=10)
    bar.update("grouping", 0.0)
    bar.update("grouping", 0.5)
    bar.update("matching facts", 1.0)
    bar.close()
    err = capsys.readouterr().err
    assert "\r" in err and "grouping ░░░░░░░░░░   0%" in err
    assert "grouping █████░░░░░  50%" in err and "matching facts ██████████ 100%" in err
    assert err.endswith("\r\x1b[K") and "\n" not in err


def test_ledger_cli_draws_no_bar_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    fixtures = Path(__file__).resolve().parents[1] / "fixtures" / "two_stories"
    env = {**os.environ, "SIDEBYSIDE_CACHE_DIR": str(tmp_path / "cache")}
    proc = subprocess.run(
        [sys.executable, "-m", "tui", "ledger", str(fixtures), "--format", "json"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert proc.returncode == 0 and proc.stderr == ""
