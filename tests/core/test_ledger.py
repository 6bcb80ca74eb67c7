"""The fact ledger: rows per fact, conflicts first, per-outlet values, Markdown and JSON."""

from __future__ import annotations

import json
from pathlib import Path

from tui.core.articles import load_library
from tui.core.groups import group_articles
from tui.core.ledger import build_ledger, ledger_markdown, ledgers_to_dict, ledgers_to_json
from tui.core.types import Article
from tui.paths import bundled_articles_dir

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _articles(folder: Path) -> tuple[Article, ...]:
    return load_library([folder]).articles


def _fire() -> tuple[Article, ...]:
    return tuple(a for a in _articles(FIXTURES / "two_stories") if "Orchard" in a.text)


def test_gaza_death_toll_conflict_in_the_bundled_library() -> None:
    october = [a for a in _articles(bundled_articles_dir()) if a.date and a.date.month == 10]
    ledger = build_ledger(october)
    outlets = [a.outlet for a in ledger.articles]
    toll = [r for r in ledger.conflicts if "Palestinian" in r.what]
    assert len(toll) == 1
    row = toll[0]
    values = {outlets[k]: c.text for k, c in enumerate(row.cells) if c.state == "stated"}
    assert "2,750" in values["Reuters"] and "2,800" in values["RT"]
    # Conflicts lead the ledger, and the row opens the comparison of the two disagreeing outlets.
    assert ledger.rows[0].conflict
    assert {outlets[row.pair[0]], outlets[row.pair[1]]} == {"Reuters", "RT"}
    assert row.sentence == ledger.rows[0].cells[row.pair[0]].sentence


def test_invented_conflicting_figure() -> None:
    ledger = build_ledger(_fire())
    assert len(ledger.conflicts) == 1
    row = ledger.conflicts[0]
    texts = sorted(c.text for c in row.cells if c.state == "stated")
    assert texts == ["180 firefighters", "220 firefighters", "220 firefighters"]
    assert "firefighters" in row.what


def test_rows_are_sorted_conflicts_then_single_outlet_then_by_reach() -> None:
    ledger = build_ledger(_fire())
    ranks = [0 if r.conflict else 1 if r.reporters == 1 else 2 for r in ledger.rows]
    assert ranks == sorted(ranks)
    rest = [r.reporters for r in ledger.rows if not r.conflict]
    assert rest == sorted(rest)
    assert any(r.reporters == 1 for r in ledger.rows)
    assert any(r.reporters == len(ledger.articles) for r in ledger.rows)


def test_one_row_per_fact_and_a_cell_per_outlet() -> None:
    ledger = build_ledger(_fire())
    assert all(len(r.cells) == len(ledger.articles) for r in ledger.rows)
    labels = [(r.kind, r.label) for r in ledger.rows]
    assert len(labels) == len(set(labels))
    # A name shared by all outlets is one row, stated everywhere.
    ellery = [r for r in ledger.rows if r.label == "Tomas Ellery"]
    assert len(ellery) == 1 and ellery[0].reporters == 3
    # A single-outlet fact opens a comparison with an outlet that lacks it.
    single = next(r for r in ledger.rows if r.reporters == 1)
    assert single.cells[single.pair[0]].present and not single.cells[single.pair[1]].present


def test_single_article_ledger_lists_its_facts() -> None:
    ledger = build_ledger(_fire()[:1])
    assert ledger.rows and all(r.reporters == 1 for r in ledger.rows)


def test_markdown_and_json_of_groups(tmp_path: Path) -> None:
    arts = _articles(FIXTURES / "two_stories")
    grouping = group_articles(arts, cache_dir=tmp_path, workers=1)
    ledgers = [build_ledger([arts[i] for i in g.members]) for g in grouping.groups]
    md = ledger_markdown(grouping, ledgers)
    assert md.count("\n## Group ") == 2 and "### Similarity" in md
    assert "180 firefighters" in md and "⚠" in md
    data = ledgers_to_dict(grouping, ledgers)
    assert [len(g["articles"]) for g in data["groups"]] == [3, 2]
    fire = data["groups"][0]
    assert len(fire["similarities"]) == 3
    assert all(0 < s["similarity"] <= 1 for s in fire["similarities"])
    conflict = next(f for f in fire["facts"] if f["conflict"])
    assert {v["text"] for v in conflict["values"].values()} == {
        "220 firefighters",
        "180 firefighters",
    }
    assert json.loads(ledgers_to_json(grouping, ledgers)) == data


def test_hostile_article_text_is_escaped(tmp_path: Path) -> None:
    base = _fire()
    hostile = Article(
        "hostile",
        Path("hostile.md"),
        "Evil | Outlet <script>",
        "# not a heading\x1b[31m",
        base[0].headline,
        (*base[0].paragraphs, 'The mayor said "drop | tables <b>now</b>" on Friday.\x9b'),
    )
    grouping = group_articles([hostile, *base[1:]], cache_dir=tmp_path, workers=1)
    ledgers = [build_ledger([grouping.articles[i] for i in g.members]) for g in grouping.groups]
    md = ledger_markdown(grouping, ledgers)
    assert "\x1b" not in md and "\x9b" not in md
    assert "<script>" not in md and "<b>" not in md
    assert "Evil \\| Outlet" in md
    out = ledgers_to_json(grouping, ledgers)
    assert "\x9b" not in out and "\x1b" not in out
