"""`sidebyside add` through a real subprocess, with a temporary library (no network)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.cli.conftest import REPO, run_sidebyside
from tui.core.articles import load_article

HTML = REPO / "tests" / "fixtures" / "html"


def _add(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return run_sidebyside("add", *args, cwd=cwd)


def _write_txt(folder: Path) -> Path:
    path = folder / "2024-06-01-river-news.txt"
    path.write_text(
        "Ferry service resumes\n\nThe river ferry resumed service on Saturday after a month.\n\n"
        "Passengers said the wait had been long but the new boat was worth it.\n",
        encoding="utf-8",
    )
    return path


def test_add_html_and_txt(tmp_path: Path) -> None:
    library = tmp_path / "lib"
    txt = _write_txt(tmp_path)
    done = _add(
        str(HTML / "harbour_bridge.html"), str(txt), "--library", str(library), cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    page_md = library / "2024-05-21-the-coastal-herald.md"
    txt_md = library / "2024-06-01-river-news.md"
    assert done.stdout.splitlines() == [f"added {page_md}", f"added {txt_md}"]
    assert load_article(page_md).outlet == "The Coastal Herald"
    assert load_article(txt_md).paragraphs == load_article(txt).paragraphs


def test_duplicate_is_already_there(tmp_path: Path) -> None:
    library = tmp_path / "lib"
    page = str(HTML / "harbour_bridge.html")
    assert _add(page, "--library", str(library), cwd=tmp_path).returncode == 0
    again = _add(page, "--library", str(library), cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip() == (
        f"already there: {library / '2024-05-21-the-coastal-herald.md'} (same URL)"
    )
    assert [p.name for p in library.iterdir()] == ["2024-05-21-the-coastal-herald.md"]


def test_failures_exit_2_and_good_sources_still_added(tmp_path: Path) -> None:
    library = tmp_path / "lib"
    missing = tmp_path / "missing.html"
    done = _add(
        str(missing),
        str(HTML / "no_article.html"),
        str(HTML / "no_site_name.html"),
        "--library",
        str(library),
        cwd=tmp_path,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert done.stderr.splitlines() == [
        f"sidebyside: error: {missing}: no such file",
        f"sidebyside: error: {HTML / 'no_article.html'}: no article text found",
    ]
    assert done.stdout.strip() == f"added {library / '2023-11-02-valleypost-example.md'}"


def test_default_library_is_articles_in_working_directory(tmp_path: Path) -> None:
    done = _add(str(HTML / "no_site_name.html"), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "articles" / "2023-11-02-valleypost-example.md").is_file()


def test_bad_options(tmp_path: Path) -> None:
    done = _add(str(HTML / "no_site_name.html"), "--timeout", "0", cwd=tmp_path)
    assert done.returncode == 2
    assert "--timeout" in done.stderr and "Traceback" not in done.stderr
    not_folder = tmp_path / "file"
    not_folder.write_text("x", encoding="utf-8")
    done = _add(str(HTML / "no_site_name.html"), "--library", str(not_folder), cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.strip() == f"sidebyside: error: {not_folder}: not a folder"
