"""The reader under Textual's headless `run_test`: start-up to first screen, and keypresses.

Each measurement is a fresh `python -c` process, so import time is counted as a user pays it.
The parent notes `time.monotonic()` just before spawning; the child prints its own
`time.monotonic()` once the screen is ready. On Linux both read the same system-wide monotonic
clock, so the difference is process start to screen drawn.

Headless mode runs the whole pipeline (compose, layout, every widget's render into the
compositor's update) and skips only writing the escape codes to a terminal, so the figures are
a lower bound of what a real terminal shows by the cost of that write.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

__all__ = ["SIZE", "time_reader"]

SIZE = (120, 36)

# Runs in the child. Keypresses: `j` is timed as `await pilot.press("j")` followed by
# `await pilot.pause()` (the key handled, the screen's pending layout and repaint done). Every
# BLOCK presses the cursor is walked back with untimed `k` presses so that every timed `j`
# really moves, even on a comparison with few rows.
_CHILD = r"""
import asyncio, json, statistics, sys, time
from pathlib import Path

args = json.loads(sys.argv[1])
out = {"interpreter": time.monotonic()}
from tui.app import make_app

out["imported"] = time.monotonic()

config = Path(args["config"])
if args["paths"]:
    app = make_app(paths=[Path(p) for p in args["paths"]], config_dir=config)
else:
    app = make_app(library=Path(args["library"]), config_dir=config)
out["app_built"] = time.monotonic()
BLOCK = 20


async def main():
    async with app.run_test(size=tuple(args["size"])) as pilot:
        await pilot.pause()
        if args["paths"]:
            await app.workers.wait_for_complete()
            await pilot.pause()
        out["ready"] = time.monotonic()
        out["cpu_to_screen_s"] = time.process_time()
        out["screen"] = type(app.screen).__name__
        out["rows"] = len(getattr(getattr(app.screen, "comparison", None), "rows", ()) or ())
        # Every compositor refresh of the screen is stamped: the first one after a key is the
        # repaint the reader sees; the last one is when the screen settled (animations done).
        screen = app.screen
        stamps = []
        refresh = screen._compositor_refresh

        def stamped():
            refresh()
            stamps.append(time.perf_counter())

        screen._compositor_refresh = stamped
        first, settled, cpu, moved = [], [], [], 0
        for i in range(args["presses"]):
            if i and i % BLOCK == 0:
                for _ in range(BLOCK):
                    await pilot.press("k")
                await pilot.pause()
            before = getattr(screen, "current", None)
            stamps.clear()
            cpu_start = time.process_time()
            start = time.perf_counter()
            await pilot.press("j")
            await pilot.pause()
            cpu.append(time.process_time() - cpu_start)
            if stamps:
                first.append(stamps[0] - start)
                settled.append(stamps[-1] - start)
            moved += getattr(screen, "current", None) != before
        out["first_paint"] = first
        out["settled"] = settled
        out["cpu"] = cpu
        out["moved"] = moved


asyncio.run(main())
print(json.dumps(out))
"""


def _child(
    *, library: Path | None, paths: Sequence[Path], presses: int, timeout: float
) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="bench-config-") as config:
        args = {
            "library": str(library) if library else None,
            "paths": [str(p) for p in paths],
            "presses": presses,
            "config": config,
            "size": list(SIZE),
        }
        start = time.monotonic()
        try:
            proc = subprocess.run(
                [sys.executable, "-c", _CHILD, json.dumps(args)],
                capture_output=True,
                text=True,
                timeout=timeout,
                check=False,
            )
        except subprocess.TimeoutExpired:
            return {"skipped": f"timeout after {timeout:.0f} s"}
    if proc.returncode != 0 or not proc.stdout.strip():
        last = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        return {"skipped": f"failed: {last[:120]}"}
    out: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    out["to_screen_s"] = out.pop("ready") - start
    # Where the start-up went: interpreter, `import tui.app`, make_app (loading), then Textual
    # starting the app and drawing the first screen.
    out["phases_s"] = {
        "interpreter": out.pop("interpreter") - start,
        "import": out.pop("imported") - start,
        "make_app": out.pop("app_built") - start,
    }
    presses = out.pop("moved", 0)
    for name in ("first_paint", "settled", "cpu"):
        times = out.pop(name, [])
        if times:
            ordered = sorted(times)
            out[f"{name}_median_s"] = statistics.median(times)
            out[f"{name}_p90_s"] = ordered[int(0.9 * (len(ordered) - 1))]
            out["presses"] = presses
            out["painted"] = len(times)
    return out


def time_reader(
    *,
    library: Path,
    pair: tuple[Path, Path],
    big_pair: tuple[Path, Path] | None,
    starts: int,
    presses: int,
    timeout: float = 300.0,
) -> dict[str, Any]:
    """Start-up and keypress figures of the reader.

    Args:
        library: folder opened for the library screen.
        pair: two article files opened straight into their comparison.
        big_pair: a large synthetic pair for keypress timing, or None to skip it.
        starts: processes to run for each start-up figure (the median is kept).
        presses: timed `j` presses per comparison.
        timeout: seconds before a child is killed.
    """
    results: dict[str, Any] = {}

    def median_start(**kwargs: Any) -> dict[str, Any]:
        runs = [_child(presses=0, timeout=timeout, **kwargs) for _ in range(starts)]
        good = [r for r in runs if "skipped" not in r]
        if not good:
            return runs[0]
        times = [r["to_screen_s"] for r in good]
        cpu = [r["cpu_to_screen_s"] for r in good]
        phases = {k: statistics.median(r["phases_s"][k] for r in good) for k in good[0]["phases_s"]}
        return {
            **good[0],
            "phases_s": phases,
            "to_screen_s": statistics.median(times),
            "cpu_to_screen_s": statistics.median(cpu),
            "times_s": times,
        }

    results["library_start"] = median_start(library=library, paths=())
    results["compare_start"] = median_start(library=None, paths=pair)
    results["keys_seed"] = _child(library=None, paths=pair, presses=presses, timeout=timeout)
    if big_pair is not None:
        results["keys_big"] = _child(library=None, paths=big_pair, presses=presses, timeout=timeout)
    return results
