"""Subcommands of the `sidebyside` command line, one module each.

Each module defines `NAME`, `HELP`, `EPILOG` (examples for `--help`), `add_arguments(parser)` and
`run(args) -> int`. Add a module here to register it.
"""

from __future__ import annotations

from importlib import import_module
from types import ModuleType

# Module names under tui.commands, in the order `--help` lists them.
COMMAND_MODULES: tuple[str, ...] = ("list", "compare", "add")


def load_commands() -> dict[str, ModuleType]:
    """Import every subcommand module and index it by its command name."""
    modules = [import_module(f"tui.commands.{name}_cmd") for name in COMMAND_MODULES]
    return {m.NAME: m for m in modules}
