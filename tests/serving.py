"""Run `sidebyside serve` in a subprocess for a test: a free port, bounded waits, always stopped.

The server runs in its own process group with the reader processes it starts for each browser
tab, so stopping the group leaves nothing behind even when the server hangs.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

READY = "serving the reader on"


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nothing listens on now (the system picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


def private_env(home: Path) -> dict[str, str]:
    """The environment with the checkout importable and every user folder under `home`."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    env["PYTHONIOENCODING"] = "utf-8"
    for name in ("CONFIG", "DATA", "CACHE", "STATE"):
        folder = home / name.lower()
        folder.mkdir(parents=True, exist_ok=True)
        env[f"XDG_{name}_HOME"] = str(folder)
    env["SIDEBYSIDE_CONFIG_DIR"] = str(home / "config")
    env["SIDEBYSIDE_CACHE_DIR"] = str(home / "cache")
    return env


@dataclass
class Served:
    """A running `sidebyside serve`."""

    process: subprocess.Popen[bytes]
    url: str
    log: Path

    def output(self) -> str:
        """What the server printed so far (stdout and stderr together)."""
        return self.log.read_text(encoding="utf-8", errors="replace")


@contextmanager
def serving(
    args: list[str], *, home: Path, port: int, host: str = "127.0.0.1", ready_within: float = 60
) -> Iterator[Served]:
    """Start `python -m tui serve --host HOST --port PORT ARGS` and wait until it listens.

    Raises:
        AssertionError: The server exited or did not say it was serving within `ready_within`
            seconds (its output is in the message).
    """
    log = home / "serve.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "tui", "serve", "--host", host, "--port", str(port), *args],
            cwd=home,
            env=private_env(home),
            stdin=subprocess.DEVNULL,
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    served = Served(process, f"http://{host}:{port}/", log)
    try:
        deadline = time.monotonic() + ready_within
        while READY not in served.output():
            if process.poll() is not None:
                raise AssertionError(f"serve exited ({process.returncode}): {served.output()}")
            if time.monotonic() > deadline:
                raise AssertionError(f"serve not ready in {ready_within}s: {served.output()}")
            time.sleep(0.1)
        yield served
    finally:
        stop(process)


def interrupt(process: subprocess.Popen[bytes], grace: float = 15) -> int | None:
    """Send Ctrl+C's signal to the server; its exit status, or None if it is still running after
    `grace` seconds."""
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        with suppress(subprocess.TimeoutExpired):
            process.wait(grace)
    return process.poll()


def group_gone(process: subprocess.Popen[bytes], within: float = 10) -> bool:
    """Whether every process of the server's group (it and the readers it started) has ended."""
    deadline = time.monotonic() + within
    while True:
        try:
            os.killpg(process.pid, 0)
        except ProcessLookupError:
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)


def stop(process: subprocess.Popen[bytes], grace: float = 15) -> int:
    """Stop the server as Ctrl+C does; kill its process group if anything of it is still there
    after `grace` seconds. Returns the server's exit status."""
    interrupt(process, grace)
    # The readers it started for browser tabs share its process group.
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    return process.wait(grace)
