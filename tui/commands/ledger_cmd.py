"""`sidebyside ledger [PATH...] [--library DIR] --format markdown|json [-o FILE] [--force]`."""

from __future__ import annotations

import argparse
from pathlib import Path

from tui.commands._output import (
    ProgressBar,
    add_format_argument,
    add_library_argument,
    add_output_arguments,
    check_output,
    emit,
    resolve_format,
    say,
    warn_issues,
)
from tui.core.articles import load_library
from tui.paths import default_library_dir

NAME = "ledger"
HELP = (
    "Group the articles into stories and list, per story, who copied whom and every fact its "
    "outlets report: who reports what, where the figures differ, and what only one outlet says."
)
EPILOG = """\
examples:
  sidebyside ledger                                   the library's stories as Markdown
  sidebyside ledger ~/clips/ --format json            another folder, as JSON
  sidebyside ledger a.md b.md c.md -o ledger.md       chosen files, written to a file

Each article is read once into a store under the cache folder (SIDEBYSIDE_CACHE_DIR
overrides it), so a second run, or a run after adding one article, is fast. A progress bar
is drawn on stderr when it is a terminal.
Exit status 2 on bad input.
"""

FORMATS = ("markdown", "json")


def _fraction(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 0.0 < value <= 1.0:
        raise argparse.ArgumentTypeError(f"must be above 0 and at most 1, got {text}")
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the `ledger` options."""
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        type=Path,
        help="article files or folders (default: the library)",
    )
    add_library_argument(parser)
    add_format_argument(parser, FORMATS, "markdown")
    parser.add_argument(
        "--threshold",
        type=_fraction,
        default=None,
        metavar="X",
        help="similarity (0-1] articles of one story share on average (default: 0.10)",
    )
    add_output_arguments(parser)


def run(args: argparse.Namespace) -> int:
    """Group the articles, build each group's ledger and print it in the chosen format."""
    # Imported here: `sidebyside --help` should not pay for the engine.
    from tui.core.groups import DEFAULT_THRESHOLD, group_articles
    from tui.core.ledger import ledger_markdown, ledgers_to_json, library_ledgers

    check_output(args)
    paths = list(args.paths) or [(args.library or default_library_dir()).expanduser()]
    library = load_library(paths)
    warn_issues(library.issues)
    bar = ProgressBar()
    try:
        grouping = group_articles(
            library.articles,
            threshold=args.threshold if args.threshold is not None else DEFAULT_THRESHOLD,
            progress=lambda x: bar.update("grouping", x),
        )
        ledgers = library_ledgers(grouping, progress=lambda x: bar.update("matching facts", x))
    finally:
        bar.close()
    if grouping.cache_error:
        say("warning", f"store not saved: {grouping.cache_error}")
    render = ledgers_to_json if resolve_format(args) == "json" else ledger_markdown
    emit(render(grouping, ledgers), args)
    return 0
