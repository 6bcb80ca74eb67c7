#!/usr/bin/env python3
"""Fit the aligner's parameters and report them leave-one-event-out.

    .venv/bin/python eval/loeo.py [FOLDER ...]            LOEO table (the default folders and
                                                          any given, e.g. ../data1/eval)
    .venv/bin/python eval/loeo.py --refit [FOLDER ...]    also fit on every event and write
                                                          tui/core/align/params.json
    .venv/bin/python eval/loeo.py --readme [FOLDER ...]   also put the table in eval/README.md

Folders are searched for `gold_*.json`: `../shared/eval` and `eval/` of this repo, plus the
folders given (`--no-default-folders` leaves the first two out);
articles are found beside the gold file or in `--articles` (the seed articles). A pair's event is
the gold file name's prefix before `--` (`gold_quake--01_02.json` -> `quake`); gold files without
one (the seeds' dev pairs) are the event `seeds`.

For every event, the weights (logistic regression on the candidate pairs' features, numpy) and
the seven thresholds (grid search for link F1) are fitted on all the other events, then the
held-out event is compared with them and scored by `score.py`'s `score` (links, facts,
conflicts). The in-sample column fits on every event, the held-out one included. Nothing here
runs at app run time.
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import importlib.util
import json
import re
import sys
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from tui.core import compare as compare_mod  # noqa: E402
from tui.core.align import Params, align  # noqa: E402
from tui.core.align.assign import assign  # noqa: E402
from tui.core.align.candidates import candidate_pairs  # noqa: E402
from tui.core.align.features import FEATURES, Context, describe, facts_frames  # noqa: E402
from tui.core.align.params import PARAMS_FILE, default_params, write_params  # noqa: E402
from tui.core.articles import load_article  # noqa: E402
from tui.core.facts import extract_facts  # noqa: E402
from tui.core.jsonout import comparison_to_dict  # noqa: E402
from tui.core.sentences import split_sentences  # noqa: E402

SHARED = REPO.parent / "shared"
DEFAULT_FOLDERS = (SHARED / "eval", REPO / "eval")
DEFAULT_ARTICLES = SHARED / "seeds"
README = REPO / "eval" / "README.md"
SECTION = "## Leave-one-event-out"

# Threshold grids searched by the fit; the L2 penalty of the logistic regression.
LINK_GRID = tuple(round(float(x), 2) for x in np.arange(0.20, 0.91, 0.05))
JOIN_GRID = tuple(round(float(x), 2) for x in np.arange(0.10, 0.91, 0.05))
CONTEXT_GRID = tuple(round(float(x), 2) for x in np.arange(0.05, 0.91, 0.05))
FRAME_GRID = (0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 1.01)
GAIN_GRID = (0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 1.01)
CONTAINED_GRID = (*(round(float(x), 2) for x in np.arange(0.4, 1.0, 0.1)), 1.01)
L2 = 10.0
PLATEAU = 0.002


def load_scorer(path: Path) -> Any:
    """`score.py` as a module (its `score` and `map_sentences`), imported from its path."""
    spec = importlib.util.spec_from_file_location("eval_score", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"loeo: cannot import {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@dataclass
class Pair:
    """One gold pair, read once: its sentences, candidates, features and gold labels."""

    event: str
    name: str
    gold: dict[str, Any]
    a_path: Path
    b_path: Path
    a_texts: list[str]
    b_texts: list[str]
    ctx: Context
    copies: list[tuple[int, int]]
    pairs: list[tuple[int, int]]
    features: np.ndarray  # one row per entry of `pairs` (None features dropped)
    positive: np.ndarray  # 1 where the pair maps onto a gold link
    map_a: list[set[int]]
    map_b: list[set[int]]


def event_of(gold_file: Path) -> str:
    stem = gold_file.stem.removeprefix("gold_")
    return stem.split("--", 1)[0] if "--" in stem else "seeds"


def find_pairs(folders: Sequence[Path], articles: Path, scorer: Any) -> list[Pair]:
    """Every gold pair under the folders (a pair found twice, by its two articles, once)."""
    out: list[Pair] = []
    seen: set[tuple[str, str, str]] = set()
    for folder in folders:
        if not folder.is_dir():
            continue
        for gf in sorted(folder.rglob("gold_*.json")):
            gold = json.loads(gf.read_text(encoding="utf-8"))
            base = articles if (articles / gold["a"]).exists() else gf.parent
            a_path, b_path = base / gold["a"], base / gold["b"]
            event = event_of(gf)
            key = (event, gold["a"], gold["b"])
            if key in seen or not a_path.exists() or not b_path.exists():
                continue
            seen.add(key)
            out.append(_read_pair(event, gf.name, gold, a_path, b_path, scorer))
    return out


def _read_pair(
    event: str, name: str, gold: dict[str, Any], a_path: Path, b_path: Path, scorer: Any
) -> Pair:
    text_a, text_b = load_article(a_path).text, load_article(b_path).text
    sents_a, sents_b = split_sentences(text_a), split_sentences(text_b)
    a_texts = [s.text for s in sents_a]
    b_texts = [s.text for s in sents_b]
    # The figures' frames as `compare` hands them to the aligner: from the facts.
    frames = (
        facts_frames(extract_facts(text_a, sents_a), len(sents_a)),
        facts_frames(extract_facts(text_b, sents_b), len(sents_b)),
    )
    ctx = Context(a_texts, b_texts, frames)
    params = default_params()
    copies, cands = candidate_pairs(
        ctx,
        per_sentence=params.per_sentence,
        probe_tokens=params.probe_tokens,
        max_postings=params.max_postings,
        cancel=None,
        progress=None,
    )
    map_a = scorer.map_sentences(a_texts, gold["a_sentences"])
    map_b = scorer.map_sentences(b_texts, gold["b_sentences"])
    gold_links = {tuple(x) for x in gold["links"]}
    kept, rows = describe(ctx, cands)
    pos = [
        1.0 if any((x, y) in gold_links for x in map_a[i] for y in map_b[j]) else 0.0
        for i, j in kept
    ]
    return Pair(
        event=event,
        name=name,
        gold=gold,
        a_path=a_path,
        b_path=b_path,
        a_texts=a_texts,
        b_texts=b_texts,
        ctx=ctx,
        copies=copies,
        pairs=kept,
        features=np.array(rows, dtype=np.float64).reshape(-1, len(FEATURES)),
        positive=np.array(pos, dtype=np.float64),
        map_a=map_a,
        map_b=map_b,
    )


def fit_weights(pairs: Sequence[Pair]) -> tuple[tuple[float, ...], float]:
    """Logistic regression (L2, Newton's method) on the candidate pairs' features."""
    x = np.vstack([p.features for p in pairs]) if pairs else np.zeros((0, len(FEATURES)))
    y = np.concatenate([p.positive for p in pairs]) if pairs else np.zeros(0)
    x1 = np.hstack([x, np.ones((len(x), 1))])
    w = np.zeros(x1.shape[1])
    reg = np.full(x1.shape[1], L2)
    reg[-1] = 0.0  # the bias is not penalised
    for _ in range(50):
        z = np.clip(x1 @ w, -30, 30)
        prob = 1.0 / (1.0 + np.exp(-z))
        grad = x1.T @ (prob - y) + reg * w
        hess = (x1.T * (prob * (1 - prob))) @ x1 + np.diag(reg) + 1e-9 * np.eye(len(w))
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.max(np.abs(step)) < 1e-8:
            break
    return tuple(round(float(v), 4) for v in w[:-1]), round(float(w[-1]), 4)


def _probabilities(pair: Pair, weights: np.ndarray, bias: float) -> dict[tuple[int, int], float]:
    scored = dict.fromkeys(pair.copies, 1.0)
    if len(pair.pairs):
        z = pair.features @ weights + bias
        prob = 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))
        scored.update(zip(pair.pairs, prob.tolist(), strict=True))
    return scored


def link_counts(
    pair: Pair, scored: dict[tuple[int, int], float], params: Params
) -> tuple[int, int, int]:
    """(true, predicted, gold) links of the pipeline's groups, counted as `score.py` does: a
    row's links are the cross product of the gold sentences its two sides map onto."""
    groups = assign(pair.ctx, scored, params)
    links: set[tuple[int, int]] = set()
    for ga, gb in groups:
        xs = set().union(*(pair.map_a[i] for i in ga))
        ys = set().union(*(pair.map_b[j] for j in gb))
        links |= {(x, y) for x in xs for y in ys}
    gold = {tuple(x) for x in pair.gold["links"]}
    return len(links & gold), len(links), len(gold)


def f1(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    """Precision, recall, F1 as `score.py` computes them."""
    p = tp / n_pred if n_pred else (1.0 if not n_gold else 0.0)
    r = tp / n_gold if n_gold else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def fit(pairs: Sequence[Pair], events: Sequence[str]) -> Params:
    """Weights by logistic regression, then the thresholds by coordinate grid search for the
    micro link F1 over the pairs (each threshold in turn, twice)."""
    weights, bias = fit_weights(pairs)
    w = np.array(weights)
    scored = [_probabilities(p, w, bias) for p in pairs]
    base = default_params()
    params = dataclasses.replace(
        base,
        weights=weights,
        bias=bias,
        link=0.5,
        join=1.01,
        context=1.01,
        frame=1.01,
        merge_gain=1.01,
        merge_contained=1.01,
        label_contained=1.01,
        fitted_on=tuple(sorted(set(events))),
    )

    def total_f1(pr: Params) -> float:
        counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
        for p, s in zip(pairs, scored, strict=True):
            c = counts[p.event]
            for k, v in enumerate(link_counts(p, s, pr)):
                c[k] += v
        tot = [sum(c[k] for c in counts.values()) for k in range(3)]
        return f1(*tot)[2]

    for _ in range(2):
        for name, grid in (
            ("link", LINK_GRID),
            ("join", JOIN_GRID),
            ("context", CONTEXT_GRID),
            ("merge_gain", GAIN_GRID),
            ("merge_contained", CONTAINED_GRID),
            ("label_contained", CONTAINED_GRID),
            ("frame", FRAME_GRID),
        ):
            scores = [total_f1(_with(params, name, v)) for v in grid]
            top = max(scores)
            # The middle of the values within `PLATEAU` of the best: a threshold in the middle
            # of a flat stretch moves least on new data.
            near = [v for v, sc in zip(grid, scores, strict=True) if sc >= top - PLATEAU]
            params = _with(params, name, near[(len(near) - 1) // 2])
    return params


def _with(params: Params, name: str, value: float) -> Params:
    """`params` with one threshold changed."""
    return dataclasses.replace(params, **{name: value})  # type: ignore[arg-type]


def run_pair(pair: Pair, params: Params, scorer: Any) -> dict[str, Any]:
    """The whole comparison of one pair with these parameters, scored by `score.py`."""
    original = compare_mod.align
    compare_mod.align = functools.partial(align, params=params)  # type: ignore[assignment]
    try:
        cmp = compare_mod.compare(load_article(pair.a_path), load_article(pair.b_path))
    finally:
        compare_mod.align = original  # type: ignore[assignment]
    return scorer.score(pair.gold, comparison_to_dict(cmp))


def _sum(results: Sequence[dict[str, Any]], pairs: Sequence[Pair]) -> dict[str, Any]:
    """Totals the way `score.py`'s `run_all` adds them up."""
    t: dict[str, float] = defaultdict(float)
    for s, p in zip(results, pairs, strict=True):
        t["tp"] += s["links_tp"]
        t["pred"] += s["links_pred"]
        t["gold"] += s["links_gold"]
        for side in "ab":
            n = len(p.gold.get(f"facts_only_{side}", []))
            if n:
                t["f_hit"] += s[f"facts_{side}_recall"] * n
                t["f_n"] += n
            t["false_unique"] += s[f"facts_{side}_false_unique"]
            t["facts_pred"] += s[f"facts_{side}_pred"]
            t["facts_matched"] += s[f"facts_{side}_matched"]
        t["c_pred"] += s["conflicts_pred"]
        t["c_matched"] += s["conflicts_matched"]
        if p.gold.get("conflicts"):
            t["c_hit"] += s["conflicts_recall"] * len(p.gold["conflicts"])
            t["c_n"] += len(p.gold["conflicts"])
    prec, rec, f = f1(int(t["tp"]), int(t["pred"]), int(t["gold"]))

    def ratio(a: str, b: str) -> float | None:
        return round(t[a] / t[b], 3) if t[b] else None

    return {
        "pairs": len(pairs),
        "links_gold": int(t["gold"]),
        "precision": round(prec, 3),
        "recall": round(rec, 3),
        "f1": round(f, 3),
        "facts_recall": ratio("f_hit", "f_n"),
        "facts_precision": ratio("facts_matched", "facts_pred"),
        "false_unique": int(t["false_unique"]),
        "conflicts_recall": ratio("c_hit", "c_n"),
        "conflicts_gold": int(t["c_n"]),
        "conflicts_precision": ratio("c_matched", "c_pred"),
    }


def loeo(pairs: Sequence[Pair], scorer: Any, log: Callable[[str], None]) -> dict[str, Any]:
    """Per event: fitted without it, scored on it; and the in-sample figures."""
    events = sorted({p.event for p in pairs})
    everything = fit(pairs, events)
    held: dict[str, list[dict[str, Any]]] = {}
    inside: dict[str, list[dict[str, Any]]] = {}
    fitted: dict[str, Params] = {}
    for event in events:
        train = [p for p in pairs if p.event != event]
        params = fit(train, [p.event for p in train])
        fitted[event] = params
        test = [p for p in pairs if p.event == event]
        held[event] = [run_pair(p, params, scorer) for p in test]
        inside[event] = [run_pair(p, everything, scorer) for p in test]
        log(
            f"  {event}: fitted on {len(train)} pairs, link={params.link} join={params.join} "
            f"context={params.context} frame={params.frame}"
        )
    table = {}
    for event in events:
        test = [p for p in pairs if p.event == event]
        table[event] = {"loeo": _sum(held[event], test), "in_sample": _sum(inside[event], test)}
    all_held = [r for e in events for r in held[e]]
    all_in = [r for e in events for r in inside[e]]
    ordered = [p for e in events for p in pairs if p.event == e]
    table["TOTAL"] = {"loeo": _sum(all_held, ordered), "in_sample": _sum(all_in, ordered)}
    # The seeds are the engine's development pairs; the other events stand for unseen reports.
    others = [e for e in events if e != "seeds"]
    if "seeds" in events and others:
        rest = [p for e in others for p in pairs if p.event == e]
        table["TOTAL without seeds"] = {
            "loeo": _sum([r for e in others for r in held[e]], rest),
            "in_sample": _sum([r for e in others for r in inside[e]], rest),
        }
    return {"table": table, "params": everything}


def _fmt(x: float | None) -> str:
    return "-" if x is None else f"{x:.3f}"


def render(table: dict[str, Any]) -> str:
    """The table in Markdown."""
    head = (
        "| event | pairs | gold links | P | R | F1 | F1 in-sample | facts R | facts P "
        "| false unique | conflicts R | conflicts P |\n"
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"
    )
    lines = []
    for event, cells in table.items():
        h, i = cells["loeo"], cells["in_sample"]
        name = f"**{event}**" if event.startswith("TOTAL") else event
        lines.append(
            f"| {name} | {h['pairs']} | {h['links_gold']} | {_fmt(h['precision'])} "
            f"| {_fmt(h['recall'])} | {_fmt(h['f1'])} | {_fmt(i['f1'])} "
            f"| {_fmt(h['facts_recall'])} | {_fmt(h['facts_precision'])} | {h['false_unique']} "
            f"| {_fmt(h['conflicts_recall'])} ({h['conflicts_gold']}) "
            f"| {_fmt(h['conflicts_precision'])} |"
        )
    return head + "\n".join(lines) + "\n"


def update_readme(path: Path, body: str) -> None:
    """Replace (or add) the LOEO section of the README, leaving other sections alone."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Evaluation events\n"
    section = f"{SECTION}\n\n{body}"
    pattern = re.compile(rf"^{re.escape(SECTION)}\n.*?(?=^## |\Z)", re.M | re.S)
    if pattern.search(text):
        text = pattern.sub(lambda _m: section + "\n", text, count=1)
    else:
        text = text.rstrip("\n") + "\n\n" + section
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text.rstrip("\n") + "\n", encoding="utf-8")
    tmp.replace(path)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("folders", nargs="*", type=Path, help="more folders with gold_*.json")
    ap.add_argument(
        "--no-default-folders",
        action="store_true",
        help="search only the folders given (not ../shared/eval and eval/)",
    )
    ap.add_argument("--articles", type=Path, default=DEFAULT_ARTICLES, help="seed articles")
    ap.add_argument("--scorer", type=Path, default=SHARED / "eval" / "score.py")
    ap.add_argument("--refit", action="store_true", help="write the params fitted on every event")
    ap.add_argument("--params-out", type=Path, default=PARAMS_FILE)
    ap.add_argument("--readme", action="store_true", help=f"update '{SECTION}' in eval/README.md")
    ap.add_argument("--readme-path", type=Path, default=README)
    ap.add_argument("--json", action="store_true", help="print the table as JSON")
    args = ap.parse_args(argv)
    folders = [*([] if args.no_default_folders else DEFAULT_FOLDERS), *args.folders]
    if not args.scorer.exists():
        print(f"loeo: no scorer at {args.scorer}", file=sys.stderr)
        return 2
    scorer = load_scorer(args.scorer)
    pairs = find_pairs(folders, args.articles, scorer)
    events = sorted({p.event for p in pairs})
    if len(events) < 2:
        print(f"loeo: need gold pairs of two events or more, found {events}", file=sys.stderr)
        return 2
    log = functools.partial(print, file=sys.stderr)
    log(f"{len(pairs)} pairs, events: {', '.join(events)}")
    out = loeo(pairs, scorer, log)
    table_md = render(out["table"])
    if args.json:
        print(json.dumps(out["table"], indent=1))
    else:
        print(table_md)
    if args.refit:
        write_params(out["params"], args.params_out)
        log(f"wrote {args.params_out}")
    if args.readme:
        p = out["params"]
        body = (
            "Each row: the aligner fitted on every other event, then this event compared and "
            "scored by `../shared/eval/score.py` (links P/R/F1, facts recall and precision, facts "
            "wrongly called unique, conflicts recall with the number of gold conflicts, "
            "conflicts precision). *F1 in-sample* fits on every event, this one included. "
            "*TOTAL without seeds* stands for reports the engine was not developed on. "
            "Printed by `.venv/bin/python eval/loeo.py [more folders]`; `--readme` rewrites "
            "this section, `--refit` writes `tui/core/align/params.json` (fitted on every "
            f"event).\n\nEvents: {', '.join(events)}.\n\n"
            + table_md
            + f"\nThresholds fitted on every event: link {p.link}, join {p.join}, context "
            f"{p.context}, frame {p.frame}, "
            f"merge gain {p.merge_gain}, merge contained {p.merge_contained}, "
            f"label contained {p.label_contained}.\n"
        )
        update_readme(args.readme_path, body)
        log(f"updated {args.readme_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
