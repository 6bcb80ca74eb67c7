"""The facts panel: what only one outlet reports, and where the two disagree."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.console import Group
from rich.padding import Padding
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.core.types import Comparison, Fact, Sentence
from tui.widgets.component_style import blended_style
from tui.widgets.text import sanitize

__all__ = ["FactsPanel"]

# Long quotes would swamp the list; the full text is in the panes.
_MAX_FACT = 120


# Short labels for the fact kinds (`tui.core.types.Fact.kind`), in a column of this width.
_KIND_LABELS = {
    "number": "figure",
    "person": "person",
    "org": "org",
    "place": "place",
    "name": "name",
    "quote": "quote",
    "date": "date",
    "claim": "claim",
}
_KIND_WIDTH = 6


def _in_reading_order(facts: Sequence[Fact], rows: dict[int, int]) -> list[Fact]:
    """`facts` in the order of the passages that hold them (`rows`: sentence -> row), the
    order j walks the panes in."""
    last = len(rows)
    return sorted(facts, key=lambda f: (rows.get(f.sentence, last), f.sentence, f.start))


def _short(value: str) -> str:
    value = sanitize(value, single_line=True)
    if len(value) <= _MAX_FACT:
        return value
    # Cut at a word boundary: "…of Israe…" reads as a typo.
    cut = value[: _MAX_FACT - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > _MAX_FACT // 2 else cut).rstrip(" ,;:") + "…"


def _said(sentences: Sequence[Sentence], fact: Fact) -> str:
    """The sentence holding a conflicting figure, on its own indented line."""
    if not 0 <= fact.sentence < len(sentences):
        return ""
    return f"\n“{_short(sentences[fact.sentence].text)}”"


class FactsPanel(Vertical, can_focus=False):
    """Lists "Only in A", "Only in B" and "Conflicts"; choosing an entry posts `FactChosen`."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "facts-panel--heading",
        "facts-panel--kind",
        "facts-panel--conflict",
    }

    @dataclass
    class FactChosen(Message):
        """The user chose a fact: jump to its sentence (`side` is `a` or `b`)."""

        panel: FactsPanel
        side: str
        sentence: int

        @property
        def control(self) -> FactsPanel:
            """The panel the fact was chosen in."""
            return self.panel

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._targets: dict[str, tuple[str, int]] = {}
        # A conflict has a sentence on each side, often in different passages: choosing it
        # again jumps to the other side's sentence.
        self._other: dict[str, tuple[str, int]] = {}
        self._last: tuple[str, str] | None = None

    def compose(self) -> ComposeResult:
        yield Static("Facts", classes="facts-title")
        yield OptionList(id="facts-list")

    def show_facts(self, comparison: Comparison) -> None:
        """List the facts of `comparison` (replacing any earlier list)."""
        heading = blended_style(self, "facts-panel--heading")
        kind_style = blended_style(self, "facts-panel--kind")
        conflict_style = blended_style(self, "facts-panel--conflict")
        options: list[Option | None] = []
        self._targets = {}
        self._other = {}
        self._last = None

        def head(label: str, count: int) -> None:
            if options:
                options.append(None)  # a separator line
            options.append(Option(Text.assemble((f"{label} ({count})", heading)), disabled=True))

        def fact_option(key: str, fact: Fact, side: str) -> None:
            self._targets[key] = (side, fact.sentence)
            # The kind in a column of its own: wrapped text stays indented under the fact, so
            # each entry reads as one block and the kinds line up down the list.
            prompt = Table.grid(padding=(0, 1))
            prompt.add_column(width=_KIND_WIDTH, no_wrap=True)
            prompt.add_column(ratio=1)
            prompt.add_row(
                Text(_KIND_LABELS.get(fact.kind, fact.kind), kind_style), _short(fact.text)
            )
            options.append(Option(prompt, id=key))

        outlet_a = sanitize(comparison.a.outlet, single_line=True)
        outlet_b = sanitize(comparison.b.outlet, single_line=True)
        head("Conflicts", len(comparison.conflicts))
        for number, conflict in enumerate(comparison.conflicts):
            key = f"conflict-{number}"
            self._targets[key] = ("a", conflict.a.sentence)
            self._other[key] = ("b", conflict.b.sentence)
            # Both figures with their sentences (they often stand in passages far apart), and
            # how the articles' dates compare: a rising toll is an update, not a contradiction.
            note = f" · {conflict.date_note}" if conflict.date_note else ""
            sides = Table.grid(padding=(0, 1))
            sides.add_column(width=2, no_wrap=True)
            sides.add_column(ratio=1)
            for label, fact, sentences in (
                ("A:", conflict.a, comparison.sentences_a),
                ("B:", conflict.b, comparison.sentences_b),
            ):
                sides.add_row(
                    label,
                    Text.assemble((_short(fact.text), conflict_style), _said(sentences, fact)),
                )
            prompt = Group(
                Text.assemble(
                    (_short(conflict.what) or conflict.a.kind, kind_style), (note, kind_style)
                ),
                Padding(sides, (0, 0, 0, 1)),
            )
            options.append(Option(prompt, id=key))
        # In reading order, so the list and the panes go the same way.
        rows_a: dict[int, int] = {}
        rows_b: dict[int, int] = {}
        for number, row in enumerate(comparison.rows):
            for index in row.a:
                rows_a.setdefault(index, number)
            for index in row.b:
                rows_b.setdefault(index, number)
        head(f"Only in A · {outlet_a}", len(comparison.only_a))
        for number, fact in enumerate(_in_reading_order(comparison.only_a, rows_a)):
            fact_option(f"a-{number}", fact, "a")
        head(f"Only in B · {outlet_b}", len(comparison.only_b))
        for number, fact in enumerate(_in_reading_order(comparison.only_b, rows_b)):
            fact_option(f"b-{number}", fact, "b")
        facts = self.query_one(OptionList)
        facts.clear_options()
        facts.add_options(options)
        first = next((n for n, o in enumerate(options) if o is not None and not o.disabled), None)
        facts.highlighted = first

    @on(OptionList.OptionSelected, "#facts-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        key = event.option.id or ""
        target = self._targets.get(key)
        if target is None:
            return
        if key in self._other and self._last == (key, target[0]):
            target = self._other[key]
        self._last = (key, target[0])
        self.post_message(self.FactChosen(self, target[0], target[1]))
