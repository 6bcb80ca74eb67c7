"""sidebyside: compare how different outlets report the same story, in a terminal."""

from __future__ import annotations

__version__ = "0.1.0"
