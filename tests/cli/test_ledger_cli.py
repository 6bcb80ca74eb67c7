"""`sidebyside ledger` through a real subprocess, on the two-stories fixture."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.conftest import RunCli

TWO_STORIES = Path(__file__).resolve().parents[1] / "fixtures" / "two_stories"


@pytest.fixture(autouse=True)
def _cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The subprocess inherits the environment: keep its cache out of the user's folder.
    monkeypatch.setenv("SIDEBYSIDE_CACHE_DIR", str(tmp_path / "cache"))


def test_json_holds_groups_similarities_and_facts(run_cli: RunCli) -> None:
    proc = run_cli("ledger", str(TWO_STORIES), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    groups = out["groups"]
    assert [len(g["articles"]) for g in groups] == [3, 2]
    ids = [a["id"] for a in groups[1]["articles"]]
    assert ids == ["2025-09-18-harlow-courier", "2025-09-18-north-shore-journal"]
    (pair,) = groups[1]["similarities"]
    assert pair["a"] == ids[0] and pair["b"] == ids[1] and pair["similarity"] > 0.1
    assert groups[1]["nearest"]["similarity"] < 0.1
    conflict = groups[0]["facts"][0]
    assert conflict["conflict"] is True
    texts = {v["text"] for v in conflict["values"].values() if v["state"] == "stated"}
    assert texts == {"220 firefighters", "180 firefighters"}


def test_markdown_to_a_file_refuses_to_overwrite(run_cli: RunCli, tmp_path: Path) -> None:
    target = tmp_path / "ledger.md"
    proc = run_cli("ledger", str(TWO_STORIES), "-o", str(target))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "" and "wrote" in proc.stderr
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# Story groups and fact ledger") and "## Group 2" in text
    again = run_cli("ledger", str(TWO_STORIES), "-o", str(target))
    assert again.returncode == 2
    assert "--force" in again.stderr and "Traceback" not in again.stderr
    forced = run_cli("ledger", str(TWO_STORIES), "-o", str(target), "--force")
    assert forced.returncode == 0, forced.stderr


def test_a_json_file_gets_json(run_cli: RunCli, tmp_path: Path) -> None:
    target = tmp_path / "ledger.json"
    proc = run_cli("ledger", str(TWO_STORIES), "-o", str(target))
    assert proc.returncode == 0, proc.stderr
    assert [len(g["articles"]) for g in json.loads(target.read_text("utf-8"))["groups"]] == [3, 2]


def test_library_option_and_files(run_cli: RunCli) -> None:
    files = sorted(str(p) for p in TWO_STORIES.glob("2025-09-*.md"))
    proc = run_cli("ledger", *files)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.count("\n## Group ") == 1
    lib = run_cli("ledger", "--library", str(TWO_STORIES), "--format", "json")
    assert lib.returncode == 0 and len(json.loads(lib.stdout)["groups"]) == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["/no/such/folder"], "no such"),
        (["--threshold", "2"], "threshold"),
        (["--format", "html"], "invalid choice"),
        (["-o", "/no/such/dir/x.md"], "no such directory"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(run_cli: RunCli, args: list[str], message: str) -> None:
    proc = run_cli("ledger", *args)
    assert proc.returncode == 2
    assert message in proc.stderr.lower()
    assert "Traceback" not in proc.stderr


def test_unreadable_file_is_one_clean_warning_and_skipped(run_cli: RunCli, tmp_path: Path) -> None:
    for story in TWO_STORIES.glob("2025-09-*.md"):
        (tmp_path / story.name).write_bytes(story.read_bytes())
    # A file name holding an escape sequence must not reach the terminal raw.
    (tmp_path / "bad\x1b[31mred.md").write_bytes(b"")
    proc = run_cli("ledger", str(tmp_path), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    (line,) = proc.stderr.splitlines()
    assert line.startswith("sidebyside: warning: ") and line.endswith("empty file; skipped")
    assert "\x1b" not in line and "badred.md" in line
