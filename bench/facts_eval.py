"""Dev harness for facts: run extraction + matching on the gold sentences of every gold pair.

Rows come from the gold links, sentences are the gold sentences joined by blank lines, and the
score is computed with the evaluation's own `score.py` functions, so the figures are comparable
with the full `compare` run. Usage: `python -m bench.facts_eval [--show]`.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

from tui.core.facts import compare_facts, extract_facts
from tui.core.types import Row, Sentence

EVAL = Path("/work/shared/eval")


def _score_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("score", EVAL / "score.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _article(sents: list[str]) -> tuple[str, tuple[Sentence, ...]]:
    out: list[Sentence] = []
    pos = 0
    for i, s in enumerate(sents):
        out.append(Sentence(i, s, pos, pos + len(s), i))
        pos += len(s) + 2
    return "\n\n".join(sents), tuple(out)


def _rows(links: list[list[int]], na: int, nb: int) -> tuple[Row, ...]:
    rows = [Row("match", (i,), (j,), 1.0) for i, j in links]
    la = {i for i, _ in links}
    lb = {j for _, j in links}
    rows += [Row("only_a", (i,), ()) for i in range(na) if i not in la]
    rows += [Row("only_b", (), (j,)) for j in range(nb) if j not in lb]
    return tuple(rows)


def main(argv: list[str]) -> int:
    score = _score_module()
    show = "--show" in argv
    tot: dict[str, Any] = {
        "f_hit": 0.0,
        "f_n": 0,
        "fu": 0,
        "pred": 0,
        "c_hit": 0.0,
        "c_n": 0,
        "claims": 0,
        "claims_gold": 0,
    }
    for gf in sorted((EVAL / "dev").glob("gold_*.json")):
        gold = json.loads(gf.read_text())
        ta, sa = _article(gold["a_sentences"])
        tb, sb = _article(gold["b_sentences"])
        fa, fb = extract_facts(ta, sa), extract_facts(tb, sb)
        rows = _rows(gold["links"], len(sa), len(sb))
        only_a, only_b, conflicts = compare_facts(
            fa, fb, text_a=ta, text_b=tb, sentences_a=sa, sentences_b=sb, rows=rows
        )
        pred = {
            "rows": [],
            "facts": {
                "only_a": [{"text": f.text} for f in only_a],
                "only_b": [{"text": f.text} for f in only_b],
                "conflicts": [{"a": c.a.text, "b": c.b.text, "what": c.what} for c in conflicts],
            },
        }
        res = score.score(gold, pred)
        print(gf.name, {k: v for k, v in res.items() if k.startswith(("facts", "conflicts"))})
        for side in "ab":
            n = len(gold.get(f"facts_only_{side}", []))
            if n:
                tot["f_hit"] += res[f"facts_{side}_recall"] * n
                tot["f_n"] += n
            tot["fu"] += res[f"facts_{side}_false_unique"]
            tot["pred"] += res[f"facts_{side}_pred"]
        if gold.get("conflicts"):
            tot["c_hit"] += res["conflicts_recall"] * len(gold["conflicts"])
            tot["c_n"] += len(gold["conflicts"])
        # How many claims a gold unique fact of their side backs: the claims' precision.
        for side, facts in (("a", only_a), ("b", only_b)):
            for f in facts:
                if f.kind == "claim":
                    tot["claims"] += 1
                    golds = gold[f"facts_only_{side}"]
                    tot["claims_gold"] += any(score.fact_hit(g, f.text) for g in golds)
        if show:
            for side, facts in (("a", only_a), ("b", only_b)):
                preds = [f.text for f in facts]
                for g in gold[f"facts_only_{side}"]:
                    hit = any(score.fact_hit(g, p) for p in preds)
                    print(f"   {'+' if hit else '-'} gold_{side}: {g}")
                print(
                    f"   pred_{side}:", [f"{f.kind}:{f.text}" for f in facts if f.kind != "claim"]
                )
                for f in facts:
                    if f.kind == "claim":
                        hit = any(score.fact_hit(g, f.text) for g in gold[f"facts_only_{side}"])
                        print(f"   {'+' if hit else '?'} claim_{side}: {f.text}")
            for c in conflicts:
                print("   conflict:", c.what, "|", c.a.text, "|", c.b.text)
    print(
        "TOTAL",
        json.dumps(
            {
                "facts_recall": round(tot["f_hit"] / tot["f_n"], 3),
                "facts_pred": tot["pred"],
                "false_unique": tot["fu"],
                "conflicts_recall": round(tot["c_hit"] / tot["c_n"], 3) if tot["c_n"] else None,
                "claims": tot["claims"],
                "claims_backed_by_gold": tot["claims_gold"],
            }
        ),
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
