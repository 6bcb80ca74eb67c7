"""Run the real command line in a subprocess, as a user would."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

RunCli = Callable[..., subprocess.CompletedProcess[str]]


def run_sidebyside(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run `python -m tui ARGS` from `cwd` (default: the checkout) and capture its output."""
    return subprocess.run(
        [sys.executable, "-m", "tui", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd or REPO,
        env={**_clean_env(), "COLUMNS": "120"},
        # A bound for a hung process only (`add` imports trafilatura, slow on a busy CI box).
        timeout=120,
        check=False,
    )


@pytest.fixture
def run_cli() -> RunCli:
    """`run_cli("list", "--format", "json", cwd=...)` runs `python -m tui ...` and captures it."""
    return run_sidebyside


def _clean_env() -> dict[str, str]:
    import os

    env = dict(os.environ)
    # Make sure the checkout's package is imported, wherever the test runs from.
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    env["PYTHONIOENCODING"] = "utf-8"
    return env
