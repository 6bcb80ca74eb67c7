"""`sidebyside compare --format markdown|json -o FILE [--force]` through a real subprocess."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from tests.cli.conftest import run_sidebyside

ARTICLE_A = """\
Storm | closes `coastal` roads

Officials said the storm closed <b>all</b> coastal roads on Monday.

A [spokesman](http://x) said 1. repairs start *today* & crews are ready.
"""

ARTICLE_B = """\
Coastal roads shut by storm

The storm closed all coastal roads on Monday, officials said.

# Schools stay open, the council said.
"""


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    a = tmp_path / "alpha.txt"
    b = tmp_path / "beta.txt"
    a.write_text(ARTICLE_A, encoding="utf-8")
    b.write_text(ARTICLE_B, encoding="utf-8")
    return a, b


def _one_line_error(proc: subprocess.CompletedProcess[str], *needles: str) -> None:
    assert proc.returncode == 2
    assert proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("sidebyside: error: ")
    assert "Traceback" not in proc.stderr
    for needle in needles:
        assert needle in lines[0]


def _plain(markdown: str) -> str:
    md = MarkdownIt("commonmark").enable("table")
    parts: list[str] = []
    for block in md.parse(markdown):
        for tok in block.children or []:
            if tok.type == "text":
                parts.append(tok.content)
            elif tok.type in ("softbreak", "hardbreak"):
                parts.append(" ")
        parts.append(" ")
    return " ".join("".join(parts).split())


def test_markdown_to_file(pair: tuple[Path, Path], tmp_path: Path) -> None:
    a, b = pair
    out = tmp_path / "report.md"
    proc = run_sidebyside(
        "compare", str(a), str(b), "--format", "markdown", "-o", str(out), cwd=tmp_path
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ""
    assert str(out) in proc.stderr
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# ")
    assert "## Aligned comparison" in text
    # Every sentence the engine saw (its JSON rows) survives rendering of the Markdown.
    data = json.loads(
        run_sidebyside("compare", str(a), str(b), "--format", "json", cwd=tmp_path).stdout
    )
    sentences = [s["text"] for row in data["rows"] for s in (*row["a"], *row["b"])]
    assert len(sentences) >= 5
    plain = _plain(text)
    for sentence in sentences:
        assert " ".join(sentence.split()) in plain
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_stdout_by_default_and_with_dash(pair: tuple[Path, Path], tmp_path: Path) -> None:
    a, b = pair
    default = run_sidebyside("compare", str(a), str(b), "--format", "markdown", cwd=tmp_path)
    dash = run_sidebyside(
        "compare", str(a), str(b), "--format", "markdown", "-o", "-", cwd=tmp_path
    )
    assert default.returncode == dash.returncode == 0
    assert default.stdout == dash.stdout
    assert default.stdout.startswith("# ") and default.stdout.endswith("|\n")
    assert not (tmp_path / "-").exists()


def test_json_to_file_matches_stdout(pair: tuple[Path, Path], tmp_path: Path) -> None:
    a, b = pair
    out = tmp_path / "report.json"
    to_file = run_sidebyside(
        "compare", str(a), str(b), "--format", "json", "-o", str(out), cwd=tmp_path
    )
    to_stdout = run_sidebyside("compare", str(a), str(b), "--format", "json", cwd=tmp_path)
    assert to_file.returncode == to_stdout.returncode == 0
    assert out.read_text(encoding="utf-8") == to_stdout.stdout
    data = json.loads(to_stdout.stdout)
    assert data["version"] == 1 and data["rows"]


def test_existing_file_needs_force(pair: tuple[Path, Path], tmp_path: Path) -> None:
    a, b = pair
    out = tmp_path / "report.md"
    out.write_text("keep me", encoding="utf-8")
    refused = run_sidebyside(
        "compare", str(a), str(b), "--format", "markdown", "-o", str(out), cwd=tmp_path
    )
    _one_line_error(refused, str(out), "already exists", "--force")
    assert out.read_text(encoding="utf-8") == "keep me"
    forced = run_sidebyside(
        "compare", str(a), str(b), "--format", "markdown", "-o", str(out), "--force", cwd=tmp_path
    )
    assert forced.returncode == 0, forced.stderr
    assert out.read_text(encoding="utf-8").startswith("# ")


def test_relative_output_goes_to_working_directory(pair: tuple[Path, Path], tmp_path: Path) -> None:
    a, b = pair
    work = tmp_path / "work"
    work.mkdir()
    proc = run_sidebyside("compare", str(a), str(b), "--format", "markdown", "-o", "x.md", cwd=work)
    assert proc.returncode == 0, proc.stderr
    assert (work / "x.md").is_file()


@pytest.mark.parametrize("where", ["missing-dir", "is-a-dir"])
def test_unwritable_path(pair: tuple[Path, Path], tmp_path: Path, where: str) -> None:
    a, b = pair
    target = tmp_path / "nope" / "x.md" if where == "missing-dir" else tmp_path
    proc = run_sidebyside(
        "compare", str(a), str(b), "--format", "markdown", "-o", str(target), cwd=tmp_path
    )
    _one_line_error(proc, str(target))


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root ignores directory permissions"
)
def test_read_only_directory(pair: tuple[Path, Path], tmp_path: Path) -> None:
    a, b = pair
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        proc = run_sidebyside(
            "compare",
            str(a),
            str(b),
            "--format",
            "markdown",
            "-o",
            str(locked / "x.md"),
            cwd=tmp_path,
        )
        _one_line_error(proc, str(locked / "x.md"), "permission denied")
        assert list(locked.iterdir()) == []
    finally:
        locked.chmod(0o755)


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("out.json", "json"),
        ("out.md", "markdown"),
        ("out.MARKDOWN", "markdown"),
        ("out.txt", "text"),
    ],
)
def test_the_output_file_extension_chooses_the_format(
    pair: tuple[Path, Path], tmp_path: Path, name: str, kind: str
) -> None:
    a, b = pair
    target = tmp_path / name
    proc = run_sidebyside("compare", str(a), str(b), "-o", str(target))
    assert proc.returncode == 0, proc.stderr
    text = target.read_text(encoding="utf-8")
    if kind == "json":
        assert json.loads(text)["a"]["headline"] == "Storm | closes `coastal` roads"
    elif kind == "markdown":
        assert text.startswith("# ")
    else:
        assert not text.startswith(("#", "{"))


def test_an_explicit_format_wins_over_the_extension_and_md_is_markdown(
    pair: tuple[Path, Path], tmp_path: Path
) -> None:
    a, b = pair
    target = tmp_path / "report.json"
    proc = run_sidebyside("compare", str(a), str(b), "--format", "md", "-o", str(target))
    assert proc.returncode == 0, proc.stderr
    assert target.read_text(encoding="utf-8").startswith("# ")
    bad = run_sidebyside("compare", str(a), str(b), "--format", "xml")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    assert "invalid choice: 'xml' (choose from json, markdown, text)" in bad.stderr


def test_an_empty_output_name_is_refused(pair: tuple[Path, Path]) -> None:
    a, b = pair
    _one_line_error(run_sidebyside("compare", str(a), str(b), "-o", ""), "-o needs a file name")
