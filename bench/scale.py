"""Story groups and the fact ledger at the scale of real coverage (issue 13).

    python -m bench.scale one  [--articles 1000]                 one story, a thousand reports
    python -m bench.scale many [--articles 10000 --stories 600]  many stories

Each scenario writes a synthetic library (`bench/library.py`) into a temporary folder (deleted
afterwards, never committed) with a fresh store folder (`SIDEBYSIDE_CACHE_DIR`), then runs each
step as its own process and prints wall time, CPU time and peak RSS of that process, with the
load average before and after (the machine is shared: compare CPU when the load is high).

`one`: `sidebyside ledger DIR --format json` cold (empty store), then again with nothing
changed, then after one article is added to the folder; the group sizes of each run.
`many`: the library screen of the reader (process start to screen ready), then grouping
(`group_articles`, library loading included) cold and warm, and after adding one article.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.library import many_stories, one_story, variant
from bench.synthetic import article_files, real_sentences

_GROUP_CHILD = r"""
import json, sys, time
from pathlib import Path
from tui.core.articles import load_library
from tui.core.groups import group_articles
start = time.monotonic()
library = load_library([Path(sys.argv[1])])
grouping = group_articles(library.articles)
print(json.dumps({
    "seconds": time.monotonic() - start,
    "groups": sorted((len(g) for g in grouping.groups), reverse=True),
    "computed": grouping.computed,
    "extracted": grouping.extracted,
}))
"""


def _load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


def _run(argv: Sequence[str], env: dict[str, str]) -> dict[str, Any]:
    """Run a process; its wall time, CPU time and peak RSS (from `wait4`, this child only)."""
    start = time.monotonic()
    load = _load()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(argv, stdout=out, stderr=err, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.monotonic() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode()
    if proc.returncode != 0:
        raise SystemExit(f"{argv[:4]} failed: {stderr.strip()[-300:]}")
    return {
        "wall_s": round(wall, 2),
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 2),
        "peak_rss_mib": round(usage.ru_maxrss / 1024, 1),
        "load_before": load,
        "load_after": _load(),
        "stdout": stdout,
    }


def _show(label: str, result: dict[str, Any], extra: str = "") -> None:
    print(
        f"{label:<34} {result['wall_s']:>7.2f} s wall {result['cpu_s']:>7.2f} s CPU "
        f"{result['peak_rss_mib']:>7.1f} MiB  load {result['load_before']} -> "
        f"{result['load_after']}  {extra}",
        flush=True,
    )


def _add_one(folder: Path, seed: int) -> Path:
    """Write one more article into `folder`: a rewrite of one already there."""
    from bench.library import Story, _write
    from tui.core.articles import load_article
    from tui.core.sentences import split_sentences

    files = article_files(folder)
    rng = random.Random(seed)
    parent_path = files[rng.randrange(len(files))]
    parent = load_article(parent_path)
    story = Story(
        parent.headline,
        tuple(tuple(s.text for s in split_sentences(p)) for p in parent.paragraphs),
    )
    pool = real_sentences(files[:20])
    made = variant(rng, story, pool, "rewrite")
    assert parent.date is not None
    return _write(folder, 99999, made, parent.date, "Late Outlet")


def _groups_of(ledger_json: Path) -> list[int]:
    data = json.loads(ledger_json.read_text(encoding="utf-8"))
    return sorted((len(g["articles"]) for g in data["groups"]), reverse=True)


def scenario_one(articles: int, seed: int) -> dict[str, Any]:
    """One story: ledger cold, warm, after adding one article."""
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
        folder, cache, out = Path(tmp) / "library", Path(tmp) / "cache", Path(tmp) / "l.json"
        written = one_story(folder, articles, seed=seed)
        print(f"one story, {written} articles in {folder}")
        env = {**os.environ, "SIDEBYSIDE_CACHE_DIR": str(cache)}
        cmd = [sys.executable, "-m", "tui", "ledger", str(folder), "--format", "json"]
        cmd += ["-o", str(out), "--force"]
        for step in ("cold", "warm"):
            results[step] = _run(cmd, env)
            results[step]["groups"] = _groups_of(out)[:10]
            _show(
                f"ledger --format json, {step}", results[step], f"groups {results[step]['groups']}"
            )
        _add_one(folder, seed)
        results["add_one"] = _run(cmd, env)
        results["add_one"]["groups"] = _groups_of(out)[:10]
        _show(
            "ledger after adding one article",
            results["add_one"],
            f"groups {results['add_one']['groups']}",
        )
        results["store_mib"] = round(sum(p.stat().st_size for p in cache.iterdir()) / 2**20, 1)
        print(f"store: {results['store_mib']} MiB")
    return results


def scenario_many(articles: int, stories: int, seed: int) -> dict[str, Any]:
    """Many stories: library screen, grouping cold, warm, after adding one article."""
    from bench.reader import _child

    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
        folder, cache = Path(tmp) / "library", Path(tmp) / "cache"
        written = many_stories(folder, articles, stories=stories, seed=seed)
        print(f"{stories} stories, {written} articles in {folder}")
        load = _load()
        screen = _child(library=folder, paths=(), presses=0, timeout=120)
        results["library_screen"] = {**screen, "load_before": load, "load_after": _load()}
        seconds = screen.get("to_screen_s", float("nan"))
        label = "reader: start -> library screen"
        print(f"{label:<34} {seconds:>7.2f} s  load {load} -> {_load()}", flush=True)
        env = {**os.environ, "SIDEBYSIDE_CACHE_DIR": str(cache)}
        cmd = [sys.executable, "-c", _GROUP_CHILD, str(folder)]
        for step in ("cold", "warm"):
            result = _run(cmd, env)
            result.update(json.loads(result.pop("stdout")))
            results[step] = result
            _show(
                f"groups, {step}",
                result,
                f"{len(result['groups'])} groups, largest {result['groups'][:5]}, "
                f"aligned {result['computed']}",
            )
        _add_one(folder, seed)
        result = _run(cmd, env)
        result.update(json.loads(result.pop("stdout")))
        results["add_one"] = result
        _show(
            "groups after adding one article",
            result,
            f"{len(result['groups'])} groups, aligned {result['computed']}, "
            f"extracted {result['extracted']}",
        )
        results["store_mib"] = round(sum(p.stat().st_size for p in cache.iterdir()) / 2**20, 1)
        print(f"store: {results['store_mib']} MiB")
    return results


def main(argv: Sequence[str] | None = None) -> int:
    """Command line."""
    parser = argparse.ArgumentParser(prog="python -m bench.scale", description=__doc__)
    parser.add_argument("scenario", choices=("one", "many"))
    parser.add_argument("--articles", type=int, default=None)
    parser.add_argument("--stories", type=int, default=600)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", type=Path, default=None, help="write the figures here")
    args = parser.parse_args(argv)
    print(f"CPUs: {os.cpu_count()}, load average {_load()}", flush=True)
    if args.scenario == "one":
        results = scenario_one(args.articles or 1000, args.seed)
    else:
        results = scenario_many(args.articles or 10000, args.stories, args.seed)
    for step in results.values():
        if isinstance(step, dict):
            step.pop("stdout", None)
    if args.json is not None:
        args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
