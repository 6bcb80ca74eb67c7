"""The reader's small settings file: the chosen theme and optional key remapping.

A JSON object in `config.json` under the user's config folder: `platformdirs.user_config_dir`,
overridden by `$SIDEBYSIDE_CONFIG_DIR` or by the folder the app is built with (tests). Written
atomically so a crash never leaves half a file; a corrupt file is reported and ignored, never fatal.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from platformdirs import user_config_dir

__all__ = ["CONFIG_ENV", "CONFIG_FILE", "Settings", "config_dir", "load_settings", "save_settings"]

CONFIG_ENV = "SIDEBYSIDE_CONFIG_DIR"
CONFIG_FILE = "config.json"


@dataclass(frozen=True, slots=True)
class Settings:
    """What the reader remembers between runs.

    `keys` remaps bindings by id (`{"library.filter": "slash,ctrl+f"}`); see the help screen for
    the ids.
    """

    theme: str | None = None
    keys: Mapping[str, str] = field(default_factory=dict)

    def with_theme(self, theme: str) -> Settings:
        """A copy with another theme."""
        return replace(self, theme=theme)


def config_dir(override: Path | None = None) -> Path:
    """The folder holding the settings file: `override`, else `$SIDEBYSIDE_CONFIG_DIR`, else the
    platform's user config folder."""
    if override is not None:
        return override
    env = os.environ.get(CONFIG_ENV)
    if env:
        return Path(env).expanduser()
    return Path(user_config_dir("sidebyside", appauthor=False))


def load_settings(folder: Path) -> tuple[Settings, str | None]:
    """Read the settings in `folder`.

    Returns:
        The settings (defaults when the file is missing or unusable) and, when the file exists but
        could not be used, a one-line reason to show the user.
    """
    path = folder / CONFIG_FILE
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Settings(), None
    except (OSError, UnicodeDecodeError) as exc:
        return Settings(), f"could not read {path}: {exc}"
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        return Settings(), f"ignored {path}: not valid JSON ({exc.msg}, line {exc.lineno})"
    if not isinstance(data, dict):
        return Settings(), f"ignored {path}: expected a JSON object"
    theme = data.get("theme")
    if theme is not None and not isinstance(theme, str):
        return Settings(), f"ignored {path}: 'theme' must be a string"
    keys = data.get("keys", {})
    if not isinstance(keys, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in keys.items()
    ):
        return Settings(theme=theme), f"ignored 'keys' in {path}: expected binding id: key pairs"
    return Settings(theme=theme, keys=dict(keys)), None


def save_settings(folder: Path, settings: Settings) -> None:
    """Write `settings` to `folder` atomically (temporary file, then rename).

    Raises:
        OSError: when the folder cannot be created or written.
    """
    folder.mkdir(parents=True, exist_ok=True)
    data: dict[str, object] = {"theme": settings.theme}
    if settings.keys:
        data["keys"] = dict(settings.keys)
    text = json.dumps(data, indent=2, sort_keys=True) + "\n"
    # The temporary file sits in the same folder so the rename cannot cross file systems.
    fd, tmp = tempfile.mkstemp(prefix=".config-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, folder / CONFIG_FILE)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
