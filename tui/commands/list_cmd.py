"""`sidebyside list`: print the library as a plain-text table or as JSON."""

from __future__ import annotations

import argparse
import json
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rich.cells import cell_len, set_cell_size

from tui.commands._output import add_library_argument, one_line, warn_issues
from tui.core.articles import ArticleError, Library, load_library
from tui.core.types import Article
from tui.paths import default_library_dir

NAME = "list"
HELP = "Print the articles of the library (or of the given files and folders) as a table."
EPILOG = """\
examples:
  sidebyside list                       the library (./articles, else the bundled articles)
  sidebyside list ~/clips/ extra.txt    other folders and files instead
  sidebyside list --library ~/clips     another library folder
  sidebyside list --format json | jq '.articles[].id'
"""

COLUMNS = ("ID", "OUTLET", "DATE", "TITLE", "WORDS")
OUTLET_MAX = 24
TITLE_MIN = 20
GAP = "  "


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the options of `sidebyside list`."""
    parser.add_argument(
        "paths", nargs="*", type=Path, metavar="PATH", help="article files or folders"
    )
    add_library_argument(parser)
    parser.add_argument(
        "--format",
        choices=("table", "json"),
        default="table",
        help="output format (default: table)",
    )


def _fit(text: str, width: int) -> str:
    """Cut `text` to `width` terminal cells (with an ellipsis) and pad it to exactly that."""
    if cell_len(text) > width:
        text = set_cell_size(text, max(width - 1, 0)) + "…"
    return set_cell_size(text, width)


def format_table(articles: Sequence[Article], width: int) -> str:
    """The articles as aligned columns, measured in terminal cells, fitted to `width`."""
    rows = [
        (a.id, one_line(a.outlet), a.date_label, one_line(a.title), str(a.words)) for a in articles
    ]
    id_w = max(cell_len(c) for c in [COLUMNS[0], *(r[0] for r in rows)])
    outlet_w = min(OUTLET_MAX, max(cell_len(c) for c in [COLUMNS[1], *(r[1] for r in rows)]))
    date_w = max(len(COLUMNS[2]), 10)
    words_w = max(len(c) for c in [COLUMNS[4], *(r[4] for r in rows)])
    fixed = id_w + outlet_w + date_w + words_w + 4 * len(GAP)
    longest = max(cell_len(c) for c in [COLUMNS[3], *(r[3] for r in rows)])
    title_w = max(TITLE_MIN, min(longest, width - fixed))
    lines = []
    for row in [COLUMNS, *rows]:
        cells = (
            _fit(row[0], id_w),
            _fit(row[1], outlet_w),
            _fit(row[2], date_w),
            _fit(row[3], title_w),
            row[4].rjust(words_w),
        )
        lines.append(GAP.join(cells).rstrip())
    return "\n".join(lines)


def _as_json(library: Library) -> dict[str, Any]:
    return {
        "articles": [
            {
                "id": a.id,
                "path": str(a.path),
                "outlet": a.outlet,
                "date": a.date_label or None,
                "title": a.title,
                "headline": a.headline,
                "words": a.words,
                "url": a.url,
                "language": a.language,
                "via": a.via,
                "author": a.author,
                "warnings": list(a.warnings),
            }
            for a in library.articles
        ],
        "issues": [
            {"path": str(i.path), "level": i.level, "message": i.message} for i in library.issues
        ],
    }


def run(args: argparse.Namespace) -> int:
    """List the library; exit status 0, or 2 (via ArticleError) when nothing can be listed."""
    paths: list[Path] = list(args.paths) or [args.library or default_library_dir()]
    try:
        library = load_library(paths)
    except ArticleError as exc:
        warn_issues(exc.issues)
        raise
    warn_issues(library.issues)
    if args.format == "json":
        print(json.dumps(_as_json(library), ensure_ascii=False, indent=2))
    else:
        width = shutil.get_terminal_size((120, 24)).columns
        print(format_table(library.articles, width))
    return 0
