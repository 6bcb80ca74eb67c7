"""`sidebyside compare A B [--format json|text] [--library DIR]`: compare two articles."""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from tui.commands._output import (
    add_format_argument,
    add_library_argument,
    add_output_arguments,
    check_output,
    emit,
    resolve_format,
    say,
)
from tui.core.articles import Library, load_article, load_library, resolve_article
from tui.core.compare import compare, side_text
from tui.core.export import to_markdown
from tui.core.jsonout import comparison_to_dict
from tui.core.layout import cell_len, wrap
from tui.core.types import Article, Comparison, Fact
from tui.paths import default_library_dir

if TYPE_CHECKING:
    from tui.core.notes import PlacedNote

NAME = "compare"
HELP = (
    "Compare two articles sentence by sentence: which passages match, how their wording "
    "differs, which facts only one outlet reports and where the outlets disagree."
)
EPILOG = """\
examples:
  sidebyside compare a.txt b.md                       two-column text for a pipe
  sidebyside compare a.txt b.md --format json         the full comparison as JSON
  sidebyside compare 2023-10-16-reuters tass          library ids (see `sidebyside list`)
  sidebyside compare a.txt b.md --format markdown -o a-vs-b.md
                                                      a Markdown report (GFM tables)
  sidebyside compare a.txt b.md --format json --no-notes
                                                      leave the reader's notes out

A and B are file paths or library ids (or a unique start of one). Exit status 2 on bad input.
The Markdown and JSON formats include the notes made on the pair's passages in the reader (`m`),
read from the notes store in the user data folder (SIDEBYSIDE_DATA_DIR overrides it).
"""

# C0/C1 control characters and the line/paragraph separators: never sent raw to a terminal.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the `compare` options."""
    parser.add_argument("a", metavar="A", help="first article: a file path or library id")
    parser.add_argument("b", metavar="B", help="second article: a file path or library id")
    add_format_argument(parser, FORMATS, "text")
    parser.add_argument(
        "--no-notes",
        dest="notes",
        action="store_false",
        help="leave out the notes made in the reader (markdown and json include them)",
    )
    add_library_argument(parser, purpose="for ids")
    add_output_arguments(parser)


def _resolve(refs: list[str], library_dir: Path | None) -> list[Article]:
    # Two file paths need no library: loading a whole folder would only cost time.
    if all(Path(r).is_file() for r in refs):
        return [load_article(Path(r)) for r in refs]
    folder = (library_dir or default_library_dir()).expanduser()
    library = load_library([folder]) if folder.is_dir() else Library()
    return [resolve_article(r, library) for r in refs]


def render_json(cmp: Comparison, notes: Sequence[PlacedNote] | None = None) -> str:
    """The comparison as one JSON object; control characters escaped even past `\\x1f`."""
    out = json.dumps(comparison_to_dict(cmp, notes), ensure_ascii=False, indent=1)
    return _CONTROL.sub(lambda m: f"\\u{ord(m.group(0)):04x}", out)


def _clean(text: str) -> str:
    return _CONTROL.sub(" ", text)


def render_text(cmp: Comparison, width: int | None = None) -> str:
    """A readable two-column version: summary on top, one block per row.

    Each row opens with its passage number (`¶ 3`, as in the reader and the Markdown export);
    the gutter marks `=` match, `~` moved match, `<` only in A, `>` only in B, with the match
    score, as the legend under the summary says. Facts name the passage they stand in.
    """
    if width is None:
        width = shutil.get_terminal_size((100, 24)).columns if sys.stdout.isatty() else 100
    width = max(40, width)
    col = (width - 9) // 2
    s = cmp.summary
    lines = [
        f"A: {_clean(cmp.a.outlet)} - {_clean(cmp.a.title)} ({cmp.a.id})",
        f"B: {_clean(cmp.b.outlet)} - {_clean(cmp.b.title)} ({cmp.b.id})",
        f"similarity {s.similarity:.2f} · matched {s.matched_a}/{len(cmp.sentences_a)} of A, "
        f"{s.matched_b}/{len(cmp.sentences_b)} of B · only A {s.only_a} · only B {s.only_b} · "
        f"conflicts {s.conflicts}",
        "= same content (score %) · ~ same content, moved · < only in A · > only in B",
        "=" * width,
    ]
    passage_a = {i: n for n, row in enumerate(cmp.rows, 1) for i in row.a}
    passage_b = {j: n for n, row in enumerate(cmp.rows, 1) for j in row.b}
    for number, row in enumerate(cmp.rows, 1):
        lines.append(f"¶ {number}")
        left = _clean(side_text(cmp.a.text, cmp.sentences_a, row.a))
        right = _clean(side_text(cmp.b.text, cmp.sentences_b, row.b))
        if row.kind == "match":
            mark = f"{'~' if row.moved else '='}{round(row.score * 100):3d}"
        else:
            mark = "<   " if row.kind == "only_a" else "   >"
        wl, wr = wrap(left, col) if left else [], wrap(right, col) if right else []
        for k in range(max(len(wl), len(wr))):
            lt = left[wl[k][0] : wl[k][1]] if k < len(wl) else ""
            rt = right[wr[k][0] : wr[k][1]] if k < len(wr) else ""
            pad = " " * (col - cell_len(lt))
            lines.append(f"{lt}{pad} {mark if k == 0 else '    '} | {rt}".rstrip())
        lines.append("")
    if cmp.only_a or cmp.only_b or cmp.conflicts:
        lines.append("=" * width)
    where = {"A": passage_a, "B": passage_b}

    def at(side: str, fact: Fact) -> str:
        number = where[side].get(fact.sentence)
        return f"¶ {number}" if number is not None else f"sentence {fact.sentence + 1}"

    lines += [f"only in A: {_clean(f.text)} ({at('A', f)})" for f in cmp.only_a]
    lines += [f"only in B: {_clean(f.text)} ({at('B', f)})" for f in cmp.only_b]
    for c in cmp.conflicts:
        note = f" ({c.date_note})" if c.date_note else ""
        lines.append(
            f"conflict: {_clean(c.what)}: A {_clean(c.a.text)!r} vs B {_clean(c.b.text)!r}{note}"
        )
        for side, fact, sentences in (("A", c.a, cmp.sentences_a), ("B", c.b, cmp.sentences_b)):
            if 0 <= fact.sentence < len(sentences):
                said = _clean(sentences[fact.sentence].text)
                lines.append(f"  {side} ({at(side, fact)}): {said}")
    return "\n".join(lines).rstrip("\n")


# Output formats by name; each turns a comparison into the text printed on stdout.
FORMATS: dict[str, Callable[[Comparison], str]] = {
    "json": render_json,
    "text": render_text,
    "markdown": to_markdown,
}


def run(args: argparse.Namespace) -> int:
    """Compare A and B and print the comparison in the chosen format."""
    check_output(args)
    fmt = resolve_format(args)
    a, b = _resolve([args.a, args.b], args.library)
    # Lossy decoding or ignored front matter must not pass silently: say so, then go on.
    for article in (a, b):
        for warning in article.warnings:
            say("warning", f"{article.path}: {warning}")
    cmp = compare(a, b)
    if fmt == "text":
        out = render_text(cmp)
    else:
        notes = _notes(cmp) if args.notes else None
        out = to_markdown(cmp, notes) if fmt == "markdown" else render_json(cmp, notes)
    emit(out.rstrip("\n") + "\n", args)
    return 0


def _notes(cmp: Comparison) -> tuple[PlacedNote, ...]:
    """The reader's notes on the pair, placed on its rows; a store that cannot be read is one
    warning line and no notes (the command line never writes to the store)."""
    from tui.core.notes import NotesError, NoteStore, data_dir, place_notes

    store, problem = NoteStore.open_read_only(data_dir())
    if problem:
        say("warning", problem)
    if store is None:
        return ()
    try:
        return place_notes(cmp, store.notes_for(cmp.a, cmp.b))
    except NotesError as exc:
        say("warning", f"{exc}; notes left out")
        return ()
    finally:
        store.close()
