"""What the aligner knows about a pair of sentences: a few numbers, each with a plain meaning.

`Context` reads both articles once: each sentence's keys (`text.py`), how rare each key is in the
two documents (IDF), which keys are names, which keys sit next to a figure. `Context.features`
then describes one candidate pair with the numbers listed in `FEATURES`; `scoring.py` weighs
them into a probability that the two sentences carry the same content.

Weights are rarity in the two documents: a word found in two sentences of the pair alone says
far more than one found everywhere. Numbers identify a fact precisely, so a number of two or
more digits weighs like the rarest word. Words only one article uses count less in a sentence's
norm (they cannot be shared: the rewriter's own vocabulary), by `ONE_SIDED_WEIGHT`.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from tui.core.align.params import (
    CLASH_DISCOUNT,
    FEATURES,
    MIN_CONTENT,
    MIN_SHARED_NAMES,
    ONE_SIDED_WEIGHT,
    SLOT_CAP,
    SLOT_WINDOW,
)
from tui.core.align.text import (
    DAY_KEYS,
    MONTH_KEYS,
    clean,
    copy_key,
    demonym_map,
    is_big_number,
    is_label,
    name_tokens,
    surface_words,
    total,
    word_key,
)
from tui.core.facts.frames import counted_class
from tui.core.facts.numbers import find_numbers
from tui.core.types import Fact

__all__ = ["FEATURES", "Context", "describe"]


@dataclass(slots=True)
class Doc:
    """One article's sentences as the features need them, each worked out once."""

    sets: list[frozenset[str]]
    norms: list[float]
    keys: list[str]  # verbatim-copy keys
    labels: list[bool]
    numbers: list[frozenset[str]] = field(default_factory=list)
    word_norms: list[float] = field(default_factory=list)  # norms without the figures
    slots: list[frozenset[str]] = field(default_factory=list)
    frames: list[frozenset[str]] = field(default_factory=list)
    days: list[frozenset[str]] = field(default_factory=list)
    months: list[frozenset[str]] = field(default_factory=list)
    own: list[bool] = field(default_factory=list)
    timed: list[bool] = field(default_factory=list)  # names a day or a month
    place: list[float] = field(default_factory=list)  # position as a fraction of the length


_EMPTY: frozenset[str] = frozenset()


def frame_keys(measure: str, unit: str, counted: str) -> list[str]:
    """A figure's frame keys, its value left out: `measure|unit` and `|unit|counted` (what is
    counted, unless just people: the measure tells killed from injured), as `facts.frames`
    reads them."""
    keys = [f"{measure}|{unit}"] if measure else []
    noun = counted_class(counted)
    if noun and noun != "people":
        keys.append(f"|{unit}|{noun}")
    return keys


@lru_cache(maxsize=1 << 14)
def figure_frames(text: str) -> frozenset[str]:
    """The frame keys of the figures a sentence states (`frame_keys`).

    "He said 62 people have been killed" and "The total death toll stands at 72" both give
    `killed|count`: the same slot, whatever the value. Cached: a rewrite copies many of its
    source's sentences word for word.
    """
    return frozenset(
        k for m in find_numbers(text) for k in frame_keys(m.measure, m.unit, m.counted)
    )


def facts_frames(facts: Iterable[Fact], n: int) -> list[frozenset[str]]:
    """Each of `n` sentences' frame keys from facts already extracted (`extract_facts`): what
    `figure_frames` finds, without reading the figures a second time."""
    out: list[set[str]] = [set() for _ in range(n)]
    for f in facts:
        fr = f.frame
        if fr is not None and 0 <= f.sentence < n:
            out[f.sentence].update(frame_keys(fr.measure, fr.unit, fr.counted))
    return [frozenset(x) if x else _EMPTY for x in out]


def _near_figures(seq: list[str]) -> set[str]:
    """The keys within `SLOT_WINDOW` positions of a figure in a sentence's key sequence."""
    near: set[str] = set()
    for k, t in enumerate(seq):
        if is_big_number(t):
            near.update(u for u in seq[max(0, k - SLOT_WINDOW) : k + SLOT_WINDOW + 1])
    return {u for u in near if not u[0].isdigit()}


class Context:
    """Both articles read once: keys, weights, names; `features(i, j)` per candidate pair."""

    def __init__(
        self,
        a_texts: Sequence[str],
        b_texts: Sequence[str],
        frames: tuple[Sequence[frozenset[str]], Sequence[frozenset[str]]] | None = None,
    ) -> None:
        """Read both articles; `frames` are each sentence's figure frame keys when the caller
        has them (`facts_frames`), else they are found here (`figure_frames`)."""
        clean_a = [clean(x) for x in a_texts]
        clean_b = [clean(x) for x in b_texts]
        words_a = [surface_words(x) for x in clean_a]
        words_b = [surface_words(x) for x in clean_b]
        names, capital = name_tokens([*words_a, *words_b])
        demonyms = demonym_map(capital)
        final: dict[str, str | None] = {}
        for ws in (*words_a, *words_b):
            for w in ws:
                if w not in final:
                    key = word_key(w)
                    final[w] = None if key is None else demonyms.get(key, key)

        self._final = final

        def key_set(ws: list[str]) -> frozenset[str]:
            keys = set(map(final.__getitem__, ws))
            keys.discard(None)
            return frozenset(keys)  # type: ignore[arg-type]

        a_sets = [key_set(ws) for ws in words_a]
        b_sets = [key_set(ws) for ws in words_b]
        self.names = {demonyms.get(t, t) for t in names}
        df: dict[str, int] = defaultdict(int)
        for s in (*a_sets, *b_sets):
            for t in s:
                df[t] += 1
        n = len(a_sets) + len(b_sets)
        self.df = df
        # One pass over the distinct keys: their weights, the figures among them (numbers of two
        # digits or more weigh like the rarest word) and the content keys found in exactly two
        # sentences (shared by a pair, they single it out).
        top = math.log(n + 1) + 0.5
        log_n1 = math.log(n + 1)
        weight: dict[str, float] = {}
        figures: list[str] = []
        numeric: list[str] = []
        distinctive: list[str] = []
        names = self.names
        for t, d in df.items():
            if t[0].isdigit():
                numeric.append(t)
            if t[0].isdigit() and len(t) > 1:
                weight[t] = top
                figures.append(t)
                if d == 2:
                    distinctive.append(t)
            else:
                weight[t] = log_n1 - math.log(d) + 0.5
                if d == 2 and t[0].isalpha() and t not in names:
                    distinctive.append(t)
        self.weight = weight
        self.square: dict[str, float] = {t: w * w for t, w in weight.items()}
        in_a = set().union(*a_sets) if a_sets else set()
        in_b = set().union(*b_sets) if b_sets else set()
        both = in_a & in_b
        self._norm_square: dict[str, float] = {
            t: (w if t in both else w * ONE_SIDED_WEIGHT) ** 2 for t, w in weight.items()
        }
        # Names only one article mentions (a town, a person).
        self.own_names = {t for t in names if (t in in_a) != (t in in_b)}
        self.distinctive = frozenset(distinctive)
        self._figures = frozenset(figures)
        # Keys of numbers, spelled ones included (`Twenty-nine` -> `20`, `9`): a sentence
        # without one states no figure, and `find_numbers` is spared for it.
        self._numeric = frozenset(numeric)
        self.a = self._doc(a_sets, words_a, clean_a, a_texts, frames and frames[0])
        self.b = self._doc(b_sets, words_b, clean_b, b_texts, frames and frames[1])
        self._features = self._feature_function()

    def _doc(
        self,
        sets: list[frozenset[str]],
        words: list[list[str]],
        cleaned: list[str],
        texts: Sequence[str],
        frames: Sequence[frozenset[str]] | None,
    ) -> Doc:
        doc = Doc(
            sets,
            [self.norm(s) for s in sets],
            [copy_key(t) for t in cleaned],
            [is_label(t) for t in texts],
        )
        final, figures, names = self._final, self._figures, self.names
        if frames is not None and len(frames) == len(sets):
            doc.frames = list(frames)
        else:
            numeric = self._numeric
            doc.frames = [
                _EMPTY if s.isdisjoint(numeric) else figure_frames(t)
                for s, t in zip(sets, texts, strict=True)
            ]
        for k, s in enumerate(sets):
            nums = s & figures
            doc.numbers.append(nums)
            if nums:
                # Most sentences hold no figure: their key sequence is never needed.
                seq = [t for t in map(final.__getitem__, words[k]) if t is not None]
                doc.slots.append(frozenset(_near_figures(seq) - names))
                doc.word_norms.append(self.norm(s - nums))
            else:
                doc.slots.append(_EMPTY)
                doc.word_norms.append(doc.norms[k])
            doc.days.append(s & DAY_KEYS)
            doc.months.append(s & MONTH_KEYS)
            doc.own.append(not s.isdisjoint(self.own_names))
            doc.timed.append(bool(doc.days[-1] or doc.months[-1]))
        doc.place = [k / max(1, len(sets) - 1) for k in range(len(sets))]
        return doc

    def norm(self, tokset: frozenset[str] | set[str]) -> float:
        """A key set's squared norm (one-sided keys weighing less)."""
        return total(self._norm_square, tokset)

    def coverage(self, x: frozenset[str] | set[str], y: frozenset[str] | set[str]) -> float:
        """Share of `x`'s weight that `y` also holds (asymmetric, in [0, 1])."""
        norm = self.norm(x)
        if norm == 0.0:
            return 0.0
        return min(1.0, total(self.square, x & y) / norm)

    def cosine(self, x: frozenset[str] | set[str], y: frozenset[str] | set[str]) -> float:
        """Weighted cosine of two key sets (of single sentences or of groups)."""
        common = x & y
        if not common:
            return 0.0
        nx, ny = self.norm(x), self.norm(y)
        if nx == 0.0 or ny == 0.0:
            return 0.0
        return min(1.0, total(self.square, common) / math.sqrt(nx * ny))

    def features(self, i: int, j: int) -> tuple[float, ...] | None:
        """The `FEATURES` of A sentence `i` against B sentence `j`, or None when the pair
        shares too little to be considered (see `params.MIN_CONTENT`)."""
        return self._features(i, j)

    def _feature_function(self) -> Callable[[int, int], tuple[float, ...] | None]:
        """`features` as a closure over the per-sentence lists: it runs once per candidate
        pair (tens of thousands in a long article), and local names are the cheapest lookups."""
        a, b = self.a, self.b
        sets_a, sets_b = a.sets, b.sets
        names, distinctive, square = self.names, self.distinctive, self.square
        nums_of_a, nums_of_b = a.numbers, b.numbers
        slots_a, slots_b = a.slots, b.slots
        frames_a, frames_b = a.frames, b.frames
        norms_a, norms_b = a.norms, b.norms
        words_a, words_b = a.word_norms, b.word_norms
        timed_a, timed_b = a.timed, b.timed
        days_a, days_b, months_a, months_b = a.days, b.days, a.months, b.months
        own_a, own_b = a.own, b.own
        labels_a, labels_b = a.labels, b.labels
        place_a, place_b = a.place, b.place
        fsum, getitem, sqrt = math.fsum, square.__getitem__, math.sqrt

        def features(i: int, j: int) -> tuple[float, ...] | None:
            common = sets_a[i] & sets_b[j]
            fa, fb = frames_a[i], frames_b[j]
            same_frame = 1.0 if (fa and fb and not fa.isdisjoint(fb)) else 0.0
            if not common and not same_frame:
                return None
            shared_names = common & names
            content = len(common) - len(shared_names)
            nums_a, nums_b = nums_of_a[i], nums_of_b[j]
            shared_slots = slots_a[i] & slots_b[j] if (nums_a and nums_b) else _EMPTY
            # Too little in common, unless both give a figure for the same thing.
            if (
                content < MIN_CONTENT
                and len(common) < MIN_SHARED_NAMES
                and not shared_slots
                and not same_frame
            ):
                return None
            nx, ny = norms_a[i], norms_b[j]
            if nx == 0.0 or ny == 0.0:
                return None
            dot = fsum(map(getitem, common))
            shared_numbers = nums_a & nums_b if (nums_a and nums_b) else _EMPTY
            clash = 0.0
            if timed_a[i] and timed_b[j]:
                for kx, ky in ((days_a[i], days_b[j]), (months_a[i], months_b[j])):
                    if kx and ky and kx.isdisjoint(ky):
                        clash += 1.0
            anchor = 0.0 if common.isdisjoint(distinctive) else 1.0
            place = 0.0
            # Evidence of two events discounts the overlap itself (the model also sees the
            # flag), and a word the two sentences alone use is then no anchor.
            if own_a[i] and own_b[j] and not shared_names:
                place = 1.0
                dot *= CLASH_DISCOUNT
                anchor = 0.0
            cos = dot / sqrt(nx * ny)
            # Coverage is read on the words alone: a figure with another value must not push
            # apart two sentences saying the same thing (the figures have features of their own).
            dot_words = dot - fsum(map(getitem, shared_numbers)) if shared_numbers else dot
            if dot_words < 0.0:
                dot_words = 0.0
            wx, wy = words_a[i], words_b[j]
            cx = dot_words / wx if wx > 0.0 else 0.0
            cy = dot_words / wy if wy > 0.0 else 0.0
            cx = 1.0 if cx > 1.0 else cx
            cy = 1.0 if cy > 1.0 else cy
            la, lb = labels_a[i], labels_b[j]
            if la or lb:
                label = 1.0
                label_cover = (cx if cx < cy else cy) if (la and lb) else (cx if la else cy)
            else:
                label = label_cover = 0.0
            offset = place_a[i] - place_b[j]
            n_slots = len(shared_slots)
            return (
                1.0 if cos > 1.0 else cos,
                cx if cx < cy else cy,
                cx if cx > cy else cy,
                (content if content < 4 else 4) / 4.0,
                anchor,
                1.0 if shared_numbers else 0.0,
                (n_slots if n_slots < SLOT_CAP else SLOT_CAP) / SLOT_CAP,
                same_frame,
                clash,
                place,
                label,
                label_cover,
                offset if offset >= 0.0 else -offset,
            )

        return features


def describe(
    ctx: Context, pairs: Sequence[tuple[int, int]]
) -> tuple[list[tuple[int, int]], list[tuple[float, ...]]]:
    """The candidate pairs worth scoring and their `FEATURES`.

    Args:
        ctx: Both articles, read.
        pairs: Candidate pairs (see `candidates.py`).

    Returns:
        The pairs kept (those sharing enough, in the given order) and one feature tuple each.
    """
    kept: list[tuple[int, int]] = []
    rows: list[tuple[float, ...]] = []
    features = ctx._features
    for i, j in pairs:
        f = features(i, j)
        if f is not None:
            kept.append((i, j))
            rows.append(f)
    return kept, rows
