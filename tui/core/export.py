"""Export a comparison as a GitHub-flavoured Markdown document or as the engine's JSON contract.

Export is core: every function returns a string and never touches the file system; the CLI and
the reader only choose where the string goes (see `tui.core.fsio.write_atomic`).

Article text is untrusted. Everything taken from an article (outlet, title, sentences, facts)
goes through `escape_markdown`, so that whatever it contains renders as the literal characters:
no table is broken by a `|`, no `<script>` becomes HTML, no `# heading` or `1. item` becomes a
block, and no terminal control code reaches a terminal that prints the file.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from pathlib import PurePath
from typing import TYPE_CHECKING

from tui.core.types import Article, Comparison, DiffSpan, Fact, Row, Sentence

if TYPE_CHECKING:
    from tui.core.notes import Note, PlacedNote

__all__ = [
    "FORMATS",
    "escape_markdown",
    "format_for_path",
    "passage_markdown",
    "suggested_filename",
    "to_json",
    "to_markdown",
]

# Export format name -> file extension. The CLI's `--format` and the reader's dialog use these.
FORMATS: dict[str, str] = {"markdown": "md", "json": "json"}
# The format a file name's extension asks for (`text` is the command line's own format).
_FORMAT_BY_SUFFIX = {".json": "json", ".md": "markdown", ".markdown": "markdown", ".txt": "text"}


def format_for_path(path: str, formats: Iterable[str]) -> str | None:
    """The format among `formats` that the extension of `path` names (`notes.json` -> `json`),
    or None: what both the export dialog and `-o FILE` follow."""
    wanted = _FORMAT_BY_SUFFIX.get(PurePath(path).suffix.lower())
    return wanted if wanted is not None and wanted in formats else None


# Characters that start or take part in inline Markdown (GFM) constructs: code spans, emphasis,
# strikethrough, links and images, autolinks and raw HTML, entities, table cells, headings.
# CommonMark lets any ASCII punctuation be backslash-escaped, so escaping these is always safe.
_INLINE_SPECIAL = re.compile(r"([\\`*_~\[\]<>|&#])")
# Line starts that open a block: block quote, bullet list, ordered list, setext underline.
_LEADING_BLOCK = re.compile(r"^(?:([>+\-=])|(\d{1,9})([.)]))")
_WHITESPACE = re.compile(r"\s+")
_JSON_UNSAFE = re.compile(r"[\x7f-\x9f\u2028\u2029]")

FLAG_CONFLICT = "⚠"
MOVED_NOTE = "↕ moved"


def _visible_controls(text: str) -> str:
    # Control characters would be obeyed by a terminal showing the file (`-o -`); show them as
    # Unicode "control pictures" (U+2400 block) instead, so nothing is lost and nothing runs.
    out: list[str] = []
    for ch in text:
        code = ord(ch)
        if ch in "\t\n\r\f\v":
            out.append(" ")
        elif code < 0x20:
            out.append(chr(0x2400 + code))
        elif code == 0x7F:
            out.append("\u2421")
        elif unicodedata.category(ch) == "Cc" or ch in "\u2028\u2029":
            out.append("\ufffd")
        else:
            out.append(ch)
    return "".join(out)


def _clean(text: str) -> str:
    """One line of plain text: controls made visible, whitespace runs collapsed."""
    return _WHITESPACE.sub(" ", _visible_controls(text)).strip()


def _escape_inline(text: str) -> str:
    return _INLINE_SPECIAL.sub(r"\\\1", text)


def _escape_leading(text: str) -> str:
    match = _LEADING_BLOCK.match(text)
    if match is None:
        return text
    if match.group(1):
        return "\\" + text
    digits, mark = match.group(2), match.group(3)
    return f"{digits}\\{mark}{text[match.end() :]}"


def escape_markdown(text: str) -> str:
    """Escape untrusted text so GFM renders it as the literal characters, on one line.

    Newlines and other whitespace runs become single spaces (the text always lands in a table
    cell, a list item or a heading), control characters become visible control pictures, and
    every character that could open a Markdown construct is backslash-escaped.

    Args:
        text: Any text taken from an article.

    Returns:
        A single line of Markdown source that renders as `text` with whitespace collapsed.
    """
    return _escape_leading(_escape_inline(_clean(text)))


def suggested_filename(cmp: Comparison, fmt: str = "markdown") -> str:
    """File name for an export: `<a-id>-vs-<b-id>.md` (or `.json`).

    Args:
        cmp: The comparison to export.
        fmt: A key of `FORMATS` (`markdown` or `json`).

    Returns:
        A bare file name, safe on every platform (ids are reduced to letters, digits, `.`,
        `_` and `-`).

    Raises:
        ValueError: `fmt` is not a known format.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r} (choose from {', '.join(FORMATS)})")
    return f"{_safe_stem(cmp.a.id)}-vs-{_safe_stem(cmp.b.id)}.{FORMATS[fmt]}"


def _safe_stem(name: str) -> str:
    # Ids come from file names and front matter; keep them from smuggling in a path separator.
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-.")
    return stem or "article"


def to_json(cmp: Comparison, notes: Sequence[PlacedNote] | None = None) -> str:
    """The comparison in the engine's JSON contract (`compare --format json`), as text.

    Args:
        cmp: The comparison to export.
        notes: The reader's notes on the pair, placed on the rows (`tui.core.notes.place_notes`);
            `None` leaves the `notes` key out.

    Returns:
        Indented JSON ending in a newline.
    """
    # Imported here so the Markdown export does not depend on the engine's serialiser.
    from tui.core.jsonout import comparison_to_dict

    out = json.dumps(comparison_to_dict(cmp, notes), ensure_ascii=False, indent=1)
    # json.dumps escapes C0 controls only; C1 controls and line separators would still reach a
    # terminal (or break JavaScript consumers) raw.
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", out) + "\n"


# --- Markdown -------------------------------------------------------------------------------


def _outlet(article: Article) -> str:
    return article.outlet or article.id


def _table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    # Cells are already escaped Markdown; empty cells stay empty (GFM allows `|  |`).
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines.extend("| " + " | ".join(row) + " |" for row in rows)
    return lines


def _passage_numbers(cmp: Comparison) -> tuple[dict[int, int], dict[int, int]]:
    """Sentence index -> 1-based row number (¶) in the aligned table, per side."""
    where_a: dict[int, int] = {}
    where_b: dict[int, int] = {}
    for number, row in enumerate(cmp.rows, start=1):
        for i in row.a:
            where_a.setdefault(i, number)
        for j in row.b:
            where_b.setdefault(j, number)
    return where_a, where_b


def _ref(where: dict[int, int], sentence: int) -> str:
    number = where.get(sentence)
    return f"¶ {number}" if number is not None else ""


# Unique facts are listed by kind, precise facts first, each group in reading order.
_FACT_GROUPS: tuple[tuple[str, frozenset[str]], ...] = (
    ("Figures", frozenset({"number"})),
    ("Names", frozenset({"person", "org", "place", "name"})),
    ("Dates", frozenset({"date"})),
    ("Quotes", frozenset({"quote"})),
    ("Claims", frozenset({"claim"})),
)
_NAME_KINDS = _FACT_GROUPS[1][1]


def _fact_item(fact: Fact, where: dict[int, int]) -> str:
    ref = _ref(where, fact.sentence)
    # The group heading says the kind; names keep theirs (a person, a place...).
    parts = [fact.kind] if fact.kind in _NAME_KINDS or fact.kind not in _GROUPED else []
    parts += [ref] if ref else []
    text = escape_markdown(fact.text)
    if fact.kind == "quote":
        text = f"“{text}”"
    return f"- {text} ({escape_markdown(', '.join(parts))})" if parts else f"- {text}"


_GROUPED = frozenset().union(*(kinds for _, kinds in _FACT_GROUPS))


def _fact_lists(facts: Sequence[Fact], where: dict[int, int]) -> list[str]:
    """Markdown for one side's unique facts: a bold heading and a list per kind."""
    if not facts:
        return ["None."]
    # In the order of the aligned table below (a moved passage stands where it is matched).
    last = len(where) + 1
    ordered = sorted(facts, key=lambda f: (where.get(f.sentence, last), f.sentence, f.start))
    groups = [(title, [f for f in ordered if f.kind in kinds]) for title, kinds in _FACT_GROUPS]
    groups.append(("Other", [f for f in ordered if f.kind not in _GROUPED]))
    lines: list[str] = []
    for title, members in groups:
        if members:
            if lines:
                lines.append("")
            lines += [f"**{title}** ({len(members)})", ""]
            lines += [_fact_item(fact, where) for fact in members]
    return lines


def _sentence_lookup(sentences: Sequence[Sentence]) -> dict[int, Sentence]:
    return {s.index: s for s in sentences}


def _locate(haystack: str, needle: str, start: int) -> tuple[int, int] | None:
    if not needle:
        return None
    at = haystack.find(needle, start)
    if at < 0:
        at = haystack.lower().find(needle.lower(), start)
    return (at, at + len(needle)) if at >= 0 else None


def _cell(
    row_indices: tuple[int, ...],
    sentences: dict[int, Sentence],
    diff: Sequence[DiffSpan],
    conflict_facts: Sequence[Fact],
) -> str:
    """One side of an aligned row: its sentences, divergent words bold, conflicts flagged."""
    parts = [sentences[i] for i in row_indices if i in sentences]
    if not parts:
        return ""
    # Work on the sentences' own text (never the diff's) so no word is lost; marks are char
    # ranges into `joined`. 1 = divergent wording, 2 = a conflicting figure.
    joined = " ".join(s.text for s in parts)
    marks = [0] * len(joined)
    offsets: list[int] = []
    pos = 0
    for s in parts:
        offsets.append(pos)
        pos += len(s.text) + 1

    cursor = 0
    for span in diff:
        # Spans come in reading order; find each after the previous one so a repeated word is
        # marked where the diff meant it.
        found = _locate(joined, span.text, cursor)
        if found is None:
            continue
        cursor = found[1]
        if span.op != "equal":
            for k in range(*found):
                marks[k] = max(marks[k], 1)

    for fact in conflict_facts:
        for s, base in zip(parts, offsets, strict=True):
            if s.index != fact.sentence:
                continue
            rel = (fact.start - s.start, fact.end - s.start)
            if not (0 <= rel[0] < rel[1] <= len(s.text)) or (s.text[rel[0] : rel[1]] != fact.text):
                found = _locate(s.text, fact.text, 0)
                if found is None:
                    continue
                rel = found
            for k in range(base + rel[0], base + rel[1]):
                marks[k] = 2
    return _render_marked(joined, marks)


def _render_marked(text: str, marks: list[int]) -> str:
    """Escape `text`, wrapping marked runs in `**` (and flagging conflicting figures)."""
    pieces: list[tuple[str, int]] = []  # (text, mark) runs; mark 0 is plain
    i, n = 0, len(text)
    while i < n:
        j = i
        while j < n and marks[j] == marks[i]:
            j += 1
        run, mark = text[i:j], marks[i]
        # A bold run is trimmed to start and end on a letter or digit: `**` next to a word
        # character always opens/closes emphasis in CommonMark, whatever stands outside it, so
        # the markers never show up as literal asterisks.
        lo, hi = 0, len(run)
        if mark:
            while lo < hi and not run[lo].isalnum():
                lo += 1
            while hi > lo and not run[hi - 1].isalnum():
                hi -= 1
        if not mark or lo == hi:
            pieces.append((run, 0))
        else:
            pieces += [(run[:lo], 0), (run[lo:hi], mark), (run[hi:], 0)]
        i = j

    out: list[str] = []
    plain = ""
    for piece, mark in [*pieces, ("", -1)]:
        if mark == 0:
            plain += piece
            continue
        if plain:
            escaped = _escape_inline(_clean_keep_edges(plain))
            out.append(_escape_leading(escaped.lstrip()) if not out else escaped)
            plain = ""
        if mark > 0:
            bold = f"**{_escape_inline(_clean_keep_edges(piece))}**"
            out.append(f"{bold} {FLAG_CONFLICT}" if mark == 2 else bold)
    return _WHITESPACE.sub(" ", "".join(out)).strip()


def _clean_keep_edges(text: str) -> str:
    # Like `_clean` but keeps one leading/trailing space: runs are glued back together.
    return _WHITESPACE.sub(" ", _visible_controls(text))


def _match_cell(row: Row) -> str:
    if row.kind == "only_a":
        return "only A"
    if row.kind == "only_b":
        return "only B"
    score = f"{round(row.score * 100)}%"
    return f"{score} {MOVED_NOTE}" if row.moved else score


def _note_cell(note: Note) -> str:
    text = f": {escape_markdown(note.text)}" if note.text else ""
    return f"**{escape_markdown(note.label)}**{text}"


def _aligned_table(cmp: Comparison, notes: Mapping[int, Note]) -> list[str]:
    sentences_a = _sentence_lookup(cmp.sentences_a)
    sentences_b = _sentence_lookup(cmp.sentences_b)
    conflicts_a = [c.a for c in cmp.conflicts]
    conflicts_b = [c.b for c in cmp.conflicts]
    header = [
        "¶",
        f"A: {escape_markdown(_outlet(cmp.a))}",
        f"B: {escape_markdown(_outlet(cmp.b))}",
        "match",
    ]
    if notes:
        header.append("note")
    body = []
    for number, row in enumerate(cmp.rows, start=1):
        in_a = [f for f in conflicts_a if f.sentence in row.a]
        in_b = [f for f in conflicts_b if f.sentence in row.b]
        body.append(
            [
                str(number),
                _cell(row.a, sentences_a, row.diff_a, in_a),
                _cell(row.b, sentences_b, row.diff_b, in_b),
                _match_cell(row),
            ]
        )
        if notes:
            note = notes.get(number - 1)
            body[-1].append(_note_cell(note) if note is not None else "")
    return _table(header, body)


def _quoted(texts: Sequence[str]) -> str:
    return " ".join(f"“{escape_markdown(t)}”" for t in texts) or "(nothing)"


def _notes_section(cmp: Comparison, notes: Sequence[PlacedNote]) -> list[str]:
    """`## Notes`: one item per note, in passage order; detached ones quote their sentences."""
    lines = ["## Notes", ""]
    for placed in notes:
        note = placed.note
        if placed.row is not None:
            lines.append(f"- ¶ {placed.row + 1} · {_note_cell(note)}")
            continue
        where = f"; its sentences are now in ¶ {placed.near + 1}" if placed.near is not None else ""
        lines += [
            f"- {_note_cell(note)} (on a passage this comparison no longer aligns as it was"
            f"{where})",
            f"  - A: {_quoted(note.passage.a)}",
            f"  - B: {_quoted(note.passage.b)}",
        ]
    return lines


def passage_markdown(cmp: Comparison, row: int, note: Note | None = None) -> str:
    """One passage as Markdown for the clipboard: each side with its outlet, then the note.

    Args:
        cmp: The comparison.
        row: The passage (row index).
        note: The reader's note on it, if any.

    Returns:
        Markdown paragraphs, `**A · Outlet** (date): text`, one per side, ending in a newline.
    """
    entry = cmp.rows[row]
    lines: list[str] = []
    for side, article, sentences, indices in (
        ("A", cmp.a, cmp.sentences_a, entry.a),
        ("B", cmp.b, cmp.sentences_b, entry.b),
    ):
        by_index = _sentence_lookup(sentences)
        text = " ".join(by_index[i].text for i in indices if i in by_index)
        date = f" ({escape_markdown(article.date_label)})" if article.date_label else ""
        body = escape_markdown(text) if text.strip() else "*(nothing in this passage)*"
        if lines:
            lines.append("")
        lines.append(f"**{side} · {escape_markdown(_outlet(article))}**{date}: {body}")
    if note is not None:
        lines += ["", f"**Note** · {_note_cell(note)}"]
    return "\n".join(lines) + "\n"


def to_markdown(cmp: Comparison, notes: Sequence[PlacedNote] | None = None) -> str:
    """The comparison as a GitHub-flavoured Markdown document.

    Sections: a title, the sources, the summary figures, the reader's notes (when there are
    any), conflicting facts (a table), facts only in A and only in B (lists with their kind), and
    the aligned comparison (a table with one row per passage; divergent words in bold,
    conflicting figures flagged with ⚠, moved passages noted, the opposite cell of a one-sided
    passage left empty, and a `note` column when a passage has a note).

    Args:
        cmp: The comparison to export.
        notes: The reader's notes, placed on the rows (`tui.core.notes.place_notes`).

    Returns:
        The Markdown document, ending in a newline.
    """
    a, b = cmp.a, cmp.b
    out_a, out_b = escape_markdown(_outlet(a)), escape_markdown(_outlet(b))
    where_a, where_b = _passage_numbers(cmp)
    s = cmp.summary
    lines: list[str] = [
        f"# {out_a} vs {out_b}: {escape_markdown(a.title or a.headline)}",
        "",
        "## Sources",
        "",
        *_table(
            ["Side", "Outlet", "Title", "Date", "URL"],
            [
                [
                    side,
                    escape_markdown(_outlet(art)),
                    escape_markdown(art.title or art.headline),
                    escape_markdown(art.date_label),
                    escape_markdown(art.url or ""),
                ]
                for side, art in (("A", a), ("B", b))
            ],
        ),
        "",
        "## Summary",
        "",
        f"- Similarity: {round(s.similarity * 100)}%",
        f"- Matched sentences: {s.matched_a} in A, {s.matched_b} in B",
        f"- Only in A: {s.only_a}",
        f"- Only in B: {s.only_b}",
        f"- Conflicts: {s.conflicts}",
        "",
    ]
    if notes:
        lines += [*_notes_section(cmp, notes), ""]
    lines += [
        "## Conflicting facts",
        "",
    ]
    if cmp.conflicts:
        # Each side's figure with its passage and its whole sentence: the two figures often
        # stand in passages far apart. A dates column when the articles are dated: a toll
        # that rises between two reports is an update, not a contradiction.
        dated = any(c.days_later is not None for c in cmp.conflicts)
        sentences_a = _sentence_lookup(cmp.sentences_a)
        sentences_b = _sentence_lookup(cmp.sentences_b)
        lines += _table(
            ["What", f"A: {out_a}", f"B: {out_b}", *(["Dates"] if dated else [])],
            [
                [
                    escape_markdown(c.what),
                    _conflict_cell(c.a, where_a, sentences_a),
                    _conflict_cell(c.b, where_b, sentences_b),
                    *([escape_markdown(c.date_note)] if dated else []),
                ]
                for c in cmp.conflicts
            ],
        )
    else:
        lines.append("None.")
    for title, facts, where in (
        (f"Only in A: {out_a}", cmp.only_a, where_a),
        (f"Only in B: {out_b}", cmp.only_b, where_b),
    ):
        lines += ["", f"## {title}", ""]
        lines += _fact_lists(facts, where)
    lines += [
        "",
        "## Aligned comparison",
        "",
        f"Bold: words only on that side. {FLAG_CONFLICT}: a conflicting figure. "
        f"{MOVED_NOTE}: the B passage stands elsewhere in B.",
        "",
        *_aligned_table(cmp, {p.row: p.note for p in notes or () if p.row is not None}),
    ]
    return "\n".join(lines) + "\n"


def _conflict_cell(fact: Fact, where: dict[int, int], sentences: dict[int, Sentence]) -> str:
    """A conflicting figure, its passage and its sentence: `2,750 (¶ 2): “The storm …”`."""
    cell = _with_ref(fact.text, where, fact.sentence)
    sentence = sentences.get(fact.sentence)
    if sentence is None:
        return cell
    return f"{cell}: “{escape_markdown(sentence.text)}”"


def _with_ref(text: str, where: dict[int, int], sentence: int) -> str:
    ref = _ref(where, sentence)
    value = escape_markdown(text)
    return f"{value} ({ref})" if ref else value
