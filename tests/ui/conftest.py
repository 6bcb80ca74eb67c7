"""Fixtures for Pilot tests of the reader: the fixture corpus and an app factory on it."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tui.app import SideBySideApp, make_app

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"

MakeApp = Callable[..., SideBySideApp]


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A copy of the fixture corpus that a test may add files to."""
    target = tmp_path / "corpus"
    shutil.copytree(CORPUS, target)
    return target


@pytest.fixture
def app_factory(corpus: Path, config_dir: Path) -> MakeApp:
    """Build the reader on the corpus copy (or other `paths`) with the private config folder."""

    def build(
        *, paths: tuple[Path, ...] | None = None, library: Path | None = None
    ) -> SideBySideApp:
        chosen = paths if paths is not None else ((corpus,) if library is None else ())
        return make_app(paths=chosen, library=library, config_dir=config_dir)

    return build
