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


# Short names for output formats.
_FORMAT_ALIASES = {"md": "markdown", "txt": "text"}


def add_format_argument(
    parser: argparse.ArgumentParser, formats: Iterable[str], default: str
) -> None:
    """Declare `--format`: one of `formats` (`md` for markdown, `txt` for text); when it is not
    given, the `-o` file's extension decides (`a.json`, `a.md`), else `default` (see
    `resolve_format`)."""
    names = sorted(formats)
    aliases = {k: v for k, v in _FORMAT_ALIASES.items() if v in names}

    def choice(value: str) -> str:
        name = aliases.get(value.lower(), value.lower())
        if name not in names:
            shown = ", ".join(names)
            raise argparse.ArgumentTypeError(f"invalid choice: {value!r} (choose from {shown})")
        return name

    parser.add_argument(
        "--format",
        type=choice,
        default=None,
        metavar="{" + ",".join(names) + "}",
        help=f"output format (default: from the -o file's extension, else {default})",
    )
    parser.set_defaults(format_default=default, format_names=tuple(names))


def resolve_format(args: argparse.Namespace) -> str:
    """The output format: `--format` when given, else the one the `-o` file's extension names
    (when the command offers it), else the command's default."""
    from tui.core.export import format_for_path

    if args.format is not None:
        return str(args.format)
    by_suffix = format_for_path(args.output, args.format_names) if args.output != "-" else None
    return by_suffix or str(args.format_default)


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

    if not args.output.strip():
        raise UserError("-o needs a file name (or - for standard output)")
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


class ProgressBar:
    """A one-line progress bar on stderr, drawn only when stderr is a terminal.

    `update(label, fraction)` redraws at most every `interval` seconds (and whenever the label
    changes); `close()` clears the line. Redirected or piped stderr gets nothing, so scripts and
    logs only ever see the final messages.
    """

    def __init__(self, *, interval: float = 0.1, width: int = 30) -> None:
        import time

        self._clock = time.monotonic
        self.enabled = sys.stderr.isatty()
        self._interval = interval
        self._width = width
        self._last = 0.0
        self._label = ""
        self._drawn = False

    def update(self, label: str, fraction: float) -> None:
        """Show `label` and `fraction` (0 to 1)."""
        if not self.enabled:
            return
        now = self._clock()
        if label == self._label and now - self._last < self._interval and fraction < 1.0:
            return
        self._last, self._label = now, label
        done = max(0, min(self._width, round(fraction * self._width)))
        bar = "█" * done + "░" * (self._width - done)
        sys.stderr.write(f"\r{PROG}: {label} {bar} {round(fraction * 100):3d}%\x1b[K")
        sys.stderr.flush()
        self._drawn = True

    def close(self) -> None:
        """Clear the bar's line."""
        if self._drawn:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()
            self._drawn = False
