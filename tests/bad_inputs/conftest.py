"""Hostile and broken input, generated into `tmp_path` by the tests themselves (issue 6).

Nothing binary is committed: every bad file of the issue's table is built here from bytes, and
the file-system cases (unreadable file, symlink loop, a directory named like an article, a big
library) are built by small helpers.
"""

from __future__ import annotations

import codecs
import os
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Literal

import pytest

# What a terminal must never receive raw from an article.
CLEAR_SCREEN = "\x1b[2J"
OSC52_CLIPBOARD = "\x1b]52;c;aGVsbG8=\x07"
OSC8_OPEN = "\x1b]8;;https://evil.example/\x1b\\"
OSC8_CLOSE = "\x1b]8;;\x1b\\"
ESCAPES = (CLEAR_SCREEN, OSC52_CLIPBOARD, OSC8_OPEN, OSC8_CLOSE)
# Rich/Textual markup that must be shown literally, never interpreted.
MARKUP = ("[bold red]", "[link=https://evil.example/]", "[@click=app.quit]")

# A plain article every bad one is compared against.
PARTNER = (
    "Harbour bridge reopens after storm repairs\n\n"
    "The harbour bridge reopened on Tuesday after three weeks of repairs. "
    "Engineers replaced 40 cables damaged in the storm. "
    "The mayor said traffic would return to normal by Friday.\n\n"
    "Ferry services will keep their extra sailings until the end of the month.\n"
)

UNICODE_TEXT = (
    "שלום עולם: הגשר נפתח מחדש\n\n"
    "מהנדסים החליפו 40 כבלים. Cafe\u0301 owners cheered as the bridge reopened. "
    "Families 👩\u200d👩\u200d👧 waved flags 🇫🇷 and hearts ❤\ufe0f from the quay. "
    "港口大桥在风暴修复后重新开放。日本語の記事もここにあります。"
    "Zalgo t\u0337\u0321e\u0336x\u0335t\u0334 and a soft\u00adhyphen stayed put.\n\n"
    "مرحبا بالعالم. The ferry ran all day.\n"
)

Kind = Literal["skip", "warn", "clean"]


@dataclass(frozen=True, slots=True)
class BadFile:
    """One generated file: what it is called, its bytes, and what loading it must do.

    `kind` is `skip` (an error when named alone, skipped with a reason inside a folder), `warn`
    (loads with a warning) or `clean` (loads without one). `reason` is part of the expected
    one-line message.
    """

    name: str
    filename: str
    content: bytes
    kind: Kind
    reason: str = ""


def _utf8(text: str) -> bytes:
    return text.encode("utf-8")


BAD_FILES: tuple[BadFile, ...] = (
    BadFile("empty", "empty.txt", b"", "skip", "empty file"),
    BadFile("whitespace", "blank.md", b" \n\t\r\n   \n", "skip", "whitespace"),
    BadFile("punctuation", "dots.txt", b"... !!! --- ?\n;;; ***\n", "skip", "no letters"),
    BadFile(
        "png",
        "picture.md",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
        "skip",
        "binary file (PNG",
    ),
    BadFile(
        "nul",
        "nul-bytes.txt",
        b"Bridge reopens\n\nTraffic\x00 returns\x00 today.\n",
        "skip",
        "NUL",
    ),
    BadFile(
        "invalid-utf8",
        "broken-utf8.txt",
        _utf8("Café owners cheer the bridge\n\nThe café reopened. Crème brûlée was served.\n")
        + b"A stray \xff\xfe byte pair.\n",
        "warn",
        "not valid UTF-8",
    ),
    BadFile(
        "latin-1",
        "latin1.txt",
        (
            "Café in Zürich reopens\n\n"
            "The café in Zürich reopened on Monday. Señor Núñez said so.\n"
        ).encode("latin-1"),
        "warn",
        "not UTF-8",
    ),
    BadFile(
        "utf16-bom",
        "utf16.txt",
        codecs.BOM_UTF16_LE
        + "Zürich bridge reopens\n\nThe bridge in Zürich reopened. 大桥 reopened.\n".encode(
            "utf-16-le"
        ),
        "clean",
    ),
    BadFile(
        "markup",
        "markup.txt",
        _utf8(
            f"{MARKUP[0]}Breaking[/] bridge news {MARKUP[2]}click[/]\n\n"
            f"Engineers {MARKUP[0]}replaced[/bold red] 40 cables, see {MARKUP[1]}here[/link]. "
            f"Press {MARKUP[2]}this[/] to win.\n"
        ),
        "clean",
    ),
    BadFile(
        "markup-front-matter",
        "markup-meta.md",
        _utf8(
            "---\n"
            f"outlet: '{MARKUP[0]}Evil{MARKUP[2]} Outlet'\n"
            f"title: '{MARKUP[1]}Bridge reopens[/link]'\n"
            "date: 2024-05-02\n"
            "---\n\n"
            f"The bridge reopened on Tuesday \\{MARKUP[0]} after repairs.\n"
        ),
        "clean",
    ),
    BadFile(
        "escapes",
        "escapes.txt",
        _utf8(
            f"Bridge {CLEAR_SCREEN}reopens {OSC52_CLIPBOARD}today\n\n"
            f"Engineers {OSC8_OPEN}replaced{OSC8_CLOSE} 40 cables.\x07\x08\x0b\x0c "
            f"A C1 \x9b31m control and DEL\x7f too. The mayor{CLEAR_SCREEN} spoke.\n"
        ),
        "clean",
    ),
    BadFile("unicode", "unicode.txt", _utf8(UNICODE_TEXT), "clean"),
    BadFile(
        "fm-not-mapping",
        "list-meta.md",
        b"---\n- just\n- a list\n---\n\nThe bridge reopened on Tuesday.\n",
        "warn",
        "not a mapping",
    ),
    BadFile(
        "fm-wrong-types",
        "typed-meta.md",
        b"---\ndate: banana\ntitle: [1, 2]\noutlet: {a: 1}\n---\n\nThe bridge reopened.\n",
        "warn",
        "expected text",
    ),
    BadFile(
        "fm-unknown-keys",
        "extra-meta.md",
        b"---\noutlet: Quay Times\nauthor: Someone\nmood: grim\n---\n\nThe bridge reopened.\n",
        "warn",
        "unknown front-matter key",
    ),
    BadFile(
        "fm-unterminated",
        "open-meta.md",
        b"---\noutlet: Quay Times\ntitle: Never closed\n\nThe bridge reopened on Tuesday.\n",
        "warn",
        "not closed",
    ),
)
BY_NAME = {case.name: case for case in BAD_FILES}
SKIPPED = tuple(case for case in BAD_FILES if case.kind == "skip")
LOADED = tuple(case for case in BAD_FILES if case.kind != "skip")

MakeBad = Callable[[str], Path]


@pytest.fixture
def partner(tmp_path: Path) -> Path:
    """A plain, good article to compare each bad one with."""
    path = tmp_path / "good" / "2024-05-02-quay-times.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(PARTNER, encoding="utf-8")
    return path


@pytest.fixture
def make_bad(tmp_path: Path) -> MakeBad:
    """`make_bad("latin-1")` writes that case alone into its own folder and returns its path."""

    def make(name: str) -> Path:
        case = BY_NAME[name]
        path = tmp_path / "bad" / name / case.filename
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(case.content)
        return path

    return make


@pytest.fixture
def bad_folder(tmp_path: Path) -> Path:
    """A folder holding every generated bad file plus one good article."""
    folder = tmp_path / "mixed"
    folder.mkdir()
    for case in BAD_FILES:
        (folder / case.filename).write_bytes(case.content)
    (folder / "2024-05-02-quay-times.txt").write_text(PARTNER, encoding="utf-8")
    return folder


# -- file-system cases ----------------------------------------------------------------------------


def can_bypass_permissions() -> bool:
    """True when running as root (or with CAP_DAC_OVERRIDE): chmod 000 does not stop reading."""
    return hasattr(os, "geteuid") and os.geteuid() == 0


def make_unreadable(folder: Path) -> Path:
    """An article file nobody may read (mode 000)."""
    path = folder / "locked.txt"
    path.write_text(PARTNER, encoding="utf-8")
    path.chmod(0)
    return path


def make_symlink_loop(folder: Path) -> Path:
    """Two symlinks pointing at each other; returns the first."""
    first, second = folder / "loop-a.txt", folder / "loop-b.txt"
    first.symlink_to(second.name)
    second.symlink_to(first.name)
    return first


def make_directory_article(folder: Path) -> Path:
    """A directory named like an article file."""
    path = folder / "not-a-file.txt"
    path.mkdir()
    return path


# -- big inputs -----------------------------------------------------------------------------------


def write_long_line(path: Path, size: int) -> Path:
    """One line of about `size` bytes: words and full stops, no newline until the end."""
    unit = "The bridge reopened after repairs and traffic returned. "
    path.write_text("Long line headline\n\n" + unit * (size // len(unit)) + "\n", encoding="utf-8")
    return path


def write_many_sentences(path: Path, count: int, *, seed: int = 0) -> Path:
    """An article of `count` varied sentences, ten per paragraph."""
    rng = random.Random(seed)
    nouns = ("bridge", "ferry", "council", "storm", "harbour", "cable", "road", "port")
    verbs = ("reopened", "closed", "inspected", "repaired", "praised", "funded", "delayed")
    people = ("Mayor Jane Okafor", "Chief Engineer Tom Reyes", "Minister Ana Lindqvist")
    months = ("January", "March", "May", "July", "October")
    lines = ["Many sentences headline", ""]
    paragraph: list[str] = []
    for number in range(count):
        noun, other = rng.choice(nouns), rng.choice(nouns)
        # Names, dates, quotes and figures in every sentence: the fact finders see them all.
        form = number % 4
        if form == 0:
            sentence = f"The {noun} {rng.choice(verbs)} the {other} number {number}."
        elif form == 1:
            sentence = f"{rng.choice(people)} said {number} {noun}s were {rng.choice(verbs)}."
        elif form == 2:
            sentence = (
                f"On {1 + number % 28} {rng.choice(months)} 2024 the {noun} {rng.choice(verbs)}."
            )
        else:
            sentence = f'"The {noun} is {rng.choice(verbs)}," {rng.choice(people)} told Reuters.'
        paragraph.append(sentence)
        if len(paragraph) == 10:
            lines += [" ".join(paragraph), ""]
            paragraph = []
    if paragraph:
        lines.append(" ".join(paragraph))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_library(folder: Path, count: int, *, seed: int = 1) -> list[date]:
    """`count` small articles with shuffled dates; returns the dates in write order."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    start = date(2020, 1, 1)
    days = list(range(count))
    rng.shuffle(days)
    written: list[date] = []
    for number, offset in enumerate(days):
        day = start + timedelta(days=offset)
        written.append(day)
        (folder / f"article-{number:04d}.md").write_text(
            "---\n"
            f"outlet: Outlet {number % 37}\n"
            f"title: Story number {number}\n"
            f"date: {day.isoformat()}\n"
            "---\n\n"
            f"The council met on day {offset}. It discussed item {number} at length.\n\n"
            "Residents asked questions about the harbour.\n",
            encoding="utf-8",
        )
    return written
