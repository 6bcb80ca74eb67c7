"""`sidebyside add SOURCE... [--library DIR]`: put web pages and text files into the library."""

from __future__ import annotations

import argparse
from pathlib import Path

from tui.commands._output import say
from tui.core.importer import DEFAULT_TIMEOUT, AddError, add_source

NAME = "add"
HELP = (
    "Add articles to the library from URLs, saved web pages (.html/.htm) or text files "
    "(.txt/.md). The article's text and metadata are extracted and written as "
    "<date>-<outlet>.md; an article already in the library (same URL or same text) is not "
    "added again."
)
EPILOG = """\
examples:
  sidebyside add https://example.com/news/story      fetch a page and add it to ./articles
  sidebyside add ~/Downloads/story.html notes.txt    add a saved page and a text file
  sidebyside add story.html --library ~/clips        add to another library folder

Without --library, articles go to ./articles (created when missing), the folder the reader
opens when it exists. Exit status 2 when any source could not be added.
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the `add` options."""
    parser.add_argument(
        "sources",
        nargs="+",
        metavar="SOURCE",
        help="an http(s):// URL, a saved .html/.htm page, or a .txt/.md file",
    )
    parser.add_argument(
        "--library",
        type=Path,
        metavar="DIR",
        default=None,
        help="library folder to add to (default: ./articles)",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        metavar="SECONDS",
        default=DEFAULT_TIMEOUT,
        help=f"seconds to wait for a web server (default: {DEFAULT_TIMEOUT:g})",
    )


def run(args: argparse.Namespace) -> int:
    """Add every source; report one line each. Returns 2 when any failed, else 0."""
    # Not default_library_dir(): when ./articles is missing that is the bundled copy, which may
    # sit inside an installed package and is no place for the user's own articles.
    library: Path = (args.library or Path("articles")).expanduser()
    if not args.timeout > 0:
        say("error", "--timeout must be a positive number of seconds")
        return 2
    if library.exists() and not library.is_dir():
        say("error", f"{library}: not a folder")
        return 2
    failed = 0
    for source in args.sources:
        try:
            result = add_source(source, library, timeout=args.timeout)
        except AddError as exc:
            failed += 1
            say("error", str(exc))
            continue
        print(result.describe())
    return 2 if failed else 0
