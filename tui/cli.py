"""The `sidebyside` command line.

`sidebyside [PATH...]` opens the reader; `sidebyside COMMAND ...` runs a subcommand. Subcommands
live in `tui/commands/`; this module only parses and dispatches.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from tui import __version__
from tui.commands import COMMAND_NAMES, load_command
from tui.commands._output import PROG, add_library_argument, say
from tui.errors import UserError

READER_EPILOG = """\
examples:
  sidebyside                          open the reader on ./articles (or the bundled library)
  sidebyside ~/clips/                 open the reader on another folder
  sidebyside a.md b.txt               open the comparison of two articles straight away
  sidebyside list                     print the library as a table
  sidebyside compare A B --format json
                                      compare two articles (paths or library ids)
  sidebyside compare A B --format markdown -o a-vs-b.md
                                      export a comparison to Markdown
  sidebyside ledger --format markdown who reported what, across the whole library
  sidebyside add https://example.com/story.html
                                      add a web page, saved page or text file to ./articles
  sidebyside serve                    the reader in a web browser, on http://127.0.0.1:8000
  sidebyside COMMAND --help           help on one command
"""


def _reader_parser() -> argparse.ArgumentParser:
    names = ", ".join(COMMAND_NAMES)
    parser = argparse.ArgumentParser(
        prog=PROG,
        description=(
            "Compare how different outlets report the same story, side by side in the terminal. "
            f"Commands: {names}."
        ),
        epilog=READER_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    add_library_argument(parser)
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="article files or folders to open instead of the library; two files (or library "
        "ids) open straight into their comparison",
    )
    return parser


def _command_parser(name: str, module: object) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=f"{PROG} {name}",
        description=module.HELP,  # type: ignore[attr-defined]
        epilog=getattr(module, "EPILOG", None),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    module.add_arguments(parser)  # type: ignore[attr-defined]
    return parser


def _run_reader(args: argparse.Namespace) -> int:
    # Imported here so `sidebyside list` and `compare` never pay for importing Textual.
    from tui.app import run_reader

    return run_reader(library=args.library, paths=[Path(p) for p in args.paths])


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `sidebyside` script. Returns the process exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if argv and argv[0] in COMMAND_NAMES:
            module = load_command(argv[0])
            args = _command_parser(argv[0], module).parse_args(argv[1:])
            return int(module.run(args))
        args = _reader_parser().parse_args(argv)
        return _run_reader(args)
    except UserError as exc:
        # Messages name files, and a file name may hold escape sequences: `say` strips them.
        say("error", str(exc))
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `sidebyside list | head`: the reader went away; not an error worth a traceback.
        return 0


if __name__ == "__main__":
    sys.exit(main())
