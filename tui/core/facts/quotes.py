"""Direct quotes: text between “ ” ‘ ’ " " or ' ', never apostrophes.

An apostrophe inside a word (`Russia’s`) never opens or closes a quote. A mark after an `s`
followed by a lower-case word (`Hamas’ military`) is a possessive when the quote closes later on
the same line, and a closing mark otherwise. Quotes do not cross a line break; a double quote left
open runs to the end of its paragraph (the convention for quotes continued in the next paragraph).
"""

from __future__ import annotations

import re

__all__ = ["find_quotes", "quote_pieces"]

_LINE = re.compile(r"[^\n]+")
_MIN_WORD = re.compile(r"[^\W\d_]{3,}")
_DOUBLE_MARK = re.compile('[“”"]')


def _is_word(ch: str) -> bool:
    return ch.isalnum()


def _opens(line: str, i: int) -> bool:
    before = line[i - 1] if i > 0 else " "
    after = line[i + 1] if i + 1 < len(line) else " "
    return (before.isspace() or before in '([{—–-/“"') and not after.isspace()


def _closes(line: str, i: int) -> bool:
    before = line[i - 1] if i > 0 else " "
    after = line[i + 1] if i + 1 < len(line) else " "
    return not before.isspace() and not _is_word(after)


def _ambiguous_close(line: str, i: int) -> bool:
    """`Hamas’ military`: could be a possessive rather than the end of the quote."""
    before = line[i - 1] if i > 0 else " "
    rest = line[i + 1 : i + 3]
    return before in "sS" and len(rest) == 2 and rest[0] == " " and rest[1].islower()


def _single_quotes(line: str, opener: str, closer: str) -> list[tuple[int, int]]:
    # Only the positions of the two marks matter: `str.find` jumps from one to the next.
    spans: list[tuple[int, int]] = []
    n = len(line)
    i = line.find(opener)
    while i != -1:
        if _opens(line, i):
            # Stop at the next opener: a close beyond it belongs to the next quote.
            nxt = n
            k = line.find(opener, i + 1)
            while k != -1:
                if _opens(line, k):
                    nxt = k
                    break
                k = line.find(opener, k + 1)
            closes: list[int] = []
            j = line.find(closer, i + 2)
            while j != -1 and j < nxt:
                if _closes(line, j):
                    closes.append(j)
                j = line.find(closer, j + 1)
            firm = [j for j in closes if not _ambiguous_close(line, j)]
            pick = firm[0] if firm else (closes[0] if closes else None)
            if pick is not None:
                spans.append((i + 1, pick))
                i = line.find(opener, pick + 1)
                continue
        i = line.find(opener, i + 1)
    return spans


def _double_quotes(line: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    open_at: int | None = None
    for m in _DOUBLE_MARK.finditer(line):  # other characters change nothing
        i, ch = m.start(), m.group()
        if ch == "“" or (ch == '"' and open_at is None and _opens(line, i)):
            if open_at is None:
                open_at = i
        elif ch in '”"' and open_at is not None:
            spans.append((open_at + 1, i))
            open_at = None
    if open_at is not None:
        spans.append((open_at + 1, len(line)))
    return spans


# A quote longer than this many words is listed clause by clause: a reader cites "the steps
# Russia is taking", not forty words at once, and one clause may be reported elsewhere while
# the next is not.
_LONG_QUOTE_WORDS = 14
_MIN_PIECE_WORDS = 4
_PIECE_BREAK = re.compile(r"\s*[,;:]\s+|\s+[–—]\s+")
# A clause opening with a conjunction continues the one before it.
_CONTINUES = re.compile(r"(?:and|but|or|nor|so|then|yet)\b", re.IGNORECASE)


def quote_pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A long quote's clauses (split at commas, semicolons, colons and dashes), each with at
    least `_MIN_PIECE_WORDS` words; a short quote is one piece.

    Args:
        text: The article text.
        start: Where the quote's text starts (inside the marks).
        end: Where it ends.

    Returns:
        `(start, end)` spans covering the quote's words, in order.
    """
    if len(text[start:end].split()) <= _LONG_QUOTE_WORDS:
        return [(start, end)]
    pieces: list[tuple[int, int]] = []
    pos = start
    for m in _PIECE_BREAK.finditer(text, start, end):
        if _CONTINUES.match(text, m.end(), end):
            continue  # `..., and the unemployment rate increased`: the same clause goes on
        if len(text[pos : m.start()].split()) >= _MIN_PIECE_WORDS:
            pieces.append((pos, m.start()))
            pos = m.end()
    if pieces and len(text[pos:end].split()) < _MIN_PIECE_WORDS:
        # A short tail (`and united`) joins the clause before it.
        pos = pieces.pop()[0]
    pieces.append((pos, end))
    return pieces


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in "…"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",.;:…"):
        end -= 1
    return start, end


def find_quotes(text: str) -> list[tuple[int, int]]:
    """Spans of quoted text (without the marks and trailing punctuation), in order.

    Quotes nested in a longer quote are dropped; a one-word quote must have 4 letters or more.

    Args:
        text: Any text.

    Returns:
        `(start, end)` offsets into `text`.
    """
    spans: list[tuple[int, int]] = []
    for lm in _LINE.finditer(text):
        line = lm.group()
        base = lm.start()
        raw = _double_quotes(line) + _single_quotes(line, "‘", "’") + _single_quotes(line, "'", "'")
        for s, e in raw:
            s, e = _trim(text, base + s, base + e)
            content = text[s:e]
            words = _MIN_WORD.findall(content)
            if not words or (len(content.split()) == 1 and len(content) < 4):
                continue
            spans.append((s, e))
    spans.sort(key=lambda p: (p[0], -(p[1] - p[0])))
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if out and s < out[-1][1]:
            continue  # nested in (or overlapping) a quote already taken
        out.append((s, e))
    return out
