"""Story groups: engine similarity, neighbour index, clustering, the store, cancel, progress,
agreement with the pairwise method, incremental adds and who copied whom."""

from __future__ import annotations

import dataclasses
import sqlite3
import threading
from datetime import date
from pathlib import Path

import pytest

from tui.core.articles import load_article, load_library
from tui.core.compare import compare
from tui.core.groups import (
    CACHE_ENV,
    DEFAULT_THRESHOLD,
    NEIGHBOURS,
    Cancelled,
    _cluster,
    content_hash,
    engine_similarity,
    engine_version,
    group_articles,
    prefilter_scores,
    resolve_cache_dir,
)
from tui.core.store import STORE_FILE, Store
from tui.core.types import Article
from tui.paths import bundled_articles_dir

from .pairwise_reference import pairwise_groups

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _articles(folder: Path) -> tuple[Article, ...]:
    return load_library([folder]).articles


def _ids(grouping_articles: tuple[Article, ...], members: tuple[int, ...]) -> set[str]:
    return {grouping_articles[i].id for i in members}


def test_engine_similarity_equals_the_comparison_summary() -> None:
    a, b, *_ = _articles(FIXTURES / "two_stories")
    assert engine_similarity(a, b) == compare(a, b).summary.similarity


def test_bundled_library_sets_the_december_call_apart(tmp_path: Path) -> None:
    grouping = group_articles(_articles(bundled_articles_dir()), cache_dir=tmp_path, workers=1)
    arts = grouping.articles
    sets = [_ids(arts, g.members) for g in grouping.groups]
    october = {a.id for a in arts if a.date is not None and a.date.month == 10}
    december = {a.id for a in arts if a.date is not None and a.date.month == 12}
    assert len(october) == 4 and len(december) == 1
    assert sorted(sets, key=len) == [december, october]
    # The reason is a measured, low figure: below the threshold, from the engine.
    apart = next(g for g in grouping.groups if _ids(arts, g.members) == december)
    assert apart.nearest is not None
    member, outside, value = apart.nearest
    assert value < DEFAULT_THRESHOLD
    assert grouping.similarity(member, outside) == value


def test_unrelated_stories_are_grouped_apart(tmp_path: Path) -> None:
    grouping = group_articles(_articles(FIXTURES / "two_stories"), cache_dir=tmp_path, workers=1)
    arts = grouping.articles
    sets = sorted((_ids(arts, g.members) for g in grouping.groups), key=len)
    assert sets == [
        {"2025-09-18-harlow-courier", "2025-09-18-north-shore-journal"},
        {"2025-06-03-brindle-post", "2025-06-03-kestrel-news", "2025-06-04-valley-wire"},
    ]
    # Every pair inside a group has a figure for the matrix, above the threshold here.
    for group in grouping.groups:
        for x, i in enumerate(group.members):
            for j in group.members[x + 1 :]:
                value = grouping.similarity(i, j)
                assert value is not None and value >= DEFAULT_THRESHOLD


def test_several_stories_in_one_folder(tmp_path: Path) -> None:
    # Three stories: the two invented ones plus the ferry story of the fixture corpus.
    arts = (*_articles(FIXTURES / "two_stories"), *_articles(FIXTURES / "corpus"))
    grouping = group_articles(arts, cache_dir=tmp_path, workers=1)
    sizes = sorted(len(g) for g in grouping.groups)
    # Wildfire (3), ferry (3), tram (2), and the corpus's unrelated article alone (1).
    assert sizes == [1, 2, 3, 3]
    assert sum(sizes) == len(arts)


def test_prefilter_separates_unrelated_stories() -> None:
    arts = _articles(FIXTURES / "two_stories")
    scores = prefilter_scores(arts)
    fire = {i for i, a in enumerate(arts) if "orchard" in a.text.lower()}
    for i in range(len(arts)):
        for j in range(i + 1, len(arts)):
            same = (i in fire) == (j in fire)
            value = scores.get((i, j), 0.0)
            assert (value > 0.3) if same else (value < 0.1)


def test_single_linkage_chains_what_average_keeps_apart() -> None:
    # A chain: 0-1 and 1-2 similar, 0-2 measured unrelated. Single linkage joins all three;
    # average linkage leaves 2 apart (its mean similarity to {0, 1} is 0.25).
    sims = {(0, 1): 0.5, (1, 2): 0.5, (0, 2): 0.0}
    assert _cluster(3, sims, 0.3, "single") == [[0, 1, 2]]
    assert _cluster(3, sims, 0.3, "average") == [[0, 1], [2]]
    # Nothing merges without a measured pair at or above the threshold.
    assert _cluster(3, {}, 0.1, "average") == [[0], [1], [2]]
    assert _cluster(3, {(0, 1): 0.05}, 0.1, "average") == [[0], [1], [2]]


def test_unmeasured_pairs_do_not_dilute_the_mean() -> None:
    # {0, 1} and {2, 3}: one measured cross pair, 0.4; the other three never measured. The mean
    # of what was measured decides (0.4), not 0.4 / 4 as if the rest were unrelated.
    sims = {(0, 1): 0.9, (2, 3): 0.9, (1, 2): 0.4}
    assert _cluster(4, sims, 0.2, "average") == [[0, 1, 2, 3]]
    # A measured 0 does count.
    assert _cluster(4, {**sims, (0, 3): 0.0, (0, 2): 0.0}, 0.2, "average") == [[0, 1], [2, 3]]


def test_store_makes_the_second_run_compute_nothing(tmp_path: Path) -> None:
    arts = _articles(FIXTURES / "two_stories")
    first = group_articles(arts, cache_dir=tmp_path, workers=1)
    assert first.computed > 0 and first.extracted == len(arts)
    assert (tmp_path / STORE_FILE).is_file()
    second = group_articles(arts, cache_dir=tmp_path, workers=1)
    assert second.computed == 0 and second.extracted == 0
    assert second.groups == first.groups
    assert dict(second.similarities) == dict(first.similarities)
    assert dict(second.provenance) == dict(first.provenance)


def test_store_is_keyed_by_content_and_engine(tmp_path: Path) -> None:
    arts = list(_articles(FIXTURES / "two_stories"))
    group_articles(arts, cache_dir=tmp_path, workers=1)
    # Same text under another id and path: nothing aligned again. Changed text: its pairs are.
    moved = Article("renamed", Path("elsewhere.md"), "X", "t", arts[0].headline, arts[0].paragraphs)
    again = group_articles([moved, *arts[1:]], cache_dir=tmp_path, workers=1)
    assert again.computed == 0 and again.extracted == 0
    edited = Article("e", Path("e.md"), "X", "t", arts[0].headline, (*arts[0].paragraphs, "New."))
    changed = group_articles([edited, *arts[1:]], cache_dir=tmp_path, workers=1)
    assert changed.computed > 0 and changed.extracted == 1
    # Another engine version sees none of the stored figures (the store is emptied for it).
    ha, hb = content_hash(arts[1]), content_hash(arts[2])
    with Store(tmp_path) as store:
        assert store.pairs([(ha, hb)])
    with Store(tmp_path, engine="0.0.0+other") as other:
        assert other.rebuilt == "stale" and not other.pairs([(ha, hb)])


def test_damaged_or_unwritable_store_is_not_an_error(tmp_path: Path) -> None:
    arts = _articles(FIXTURES / "two_stories")
    (tmp_path / STORE_FILE).write_bytes(b"not a database" * 100)
    grouping = group_articles(arts, cache_dir=tmp_path, workers=1)
    assert len(grouping.groups) == 2 and grouping.cache_error is None
    assert list(tmp_path.glob(f"{STORE_FILE}.damaged-*"))
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    grouping = group_articles(arts, cache_dir=blocker / "sub", workers=1)
    assert len(grouping.groups) == 2
    assert grouping.cache_error


def test_cache_dir_resolution(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert resolve_cache_dir(tmp_path) == tmp_path
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "env"))
    assert resolve_cache_dir() == tmp_path / "env"
    monkeypatch.delenv(CACHE_ENV)
    assert resolve_cache_dir().name.lower() == "sidebyside"


def test_engine_version_names_the_package_and_sources() -> None:
    version = engine_version()
    assert version.startswith("0.") and "+" in version


def test_engine_version_covers_every_engine_source() -> None:
    # A renamed module (align.py became the align/ package) must not silently drop out of the
    # key: then a new aligner would be answered from a store filled by the old one.
    from tui.core import groups

    core = Path(groups.__file__).resolve().parent
    for name in groups._ENGINE_SOURCES:
        assert (core / name).exists(), name
    assert (core / "align" / "params.json").exists()  # fitted data is part of the engine too


def test_progress_is_monotonic_and_ends_at_one(tmp_path: Path) -> None:
    seen: list[float] = []
    group_articles(
        _articles(FIXTURES / "two_stories"), cache_dir=tmp_path, workers=1, progress=seen.append
    )
    assert seen == sorted(seen) and seen[-1] == 1.0 and all(0 <= x <= 1 for x in seen)


def test_cancel_stops_and_keeps_what_was_done(tmp_path: Path) -> None:
    arts = _articles(FIXTURES / "two_stories")
    cancel = threading.Event()
    calls = 0

    def progress(_: float) -> None:
        nonlocal calls
        calls += 1
        if calls == len(arts) + 2:  # after the extraction and the first aligned pair
            cancel.set()

    with pytest.raises(Cancelled):
        group_articles(arts, cache_dir=tmp_path, workers=1, cancel=cancel, progress=progress)
    db = sqlite3.connect(tmp_path / STORE_FILE)
    try:
        assert db.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == len(arts)
        assert db.execute("SELECT COUNT(*) FROM pairs").fetchone()[0] >= 1
        assert db.execute("SELECT COUNT(*) FROM groupings").fetchone()[0] == 0
    finally:
        db.close()
    again = group_articles(arts, cache_dir=tmp_path, workers=1)
    assert again.extracted == 0 and len(again.groups) == 2


def test_parallel_workers_give_the_same_figures(tmp_path: Path) -> None:
    arts = (*_articles(FIXTURES / "two_stories"), *_articles(bundled_articles_dir()))
    serial = group_articles(arts, use_cache=False, workers=1, floor=0.0)
    parallel = group_articles(arts, use_cache=False, workers=2, floor=0.0)
    assert parallel.computed >= 24  # enough pairs to use the process pool
    assert parallel.extracted == len(arts)
    assert dict(parallel.similarities) == dict(serial.similarities)
    assert parallel.groups == serial.groups


def test_empty_and_single_article() -> None:
    assert group_articles([], use_cache=False).groups == ()
    one = _articles(FIXTURES / "two_stories")[:1]
    grouping = group_articles(one, use_cache=False)
    assert [g.members for g in grouping.groups] == [(0,)]
    assert grouping.groups[0].nearest is None


# --- the sparse method against the pairwise one ----------------------------------------------


def _sets(groups: list[list[int]] | tuple[tuple[int, ...], ...]) -> list[set[int]]:
    return sorted((set(g) for g in groups), key=min)


@pytest.mark.parametrize(
    "folders",
    [
        ("bundled",),
        ("two_stories",),
        ("two_stories", "corpus"),
        ("two_stories", "corpus", "bundled"),
    ],
)
def test_same_groups_as_the_pairwise_method(tmp_path: Path, folders: tuple[str, ...]) -> None:
    paths = [bundled_articles_dir() if f == "bundled" else FIXTURES / f for f in folders]
    arts = load_library(paths).articles
    sparse = group_articles(arts, cache_dir=tmp_path, workers=1)
    assert _sets([list(g.members) for g in sparse.groups]) == _sets(pairwise_groups(arts))


def _variants(base: tuple[Article, ...], copies: int) -> list[Article]:
    """`copies` versions of each base article, each with a different sentence dropped."""
    out: list[Article] = []
    for a in base:
        for k in range(copies):
            paragraphs = list(a.paragraphs)
            drop = k % len(paragraphs)
            kept = tuple(p for x, p in enumerate(paragraphs) if x != drop) or a.paragraphs
            out.append(
                Article(
                    f"{a.id}-{k}",
                    Path(f"{a.id}-{k}.md"),
                    a.outlet,
                    a.title,
                    a.headline,
                    kept,
                    a.date,
                )
            )
    return out


def test_a_library_larger_than_the_shortlist_still_matches_pairwise(tmp_path: Path) -> None:
    # 40 articles over three stories: more than the index's shortlist, so not every pair is
    # measured, yet the groups are those of the all-pairs method.
    base = (*_articles(FIXTURES / "two_stories"), *_articles(FIXTURES / "corpus"))
    arts = _variants(base[:3], 6) + _variants(base[3:5], 6) + _variants(base[5:], 4)
    assert len(arts) > 30
    sparse = group_articles(arts, cache_dir=tmp_path, workers=1)
    n = len(arts)
    assert sparse.computed < n * (n - 1) // 2
    assert _sets([list(g.members) for g in sparse.groups]) == _sets(pairwise_groups(arts))


def test_adding_one_article_aligns_only_its_own_pairs(tmp_path: Path) -> None:
    base = (*_articles(FIXTURES / "two_stories"), *_articles(FIXTURES / "corpus"))
    arts = _variants(base, 4)
    last = arts[-1]
    extra = (*last.paragraphs, "A spokesperson declined to comment further on Tuesday.")
    arts[-1] = Article("added", Path("added.md"), last.outlet, last.title, last.headline, extra)
    first = group_articles(arts[:-1], cache_dir=tmp_path, workers=1)
    added = group_articles(arts, cache_dir=tmp_path, workers=1)
    assert added.extracted == 1
    # Its neighbours, its group's missing matrix pairs and its source candidates, no more.
    assert 0 < added.computed <= 2 * NEIGHBOURS + 16
    assert first.computed > 5 * added.computed
    new = len(arts) - 1
    group = added.group_of(new)
    assert last.id.rsplit("-", 1)[0] in {arts[i].id.rsplit("-", 1)[0] for i in group.members}


# --- who copied whom ----------------------------------------------------------------------


def _dated(a: Article, id_: str, day: int, paragraphs: tuple[str, ...] | None = None) -> Article:
    return Article(
        id_,
        Path(f"{id_}.md"),
        id_,
        a.title,
        a.headline,
        a.paragraphs if paragraphs is None else paragraphs,
        date(2025, 6, day),
    )


def test_provenance_names_the_earlier_source_and_the_share_found() -> None:
    fire = [a for a in _articles(FIXTURES / "two_stories") if "Orchard" in a.text]
    wire = fire[0]
    copy = _dated(wire, "copy", 5, (*wire.paragraphs[:-1],))
    original = _dated(wire, "wire", 3)
    other = _dated(fire[1], "other", 4)
    grouping = group_articles([copy, other, original], use_cache=False, workers=1)
    prov = grouping.provenance
    assert prov[2].verdict == "first" and prov[2].source is None
    # The copy (dated last) found nearly whole in the wire report, not in the other outlet.
    assert prov[0].source == 2 and prov[0].verdict == "near-copy"
    assert prov[0].share >= 0.9 and prov[0].close >= 0.9
    # The other outlet's own report of the fire is a rewrite of the earlier wire at most.
    assert prov[1].source == 2 and prov[1].verdict in ("rewrite", "independent")
    assert prov[1].share < prov[0].share


def test_provenance_follows_the_dates_not_the_library_order() -> None:
    fire = [a for a in _articles(FIXTURES / "two_stories") if "Orchard" in a.text]
    late = _dated(fire[0], "late", 9)
    early = _dated(fire[0], "early", 1)
    prov = group_articles([late, early], use_cache=False, workers=1).provenance
    assert prov[1].verdict == "first"
    assert prov[0].source == 1 and prov[0].verdict == "near-copy" and prov[0].share == 1.0


def test_bundled_provenance() -> None:
    arts = _articles(bundled_articles_dir())
    grouping = group_articles(arts, use_cache=False, workers=1)
    ids = [a.id for a in arts]
    prov = {ids[p.article]: p for p in grouping.provenance.values()}
    for key, p in prov.items():
        if p.source is not None:
            assert grouping.group_of(p.article) == grouping.group_of(p.source)
            assert (arts[p.source].date or date.max) <= (arts[p.article].date or date.max)
            assert 0 < p.share <= 1 and 0 <= p.close <= p.share
            assert key != ids[p.source]
    # Reuters and RT (2023-10-16, no `via`): nothing tells which came first, so neither is the
    # first report. Fox News, that day too, says it is a repost (`via`): it comes after them.
    assert [k for k, p in prov.items() if p.verdict == "first"] == ["2023-12-10-times-of-israel"]
    reuters, rt, fox = (
        prov["2023-10-16-reuters"],
        prov["2023-10-16-rt"],
        prov["2023-10-16-fox-news"],
    )
    assert (reuters.verdict, reuters.order, ids[reuters.source or 0]) == (
        "same-day",
        "unknown",
        "2023-10-16-rt",
    )
    assert (rt.verdict, rt.order, ids[rt.source or 0]) == ("same-day", "unknown", ids[1])
    assert ids[1] == "2023-10-16-reuters"
    assert fox.order == "via" and ids[fox.source or 0] in {"2023-10-16-reuters", "2023-10-16-rt"}
    assert fox.verdict in ("near-copy", "rewrite", "independent")
    # CNBC Indonesia (a day later, `via: Reuters`) names its source.
    cnbc = prov["2023-10-17-cnbc-indonesia"]
    assert cnbc.order == "date" and ids[cnbc.source or 0] == "2023-10-16-reuters"


def _fire() -> list[Article]:
    return [a for a in _articles(FIXTURES / "two_stories") if "Orchard" in a.text]


def test_a_repost_is_never_the_source_of_a_same_day_article() -> None:
    wire = _fire()[0]
    # The repost comes first in the library and is the same text: the date cannot tell.
    repost = dataclasses.replace(_dated(wire, "repost", 3), via="repost on another site")
    original = _dated(wire, "original", 3)
    prov = group_articles([repost, original], use_cache=False, workers=1).provenance
    assert prov[1].verdict == "first" and prov[1].source is None
    assert (prov[0].source, prov[0].order, prov[0].verdict) == (1, "via", "near-copy")


def test_same_day_articles_claim_no_order() -> None:
    fire = _fire()
    a, b = _dated(fire[0], "a", 3), _dated(fire[1], "b", 3)
    later = _dated(fire[0], "later", 4)
    prov = group_articles([a, b, later], use_cache=False, workers=1).provenance
    # Neither is the first report; each names the other, of the same day, order unknown.
    assert (prov[0].source, prov[0].verdict, prov[0].order) == (1, "same-day", "unknown")
    assert (prov[1].source, prov[1].verdict, prov[1].order) == (0, "same-day", "unknown")
    assert prov[0].share > 0 and prov[1].share > 0
    # A later article's source is known to be earlier: its verdict measures the copy.
    assert (prov[2].source, prov[2].verdict, prov[2].order) == (0, "near-copy", "date")


def test_two_reposts_of_one_day_claim_no_order_and_neither_is_first() -> None:
    wire = _fire()[0]
    one = dataclasses.replace(_dated(wire, "one", 3), via="another site")
    two = dataclasses.replace(_dated(wire, "two", 3), via="another site")
    prov = group_articles([one, two], use_cache=False, workers=1).provenance
    assert {p.verdict for p in prov.values()} == {"same-day"}
    # Alone, a repost is the earliest here but not a first report.
    alone = dataclasses.replace(_dated(wire, "alone", 3), via="another site")
    later = _dated(wire, "later", 5)
    prov = group_articles([alone, later], use_cache=False, workers=1).provenance
    assert prov[0].verdict == "carried" and prov[0].source is None
    assert prov[1].source == 0 and prov[1].order == "date"


def test_the_outlet_a_via_names_is_the_preferred_source() -> None:
    arts = list(_articles(FIXTURES / "corpus"))
    ids = [a.id for a in arts]
    courier = ids.index("2024-03-15-valley-courier")
    gazette, coastline = (
        ids.index("2024-03-14-harbour-gazette"),
        ids.index("2024-03-14-coastline-daily"),
    )
    assert arts[courier].via == "Harbour Gazette"

    def source(via: str | None) -> int | None:
        arts[courier] = dataclasses.replace(arts[courier], via=via)
        return group_articles(arts, use_cache=False, workers=1).provenance[courier].source

    assert source("Harbour Gazette") == gazette
    assert source("the coastline daily website") == coastline
    # A `via` that names no outlet of the group leaves the closest earlier article.
    assert source("somewhere") in (gazette, coastline)


def test_a_via_naming_a_same_day_outlet_places_the_article_after_it() -> None:
    fire = _fire()
    # `b` comes first in the library, with the same text: only its `via` tells the order.
    b = dataclasses.replace(_dated(fire[0], "b", 3), via="a (wire)")
    a = dataclasses.replace(_dated(fire[0], "a", 3), via="the agency")
    prov = group_articles([b, a], use_cache=False, workers=1).provenance
    assert (prov[0].source, prov[0].order) == (1, "via")
    assert prov[1].verdict == "carried"


def test_a_via_names_an_outlet_by_whole_words() -> None:
    from tui.core.groups import _names

    base = _fire()[0]
    ap = dataclasses.replace(base, outlet="AP")
    assert _names(dataclasses.replace(base, via="AP via Yahoo"), ap)
    assert _names(dataclasses.replace(base, via="ap"), ap)
    assert not _names(dataclasses.replace(base, via="Japan Times"), ap)
    assert not _names(dataclasses.replace(base, via=None), ap)
    assert not _names(dataclasses.replace(base, via="AP"), dataclasses.replace(base, outlet=""))


# --- one story told by a statement and a report ---------------------------------------------

EVAL = Path(__file__).resolve().parent.parent.parent / "eval"


def _statement_report_and_other() -> list[Article]:
    # Public domain (US government works): the White House statement on the Westgate mall
    # attack (2013-09-21), VOA's report two days later, and a VOA report of another event.
    return [
        load_article(EVAL / "mall" / "mall--02_whitehouse.md"),
        load_article(EVAL / "mall" / "mall--03_voa.md"),
        load_article(EVAL / "nargis" / "nargis--01_voa.md"),
    ]


def _groups_of(arts: list[Article], tmp_path: Path) -> list[set[int]]:
    return _sets(
        [list(g.members) for g in group_articles(arts, cache_dir=tmp_path, workers=1).groups]
    )


def test_a_statement_and_the_report_of_it_days_later_are_one_story(tmp_path: Path) -> None:
    arts = _statement_report_and_other()
    # The aligner links few of their sentences: on that figure alone they would stand apart.
    assert engine_similarity(arts[0], arts[1]) < DEFAULT_THRESHOLD
    assert _groups_of(arts, tmp_path) == [{0, 1}, {2}]


def test_the_shared_vocabulary_counts_only_for_articles_dated_days_apart(tmp_path: Path) -> None:
    arts = _statement_report_and_other()
    undated = [dataclasses.replace(a, date=None) for a in arts]
    assert _groups_of(undated, tmp_path / "undated") == [{0}, {1}, {2}]
    later = [arts[0], dataclasses.replace(arts[1], date=date(2013, 11, 23)), arts[2]]
    assert _groups_of(later, tmp_path / "later") == [{0}, {1}, {2}]


def test_a_large_group_measures_the_source_a_via_names() -> None:
    import numpy as np

    from tui.core.groups import MATRIX_FULL, _source_candidates

    base = _fire()[0]
    n = MATRIX_FULL + 4
    arts = [
        dataclasses.replace(_dated(base, f"a{k}", 3 + k // 2), outlet=f"Outlet {k}")
        for k in range(n)
    ]
    # The last article names the first one's outlet, the least alike of all in the projection.
    arts[-1] = dataclasses.replace(arts[-1], via="Outlet 0")
    projected = np.ones((n, 4), dtype=np.float32)
    projected[0] = [1.0, -1.0, -1.0, -1.0]
    pairs = set(_source_candidates(arts, [list(range(n))], {}, projected))
    assert (0, n - 1) in pairs
    # Otherwise the closest few dated no later, no more.
    assert sum(1 for i, j in pairs if j == n - 1) == 4
