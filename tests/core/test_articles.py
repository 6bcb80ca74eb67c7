"""The article loader over temporary files: good input, every bad input, and the bundled library."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui.core.articles import (
    ArticleError,
    Library,
    decode_bytes,
    load_article,
    load_library,
    outlet_from_filename,
    resolve_article,
    sanitize,
    slugify,
)
from tui.paths import bundled_articles_dir

# The `write_file` fixture of tests/conftest.py: (name, text or bytes) -> path.
WriteFile = Callable[[str, str | bytes], Path]

REPO = Path(__file__).resolve().parents[2]
SEEDS = Path("/work/shared/seeds")

MD = """\
---
outlet: Valley Courier
title: Bridge reopens after repairs
date: 2021-04-05
url: https://example.org/bridge
language: en
via: Wire Service
---

## Traffic returns

The **council** said the [bridge](https://example.org) reopened on *Monday*.

- Buses run again.
- Cyclists get a `lane`.

> “It is safe,” the mayor said.

![A crane over the river](crane.png)
"""


# --------------------------------------------------------------------------- good input


def test_markdown_article_fields_and_plain_paragraphs(write_file: WriteFile) -> None:
    article = load_article(write_file("2021-04-05-courier.md", MD))
    assert article.id == "2021-04-05-courier"
    assert article.outlet == "Valley Courier"
    assert article.title == article.headline == "Bridge reopens after repairs"
    assert article.date == date(2021, 4, 5)
    assert article.url == "https://example.org/bridge"
    assert (article.language, article.via) == ("en", "Wire Service")
    assert article.paragraphs == (
        "Traffic returns",
        "The council said the bridge reopened on Monday.",
        "Buses run again.",
        "Cyclists get a lane.",
        "“It is safe,” the mayor said.",
        "A crane over the river",
    )
    assert article.warnings == ()
    for syntax in ("**", "[", "](", "`", "> ", "##", "!["):
        assert syntax not in article.text
    assert article.text.startswith("Bridge reopens after repairs\n\nTraffic returns\n\n")


def test_markdown_without_title_uses_first_heading(write_file: WriteFile) -> None:
    article = load_article(
        write_file("x.md", "# Big *news* today\n\nFirst paragraph\nwraps here.\n")
    )
    assert article.headline == article.title == "Big news today"
    assert article.paragraphs == ("First paragraph wraps here.",)
    assert article.outlet == "X"


def test_markdown_escapes_give_literal_characters(write_file: WriteFile) -> None:
    body = "---\ntitle: T\n---\n\n2023\\. A year \\*not\\* \\[linked\\] \\#1 &amp; more\n"
    article = load_article(write_file("esc.md", body))
    assert article.paragraphs == ("2023. A year *not* [linked] #1 & more",)


def test_text_article_headline_paragraphs_outlet_and_date(write_file: WriteFile) -> None:
    text = (
        "Home » News » Bridge\n\nBridge reopens after repairs\n\nThe council voted.\n"
        "Buses run again.\n\nLeave a Comment\n"
    )
    article = load_article(write_file("2021-04-05-valley-courier-3fa9c2d1.txt", text))
    assert article.headline == article.title == "Bridge reopens after repairs"
    assert article.paragraphs == ("The council voted.", "Buses run again.")
    assert article.outlet == "Valley Courier"
    assert article.date == date(2021, 4, 5)


def test_text_article_outlet_from_repost_notice(write_file: WriteFile) -> None:
    text = "Headline here\nBody line.\nThis post appeared first on MORNING WIRE\n"
    article = load_article(write_file("001_c30696.txt", text))
    assert article.outlet == "Morning Wire"
    assert article.paragraphs == ("Body line.",)


def test_long_first_line_is_kept_exactly_but_title_is_shortened(write_file: WriteFile) -> None:
    lead = "The council said on Monday " + "that the bridge would reopen " * 8 + "soon."
    article = load_article(write_file("lead.txt", lead + "\nSecond.\n"))
    assert article.headline == lead
    assert len(article.title) <= 90
    assert article.title.endswith("…")
    assert lead.startswith(article.title[:-1])


@pytest.mark.parametrize(
    ("name", "outlet"),
    [
        ("2023-10-16-reuters.txt", "Reuters"),
        ("2021-01-02-fox-news.md", "Fox News"),
        ("times-of-the-valley.txt", "Times of the Valley"),
        ("002_fd9f8a1b3fa29506.txt", "002_fd9f8a1b3fa29506"),
        ("rt_00ab12cd.txt", "RT"),
    ],
)
def test_outlet_from_filename(name: str, outlet: str) -> None:
    assert outlet_from_filename(Path(name)) == outlet


@pytest.mark.parametrize(
    ("stem", "slug"),
    [
        ("2023-10-16 Reuters", "2023-10-16-reuters"),
        ("Ünïcode_Näme", "unicode-name"),
        ("日本語", "article"),
        ("--a--b--", "a-b"),
    ],
)
def test_slugify(stem: str, slug: str) -> None:
    assert slugify(stem) == slug


# --------------------------------------------------------------------------- decoding


def test_utf8_bom(write_file: WriteFile) -> None:
    article = load_article(write_file("bom.txt", "\ufeffCafé headline\nBody.\n".encode()))
    assert article.headline == "Café headline"
    assert article.warnings == ()


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_and_utf32(write_file: WriteFile, encoding: str) -> None:
    data = "“Curly” headline — 日本\nBody ✓.\n".encode(encoding)
    if encoding in ("utf-16-le", "utf-16-be"):
        bom = "\ufeff".encode(encoding)
        data = bom + data
    article = load_article(write_file("wide.txt", data))
    assert article.headline == "“Curly” headline — 日本"
    assert article.paragraphs == ("Body ✓.",)
    assert article.warnings == ()


def test_utf16_without_bom_is_not_called_binary() -> None:
    text, warning = decode_bytes("Plain headline\nBody.\n".encode("utf-16-le"))
    assert text.startswith("Plain headline")
    assert warning is None


def test_latin1_decodes_with_warning(write_file: WriteFile) -> None:
    article = load_article(
        write_file("latin.txt", "Café crème à Zürich\nNaïve body.\n".encode("latin-1"))
    )
    assert article.headline == "Café crème à Zürich"
    assert any("not UTF-8" in w for w in article.warnings)


def test_cp1252_quotes_decode(write_file: WriteFile) -> None:
    data = "“Quoted” headline\nBody – dash.\n".encode("cp1252")
    article = load_article(write_file("cp.txt", data))
    assert article.headline == "“Quoted” headline"


def test_mostly_utf8_with_a_stray_byte_keeps_utf8(write_file: WriteFile) -> None:
    data = "Café “one” ✓ headline\n".encode() + b"bad \xff byte\n"
    article = load_article(write_file("stray.txt", data))
    assert article.headline == "Café “one” ✓ headline"
    assert article.paragraphs == ("bad \ufffd byte",)
    assert any("not valid UTF-8" in w for w in article.warnings)


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"  \n\t\n\r\n   ", "only whitespace"),
        ("punct.txt", "... !!! — “” ???\n--\n".encode(), "no letters or digits"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64), "binary file (PNG"),
        ("doc.md", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "binary file (PDF"),
        ("nul.txt", b"Headline\x00\x01\x02 body\xff\xfe\x00\x00\x00", "binary file"),
        ("chrome.txt", b"Leave a Comment\nFacebook Twitter\n#a #b\n", "only site chrome"),
        ("fm-only.md", b"---\ntitle: Nothing else\n---\n\n", "no article text"),
        ("ctrl.txt", b"\x1b[2J\x1b]0;title\x07\x01\x02\n", "only whitespace"),
    ],
)
def test_bad_files_raise_one_line_errors(
    write_file: WriteFile, name: str, content: bytes, reason: str
) -> None:
    path = write_file(name, content)
    with pytest.raises(ArticleError) as info:
        load_article(path)
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith(str(path))
    assert reason in message
    assert info.value.issue.path == path


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ArticleError, match="no such file"):
        load_article(tmp_path / "nope.txt")
    with pytest.raises(ArticleError, match="no such file"):
        load_library([tmp_path / "nope"])


def test_directory_where_a_file_was_expected(tmp_path: Path) -> None:
    folder = tmp_path / "story.md"
    folder.mkdir()
    with pytest.raises(ArticleError, match="is a directory"):
        load_article(folder)


def test_unreadable_file(write_file: WriteFile) -> None:
    path = write_file("secret.txt", "Headline\nBody.\n")
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("running with privileges that read any file")
        with pytest.raises(ArticleError, match="permission denied"):
            load_article(path)
        library = load_library([path.parent])
        assert [i.message for i in library.issues] == ["permission denied"]
    finally:
        path.chmod(0o644)


def test_permission_error_is_one_line_even_as_root(
    write_file: WriteFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Root reads a chmod-0 file anyway, so also simulate the refusal the OS gives other users.
    path = write_file("locked.txt", "Headline\nBody.\n")

    def refuse(self: Path, *args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", str(self))

    monkeypatch.setattr(Path, "open", refuse)
    with pytest.raises(ArticleError) as info:
        load_article(path)
    assert str(info.value) == f"{path}: permission denied"


def test_symlink_loop(tmp_path: Path, write_file: WriteFile) -> None:
    write_file("good.txt", "Headline\nBody.\n")
    loop = tmp_path / "loop.md"
    loop.symlink_to(loop)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "up").symlink_to(tmp_path, target_is_directory=True)
    with pytest.raises(ArticleError, match="symlink loop"):
        load_article(loop)
    with pytest.raises(ArticleError, match="symlink loop"):
        load_library([loop])
    library = load_library([tmp_path])
    assert [a.id for a in library.articles] == ["good"]
    assert any(i.path == loop and "symlink loop" in i.message for i in library.issues)


# --------------------------------------------------------------------------- hostile text


def test_control_characters_and_escapes_are_stripped(write_file: WriteFile) -> None:
    text = (
        "Head\x1b[31mline\x1b[0m\x07\n"
        "Clip\x1b]52;c;ZXZpbA==\x07board and \x1b]8;;http://x.example\x1b\\link\x1b]8;;\x1b\\ end\n"
        "Tab\tkept, C1\x9b2J gone, \x9dOSC\x9c gone, DEL\x7f gone, \x0b\x0c\r\n"
    )
    article = load_article(write_file("esc.txt", text.encode()))
    assert article.headline == "Headline"
    assert article.paragraphs == ("Clipboard and link end", "Tab\tkept, C1 gone,  gone, DEL gone,")
    assert all(ch not in article.text for ch in "\x1b\x07\x9b\x9d\x00")


def test_unterminated_osc_does_not_swallow_the_article() -> None:
    assert sanitize("Head\x1b]0;no terminator\nNext line kept.") == "Head\nNext line kept."


def test_markup_and_unicode_are_kept_literally(write_file: WriteFile) -> None:
    markup = "[bold red]Alert[/] [link=http://x]y[/link] [@click=app.quit]q[/]"
    body = markup + "\nשלום עולם e\u0301 👍🏽 日本語\n"
    article = load_article(write_file("markup.txt", body))
    assert article.headline == markup
    assert article.paragraphs == ("שלום עולם e\u0301 👍🏽 日本語",)


@given(st.text())
def test_sanitize_never_leaves_controls(text: str) -> None:
    clean = sanitize(text)
    assert not any((ord(ch) < 0x20 and ch not in "\n\t") or 0x7F <= ord(ch) <= 0x9F for ch in clean)


@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs"))))
def test_sanitize_keeps_text_without_controls(text: str) -> None:
    assert sanitize(text) == text


@given(st.binary(max_size=300))
def test_decode_bytes_never_crashes(data: bytes) -> None:
    try:
        text, _ = decode_bytes(data)
    except ValueError as exc:
        assert str(exc).startswith("binary file")
    else:
        assert isinstance(text, str)


# --------------------------------------------------------------------------- front matter


@pytest.mark.parametrize(
    ("front", "warning"),
    [
        ("- just\n- a list\n", "not a mapping"),
        ("plain string\n", "not a mapping"),
        ("date: banana\n", "date: 'banana' is not an ISO 8601 date"),
        ("title: [1, 2]\n", "title: expected text, got list"),
        ("outlet: {a: 1}\n", "outlet: expected text, got dict"),
        ("colour: blue\nsize: 3\n", "unknown front-matter keys 'colour', 'size'"),
        ("title: [unclosed\n", "not valid YAML"),
    ],
)
def test_bad_front_matter_warns_and_keeps_body(
    write_file: WriteFile, front: str, warning: str
) -> None:
    path = write_file("2020-01-02-post.md", f"---\n{front}---\n\n# Real headline\n\nBody text.\n")
    article = load_article(path)
    assert any(warning in w for w in article.warnings), article.warnings
    assert article.headline == "Real headline"
    assert article.paragraphs == ("Body text.",)
    assert article.date == date(2020, 1, 2)  # the file name still gives the date
    library = load_library([path.parent])
    assert any(i.level == "warning" and warning in i.message for i in library.issues)


def test_author_is_a_known_optional_key(write_file: WriteFile) -> None:
    path = write_file("2020-01-02-post.md", "---\nauthor: Jane  Doe\n---\n\n# Headline\n\nBody.\n")
    article = load_article(path)
    assert article.author == "Jane Doe"  # cleaned like every other text key
    assert article.warnings == ()
    plain = write_file("2020-01-03-post.md", "---\noutlet: X\n---\n\n# Headline\n\nBody.\n")
    assert load_article(plain).author is None


def test_license_is_a_known_optional_key(write_file: WriteFile) -> None:
    # Evaluation articles carry their licence with their URL (eval/<event>/*.md).
    path = write_file("2020-01-02-post.md", "---\nlicense: CC BY 2.5\n---\n\n# Headline\n\nBody.\n")
    article = load_article(path)
    assert article.license == "CC BY 2.5"
    assert article.warnings == ()


def test_unterminated_front_matter(write_file: WriteFile) -> None:
    path = write_file("open.md", "---\ntitle: Lost\noutlet: Nobody\n\nHeadline\n\nBody text.\n")
    article = load_article(path)
    assert any("not closed" in w for w in article.warnings)
    assert article.headline == "Headline"
    assert article.paragraphs == ("Body text.",)


@pytest.mark.parametrize("value", ["2021-04-05", "'2021-04-05'", "2021-04-05T10:30:00Z"])
def test_dates(write_file: WriteFile, value: str) -> None:
    article = load_article(write_file("d.md", f"---\ndate: {value}\n---\nText\n"))
    assert article.date == date(2021, 4, 5)
    assert article.warnings == ()


# --------------------------------------------------------------------------- library


def test_folder_of_good_and_bad_files(tmp_path: Path, write_file: WriteFile) -> None:
    write_file("b/2021-02-01-zeta.txt", "Zeta headline\nBody.\n")
    write_file("b/2021-02-01-alpha.md", "---\noutlet: Alpha\n---\n# Alpha\n\nBody.\n")
    write_file("a/2020-12-31-old.txt", "Old headline\nBody.\n")
    write_file("undated.txt", "Undated\nBody.\n")
    write_file("empty.txt", "")
    write_file("pic.md", b"\x89PNG\r\n\x1a\n")
    write_file("latin.txt", "Caf\xe9\nBody.\n".encode("latin-1"))
    write_file(".hidden/secret.txt", "Hidden\nBody.\n")
    write_file(".dot.txt", "Hidden\nBody.\n")
    write_file("notes.rst", "Not an article suffix\n")
    library = load_library([tmp_path])
    assert [a.id for a in library.articles] == [
        "2020-12-31-old",
        "2021-02-01-alpha",
        "2021-02-01-zeta",
        "latin",
        "undated",
    ]
    errors = {i.path.name: i.message for i in library.issues if i.level == "error"}
    assert errors == {"empty.txt": "empty file", "pic.md": "binary file (PNG image)"}
    warnings = [i for i in library.issues if i.level == "warning"]
    assert [i.path.name for i in warnings] == ["latin.txt"]


def test_named_bad_file_raises_even_with_good_ones(write_file: WriteFile) -> None:
    good = write_file("good.txt", "Headline\nBody.\n")
    bad = write_file("bad.txt", "   \n")
    with pytest.raises(ArticleError, match=r"bad\.txt: only whitespace"):
        load_library([good, bad])


def test_folder_without_articles(tmp_path: Path, write_file: WriteFile) -> None:
    write_file("readme.rst", "nothing\n")
    with pytest.raises(ArticleError, match="no articles"):
        load_library([tmp_path])


def test_folder_of_only_bad_files_lists_them(write_file: WriteFile, tmp_path: Path) -> None:
    write_file("a.txt", "")
    write_file("b.txt", "?!\n")
    with pytest.raises(ArticleError, match="no readable articles") as info:
        load_library([tmp_path])
    assert len(info.value.issues) == 2


def test_duplicate_ids_get_suffixes(write_file: WriteFile, tmp_path: Path) -> None:
    write_file("one/story.txt", "A\nBody.\n")
    write_file("two/story.md", "B\n\nBody.\n")
    write_file("three/Story.txt", "C\nBody.\n")
    write_file("story-2.txt", "D\nBody.\n")
    library = load_library([tmp_path])
    ids = sorted(a.id for a in library.articles)
    assert ids == ["story", "story-2", "story-3", "story-4"]


def test_same_file_twice_loads_once(write_file: WriteFile, tmp_path: Path) -> None:
    path = write_file("story.txt", "A\nBody.\n")
    library = load_library([path, tmp_path])
    assert len(library.articles) == 1


def test_find_and_resolve(write_file: WriteFile, tmp_path: Path) -> None:
    write_file("2021-01-01-alpha.txt", "A\nBody.\n")
    write_file("2021-01-01-alpine.txt", "B\nBody.\n")
    write_file("2021-02-02-beta.txt", "C\nBody.\n")
    outside = tmp_path.parent / f"{tmp_path.name}-outside.txt"
    outside.write_text("Outside headline\nBody.\n", encoding="utf-8")
    library = load_library([tmp_path])
    assert library.find("2021-01-01-alpha") is not None
    assert library.find("2021-02") is not None
    assert library.find("2021-01-01-alp") is None  # ambiguous
    assert library.find("zzz") is None
    assert resolve_article("2021-02", library).headline == "C"
    assert resolve_article(str(tmp_path / "2021-01-01-alpha.txt"), library).id == "2021-01-01-alpha"
    assert resolve_article(str(outside), library).headline == "Outside headline"
    with pytest.raises(ArticleError, match="ambiguous article id, matches 2021-01-01-alp"):
        resolve_article("2021-01-01-alp", library)
    with pytest.raises(ArticleError, match="no such file or article id"):
        resolve_article("nothing-like-it", library)
    outside.unlink()


def test_empty_library_find() -> None:
    assert Library().find("anything") is None


def test_thousand_articles_load(tmp_path: Path) -> None:
    for i in range(1000):
        (tmp_path / f"2020-01-{i % 28 + 1:02d}-outlet-{i}.md").write_text(
            f"---\noutlet: Outlet {i}\ntitle: Story {i}\n---\n\nBody *{i}* text.\n",
            encoding="utf-8",
        )
    library = load_library([tmp_path])
    assert len(library.articles) == 1000
    dates = [a.date for a in library.articles]
    assert dates == sorted(d for d in dates if d is not None)


# --------------------------------------------------------------------------- bundled library


def _bundled() -> list[Path]:
    return sorted(bundled_articles_dir().glob("*.md"))


def test_bundled_library_loads_cleanly() -> None:
    library = load_library([bundled_articles_dir()])
    assert library.issues == ()
    assert {a.outlet for a in library.articles} == {
        "Reuters",
        "RT",
        "CNBC Indonesia",
        "Fox News",
        "The Times of Israel",
    }
    for article in library.articles:
        assert article.date is not None
        assert article.language == "en"
        assert article.path.name.startswith(article.date.isoformat() + "-")


@pytest.mark.skipif(not SEEDS.is_dir(), reason="seed articles not available")
@pytest.mark.parametrize("path", _bundled(), ids=lambda p: p.name)
def test_bundled_paragraphs_appear_verbatim_in_a_seed(path: Path) -> None:
    seeds = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    article = load_article(path)
    source = [s for s in seeds if article.paragraphs[-1] in s]
    assert len(source) == 1, "the last paragraph identifies one seed"
    for part in (article.headline, *article.paragraphs):
        assert part in source[0], part


def test_core_does_not_import_textual_or_rich() -> None:
    code = (
        "import sys, tui.core.articles, tui.core.chrome; "
        "bad = [m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')]; "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


# Mostly plain prose (so the fast path runs), with a few characters that must turn it off.
_PROSE = st.text(alphabet="ab Z9.,;:'\"“”’—()?é\n\n   1)\t\u00a0#-*", max_size=80)


@given(_PROSE)
def test_plain_prose_fast_path_matches_markdown_it(body: str) -> None:
    from tui.core import articles

    plain = articles._plain_blocks(body)
    if plain is not None:
        full = articles._markdown().parse(body)
        expected = [
            articles._inline_text(t).strip()
            for t in full
            if t.type == "inline" and articles._inline_text(t).strip()
        ]
        assert [text for _, text in plain] == expected
