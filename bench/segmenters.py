"""Score sentence segmenters against the hand-split seed articles.

Usage: `python -m bench.segmenters [SENTENCES_JSON [SEEDS_DIR]]` (defaults to the shared eval
set). For each article, the boilerplate lines the gold lists are dropped, the remaining lines
become paragraphs (as the loader does), and each candidate splits every paragraph. A predicted
sentence counts only when its text equals a gold sentence exactly (after trimming whitespace).
Prints exact-match precision/recall/F1 per article and in total, and the time per candidate.
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from tui.core.sentences import split_sentences

DEFAULT_GOLD = Path("/work/shared/eval/dev/sentences.json")
DEFAULT_SEEDS = Path("/work/shared/seeds")

Splitter = Callable[[str], list[str]]


def _ours(paragraph: str) -> list[str]:
    return [s.text for s in split_sentences(paragraph)]


def _pysbd() -> Splitter:
    import pysbd

    seg = pysbd.Segmenter(language="en", clean=False)
    return lambda p: [s.strip() for s in seg.segment(p) if s.strip()]


def _syntok() -> Splitter:
    from syntok import segmenter

    def split(p: str) -> list[str]:
        out = []
        for para in segmenter.analyze(p):
            for sent in para:
                toks = list(sent)
                if toks:
                    start = toks[0].offset - len(toks[0].spacing)
                    end = toks[-1].offset + len(toks[-1].value)
                    out.append(p[start:end].strip())
        return [s for s in out if s]

    return split


def _sentencex() -> Splitter:
    from sentencex import segment

    return lambda p: [s.strip() for s in segment("en", p) if s.strip()]


def candidates() -> dict[str, Splitter]:
    """Every segmenter that can be imported here, by name."""
    found: dict[str, Splitter] = {"ours (tui.core.sentences)": _ours}
    for name, make in (("pysbd", _pysbd), ("syntok", _syntok), ("sentencex", _sentencex)):
        try:
            found[name] = make()
        except ImportError:
            print(f"({name} not installed: skipped)", file=sys.stderr)
    return found


def paragraphs(raw: str, boilerplate: list[str]) -> list[str]:
    """The article's paragraphs: non-blank lines that are not listed as boilerplate."""
    chrome = {b.strip() for b in boilerplate}
    seen: list[str] = []
    for line in raw.splitlines():
        line = line.strip()
        if line and line not in chrome:
            seen.append(line)
    return seen


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main(argv: list[str]) -> int:
    gold_path = Path(argv[0]) if argv else DEFAULT_GOLD
    seeds = Path(argv[1]) if len(argv) > 1 else DEFAULT_SEEDS
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    rows = []
    for name, split in candidates().items():
        tot_tp = tot_pred = tot_gold = 0
        per = []
        t0 = time.perf_counter()
        for article, entry in gold.items():
            paras = paragraphs((seeds / article).read_text(encoding="utf-8"), entry["boilerplate"])
            pred = Counter(s for p in paras for s in split(p))
            want = Counter(s.strip() for s in entry["sentences"])
            tp = sum((pred & want).values())
            n_pred, n_gold = sum(pred.values()), sum(want.values())
            per.append((article[:3], prf(tp, n_pred, n_gold)[2]))
            tot_tp, tot_pred, tot_gold = tot_tp + tp, tot_pred + n_pred, tot_gold + n_gold
        ms = (time.perf_counter() - t0) * 1000
        rows.append((name, prf(tot_tp, tot_pred, tot_gold), per, ms))
    heads = [a for a, _ in rows[0][2]]
    print(
        f"{'segmenter':28} {'P':>6} {'R':>6} {'F1':>6}  "
        + " ".join(f"{h:>6}" for h in heads)
        + f" {'ms':>8}"
    )
    for name, (p, r, f), per, ms in sorted(rows, key=lambda x: -x[1][2]):
        cells = " ".join(f"{v:6.3f}" for _, v in per)
        print(f"{name:28} {p:6.3f} {r:6.3f} {f:6.3f}  {cells} {ms:8.1f}")
    print("(per-article columns are F1; exact match of sentence strings after dropping chrome)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
