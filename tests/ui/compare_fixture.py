"""A hand-made comparison for the comparison-screen tests, independent of the real engine.

The two articles share a story told paragraph by paragraph; each paragraph starts with a key
word (the NATO alphabet), and the fake engine aligns paragraphs by that key with difflib. So the
rows are known in advance:

row 0 headline (equal) · 1-4 equal · 5 echo (wording differs) · 6-7 equal · 8 hotel (12 vs 14
dead: a conflict) · 9-10 equal · 11 kilo (only in A, unique fact "40") · 12-15 equal · 16 papa
(only in B, unique fact "3") · 17-20 equal.
"""

from __future__ import annotations

import difflib
import re
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.app import App
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Static

from tui.app import SideBySideApp
from tui.core.articles import Library, load_article
from tui.core.types import Article, Comparison, Conflict, DiffSpan, Fact, Row, Sentence, Summary
from tui.screens.compare import Comparer, CompareScreen

KEYS = (
    "alpha",
    "bravo",
    "charlie",
    "delta",
    "echo",
    "foxtrot",
    "golf",
    "hotel",
    "india",
    "juliet",
    "kilo",
    "lima",
    "mike",
    "november",
    "oscar",
    "papa",
    "quebec",
    "romeo",
    "sierra",
    "tango",
)

DIVERGENT_ROWS = [5, 8, 11, 16]
FACT_ROWS = [8, 11, 16]
ROWS = 21


def _paragraphs(side: str) -> list[str]:
    out = []
    for key in KEYS:
        name = key.capitalize()
        if key == "echo":
            out.append(
                f"{name} says the water rose fast."
                if side == "a"
                else f"{name} says the river rose quickly."
            )
        elif key == "hotel":
            out.append(f"{name} counts {12 if side == 'a' else 14} people dead in the valley.")
        elif key == "kilo":
            if side == "a":
                out.append(f"{name} adds that 40 homes burned.")
        elif key == "papa":
            if side == "b":
                out.append(f"{name} notes 3 boats sank.")
        else:
            out.append(
                f"{name} reports the flood in plain words, and this sentence is long enough "
                "to wrap onto a second line in a narrow pane."
            )
    return out


def write_articles(folder: Path) -> tuple[Path, Path]:
    """Write the two fixture articles into `folder`; return their paths (A, B)."""
    paths = []
    for side, outlet in (("a", "North Star"), ("b", "South Wind")):
        body = "\n\n".join(_paragraphs(side))
        text = (
            f"---\noutlet: {outlet}\ntitle: Storm hits the coast\ndate: 2024-05-02\n---\n\n"
            f"Storm hits the coast\n\n{body}\n"
        )
        path = folder / f"2024-05-02-{outlet.lower().replace(' ', '-')}.md"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths[0], paths[1]


def _sentences(article: Article) -> tuple[Sentence, ...]:
    # One sentence per paragraph is all the fake engine needs.
    units = [article.headline, *article.paragraphs] if article.headline else article.paragraphs
    out = []
    position = 0
    for index, unit in enumerate(units):
        out.append(Sentence(index, unit, position, position + len(unit), index))
        position += len(unit) + 2
    return tuple(out)


def _spans(words_a: list[str], words_b: list[str]) -> tuple[tuple[DiffSpan, ...], ...]:
    def span(words: list[str], lo: int, hi: int, op: str) -> DiffSpan:
        start = len(" ".join(words[:lo])) + (1 if lo else 0)
        text = " ".join(words[lo:hi])
        return DiffSpan(text, op, start, start + len(text))  # type: ignore[arg-type]

    diff_a: list[DiffSpan] = []
    diff_b: list[DiffSpan] = []
    matcher = difflib.SequenceMatcher(a=words_a, b=words_b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if i2 > i1:
            diff_a.append(span(words_a, i1, i2, "equal" if tag == "equal" else "replace"))
        if j2 > j1:
            diff_b.append(span(words_b, j1, j2, "equal" if tag == "equal" else "replace"))
    return tuple(diff_a), tuple(diff_b)


def _numbers(sentence: Sentence) -> list[Fact]:
    return [
        Fact(
            m.group(),
            "number",
            sentence.index,
            sentence.start + m.start(),
            sentence.start + m.end(),
        )
        for m in re.finditer(r"\d+", sentence.text)
    ]


def fake_compare(
    a: Article,
    b: Article,
    *,
    cancel: threading.Event | None = None,
    progress: Callable[[float], None] | None = None,
) -> Comparison:
    """Align paragraphs by their first word; differing numbers in a pair are conflicts."""
    sa, sb = _sentences(a), _sentences(b)
    keys_a = [s.text.split()[0].lower() for s in sa]
    keys_b = [s.text.split()[0].lower() for s in sb]
    rows: list[Row] = []
    only_a: list[Fact] = []
    only_b: list[Fact] = []
    conflicts: list[Conflict] = []
    matcher = difflib.SequenceMatcher(a=keys_a, b=keys_b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for i, j in zip(range(i1, i2), range(j1, j2), strict=True):
                diff_a, diff_b = _spans(sa[i].text.split(" "), sb[j].text.split(" "))
                same = sa[i].text == sb[j].text
                rows.append(Row("match", (i,), (j,), 1.0 if same else 0.7, False, diff_a, diff_b))
                for fa, fb in zip(_numbers(sa[i]), _numbers(sb[j]), strict=False):
                    if fa.text != fb.text:
                        conflicts.append(Conflict("people dead", fa, fb))
        else:
            for i in range(i1, i2):
                rows.append(Row("only_a", (i,), ()))
                only_a.extend(_numbers(sa[i]))
            for j in range(j1, j2):
                rows.append(Row("only_b", (), (j,)))
                only_b.extend(_numbers(sb[j]))
    matched = sum(1 for row in rows if row.kind == "match")
    summary = Summary(0.8, matched, matched, len(sa) - matched, len(sb) - matched, len(conflicts))
    if progress is not None:
        progress(1.0)
    return Comparison(
        a, b, sa, sb, tuple(rows), (), (), tuple(only_a), tuple(only_b), tuple(conflicts), summary
    )


class CompareTestApp(SideBySideApp):
    """The real app (styles, help, keys) with a stand-in library screen and the comparison of
    the fixture pair on top, computed by `comparer`."""

    def __init__(
        self,
        folder: Path,
        comparer: Comparer = fake_compare,
        *,
        third: bool = False,
        focus: tuple[str, int] | None = None,
    ) -> None:
        """Args:
        folder: Where to write the fixture articles (and the private settings folder).
        comparer: The engine to use.
        third: Put a third article (B's text from "East Coast") in the library.
        focus: A sentence (side, index) the comparison screen is told to show before it mounts.
        """
        path_a, path_b = write_articles(folder)
        self.article_a = load_article(path_a, article_id="north-star")
        self.article_b = load_article(path_b, article_id="south-wind")
        articles = [self.article_a, self.article_b]
        if third:
            path_c = folder / "2024-05-03-east-coast.md"
            text = path_b.read_text(encoding="utf-8").replace("South Wind", "East Coast")
            path_c.write_text(text, encoding="utf-8")
            articles.append(load_article(path_c, article_id="east-coast"))
        config = folder / "config"
        config.mkdir(exist_ok=True)
        super().__init__(Library(tuple(articles)), config_folder=config)
        self._comparer = comparer
        self._focus = focus

    def get_default_screen(self) -> Screen[None]:
        screen: Screen[None] = Screen()
        screen.compose_add_child(Static("library stand-in", id="stand-in"))
        return screen

    def on_mount(self) -> None:
        screen = CompareScreen(
            self.article_a, self.article_b, self.library, comparer=self._comparer, notes=self.notes
        )
        if self._focus is not None:
            screen.focus_sentence(*self._focus)
        self.push_screen(screen)


async def ready(app: App[Any], pilot: Pilot[Any]) -> CompareScreen:
    """Wait until the comparison worker is done and the panes are laid out; the screen."""
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, CompareScreen)
    return screen
