"""Every bad input of issue 6 through the real command line: `list` and `compare` in every format.

Each command runs in a subprocess, as a user would run it. An error is exit status 2 and ONE line
on stderr naming the file, never a traceback; a file that loads despite a problem prints a warning
and goes on; nothing an article holds reaches stdout as a terminal control code.
"""

from __future__ import annotations

import errno
import json
import os
import re
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

from tests.bad_inputs.conftest import (
    BAD_FILES,
    ESCAPES,
    LOADED,
    MARKUP,
    PARTNER,
    SKIPPED,
    BadFile,
    MakeBad,
    can_bypass_permissions,
    make_directory_article,
    make_symlink_loop,
    make_unreadable,
    write_long_line,
    write_many_sentences,
)
from tests.core.test_export import plain_text
from tui.cli import main
from tui.core.layout import cell_len

REPO = Path(__file__).resolve().parents[2]
FORMATS = ("text", "json", "markdown")
# Any C0 control but tab and newline, DEL, and the C1 range: none may reach a terminal.
RAW_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    env["PYTHONIOENCODING"] = "utf-8"
    env["COLUMNS"] = "120"
    return env


def run_many(
    commands: Sequence[Sequence[str | Path]], cwd: Path
) -> list[subprocess.CompletedProcess[str]]:
    """Run several `sidebyside` commands at once (a subprocess each) and collect them in order."""
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "tui", *map(str, command)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            errors="surrogateescape",
            cwd=cwd,
            env=_env(),
        )
        for command in commands
    ]
    results = []
    for command, proc in zip(commands, procs, strict=True):
        out, err = proc.communicate(timeout=120)
        results.append(subprocess.CompletedProcess(list(command), proc.returncode, out, err))
    return results


def assert_one_line_error(result: subprocess.CompletedProcess[str], *names: str) -> str:
    """Exit 2, nothing on stdout, one `sidebyside: error:` line on stderr naming `names`."""
    assert result.returncode == 2, (result.args, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, (result.args, result.stderr)
    assert lines[0].startswith("sidebyside: error: "), lines[0]
    for name in names:
        assert name in lines[0], (name, lines[0])
    assert result.stdout == ""
    assert not RAW_CONTROL.search(result.stderr)
    return lines[0]


def every_command(path: Path, partner: Path) -> list[list[str | Path]]:
    """`list PATH` and `compare` with PATH on either side, in every format."""
    commands: list[list[str | Path]] = [["list", path]]
    for number, fmt in enumerate(FORMATS):
        pair = [path, partner] if number % 2 == 0 else [partner, path]
        commands.append(["compare", *pair, "--format", fmt])
    return commands


# -- files that cannot be read as articles --------------------------------------------------------


@pytest.mark.parametrize("case", SKIPPED, ids=lambda case: case.name)
def test_bad_file_named_alone_is_one_line_error(
    case: BadFile, make_bad: MakeBad, partner: Path
) -> None:
    path = make_bad(case.name)
    for result in run_many(every_command(path, partner), cwd=path.parent):
        assert_one_line_error(result, case.filename, case.reason)


@pytest.mark.parametrize(
    "make", [make_symlink_loop, make_directory_article], ids=["symlink-loop", "directory"]
)
def test_file_system_trouble_is_one_line_error_naming_it(
    make: object, tmp_path: Path, partner: Path
) -> None:
    folder = tmp_path / "fs"
    folder.mkdir()
    path = make(folder)  # type: ignore[operator]
    commands = every_command(path, partner)
    if path.is_dir():
        # `list` takes folders: one with no article in it is its own one-line error.
        commands[0] = ["list", path]
    reasons = ("symlink loop",) if path.is_symlink() else ("directory",)
    for number, result in enumerate(run_many(commands, cwd=tmp_path)):
        line = assert_one_line_error(result, path.name)
        if number or not path.is_dir():
            assert any(reason in line for reason in reasons), line


@pytest.mark.skipif(can_bypass_permissions(), reason="root reads files whatever their mode")
def test_unreadable_file_is_one_line_error(tmp_path: Path, partner: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    path = make_unreadable(folder)
    try:
        for result in run_many(every_command(path, partner), cwd=tmp_path):
            assert_one_line_error(result, path.name, "permission denied")
    finally:
        path.chmod(0o644)


def test_unreadable_file_as_root_is_one_line_error(
    tmp_path: Path,
    partner: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Root ignores chmod 000, so the refusal is simulated where the loader opens the file.
    path = tmp_path / "locked.txt"
    path.write_text(PARTNER, encoding="utf-8")
    real_open = Path.open

    def refuse(self: Path, *args: object, **kwargs: object) -> object:
        if self.name == path.name:
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(Path, "open", refuse)  # type: ignore[arg-type]
    for argv in (["list", str(path)], ["compare", str(path), str(partner), "--format", "json"]):
        assert main(argv) == 2
        captured = capsys.readouterr()
        assert captured.out == ""
        lines = captured.err.splitlines()
        assert len(lines) == 1 and "locked.txt" in lines[0] and "permission denied" in lines[0]


# -- files that load, with or without a warning ----------------------------------------------------


def _check_output(case: BadFile, fmt: str, out: str) -> None:
    assert not RAW_CONTROL.search(out), (case.name, fmt)
    for sequence in ESCAPES:
        assert sequence not in out
    if fmt == "json":
        data = json.loads(out)
        assert data["a"]["outlet"] and data["b"]["outlet"]
    if case.name == "markup":
        # Shown literally: the markup is in the output as written, in every format.
        shown = plain_text(out) if fmt == "markdown" else out
        # `list` shows only the title, which holds the first and last markup.
        for markup in (MARKUP[0], MARKUP[2]) if fmt == "table" else MARKUP:
            assert markup in shown, (fmt, markup)


@pytest.mark.parametrize("case", LOADED, ids=lambda case: case.name)
def test_file_that_loads_works_in_every_command(
    case: BadFile, make_bad: MakeBad, partner: Path
) -> None:
    path = make_bad(case.name)
    commands = every_command(path, partner)
    for command, result in zip(commands, run_many(commands, cwd=path.parent), strict=True):
        assert result.returncode == 0, (command, result.stderr)
        assert "Traceback" not in result.stderr
        assert not RAW_CONTROL.search(result.stderr)
        if case.kind == "warn":
            lines = result.stderr.splitlines()
            assert lines, command
            assert all(line.startswith("sidebyside: warning: ") for line in lines), lines
            assert all(case.filename in line for line in lines), lines
            assert any(case.reason in line for line in lines), lines
        else:
            assert result.stderr == "", (command, result.stderr)
        fmt = str(command[-1]) if command[0] == "compare" else "table"
        _check_output(case, fmt, result.stdout)


def test_folder_of_every_bad_file_lists_the_good_ones(bad_folder: Path) -> None:
    table, as_json = run_many(
        [["list", bad_folder], ["list", bad_folder, "--format", "json"]], cwd=bad_folder
    )
    assert table.returncode == 0 and as_json.returncode == 0
    assert "Traceback" not in table.stderr
    listed = json.loads(as_json.stdout)["articles"]
    assert len(listed) == len(LOADED) + 1
    warnings = table.stderr.splitlines()
    for case in BAD_FILES:
        mine = [line for line in warnings if f"{case.filename}:" in line]
        if case.kind == "clean":
            assert not mine, mine
            continue
        assert mine, case.name
        assert any(case.reason in line for line in mine), mine
        skipped = any(line.endswith("; skipped") for line in mine)
        assert skipped == (case.kind == "skip"), mine
    assert not RAW_CONTROL.search(table.stdout + table.stderr)
    # The table has one line per loaded article under its header.
    assert len(table.stdout.splitlines()) == len(LOADED) + 2


def test_wide_and_right_to_left_text_keeps_the_text_columns_aligned(
    make_bad: MakeBad, partner: Path
) -> None:
    path = make_bad("unicode")
    (result,) = run_many([["compare", path, partner, "--format", "text"]], cwd=path.parent)
    assert result.returncode == 0, result.stderr
    rows = [line for line in result.stdout.splitlines() if " | " in line]
    assert rows
    # The right column starts at the same cell on every line, measured as the layout measures.
    columns = {cell_len(line[: line.index(" | ")]) for line in rows}
    assert len(columns) == 1, columns


# -- the same article twice, and two with nothing in common ---------------------------------------


def test_same_article_twice_is_fully_similar(partner: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.txt"
    copy.write_text(PARTNER, encoding="utf-8")
    as_text, as_json, as_md = run_many(
        [["compare", partner, copy, "--format", fmt] for fmt in FORMATS], cwd=tmp_path
    )
    data = json.loads(as_json.stdout)
    assert data["summary"]["similarity"] == 1.0
    assert data["summary"]["only_a"] == data["summary"]["only_b"] == 0
    facts = data["facts"]
    assert facts["only_a"] == facts["only_b"] == facts["conflicts"] == []
    assert "similarity 1.00" in as_text.stdout
    assert "- Similarity: 100%" in as_md.stdout


def test_articles_with_nothing_in_common_are_zero_similar(make_bad: MakeBad, partner: Path) -> None:
    other = make_bad("unicode").with_name("other.txt")
    other.write_text("Zebra zoo opens\n\nKangaroos juggle quietly. Penguins yodel.\n", "utf-8")
    as_text, as_json, as_md = run_many(
        [["compare", other, partner, "--format", fmt] for fmt in FORMATS], cwd=other.parent
    )
    for result in (as_text, as_json, as_md):
        assert result.returncode == 0 and result.stderr == "", result.stderr
    data = json.loads(as_json.stdout)
    assert data["summary"]["similarity"] == 0.0
    assert all(row["kind"] != "match" for row in data["rows"])
    assert "similarity 0.00" in as_text.stdout
    assert "- Similarity: 0%" in as_md.stdout


# -- big inputs (one each) ------------------------------------------------------------------------


def test_five_megabyte_single_line_loads(tmp_path: Path) -> None:
    path = write_long_line(tmp_path / "long.txt", 5 * 2**20)
    (result,) = run_many([["list", path, "--format", "json"]], cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    (article,) = json.loads(result.stdout)["articles"]
    assert article["words"] > 700_000


def test_many_sentences_compare_in_every_format(tmp_path: Path, partner: Path) -> None:
    # 100,000 sentences compare in about 30 s by hand (see the report); the suite uses fewer.
    path = write_many_sentences(tmp_path / "many.txt", 2_000)
    results = run_many(
        [["compare", path, partner, "--format", fmt] for fmt in FORMATS], cwd=tmp_path
    )
    for result in results:
        assert result.returncode == 0, result.stderr
    data = json.loads(results[FORMATS.index("json")].stdout)
    # Every sentence (the headline and the 2,000 of the body) is in exactly one row.
    indices = sorted(sentence["index"] for row in data["rows"] for sentence in row["a"])
    assert indices == list(range(2_001))


# -- export: nothing overwritten, nothing half-written --------------------------------------------


def test_existing_file_is_not_overwritten_without_force(partner: Path, tmp_path: Path) -> None:
    target = tmp_path / "out.md"
    target.write_text("keep me", encoding="utf-8")
    refused, forced = run_many(
        [
            ["compare", partner, partner, "--format", "markdown", "-o", target],
            ["compare", partner, partner, "--format", "markdown", "-o", tmp_path / "new.md"],
        ],
        cwd=tmp_path,
    )
    assert_one_line_error(refused, "out.md", "--force")
    assert target.read_text(encoding="utf-8") == "keep me"
    assert forced.returncode == 0
    (again,) = run_many(
        [["compare", partner, partner, "--format", "json", "-o", target, "--force"]], cwd=tmp_path
    )
    assert again.returncode == 0, again.stderr
    assert json.loads(target.read_text(encoding="utf-8"))["summary"]["similarity"] == 1.0


@pytest.mark.skipif(can_bypass_permissions(), reason="root writes whatever the directory mode")
def test_read_only_directory_is_one_line_error(partner: Path, tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        (result,) = run_many(
            [["compare", partner, partner, "--format", "markdown", "-o", folder / "x.md"]],
            cwd=tmp_path,
        )
        assert_one_line_error(result, "x.md", "permission denied")
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o755)


def _fail_writes(monkeypatch: pytest.MonkeyPatch, code: int, *, after: int = 0) -> None:
    """Make `os.write` fail with `code` once `after` bytes went through (a full disk mid-file)."""
    real_write = os.write
    written = 0

    def write(fd: int, data: bytes | memoryview) -> int:
        nonlocal written
        if fd > 2 and written + len(data) > after:
            if written < after:
                # Part of the data fits, as on a disk that fills up during the write.
                count = real_write(fd, bytes(data[: after - written]))
                written += count
                return count
            raise OSError(code, os.strerror(code))
        count = real_write(fd, data)
        written += count
        return count

    monkeypatch.setattr(os, "write", write)


@pytest.mark.parametrize(
    ("code", "reason"),
    [(errno.ENOSPC, "no space left on device"), (errno.EACCES, "permission denied")],
    ids=["full-disk", "read-only-directory"],
)
@pytest.mark.parametrize("existing", [False, True], ids=["new-file", "over-existing"])
def test_failed_write_leaves_nothing_half_written(
    partner: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    code: int,
    reason: str,
    existing: bool,
) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    target = out_dir / "report.md"
    if existing:
        target.write_text("old report", encoding="utf-8")
    _fail_writes(monkeypatch, code, after=100)
    argv = ["compare", str(partner), str(partner), "--format", "markdown", "-o", str(target)]
    assert main([*argv, "--force"] if existing else argv) == 2
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert len(lines) == 1 and "report.md" in lines[0] and reason in lines[0], lines
    assert captured.out == ""
    # The old file is untouched (or there is none), and no temporary file is left behind.
    expected = ["report.md"] if existing else []
    assert sorted(p.name for p in out_dir.iterdir()) == expected
    if existing:
        assert target.read_text(encoding="utf-8") == "old report"
