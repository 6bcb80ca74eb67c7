"""Fixtures for snapshot tests: the fixture corpus and a fixed, empty settings folder.

Snapshots must not depend on the machine: no user config (a saved theme would recolour them), no
`articles/` folder, and the library's header shows only the folder's name, not its full path.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tui.app import SideBySideApp, make_app

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"

SnapApp = Callable[..., SideBySideApp]


@pytest.fixture
def snap_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> SnapApp:
    """Build the reader on the fixture corpus (or `paths`) with a private, empty config."""
    config = tmp_path / "config"
    # Anything that resolves the folder itself must not find the user's settings either.
    monkeypatch.setenv("SIDEBYSIDE_CONFIG_DIR", str(config))

    def build(*, paths: tuple[Path, ...] = (CORPUS,)) -> SideBySideApp:
        return make_app(paths=paths, config_dir=config)

    return build
