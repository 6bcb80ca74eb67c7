"""Widgets of the reader, one per module."""

from __future__ import annotations

from tui.widgets.article_preview import ArticlePreview
from tui.widgets.article_table import ArticleTable
from tui.widgets.text import literal, sanitize

__all__ = ["ArticlePreview", "ArticleTable", "literal", "sanitize"]
