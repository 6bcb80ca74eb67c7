"""Every tunable number of the aligner, in one place: `params.json` beside this module.

The feature weights and the six thresholds are fitted on the evaluation data by
`eval/fit.py` (logistic regression for the weights, a grid search of the thresholds for link F1),
and the figures they reach on events left out of the fit are printed by `eval/loeo.py`. Nothing
else in the aligner is fitted: the remaining constants (`features.py`: the one-sided weight, the
slot window, the minimum shared content) are definitions, not tuned values.

- `weights` (one per name in `features.FEATURES`) and `bias`: the logistic model giving the
  probability that a pair of sentences carries the same content.
- `link`: minimum probability of a 1:1 link (pairs taken best first, each sentence once).
- `join`: minimum probability for a free sentence to join a linked group on its own side (a
  sentence packing what the other article says in several, or split in two).
- `context`: minimum probability of a pair whose neighbours are linked to each other (outlets
  keep the local order, so a weak paraphrase between two links fills the gap).
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

from tui.core.align.features import FEATURES

__all__ = ["PARAMS_FILE", "Params", "default_params", "load_params", "write_params"]

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
