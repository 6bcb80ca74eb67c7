"""Where the package finds its styles and bundled articles, installed or in a checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _installed_or_checkout(name: str) -> Path:
    # A wheel force-includes the folder inside the package; a checkout keeps it at the repo root.
    inside = _PACKAGE / name
    if inside.is_dir():
        return inside
    return _PACKAGE.parent / name


def styles_dir() -> Path:
    """The folder holding the Textual `.tcss` files."""
    return _installed_or_checkout("styles")


def bundled_articles_dir() -> Path:
    """The sample library shipped with the package."""
    return _installed_or_checkout("articles")


def default_library_dir(cwd: Path | None = None) -> Path:
    """`./articles` when it exists in the working directory, else the bundled copy."""
    local = (cwd or Path.cwd()) / "articles"
    if local.is_dir():
        return local
    return bundled_articles_dir()
