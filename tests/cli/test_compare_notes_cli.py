"""`sidebyside compare --format markdown|json` includes the reader's notes (or not, asked)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.conftest import RunCli
from tests.cli.test_compare_cli import write
from tui.core.articles import load_article
from tui.core.compare import compare
from tui.core.notes import STORE_FILE, NoteStore, passage_of


def _note_on_the_figure(tmp_path: Path, data_dir: Path) -> tuple[Path, Path, int]:
    a, b = write(tmp_path)
    cmp = compare(load_article(a), load_article(b))
    row = next(n for n in range(len(cmp.rows)) if "1,300" in " ".join(passage_of(cmp, n).a))
    store, problem = NoteStore.open(data_dir)
    assert problem is None
    store.save(cmp.a, cmp.b, passage_of(cmp, row), "confirmed", "1,300 per the town hall")
    store.close()
    return a, b, row


def test_markdown_and_json_include_notes(run_cli: RunCli, tmp_path: Path, data_dir: Path) -> None:
    a, b, row = _note_on_the_figure(tmp_path, data_dir)
    md = run_cli("compare", str(a), str(b), "--format", "markdown")
    assert md.returncode == 0, md.stderr
    assert f"- ¶ {row + 1} · **confirmed**: 1,300 per the town hall" in md.stdout
    # Swapped on the command line: the same note, on the same passage.
    out = run_cli("compare", str(b), str(a), "--format", "json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    [note] = data["notes"]
    assert note["text"] == "1,300 per the town hall"
    assert data["rows"][note["row"]]["note"]["verdict"] == "confirmed"
    # B is the first story now: its side of the passage holds the figure.
    assert any("1,300" in s["text"] for s in data["rows"][note["row"]]["b"])


def test_no_notes_leaves_them_out(run_cli: RunCli, tmp_path: Path, data_dir: Path) -> None:
    a, b, _ = _note_on_the_figure(tmp_path, data_dir)
    md = run_cli("compare", str(a), str(b), "--format", "markdown", "--no-notes")
    assert md.returncode == 0 and "town hall" not in md.stdout and "## Notes" not in md.stdout
    out = run_cli("compare", str(a), str(b), "--format", "json", "--no-notes")
    assert "notes" not in json.loads(out.stdout)


def test_damaged_store_is_one_warning_and_nothing_is_touched(
    run_cli: RunCli, tmp_path: Path, data_dir: Path
) -> None:
    a, b = write(tmp_path)
    data_dir.mkdir()
    (data_dir / STORE_FILE).write_bytes(b"not a database" * 100)
    proc = run_cli("compare", str(a), str(b), "--format", "json")
    assert proc.returncode == 0
    assert json.loads(proc.stdout)["notes"] == []
    [line] = proc.stderr.splitlines()
    assert line.startswith("sidebyside: warning: cannot read the notes store")
    assert (data_dir / STORE_FILE).read_bytes() == b"not a database" * 100


def test_no_store_yet_creates_nothing(run_cli: RunCli, tmp_path: Path, data_dir: Path) -> None:
    a, b = write(tmp_path)
    proc = run_cli("compare", str(a), str(b), "--format", "markdown")
    assert proc.returncode == 0 and proc.stderr == ""
    assert not data_dir.exists()
