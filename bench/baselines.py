"""The two baselines our engine is measured against: what one would write in an afternoon.

- `cdist_align`: normalise every sentence, score the full n x m matrix with
  `rapidfuzz.process.cdist`, then assign 1:1 greedily, best score first. The scorer is
  `fuzz.ratio`, rapidfuzz's default and its fastest (bit-parallel Indel distance), so the speed
  ratio is against the cheapest naive matrix; `token_set_ratio` (the eval README's F1 0.68
  reference matcher) is about five times slower per cell.
- `difflib_align`: `difflib.SequenceMatcher` over the lists of normalised sentences, whose
  `get_opcodes()` only finds sentences copied verbatim and in order.

Both take lists of sentence strings so the engine's segmenter is not part of what they time.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from rapidfuzz import fuzz, process

__all__ = [
    "CDIST_MAX_CELLS",
    "Link",
    "cdist_align",
    "cdist_skip_reason",
    "difflib_align",
    "normalise",
]

# Above this many cells the float32 matrix alone is over 1 GiB and the greedy sort over its
# surviving cells takes minutes: the naive baseline is not a sane thing to run there.
CDIST_MAX_CELLS = 100_000_000

_NON_WORD = re.compile(r"[^\w\s]+")


@dataclass(frozen=True, slots=True)
class Link:
    """Sentence `a` of the left list matched to sentence `b` of the right one, score 0..100."""

    a: int
    b: int
    score: float


def normalise(sentence: str) -> str:
    """Lower-case, punctuation removed, whitespace collapsed."""
    return " ".join(_NON_WORD.sub(" ", sentence.lower()).split())


def cdist_skip_reason(n: int, m: int) -> str | None:
    """Why the full-matrix baseline is not run for an n x m pair, or None when it is sane."""
    cells = n * m
    if cells > CDIST_MAX_CELLS:
        gib = cells * 4 / 2**30
        return f"{n}x{m} matrix = {gib:.1f} GiB float32 and minutes of scoring"
    try:
        import numpy  # noqa: F401  (cdist returns a numpy array)
    except ImportError:
        return "numpy not installed (pip install -e '.[dev]')"
    return None


def cdist_align(
    left: Sequence[str],
    right: Sequence[str],
    *,
    cutoff: float = 60.0,
    workers: int = -1,
    scorer: Callable[..., float] = fuzz.ratio,
) -> list[Link]:
    """Greedy best-first 1:1 alignment over the full rapidfuzz score matrix.

    Args:
        left: sentences of A.
        right: sentences of B.
        cutoff: lowest score (0..100) that may link two sentences.
        workers: threads for `cdist` (-1: every core), the same the engine may use.
        scorer: a rapidfuzz scorer.

    Returns:
        The links, sorted by `a`.
    """
    import numpy as np

    if not left or not right:
        return []
    a = [normalise(s) for s in left]
    b = [normalise(s) for s in right]
    matrix = process.cdist(
        a, b, scorer=scorer, dtype=np.float32, workers=workers, score_cutoff=cutoff
    )
    rows, cols = np.nonzero(matrix >= cutoff)
    scores = matrix[rows, cols]
    order = np.argsort(-scores, kind="stable")
    used_a: set[int] = set()
    used_b: set[int] = set()
    links: list[Link] = []
    for k in order.tolist():
        i, j = int(rows[k]), int(cols[k])
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        links.append(Link(i, j, float(scores[k])))
    links.sort(key=lambda link: link.a)
    return links


def difflib_align(
    left: Sequence[str], right: Sequence[str]
) -> list[tuple[Literal["replace", "delete", "insert", "equal"], int, int, int, int]]:
    """`SequenceMatcher.get_opcodes()` over the two lists of normalised sentences.

    `autojunk` is off: with it, any sentence repeated in over 1% of a long B is ignored.
    """
    matcher = difflib.SequenceMatcher(
        None, [normalise(s) for s in left], [normalise(s) for s in right], autojunk=False
    )
    return matcher.get_opcodes()
