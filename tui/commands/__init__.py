"""Subcommands of the `sidebyside` command line, one module each.

Each module `tui/commands/<name>_cmd.py` defines `NAME`, `HELP`, `EPILOG` (examples for `--help`),
`add_arguments(parser)` and `run(args) -> int`. Add its name here to register it.
"""

from __future__ import annotations

from importlib import import_module
from types import ModuleType

# Command names, in the order `--help` lists them. Only the command being run is imported, so
# `sidebyside compare` never pays for the importer's or the ledger's imports.
COMMAND_NAMES: tuple[str, ...] = ("list", "compare", "ledger", "add", "serve")


def load_command(name: str) -> ModuleType:
    """Import the module of one subcommand."""
    module = import_module(f"tui.commands.{name}_cmd")
    assert name == module.NAME, f"tui.commands.{name}_cmd names itself {module.NAME!r}"
    return module
