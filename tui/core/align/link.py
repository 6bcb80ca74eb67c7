"""The aligner's result: a group of A sentences reporting the same content as a group of B ones."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Link"]


@dataclass(frozen=True, slots=True)
class Link:
    """A group of A sentences reporting the same content as a group of B sentences.

    One side always holds a single sentence (1:1, 1:n split or n:1 merge). `score` is in [0, 1].
    """

    a: tuple[int, ...]
    b: tuple[int, ...]
    score: float
