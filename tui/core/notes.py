"""Notes on passages: a verdict (confirmed, disputed, needs source) and a line of text.

Notes are kept per pair of articles in one SQLite file, `notes.sqlite3`, under the user's data
folder (`platformdirs.user_data_dir("sidebyside")`, or `$SIDEBYSIDE_DATA_DIR`). Every change is
one transaction, so a crash leaves the old note or the new one, never half of either.

How a note finds its passage again:

- the **pair** is the two articles' content hashes, sorted, so it is the same pair whichever
  article is A (`s` swaps them);
- the **passage** is a hash of its sentence texts (normalised: Unicode NFKC, case folded,
  whitespace collapsed), the lower-hash article's side first. Row numbers are never stored: a
  different aligner may group the sentences into other rows. A note whose passage is no longer
  one of the comparison's rows is kept, and listed as *detached* with the sentences it was
  written about, and the row that now holds one of them when there is one.

A store that SQLite cannot read is reported in one line and set aside (renamed, never emptied),
and a new one is started.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from tui.core.types import Article, Comparison

__all__ = [
    "DATA_ENV",
    "STORE_FILE",
    "VERDICTS",
    "Note",
    "NoteStore",
    "NotesError",
    "Passage",
    "PlacedNote",
    "article_hash",
    "data_dir",
    "passage_key",
    "passage_of",
    "place_notes",
]

DATA_ENV = "SIDEBYSIDE_DATA_DIR"
STORE_FILE = "notes.sqlite3"
SCHEMA_VERSION = 1

VERDICTS: dict[str, str] = {
    "confirmed": "confirmed",
    "disputed": "disputed",
    "needs-source": "needs source",
}
"""Verdict id (stored, exported in JSON) -> label (shown, exported in Markdown)."""

_SCHEMA = """
CREATE TABLE notes (
    pair TEXT NOT NULL,
    passage TEXT NOT NULL,
    verdict TEXT NOT NULL,
    note TEXT NOT NULL,
    first_side TEXT NOT NULL,
    second_side TEXT NOT NULL,
    created TEXT NOT NULL,
    updated TEXT NOT NULL,
    PRIMARY KEY (pair, passage)
)
"""
_COLUMNS = ("pair", "passage", "verdict", "note", "first_side", "second_side", "created", "updated")
# A note is a line or a paragraph, not an essay; the limit keeps a pasted article out.
MAX_NOTE = 4000


class NotesError(Exception):
    """The notes store could not be read or written; the message is one line."""


@dataclass(frozen=True, slots=True)
class Passage:
    """The sentence texts of one passage: side A, side B (either may be empty)."""

    a: tuple[str, ...]
    b: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Note:
    """A verdict and an optional text on one passage of a pair of articles.

    `passage` is oriented like the comparison the note was read for (A is A).
    """

    key: str
    verdict: str
    text: str
    passage: Passage
    created: str
    updated: str

    @property
    def label(self) -> str:
        """The verdict as shown to people: `needs source` rather than `needs-source`."""
        return VERDICTS.get(self.verdict, self.verdict)


@dataclass(frozen=True, slots=True)
class PlacedNote:
    """A note and where it stands in one comparison.

    `row` is the passage's row, or `None` when the passage is not one of the comparison's rows
    any more (detached); then `near` is a row holding one of its sentences, if any.
    """

    note: Note
    row: int | None
    near: int | None = None


def data_dir(override: Path | None = None) -> Path:
    """The folder holding the notes: `override`, else `$SIDEBYSIDE_DATA_DIR`, else the
    platform's user data folder (`~/.local/share/sidebyside` on Linux)."""
    if override is not None:
        return override
    env = os.environ.get(DATA_ENV)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("sidebyside", appauthor=False))


def article_hash(article: Article) -> str:
    """SHA-256 of the text the engine compares (headline and body), as `groups.content_hash`:
    editing the front matter keeps the notes, editing the text starts a new pair."""
    return hashlib.sha256(article.text.encode("utf-8")).hexdigest()[:32]


def _normal(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def _oriented(a: Article, b: Article) -> tuple[str, bool]:
    """The pair key, and whether A is the store's second article (its sides are swapped)."""
    ha, hb = article_hash(a), article_hash(b)
    return f"{min(ha, hb)}:{max(ha, hb)}", ha > hb


def _canonical(
    a: Article, b: Article, passage: Passage
) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    pair, swapped = _oriented(a, b)
    first, second = (passage.b, passage.a) if swapped else (passage.a, passage.b)
    if pair.split(":")[0] == pair.split(":")[1]:
        # An article compared with itself: no side is first, so order the sides by content.
        first, second = sorted((first, second))
    return pair, first, second


def passage_key(a: Article, b: Article, passage: Passage) -> str:
    """The key of `passage` of the pair (`a`, `b`): the same after a swap (with the passage's
    sides swapped too), and for any grouping into rows that gives the same sentences."""
    _, first, second = _canonical(a, b, passage)
    normal = [[_normal(s) for s in first], [_normal(s) for s in second]]
    data = json.dumps(normal, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:32]


def passage_of(cmp: Comparison, row: int) -> Passage:
    """The sentence texts of row `row` of `cmp`."""
    by_a = {s.index: s.text for s in cmp.sentences_a}
    by_b = {s.index: s.text for s in cmp.sentences_b}
    entry = cmp.rows[row]
    return Passage(
        tuple(by_a[i] for i in entry.a if i in by_a),
        tuple(by_b[j] for j in entry.b if j in by_b),
    )


def place_notes(cmp: Comparison, notes: Sequence[Note]) -> tuple[PlacedNote, ...]:
    """Find each note's passage among the rows of `cmp`.

    Args:
        cmp: The comparison the notes are shown with.
        notes: Notes on the pair (`NoteStore.notes_for(cmp.a, cmp.b)`).

    Returns:
        Notes on a row, in row order, then detached notes (their passage is no longer a row),
        oldest first, each with the row now holding one of its sentences when there is one.
    """
    if not notes:
        return ()
    by_a = {s.index: s.text for s in cmp.sentences_a}
    by_b = {s.index: s.text for s in cmp.sentences_b}
    rows: dict[str, int] = {}
    row_of_a: dict[str, int] = {}
    row_of_b: dict[str, int] = {}
    for number, row in enumerate(cmp.rows):
        passage = Passage(
            tuple(by_a[i] for i in row.a if i in by_a), tuple(by_b[j] for j in row.b if j in by_b)
        )
        rows.setdefault(passage_key(cmp.a, cmp.b, passage), number)
        for text in passage.a:
            row_of_a.setdefault(_normal(text), number)
        for text in passage.b:
            row_of_b.setdefault(_normal(text), number)
    placed: list[PlacedNote] = []
    detached: list[PlacedNote] = []
    for note in notes:
        row_number = rows.get(note.key)
        if row_number is not None:
            placed.append(PlacedNote(note, row_number))
            continue
        near = next(
            (
                found
                for found in (
                    *(row_of_a.get(_normal(t)) for t in note.passage.a),
                    *(row_of_b.get(_normal(t)) for t in note.passage.b),
                )
                if found is not None
            ),
            None,
        )
        detached.append(PlacedNote(note, None, near))
    placed.sort(key=lambda p: p.row or 0)
    detached.sort(key=lambda p: p.note.created)
    return (*placed, *detached)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _reason(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


class NoteStore:
    """Notes of every pair, in one SQLite database (or in memory when none can be kept).

    Build it with `NoteStore.open(folder)` (the reader: creates the file, sets a damaged one
    aside), `NoteStore.open_read_only(folder)` (the command line: never writes), or
    `NoteStore.in_memory()`.
    """

    def __init__(
        self,
        connection: sqlite3.Connection,
        path: Path | None,
        *,
        clock: Callable[[], str] = _now,
        writable: bool = True,
    ) -> None:
        self._db = connection
        self.path = path
        """The database file, `None` when the notes live in memory only."""
        self.writable = writable
        """False for a store opened read-only."""
        self._clock = clock

    # -- opening -----------------------------------------------------------------------------

    @classmethod
    def in_memory(cls, *, clock: Callable[[], str] = _now) -> NoteStore:
        """A store that keeps its notes until it is closed (nothing on disk)."""
        db = sqlite3.connect(":memory:")
        _create(db)
        return cls(db, None, clock=clock)

    @classmethod
    def open(cls, folder: Path, *, clock: Callable[[], str] = _now) -> tuple[NoteStore, str | None]:
        """Open (or create) the store in `folder`.

        Never raises for a bad file or folder: a store SQLite cannot read, or whose tables are
        not ours, is renamed to `notes.sqlite3.damaged-<time>` beside it and a new one is
        created; a folder that cannot be written gives an in-memory store.

        Returns:
            The store and, when something was wrong, a one-line message for the user.
        """
        path = folder / STORE_FILE
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            return cls.in_memory(clock=clock), (
                f"cannot create the notes folder {folder} ({_reason(exc)}); "
                "notes are kept only until you quit"
            )
        if path.exists() and not (path.is_file() and os.access(path, os.R_OK | os.W_OK)):
            # Not a damaged store but one we may not touch: leave it alone.
            return cls.in_memory(clock=clock), (
                f"cannot open the notes store {path} (not a readable and writable file); "
                "notes are kept only until you quit"
            )
        try:
            db = _connect(path)
            try:
                _check(db, create=True)
            except BaseException:
                db.close()
                raise
            return cls(db, path, clock=clock), None
        except _TooNew as exc:
            return cls.in_memory(clock=clock), (
                f"notes store {path} {exc}; it was left as it is and notes are kept only until "
                "you quit"
            )
        except sqlite3.Error as exc:
            reason = _reason(exc)
        try:
            aside = _set_aside(path)
        except OSError as exc:
            return cls.in_memory(clock=clock), (
                f"notes store {path} is damaged ({reason}) and could not be moved aside "
                f"({_reason(exc)}); notes are kept only until you quit"
            )
        problem = f"notes store {path} was damaged ({reason}); moved it to {aside.name}"
        try:
            db = _connect(path)
            _check(db, create=True)
        except (sqlite3.Error, _TooNew) as exc:
            return cls.in_memory(clock=clock), (
                f"{problem}, and could not start a new one ({_reason(exc)}); notes are kept "
                "only until you quit"
            )
        return cls(db, path, clock=clock), f"{problem} and started a new one"

    @classmethod
    def open_read_only(cls, folder: Path) -> tuple[NoteStore | None, str | None]:
        """Open the store in `folder` for reading only (the command line's exports).

        Returns:
            The store, or `None` when there is no store yet or it cannot be read (then with a
            one-line message saying why). Nothing is created, renamed or written.
        """
        path = folder / STORE_FILE
        if not path.is_file():
            return None, None
        try:
            db = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True, timeout=5)
        except sqlite3.Error as exc:
            return None, f"cannot read the notes store {path} ({_reason(exc)}); notes left out"
        try:
            _check(db, create=False)
        except (sqlite3.Error, _TooNew) as exc:
            db.close()
            return None, f"cannot read the notes store {path} ({_reason(exc)}); notes left out"
        return cls(db, path, writable=False), None

    def close(self) -> None:
        """Close the database."""
        self._db.close()

    # -- reading and writing -------------------------------------------------------------------

    def notes_for(self, a: Article, b: Article) -> list[Note]:
        """Every note on the pair, oriented for A = `a`, oldest first.

        Raises:
            NotesError: the database could not be read.
        """
        pair, swapped = _oriented(a, b)
        try:
            found = self._db.execute(
                "SELECT passage, verdict, note, first_side, second_side, created, updated "
                "FROM notes WHERE pair = ? ORDER BY created, passage",
                (pair,),
            ).fetchall()
        except sqlite3.Error as exc:
            raise NotesError(f"cannot read notes from {self._where}: {_reason(exc)}") from None
        notes: list[Note] = []
        for key, verdict, text, first, second, created, updated in found:
            try:
                sides = tuple(json.loads(first)), tuple(json.loads(second))
            except (json.JSONDecodeError, TypeError):
                sides = (), ()
            a_side, b_side = (sides[1], sides[0]) if swapped else sides
            notes.append(
                Note(
                    key,
                    verdict,
                    text,
                    Passage(tuple(map(str, a_side)), tuple(map(str, b_side))),
                    created,
                    updated,
                )
            )
        return notes

    def save(self, a: Article, b: Article, passage: Passage, verdict: str, text: str = "") -> Note:
        """Set the note on `passage` of the pair (`a`, `b`), replacing any earlier one.

        Raises:
            ValueError: `verdict` is not one of `VERDICTS`.
            NotesError: the store is read-only or could not be written (the note is not saved).
        """
        if verdict not in VERDICTS:
            raise ValueError(f"unknown verdict {verdict!r} (choose from {', '.join(VERDICTS)})")
        if not self.writable:
            raise NotesError(f"the notes store {self._where} is open read-only")
        text = text.strip()[:MAX_NOTE]
        pair, first, second = _canonical(a, b, passage)
        key = passage_key(a, b, passage)
        now = self._clock()
        try:
            with self._db:
                self._db.execute(
                    "INSERT INTO notes VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                    "ON CONFLICT (pair, passage) DO UPDATE SET "
                    "verdict = excluded.verdict, note = excluded.note, updated = excluded.updated",
                    (
                        pair,
                        key,
                        verdict,
                        text,
                        json.dumps(list(first), ensure_ascii=False),
                        json.dumps(list(second), ensure_ascii=False),
                        now,
                        now,
                    ),
                )
                created = self._db.execute(
                    "SELECT created FROM notes WHERE pair = ? AND passage = ?", (pair, key)
                ).fetchone()[0]
        except sqlite3.Error as exc:
            raise NotesError(f"cannot save the note to {self._where}: {_reason(exc)}") from None
        return Note(key, verdict, text, passage, created, now)

    def remove(self, a: Article, b: Article, key: str) -> bool:
        """Delete the note with passage key `key` from the pair; True if there was one.

        Raises:
            NotesError: the store is read-only or could not be written.
        """
        if not self.writable:
            raise NotesError(f"the notes store {self._where} is open read-only")
        pair, _ = _oriented(a, b)
        try:
            with self._db:
                done = self._db.execute(
                    "DELETE FROM notes WHERE pair = ? AND passage = ?", (pair, key)
                )
        except sqlite3.Error as exc:
            raise NotesError(f"cannot remove the note from {self._where}: {_reason(exc)}") from None
        return done.rowcount > 0

    @property
    def _where(self) -> str:
        return str(self.path) if self.path is not None else "memory"


class _TooNew(Exception):
    """The store was written by a newer sidebyside (a schema this one does not know)."""


def _connect(path: Path) -> sqlite3.Connection:
    # A second reader open on the same store waits for a writer instead of failing at once.
    return sqlite3.connect(path, timeout=5)


def _create(db: sqlite3.Connection) -> None:
    with db:
        db.execute(_SCHEMA)
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def _check(db: sqlite3.Connection, *, create: bool) -> None:
    """Make sure `db` is a readable store of ours (creating the tables in an empty one).

    Raises:
        sqlite3.DatabaseError: not a database, damaged, or someone else's tables.
        _TooNew: written by a newer version.
    """
    result = db.execute("PRAGMA quick_check").fetchone()
    if result is None or result[0] != "ok":
        raise sqlite3.DatabaseError(f"integrity check failed: {result[0] if result else '?'}")
    version = db.execute("PRAGMA user_version").fetchone()[0]
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if version == 0 and not tables:
        if create:
            _create(db)
        return
    if version > SCHEMA_VERSION:
        raise _TooNew(f"was written by a newer sidebyside (format {version})")
    columns = tuple(row[1] for row in db.execute("PRAGMA table_info(notes)"))
    if version != SCHEMA_VERSION or columns != _COLUMNS:
        raise sqlite3.DatabaseError("not a sidebyside notes store")


def _set_aside(path: Path) -> Path:
    """Rename a damaged store (and its journal files) out of the way; the new name."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    aside = path.with_name(f"{path.name}.damaged-{stamp}")
    number = 1
    while aside.exists():
        number += 1
        aside = path.with_name(f"{path.name}.damaged-{stamp}-{number}")
    os.replace(path, aside)
    # A journal left beside the old file would be "rolled back" into the new one.
    for suffix in ("-journal", "-wal", "-shm"):
        extra = path.with_name(path.name + suffix)
        if extra.exists():
            with contextlib.suppress(OSError):
                os.replace(extra, aside.with_name(aside.name + suffix))
    return aside
