"""Fixtures shared by every test package."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

WriteFile = Callable[[str, "str | bytes"], Path]


@pytest.fixture
def write_file(tmp_path: Path) -> WriteFile:
    """Write text (UTF-8) or bytes to `tmp_path/name`, creating folders; return the path."""

    def write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return write


@pytest.fixture
def config_dir(tmp_path: Path) -> Path:
    """An empty settings folder, so no reader test reads or writes the user's real config."""
    folder = tmp_path / "config"
    folder.mkdir()
    return folder


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private user data folder (the notes store) for every test, commands run in a
    subprocess included: no test reads or writes the user's real notes."""
    folder = tmp_path / "data"
    monkeypatch.setenv("SIDEBYSIDE_DATA_DIR", str(folder))
    return folder
