"""The reader's first screen under a real pseudo-terminal: no escape sequence from an article
reaches the terminal raw (issue 6).

The library is opened on a file whose title and body hold a clear-screen, an OSC 52 clipboard
write, OSC 8 links and Textual's `[@click=app.quit]` markup. The raw bytes the app writes are read
back and searched for those exact sequences; then `q` quits.
"""

from __future__ import annotations

import os
import select
import sys
import time
from pathlib import Path

import pytest

from tests.bad_inputs.conftest import CLEAR_SCREEN, OSC8_CLOSE, OSC8_OPEN, OSC52_CLIPBOARD

pty = pytest.importorskip("pty")

REPO = Path(__file__).resolve().parents[2]


def _read_until(fd: int, needle: bytes, out: bytearray, limit: float) -> bool:
    """Read from `fd` into `out` until `needle` shows up (True) or `limit` seconds pass."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # the child closed the terminal
            return needle in out
        if not chunk:
            return needle in out
        out += chunk
        if needle in out:
            return True
    return needle in out


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_no_article_escape_sequence_reaches_the_terminal(tmp_path: Path) -> None:
    library = tmp_path / "library"
    library.mkdir()
    hostile = (
        f"Sentinel{CLEAR_SCREEN} title {OSC52_CLIPBOARD}[@click=app.quit]quit[/]\n\n"
        f"Body {OSC8_OPEN}link{OSC8_CLOSE} and [@click=app.quit]click[/] {CLEAR_SCREEN}here.\n"
    )
    (library / "2024-05-02-hostile.txt").write_text(hostile, encoding="utf-8")
    (library / "2024-05-01-plain.txt").write_text("Plain title\n\nPlain body.\n", "utf-8")
    config = tmp_path / "config"
    config.mkdir()
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""),
        "SIDEBYSIDE_CONFIG_DIR": str(config),
        "TERM": "xterm-256color",
        "COLUMNS": "120",
        "LINES": "30",
    }
    env.pop("TEXTUAL", None)
    pid, fd = pty.fork()
    if pid == 0:  # the child: the reader on the hostile library
        os.chdir(tmp_path)
        os.execve(sys.executable, [sys.executable, "-m", "tui", "--library", str(library)], env)
    out = bytearray()
    exited = False
    try:
        import fcntl
        import struct
        import termios

        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 120, 0, 0))
        # The hostile title is listed and previewed once the first screen is drawn.
        assert _read_until(fd, b"Sentinel", out, 60), out[-2000:]
        _read_until(fd, b"\x00never\x00", out, 1.0)  # let the rest of the frame arrive
        os.write(fd, b"q")
        exited = False
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not exited:
            _read_until(fd, b"\x00never\x00", out, 0.2)
            done, status = os.waitpid(pid, os.WNOHANG)
            exited = done == pid
        assert exited, "q did not quit the reader"
        assert os.waitstatus_to_exitcode(status) == 0
    finally:
        if not exited:
            os.kill(pid, 9)
            os.waitpid(pid, 0)
        os.close(fd)
    raw = bytes(out)
    for sequence in (CLEAR_SCREEN, OSC52_CLIPBOARD, OSC8_OPEN, OSC8_CLOSE):
        assert sequence.encode() not in raw, sequence
    # Textual sets the clipboard with OSC 52 itself only on request: no OSC 52 at all here.
    assert b"\x1b]52;" not in raw
    # The markup was shown as text, not run: `q`, not the click, ended the app.
    assert b"[@click=app.quit]" in raw
