"""The library store: what the engine learns about each article, worked out once and kept.

One SQLite file (`store.sqlite3`) under the cache folder (`resolve_cache_dir`) holds:

- per article, keyed by the content hash of its text: its sentences (offsets), facts and content
  tokens (`ArticleData`), the tokens also in a column of their own (grouping reads only them);
- per pair of articles, keyed by both hashes: the engine's similarity and how many of each
  side's sentences the aligner links (`PairData`);
- per library, keyed by a digest of its articles and the grouping settings: the story groups
  (so a library that did not change is grouped without any work); per group, its ledger.

Every row belongs to one engine version (`engine_version`) and one layout (`_FORMAT`); when
either changes, the tables are dropped and refilled as articles are met again. A file that is
not a readable store (damaged, truncated, written by something else) is set aside and a new one
created; when even that fails (a read-only folder), the store lives in memory for the run and
`error` says why. Nothing here raises on a bad store: the worst case is recomputing.

Writes happen in transactions; the database is in WAL mode with a busy timeout, so several
readers (the reader and a `sidebyside ledger` in another terminal) can use it at once. A `Store`
belongs to the thread that opened it (SQLite connections are not shared between threads).
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import sqlite3
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tui.core.types as types_module
from tui.core.types import Article, Fact, Sentence

__all__ = [
    "STORE_FILE",
    "ArticleData",
    "PairData",
    "Store",
    "extract_article",
    "library_key",
]

STORE_FILE = "store.sqlite3"
# Bumped when the layout of the rows changes (independently of the engine version).
_FORMAT = "2"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    hash TEXT PRIMARY KEY, data TEXT NOT NULL, tokens TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS pairs (
    a TEXT NOT NULL, b TEXT NOT NULL, data TEXT NOT NULL, PRIMARY KEY (a, b)
);
CREATE TABLE IF NOT EXISTS groupings (key TEXT PRIMARY KEY, data TEXT NOT NULL);
"""
# SQLite limits the number of `?` in one statement; lookups go in chunks of this many.
_CHUNK = 500


@dataclass(frozen=True, slots=True)
class ArticleData:
    """What the engine extracts from one article on its own (no other article involved).

    `sentences` are `(start, end, paragraph)` offsets into `Article.text`; `tokens` the engine's
    content tokens (`tui.core.align.tokens`) with their counts; `sentence_tokens` each
    sentence's distinct content tokens.
    """

    sentences: tuple[tuple[int, int, int], ...]
    facts: tuple[Fact, ...]
    tokens: dict[str, int]
    sentence_tokens: tuple[frozenset[str], ...]

    def sentence_objects(self, text: str) -> tuple[Sentence, ...]:
        """The sentences as `Sentence`s of `text` (the article's text)."""
        return tuple(
            Sentence(k, text[start:end], start, end, paragraph)
            for k, (start, end, paragraph) in enumerate(self.sentences)
        )

    def to_json(self) -> str:
        """The row's stored form."""
        return json.dumps(
            {
                "s": self.sentences,
                "f": [_fact_row(f) for f in self.facts],
                "t": self.tokens,
                "st": [sorted(s) for s in self.sentence_tokens],
            },
            ensure_ascii=False,
            separators=(",", ":"),
        )

    @classmethod
    def from_json(cls, raw: str) -> ArticleData:
        """Read a stored row (raises `ValueError`/`KeyError`/`TypeError` when damaged)."""
        data = json.loads(raw)
        return cls(
            sentences=tuple((int(s), int(e), int(p)) for s, e, p in data["s"]),
            facts=tuple(_fact_from_row(row) for row in data["f"]),
            tokens={str(k): int(v) for k, v in data["t"].items()},
            sentence_tokens=tuple(frozenset(s) for s in data["st"]),
        )


@dataclass(frozen=True, slots=True)
class PairData:
    """The engine's view of two articles `a` and `b` (in the order of the stored key).

    `similarity` is `Comparison.summary.similarity`; `linked_a`/`linked_b` count the sentences
    of each side the aligner links to the other; `close_a`/`close_b` those linked by a link whose
    texts match at least `CLOSE_RATIO` (copied nearly word for word); `sentences_a`/`sentences_b`
    the totals.
    """

    similarity: float
    sentences_a: int
    sentences_b: int
    linked_a: int
    linked_b: int
    close_a: int
    close_b: int

    def swapped(self) -> PairData:
        """The same figures seen from `b`."""
        return PairData(
            self.similarity,
            self.sentences_b,
            self.sentences_a,
            self.linked_b,
            self.linked_a,
            self.close_b,
            self.close_a,
        )

    def to_json(self) -> str:
        """The row's stored form."""
        return json.dumps(
            [
                self.similarity,
                self.sentences_a,
                self.sentences_b,
                self.linked_a,
                self.linked_b,
                self.close_a,
                self.close_b,
            ]
        )

    @classmethod
    def from_json(cls, raw: str) -> PairData:
        """Read a stored row (raises `ValueError`/`TypeError` when damaged)."""
        sim, na, nb, la, lb, ca, cb = json.loads(raw)
        return cls(float(sim), int(na), int(nb), int(la), int(lb), int(ca), int(cb))


def _fact_row(fact: Fact) -> list[Any]:
    """A fact as a JSON row; a figure's frame (when the engine reads one) as a last element."""
    row: list[Any] = [
        fact.text,
        fact.kind,
        fact.sentence,
        fact.start,
        fact.end,
        fact.value,
        fact.subject,
    ]
    frame = getattr(fact, "frame", None)
    if frame is not None and dataclasses.is_dataclass(frame):
        row.append({f.name: getattr(frame, f.name) for f in dataclasses.fields(frame)})
    return row


def _fact_from_row(row: Sequence[Any]) -> Fact:
    text, kind, sentence, start, end, value, subject = row[:7]
    fact = Fact(str(text), str(kind), int(sentence), int(start), int(end), str(value), str(subject))
    frame_type = getattr(types_module, "Frame", None)
    if len(row) > 7 and isinstance(row[7], dict) and frame_type is not None:
        fields = {k: tuple(v) if isinstance(v, list) else v for k, v in row[7].items()}
        fact = dataclasses.replace(fact, frame=frame_type(**fields))  # type: ignore[call-arg]
    return fact


def extract_article(article: Article) -> ArticleData:
    """Sentences, facts and content tokens of one article (the engine, on this article alone)."""
    from tui.core.align import tokens
    from tui.core.facts import extract_facts
    from tui.core.sentences import split_sentences

    text = article.text
    sentences = split_sentences(text)
    facts = extract_facts(text, sentences)
    per_sentence = tuple(frozenset(tokens(s.text)) for s in sentences)
    return ArticleData(
        sentences=tuple((s.start, s.end, s.paragraph) for s in sentences),
        facts=tuple(facts),
        tokens=dict(Counter(tokens(text))),
        sentence_tokens=per_sentence,
    )


def _ordered(ha: str, hb: str) -> tuple[str, str, bool]:
    """The stored key order of a pair, and whether it is swapped."""
    return (ha, hb, False) if ha <= hb else (hb, ha, True)


class Store:
    """The SQLite store of one cache folder (see the module docstring).

    Args:
        folder: The cache folder; None keeps everything in memory (no file).
        engine: The engine version rows belong to (default: `engine_version()`).
    """

    def __init__(self, folder: Path | None, *, engine: str | None = None) -> None:
        if engine is None:
            from tui.core.groups import engine_version

            engine = engine_version()
        self.engine = engine
        self.path = None if folder is None else folder / STORE_FILE
        self.error: str | None = None
        """Why the store could not be used as a file (it then lives in memory), if it could not."""
        self.rebuilt: str | None = None
        """Why the store was emptied on opening (`stale`, `damaged`), if it was."""
        self._db = self._open()

    # -- opening -----------------------------------------------------------------------------

    def _connect(self, target: str) -> sqlite3.Connection:
        db = sqlite3.connect(target, timeout=10.0, isolation_level=None)
        try:
            db.execute("PRAGMA busy_timeout = 10000")
            if target != ":memory:":
                db.execute("PRAGMA journal_mode = WAL")
                db.execute("PRAGMA synchronous = NORMAL")
            db.executescript(_SCHEMA)
            # Reading every table once finds most damage now rather than mid-run.
            for table in ("meta", "articles", "pairs", "groupings"):
                db.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchall()
            meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
            if meta.get("format") != _FORMAT or meta.get("engine") != self.engine:
                if meta:
                    self.rebuilt = "stale"
                with _transaction(db):
                    # Dropped, not emptied: another format may have other columns.
                    for table in ("articles", "pairs", "groupings", "meta"):
                        db.execute(f"DROP TABLE IF EXISTS {table}")
                db.executescript(_SCHEMA)
                with _transaction(db):
                    db.executemany(
                        "INSERT INTO meta (key, value) VALUES (?, ?)",
                        [("format", _FORMAT), ("engine", self.engine)],
                    )
        except BaseException:
            db.close()
            raise
        return db

    def _open(self) -> sqlite3.Connection:
        if self.path is None:
            return self._connect(":memory:")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            return self._connect(str(self.path))
        except sqlite3.DatabaseError as exc:
            if not self._set_aside(exc):
                return self._connect(":memory:")
        except OSError as exc:
            self.error = f"{self.path.parent}: {exc.strerror or exc}"
            return self._connect(":memory:")
        try:
            self.rebuilt = "damaged"
            return self._connect(str(self.path))
        except (sqlite3.DatabaseError, OSError) as exc:
            self.error = f"{self.path}: {exc}"
            return self._connect(":memory:")

    def _set_aside(self, exc: Exception) -> bool:
        """Move a damaged store file (and its WAL files) out of the way; False if impossible."""
        assert self.path is not None
        stamp = time.strftime("%Y%m%d-%H%M%S")
        try:
            for suffix in ("", "-wal", "-shm"):
                src = self.path.with_name(self.path.name + suffix)
                if src.exists():
                    if suffix:
                        src.unlink()
                    else:
                        src.replace(self.path.with_name(f"{self.path.name}.damaged-{stamp}"))
        except OSError as err:
            self.error = f"{self.path}: {exc}; could not set it aside: {err.strerror or err}"
            return False
        return True

    def close(self) -> None:
        """Close the database."""
        with contextlib.suppress(sqlite3.Error):
            self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reading and writing ---------------------------------------------------------------------

    def _query(self, sql: str, args: Sequence[Any]) -> list[Any]:
        try:
            return self._db.execute(sql, args).fetchall()
        except sqlite3.Error as exc:
            # Damaged after opening (or locked for too long): answer "not stored".
            self.error = self.error or f"store read failed: {exc}"
            return []

    def _query_in(self, sql: str, keys: Sequence[str]) -> Iterator[Any]:
        """The rows of `sql` (whose `{marks}` is an `IN` list) for `keys`, in chunks of at most
        `_CHUNK` keys (SQLite's limit on bound parameters)."""
        for start in range(0, len(keys), _CHUNK):
            chunk = keys[start : start + _CHUNK]
            yield from self._query(sql.format(marks=",".join("?" * len(chunk))), chunk)

    def _write(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        batch = list(rows)
        if not batch:
            return
        try:
            with _transaction(self._db):
                self._db.executemany(sql, batch)
        except sqlite3.Error as exc:
            self.error = self.error or f"store write failed: {exc}"

    def articles(self, hashes: Sequence[str]) -> dict[str, ArticleData]:
        """The stored data of the given content hashes (missing or damaged rows left out)."""
        out: dict[str, ArticleData] = {}
        wanted = list(dict.fromkeys(hashes))
        for key, raw in self._query_in(
            "SELECT hash, data FROM articles WHERE hash IN ({marks})", wanted
        ):
            with contextlib.suppress(ValueError, KeyError, TypeError):
                out[key] = ArticleData.from_json(raw)
        return out

    def tokens(self, hashes: Sequence[str]) -> dict[str, dict[str, int]]:
        """Only the content tokens of the given hashes (what grouping needs; reading the whole
        rows of 10,000 articles, facts and all, took seconds)."""
        out: dict[str, dict[str, int]] = {}
        wanted = list(dict.fromkeys(hashes))
        for key, raw in self._query_in(
            "SELECT hash, tokens FROM articles WHERE hash IN ({marks})", wanted
        ):
            with contextlib.suppress(ValueError, TypeError, AttributeError):
                out[key] = {str(k): int(v) for k, v in json.loads(raw).items()}
        return out

    def put_articles(self, rows: Iterable[tuple[str, ArticleData]]) -> None:
        """Store article data (one transaction)."""
        self._write(
            "INSERT OR REPLACE INTO articles (hash, data, tokens) VALUES (?, ?, ?)",
            ((h, data.to_json(), json.dumps(data.tokens, ensure_ascii=False)) for h, data in rows),
        )

    def pairs(self, wanted: Iterable[tuple[str, str]]) -> dict[tuple[str, str], PairData]:
        """Stored pair data for `(ha, hb)` keys, each seen from `ha`'s side."""
        keys = list(dict.fromkeys(wanted))
        by_a: dict[str, list[str]] = {}
        for ha, hb in keys:
            lo, hi, _ = _ordered(ha, hb)
            by_a.setdefault(lo, []).append(hi)
        found: dict[tuple[str, str], PairData] = {}
        # One query per chunk of first hashes; the second hashes are filtered in Python.
        for a, b, raw in self._query_in(
            "SELECT a, b, data FROM pairs WHERE a IN ({marks})", list(by_a)
        ):
            with contextlib.suppress(ValueError, TypeError):
                found[(a, b)] = PairData.from_json(raw)
        out: dict[tuple[str, str], PairData] = {}
        for ha, hb in keys:
            lo, hi, swapped = _ordered(ha, hb)
            data = found.get((lo, hi))
            if data is not None:
                out[(ha, hb)] = data.swapped() if swapped else data
        return out

    def put_pairs(self, rows: Iterable[tuple[str, str, PairData]]) -> None:
        """Store pair data (one transaction); `(ha, hb, data)` with data seen from `ha`."""

        def ordered() -> Iterator[tuple[str, str, str]]:
            for ha, hb, data in rows:
                lo, hi, swapped = _ordered(ha, hb)
                yield lo, hi, (data.swapped() if swapped else data).to_json()

        self._write("INSERT OR REPLACE INTO pairs (a, b, data) VALUES (?, ?, ?)", ordered())

    def grouping(self, key: str) -> Any:
        """A stored grouping result (plain JSON data), or None."""
        rows = self._query("SELECT data FROM groupings WHERE key = ?", [key])
        if not rows:
            return None
        try:
            return json.loads(rows[0][0])
        except ValueError:
            return None

    def groupings(self, keys: Sequence[str]) -> dict[str, Any]:
        """The stored results of many keys at once (missing or damaged ones left out)."""
        out: dict[str, Any] = {}
        wanted = list(dict.fromkeys(keys))
        for key, raw in self._query_in(
            "SELECT key, data FROM groupings WHERE key IN ({marks})", wanted
        ):
            with contextlib.suppress(ValueError):
                out[key] = json.loads(raw)
        return out

    def put_groupings(self, items: Sequence[tuple[str, Any]]) -> None:
        """Store many results (plain JSON data) in one transaction."""
        self._write(
            "INSERT OR REPLACE INTO groupings (key, data) VALUES (?, ?)",
            [(key, json.dumps(data, separators=(",", ":"))) for key, data in items],
        )

    def put_grouping(self, key: str, data: Any) -> None:
        """Store a grouping result (plain JSON data)."""
        self._write(
            "INSERT OR REPLACE INTO groupings (key, data) VALUES (?, ?)",
            [(key, json.dumps(data, separators=(",", ":")))],
        )


@contextlib.contextmanager
def _transaction(db: sqlite3.Connection) -> Iterator[None]:
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def library_key(hashes: Sequence[str], settings: str) -> str:
    """A digest naming a library (its articles' hashes, in order) and the grouping settings."""
    digest = hashlib.sha256(settings.encode())
    for h in hashes:
        digest.update(h.encode())
        digest.update(b"\0")
    return digest.hexdigest()[:40]
