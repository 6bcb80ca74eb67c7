"""What the subcommands share: `--library`, error and warning lines, and `-o FILE` output.

One place decides how a message reaches stderr (one line, no terminal control codes, since file
names and article text may hold them) and how a command's result reaches stdout or a file
(never over an existing file without `--force`, and refused before the slow work).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from tui.errors import UserError

if TYPE_CHECKING:
    from tui.core.types import LoadIssue

PROG = "sidebyside"

# The core is imported inside the functions: `tui.cli` imports this module, and
# `sidebyside --help` or `--version` should not pay for the loader or the dataclasses.


def one_line(text: str) -> str:
    """`text` with terminal escapes and control characters removed, whitespace runs collapsed."""
    from tui.core.articles import sanitize

    return " ".join(sanitize(text).split())


def say(level: Literal["error", "warning"], message: str) -> None:
    """Print `sidebyside: LEVEL: MESSAGE` on stderr, as one line with no control codes."""
    print(f"{PROG}: {level}: {one_line(message)}", file=sys.stderr)


def warn_issues(issues: Iterable[LoadIssue]) -> None:
    """One warning line per load issue; a file that could not be read is said to be skipped."""
    for issue in issues:
        suffix = "; skipped" if issue.level == "error" else ""
        say("warning", f"{issue}{suffix}")


def add_library_argument(parser: argparse.ArgumentParser, *, purpose: str = "") -> None:
    """Declare `--library DIR` (default: `None`, meaning `tui.paths.default_library_dir()`).

    Args:
        parser: The command's parser.
        purpose: What the folder is for, e.g. `for ids`, shown after "library folder".
    """
    parser.add_argument(
        "--library",
        type=Path,
        metavar="DIR",
        default=None,
        help=f"library folder{' ' + purpose if purpose else ''} "
        "(default: ./articles when present, else the bundled articles)",
    )


def add_output_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare `-o/--output FILE` (default `-`, stdout) and `--force`."""
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        default="-",
        help="write to FILE instead of stdout (`-`, the default); never replaces a file "
        "unless --force",
    )
    parser.add_argument(
        "--force", action="store_true", help="overwrite the --output file if it exists"
    )


def check_output(args: argparse.Namespace) -> None:
    """Refuse an existing or unwritable `--output` now, before the (slow) work that fills it.

    Raises:
        UserError: the file exists (without `--force`), is a directory, or has no directory.
    """
    from tui.core.fsio import check_target

    if args.output != "-":
        _refusing_overwrite(lambda: check_target(Path(args.output), overwrite=args.force))


def emit(text: str, args: argparse.Namespace) -> None:
    """Send `text` to stdout, or write it atomically to `--output` and say `wrote PATH`.

    Raises:
        UserError: the file could not be written (exists without `--force`, disk full, ...).
    """
    from tui.core.fsio import write_atomic

    if args.output == "-":
        sys.stdout.write(text)
        return
    written = _refusing_overwrite(
        lambda: write_atomic(Path(args.output), text, overwrite=args.force)
    )
    print(f"wrote {written}", file=sys.stderr)


def _refusing_overwrite(write: Callable[[], Path]) -> Path:
    from tui.core.fsio import OutputExistsError

    try:
        return write()
    except OutputExistsError as exc:
        raise UserError(f"{exc}; use --force to overwrite it") from None
