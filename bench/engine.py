"""Engine timings: every pair of bundled articles in-process, and synthetic sizes in subprocesses.

Each synthetic size runs in its own `python -m bench.engine` process so that one size's memory
high-water mark (`ru_maxrss`) does not pollute the next, and a runaway size can be killed by a
timeout without losing the rest of the run. The worker prints one JSON object on stdout.
"""

from __future__ import annotations

import argparse
import functools
import itertools
import json
import math
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from bench.synthetic import article_files, make_pair, real_sentences, to_articles
from tui.core.types import Article

__all__ = ["growth_exponent", "load_articles", "run_size", "time_pairs"]

KINDS = ("engine", "cdist", "difflib")

# Repeats stop once this much time has gone into a cell: past it the runs are few and long, and
# their spread is small next to their length.
REPEAT_BUDGET_S = 60.0


def _compare_fn() -> Callable[[Article, Article], Any]:
    from tui.core.compare import compare

    return compare


def load_articles(paths: Sequence[Path]) -> list[Article]:
    """Load article files with the project's loader."""
    from tui.core.articles import load_article

    return [load_article(p) for p in paths]


def _timed(
    fn: Callable[[], Any], repeat: int, cpu: list[float] | None = None
) -> tuple[list[float], Any]:
    # Wall time is what a user waits; CPU time (appended to `cpu` when given) is what the code
    # costs, and stays honest when other processes share the machine's cores.
    times: list[float] = []
    result: Any = None
    for _ in range(repeat):
        if sum(times) > REPEAT_BUDGET_S:
            break  # one slow run already says what a median of slow runs would
        cpu_start = time.process_time()
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
        if cpu is not None:
            cpu.append(time.process_time() - cpu_start)
    return times, result


def time_pairs(articles: Sequence[Article], repeat: int) -> list[dict[str, Any]]:
    """Engine time of every unordered pair of articles: one cold run, then median of `repeat`."""
    compare = _compare_fn()
    rows: list[dict[str, Any]] = []
    for a, b in itertools.combinations(articles, 2):
        run = functools.partial(compare, a, b)
        cold, result = _timed(run, 1)
        cpu: list[float] = []
        times, _ = _timed(run, repeat, cpu)
        rows.append(
            {
                "a": a.id,
                "b": b.id,
                "sentences": [len(result.sentences_a), len(result.sentences_b)],
                "cold_s": cold[0],
                "median_s": statistics.median(times),
                "cpu_median_s": statistics.median(cpu),
                "times_s": times,
            }
        )
    return rows


def growth_exponent(points: Sequence[tuple[float, float]]) -> float | None:
    """Least-squares slope of log(time) against log(size): 1 is linear, 2 is quadratic."""
    usable = [(math.log(n), math.log(t)) for n, t in points if n > 0 and t > 0]
    if len(usable) < 2:
        return None
    mean_x = statistics.fmean(x for x, _ in usable)
    mean_y = statistics.fmean(y for _, y in usable)
    var = sum((x - mean_x) ** 2 for x, _ in usable)
    if var == 0:
        return None
    return sum((x - mean_x) * (y - mean_y) for x, y in usable) / var


def _rss_now_kib() -> int:
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return 0
    return pages * os.sysconf("SC_PAGE_SIZE") // 1024


def _worker(kind: str, size: int, seed: int, repeat: int, articles: Path) -> dict[str, Any]:
    pool = real_sentences(article_files(articles))
    pair = make_pair(pool, size, seed=seed)
    out: dict[str, Any] = {"kind": kind, "size": size}
    if kind == "engine":
        compare = _compare_fn()
        a, b = to_articles(pair)
        rss_before = _rss_now_kib()
        cpu: list[float] = []
        times, result = _timed(lambda: compare(a, b), repeat, cpu)
        out["cpu_median_s"] = statistics.median(cpu)
        out["sentences"] = [len(result.sentences_a), len(result.sentences_b)]
        out["rows"] = len(result.rows)
    else:
        from bench.baselines import cdist_align, difflib_align

        left = [s for p in pair.paragraphs_a for s in p]
        right = [s for p in pair.paragraphs_b for s in p]
        fn = cdist_align if kind == "cdist" else difflib_align
        rss_before = _rss_now_kib()
        times, _ = _timed(lambda: fn(left, right), repeat)
        out["sentences"] = [len(left), len(right)]
    out["times_s"] = times
    out["median_s"] = statistics.median(times)
    out["rss_before_mib"] = rss_before / 1024
    out["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def run_size(
    kind: str, size: int, *, seed: int, repeat: int, articles: Path, timeout: float
) -> dict[str, Any]:
    """Run one kind at one size in a fresh subprocess; errors become `{"skipped": reason}`."""
    cmd = [
        sys.executable,
        "-m",
        "bench.engine",
        kind,
        str(size),
        "--seed",
        str(seed),
        "--repeat",
        str(repeat),
        "--articles",
        str(articles),
    ]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return {"kind": kind, "size": size, "skipped": f"timeout after {timeout:.0f} s"}
    if proc.returncode != 0:
        last = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        return {"kind": kind, "size": size, "skipped": f"failed: {last[:120]}"}
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def main(argv: Sequence[str] | None = None) -> int:
    """Worker entry: `python -m bench.engine KIND SIZE` prints one JSON object."""
    parser = argparse.ArgumentParser(prog="python -m bench.engine")
    parser.add_argument("kind", choices=KINDS)
    parser.add_argument("size", type=int)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--articles", type=Path, required=True)
    args = parser.parse_args(argv)
    print(json.dumps(_worker(args.kind, args.size, args.seed, args.repeat, args.articles)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
