"""`python -m bench [--quick] [--json PATH]`: every speed and memory figure in one run.

Prints one table per part as it goes (medians over repeated runs), then the targets with
PASS/MISS, and writes everything as JSON to `bench/results/<timestamp>.json` (gitignored) or
`--json PATH`, to compare between commits. Nothing here is a test: CI never runs it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench import cli_bench, engine, reader
from bench.baselines import cdist_skip_reason
from bench.synthetic import article_files, make_pair, real_sentences, write_pair

RESULTS_DIR = Path(__file__).resolve().parent / "results"
GIB_MIB = 1024.0


@dataclass(frozen=True, slots=True)
class Plan:
    """How much to run: the full plan, or a reduced one for development (`--quick`)."""

    pair_repeat: int
    cli_repeat: int
    sizes: tuple[int, ...]
    size_repeat: dict[int, int]
    starts: int
    presses: int
    big_size: int


FULL = Plan(
    pair_repeat=7,
    cli_repeat=10,
    sizes=(100, 1_000, 5_000, 20_000),
    size_repeat={100: 5, 1_000: 3, 5_000: 3, 20_000: 1},
    starts=5,
    presses=200,
    big_size=5_000,
)
QUICK = Plan(
    pair_repeat=2,
    cli_repeat=3,
    sizes=(100, 1_000),
    size_repeat={100: 2, 1_000: 1},
    starts=1,
    presses=30,
    big_size=1_000,
)


def _ms(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds * 1000:,.0f} ms"


def _s(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    return _ms(seconds) if seconds < 1 else f"{seconds:,.2f} s"


def _heading(title: str) -> None:
    print(f"\n== {title} ==", flush=True)


def _table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    cells = [[str(c) for c in header], *[[str(c) for c in row] for row in rows]]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    for k, row in enumerate(cells):
        line = "  ".join(
            c.ljust(w) if i == 0 else c.rjust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        )
        print(line.rstrip())
        if k == 0:
            print("  ".join("-" * w for w in widths))
    sys.stdout.flush()


def _git_commit() -> str:
    try:
        proc = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=False,
            cwd=Path(__file__).resolve().parent,
        )
    except OSError:
        return ""
    return proc.stdout.strip()


def run_segmenters() -> dict[str, Any]:
    """The engine engineer's segmenter scoring (`bench/segmenters.py`), printed as it is."""
    _heading("Sentence segmenters (bench/segmenters.py)")
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "bench.segmenters"],
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
    except subprocess.TimeoutExpired:
        print("skipped (timeout)")
        return {"skipped": "timeout"}
    if proc.returncode != 0:
        last = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        print(f"skipped ({last})")
        return {"skipped": last}
    print(proc.stdout.rstrip())
    return {"table": proc.stdout}


def run_pairs(files: Sequence[Path], plan: Plan) -> list[dict[str, Any]]:
    """Engine time for every pair of the bundled articles."""
    _heading(f"Engine on every pair of bundled articles (median of {plan.pair_repeat})")
    try:
        rows = engine.time_pairs(engine.load_articles(files), plan.pair_repeat)
    except Exception as exc:  # the engine may be mid-change; report, keep benchmarking
        print(f"skipped ({type(exc).__name__}: {exc})")
        return []
    _table(
        ["pair", "sentences", "first run", "median", "CPU median"],
        [
            [
                f"{r['a']} / {r['b']}",
                "{}+{}".format(*r["sentences"]),
                _ms(r["cold_s"]),
                _ms(r["median_s"]),
                _ms(r["cpu_median_s"]),
            ]
            for r in rows
        ],
    )
    return rows


def run_cli(files: Sequence[Path], plan: Plan) -> dict[str, Any]:
    """The whole `compare` process on the first two bundled articles."""
    a, b = files[0], files[1]
    _heading(f"CLI process: python -m tui compare A B --format json (median of {plan.cli_repeat})")
    floor = cli_bench.time_interpreter(plan.cli_repeat)
    result = cli_bench.time_cli(a, b, plan.cli_repeat)
    if "skipped" in result:
        print(f"skipped ({result['skipped']})")
        return {"interpreter": floor, **result}
    offenders = cli_bench.import_offenders(a, b)
    _table(
        ["what", "median", "min", "CPU median"],
        [
            [
                "python -c pass",
                _ms(floor["median_s"]),
                _ms(min(floor["times_s"])),
                _ms(floor["cpu_median_s"]),
            ],
            [
                f"compare {a.name} {b.name}",
                _ms(result["median_s"]),
                _ms(result["min_s"]),
                _ms(result["cpu_median_s"]),
            ],
        ],
    )
    print("slowest imports (self time summed per package, one run of -X importtime):")
    print("  " + ", ".join(f"{o['package']} {o['self_ms']:.0f} ms" for o in offenders))
    return {"interpreter": floor, **result, "imports": offenders}


def run_scaling(articles: Path, plan: Plan, seed: int) -> dict[str, Any]:
    """Engine and baselines on synthetic pairs, one subprocess per kind and size."""
    _heading("Scaling on synthetic pairs built from real sentences (one process per cell)")
    sizes: list[dict[str, Any]] = []
    rows: list[list[object]] = []
    for size in plan.sizes:
        repeat = plan.size_repeat[size]
        timeout = 600.0 if size >= 5_000 else 300.0
        cells: dict[str, Any] = {"size": size, "repeat": repeat}
        for kind in engine.KINDS:
            reason = cdist_skip_reason(size, size) if kind == "cdist" else None
            if reason:
                cells[kind] = {"skipped": reason}
                continue
            cells[kind] = engine.run_size(
                kind,
                size,
                seed=seed,
                repeat=repeat if kind == "engine" else 1,
                articles=articles,
                timeout=timeout,
            )
        sizes.append(cells)
        ours = cells["engine"].get("median_s")
        # The big cells take minutes: say each one is done before the table can be drawn.
        print(
            f"  n={size:,}: "
            + ", ".join(
                f"{kind} "
                + (_s(cells[kind]["median_s"]) if "median_s" in cells[kind] else "skipped")
                for kind in engine.KINDS
            ),
            flush=True,
        )

        def vs(kind: str, cells: dict[str, Any] = cells, ours: float | None = ours) -> str:
            base = cells[kind]
            if "skipped" in base:
                return f"skipped ({base['skipped']})"
            ratio = f" ({ours / base['median_s']:.2f}x)" if ours and base["median_s"] else ""
            return f"{_s(base['median_s'])}{ratio}"

        eng = cells["engine"]
        rows.append(
            [
                f"{size:,}",
                "{}+{}".format(*eng["sentences"]) if "sentences" in eng else "-",
                _s(ours) if ours is not None else f"skipped ({eng['skipped']})",
                _s(eng.get("cpu_median_s")),
                f"{eng['peak_rss_mib']:,.0f} MiB" if "peak_rss_mib" in eng else "-",
                vs("cdist"),
                vs("difflib"),
            ]
        )
    _table(
        [
            "n",
            "sentences",
            "engine median",
            "engine CPU",
            "engine peak RSS",
            "cdist (ours/it)",
            "difflib (ours/it)",
        ],
        rows,
    )
    growth: dict[str, Any] = {}
    for kind in engine.KINDS:
        points = [
            (float(sum(c[kind]["sentences"])) / 2, float(c[kind]["median_s"]))
            for c in sizes
            if "median_s" in c[kind]
        ]
        growth[kind] = _growth(points)
    # The engine's CPU time gives the same slope as its wall time on an idle machine, and the
    # right one on a busy machine, where wall time grows with whatever else is running.
    growth["engine_cpu"] = _growth(
        [
            (float(sum(c["engine"]["sentences"])) / 2, float(c["engine"]["cpu_median_s"]))
            for c in sizes
            if "cpu_median_s" in c["engine"]
        ]
    )
    print("growth exponent, slope of log time vs log n (n log n ~ 1.1, n^2 = 2):")
    for kind, g in growth.items():
        label = "engine (CPU time)" if kind == "engine_cpu" else kind
        print(
            f"  {label:18} {_exp(g['all'])} overall, {_exp(g['last_two'])} between the two largest"
        )
    print("RSS includes the interpreter and the generated pair (about 25-40 MiB at small sizes).")
    return {"sizes": sizes, "growth": growth}


def _growth(points: list[tuple[float, float]]) -> dict[str, Any]:
    return {
        "all": engine.growth_exponent(points),
        "last_two": engine.growth_exponent(points[-2:]) if len(points) >= 2 else None,
        "points": points,
    }


def _exp(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def run_reader(articles: Path, files: Sequence[Path], plan: Plan, seed: int) -> dict[str, Any]:
    """Start-up times and keypress latency of the reader under headless `run_test`."""
    _heading(
        f"Reader under headless run_test {reader.SIZE[0]}x{reader.SIZE[1]} "
        f"(start-up median of {plan.starts}; {plan.presses} timed j presses)"
    )
    pool = real_sentences(article_files(articles))
    with tempfile.TemporaryDirectory(prefix="bench-reader-") as tmp:
        big = write_pair(make_pair(pool, plan.big_size, seed=seed), Path(tmp))
        result = reader.time_reader(
            library=articles,
            pair=(files[0], files[1]),
            big_pair=big,
            starts=plan.starts,
            presses=plan.presses,
        )
    rows: list[list[object]] = []
    labels = {
        "library_start": "start -> library screen",
        "compare_start": "start -> comparison drawn (two seed files)",
    }
    for key, label in labels.items():
        r = result[key]
        rows.append(
            [
                label,
                r.get("screen", "-"),
                _ms(r.get("to_screen_s")),
                "",
                "",
                _ms(r.get("cpu_to_screen_s")),
            ]
        )
    for key, label in (
        ("keys_seed", "j on seed comparison"),
        ("keys_big", f"j on {plan.big_size:,}-sentence comparison"),
    ):
        r = result.get(key, {"skipped": "not run"})
        if "skipped" in r:
            rows.append([label, "-", f"skipped ({r['skipped']})", "", "", ""])
            continue
        rows.append(
            [
                f"{label} ({r.get('rows', 0):,} rows)",
                f"{r.get('presses', 0)} moved",
                f"open {_ms(r.get('to_screen_s'))}",
                _ms(r.get("first_paint_median_s")),
                _ms(r.get("settled_median_s")),
                _ms(r.get("cpu_median_s")),
            ]
        )
    _table(["what", "screen", "time", "key->first paint", "key->settled", "CPU"], rows)
    for key in labels:
        phases = result[key].get("phases_s")
        if phases:
            print(
                f"{labels[key]}: interpreter up {_ms(phases['interpreter'])}, tui.app imported "
                f"{_ms(phases['import'])}, make_app done {_ms(phases['make_app'])}, screen "
                f"{_ms(result[key]['to_screen_s'])} (medians, from process spawn)"
            )
    print(
        "first paint: key sent to the first compositor refresh; settled: to the last refresh "
        "before the app went idle (scroll animations included); CPU: process time to the screen, "
        "or per press."
    )
    return result


def _target(
    name: str,
    value: float | None,
    limit: float,
    unit: str,
    scale: float = 1.0,
    skipped: str | None = None,
) -> dict[str, Any]:
    status = "n/a" if value is None else ("PASS" if value < limit else "MISS")
    shown = "-" if value is None else f"{value * scale:,.2f} {unit}"
    if value is None and skipped:
        shown = skipped
        if skipped.startswith("timeout") and unit in ("s", "ms"):
            # Killed after a timeout far above a time bar: that is a measured miss, not a gap.
            status = "MISS"
    return {
        "name": name,
        "value": value,
        "limit": limit,
        "unit": unit,
        "status": status,
        "shown": shown,
        "target": f"< {limit * scale:,.2f} {unit}",
    }


def targets(results: dict[str, Any]) -> list[dict[str, Any]]:
    """Each target of issues 3 and 7 beside its figure, PASS or MISS."""
    cli = results.get("cli", {})
    rd = results.get("reader", {})
    sizes = {c["size"]: c for c in results.get("scaling", {}).get("sizes", [])}

    def engine_at(size: int, key: str) -> float | None:
        value = sizes.get(size, {}).get("engine", {}).get(key)
        return None if value is None else float(value)

    def skipped(part: dict[str, Any] | None) -> str | None:
        reason = (part or {}).get("skipped")
        return None if reason is None else str(reason)

    growth = results.get("scaling", {}).get("growth", {}).get("engine_cpu", {})
    rss20k = engine_at(20_000, "peak_rss_mib")
    # The slope between the two largest sizes that ran: name them, since small sizes (as in
    # --quick) are dominated by fixed costs and hide a quadratic term.
    measured = [c["size"] for c in sizes.values() if "cpu_median_s" in c.get("engine", {})]
    span = " -> ".join(f"{n:,}" for n in measured[-2:]) or "-"
    out = [
        _target("CLI compare of two seed articles (median)", cli.get("median_s"), 0.4, "ms", 1e3),
        _target(
            "reader: start to library screen",
            rd.get("library_start", {}).get("to_screen_s"),
            1.5,
            "s",
            skipped=skipped(rd.get("library_start")),
        ),
        _target(
            "reader: start to comparison drawn",
            rd.get("compare_start", {}).get("to_screen_s"),
            1.5,
            "s",
            skipped=skipped(rd.get("compare_start")),
        ),
        _target(
            "keypress to repaint, seed comparison (median)",
            rd.get("keys_seed", {}).get("first_paint_median_s"),
            0.03,
            "ms",
            1e3,
        ),
        _target(
            "keypress to repaint, big comparison (median)",
            rd.get("keys_big", {}).get("first_paint_median_s"),
            0.03,
            "ms",
            1e3,
            skipped=skipped(rd.get("keys_big")),
        ),
        _target(
            "engine at 5,000 sentences",
            engine_at(5_000, "median_s"),
            5.0,
            "s",
            skipped=skipped(sizes.get(5_000, {}).get("engine")),
        ),
        _target(
            "engine at 20,000 sentences",
            engine_at(20_000, "median_s"),
            30.0,
            "s",
            skipped=skipped(sizes.get(20_000, {}).get("engine")),
        ),
        _target(
            "engine peak memory at 20,000 sentences",
            None if rss20k is None else rss20k / GIB_MIB,
            1.0,
            "GiB",
            skipped=skipped(sizes.get(20_000, {}).get("engine")),
        ),
        _target(
            f"engine growth exponent (CPU), n = {span} (n log n ~1.1, n^2 = 2)",
            growth.get("last_two"),
            1.5,
            "",
        ),
    ]
    _heading("Targets (this machine)")
    _table(
        ["target", "figure", "bar", "status"],
        [[t["name"], t["shown"], t["target"], t["status"]] for t in out],
    )
    return out


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and print its tables; returns the exit status."""
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="reduced sizes and repetitions")
    parser.add_argument("--json", type=Path, metavar="PATH", help="where to write the results")
    parser.add_argument(
        "--articles",
        type=Path,
        metavar="DIR",
        help="article folder for the pairs and the synthetic sentences (default: bundled)",
    )
    parser.add_argument("--seed", type=int, default=0, help="seed of the synthetic pairs")
    parser.add_argument(
        "--only",
        metavar="PARTS",
        default="segmenters,pairs,cli,scaling,reader",
        help="comma-separated parts to run (default: all)",
    )
    args = parser.parse_args(argv)
    plan = QUICK if args.quick else FULL
    parts = {p.strip() for p in args.only.split(",") if p.strip()}

    from tui.paths import bundled_articles_dir

    articles = args.articles or bundled_articles_dir()
    files = article_files(articles)
    if len(files) < 2:
        print(f"python -m bench: error: {articles}: need at least two articles", file=sys.stderr)
        return 2

    started = time.perf_counter()
    results: dict[str, Any] = {
        "meta": {
            "time": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "commit": _git_commit(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "quick": args.quick,
            "seed": args.seed,
            "articles": str(articles),
            "load_before": os.getloadavg(),
        }
    }
    print(
        f"sidebyside bench {results['meta']['commit']} on {results['meta']['platform']}, "
        f"{results['meta']['cpus']} CPUs, Python {results['meta']['python']}"
        + (" (--quick)" if args.quick else "")
    )
    if "segmenters" in parts:
        results["segmenters"] = run_segmenters()
    if "pairs" in parts:
        results["pairs"] = run_pairs(files, plan)
    if "cli" in parts:
        results["cli"] = run_cli(files, plan)
    if "scaling" in parts:
        results["scaling"] = run_scaling(articles, plan, args.seed)
    if "reader" in parts:
        results["reader"] = run_reader(articles, files, plan, args.seed)
    results["targets"] = targets(results)
    results["meta"]["wall_s"] = time.perf_counter() - started
    results["meta"]["load_after"] = os.getloadavg()
    print(
        "load average before/after: {:.1f} / {:.1f} on {} CPUs (wall times inflate when it is "
        "above the CPU count; CPU columns do not)".format(
            results["meta"]["load_before"][0], results["meta"]["load_after"][0], os.cpu_count()
        )
    )

    path = args.json or RESULTS_DIR / f"{dt.datetime.now():%Y%m%d-%H%M%S}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {path} ({results['meta']['wall_s']:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
