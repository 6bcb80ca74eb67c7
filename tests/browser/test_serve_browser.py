"""`sidebyside serve` in a real headless browser: Debian's Chromium driven by Playwright.

The page loads, shows the library, opens a comparison with real key presses, and `j` moves the
passage. The screen is read from xterm.js's buffer (textual-serve draws it on a canvas, so the
DOM has no text), reached by a hook the page's script goes through when it stores its terminal.

Skipped, with the reason, when Playwright or Chromium is missing: `.ci/run` installs both. Run
only these tests with `pytest -m browser`, or leave them out with `-m "not browser"`.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.serving import Served, free_port, group_gone, interrupt, serving

if TYPE_CHECKING:
    from playwright.sync_api import Page, Route

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"

# Chromium of the system, never a browser build downloaded by `playwright install`.
CHROMIUM_ENV = "SIDEBYSIDE_CHROMIUM"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# textual-serve's script keeps its xterm.js Terminal in `this.terminal` of an object of its own;
# a setter on Object.prototype sees that assignment, keeps the value as an own property (so the
# page works as before) and remembers the one that is an xterm.js Terminal.
TERMINAL_HOOK = """
Object.defineProperty(Object.prototype, "terminal", {
  configurable: true,
  set(value) {
    Object.defineProperty(this, "terminal", {
      value, writable: true, configurable: true, enumerable: true,
    });
    if (value && typeof value.loadAddon === "function") window.__sidebysideTerminal = value;
  },
});
"""

# The rows on screen, as text.
READ_SCREEN = """() => {
  const terminal = window.__sidebysideTerminal;
  if (!terminal) return null;
  const buffer = terminal.buffer.active;
  const rows = [];
  for (let y = 0; y < terminal.rows; y++) {
    const line = buffer.getLine(buffer.viewportY + y);
    rows.push(line ? line.translateToString(true) : "");
  }
  return rows.join("\\n");
}"""

PASSAGE = re.compile(r"Passage (\d+)/(\d+)")
WAIT = 60.0


def _chromium() -> str:
    candidates = [os.environ.get(CHROMIUM_ENV, ""), "/usr/bin/chromium", shutil.which("chromium")]
    for candidate in candidates:
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    pytest.skip(
        f"Chromium not found (/usr/bin/chromium, `chromium` on PATH or ${CHROMIUM_ENV}): "
        "install it with `apt-get install chromium`"
    )


def _library(tmp_path: Path) -> Path:
    library = tmp_path / "library"
    library.mkdir()
    articles = [
        *(FIXTURES / "compare").glob("*.md"),
        FIXTURES / "corpus" / "2024-02-02-northern-ledger.md",
    ]
    for article in articles:
        (library / article.name).write_bytes(article.read_bytes())
    return library


def _wait_for(
    page: Page, served: Served, what: str, test: Callable[[str], bool], within: float = WAIT
) -> str:
    """The screen once `test(screen)` holds; fails with the screen and server log after `within`."""
    deadline = time.monotonic() + within
    screen = ""
    while time.monotonic() < deadline:
        screen = page.evaluate(READ_SCREEN)
        if screen is None:
            if page.evaluate("document.readyState") == "complete":
                raise AssertionError(
                    "the page never stored an xterm.js terminal: textual-serve's page changed, "
                    "update TERMINAL_HOOK"
                )
        elif test(screen):
            return screen
        time.sleep(0.2)
    raise AssertionError(
        f"no {what} within {within}s. Screen:\n{screen}\nServer:\n{served.output()}"
    )


def _passage(screen: str) -> tuple[int, int] | None:
    found = PASSAGE.search(screen)
    return (int(found[1]), int(found[2])) if found else None


def test_the_reader_in_a_browser(tmp_path: Path) -> None:
    sync_api = pytest.importorskip(
        "playwright.sync_api",
        reason="Playwright for Python is not installed (it is in the test extras: "
        "pip install -e '.[test]')",
    )
    chromium = _chromium()
    library = _library(tmp_path)
    outside: list[str] = []

    with (
        serving(["--library", str(library)], home=tmp_path, port=free_port()) as served,
        sync_api.sync_playwright() as playwright,
    ):
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path / "chromium-profile"),  # a new, empty profile
            executable_path=chromium,
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 800},
            timeout=WAIT * 1000,
        )
        try:
            context.set_default_timeout(WAIT * 1000)
            page = context.pages[0] if context.pages else context.new_page()

            def only_the_server(route: Route) -> None:
                if route.request.url.startswith(served.url):
                    route.continue_()
                else:
                    outside.append(route.request.url)
                    route.abort()

            page.route("**/*", only_the_server)
            page.add_init_script(TERMINAL_HOOK)
            page.goto(served.url)

            # The library, as loaded from --library.
            # The first screen waits for Chromium and a reader process to start: slow on a busy
            # machine, so it has a longer bound than the steps after it.
            screen = _wait_for(page, served, "library", lambda s: "3 articles" in s, 2 * WAIT)
            for outlet in ("Northern Ledger", "River Post", "Valley Times"):
                assert outlet in screen
            assert _passage(screen) is None

            # Real key presses: rows are sorted by date, so the pair is rows 2 and 3.
            page.locator(".textual-terminal").click()
            page.keyboard.press("j")
            page.keyboard.press("a")
            _wait_for(page, served, "mark A", lambda s: "A: River Post" in s)
            page.keyboard.press("j")
            page.keyboard.press("b")
            _wait_for(page, served, "mark B", lambda s: "B: Valley Times" in s)
            page.keyboard.press("Enter")

            screen = _wait_for(page, served, "comparison", lambda s: _passage(s) is not None)
            first = _passage(screen)
            assert first is not None and first[0] == 1 and first[1] > 1
            assert "A  River Post" in screen and "B  Valley Times" in screen

            page.keyboard.press("j")
            screen = _wait_for(page, served, "next passage", lambda s: _passage(s) != first)
            assert _passage(screen) == (2, first[1])

            # Ctrl+C with the tab still open: the server ends its reader and exits.
            assert interrupt(served.process) == 0, served.output()
            assert group_gone(served.process), "a reader process outlived the server"
        finally:
            context.close()

    assert outside == [], "the page asked for something outside the server"
