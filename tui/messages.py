"""Messages with no single owning widget: any screen may ask the app for these."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from tui.core.types import Article

__all__ = ["CompareRequested"]


@dataclass
class CompareRequested(Message):
    """A screen asks the app to open the comparison of `a` (left) and `b` (right).

    The app handles it with `SideBySideApp.open_comparison`, the one place that pushes the
    comparison screen. `focus` names a sentence to move to (e.g. the fact a ledger row is about).
    """

    a: Article
    b: Article
    focus: tuple[str, int] | None = None
    """A sentence to show once the comparison is ready: side (`a` or `b`) and its index."""
