"""The notes store: keys that survive swaps and re-alignments, transactions, damaged files."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tui.core.notes import (
    DATA_ENV,
    STORE_FILE,
    NotesError,
    NoteStore,
    Passage,
    article_hash,
    data_dir,
    passage_key,
    passage_of,
    place_notes,
)
from tui.core.types import Article, Comparison, Row, Sentence


def _article(ident: str, texts: list[str]) -> Article:
    return Article(
        id=ident,
        path=Path(f"/tmp/{ident}.md"),
        outlet=ident.title(),
        title=texts[0],
        headline=texts[0],
        paragraphs=tuple(texts[1:]),
    )


def _sentences(texts: list[str]) -> tuple[Sentence, ...]:
    out, pos = [], 0
    for i, text in enumerate(texts):
        out.append(Sentence(i, text, pos, pos + len(text), i))
        pos += len(text) + 2
    return tuple(out)


TEXT_A = ["Dam breaks in the valley", "Twelve people died.", "The mayor spoke.", "Rain fell."]
TEXT_B = ["Valley dam bursts", "Fourteen people died.", "Rain fell.", "Boats sank."]


def _comparison(rows: tuple[Row, ...] | None = None, *, swap: bool = False) -> Comparison:
    a, b = _article("north", TEXT_A), _article("south", TEXT_B)
    sa, sb = _sentences(TEXT_A), _sentences(TEXT_B)
    if rows is None:
        rows = (
            Row("match", (0,), (0,), 0.6),
            Row("match", (1,), (1,), 0.7),
            Row("only_a", (2,), ()),
            Row("match", (3,), (2,), 1.0),
            Row("only_b", (), (3,)),
        )
    if swap:
        rows = tuple(Row(r.kind, r.b, r.a, r.score) for r in rows)
        return Comparison(b, a, sb, sa, rows)
    return Comparison(a, b, sa, sb, rows)


def _clock() -> str:
    _clock.tick += 1  # type: ignore[attr-defined]
    return f"2026-01-01T00:00:{_clock.tick:02d}+00:00"  # type: ignore[attr-defined]


_clock.tick = 0  # type: ignore[attr-defined]


@pytest.fixture
def store(tmp_path: Path) -> NoteStore:
    opened, problem = NoteStore.open(tmp_path / "data", clock=_clock)
    assert problem is None
    return opened


def test_data_dir_override_then_env_then_platform(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(DATA_ENV, str(tmp_path / "env"))
    assert data_dir(tmp_path / "given") == tmp_path / "given"
    assert data_dir() == tmp_path / "env"
    monkeypatch.delenv(DATA_ENV)
    assert data_dir().name == "sidebyside"


def test_saved_note_survives_reopening(tmp_path: Path) -> None:
    cmp = _comparison()
    first, _ = NoteStore.open(tmp_path, clock=_clock)
    note = first.save(cmp.a, cmp.b, passage_of(cmp, 1), "disputed", "  12 or 14?  ")
    first.close()
    again, problem = NoteStore.open(tmp_path)
    assert problem is None
    [found] = again.notes_for(cmp.a, cmp.b)
    assert (found.verdict, found.text, found.label) == ("disputed", "12 or 14?", "disputed")
    assert found.key == note.key
    assert found.passage == Passage(("Twelve people died.",), ("Fourteen people died.",))
    assert place_notes(cmp, [found])[0].row == 1


def test_swap_keeps_the_note_with_sides_swapped(store: NoteStore) -> None:
    cmp = _comparison()
    store.save(cmp.a, cmp.b, passage_of(cmp, 2), "needs-source", "who says so?")
    swapped = _comparison(swap=True)
    [note] = store.notes_for(swapped.a, swapped.b)
    assert note.passage == Passage((), ("The mayor spoke.",))
    assert note.label == "needs source"
    [placed] = place_notes(swapped, [note])
    assert placed.row == 2 and swapped.rows[2].b == (2,)


def test_saving_again_replaces_the_note_and_keeps_its_creation_time(store: NoteStore) -> None:
    cmp = _comparison()
    first = store.save(cmp.a, cmp.b, passage_of(cmp, 0), "confirmed")
    second = store.save(cmp.a, cmp.b, passage_of(cmp, 0), "disputed", "headline overstates")
    [note] = store.notes_for(cmp.a, cmp.b)
    assert note.verdict == "disputed" and note.text == "headline overstates"
    assert note.created == first.created < second.updated == note.updated


def test_notes_are_per_pair(store: NoteStore) -> None:
    cmp = _comparison()
    store.save(cmp.a, cmp.b, passage_of(cmp, 0), "confirmed")
    other = _article("east", ["Something else entirely"])
    assert store.notes_for(cmp.a, other) == []
    # Same text under another id and outlet: the same pair (keyed by content).
    renamed = _article("north-copy", TEXT_A)
    assert len(store.notes_for(renamed, cmp.b)) == 1


def test_key_ignores_case_and_spacing_not_wording() -> None:
    cmp = _comparison()
    base = passage_key(cmp.a, cmp.b, Passage(("Rain fell.",), ("Rain fell.",)))
    same = passage_key(cmp.a, cmp.b, Passage(("  RAIN   fell. ",), ("rain fell.",)))
    other = passage_key(cmp.a, cmp.b, Passage(("Rain fell hard.",), ("Rain fell.",)))
    assert base == same != other
    # The side matters: a sentence on A is not the same passage as it on B.
    assert passage_key(cmp.a, cmp.b, Passage(("x",), ())) != passage_key(
        cmp.a, cmp.b, Passage((), ("x",))
    )


def test_regrouped_rows_detach_the_note_but_keep_it(store: NoteStore) -> None:
    cmp = _comparison()
    store.save(cmp.a, cmp.b, passage_of(cmp, 2), "disputed", "mayor?")
    store.save(cmp.a, cmp.b, passage_of(cmp, 3), "confirmed")
    # Another aligner merges the mayor's sentence into the rain passage.
    regrouped = _comparison(
        (
            Row("match", (0,), (0,), 0.6),
            Row("match", (1,), (1,), 0.7),
            Row("match", (2, 3), (2,), 0.8),
            Row("only_b", (), (3,)),
        )
    )
    placed = place_notes(regrouped, store.notes_for(regrouped.a, regrouped.b))
    assert [(p.note.text, p.row, p.near) for p in placed] == [("mayor?", None, 2), ("", None, 2)]


def test_detached_note_without_any_sentence_left_has_no_near_row(store: NoteStore) -> None:
    cmp = _comparison()
    store.save(cmp.a, cmp.b, Passage(("Gone sentence.",), ()), "confirmed", "old")
    [placed] = place_notes(cmp, store.notes_for(cmp.a, cmp.b))
    assert placed.row is None and placed.near is None


def test_placed_notes_come_in_row_order(store: NoteStore) -> None:
    cmp = _comparison()
    for row in (4, 0, 2):
        store.save(cmp.a, cmp.b, passage_of(cmp, row), "confirmed", str(row))
    assert [p.row for p in place_notes(cmp, store.notes_for(cmp.a, cmp.b))] == [0, 2, 4]


def test_remove(store: NoteStore) -> None:
    cmp = _comparison()
    note = store.save(cmp.a, cmp.b, passage_of(cmp, 0), "confirmed")
    assert store.remove(cmp.a, cmp.b, note.key) is True
    assert store.remove(cmp.a, cmp.b, note.key) is False
    assert store.notes_for(cmp.a, cmp.b) == []


def test_unknown_verdict_is_refused(store: NoteStore) -> None:
    cmp = _comparison()
    with pytest.raises(ValueError, match="unknown verdict"):
        store.save(cmp.a, cmp.b, passage_of(cmp, 0), "maybe")


def test_a_failed_write_leaves_the_old_note(store: NoteStore) -> None:
    cmp = _comparison()
    store.save(cmp.a, cmp.b, passage_of(cmp, 0), "confirmed", "first")
    # A trigger makes the next update fail inside its transaction.
    store._db.execute(
        "CREATE TRIGGER refuse BEFORE UPDATE ON notes BEGIN SELECT RAISE(ABORT, 'disk'); END"
    )
    with pytest.raises(NotesError, match="cannot save the note"):
        store.save(cmp.a, cmp.b, passage_of(cmp, 0), "disputed", "second")
    [note] = store.notes_for(cmp.a, cmp.b)
    assert (note.verdict, note.text) == ("confirmed", "first")


def test_article_hash_is_the_compared_text() -> None:
    a = _article("x", TEXT_A)
    assert article_hash(a) == article_hash(_article("other-id", TEXT_A))
    assert article_hash(a) != article_hash(_article("x", [*TEXT_A, "More."]))


# -- damaged and unusable stores ------------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [b"this is not a database at all" * 100, b"SQLite format 3\x00" + b"\xff" * 2000],
    ids=["text", "truncated-header"],
)
def test_damaged_store_is_set_aside_not_emptied(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / STORE_FILE
    path.write_bytes(content)
    (tmp_path / f"{STORE_FILE}-journal").write_bytes(b"stale journal")
    store, problem = NoteStore.open(tmp_path)
    assert problem is not None and "\n" not in problem
    assert "damaged" in problem and "started a new one" in problem
    [aside] = tmp_path.glob(f"{STORE_FILE}.damaged-*[0-9]")
    assert aside.read_bytes() == content
    assert aside.name in problem
    assert not (tmp_path / f"{STORE_FILE}-journal").exists()
    # The new store works.
    cmp = _comparison()
    store.save(cmp.a, cmp.b, passage_of(cmp, 0), "confirmed")
    assert len(store.notes_for(cmp.a, cmp.b)) == 1
    assert store.path == path


def test_someone_elses_database_is_set_aside(tmp_path: Path) -> None:
    db = sqlite3.connect(tmp_path / STORE_FILE)
    db.execute("CREATE TABLE notes (id INTEGER)")
    db.commit()
    db.close()
    _, problem = NoteStore.open(tmp_path)
    assert problem is not None and "not a sidebyside notes store" in problem
    assert len(list(tmp_path.glob(f"{STORE_FILE}.damaged-*"))) == 1


def test_store_from_a_newer_version_is_left_alone(tmp_path: Path) -> None:
    db = sqlite3.connect(tmp_path / STORE_FILE)
    db.execute("CREATE TABLE notes (id INTEGER)")
    db.execute("PRAGMA user_version = 99")
    db.commit()
    db.close()
    before = (tmp_path / STORE_FILE).read_bytes()
    store, problem = NoteStore.open(tmp_path)
    assert problem is not None and "newer sidebyside" in problem
    assert store.path is None  # in memory
    assert (tmp_path / STORE_FILE).read_bytes() == before
    assert not list(tmp_path.glob("*.damaged-*"))


def test_unwritable_folder_gives_a_memory_store(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    store, problem = NoteStore.open(blocker / "data")
    assert problem is not None and "cannot create the notes folder" in problem
    cmp = _comparison()
    store.save(cmp.a, cmp.b, passage_of(cmp, 0), "confirmed")
    assert len(store.notes_for(cmp.a, cmp.b)) == 1


def test_store_path_that_is_a_folder_is_not_renamed(tmp_path: Path) -> None:
    (tmp_path / STORE_FILE).mkdir()
    store, problem = NoteStore.open(tmp_path)
    assert problem is not None and store.path is None
    assert (tmp_path / STORE_FILE).is_dir()


def test_read_only_open_never_creates_or_renames(tmp_path: Path) -> None:
    assert NoteStore.open_read_only(tmp_path / "none") == (None, None)
    assert not (tmp_path / "none").exists()
    (tmp_path / STORE_FILE).write_bytes(b"garbage" * 500)
    store, problem = NoteStore.open_read_only(tmp_path)
    assert store is None and problem is not None and "notes left out" in problem
    assert (tmp_path / STORE_FILE).read_bytes() == b"garbage" * 500


def test_read_only_store_reads_and_refuses_writes(tmp_path: Path) -> None:
    cmp = _comparison()
    writer, _ = NoteStore.open(tmp_path)
    writer.save(cmp.a, cmp.b, passage_of(cmp, 1), "disputed", "why")
    writer.close()
    reader, problem = NoteStore.open_read_only(tmp_path)
    assert problem is None and reader is not None
    assert [n.text for n in reader.notes_for(cmp.a, cmp.b)] == ["why"]
    with pytest.raises(NotesError, match="read-only"):
        reader.save(cmp.a, cmp.b, passage_of(cmp, 1), "confirmed")
