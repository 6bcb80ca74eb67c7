"""Every tunable number of the aligner, in one place: `params.json` beside this module.

The feature weights and the seven thresholds are fitted on the evaluation data by
`eval/loeo.py --refit` (logistic regression for the weights, a grid search of the thresholds for
link F1), and the figures they reach on events left out of the fit are printed by
`eval/loeo.py`. The constants below the feature list are the only other numbers the aligner
uses: definitions kept from the hand-written aligner, not fitted.

- `weights` (one per name in `features.FEATURES`) and `bias`: the logistic model giving the
  probability that a pair of sentences carries the same content.
- `link`: minimum probability of a 1:1 link (pairs taken best first, each sentence once).
- `join`: minimum probability for a free sentence to join a linked group on its own side (a
  sentence packing what the other article says in several, or split in two).
- `context`: minimum probability of a pair whose neighbours are linked to each other (outlets
  keep the local order, so a weak paraphrase between two links fills the gap).
- `frame`: minimum probability of a pair giving a figure of the same frame (`killed|count`)
  to link, or for either sentence to join the other's group: tolls and counts reported in other
  words and values are one content, the difference a conflict to show (1.01: never).
- `merge_gain`: a free sentence also joins a group when the group's combined text matches the
  other side better by this much (weighted cosine).
- `merge_contained`: ... or when at least this share of its weight stands in the other side.
- `label_contained`: a headline, subhead or caption links to the unit that holds at least this
  share of its weight.
- `per_sentence`, `probe_tokens`, `max_postings`: the candidate index (`candidates.py`).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

__all__ = [
    "FEATURES",
    "PARAMS_FILE",
    "Params",
    "default_params",
    "load_params",
    "write_params",
]

# The pair features, in the order of `Context.features` and of the weights in `params.json`.
FEATURES: tuple[str, ...] = (
    # IDF-weighted cosine of the two key sets.
    "cosine",
    # Share of each sentence's word weight (figures left out) that the other holds: the
    # smaller and the larger. A packed sentence covers a short one (large) without being
    # covered (small).
    "cover_min",
    "cover_max",
    # Shared keys that are not names, as a fraction of 4 (capped): content beyond who.
    "content",
    # 1 when the pair shares a content key no other sentence of either article uses.
    "distinctive",
    # 1 when the pair shares a number of two or more digits (the same figure).
    "same_number",
    # Keys found near a figure in both sentences (`150 dead` / `toll ... 250 killed`), as a
    # fraction of `SLOT_CAP` (capped): the same slots, whatever the values; a different value
    # is a conflict to show.
    "same_slot",
    # 1 when both sentences state a figure of the same frame (`facts.frames`: what it measures
    # and in what unit, `killed|count`), whatever the values and words: "62 people have been
    # killed" / "the death toll stands at 72". A different value is the conflict to show.
    "same_frame",
    # Days or months named on both sides without one in common (0, 1 or 2).
    "time_clash",
    # 1 when each side names an entity the other article never mentions and no name is shared
    # (two towns, two people: likely two events).
    "place_clash",
    # 1 when either unit is a headline, subhead or caption (no closing stop).
    "label",
    # The label's coverage by the other unit (0 when neither is a label): a headline links
    # where the other unit says all it says.
    "label_cover",
    # Distance of the two positions in their articles, as fractions of the lengths.
    "offset",
)

# Weight, relative to its IDF, of a word only one article uses, in a sentence's norm.
ONE_SIDED_WEIGHT = 0.6
# Keys this many positions or fewer from a figure are what the figure counts (its slot).
SLOT_WINDOW = 6
# `same_slot` counts the shared keys near figures up to this many.
SLOT_CAP = 3
# A pair sharing fewer content keys than this, and fewer than `MIN_SHARED_NAMES` names, is no
# candidate at all: the annotation policy links no sentences on shared names or topic alone.
MIN_CONTENT = 1
MIN_SHARED_NAMES = 4
# The overlap features of a pair with a `place_clash` are multiplied by this: a definition (two
# events told in the same words overlap like half a paraphrase), not a fitted value.
CLASH_DISCOUNT = 0.5
# Units with fewer keys than this never join a group by containment (a label-like fragment).
MIN_UNIT_KEYS = 4
# Pairs stating a figure of the same frame are candidates whatever words they share, unless
# the frame is in more pairs than this (a frame every sentence states picks out none).
MAX_FRAME_PAIRS = 64
# A headline links only to a unit sharing this many content keys beyond names with it, so
# "X talks with Y" never links on the names alone.
LABEL_MIN_CONTENT = 2

PARAMS_FILE = Path(__file__).with_name("params.json")


@dataclass(frozen=True, slots=True)
class Params:
    """The aligner's parameters (see the module docstring for each)."""

    weights: tuple[float, ...]
    bias: float
    link: float
    join: float
    context: float
    merge_gain: float
    merge_contained: float
    label_contained: float
    frame: float = 1.01
    per_sentence: int = 8
    probe_tokens: int = 8
    max_postings: int = 1000
    fitted_on: tuple[str, ...] = field(default=())

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["weights"] = dict(zip(FEATURES, self.weights, strict=True))
        out["fitted_on"] = list(self.fitted_on)
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Params:
        weights = data["weights"]
        missing = [f for f in FEATURES if f not in weights]
        if missing:
            raise ValueError(f"params: no weight for {', '.join(missing)}")
        return cls(
            weights=tuple(float(weights[f]) for f in FEATURES),
            bias=float(data["bias"]),
            link=float(data["link"]),
            join=float(data["join"]),
            context=float(data["context"]),
            merge_gain=float(data["merge_gain"]),
            merge_contained=float(data["merge_contained"]),
            label_contained=float(data["label_contained"]),
            frame=float(data.get("frame", 1.01)),
            per_sentence=int(data.get("per_sentence", 8)),
            probe_tokens=int(data.get("probe_tokens", 8)),
            max_postings=int(data.get("max_postings", 1000)),
            fitted_on=tuple(data.get("fitted_on", ())),
        )


@lru_cache(maxsize=1)
def default_params() -> Params:
    """The parameters shipped in `params.json`."""
    return load_params(PARAMS_FILE)


def load_params(path: Path) -> Params:
    """Read parameters written by `write_params`."""
    return Params.from_json(json.loads(path.read_text(encoding="utf-8")))


def write_params(params: Params, path: Path) -> None:
    """Write parameters as JSON, atomically (a temporary file renamed over the target)."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(params.to_json(), indent=1) + "\n", encoding="utf-8")
    tmp.replace(path)
