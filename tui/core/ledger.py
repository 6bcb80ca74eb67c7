"""The fact ledger of a story group: every fact its articles state, one row each.

Each row has a cell per article: the outlet's own wording when it states the fact, `reported`
when it states it in other words (the engine's fact matching says it is not unique to the
other outlet), or nothing. A row is a conflict when outlets give different figures for it
(`Conflict` of the engine); conflicts come first, then facts only one outlet reports.

Facts are matched with the engine's own pairwise comparison (`tui.core.compare.compare`) of every
pair in the group, so the ledger agrees with what the comparison screen shows for each pair.
The same fact in several articles shares a row by its normalised value (names, dates, quotes,
figures with their unit and what they count); the engine's conflicts join the differing figures
into one row.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from tui.core.align import Cancelled
from tui.core.compare import compare
from tui.core.export import escape_markdown
from tui.core.groups import Grouping
from tui.core.types import Article, Comparison, Fact

__all__ = [
    "Ledger",
    "LedgerCell",
    "LedgerRow",
    "build_ledger",
    "ledger_markdown",
    "ledgers_to_dict",
    "ledgers_to_json",
]

_NAME_KINDS = frozenset({"person", "org", "place", "name"})
_JSON_VERSION = 1

Key = tuple[str, str]
State = Literal["stated", "reported", "missing"]


@dataclass(frozen=True, slots=True)
class LedgerCell:
    """What one outlet says about a row's fact.

    `stated`: the outlet has this fact (its wording in `text`, at `sentence` of its article);
    `reported`: the engine matched the fact in this outlet in other words (no wording to show);
    `missing`: the outlet does not report it.
    """

    state: State
    text: str = ""
    sentence: int | None = None

    @property
    def present(self) -> bool:
        """True when the outlet reports the fact in any wording."""
        return self.state != "missing"


@dataclass(frozen=True, slots=True)
class LedgerRow:
    """One fact across the articles of a group.

    `cells` follow `Ledger.articles`. `what` names what a conflicting figure counts. `pair`
    is the two articles (indices) whose comparison shows the fact, `sentence` its sentence in
    `pair[0]`.
    """

    kind: str
    label: str
    cells: tuple[LedgerCell, ...]
    conflict: bool = False
    what: str = ""
    pair: tuple[int, int] = (0, 0)
    sentence: int = 0

    @property
    def reporters(self) -> int:
        """How many outlets report the fact."""
        return sum(1 for cell in self.cells if cell.present)


@dataclass(frozen=True, slots=True)
class Ledger:
    """Every fact of a group's articles, conflicts first, then single-outlet facts."""

    articles: tuple[Article, ...]
    rows: tuple[LedgerRow, ...]

    @property
    def conflicts(self) -> tuple[LedgerRow, ...]:
        """The rows where outlets give different figures."""
        return tuple(row for row in self.rows if row.conflict)


def _fact_key(fact: Fact) -> Key:
    if fact.kind in _NAME_KINDS:
        return ("name", fact.value)
    if fact.kind == "number":
        # `num|1300|count|killed|more than`: the qualifier is wording, not a different figure.
        parts = fact.value.split("|")
        return ("number", "|".join(parts[1:4]) if len(parts) >= 4 else fact.value)
    return (fact.kind, fact.value)


def _name_aliases(keys: set[Key]) -> dict[Key, Key]:
    """`Putin` -> `Vladimir Putin` when exactly one longer name of the group ends that way."""
    full = [k for k in keys if k[0] == "name" and " " in k[1]]
    aliases: dict[Key, Key] = {}
    for key in keys:
        if key[0] != "name" or " " in key[1]:
            continue
        owners = [k for k in full if k[1].rsplit(" ", 1)[-1] == key[1]]
        if len(owners) == 1:
            aliases[key] = owners[0]
    return aliases


class _Classes:
    """Union-find over fact keys: a conflict joins two figures into one row."""

    def __init__(self) -> None:
        self.parent: dict[Key, Key] = {}

    def find(self, key: Key) -> Key:
        self.parent.setdefault(key, key)
        while self.parent[key] != key:
            self.parent[key] = self.parent[self.parent[key]]
            key = self.parent[key]
        return key

    def join(self, a: Key, b: Key) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _check(cancel: threading.Event | None) -> None:
    if cancel is not None and cancel.is_set():
        raise Cancelled


def build_ledger(
    articles: Sequence[Article],
    *,
    comparer: Callable[[Article, Article], Comparison] = compare,
    cancel: threading.Event | None = None,
    progress: Callable[[float], None] | None = None,
) -> Ledger:
    """The fact ledger of a group of articles reporting one story.

    Args:
        articles: The group's articles, in the order the columns should follow.
        comparer: The engine (`compare`); every pair of articles is compared once.
        cancel: When set, stops with `Cancelled` between pairs.
        progress: Called with a fraction in [0, 1] after each pair.

    Returns:
        The ledger: conflicts first, then facts only one outlet reports, then facts reported by
        few outlets before facts reported by many; ties in reading order.

    Raises:
        Cancelled: `cancel` was set before the work finished.
    """
    arts = tuple(articles)
    n = len(arts)
    pairs = [(i, k) for i in range(n) for k in range(i + 1, n)]
    comps: dict[tuple[int, int], Comparison] = {}
    facts: list[tuple[Fact, ...]] = [()] * n
    for done, (i, k) in enumerate(pairs, start=1):
        _check(cancel)
        cmp = comparer(arts[i], arts[k])
        comps[(i, k)] = cmp
        facts[i], facts[k] = cmp.facts_a, cmp.facts_b
        if progress is not None:
            progress(done / len(pairs))
    if n == 1:
        from tui.core.facts import extract_facts
        from tui.core.sentences import split_sentences

        facts[0] = extract_facts(arts[0].text, split_sentences(arts[0].text))
    _check(cancel)

    aliases = _name_aliases({_fact_key(f) for fs in facts for f in fs})

    def key(fact: Fact) -> Key:
        k = _fact_key(fact)
        return aliases.get(k, k)

    # Each article's facts by key: the first mention stands for the repeats.
    first: list[dict[Key, Fact]] = []
    for fs in facts:
        by_key: dict[Key, Fact] = {}
        for f in fs:
            if len(f.text.strip()) >= 2:
                by_key.setdefault(key(f), f)
        first.append(by_key)

    classes = _Classes()
    for by_key in first:
        for fact_key in by_key:
            classes.find(fact_key)
    # unique[(i, k)]: keys of article i's facts that article k does not state.
    unique: dict[tuple[int, int], set[Key]] = {}
    conflicts: dict[Key, list[tuple[int, int, str]]] = {}
    for (i, j), cmp in comps.items():
        unique[(i, j)] = {key(f) for f in cmp.only_a}
        unique[(j, i)] = {key(f) for f in cmp.only_b}
        for c in cmp.conflicts:
            classes.join(key(c.a), key(c.b))
            conflicts.setdefault(key(c.a), []).append((i, j, c.what))

    members: dict[Key, list[tuple[int, Key]]] = {}
    for i, by_key in enumerate(first):
        for fact_key in by_key:
            members.setdefault(classes.find(fact_key), []).append((i, fact_key))

    rows: list[tuple[tuple[Any, ...], LedgerRow]] = []
    for root, nodes in members.items():
        row = _row(root, nodes, first, unique, conflicts, n)
        anchor = first[nodes[0][0]][nodes[0][1]]
        order = (
            0 if row.conflict else 1 if row.reporters == 1 else 2,
            row.reporters,
            nodes[0][0],
            anchor.start,
        )
        rows.append((order, row))
    rows.sort(key=lambda item: item[0])
    return Ledger(arts, tuple(row for _, row in rows))


def _row(
    root: Key,
    nodes: list[tuple[int, Key]],
    first: list[dict[Key, Fact]],
    unique: dict[tuple[int, int], set[Key]],
    conflicts: dict[Key, list[tuple[int, int, str]]],
    n: int,
) -> LedgerRow:
    by_article: dict[int, Fact] = {}
    keys_of: dict[int, Key] = {}
    for i, k in nodes:
        if i not in by_article:
            by_article[i] = first[i][k]
            keys_of[i] = k
    anchor_i = nodes[0][0]
    anchor = by_article[anchor_i]
    values = {k for _, k in nodes}
    conflict = len(values) > 1 and any(k in conflicts for k in values)
    cells: list[LedgerCell] = []
    for j in range(n):
        fact = by_article.get(j)
        if fact is not None:
            cells.append(LedgerCell("stated", fact.text, fact.sentence))
            continue
        # No fact of its own here: does the engine find any holder's fact stated in j?
        stated = any(keys_of[i] not in unique.get((i, j), set()) for i in by_article)
        cells.append(LedgerCell("reported" if stated else "missing"))
    what = ""
    pair = (anchor_i, anchor_i)
    if conflict:
        for k in values:
            for i, j, label in conflicts.get(k, []):
                what = what or label
                if pair[0] == pair[1]:
                    pair = (i, j)
    if pair[0] == pair[1]:
        # Open a comparison with an outlet that lacks the fact (or else any other one).
        others = [j for j in range(n) if j != anchor_i]
        lacking = [j for j in others if not cells[j].present]
        if others:
            pair = (anchor_i, (lacking or others)[0])
    sentence = by_article[pair[0]].sentence if pair[0] in by_article else anchor.sentence
    return LedgerRow(
        kind=anchor.kind,
        label=anchor.text,
        cells=tuple(cells),
        conflict=conflict,
        what=what,
        pair=pair,
        sentence=sentence,
    )


# --- output ---------------------------------------------------------------------------------


def _cell_text(cell: LedgerCell, conflict: bool) -> str:
    """A figure in conflict shows each outlet's value; otherwise presence is enough."""
    if cell.state == "stated":
        return cell.text if conflict else "✓"
    return "≈" if cell.state == "reported" else ""


def ledgers_to_dict(grouping: Grouping, ledgers: Sequence[Ledger]) -> dict[str, Any]:
    """The groups and their ledgers as plain data (`sidebyside ledger --format json`).

    Args:
        grouping: The story groups.
        ledgers: One ledger per group of `grouping.groups`, in the same order.

    Returns:
        `{"version", "engine", "threshold", "linkage", "groups": [...]}`; each group holds its
        `articles` (ids, outlets, titles), `similarities` (every pair; `null` for a pair the
        prefilter skipped), `nearest` (the closest article outside it) and `facts`, one per
        ledger row with a `values` entry per article id.
    """
    arts = grouping.articles
    groups: list[dict[str, Any]] = []
    for group, ledger in zip(grouping.groups, ledgers, strict=True):
        ids = [arts[i].id for i in group.members]
        sims = [
            {"a": arts[i].id, "b": arts[j].id, "similarity": grouping.similarity(i, j)}
            for x, i in enumerate(group.members)
            for j in group.members[x + 1 :]
        ]
        nearest = None
        if group.nearest is not None:
            inside, outside, value = group.nearest
            nearest = {"article": arts[inside].id, "outside": arts[outside].id, "similarity": value}
        groups.append(
            {
                "articles": [
                    {"id": arts[i].id, "outlet": arts[i].outlet, "title": arts[i].title}
                    for i in group.members
                ],
                "similarities": sims,
                "nearest": nearest,
                "facts": [
                    {
                        "kind": row.kind,
                        "fact": row.label,
                        "conflict": row.conflict,
                        "what": row.what,
                        "reporters": row.reporters,
                        "values": {
                            article_id: {"state": cell.state, "text": cell.text}
                            for article_id, cell in zip(ids, row.cells, strict=True)
                        },
                    }
                    for row in ledger.rows
                ],
            }
        )
    return {
        "version": _JSON_VERSION,
        "engine": grouping.engine,
        "threshold": grouping.threshold,
        "linkage": grouping.linkage,
        "groups": groups,
    }


def ledgers_to_json(grouping: Grouping, ledgers: Sequence[Ledger]) -> str:
    """`ledgers_to_dict` as indented JSON; C1 controls and line separators escaped too."""
    out = json.dumps(ledgers_to_dict(grouping, ledgers), ensure_ascii=False, indent=1)
    return (
        "".join(
            f"\\u{ord(ch):04x}" if 0x7F <= ord(ch) <= 0x9F or ch in "\u2028\u2029" else ch
            for ch in out
        )
        + "\n"
    )


def _md_row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _md_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    return [_md_row(header), "|" + "|".join("---" for _ in header) + "|", *map(_md_row, rows)]


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{round(value * 100)}%"


def ledger_markdown(grouping: Grouping, ledgers: Sequence[Ledger]) -> str:
    """The story groups and their fact ledgers as a GitHub-flavoured Markdown document.

    Article text is escaped as in the comparison export (`escape_markdown`). Per group: its
    articles, the similarity matrix, why it stands apart (the closest outside article) and the
    ledger table, conflicts flagged with ⚠.

    Args:
        grouping: The story groups.
        ledgers: One ledger per group, in the order of `grouping.groups`.

    Returns:
        The document, ending in a newline.
    """
    arts = grouping.articles
    lines = [
        "# Story groups and fact ledger",
        "",
        f"{len(arts)} articles in {len(grouping.groups)} groups (average similarity within a "
        f"group at least {_percent(grouping.threshold)}, {grouping.linkage} linkage).",
    ]
    for number, (group, ledger) in enumerate(zip(grouping.groups, ledgers, strict=True), 1):
        outlets = [escape_markdown(arts[i].outlet or arts[i].id) for i in group.members]
        lead = arts[group.members[0]]
        lines += ["", f"## Group {number}: {escape_markdown(lead.title or lead.headline)}", ""]
        lines += _md_table(
            ["Outlet", "Title", "Date", "Id"],
            [
                [
                    escape_markdown(arts[i].outlet),
                    escape_markdown(arts[i].title),
                    escape_markdown(arts[i].date_label),
                    escape_markdown(arts[i].id),
                ]
                for i in group.members
            ],
        )
        if group.nearest is not None:
            inside, outside, value = group.nearest
            lines += [
                "",
                f"Apart from the other groups: the closest outside article is "
                f"{escape_markdown(arts[outside].outlet)} ({escape_markdown(arts[outside].id)}), "
                f"{_percent(value)} similar to {escape_markdown(arts[inside].outlet)}.",
            ]
        if len(group.members) > 1:
            lines += ["", "### Similarity", ""]
            lines += _md_table(
                ["", *outlets],
                [
                    [outlets[x], *(_percent(grouping.similarity(i, j)) for j in group.members)]
                    for x, i in enumerate(group.members)
                ],
            )
        lines += ["", "### Facts", ""]
        if not ledger.rows:
            lines.append("None.")
            continue
        lines.append(
            "⚠: the outlets give different figures (each value shown). ✓: reported. "
            "≈: reported in other words. Empty: not reported."
        )
        lines.append("")
        lines += _md_table(
            ["Fact", "Kind", *outlets],
            [
                [
                    escape_markdown(row.label)
                    + (f" ⚠ {escape_markdown(row.what)}" if row.conflict else ""),
                    row.kind,
                    *(escape_markdown(_cell_text(cell, row.conflict)) for cell in row.cells),
                ]
                for row in ledger.rows
            ],
        )
    return "\n".join(lines) + "\n"
