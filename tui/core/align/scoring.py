"""Scoring: the features of a pair weighed into a probability of the same content.

A logistic model, `1 / (1 + exp(-(bias + sum(w * f))))`, whose weights are fitted on the
evaluation data (`eval/loeo.py --refit`, numpy at fit time only). A verbatim copy scores 1.0
whatever its content, so the same article twice is always 100% similar.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from operator import mul

from tui.core.align.features import Context
from tui.core.align.params import Params

__all__ = ["probability", "score_pairs"]


def probability(features: tuple[float, ...], params: Params) -> float:
    """The model's probability for one pair's features."""
    z = params.bias
    for w, f in zip(params.weights, features, strict=True):
        z += w * f
    if z < -30.0:
        return 0.0
    return 1.0 / (1.0 + math.exp(-z))


def score_pairs(
    ctx: Context,
    copies: Iterable[tuple[int, int]],
    pairs: Iterable[tuple[int, int]],
    params: Params,
) -> dict[tuple[int, int], float]:
    """Probability of every candidate pair (copies 1.0); pairs sharing too little are left out."""
    scored = dict.fromkeys(copies, 1.0)
    weights, bias = params.weights, params.bias
    exp = math.exp
    features = ctx._features  # the closure itself: this loop runs once per candidate pair
    for pair in pairs:
        f = features(*pair)
        if f is None:
            continue
        z = bias + sum(map(mul, weights, f))
        if z > -30.0:
            scored[pair] = 1.0 / (1.0 + exp(-z))
    return scored
