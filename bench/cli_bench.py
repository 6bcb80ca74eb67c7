"""The whole `compare` command as a user runs it: interpreter start, imports, load, compare, print.

Each run is a fresh `python -m tui compare A B --format json` process, timed from just before
it is spawned to its exit. The bare interpreter (`python -c pass`) is timed the same way so the
table shows how much of the total is ours. `-X importtime` names the slowest imports.
"""

from __future__ import annotations

import json
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

__all__ = ["import_offenders", "time_cli", "time_interpreter"]


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _run_once(
    cmd: Sequence[str], cpu: list[float] | None = None
) -> tuple[float, subprocess.CompletedProcess[str]]:
    # CPU time of the finished child (user + system) stays honest on a busy machine, where the
    # wall time also counts waiting for a core.
    cpu_start = _children_cpu()
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if cpu is not None:
        cpu.append(_children_cpu() - cpu_start)
    return elapsed, proc


def time_interpreter(repeat: int) -> dict[str, Any]:
    """Median start-up time of a bare `python -c pass`: the floor under any CLI figure."""
    cpu: list[float] = []
    times = [_run_once([sys.executable, "-c", "pass"], cpu)[0] for _ in range(repeat)]
    return {
        "median_s": statistics.median(times),
        "cpu_median_s": statistics.median(cpu),
        "times_s": times,
    }


def time_cli(a: Path, b: Path, repeat: int) -> dict[str, Any]:
    """Median wall time of `python -m tui compare A B --format json` over `repeat` processes.

    The first run's output is checked to be a JSON object; a failing command is reported as
    `{"skipped": reason}` rather than timed.
    """
    cmd = [sys.executable, "-m", "tui", "compare", str(a), str(b), "--format", "json"]
    _, proc = _run_once(cmd)  # warm the OS file cache; not counted
    if proc.returncode != 0:
        last = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        return {"skipped": f"exit {proc.returncode}: {last[:120]}"}
    try:
        doc = json.loads(proc.stdout)
    except json.JSONDecodeError:
        return {"skipped": "output is not JSON"}
    cpu: list[float] = []
    times = [_run_once(cmd, cpu)[0] for _ in range(repeat)]
    return {
        "a": a.name,
        "cpu_median_s": statistics.median(cpu),
        "b": b.name,
        "rows": len(doc.get("rows", [])) if isinstance(doc, dict) else None,
        "output_bytes": len(proc.stdout.encode()),
        "median_s": statistics.median(times),
        "min_s": min(times),
        "times_s": times,
    }


def import_offenders(a: Path, b: Path, top: int = 8) -> list[dict[str, Any]]:
    """The packages whose imports cost most in one `compare` run.

    Self times are summed per top-level package (`trafilatura` with all its submodules and
    everything they import first), except our own `tui`, which is split by module, so that the
    list names what to defer or drop rather than repeating `tui`'s cumulative total.
    """
    cmd = [sys.executable, "-X", "importtime", "-m", "tui", "compare", str(a), str(b)]
    cmd += ["--format", "json"]
    _, proc = _run_once(cmd)
    totals: dict[str, int] = {}
    for line in proc.stderr.splitlines():
        # "import time:       self [us] |  cumulative | imported package"
        if not line.startswith("import time:") or "|" not in line:
            continue
        parts = line[len("import time:") :].split("|")
        if len(parts) != 3 or not parts[0].strip().isdigit():
            continue
        dotted = parts[2].strip().split(".")
        key = ".".join(dotted[:3]) if dotted[0] == "tui" else dotted[0]
        totals[key] = totals.get(key, 0) + int(parts[0])
    ranked = sorted(totals.items(), key=lambda kv: kv[1], reverse=True)[:top]
    return [{"package": name, "self_ms": us / 1000} for name, us in ranked]
