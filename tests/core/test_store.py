"""The library store: per-article extraction and pair figures kept once in SQLite, rebuilt (never a
crash) when damaged or stale, safe for several readers and writers."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from tui.core.articles import load_library
from tui.core.facts import extract_facts
from tui.core.groups import content_hash, engine_pair, engine_version
from tui.core.sentences import split_sentences
from tui.core.store import STORE_FILE, ArticleData, PairData, Store, extract_article, library_key
from tui.core.types import Article

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _articles() -> tuple[Article, ...]:
    return load_library([FIXTURES / "two_stories"]).articles


def test_extraction_is_what_the_engine_finds_in_the_article() -> None:
    a = _articles()[0]
    data = extract_article(a)
    sentences = split_sentences(a.text)
    assert data.sentence_objects(a.text) == sentences
    assert data.facts == tuple(extract_facts(a.text, sentences))
    assert len(data.sentence_tokens) == len(sentences)
    assert sum(data.tokens.values()) >= max(len(s) for s in data.sentence_tokens)


def test_article_and_pair_rows_round_trip(tmp_path: Path) -> None:
    a, b, *_ = _articles()
    data = extract_article(a)
    pair = engine_pair(a, b)
    ha, hb = content_hash(a), content_hash(b)
    with Store(tmp_path) as store:
        store.put_articles([(ha, data)])
        store.put_pairs([(ha, hb, pair)])
    with Store(tmp_path) as store:
        assert store.articles([ha, hb]) == {ha: data}
        # A pair is stored once and read from either side.
        assert store.pairs([(ha, hb)]) == {(ha, hb): pair}
        assert store.pairs([(hb, ha)]) == {(hb, ha): pair.swapped()}
        assert store.pairs([(hb, hb)]) == {}
    assert (tmp_path / STORE_FILE).is_file()


def test_article_data_survives_json() -> None:
    data = extract_article(_articles()[1])
    assert ArticleData.from_json(data.to_json()) == data
    pair = PairData(0.5, 10, 12, 6, 7, 3, 2)
    assert PairData.from_json(pair.to_json()) == pair
    assert pair.swapped().swapped() == pair


@pytest.mark.parametrize(
    "damage",
    [
        b"",  # empty: SQLite makes a new database of it
        b"not a database at all" * 50,
        b"SQLite format 3\x00" + b"\xff" * 4000,  # a header, then garbage
    ],
)
def test_a_corrupt_store_file_is_set_aside_and_rebuilt(tmp_path: Path, damage: bytes) -> None:
    (tmp_path / STORE_FILE).write_bytes(damage)
    a = _articles()[0]
    with Store(tmp_path) as store:
        assert store.error is None
        store.put_articles([(content_hash(a), extract_article(a))])
        assert store.articles([content_hash(a)])
    with Store(tmp_path) as store:
        assert store.articles([content_hash(a)])


def test_a_store_damaged_after_opening_answers_not_stored(tmp_path: Path) -> None:
    a = _articles()[0]
    with Store(tmp_path) as store:
        store.put_articles([(content_hash(a), extract_article(a))])
    db = sqlite3.connect(tmp_path / STORE_FILE)
    db.execute("UPDATE articles SET data = '{broken'")
    db.commit()
    db.close()
    with Store(tmp_path) as store:
        assert store.articles([content_hash(a)]) == {}


def test_a_stale_engine_version_empties_the_store(tmp_path: Path) -> None:
    a, b, *_ = _articles()
    ha, hb = content_hash(a), content_hash(b)
    with Store(tmp_path, engine="0.0.1+old") as old:
        old.put_articles([(ha, extract_article(a))])
        old.put_pairs([(ha, hb, PairData(0.9, 1, 1, 1, 1, 1, 1))])
        old.put_grouping("k", {"groups": []})
    with Store(tmp_path) as store:
        assert store.engine == engine_version() and store.rebuilt == "stale"
        assert store.articles([ha]) == {} and store.pairs([(ha, hb)]) == {}
        assert store.grouping("k") is None
    with Store(tmp_path) as again:
        assert again.rebuilt is None


def test_an_unwritable_folder_keeps_the_store_in_memory(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    a = _articles()[0]
    with Store(blocker / "sub") as store:
        assert store.error and store.path is not None
        store.put_articles([(content_hash(a), extract_article(a))])
        assert store.articles([content_hash(a)])


def test_many_lookups_go_in_chunks(tmp_path: Path) -> None:
    a = _articles()[0]
    data = extract_article(a)
    keys = [f"{k:032x}" for k in range(1200)]
    with Store(tmp_path) as store:
        store.put_articles((k, data) for k in keys)
        assert len(store.articles(keys)) == 1200
        store.put_pairs((k, keys[0], PairData(0.1, 1, 1, 0, 0, 0, 0)) for k in keys[1:])
        assert len(store.pairs((k, keys[0]) for k in keys[1:])) == 1199


def test_concurrent_readers_and_a_writer(tmp_path: Path) -> None:
    # Each thread has its own Store (SQLite connections belong to one thread): readers never
    # see a half-written batch and nobody fails on a lock.
    a = _articles()[0]
    data = extract_article(a)
    keys = [f"{k:032x}" for k in range(300)]
    with Store(tmp_path):
        pass
    errors: list[BaseException] = []
    seen: list[int] = []

    def write() -> None:
        try:
            with Store(tmp_path) as store:
                for start in range(0, len(keys), 50):
                    store.put_articles((k, data) for k in keys[start : start + 50])
                assert store.error is None
        except BaseException as exc:
            errors.append(exc)

    def read() -> None:
        try:
            with Store(tmp_path) as store:
                for _ in range(20):
                    found = len(store.articles(keys))
                    assert found % 50 == 0  # whole transactions only
                    seen.append(found)
                assert store.error is None
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=write), *(threading.Thread(target=read) for _ in range(3))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    with Store(tmp_path) as store:
        assert len(store.articles(keys)) == 300


def test_library_key_depends_on_order_and_settings() -> None:
    assert library_key(["a", "b"], "s") != library_key(["b", "a"], "s")
    assert library_key(["a", "b"], "s") != library_key(["a", "b"], "t")
    assert library_key(["ab"], "s") != library_key(["a", "b"], "s")
