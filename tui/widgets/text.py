"""Turning article-derived strings into Rich `Text` that is shown literally.

Article text is data, never markup: `Text(...)` is never parsed for `[bold]` or `[@click=...]`.
Rich only drops a few control codes, so escape sequences and other C0/C1 controls are replaced
here too: an article must not be able to move the cursor or recolour the terminal.
"""

from __future__ import annotations

import re

from rich.style import Style
from rich.text import Text

__all__ = ["literal", "sanitize"]

# Every C0 control except tab and newline, DEL, and the C1 range (includes CSI, U+009B).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# A visible stand-in so a reader can tell something was there.
_REPLACEMENT = "\N{REPLACEMENT CHARACTER}"


def sanitize(value: str, *, single_line: bool = False) -> str:
    """Replace terminal control characters; with `single_line`, fold newlines and tabs to spaces."""
    cleaned = _CONTROL.sub(_REPLACEMENT, value)
    if single_line:
        cleaned = " ".join(cleaned.split())
    return cleaned


def literal(value: str, style: str | Style = "", *, single_line: bool = False) -> Text:
    """A `Text` showing `value` exactly as written (no markup), with controls made harmless."""
    return Text(sanitize(value, single_line=single_line), style=style)
