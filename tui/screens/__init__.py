"""Screens of the reader, one per module."""

from __future__ import annotations

from tui.screens.help import HelpScreen
from tui.screens.library import LibraryScreen

__all__ = ["HelpScreen", "LibraryScreen"]
