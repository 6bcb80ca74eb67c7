"""`sidebyside list` through a subprocess, as a user runs it."""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Callable
from pathlib import Path

from rich.cells import cell_len

RunCli = Callable[..., subprocess.CompletedProcess[str]]

OUTLETS = ("Reuters", "RT", "CNBC Indonesia", "Fox News", "The Times of Israel")


def _no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stderr
    assert "Traceback" not in result.stdout


def test_bundled_library_lists_all_five_outlets(run_cli: RunCli, tmp_path: Path) -> None:
    # From an empty folder there is no ./articles, so the bundled copy is used.
    result = run_cli("list", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["ID", "OUTLET", "DATE", "TITLE", "WORDS"]
    assert len(lines) == 6
    for outlet in OUTLETS:
        assert any(outlet in line for line in lines[1:]), outlet
    for line in lines[1:]:
        assert re.search(r"  20\d\d-\d\d-\d\d  ", line), line
        assert line.split()[-1].isdigit()


def test_json_format(run_cli: RunCli) -> None:
    result = run_cli("list", "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert {a["outlet"] for a in data["articles"]} == set(OUTLETS)
    dates = [a["date"] for a in data["articles"]]
    assert dates == sorted(dates)
    assert all(a["words"] > 100 for a in data["articles"])
    assert data["issues"] == []


def test_missing_path_exits_2_with_one_line(run_cli: RunCli, tmp_path: Path) -> None:
    missing = tmp_path / "nope"
    result = run_cli("list", str(missing))
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"sidebyside: error: {missing}: no such file or directory"
    ]
    _no_traceback(result)


def test_bad_file_named_alone_exits_2(run_cli: RunCli, tmp_path: Path) -> None:
    path = tmp_path / "blank.txt"
    path.write_text("  \n\n", encoding="utf-8")
    result = run_cli("list", str(path))
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"sidebyside: error: {path}: only whitespace, no article text"
    ]
    _no_traceback(result)


def test_folder_with_bad_files_warns_and_lists_good_ones(run_cli: RunCli, tmp_path: Path) -> None:
    (tmp_path / "2021-03-04-good-news.txt").write_text("Good headline\nBody.\n", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "image.md").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(20))
    result = run_cli("list", str(tmp_path))
    assert result.returncode == 0
    assert result.stderr.splitlines() == [
        f"sidebyside: warning: {tmp_path / 'empty.txt'}: empty file; skipped",
        f"sidebyside: warning: {tmp_path / 'image.md'}: binary file (PNG image); skipped",
    ]
    rows = result.stdout.splitlines()[1:]
    assert len(rows) == 1
    assert rows[0].split()[:4] == ["2021-03-04-good-news", "Good", "News", "2021-03-04"]


def test_folder_without_articles_exits_2(run_cli: RunCli, tmp_path: Path) -> None:
    result = run_cli("list", "--library", str(tmp_path))
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"sidebyside: error: {tmp_path}: no articles (.md or .txt files) in this folder"
    ]


def test_wide_characters_align_and_markup_stays_literal(run_cli: RunCli, tmp_path: Path) -> None:
    (tmp_path / "2021-01-01-tokyo.md").write_text(
        "---\noutlet: 東京新聞\ntitle: 日本語の見出し\n---\n\nBody.\n", encoding="utf-8"
    )
    (tmp_path / "2021-01-02-markup.txt").write_text(
        "[bold red]Loud[/] \x1b[31mred\x1b[0m headline\nBody.\n", encoding="utf-8"
    )
    result = run_cli("list", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout
    lines = result.stdout.splitlines()
    assert "[bold red]Loud[/] red headline" in lines[2]
    # The WORDS column ends at the same terminal cell on every line.
    assert len({cell_len(line) for line in lines}) == 1


def test_help_shows_examples(run_cli: RunCli) -> None:
    result = run_cli("list", "--help")
    assert result.returncode == 0
    assert "examples:" in result.stdout
    assert "sidebyside list --format json" in result.stdout
