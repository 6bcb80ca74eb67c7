"""Story groups: which articles of a library report the same event, and who copied whom.

The work grows about linearly with the library:

1. **Once per article** (`tui.core.store`): sentences, facts and content tokens are extracted and
   kept in the store under the cache folder, keyed by the text's content hash.
2. **A sparse neighbour index**: every article's TF-IDF vector over the engine's content tokens
   is projected to `_DIMENSIONS` random dimensions (Johnson-Lindenstrauss: cosines survive
   within a few hundredths), a blocked matrix product shortlists each article's `_SHORTLIST`
   closest articles, and the exact TF-IDF cosine ranks that shortlist. The product is the only
   n² term: a BLAS loop of a few seconds at 10,000 articles (bench/README.md).
3. **The engine on neighbours only**: each article's `NEIGHBOURS` closest candidates at or above
   `PREFILTER_FLOOR` cosine, and its single closest one in any case, are aligned
   (`engine_similarity`: the share of sentences the aligner links, weighted by link scores);
   shortlisted pairs below the floor count as 0. Pair figures are stored by both hashes, so
   adding an article aligns only its own pairs.
4. **Average linkage** over the pairs measured: two clusters merge while the mean similarity of
   their measured cross pairs is at least `DEFAULT_THRESHOLD`. For two articles dated within
   `STORY_DAYS` of each other a pair weighs at least the threshold scaled by its TF-IDF cosine
   over `STORY_COSINE` (`_story_edge`): a statement and the news report of it share few
   sentences but the story's own words. When every pair is measured (any
   library of at most `NEIGHBOURS + 1` articles) this is plain average linkage, the same groups
   as comparing every pair; in a large library unmeasured pairs are left out of the mean rather
   than counted as 0, so a story of a thousand reports is not split by the pairs never compared.
5. **Bridging**: near-copies fill each other's neighbour lists, so the copies of one wire report
   can form a cluster with no measured pair to the copies of another report of the same story.
   For each cluster and its closest clusters (by centroid), the closest cross pairs and as many
   random ones are measured and the clustering runs again (at most `_BRIDGE_ROUNDS` times).

Measured with the engine on the bundled library (four reports of the October 2023
Putin-Netanyahu call, one of the December call), `tests/fixtures/two_stories` (two invented
stories) and `tests/fixtures/corpus`: pairs reporting the same event score 0.19-0.71, pairs of
different events 0.00-0.05 (the December call against the October reports: 0.02-0.05, the same
people on another day). `DEFAULT_THRESHOLD` = 0.10 sits in that gap with a margin of about 2x
either way. Average linkage is the default: one article that mentions two stories cannot chain
them together, as it would with single linkage. The cosine is 0.25-0.65 for same-event pairs,
0.21-0.27 for the same people on another day and under 0.05 for unrelated stories, so
`PREFILTER_FLOOR` = 0.12 never drops a same-event pair and still skips unrelated ones.

On the freely licensed evaluation events (`eval/` and `../shared/eval/more`: 56 real reports
and statements of 12 events, with same-topic distractors such as another earthquake or another
month's jobs report; 2026-12-07), the engine's similarity alone groups them with a pairwise F1
of 0.54 (precision 0.77, recall 0.42: most statements stand alone), the cosine alone at best
0.82 but joins the December call to the October reports (undated, same people), and the rule
above 0.82 (precision 0.89, recall 0.76) with the bundled reports grouped as before. It is flat
for `STORY_DAYS` from 5 to 30 and `STORY_COSINE` from 0.125 to 0.15; the more cautious ends
were taken. Both values were chosen on these events, so the figure is in-sample.

**Who copied whom** (`Provenance`): for each article of a group, the earlier article in which
most of its sentences are found, and the share found there. Earlier means an earlier date, or
on the same day: an article whose `via` names the other's outlet comes after it, and an article
with a `via` (carried from elsewhere) after one without. Of the earlier articles, one its `via`
names is preferred. When nothing earlier is known but articles of the same day are (nothing
decides which came first), no order is claimed: the verdict is `same-day` and the source the
same-day article in which most of its sentences are found. Undated articles come after dated
ones, in library order.
"""

from __future__ import annotations

import hashlib
import math
import os
import random
import re
import threading
import zlib
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from rapidfuzz import fuzz

from tui import __version__
from tui.core.align import Cancelled, Link, align, tokens
from tui.core.sentences import split_sentences
from tui.core.types import Article

if TYPE_CHECKING:
    import numpy as np

    from tui.core.store import ArticleData, PairData, Store

__all__ = [
    "CACHE_ENV",
    "CLOSE_RATIO",
    "DEFAULT_THRESHOLD",
    "MATRIX_FULL",
    "NEIGHBOURS",
    "PREFILTER_FLOOR",
    "STORY_COSINE",
    "STORY_DAYS",
    "Cancelled",
    "Grouping",
    "Order",
    "Provenance",
    "StoryGroup",
    "Verdict",
    "article_order",
    "content_hash",
    "engine_pair",
    "engine_similarity",
    "engine_version",
    "group_articles",
    "grouping_rule",
    "load_data",
    "load_tokens",
    "prefilter_scores",
    "resolve_cache_dir",
    "same_date",
]

CACHE_ENV = "SIDEBYSIDE_CACHE_DIR"
# See the module docstring for the measurements behind both figures.
DEFAULT_THRESHOLD = 0.10
PREFILTER_FLOOR = 0.12
# Two articles dated within `STORY_DAYS` of each other whose TF-IDF cosine reaches
# `STORY_COSINE` count as one story even when the aligner links few of their sentences (an
# official statement and the news report of it): see `_story_edge`.
STORY_DAYS = 7
STORY_COSINE = 0.15
# Candidates aligned per article (above the floor), and how many the projection shortlists for
# the exact cosine to rank. A library of at most _SHORTLIST + 1 articles measures every pair.
NEIGHBOURS = 6
_SHORTLIST = 24
_DIMENSIONS = 256
# Hash buckets of the projection's directions (32 MB of float32).
_BUCKETS = 1 << 15
# Rows of the projected matrix multiplied at once (a block of 512 x 10,000 floats is 20 MB).
_BLOCK = 512
# Bridging clusters of one story (see `_group`): rounds, closest clusters tried per cluster, and
# cross pairs aligned per pair of clusters.
_BRIDGE_ROUNDS = 3
_BRIDGE_CLUSTERS = 3
_BRIDGE_PAIRS = 2
# Groups up to this size get every pair aligned, so their matrix is complete.
MATRIX_FULL = 16
# Earlier articles considered as the source of a copy, beyond the measured neighbours.
_SOURCE_CANDIDATES = 3
# A link whose two sides match at least this well (rapidfuzz ratio of the case-folded texts)
# is a sentence taken nearly word for word.
CLOSE_RATIO = 0.9
# Provenance verdicts (see `Provenance`): measured on the bundled reports and the synthetic
# library of bench/library.py (bench/README.md).
_NEAR_COPY = 0.6
_REWRITE = 0.3
# Below this many jobs, starting worker processes costs more than it saves.
_PARALLEL_MIN_JOBS = 24
# The engine modules whose source decides a similarity or a fact; a change to any of them
# makes every stored figure stale.
_ENGINE_SOURCES = ("align", "compare.py", "divergence.py", "sentences.py", "facts", "store.py")

Linkage = Literal["average", "single"]
Progress = Callable[[float], None]
Verdict = Literal["first", "near-copy", "rewrite", "independent", "same-day", "carried"]
Order = Literal["date", "via", "unknown"]
_T = TypeVar("_T")
_R = TypeVar("_R")


def resolve_cache_dir(override: Path | None = None) -> Path:
    """The folder holding the store: `override`, else `$SIDEBYSIDE_CACHE_DIR`, else
    the user's cache folder (`platformdirs.user_cache_dir("sidebyside")`)."""
    if override is not None:
        return override
    env = os.environ.get(CACHE_ENV)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("sidebyside"))


def _digest(names: Sequence[str]) -> str:
    core = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for name in names:
        path = core / name
        # Sources and the data they ship (the aligner's fitted params.json) are both the engine.
        files = (
            sorted(f for f in path.rglob("*") if f.suffix in (".py", ".json"))
            if path.is_dir()
            else [path]
        )
        for file in files:
            try:
                digest.update(file.relative_to(core).as_posix().encode())
                digest.update(file.read_bytes())
            except OSError:
                digest.update(b"?")  # unreadable: still a stable (if pessimistic) key
    return digest.hexdigest()[:12]


@lru_cache(maxsize=1)
def engine_version() -> str:
    """`<package version>+<digest of the engine's source files>`: the store's engine key."""
    return f"{__version__}+{_digest(_ENGINE_SOURCES)}"


@lru_cache(maxsize=4)
def method_version(name: str) -> str:
    """A digest of one core module's source (`groups.py`, `ledger.py`): part of the key of the
    results that module stores, so a change to how groups or ledgers are built is never
    answered from the store."""
    return _digest((name,))


def content_hash(article: Article) -> str:
    """SHA-256 of the text the engine compares (headline and body): equal texts, equal hash."""
    return hashlib.sha256(article.text.encode("utf-8")).hexdigest()[:32]


# --- similarity -----------------------------------------------------------------------------


# --- the engine on one pair -----------------------------------------------------------------


def _check(cancel: threading.Event | None) -> None:
    if cancel is not None and cancel.is_set():
        raise Cancelled


def engine_pair(a: Article, b: Article, *, cancel: threading.Event | None = None) -> PairData:
    """The engine's similarity of two articles and how many sentences of each it links.

    Alignment only: no word diffs, no facts. `similarity` equals
    `compare(a, b).summary.similarity`.
    """
    from tui.core.store import PairData

    sents_a = split_sentences(a.text)
    sents_b = split_sentences(b.text)
    texts_a, texts_b = [s.text for s in sents_a], [s.text for s in sents_b]
    links = align(texts_a, texts_b, cancel=cancel)
    close = [link for link in links if _word_for_word(link, texts_a, texts_b)]
    total = len(sents_a) + len(sents_b)
    weighted = sum(link.score * (len(link.a) + len(link.b)) for link in links)
    return PairData(
        similarity=round(weighted / total, 4) if total else 0.0,
        sentences_a=len(sents_a),
        sentences_b=len(sents_b),
        linked_a=sum(len(link.a) for link in links),
        linked_b=sum(len(link.b) for link in links),
        close_a=sum(len(link.a) for link in close),
        close_b=sum(len(link.b) for link in close),
    )


def _word_for_word(link: Link, texts_a: Sequence[str], texts_b: Sequence[str]) -> bool:
    """A link whose two sides read nearly the same, word for word (`CLOSE_RATIO`).

    Measured on the text, not on the link's score: the aligner's score is the probability that
    the sentences carry the same content, which a close paraphrase reaches too.
    """
    side_a = " ".join(texts_a[i] for i in link.a).casefold()
    side_b = " ".join(texts_b[j] for j in link.b).casefold()
    return fuzz.ratio(side_a, side_b) >= CLOSE_RATIO * 100


def engine_similarity(a: Article, b: Article, *, cancel: threading.Event | None = None) -> float:
    """The engine's similarity of two articles, without word diffs or facts.

    Equal to `compare(a, b).summary.similarity`: sentences linked by the aligner, weighted by
    their link scores, over all sentences of both sides.

    Returns:
        A similarity in [0, 1], rounded to 4 places.
    """
    return engine_pair(a, b, cancel=cancel).similarity


def _pair_job(pair: tuple[Article, Article]) -> PairData:
    # Module-level so worker processes can unpickle it.
    return engine_pair(*pair)


def _extract_job(article: Article) -> ArticleData:
    from tui.core.store import extract_article

    return extract_article(article)


def _run_jobs(
    func: Callable[[_T], _R],
    items: Sequence[_T],
    *,
    workers: int,
    cancel: threading.Event | None,
    tick: Callable[[], None],
) -> Iterator[_R]:
    """`func` over `items` in order: in this thread, or in worker processes for many items."""
    if workers <= 1 or len(items) < _PARALLEL_MIN_JOBS:
        for item in items:
            _check(cancel)
            yield func(item)
            tick()
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        try:
            chunk = max(1, min(64, len(items) // (workers * 8)))
            for result in pool.map(func, items, chunksize=chunk):
                _check(cancel)
                yield result
                tick()
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise


# --- TF-IDF and the neighbour index ---------------------------------------------------------


def _tfidf(bags: Sequence[Mapping[str, int]]) -> list[dict[str, float]]:
    """Unit TF-IDF vectors (sublinear tf, smoothed idf) of token bags."""
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
    return vectors


def _cosine(x: Mapping[str, float], y: Mapping[str, float]) -> float:
    if len(x) > len(y):
        x, y = y, x
    return round(min(sum(w * y.get(t, 0.0) for t, w in x.items()), 1.0), 4)


def prefilter_scores(articles: Sequence[Article]) -> dict[tuple[int, int], float]:
    """TF-IDF cosine of every pair of articles over the engine's content tokens (small sets:
    this is the all-pairs reference the neighbour index ranks with).

    Returns:
        `(i, j) -> cosine` for `i < j`, only pairs sharing at least one token.
    """
    vectors = _tfidf([Counter(tokens(a.text)) for a in articles])
    scores: dict[tuple[int, int], float] = {}
    for i in range(len(vectors)):
        for j in range(i + 1, len(vectors)):
            value = _cosine(vectors[i], vectors[j])
            if value > 0:
                scores[(i, j)] = value
    return scores


class _Index:
    """The library's unit TF-IDF vectors as sparse arrays, and their random projection.

    The projection's directions come from a fixed seed over the sorted vocabulary, so a library
    projects the same way every time.
    """

    def __init__(self, vectors: Sequence[Mapping[str, float]]) -> None:
        import numpy as np

        vocab = sorted({t for vec in vectors for t in vec})
        index = {t: k for k, t in enumerate(vocab)}
        self.size = len(vocab)
        self.ids = [
            np.fromiter((index[t] for t in vec), dtype=np.int64, count=len(vec)) for vec in vectors
        ]
        self.weights = [
            np.fromiter(vec.values(), dtype=np.float64, count=len(vec)) for vec in vectors
        ]
        # One random direction per hash bucket of a token (a fixed seed, CRC-32 of the token):
        # the same token always projects the same way, and memory does not grow with the
        # vocabulary (10,000 articles over many stories have hundreds of thousands of words).
        rng = np.random.default_rng(20231016)
        directions = rng.standard_normal((_BUCKETS, _DIMENSIONS), dtype=np.float32)
        buckets = np.fromiter(
            (zlib.crc32(t.encode()) % _BUCKETS for t in vocab), dtype=np.int64, count=len(vocab)
        )
        out = np.zeros((len(vectors), _DIMENSIONS), dtype=np.float32)
        for i, (ids, weights) in enumerate(zip(self.ids, self.weights, strict=True)):
            if len(ids):
                out[i] = weights.astype(np.float32) @ directions[buckets[ids]]
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        self.projected: np.ndarray = out / norms

    def cosines(self, pairs: Sequence[tuple[int, int]]) -> dict[tuple[int, int], float]:
        """The exact TF-IDF cosine of each pair (as `_cosine` gives it), computed a row at a
        time: one dense row of the first article, gathered at the second articles' tokens."""
        import numpy as np

        by_first: dict[int, list[int]] = {}
        for i, j in pairs:
            by_first.setdefault(i, []).append(j)
        dense = np.zeros(self.size, dtype=np.float64)
        out: dict[tuple[int, int], float] = {}
        for i, others in by_first.items():
            dense[self.ids[i]] = self.weights[i]
            ids = np.concatenate([self.ids[j] for j in others])
            weights = np.concatenate([self.weights[j] for j in others])
            lengths = np.fromiter((len(self.ids[j]) for j in others), dtype=np.int64)
            starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
            products = dense[ids] * weights
            sums = np.add.reduceat(products, starts) if len(products) else np.zeros(len(others))
            # reduceat gives the element at a start for an empty slice: no tokens, no overlap.
            sums[lengths == 0] = 0.0
            for j, value in zip(others, sums.tolist(), strict=True):
                out[(i, j)] = round(min(value, 1.0), 4)
            dense[self.ids[i]] = 0.0
        return out


def _shortlists(
    projected: np.ndarray, size: int, cancel: threading.Event | None
) -> list[list[int]]:
    """For each row, the `size` other rows with the highest projected cosine."""
    import numpy as np

    n = projected.shape[0]
    if n - 1 <= size:
        return [[j for j in range(n) if j != i] for i in range(n)]
    out: list[list[int]] = []
    for start in range(0, n, _BLOCK):
        _check(cancel)
        block = projected[start : start + _BLOCK] @ projected.T
        rows = np.arange(block.shape[0])
        block[rows, rows + start] = -np.inf
        top = np.argpartition(-block, size, axis=1)[:, :size]
        out.extend(sorted(int(j) for j in row) for row in top)
    return out


def _candidates(
    index: _Index,
    shortlists: Sequence[Sequence[int]],
    floor: float,
    neighbours: int,
) -> tuple[set[tuple[int, int]], dict[tuple[int, int], float]]:
    """The pairs to align and the exact cosine of every shortlisted pair.

    Each article's `neighbours` best shortlisted pairs at or above `floor`, and its best pair
    whatever its cosine (when it shares any token), so an article that stands apart does so by
    a measured figure.
    """
    keys = {(min(i, j), max(i, j)) for i, row in enumerate(shortlists) for j in row}
    cosines = index.cosines(sorted(keys))
    chosen: set[tuple[int, int]] = set()
    for i, row in enumerate(shortlists):
        ranked = sorted(
            ((cosines[(min(i, j), max(i, j))], j) for j in row), key=lambda vj: (-vj[0], vj[1])
        )
        for rank, (value, j) in enumerate(ranked[:neighbours]):
            if value >= floor or (rank == 0 and value > 0):
                chosen.add((min(i, j), max(i, j)))
    return chosen, cosines


# --- grouping -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StoryGroup:
    """Articles reporting one event, and the closest link to any article outside the group.

    `members` index into `Grouping.articles`, in library order. `nearest` is `(member, outside,
    similarity)` for the most similar measured pair across the group's border, or None when no
    pair across it was measured; it is the reason the group stands apart.
    """

    members: tuple[int, ...]
    nearest: tuple[int, int, float] | None = None

    def __len__(self) -> int:
        return len(self.members)


@dataclass(frozen=True, slots=True)
class Provenance:
    """Who copied whom: an article's closest earlier article in its group.

    `source` is that article (an index into `Grouping.articles`), None when nothing in the
    group is earlier or of the same day. `share` is the share of the article's sentences the
    engine finds in the source, `close` the share found nearly word for word (text ratio at
    least `CLOSE_RATIO`). `verdict`: `near-copy` (at least 60% of the sentences nearly word for
    word), `rewrite` (at least 30% found, reworded), `independent` (less); `same-day` (nothing
    earlier, and nothing tells whether the source, of the same day, came first or second);
    `first` (nothing earlier or of the same day in the group); `carried` (likewise, but the
    article's `via` says it comes from elsewhere).

    `order` says how the source is known to be earlier: `date` (an earlier date, or dated
    against undated), `via` (the same day, and the article's `via` names the source's outlet or
    the article has a `via` and the source none), `unknown` (`same-day`); None without source.
    """

    article: int
    source: int | None
    share: float
    close: float
    verdict: Verdict
    similarity: float = 0.0
    order: Order | None = None


def _verdict(share: float, close: float) -> Verdict:
    if close >= _NEAR_COPY:
        return "near-copy"
    return "rewrite" if share >= _REWRITE else "independent"


@dataclass(frozen=True, slots=True)
class Grouping:
    """Story groups of a set of articles and the pairwise similarities behind them.

    `similarities` maps `(i, j)` with `i < j` to the engine's similarity of articles `i` and
    `j`; a pair missing from it was never aligned (not a neighbour, or below the cosine floor).
    `provenance` holds one entry per article.
    """

    articles: tuple[Article, ...]
    groups: tuple[StoryGroup, ...]
    similarities: Mapping[tuple[int, int], float] = field(
        default_factory=lambda: MappingProxyType({})
    )
    provenance: Mapping[int, Provenance] = field(default_factory=lambda: MappingProxyType({}))
    threshold: float = DEFAULT_THRESHOLD
    linkage: Linkage = "average"
    engine: str = ""
    computed: int = 0
    """How many pairs the aligner compared in this run (0 when everything came from the store)."""
    extracted: int = 0
    """How many articles were extracted in this run (0 when all came from the store)."""
    cache_error: str | None = None
    """Why the store could not be used as a file, if it could not."""

    def similarity(self, i: int, j: int) -> float | None:
        """The engine's similarity of articles `i` and `j`: 1.0 on the diagonal, None for a pair
        never aligned (it shares too few words, or is not among either's neighbours)."""
        if i == j:
            return 1.0
        return self.similarities.get((min(i, j), max(i, j)))

    def group_of(self, index: int) -> StoryGroup:
        """The group holding article `index`."""
        for group in self.groups:
            if index in group.members:
                return group
        raise KeyError(index)


def _cluster(
    n: int, edges: Mapping[tuple[int, int], float], threshold: float, linkage: Linkage
) -> list[list[int]]:
    """Agglomerative clustering over the measured pairs (`edges`, value 0 allowed).

    Average linkage scores two clusters by the mean of their measured cross pairs (with every
    pair measured: textbook average linkage); single linkage by the best one. The best score
    merges first (ties: the lowest cluster ids), while it is at least `threshold`. A heap with
    stale entries skipped keeps each merge to the neighbours of the two clusters.
    """
    import heapq

    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    # links[c][d] = [sum, count, max] over measured pairs between clusters c and d.
    links: dict[int, dict[int, list[float]]] = {i: {} for i in range(n)}
    for (i, j), value in edges.items():
        if i == j:
            continue
        links[i][j] = links[j][i] = [value, 1.0, value]

    def score(stat: list[float]) -> float:
        return stat[2] if linkage == "single" else stat[0] / stat[1]

    heap = [(-score(stat), i, j) for i, row in links.items() for j, stat in row.items() if i < j]
    heapq.heapify(heap)
    while heap:
        negative, keep, gone = heapq.heappop(heap)
        if keep not in members or gone not in members:
            continue
        stat = links[keep].get(gone)
        if stat is None or score(stat) != -negative:
            continue  # stale: the pair's score changed after this entry was pushed
        if -negative < threshold:
            break
        members[keep].extend(members.pop(gone))
        del links[keep][gone]
        for other, theirs in links.pop(gone).items():
            if other == keep:
                continue
            del links[other][gone]
            mine = links[keep].get(other)
            if mine is None:
                mine = [0.0, 0.0, 0.0]
            merged = [mine[0] + theirs[0], mine[1] + theirs[1], max(mine[2], theirs[2])]
            links[keep][other] = links[other][keep] = merged
        # Every link of the merged cluster may have a new score (average over more pairs).
        for other, stat in links[keep].items():
            lo, hi = min(keep, other), max(keep, other)
            heapq.heappush(heap, (-score(stat), lo, hi))
    return sorted((sorted(c) for c in members.values()), key=lambda c: c[0])


def _with_nearest(
    members: Sequence[int],
    sims: Mapping[tuple[int, int], float],
    by_article: Mapping[int, list[int]],
) -> StoryGroup:
    inside = set(members)
    nearest: tuple[int, int, float] | None = None
    for i in members:
        for j in by_article.get(i, ()):
            if j in inside:
                continue
            value = sims[(min(i, j), max(i, j))]
            if (
                nearest is None
                or value > nearest[2]
                or (value == nearest[2] and (i, j) < nearest[:2])
            ):
                nearest = (i, j, value)
    return StoryGroup(tuple(members), nearest)


def _story_edge(
    similarity: float, cosine: float | None, a: Article, b: Article, threshold: float
) -> float:
    """What a measured pair weighs in the clustering: the engine's similarity, or, for two
    articles dated within `STORY_DAYS` of each other, at least `threshold` scaled by how their
    TF-IDF cosine compares with `STORY_COSINE` (a pair at `STORY_COSINE` sits at the
    threshold), whichever is higher.

    The aligner links sentences carrying the same content, and an official statement shares
    few with the news report of it: on the evaluation events (`eval/`, real reports of twelve
    events and their same-topic distractors), half the pairs of one event score under the
    threshold, while their distinctive vocabulary (the cosine) tells events apart far better.
    The cosine alone cannot tell the same people on another day from the same story, so it
    counts only for articles dated days apart at most; undated articles are grouped by the
    engine alone.
    """
    if cosine is None or a.date is None or b.date is None:
        return similarity
    if abs((a.date - b.date).days) > STORY_DAYS:
        return similarity
    return max(similarity, threshold * cosine / STORY_COSINE)


def grouping_rule(threshold: float) -> str:
    """The grouping rule in words, short enough for an 80-column status line: "similarity
    ≥ 10%, or shared words within 7 days" (see `_story_edge`)."""
    percent = f"{threshold * 100:.0f}%"
    return f"similarity ≥ {percent}, or shared words within {STORY_DAYS} days"


def _settings(threshold: float, linkage: Linkage, floor: float) -> str:
    return f"{method_version('groups.py')}|{threshold}|{linkage}|{floor}"


def load_data(
    articles: Sequence[Article],
    *,
    store: Store,
    workers: int = 1,
    cancel: threading.Event | None = None,
    tick: Callable[[], None] = lambda: None,
) -> tuple[list[ArticleData], int]:
    """Each article's extraction, from the store or worked out now (and stored).

    Returns:
        The data in the order of `articles`, and how many articles were extracted now.
    """
    hashes = [content_hash(a) for a in articles]
    found = store.articles(hashes)
    todo = [k for k, h in enumerate(hashes) if h not in found]
    # Duplicated texts are extracted once.
    firsts = list({hashes[k]: k for k in reversed(todo)}.values())
    firsts.sort()
    fresh: list[tuple[str, ArticleData]] = []
    try:
        for k, data in zip(
            firsts,
            _run_jobs(
                _extract_job,
                [articles[k] for k in firsts],
                workers=workers,
                cancel=cancel,
                tick=tick,
            ),
            strict=False,
        ):
            found[hashes[k]] = data
            fresh.append((hashes[k], data))
            if len(fresh) >= 500:
                store.put_articles(fresh)
                fresh = []
    finally:
        # Whatever was extracted before a cancel is kept for next time.
        store.put_articles(fresh)
    return [found[h] for h in hashes], len(firsts)


def load_tokens(
    articles: Sequence[Article],
    *,
    store: Store,
    workers: int = 1,
    cancel: threading.Event | None = None,
    tick: Callable[[], None] = lambda: None,
) -> tuple[list[dict[str, int]], int]:
    """Each article's content tokens: from the store, or extracted now (whole, and stored).

    Returns:
        The tokens in the order of `articles`, and how many articles were extracted now.
    """
    hashes = [content_hash(a) for a in articles]
    found = store.tokens(hashes)
    missing = [k for k, h in enumerate(hashes) if h not in found]
    if missing:
        data, extracted = load_data(
            [articles[k] for k in missing], store=store, workers=workers, cancel=cancel, tick=tick
        )
        for k, d in zip(missing, data, strict=True):
            found[hashes[k]] = d.tokens
    else:
        extracted = 0
    return [found[h] for h in hashes], extracted


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
    """Group articles that report the same event, and say who copied whom in each group.

    Args:
        articles: The library, in the order groups should list them.
        threshold: Two clusters merge while their linkage similarity is at least this.
        linkage: `average` (mean similarity of the measured cross pairs; robust against one
            article that bridges two stories) or `single` (the closest pair decides).
        floor: Cosine below which a neighbour is not aligned (counts as 0).
        cache_dir: Folder of the store (default: `resolve_cache_dir()`).
        use_cache: Read and write the store on disk (else it lives in memory for this call).
        workers: Processes for extracting and aligning (default: the CPU count); 1 works in
            this thread.
        cancel: When set, the work stops with `Cancelled` (what was done is kept in the store).
        progress: Called with a fraction in [0, 1] as the work proceeds.

    Returns:
        The groups (largest first, then library order), the similarities behind them and the
        provenance of every article.

    Raises:
        Cancelled: `cancel` was set before the work finished.
    """
    from tui.core.store import Store

    folder = resolve_cache_dir(cache_dir) if use_cache else None
    with Store(folder) as store:
        return _group(
            tuple(articles),
            store=store,
            threshold=threshold,
            linkage=linkage,
            floor=floor,
            workers=workers or os.cpu_count() or 1,
            cancel=cancel,
            progress=progress,
        )


def _group(
    items: tuple[Article, ...],
    *,
    store: Store,
    threshold: float,
    linkage: Linkage,
    floor: float,
    workers: int,
    cancel: threading.Event | None,
    progress: Progress | None,
) -> Grouping:
    from tui.core.store import library_key

    n = len(items)
    engine = store.engine
    hashes = [content_hash(a) for a in items]
    last = 0.0

    def report(x: float) -> None:
        nonlocal last
        last = max(last, min(1.0, x))
        if progress is not None:
            progress(last)

    # The dates are part of the key: they decide which pairs the cosine may join (`_story_edge`).
    dated = [
        f"{h}@{a.date.isoformat() if a.date else ''}" for h, a in zip(hashes, items, strict=True)
    ]
    key = library_key(dated, _settings(threshold, linkage, floor))
    _check(cancel)
    saved = store.grouping(key)
    if saved is not None:
        grouping = _from_saved(items, saved, threshold, linkage, engine, store.error)
        if grouping is not None:
            report(1.0)
            return grouping

    # 1. Each article once.
    todo_count = [0]

    def extract_tick() -> None:
        todo_count[0] += 1
        report(0.3 * todo_count[0] / max(1, n))

    bags, extracted = load_tokens(
        items, store=store, workers=workers, cancel=cancel, tick=extract_tick
    )
    report(0.3)
    _check(cancel)

    # 2. The neighbour index.
    index = _Index(_tfidf(bags))
    projected = index.projected if n > 1 else None
    shortlists = _shortlists(projected, _SHORTLIST, cancel) if projected is not None else [[]]
    wanted, cosines = _candidates(index, shortlists, floor, NEIGHBOURS)
    report(0.35)
    _check(cancel)

    # 3. The engine on the chosen pairs (stored ones are not aligned again).
    pairs: dict[tuple[int, int], PairData] = {}
    computed = 0

    def measure(todo: Sequence[tuple[int, int]], start: float, span: float) -> None:
        nonlocal computed
        stored = store.pairs((hashes[i], hashes[j]) for i, j in todo)
        fresh: list[tuple[int, int]] = []
        for i, j in todo:
            value = stored.get((hashes[i], hashes[j]))
            if value is not None:
                pairs[(i, j)] = value
            elif hashes[i] == hashes[j]:
                pairs[(i, j)] = engine_pair(items[i], items[j])
            else:
                fresh.append((i, j))
        done = 0

        def tick() -> None:
            nonlocal done
            done += 1
            report(start + span * done / max(1, len(fresh)))

        batch: list[tuple[str, str, PairData]] = []
        try:
            for (i, j), value in zip(
                fresh,
                _run_jobs(
                    _pair_job,
                    [(items[i], items[j]) for i, j in fresh],
                    workers=workers,
                    cancel=cancel,
                    tick=tick,
                ),
                strict=False,
            ):
                pairs[(i, j)] = value
                computed += 1
                batch.append((hashes[i], hashes[j], value))
                if len(batch) >= 1000:
                    store.put_pairs(batch)
                    batch = []
        finally:
            store.put_pairs(batch)

    measure(sorted(wanted), 0.35, 0.4)
    _check(cancel)
    # Shortlisted pairs below the cosine floor are measured as unrelated (0); shortlisted pairs
    # above it that were not aligned stay unknown.
    edges = {k: 0.0 for k, c in cosines.items() if c < floor}

    def edge(k: tuple[int, int]) -> float:
        return _story_edge(pairs[k].similarity, cosines.get(k), items[k[0]], items[k[1]], threshold)

    edges.update((k, edge(k)) for k in pairs)
    clusters = _cluster(n, edges, threshold, linkage)
    # Near-copies fill each other's neighbour lists, so the copies of one report can form a
    # cluster with no measured pair to the copies of another report of the same story. Bridge
    # clusters: align the closest cross pairs of clusters whose centroids are close, and as many
    # drawn at random (so the mean that decides a merge is not that of the closest pairs only),
    # and cluster again, until no new pair is worth measuring.
    for round_number in range(_BRIDGE_ROUNDS):
        if projected is None or len(clusters) < 2:
            break
        tried = _bridges(clusters, index, set(edges))
        cosines.update(tried)
        bridges = sorted(k for k, v in tried.items() if v >= floor)
        # Pairs tried whose cosine is below the floor are measured as unrelated.
        edges.update((k, 0.0) for k, v in tried.items() if v < floor)
        if not bridges:
            break
        start = 0.75 + 0.1 * round_number / _BRIDGE_ROUNDS
        measure(bridges, start, 0.1 / _BRIDGE_ROUNDS)
        _check(cancel)
        for k in bridges:
            edges[k] = edge(k)
        clusters = _cluster(n, edges, threshold, linkage)
    # The matrix of a small group shows every pair: align members the index left out.
    missing = [
        (i, j)
        for members in clusters
        if len(members) <= MATRIX_FULL
        for x, i in enumerate(members)
        for j in members[x + 1 :]
        if (i, j) not in pairs
    ]
    measure(missing, 0.85, 0.05)
    _check(cancel)

    # 4. Who copied whom.
    sources = _source_candidates(items, clusters, pairs, projected)
    measure(sorted(set(sources) - set(pairs)), 0.9, 0.09)
    provenance = _provenance(items, clusters, pairs)
    sims = {k: v.similarity for k, v in pairs.items()}
    edges.update(sims)
    by_article: dict[int, list[int]] = {}
    for i, j in edges:
        by_article.setdefault(i, []).append(j)
        by_article.setdefault(j, []).append(i)
    groups = [_with_nearest(members, edges, by_article) for members in clusters]
    groups.sort(key=lambda g: (-len(g.members), g.members[0]))
    store.put_grouping(key, _to_saved(groups, sims, provenance))
    report(1.0)
    return Grouping(
        articles=items,
        groups=tuple(groups),
        similarities=MappingProxyType(sims),
        provenance=MappingProxyType(provenance),
        threshold=threshold,
        linkage=linkage,
        engine=engine,
        computed=computed,
        extracted=extracted,
        cache_error=store.error,
    )


def _bridges(
    clusters: Sequence[Sequence[int]],
    index: _Index,
    known: set[tuple[int, int]],
) -> dict[tuple[int, int], float]:
    """Unmeasured pairs linking each cluster to its `_BRIDGE_CLUSTERS` closest clusters (by
    centroid in the projection), with their exact cosine: of each pair of clusters, the
    `_BRIDGE_PAIRS` closest cross pairs and as many drawn at random."""
    import numpy as np

    projected = index.projected
    ids = [np.asarray(c, dtype=np.int64) for c in clusters]
    centroids = np.stack([projected[c].mean(axis=0) for c in ids])
    norms = np.linalg.norm(centroids, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    centroids = centroids / norms
    wanted: set[tuple[int, int]] = set()
    m = len(clusters)
    take = min(_BRIDGE_CLUSTERS, m - 1)
    for start in range(0, m, _BLOCK):
        block = centroids[start : start + _BLOCK] @ centroids.T
        rows = np.arange(block.shape[0])
        block[rows, rows + start] = -np.inf
        top = np.argpartition(-block, take - 1, axis=1)[:, :take] if take < m - 1 else None
        for r in range(block.shape[0]):
            a = start + r
            others = top[r] if top is not None else [b for b in range(m) if b != a]
            for b in others:
                cross = projected[ids[a]] @ projected[ids[int(b)]].T
                flat = np.argsort(-cross, axis=None, kind="stable")[:_BRIDGE_PAIRS].tolist()
                # As many pairs drawn at random (seeded by the two clusters): the closest pairs
                # alone would make any two clusters look alike.
                draw = random.Random(min(a, int(b)) * 1_000_003 + max(a, int(b)))
                flat += [draw.randrange(cross.size) for _ in range(_BRIDGE_PAIRS)]
                for k in flat:
                    x, y = divmod(int(k), cross.shape[1])
                    i, j = int(ids[a][x]), int(ids[int(b)][y])
                    key = (min(i, j), max(i, j))
                    if key not in known:
                        wanted.add(key)
    return index.cosines(sorted(wanted))


def article_order(articles: Sequence[Article], i: int) -> tuple[bool, str, bool, int]:
    """Earlier first: dated articles by date, those without `via` before those with one, then
    library order; undated ones last. A linear order to list and rank by: which article is
    known to come before which is `_earlier`."""
    date = articles[i].date
    return (date is None, date.isoformat() if date else "", bool(articles[i].via), i)


def _names(article: Article, other: Article) -> bool:
    """True when `article`'s `via` names `other`'s outlet (whole words, any case)."""
    outlet = other.outlet.strip().casefold()
    if not article.via or not outlet:
        return False
    return re.search(rf"(?<!\w){re.escape(outlet)}(?!\w)", article.via.casefold()) is not None


def _earlier(articles: Sequence[Article], j: int, i: int) -> Order | None:
    """How article `j` is known to come before article `i`: `date` (an earlier date; dated
    before undated; two undated ones by library order), `via` (the same day, and `i`'s `via`
    names `j`'s outlet, or `i` has a `via` and `j` none), else None (later, or not known)."""
    a, b = articles[j], articles[i]
    if a.date is None or b.date is None:
        if a.date is None and b.date is None:
            return "date" if j < i else None
        return "date" if b.date is None else None
    if a.date != b.date:
        return "date" if a.date < b.date else None
    i_names_j, j_names_i = _names(b, a), _names(a, b)
    if i_names_j != j_names_i:
        return "via" if i_names_j else None
    if bool(b.via) != bool(a.via):
        return "via" if b.via else None
    return None


def same_date(a: Article, b: Article) -> bool:
    """True when both articles bear the same date (so the dates cannot order them)."""
    return a.date is not None and a.date == b.date


def _source_candidates(
    articles: Sequence[Article],
    clusters: Sequence[Sequence[int]],
    pairs: Mapping[tuple[int, int], PairData],
    projected: np.ndarray | None,
) -> list[tuple[int, int]]:
    """Pairs to align so each article's closest earlier group member is measured: the
    `_SOURCE_CANDIDATES` members dated no later with the highest projected cosine (the same
    day may be earlier, or of unknown order), and every earlier member its `via` names."""
    if projected is None:
        return []
    import numpy as np

    out: list[tuple[int, int]] = []
    for members in clusters:
        if len(members) <= MATRIX_FULL:
            continue  # every pair of a small group is measured already
        order = sorted(members, key=lambda i: article_order(articles, i))
        day = [article_order(articles, i)[:2] for i in order]
        by_outlet: dict[str, list[int]] = {}
        for i in order:
            by_outlet.setdefault(articles[i].outlet, []).append(i)
        rows = np.asarray(order, dtype=np.int64)
        end = 0
        for x, i in enumerate(order):
            while end < len(order) and day[end] <= day[x]:
                end += 1
            earlier = np.delete(rows[:end], x)
            if len(earlier) == 0:
                continue
            scores = projected[earlier] @ projected[i]
            if len(earlier) > _SOURCE_CANDIDATES:
                best = np.argpartition(-scores, _SOURCE_CANDIDATES)[:_SOURCE_CANDIDATES]
            else:
                best = np.arange(len(earlier))
            wanted = {int(earlier[int(k)]) for k in best}
            if articles[i].via:
                wanted.update(
                    j
                    for outlet, js in by_outlet.items()
                    if _names(articles[i], articles[js[0]])
                    for j in js
                    if j != i and _earlier(articles, j, i) is not None
                )
            out.extend((min(j, i), max(j, i)) for j in sorted(wanted))
    return out


def _provenance(
    articles: Sequence[Article],
    clusters: Sequence[Sequence[int]],
    pairs: Mapping[tuple[int, int], PairData],
) -> dict[int, Provenance]:
    out: dict[int, Provenance] = {}
    by_article: dict[int, list[tuple[int, PairData]]] = {}
    for (i, j), value in pairs.items():
        by_article.setdefault(i, []).append((j, value))
        by_article.setdefault(j, []).append((i, value.swapped()))
    for members in clusters:
        order = sorted(members, key=lambda i: article_order(articles, i))
        rank = {i: k for k, i in enumerate(order)}
        measured = {i: [(j, v) for j, v in by_article.get(i, ()) if j in rank] for i in order}
        for i in order:
            # The earlier articles (one the `via` names first), else those of the same day
            # whose order nothing tells: the one in which most of the sentences are found.
            best: tuple[bool, bool, float, float, int] | None = None
            chosen: tuple[int, PairData, Order] | None = None
            for j, value in measured.get(i, ()):
                if value.sentences_a == 0:
                    continue
                how = _earlier(articles, j, i)
                if how is None:
                    if (
                        not same_date(articles[i], articles[j])
                        or _earlier(articles, i, j) is not None
                    ):
                        continue
                    how = "unknown"
                candidate = (
                    how != "unknown",
                    _names(articles[i], articles[j]),
                    value.linked_a / value.sentences_a,
                    value.similarity,
                    -rank[j],
                )
                if best is None or candidate > best:
                    best, chosen = candidate, (j, value, how)
            if chosen is None:
                verdict: Verdict = "carried" if articles[i].via else "first"
                out[i] = Provenance(i, None, 0.0, 0.0, verdict)
                continue
            j, value, how = chosen
            share = round(value.linked_a / value.sentences_a, 4)
            close = round(value.close_a / value.sentences_a, 4)
            verdict = "same-day" if how == "unknown" else _verdict(share, close)
            out[i] = Provenance(i, j, share, close, verdict, value.similarity, how)
    return out


def _to_saved(
    groups: Sequence[StoryGroup],
    sims: Mapping[tuple[int, int], float],
    provenance: Mapping[int, Provenance],
) -> dict[str, Any]:
    return {
        "groups": [[list(g.members), list(g.nearest) if g.nearest else None] for g in groups],
        "sims": [[i, j, v] for (i, j), v in sims.items()],
        "provenance": [
            [p.article, p.source, p.share, p.close, p.verdict, p.similarity, p.order]
            for p in provenance.values()
        ],
    }


def _from_saved(
    items: tuple[Article, ...],
    saved: Any,
    threshold: float,
    linkage: Linkage,
    engine: str,
    error: str | None,
) -> Grouping | None:
    """A stored grouping read back; None when the row does not have the expected shape."""
    try:
        n = len(items)
        groups = []
        for members, nearest in saved["groups"]:
            if not all(0 <= int(i) < n for i in members):
                return None
            near = None
            if nearest is not None:
                near = (int(nearest[0]), int(nearest[1]), float(nearest[2]))
            groups.append(StoryGroup(tuple(int(i) for i in members), near))
        sims = {(int(i), int(j)): float(v) for i, j, v in saved["sims"]}
        provenance = {
            int(a): Provenance(
                int(a), None if s is None else int(s), float(sh), float(c), v, float(sim), o
            )
            for a, s, sh, c, v, sim, o in saved["provenance"]
        }
    except (KeyError, TypeError, ValueError):
        return None
    if sorted(i for g in groups for i in g.members) != list(range(n)):
        return None
    return Grouping(
        articles=items,
        groups=tuple(groups),
        similarities=MappingProxyType(sims),
        provenance=MappingProxyType(provenance),
        threshold=threshold,
        linkage=linkage,
        engine=engine,
        computed=0,
        extracted=0,
        cache_error=error,
    )
