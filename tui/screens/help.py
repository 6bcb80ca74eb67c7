"""The help screen, generated from the bindings active on the screen it was opened from.

Key tables written by hand drift from the real bindings; this one cannot. Screens add prose
(e.g. a highlight legend) through their `HELP` Markdown string, shown under the keys.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import ClassVar, Protocol, runtime_checkable

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import ActiveBinding, Binding, BindingType
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

__all__ = ["WIDE_HELP", "HelpEntry", "HelpGroup", "HelpScreen", "LegendProvider", "help_groups"]

WIDE_HELP = 100
"""Cells of help text from which actions get a column of their own (else they lead the details)."""


@runtime_checkable
class LegendProvider(Protocol):
    """A screen whose help shows a legend (e.g. its highlight colours) under the keys."""

    def help_legend(self) -> RenderableType:
        """The legend, drawn with the screen's own styles."""
        ...


@dataclass(frozen=True, slots=True)
class HelpEntry:
    """One action: every key bound to it, what it does, and whether it is available now."""

    keys: tuple[str, ...]
    description: str
    tooltip: str
    enabled: bool
    binding_id: str | None


@dataclass(frozen=True, slots=True)
class HelpGroup:
    """The actions one widget, screen or the app provides."""

    title: str
    entries: tuple[HelpEntry, ...]


def _group_title(node: DOMNode) -> str:
    if isinstance(node, App):
        return "Everywhere"
    title = node.BINDING_GROUP_TITLE
    if title:
        return title
    if isinstance(node, Screen) and node.title:
        return str(node.title)
    return type(node).__name__


def help_groups(
    bindings: Mapping[str, ActiveBinding], key_display: Callable[[Binding], str] | None = None
) -> list[HelpGroup]:
    """Group active bindings by the node that owns them, one entry per action.

    Args:
        bindings: `Screen.active_bindings` of the screen the help is about.
        key_display: Formats a binding's key (the app's `get_key_display`).

    Returns:
        Groups in binding-chain order (focused widget first, the app last).
    """
    order: list[DOMNode] = []
    per_node: dict[int, dict[str, list[tuple[str, ActiveBinding]]]] = {}
    for key, active in bindings.items():
        binding = active.binding
        if not binding.description:
            continue  # undescribed bindings are internal plumbing (e.g. text-input editing)
        node = active.node
        if id(node) not in per_node:
            per_node[id(node)] = {}
            order.append(node)
        shown = key_display(binding) if key_display else key
        per_node[id(node)].setdefault(binding.action, []).append((shown, active))
    # The screen's own actions first, then the focused widget's, then the app-wide ones.
    order.sort(
        key=lambda node: 0 if isinstance(node, Screen) else 2 if isinstance(node, App) else 1
    )
    groups: list[HelpGroup] = []
    for node in order:
        entries: list[HelpEntry] = []
        for pairs in per_node[id(node)].values():
            first = pairs[0][1]
            keys = tuple(dict.fromkeys(shown for shown, _ in pairs))
            entries.append(
                HelpEntry(
                    keys=keys,
                    description=first.binding.description,
                    tooltip=first.binding.tooltip,
                    enabled=any(active.enabled for _, active in pairs),
                    binding_id=first.binding.id,
                )
            )
        # Our bindings (they all have ids) before the ones inherited from Textual's widgets.
        entries.sort(key=lambda entry: entry.binding_id is None)
        groups.append(HelpGroup(_group_title(node), tuple(entries)))
    return groups


class HelpScreen(ModalScreen[None]):
    """Keys of the screen underneath, grouped by owner, then that screen's `HELP` text."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape,q,question_mark,f1",
            "dismiss",
            "Close help",
            id="help.close",
            tooltip="Back to where you were",
        ),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "help-screen--key",
        "help-screen--group",
        "help-screen--disabled",
        "help-screen--tooltip",
    }

    def __init__(
        self,
        groups: Iterable[HelpGroup],
        *,
        extra: Iterable[str] = (),
        legend: RenderableType | None = None,
    ) -> None:
        """Args:
        groups: The key groups to list.
        extra: Markdown sections (screen and widget `HELP` strings) shown after the keys.
        legend: A renderable shown between the keys and the text (e.g. highlight colours).
        """
        super().__init__()
        self._groups = tuple(groups)
        self._extra = tuple(text for text in extra if text and text.strip())
        self._legend = legend
        self._narrow: bool | None = None

    @classmethod
    def for_screen(cls, screen: Screen[object]) -> HelpScreen:
        """Build the help of `screen` from its active bindings and `HELP` strings, plus the
        legend a screen offers through a `help_legend()` method (see `LegendProvider`)."""
        groups = help_groups(screen.active_bindings, screen.app.get_key_display)
        extra: list[str] = []
        focused = screen.focused
        for node in (screen, *(focused.ancestors_with_self if focused else ())):
            text = type(node).HELP
            # Only our own prose: Textual's widgets ship generic HELP text of their own.
            if text and text not in extra and type(node).__module__.startswith("tui."):
                extra.append(text)
        legend = screen.help_legend() if isinstance(screen, LegendProvider) else None
        return cls(groups, extra=extra, legend=legend)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body") as body:
            body.border_title = "Help"
            body.border_subtitle = "esc / q / ? / F1 to close"
            yield Static(id="help-keys")
            if self._legend is not None:
                yield Static(self._legend, id="help-legend")
            if self._extra:
                # Textual's Markdown widget pulls in markdown-it and pygments: load it when help
                # opens, not when the app starts.
                from textual.widgets import Markdown

                for text in self._extra:
                    yield Markdown(text, classes="help-extra")
            if any(entry.binding_id for group in self._groups for entry in group.entries):
                yield Static(id="help-ids")

    def on_mount(self) -> None:
        self._show_keys()
        for ids in self.query("#help-ids").results(Static):
            ids.update(self.ids_table())
        self.query_one("#help-body").focus()
        # The body's width is known once it is laid out; pick the layout for it then.
        self.call_after_refresh(self._show_keys)

    def on_resize(self) -> None:
        self.call_after_refresh(self._show_keys)

    def _show_keys(self) -> None:
        narrow = self.query_one("#help-body").scrollable_content_region.width < WIDE_HELP
        if narrow != self._narrow:
            self._narrow = narrow
            self.query_one("#help-keys", Static).update(self.keys_table(narrow=narrow))

    @property
    def narrow(self) -> bool:
        """True when the keys are laid out for a narrow body (action and details together)."""
        return bool(self._narrow)

    @property
    def groups(self) -> tuple[HelpGroup, ...]:
        """The key groups listed."""
        return self._groups

    def keys_table(self, *, narrow: bool = False) -> Table:
        """The key groups as a Rich table, styled by the screen's component classes.

        Columns: keys, action, details; when `narrow` (below `WIDE_HELP` cells) the action leads
        its details in one column, so entries read on one line or two at 80 columns. Binding ids
        are listed apart, by `ids_table`, at the end of the help.
        """
        key_style = self.get_component_rich_style("help-screen--key", partial=True)
        group_style = self.get_component_rich_style("help-screen--group", partial=True)
        disabled = self.get_component_rich_style("help-screen--disabled", partial=True)
        tip_style = self.get_component_rich_style("help-screen--tooltip", partial=True)
        table = Table.grid(padding=(0, 2), expand=True)
        table.add_column("keys", no_wrap=True, min_width=8)
        if not narrow:
            table.add_column("action", no_wrap=True)
        table.add_column("details", ratio=1)
        blank = ("",) * len(table.columns)

        def keys_of(entry: HelpEntry) -> Text:
            return Text(" ".join(entry.keys), style=key_style)

        for index, group in enumerate(self._groups):
            if index:
                table.add_row(*blank)
            table.add_row(Text(group.title, style=group_style), *blank[1:])
            for entry in group.entries:
                action = Text(entry.description, style="bold" if narrow else "")
                details = Text(entry.tooltip, style=tip_style)
                if not entry.enabled:
                    action.stylize(disabled)
                    details.append(" (not available now)", style=disabled)
                if narrow:
                    table.add_row(keys_of(entry), Text.assemble(action, "  ", details))
                else:
                    table.add_row(keys_of(entry), action, details)
        return table

    def ids_table(self) -> Table:
        """Each key with its binding id: what config.json's "keys" uses to remap a binding."""
        group_style = self.get_component_rich_style("help-screen--group", partial=True)
        key_style = self.get_component_rich_style("help-screen--key", partial=True)
        tip_style = self.get_component_rich_style("help-screen--tooltip", partial=True)
        table = Table.grid(padding=(0, 2), expand=True)
        table.add_column("keys", no_wrap=True, min_width=8)
        table.add_column("id", ratio=1)
        table.add_row(
            Text("Binding ids", style=group_style),
            Text('to remap keys in config.json "keys"', style=tip_style),
        )
        for group in self._groups:
            for entry in group.entries:
                if entry.binding_id:
                    table.add_row(
                        Text(" ".join(entry.keys), style=key_style),
                        Text(entry.binding_id, style=tip_style),
                    )
        return table
