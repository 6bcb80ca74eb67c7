"""Labels that tell apart articles of one outlet in the overview's tables and the ledger export."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from tui.core.labels import ArticleLabel, article_labels, clip, share_width
from tui.core.types import Article

VOA = "Voice of America (VOA News)"


def _article(article_id: str, outlet: str, day: date | None = None) -> Article:
    return Article(article_id, Path(f"{article_id}.md"), outlet, "Title", "Title", ("Body.",), day)


def test_distinct_outlets_keep_their_name() -> None:
    labels = article_labels([_article("a", "Reuters"), _article("b", "RT")])
    assert [label.text for label in labels] == ["Reuters", "RT"]
    assert all(label.suffix == "" and label.kind == "" for label in labels)


def test_a_shared_outlet_is_told_apart_by_date() -> None:
    labels = article_labels(
        [
            _article("state", "US Department of State", date(2013, 9, 21)),
            _article("voa3", VOA, date(2013, 9, 23)),
            _article("voa4", VOA, date(2013, 9, 25)),
            _article("voa5", VOA, date(2013, 9, 26)),
        ]
    )
    assert [label.text for label in labels] == [
        "US Department of State",
        f"{VOA} · Sep 23",
        f"{VOA} · Sep 25",
        f"{VOA} · Sep 26",
    ]
    assert [label.kind for label in labels] == ["", "date", "date", "date"]


def test_equal_or_missing_dates_fall_back_to_the_id() -> None:
    day = date(2024, 1, 5)
    labels = article_labels(
        [
            _article("wire-1", "Wire", day),
            _article("wire-2", "Wire", day),
            _article("wire-3", "Wire", None),
            _article("wire-4", "Wire", date(2024, 1, 6)),
        ]
    )
    assert [label.text for label in labels] == [
        "Wire · wire-1",
        "Wire · wire-2",
        "Wire · wire-3",
        "Wire · Jan 6",
    ]


def test_the_year_is_added_when_the_dates_span_years() -> None:
    labels = article_labels(
        [_article("a", "Wire", date(2023, 9, 23)), _article("b", "Wire", date(2024, 9, 23))]
    )
    assert [label.suffix for label in labels] == ["Sep 23 2023", "Sep 23 2024"]


def test_an_outlet_missing_is_named_by_id_and_labels_are_always_distinct() -> None:
    same = _article("x", "Wire", date(2024, 1, 5))
    labels = article_labels([_article("n", ""), same, same, _article("y", "Wire · x")])
    texts = [label.text for label in labels]
    assert texts[0] == "n"
    assert len(set(texts)) == len(texts)


def test_fit_cuts_the_name_and_keeps_the_suffix() -> None:
    label = ArticleLabel(VOA, "Sep 23", "date")
    assert label.fit(100) == f"{VOA} · Sep 23"
    assert label.fit(18) == "Voice of… · Sep 23"
    # Too narrow for ` · `: a bare space; narrower still, the suffix alone tells it apart.
    assert label.fit(10) == "Vo… Sep 23"
    assert label.fit(8) == "…Sep 23"
    assert label.fit(6) == "Voice…"
    for width in range(1, 40):
        assert len(label.fit(width)) <= width
    assert ArticleLabel("Reuters").fit(4) == "Reu…"


def test_clip_counts_terminal_cells() -> None:
    assert clip("short", 10) == "short"
    assert clip("a long outlet name", 8) == "a long…"
    assert clip("新华社新华社", 5) == "新华…"
    assert clip("anything", 0) == ""


def test_share_width_narrows_the_widest_first() -> None:
    assert share_width(50, [10, 20], [8, 8]) == [10, 20]
    assert share_width(24, [10, 40], [8, 8]) == [10, 14]
    assert share_width(20, [30, 30], [8, 8]) == [10, 10]
    # Never below the minimum, even when that does not fit.
    assert share_width(10, [30, 30], [8, 8]) == [8, 8]
