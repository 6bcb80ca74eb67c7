"""Story groups: which articles of a library report the same event.

Every pair of articles gets the engine's similarity (the share of sentences the aligner links,
weighted by link scores: `Comparison.summary.similarity`), and articles are grouped by
agglomerative clustering over it with a threshold.

Comparing all n(n-1)/2 pairs with the aligner is too slow for a library of 50 articles, so a
cheap prefilter runs first: TF-IDF cosine over the engine's own content tokens. Only pairs at or
above `PREFILTER_FLOOR` go to the aligner, plus each article's closest candidate (so an article
that stands apart still gets a measured figure to show why). Pairs below the floor count as 0.

Results are cached on disk per pair, keyed by both texts' content hashes and an engine version
string (the package version plus a digest of the engine's source files), so a library opens
instantly the second time and any change to the engine invalidates old figures.

Measured with the engine on the bundled library (four reports of the October 2023
Putin-Netanyahu call, one of the December call), `tests/fixtures/two_stories` (two invented
stories) and `tests/fixtures/corpus`: pairs reporting the same event score 0.19-0.71, pairs of
different events 0.00-0.05 (the December call against the October reports: 0.02-0.05, the same
people on another day). `DEFAULT_THRESHOLD` = 0.10 sits in that gap with a margin of about 2x
either way. Average linkage is the default: one article that mentions two stories cannot chain
them together, as it would with single linkage. The prefilter cosine is 0.25-0.65 for same-event
pairs, 0.21-0.27 for the same people on another day and under 0.05 for unrelated stories, so
`PREFILTER_FLOOR` = 0.12 never drops a same-event pair and still skips unrelated ones.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import threading
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal

from tui import __version__
from tui.core.align import Cancelled, align, tokens
from tui.core.sentences import split_sentences
from tui.core.types import Article

__all__ = [
    "CACHE_ENV",
    "DEFAULT_THRESHOLD",
    "PREFILTER_FLOOR",
    "Cancelled",
    "Grouping",
    "PairCache",
    "StoryGroup",
    "content_hash",
    "engine_similarity",
    "engine_version",
    "group_articles",
    "prefilter_scores",
    "resolve_cache_dir",
]

CACHE_ENV = "SIDEBYSIDE_CACHE_DIR"
# See the module docstring for the measurements behind both figures.
DEFAULT_THRESHOLD = 0.10
PREFILTER_FLOOR = 0.12
# Below this many pairs to align, starting worker processes costs more than it saves.
_PARALLEL_MIN_PAIRS = 24
_CACHE_FILE = "similarity.json"
_CACHE_FORMAT = 1
# The engine modules whose source decides a similarity or a fact; a change to any of them
# makes every cached figure stale.
_ENGINE_SOURCES = ("align.py", "compare.py", "divergence.py", "sentences.py", "facts")

Linkage = Literal["average", "single"]
Progress = Callable[[float], None]


def resolve_cache_dir(override: Path | None = None) -> Path:
    """The folder holding cached similarities: `override`, else `$SIDEBYSIDE_CACHE_DIR`, else
    the user's cache folder (`platformdirs.user_cache_dir("sidebyside")`)."""
    if override is not None:
        return override
    env = os.environ.get(CACHE_ENV)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("sidebyside"))


@lru_cache(maxsize=1)
def engine_version() -> str:
    """`<package version>+<digest of the engine's source files>`: the cache key's engine part."""
    core = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for name in _ENGINE_SOURCES:
        path = core / name
        files = sorted(path.rglob("*.py")) if path.is_dir() else [path]
        for file in files:
            try:
                digest.update(file.relative_to(core).as_posix().encode())
                digest.update(file.read_bytes())
            except OSError:
                digest.update(b"?")  # unreadable: still a stable (if pessimistic) key
    return f"{__version__}+{digest.hexdigest()[:12]}"


def content_hash(article: Article) -> str:
    """SHA-256 of the text the engine compares (headline and body): equal texts, equal hash."""
    return hashlib.sha256(article.text.encode("utf-8")).hexdigest()[:32]


def _pair_key(engine: str, ha: str, hb: str) -> str:
    lo, hi = sorted((ha, hb))
    return f"{engine}:{lo}:{hi}"


class PairCache:
    """Per-pair results in one JSON file under `folder`, keyed by engine version and content.

    Reading a missing or damaged file gives an empty cache; writing is atomic and best effort
    (a read-only cache folder only makes the next run slower). Entries of other engine
    versions are dropped on save so the file does not grow with every engine change.
    """

    def __init__(self, folder: Path, *, engine: str | None = None) -> None:
        self.path = folder / _CACHE_FILE
        self.engine = engine or engine_version()
        self._entries: dict[str, dict[str, Any]] = {}
        self._dirty = False
        self.error: str | None = None
        """Why the last save failed, if it did."""
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        if isinstance(raw, dict) and raw.get("format") == _CACHE_FORMAT:
            entries = raw.get("entries")
            if isinstance(entries, dict):
                self._entries = {
                    k: v
                    for k, v in entries.items()
                    if isinstance(v, dict) and k.startswith(f"{self.engine}:")
                }

    def get(self, ha: str, hb: str, field_name: str) -> Any:
        """The cached value of `field_name` for the pair, or None."""
        entry = self._entries.get(_pair_key(self.engine, ha, hb))
        return None if entry is None else entry.get(field_name)

    def put(self, ha: str, hb: str, field_name: str, value: Any) -> None:
        """Remember `value` under `field_name` for the pair (saved by `save`)."""
        self._entries.setdefault(_pair_key(self.engine, ha, hb), {})[field_name] = value
        self._dirty = True

    def save(self) -> None:
        """Write the cache if anything changed; failures are kept in `error`, never raised."""
        if not self._dirty:
            return
        from tui.core.fsio import WriteError, write_atomic

        data = json.dumps(
            {"format": _CACHE_FORMAT, "entries": self._entries}, separators=(",", ":")
        )
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(self.path, data, overwrite=True)
        except (OSError, WriteError) as exc:
            self.error = str(exc)
            return
        self._dirty = False


# --- similarity -----------------------------------------------------------------------------


def _check(cancel: threading.Event | None) -> None:
    if cancel is not None and cancel.is_set():
        raise Cancelled


def engine_similarity(a: Article, b: Article, *, cancel: threading.Event | None = None) -> float:
    """The engine's similarity of two articles, without word diffs or facts.

    Equal to `compare(a, b).summary.similarity`: sentences linked by the aligner, weighted by
    their link scores, over all sentences of both sides.

    Args:
        a: One article.
        b: The other.
        cancel: When set, stops with `Cancelled`.

    Returns:
        A similarity in [0, 1], rounded to 4 places.
    """
    sents_a = split_sentences(a.text)
    sents_b = split_sentences(b.text)
    links = align([s.text for s in sents_a], [s.text for s in sents_b], cancel=cancel)
    total = len(sents_a) + len(sents_b)
    weighted = sum(link.score * (len(link.a) + len(link.b)) for link in links)
    return round(weighted / total, 4) if total else 0.0


def _similarity_job(pair: tuple[Article, Article]) -> float:
    # Module-level so worker processes can unpickle it.
    return engine_similarity(*pair)


def prefilter_scores(articles: Sequence[Article]) -> dict[tuple[int, int], float]:
    """TF-IDF cosine of every pair of articles over the engine's content tokens.

    Args:
        articles: The articles.

    Returns:
        `(i, j) -> cosine` for `i < j`, only pairs sharing at least one token (others are 0).
    """
    bags = [Counter(tokens(article.text)) for article in articles]
    n = len(bags)
    df: Counter[str] = Counter()
    for bag in bags:
        df.update(bag.keys())
    # Smoothed IDF: a token in every article still weighs a little (small libraries).
    idf = {t: math.log((1 + n) / (1 + d)) + 1.0 for t, d in df.items()}
    vectors: list[dict[str, float]] = []
    for bag in bags:
        vec = {t: (1.0 + math.log(c)) * idf[t] for t, c in bag.items()}
        norm = math.sqrt(sum(w * w for w in vec.values())) or 1.0
        vectors.append({t: w / norm for t, w in vec.items()})
    # An inverted index keeps this near-linear when stories share few words.
    postings: dict[str, list[tuple[int, float]]] = {}
    for i, vec in enumerate(vectors):
        for t, w in vec.items():
            postings.setdefault(t, []).append((i, w))
    scores: dict[tuple[int, int], float] = {}
    for plist in postings.values():
        for x, (i, wi) in enumerate(plist):
            for j, wj in plist[x + 1 :]:
                scores[(i, j)] = scores.get((i, j), 0.0) + wi * wj
    return {k: round(min(v, 1.0), 4) for k, v in scores.items()}


# --- grouping -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StoryGroup:
    """Articles reporting one event, and the closest link to any article outside the group.

    `members` index into `Grouping.articles`, in library order. `nearest` is `(member, outside,
    similarity)` for the most similar pair across the group's border, or None when the library
    has no other article; it is the reason the group stands apart.
    """

    members: tuple[int, ...]
    nearest: tuple[int, int, float] | None = None

    def __len__(self) -> int:
        return len(self.members)


@dataclass(frozen=True, slots=True)
class Grouping:
    """Story groups of a set of articles and the pairwise similarities behind them.

    `similarities` maps `(i, j)` with `i < j` to the engine's similarity of articles `i` and
    `j`; a pair missing from it was below the prefilter floor and counts as 0.
    """

    articles: tuple[Article, ...]
    groups: tuple[StoryGroup, ...]
    similarities: Mapping[tuple[int, int], float] = field(
        default_factory=lambda: MappingProxyType({})
    )
    prefilter: Mapping[tuple[int, int], float] = field(default_factory=lambda: MappingProxyType({}))
    threshold: float = DEFAULT_THRESHOLD
    linkage: Linkage = "average"
    engine: str = ""
    computed: int = 0
    """How many pairs the aligner compared in this run (0 when everything came from cache)."""
    cache_error: str | None = None
    """Why the cache could not be saved, if it could not."""

    def similarity(self, i: int, j: int) -> float | None:
        """The engine's similarity of articles `i` and `j`: 1.0 on the diagonal, None for a pair
        the prefilter left out (it shares too few words to be compared)."""
        if i == j:
            return 1.0
        return self.similarities.get((min(i, j), max(i, j)))

    def group_of(self, index: int) -> StoryGroup:
        """The group holding article `index`."""
        for group in self.groups:
            if index in group.members:
                return group
        raise KeyError(index)


def _average_linkage(
    n: int, sims: Mapping[tuple[int, int], float], threshold: float, linkage: Linkage
) -> list[list[int]]:
    """Agglomerative clustering over a sparse similarity graph (missing pairs are 0).

    Average linkage keeps the sum of member similarities per pair of clusters (a merge adds the
    rows), so each merge costs one pass over the cluster pairs that share any link. Single
    linkage keeps the maximum instead.
    """
    clusters: dict[int, list[int]] = {i: [i] for i in range(n)}
    links: dict[tuple[int, int], float] = {k: v for k, v in sims.items() if v > 0}

    def score(key: tuple[int, int], value: float) -> float:
        if linkage == "single":
            return value
        return value / (len(clusters[key[0]]) * len(clusters[key[1]]))

    while links:
        best = max(links.items(), key=lambda kv: (score(*kv), -kv[0][0], -kv[0][1]))
        (keep, gone), value = best
        if score((keep, gone), value) < threshold:
            break
        clusters[keep].extend(clusters.pop(gone))
        merged: dict[tuple[int, int], float] = {}
        for (x, y), v in links.items():
            if {x, y} == {keep, gone}:
                continue
            if gone in (x, y) or keep in (x, y):
                other = y if x in (keep, gone) else x
                k = (min(keep, other), max(keep, other))
                if linkage == "single":
                    merged[k] = max(merged.get(k, 0.0), v)
                else:
                    merged[k] = merged.get(k, 0.0) + v
            else:
                merged[(x, y)] = v
        links = merged
    return sorted((sorted(c) for c in clusters.values()), key=lambda c: c[0])


def _pairs_to_align(
    n: int, cheap: Mapping[tuple[int, int], float], floor: float
) -> set[tuple[int, int]]:
    chosen = {k for k, v in cheap.items() if v >= floor}
    # Every article's closest candidate too, so an outlier is apart by a measured figure.
    best: dict[int, tuple[float, tuple[int, int]]] = {}
    for key, value in cheap.items():
        for i in key:
            if i not in best or value > best[i][0]:
                best[i] = (value, key)
    chosen.update(key for _, key in best.values())
    return chosen


def _run_pairs(
    articles: Sequence[Article],
    todo: list[tuple[int, int]],
    *,
    workers: int,
    cancel: threading.Event | None,
    tick: Callable[[], None],
) -> Iterator[tuple[tuple[int, int], float]]:
    if workers <= 1 or len(todo) < _PARALLEL_MIN_PAIRS:
        for i, j in todo:
            _check(cancel)
            yield (i, j), engine_similarity(articles[i], articles[j], cancel=cancel)
            tick()
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        jobs = [(articles[i], articles[j]) for i, j in todo]
        try:
            chunk = max(1, len(todo) // (workers * 8))
            results = pool.map(_similarity_job, jobs, chunksize=chunk)
            for key, value in zip(todo, results, strict=True):
                _check(cancel)
                yield key, value
                tick()
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def group_articles(
    articles: Sequence[Article],
    *,
    threshold: float = DEFAULT_THRESHOLD,
    linkage: Linkage = "average",
    floor: float = PREFILTER_FLOOR,
    cache_dir: Path | None = None,
    use_cache: bool = True,
    workers: int | None = None,
    cancel: threading.Event | None = None,
    progress: Progress | None = None,
) -> Grouping:
    """Group articles that report the same event.

    Args:
        articles: The library, in the order groups should list them.
        threshold: Two clusters merge while their linkage similarity is at least this.
        linkage: `average` (mean similarity of all cross pairs; robust against one article
            that bridges two stories) or `single` (the closest pair decides).
        floor: Prefilter cosine below which a pair is not aligned (counts as 0).
        cache_dir: Cache folder (default: `resolve_cache_dir()`).
        use_cache: Read and write the on-disk cache.
        workers: Processes for aligning (default: the CPU count); 1 aligns in this thread.
        cancel: When set, the work stops with `Cancelled` between pairs.
        progress: Called with a fraction in [0, 1] as pairs are compared.

    Returns:
        The groups (largest first, then library order) and the similarities behind them.

    Raises:
        Cancelled: `cancel` was set before the work finished.
    """
    items = tuple(articles)
    n = len(items)
    engine = engine_version()
    cache = PairCache(resolve_cache_dir(cache_dir), engine=engine) if use_cache else None
    hashes = [content_hash(a) for a in items]

    def report(x: float) -> None:
        if progress is not None:
            progress(max(0.0, min(1.0, x)))

    sims: dict[tuple[int, int], float] = {}
    cheap: dict[tuple[int, int], float] | None = None
    # Fast path: every pair known from the cache (the prefilter's verdict is cached too).
    if cache is not None:
        known = True
        for i in range(n):
            for j in range(i + 1, n):
                value = cache.get(hashes[i], hashes[j], "sim")
                if value is None:
                    known = False
                    break
                if value >= 0:
                    sims[(i, j)] = float(value)
            if not known:
                break
        if not known:
            sims.clear()
        else:
            cheap = {}
    _check(cancel)
    todo: list[tuple[int, int]] = []
    if cheap is None:
        cheap = prefilter_scores(items)
        report(0.05)
        _check(cancel)
        wanted = _pairs_to_align(n, cheap, floor)
        for i in range(n):
            for j in range(i + 1, n):
                cached = cache.get(hashes[i], hashes[j], "sim") if cache is not None else None
                if cached is not None and cached >= 0:
                    sims[(i, j)] = float(cached)
                elif (i, j) in wanted:
                    todo.append((i, j))
                elif cache is not None and cached is None:
                    cache.put(hashes[i], hashes[j], "sim", -1.0)  # pruned: remember it
    run_workers = workers or os.cpu_count() or 1

    def compute(pairs: list[tuple[int, int]], start: float, span: float) -> None:
        done = 0

        def tick() -> None:
            nonlocal done
            done += 1
            report(start + span * done / max(1, len(pairs)))

        for (i, j), value in _run_pairs(
            items, pairs, workers=run_workers, cancel=cancel, tick=tick
        ):
            sims[(i, j)] = value
            if cache is not None:
                cache.put(hashes[i], hashes[j], "sim", value)

    try:
        compute(todo, 0.05, 0.85)
        clusters = _average_linkage(n, sims, threshold, linkage)
        # The matrix of a group shows every pair: align members the prefilter left out.
        missing = [
            (i, j)
            for members in clusters
            for x, i in enumerate(members)
            for j in members[x + 1 :]
            if (i, j) not in sims
        ]
        compute(missing, 0.9, 0.1)
    finally:
        # Whatever was computed before a cancel is kept for next time.
        if cache is not None:
            cache.save()
    _check(cancel)
    groups = [_with_nearest(members, n, sims) for members in clusters]
    groups.sort(key=lambda g: (-len(g.members), g.members[0]))
    report(1.0)
    return Grouping(
        articles=items,
        groups=tuple(groups),
        similarities=MappingProxyType(sims),
        prefilter=MappingProxyType(cheap),
        threshold=threshold,
        linkage=linkage,
        engine=engine,
        computed=len(todo) + len(missing),
        cache_error=cache.error if cache is not None else None,
    )


def _with_nearest(members: list[int], n: int, sims: Mapping[tuple[int, int], float]) -> StoryGroup:
    inside = set(members)
    nearest: tuple[int, int, float] | None = None
    for i in members:
        for j in range(n):
            if j in inside:
                continue
            value = sims.get((min(i, j), max(i, j)), 0.0)
            if nearest is None or value > nearest[2]:
                nearest = (i, j, value)
    return StoryGroup(tuple(members), nearest)
