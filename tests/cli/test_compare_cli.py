"""`sidebyside compare` through a real subprocess, on articles written to a temp folder."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.conftest import RunCli

STORY_A = """Storm floods coastal town

Heavy storms flooded the coastal town of Marlow on Monday, forcing 1,300 residents to flee.

The mayor said emergency shelters had been opened in three schools.
"""
STORY_B = """Flooding hits Marlow

Storms flooded the coastal town of Marlow on Monday and forced 1300 residents to flee.

A local football match was cancelled. \x1b[31mred\x1b[0m
"""


def write(tmp_path: Path) -> tuple[Path, Path]:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(STORY_A, encoding="utf-8")
    b.write_text(STORY_B, encoding="utf-8")
    return a, b


def test_json_output(run_cli: RunCli, tmp_path: Path) -> None:
    a, b = write(tmp_path)
    proc = run_cli("compare", str(a), str(b), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["version"] == 1
    assert out["a"]["path"].endswith("a.txt") and out["b"]["path"].endswith("b.txt")
    match = [r for r in out["rows"] if r["kind"] == "match"]
    assert any(
        any("1,300" in s["text"] for s in r["a"]) and any("1300" in s["text"] for s in r["b"])
        for r in match
    )
    n_b = sum(len(r["b"]) for r in out["rows"])
    assert out["summary"]["matched_b"] + out["summary"]["only_b"] == n_b
    assert "\x1b" not in proc.stdout


def test_text_output_is_two_columns(run_cli: RunCli, tmp_path: Path) -> None:
    a, b = write(tmp_path)
    proc = run_cli("compare", str(a), str(b), "--format", "text")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[2].startswith("similarity")
    assert lines[3].startswith("= same content (score %)")  # the legend of the gutter marks
    assert lines[5] == "¶ 1"
    assert any(" | " in line and "Marlow" in line for line in lines)
    assert all(len(line) <= 100 for line in lines)
    assert "\x1b" not in proc.stdout


def test_bad_input_is_one_line_error(run_cli: RunCli, tmp_path: Path) -> None:
    a, _ = write(tmp_path)
    proc = run_cli("compare", str(a), str(tmp_path / "missing.txt"), "--library", str(tmp_path))
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
    proc = run_cli("compare", str(a))
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
