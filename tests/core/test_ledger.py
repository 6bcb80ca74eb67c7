"""The fact ledger: rows per fact, conflicts first, per-outlet values, Markdown and JSON."""

from __future__ import annotations

import dataclasses
import json
from datetime import timedelta
from pathlib import Path

import pytest

from tui.core.articles import load_library
from tui.core.groups import group_articles
from tui.core.ledger import Ledger, build_ledger, ledger_markdown, ledgers_to_dict, ledgers_to_json
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
    assert "5 articles in 2 groups (similarity ≥ 10%, or shared words within 7 days" in md
    # One group exported on its own (the reader's `e` on a group): its own count, in the singular.
    one = dataclasses.replace(grouping, groups=grouping.groups[:1])
    assert "3 articles in 1 group (" in ledger_markdown(one, ledgers[:1])
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


# --- no pairwise alignment: against the pairwise comparisons ---------------------------------


def _groups() -> list[tuple[Article, ...]]:
    bundled = _articles(bundled_articles_dir())
    two = _articles(FIXTURES / "two_stories")
    corpus = _articles(FIXTURES / "corpus")
    return [
        tuple(a for a in bundled if a.date and a.date.month == 10),
        two[:3],
        two[3:],
        corpus[1:],
    ]


@pytest.mark.parametrize("index", range(4))
def test_conflicts_are_those_of_the_pairwise_comparisons(index: int) -> None:
    from tui.core.compare import compare

    group = _groups()[index]
    ledger = build_ledger(group)
    pairwise: set[frozenset[tuple[int, str]]] = set()
    for i in range(len(group)):
        for j in range(i + 1, len(group)):
            for c in compare(group[i], group[j]).conflicts:
                pairwise.add(frozenset({(i, c.a.text), (j, c.b.text)}))
    rows = [
        {(k, cell.text) for k, cell in enumerate(row.cells) if cell.state == "stated"}
        for row in ledger.conflicts
    ]
    # Every conflict a comparison of two outlets shows is a conflict row of the ledger...
    for pair in pairwise:
        assert any(pair <= row for row in rows), pair
    # ... and every conflict row holds one of them.
    for row in rows:
        assert any(pair <= row for pair in pairwise), row


@pytest.mark.parametrize("index", range(4))
def test_same_ledger_as_the_pairwise_method_but_for_joined_rows(index: int) -> None:
    from tests.core.pairwise_reference import pairwise_ledger

    group = _groups()[index]
    new, old = build_ledger(group), pairwise_ledger(group)

    def stated(ledger: Ledger) -> set[tuple[int, str, int | None]]:
        return {
            (k, cell.text, cell.sentence)
            for row in ledger.rows
            for k, cell in enumerate(row.cells)
            if cell.state == "stated"
        }

    def rows(ledger: Ledger) -> list[frozenset[tuple[int, str]]]:
        return [
            frozenset((k, c.text) for k, c in enumerate(r.cells) if c.state == "stated")
            for r in ledger.rows
        ]

    # Every outlet's own wording of every fact, exactly as before.
    assert stated(new) == stated(old)
    # The same conflicts, with the same figures.
    assert sorted(map(sorted, rows(Ledger(new.articles, new.conflicts)))) == sorted(
        map(sorted, rows(Ledger(old.articles, old.conflicts)))
    )
    # A row either is one of the pairwise rows or joins several of them (reworded quotes).
    old_rows = rows(old)
    for row in rows(new):
        if row not in old_rows:
            parts = [r for r in old_rows if r <= row]
            assert len(parts) >= 2 and frozenset().union(*parts) == row, sorted(row)


# Where the pairwise ledger's "reported" was wrong: the comparison of October's Reuters (0)
# and CNBC Indonesia (2) left Reuters' "United States" out of its unique facts only because
# Reuters' earlier "U.S." was listed there already (one entity, listed once), and CNBC Indonesia
# states neither.
_PAIRWISE_WRONG = {0: {("United States", 2)}}


def _bare_relative_date(row_kind: str, label: str) -> bool:
    """`Monday`, `last week`: a date naming no calendar day, month or year.

    `compare` leaves such a date out of the unique facts when its sentence has no counterpart
    (the sentence's claim carries it), so the pairwise ledger counts every outlet as reporting
    it without any of them stating it; the ledger asks each outlet and is the one to trust.
    """
    from tui.core.facts.dates import find_dates

    if row_kind != "date":
        return False
    found = find_dates(label)
    return bool(found) and all(
        v.year is None and v.month is None and v.day is None for _, _, v in found
    )


@pytest.mark.parametrize("index", range(4))
def test_reported_in_other_words_as_the_pairwise_comparisons_say(index: int) -> None:
    from tests.core.pairwise_reference import pairwise_ledger

    group = _groups()[index]
    new, old = build_ledger(group), pairwise_ledger(group)
    lost: set[tuple[str, int]] = set()
    for row in old.rows:
        if _bare_relative_date(row.kind, row.label):
            continue
        stated = {(k, c.text) for k, c in enumerate(row.cells) if c.state == "stated"}
        mine = next(
            r
            for r in new.rows
            if stated <= {(k, c.text) for k, c in enumerate(r.cells) if c.state == "stated"}
        )
        # Every outlet the comparisons found reporting a fact (`Monday` for `October 16`,
        # `U.S.` for `United States`, `Egyptian` for `Egypt`) reports it in the ledger's row.
        lost |= {
            (row.label, k)
            for k, c in enumerate(row.cells)
            if c.present and not mine.cells[k].present
        }
    assert lost == _PAIRWISE_WRONG.get(index, set())


def test_names_and_dates_in_other_words_in_the_bundled_group() -> None:
    ledger = build_ledger(_groups()[0])
    outlets = [a.outlet for a in ledger.articles]

    def reported(label: str) -> set[str]:
        row = next(r for r in ledger.rows if r.label == label)
        return {outlets[k] for k, c in enumerate(row.cells) if c.state == "reported"}

    # Reuters' "October 16" is Fox News' and RT's "Monday" (16 October 2023 was one), and
    # Fox News' "Egyptian" and "Syrian" name Egypt and Syria.
    assert reported("October 16") == {"Fox News", "RT"}
    assert reported("Monday") == {"Reuters"}
    assert reported("Egypt") == reported("Syria") == {"Fox News"}


def test_reworded_quotes_share_one_row_where_the_pairs_showed_several() -> None:
    # The pairwise ledger kept "ending the Palestinian-Israeli confrontation and achieving ..."
    # (Reuters, RT) and "end the Palestinian-Israeli confrontation and achieve ..." (CNBC
    # Indonesia) apart, each marked "reported in other words" by the others. Joined by their
    # words, the ledger shows every outlet's own wording in one row.
    october = _groups()[0]
    ledger = build_ledger(october)
    rows = [r for r in ledger.rows if r.kind == "quote" and "confrontation" in r.label]
    assert len(rows) == 1
    wordings = {c.text for c in rows[0].cells if c.state == "stated"}
    assert any(w.startswith("ending the") for w in wordings)
    assert any(w.startswith("end the") for w in wordings)


def test_ledger_key_joins_a_figure_whatever_its_wording() -> None:
    from tui.core.ledger import ledger_key
    from tui.core.types import Fact

    plain = Fact("more than 1,300 Israelis", "number", 0, 0, 10, "num|1300|count|killed|more than")
    assert ledger_key(plain) == ("number", "count|killed", "1300")
    assert ledger_key(Fact("Putin", "person", 0, 0, 5, "putin")) == ("name", "", "putin")
    assert ledger_key(Fact("Oct. 7", "date", 0, 0, 6, "date||10|7|||")) == (
        "date",
        "",
        "date||10|7|||",
    )
    # Real frames differ with the wording around a figure (`burned` / `scorched`, `residents`
    # / `people`): one figure still makes one row, each outlet's wording in it.
    ledger = build_ledger(_fire())
    for wordings in (
        {"roughly 1,150 hectares", "some 1,150 hectares"},
        {"about 3,400 residents", "About 3,400 people"},
    ):
        rows = [r for r in ledger.rows if {c.text for c in r.cells} & wordings]
        assert len(rows) == 1 and {c.text for c in rows[0].cells} >= wordings
        assert not rows[0].conflict


_EVAL = Path(__file__).resolve().parents[2] / "eval"


def test_two_reports_of_one_quake_give_one_row_in_conflict() -> None:
    # VOA on 9 and 10 October 2005 (public domain): 20,000 then 30,000 killed. The 2013 China
    # quake (a distractor in the same folder) has its own toll in its own frame.
    from tui.core.ledger import ledger_key
    from tui.core.store import extract_article

    arts = _articles(_EVAL / "kashmirquake")
    first, second = arts[0], arts[1]
    china = next(a for a in arts if "distractor" in a.id)
    tolls = [
        next(
            f
            for f in extract_article(a).facts
            if f.kind == "number" and f.text.startswith(value) and f.frame is not None
        )
        for a, value in ((first, "20,000"), (second, "30,000"))
    ]
    assert {f.frame.measure for f in tolls if f.frame} == {"killed"}
    assert ledger_key(tolls[0])[:2] == ledger_key(tolls[1])[:2] == ("number", "count|killed")

    ledger = build_ledger([first, second, china])
    rows = [r for r in ledger.conflicts if {"20,000", "30,000"} <= {c.text for c in r.cells}]
    assert len(rows) == 1
    assert rows[0].what == "killed"
    # The other quake's figures are in no conflict row.
    assert all(not row.cells[2].present for row in ledger.conflicts)
    # Cut the second report to its toll sentence: the row holds both values still.
    sentence = next(s for s in second.text.split(". ") if "30,000" in s)
    short = Article("short", Path("short.md"), "VOA", second.title, "", (sentence + ".",))
    ledger = build_ledger([first, short])
    assert any({"20,000", "30,000"} <= {c.text for c in r.cells} for r in ledger.conflicts)


def test_ledger_export_of_a_real_event(tmp_path: Path) -> None:
    # eval/mall: the Westgate mall attack, five public-domain reports; outlets differ on the
    # toll (62 / 72 killed) and on the missing.
    arts = _articles(_EVAL / "mall")
    grouping = group_articles(arts, cache_dir=tmp_path, workers=1)
    ledgers = [build_ledger([arts[i] for i in g.members]) for g in grouping.groups]
    md = ledger_markdown(grouping, ledgers)
    data = json.loads(ledgers_to_json(grouping, ledgers))
    toll = [
        f
        for g in data["groups"]
        for f in g["facts"]
        if f["conflict"] and f["what"].endswith("killed")
    ]
    assert len(toll) == 1
    assert {v["text"] for v in toll[0]["values"].values()} >= {"62 people", "72"}
    assert all(v["state"] == "stated" for v in toll[0]["values"].values())
    missing = [f for g in data["groups"] for f in g["facts"] if f["conflict"] and f is not toll[0]]
    assert [f["what"] for f in missing] == ["missing"]  # not "missing missing"
    # The Markdown row of the same conflict shows each outlet's figure.
    line = next(line for line in md.splitlines() if "⚠" in line and "killed" in line)
    assert "62 people" in line and "| 72 |" in line


def test_group_ledger_is_kept_in_the_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tui.core.ledger as ledger_module
    from tui.core.ledger import group_ledger
    from tui.core.store import Store

    fire = _fire()
    with Store(tmp_path) as store:
        first = group_ledger(fire, store=store)

    def fail(*_: object, **__: object) -> None:
        raise AssertionError("rebuilt instead of read from the store")

    monkeypatch.setattr(ledger_module, "build_ledger", fail)
    with Store(tmp_path) as store:
        again = group_ledger(fire, store=store)
    assert again == first
    # Another set of articles is another ledger: built, not read.
    with Store(tmp_path) as store, pytest.raises(AssertionError):
        group_ledger(fire[:2], store=store)


def test_library_ledgers_match_build_ledger(tmp_path: Path) -> None:
    from tui.core.ledger import library_ledgers

    arts = _articles(FIXTURES / "two_stories")
    grouping = group_articles(arts, cache_dir=tmp_path, workers=1)
    seen: list[float] = []
    ledgers = library_ledgers(grouping, cache_dir=tmp_path, progress=seen.append)
    expected = [build_ledger([arts[i] for i in g.members]) for g in grouping.groups]
    assert ledgers == expected
    assert seen == sorted(seen) and seen[-1] == 1.0


def test_json_and_markdown_say_who_copied_whom(tmp_path: Path) -> None:
    arts = _articles(FIXTURES / "two_stories")
    grouping = group_articles(arts, cache_dir=tmp_path, workers=1)
    ledgers = [build_ledger([arts[i] for i in g.members]) for g in grouping.groups]
    data = ledgers_to_dict(grouping, ledgers)
    assert data["version"] == 2
    fire = data["groups"][0]
    prov = fire["provenance"]
    assert [p["article"] for p in prov] == [a["id"] for a in fire["articles"]]
    # Brindle Post and Kestrel News share the earliest day: no order is claimed between them.
    assert [(p["verdict"], p["order"]) for p in prov[:2]] == [("same-day", "unknown")] * 2
    assert {prov[0]["source"], prov[1]["source"]} == {prov[0]["article"], prov[1]["article"]}
    ids = {a["id"] for a in fire["articles"]}
    for p in prov:
        assert p["source"] in ids and 0 < p["share"] <= 1
    for p in prov[2:]:
        assert p["verdict"] in ("near-copy", "rewrite", "independent") and p["order"] == "date"
    # Only the outlets that report a fact are listed under it.
    for fact in fire["facts"]:
        assert all(v["state"] in ("stated", "reported") for v in fact["values"].values())
        assert len(fact["values"]) == fact["reporters"]
    md = ledger_markdown(grouping, ledgers)
    assert "### Who copied whom" in md and "same day | 90% | order unknown |" in md
    assert "first report" not in md


def test_a_repost_is_not_the_first_report_in_the_exports(tmp_path: Path) -> None:
    arts = _articles(bundled_articles_dir())
    grouping = group_articles(arts, cache_dir=tmp_path, workers=1)
    ledgers = [build_ledger([arts[i] for i in g.members]) for g in grouping.groups]
    october = ledgers_to_dict(grouping, ledgers)["groups"][0]
    via = {a["id"]: a["via"] for a in october["articles"]}
    assert via["2023-10-16-fox-news"] == "repost on another site" and via["2023-10-16-rt"] is None
    prov = {p["article"]: p for p in october["provenance"]}
    fox = prov["2023-10-16-fox-news"]
    assert fox["verdict"] != "first" and fox["order"] == "via" and fox["same_day"] is True
    assert fox["source"] in ("2023-10-16-reuters", "2023-10-16-rt")
    for wire in ("2023-10-16-reuters", "2023-10-16-rt"):
        assert prov[wire]["verdict"] == "same-day" and prov[wire]["source"] != "2023-10-16-fox-news"
    # Earliest first, the repost after the same-day articles without `via`.
    assert [p["article"] for p in october["provenance"]][2] == "2023-10-16-fox-news"
    rows = {
        line.split(" | ")[0].lstrip("| "): line
        for line in ledger_markdown(grouping, ledgers).splitlines()
        if line.startswith("| ") and "2023-10-1" in line and "%" in line
    }
    assert "same day, via |" in rows["Fox News"] and "first report" not in rows["Fox News"]
    assert rows["Reuters"].endswith(", same day | 53% | order unknown |")
    assert rows["RT"].endswith(", same day | 59% | order unknown |")


def test_a_large_group_lists_its_measured_pairs_only(tmp_path: Path) -> None:
    import tui.core.ledger as ledger_module

    arts = _articles(FIXTURES / "two_stories")
    grouping = group_articles(arts, cache_dir=tmp_path, workers=1)
    ledgers = [build_ledger([arts[i] for i in g.members]) for g in grouping.groups]
    full = ledgers_to_dict(grouping, ledgers)["groups"][0]["similarities"]
    assert len(full) == 3
    # As if the group were larger than the matrix: no nulls, the measured pairs only.
    original = ledger_module.MATRIX_FULL
    try:
        ledger_module.MATRIX_FULL = 2
        sparse = ledgers_to_dict(grouping, ledgers)["groups"][0]["similarities"]
        md = ledger_markdown(grouping, ledgers)
    finally:
        ledger_module.MATRIX_FULL = original
    assert sparse and all(s["similarity"] is not None for s in sparse)
    assert md.count("### Similarity") == 1  # the two-article group keeps its matrix


def test_a_repost_with_nothing_earlier_shows_its_via(tmp_path: Path) -> None:
    bundled = bundled_articles_dir()
    (tmp_path / "library").mkdir()
    for name in ("2023-10-16-fox-news.md", "2023-10-17-cnbc-indonesia.md"):
        text = (bundled / name).read_text(encoding="utf-8")
        (tmp_path / "library" / name).write_text(text, encoding="utf-8")
    arts = _articles(tmp_path / "library")
    grouping = group_articles(arts, cache_dir=tmp_path / "cache", workers=1)
    ledgers = [build_ledger([arts[i] for i in g.members]) for g in grouping.groups]
    prov = ledgers_to_dict(grouping, ledgers)["groups"][0]["provenance"]
    assert [(p["article"], p["verdict"], p["source"]) for p in prov] == [
        ("2023-10-16-fox-news", "carried", None),
        ("2023-10-17-cnbc-indonesia", prov[1]["verdict"], "2023-10-16-fox-news"),
    ]
    md = ledger_markdown(grouping, ledgers)
    assert "| Fox News | 2023-10-16 | via: repost on another site |  | earliest here |" in md
    assert "first report" not in md


def test_large_library_json_is_one_line_per_group(tmp_path: Path) -> None:
    import tui.core.ledger as ledger_module

    arts = _articles(FIXTURES / "two_stories")
    grouping = group_articles(arts, cache_dir=tmp_path, workers=1)
    ledgers = [build_ledger([arts[i] for i in g.members]) for g in grouping.groups]
    indented = ledgers_to_json(grouping, ledgers)
    original = ledger_module._INDENT_MAX_ARTICLES
    try:
        ledger_module._INDENT_MAX_ARTICLES = 2
        compact = ledgers_to_json(grouping, ledgers)
    finally:
        ledger_module._INDENT_MAX_ARTICLES = original
    assert json.loads(compact) == json.loads(indented)
    assert compact.count("\n") == len(grouping.groups) + 2


def test_a_source_of_the_same_day_is_flagged(tmp_path: Path) -> None:
    from tui.core.ledger import same_day

    arts = _articles(FIXTURES / "two_stories")
    grouping = group_articles(arts, cache_dir=tmp_path, workers=1)
    ledgers = [build_ledger([arts[i] for i in g.members]) for g in grouping.groups]
    prov = {
        p["article"]: p
        for g in ledgers_to_dict(grouping, ledgers)["groups"]
        for p in g["provenance"]
    }
    dates = {a.id: a.date for a in arts}
    for article, p in prov.items():
        expected = p["source"] is not None and dates[p["source"]] == dates[article]
        assert p["same_day"] is expected
    # Kestrel News and Brindle Post are both dated 2025-06-03: the order is the library's.
    kestrel = prov["2025-06-03-kestrel-news"]
    assert kestrel["source"] == "2025-06-03-brindle-post" and kestrel["same_day"] is True
    assert prov["2025-06-04-valley-wire"]["same_day"] is False
    assert all(
        same_day(grouping, p) is prov[arts[p.article].id]["same_day"]
        for p in grouping.provenance.values()
    )
    assert ", same day" in ledger_markdown(grouping, ledgers)


def test_answers_in_other_words_are_kept_per_article(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tui.core.ledger as ledger_module
    from tui.core.store import Store
    from tui.core.types import Fact

    october = _groups()[0]
    asked: list[int] = []
    real = ledger_module._Matchers._matcher

    def counting(self: ledger_module._Matchers, j: int):  # type: ignore[no-untyped-def]
        test = real(self, j)

        def asking(fact: Fact) -> bool:
            asked.append(j)
            return test(fact)

        return asking

    monkeypatch.setattr(ledger_module._Matchers, "_matcher", counting)
    with Store(tmp_path) as store:
        first = build_ledger(october[:3], store=store)
        assert asked
        # The same articles again: every answer read back, none worked out.
        asked.clear()
        assert build_ledger(october[:3], store=store) == first
        assert asked == []
        # One more article: it is asked about the others' facts, the others only about its
        # facts (a fraction of the questions asked from scratch), with the same answers.
        full = build_ledger(october, store=store)
    again = list(asked)
    asked.clear()
    assert full == build_ledger(october)
    assert (
        3 in again and 0 < len([j for j in again if j != 3]) < len([j for j in asked if j != 3]) / 2
    )


def test_a_large_ledger_reports_progress_and_stops_on_cancel_between_rows() -> None:
    import threading

    from tui.core.align import Cancelled

    october = _groups()[0]
    seen: list[float] = []
    build_ledger(october, progress=seen.append)
    rows = len(build_ledger(october).rows)
    assert seen == sorted(seen) and seen[-1] == 1.0
    # The rows (most of the work in a large group) report every few rows, not every 200.
    assert len([x for x in seen if 0.5 < x < 1.0]) >= rows // 20
    cancel = threading.Event()
    after: list[float] = []

    def stop_at_the_rows(x: float) -> None:
        if cancel.is_set():
            after.append(x)
        elif x > 0.5:
            cancel.set()

    with pytest.raises(Cancelled):
        build_ledger(october, cancel=cancel, progress=stop_at_the_rows)
    assert after == []


def test_a_figure_without_its_casualty_word_joins_the_same_figure_with_it() -> None:
    # A rewrite dropped "has killed": its 2,750 has no family, Reuters' has `killed`. One row,
    # in conflict with RT's 2,800, not two.
    october = _groups()[0]
    reuters = next(a for a in october if a.outlet == "Reuters")
    rt = next(a for a in october if a.outlet == "RT")
    said = "Gaza authorities say has killed at least 2,750 people"
    assert said in reuters.text
    paragraphs = tuple(
        p.replace(said, "Gaza authorities count at least 2,750 people") for p in reuters.paragraphs
    )
    rewrite = Article("rewrite", Path("rewrite.md"), "Rewrite", reuters.title, "", paragraphs)
    ledger = build_ledger([reuters, rewrite, rt])
    rows = [r for r in ledger.rows if any("2,750" in c.text for c in r.cells)]
    assert len(rows) == 1 and rows[0].conflict
    assert [c.state for c in rows[0].cells] == ["stated", "stated", "stated"]


def test_a_stored_ledger_reads_back_whole_and_a_damaged_one_is_rebuilt() -> None:
    from tui.core.ledger import _from_saved, _to_saved

    october = _groups()[0]
    ledger = build_ledger(october)
    assert any(c.state == "reported" for r in ledger.rows for c in r.cells)
    saved = json.loads(json.dumps(_to_saved(ledger)))
    assert _from_saved(ledger.articles, saved) == ledger
    # An outlet index out of range, or a row of another shape: not a ledger.
    saved[0][7] = [len(october)]
    assert _from_saved(ledger.articles, saved) is None
    assert _from_saved(ledger.articles, [["number", "x"]]) is None


def test_articles_of_one_outlet_are_told_apart_in_the_export_headers(tmp_path: Path) -> None:
    # The fire story told three times by one outlet on three days (as eval/mall's VOA reports).
    fire = _fire()
    days = sorted({a.date for a in fire if a.date is not None})
    base = days[0]
    arts = [
        dataclasses.replace(a, outlet="Voice of America (VOA News)", date=base + timedelta(n))
        for n, a in enumerate(fire)
    ]
    grouping = group_articles(arts, cache_dir=tmp_path, workers=1)
    assert [len(g.members) for g in grouping.groups] == [3]
    ledgers = [build_ledger([grouping.articles[i] for i in g.members]) for g in grouping.groups]
    md = ledger_markdown(grouping, ledgers)
    labels = [
        f"Voice of America (VOA News) · {(base + timedelta(n)):%b} {(base + timedelta(n)).day}"
        for n in range(3)
    ]
    facts_header = next(line for line in md.splitlines() if line.startswith("| Fact | Kind |"))
    assert facts_header == "| Fact | Kind | " + " | ".join(labels) + " |"
    matrix_header = next(line for line in md.splitlines() if line.startswith("|  | "))
    assert matrix_header == "|  | " + " | ".join(labels) + " |"
    data = ledgers_to_dict(grouping, ledgers)
    assert [a["label"] for a in data["groups"][0]["articles"]] == labels
    assert [a["outlet"] for a in data["groups"][0]["articles"]] == [arts[0].outlet] * 3
