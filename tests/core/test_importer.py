"""Adding articles from web pages and text files: extraction, escaping, dedup, errors."""

from __future__ import annotations

import errno
import subprocess
import sys
import tempfile
import threading
import urllib.error
import urllib.request
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.core import importer
from tui.core.articles import load_article
from tui.core.importer import (
    AddCancelled,
    AddError,
    add_source,
    article_markdown,
    body_hash,
    clean_text,
    escape_markdown,
    extract_html,
    fetch_url,
    normalize_url,
    slugify,
)

HTML = Path(__file__).parent.parent / "fixtures" / "html"
BRIDGE = HTML / "harbour_bridge.html"
BRIDGE_URL = "https://www.coastalherald.example/news/2024/05/harbour-bridge-reopens"


def _md_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.suffix == ".md")


def _never_fetch(url: str) -> bytes:
    raise AssertionError(f"fetched {url} but should not have")


# --------------------------------------------------------------------------- extraction


def test_extracts_metadata_from_news_page() -> None:
    got = extract_html(BRIDGE.read_bytes())
    assert got.title == "Harbour bridge reopens after eight months of repairs"
    assert got.outlet == "The Coastal Herald"
    assert got.date == date(2024, 5, 21)
    assert got.url == BRIDGE_URL
    assert got.author == "Mara Lindqvist"
    assert got.language == "en"


def test_extracts_only_the_article_paragraphs() -> None:
    got = extract_html(BRIDGE.read_bytes())
    assert len(got.paragraphs) == 5
    assert got.paragraphs[0].startswith("The harbour bridge reopened to traffic")
    assert got.paragraphs[-1].endswith("a set of barriers.")
    text = "\n".join(got.paragraphs)
    # The headline goes to the front matter, not the body.
    assert got.title not in got.paragraphs
    for boilerplate in (
        "cookies",  # cookie banner
        "Subscribe today",  # navigation
        "Related stories",  # aside
        "Ferry timetable",  # related link
        "Leave a comment",  # comment form
        "Share your thoughts",
        "Copyright 2024",  # footer
        "Privacy policy",
    ):
        assert boilerplate not in text


def test_date_comes_from_json_ld_and_outlet_from_og_site_name() -> None:
    # The page has no date <meta>; JSON-LD datePublished is the only machine-readable date,
    # while the text mentions another day ("14 March").
    got = extract_html((HTML / "markdown_chars.html").read_bytes())
    assert got.date == date(2022, 2, 3)
    assert got.outlet == "Ridge & Valley Times"


def test_outlet_falls_back_to_domain() -> None:
    got = extract_html((HTML / "no_site_name.html").read_bytes())
    assert got.outlet == "valleypost.example"
    assert got.date == date(2023, 11, 2)
    assert got.url == "https://news.valleypost.example/local/library-hours"


def test_line_breaks_and_lists_inside_the_article() -> None:
    words = "one two three four five six seven eight nine ten eleven twelve"
    html = f"""<html><head><title>A story</title></head><body><article><h1>A story</h1>
    <p>First line<br>second line of the {words} paragraph.</p>
    <ul><li>A bullet point about the {words} matter.</li></ul>
    <p>Control \x1b[31mred\x1b[0m text and a bell \x07 here in {words}.</p>
    </article></body></html>"""
    got = extract_html(html, url="https://site.example/a")
    assert got.paragraphs[0] == f"First line second line of the {words} paragraph."
    # trafilatura's own text output would prefix "- ": list items must not carry syntax.
    assert got.paragraphs[1] == f"A bullet point about the {words} matter."
    assert "\x1b" not in got.paragraphs[2] and "\x07" not in got.paragraphs[2]
    assert got.url == "https://site.example/a"
    assert got.outlet == "site.example"


def test_page_without_article_is_an_error() -> None:
    with pytest.raises(ValueError, match="no article text"):
        extract_html((HTML / "no_article.html").read_bytes())


# --------------------------------------------------------------------------- helpers


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("The Coastal Herald", "the-coastal-herald"),
        ("Ridge & Valley Times", "ridge-valley-times"),
        ("Le Monde diplomatique", "le-monde-diplomatique"),
        ("Süddeutsche Zeitung", "suddeutsche-zeitung"),
        ("news.example.com", "news-example-com"),
        ("Новости", "article"),
    ],
)
def test_slugify(name: str, slug: str) -> None:
    assert slugify(name) == slug


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("https://www.Site.example/a/b/", "https://site.example/a/b"),
        ("http://site.example/a?utm_source=x&id=3#top", "https://site.example/a?id=3"),
        ("https://site.example:443/a?b=2&a=1", "https://site.example/a?a=1&b=2"),
    ],
)
def test_normalize_url_same_page(a: str, b: str) -> None:
    assert normalize_url(a) == normalize_url(b)


def test_normalize_url_different_pages() -> None:
    assert normalize_url("https://site.example/a?id=3") != normalize_url(
        "https://site.example/a?id=4"
    )
    assert normalize_url("https://site.example/a") != normalize_url("https://other.example/a")


def test_body_hash_ignores_whitespace_only() -> None:
    assert body_hash(["One  two", "three\n"]) == body_hash(["One two", " three"])
    assert body_hash(["One two", "three"]) != body_hash(["One two", "three!"])


@pytest.mark.parametrize(
    "line",
    [
        "# not a heading",
        "## neither",
        "> not a quote",
        "- not a bullet",
        "+ not a bullet",
        "* not a bullet",
        "1. not a list",
        "2024) not a list either",
        "---",
        "***",
        "___",
        "=====",
        "```python",
        "~~~",
        "    not code",
        "<div>not html</div>",
        "<!-- not a comment -->",
        "*em* and **strong** and _em_ and __strong__",
        "[a link](https://x.example) and ![an image](y.png)",
        "<https://autolink.example> and `code`",
        "~~struck~~ and a | pipe | table",
        "&amp; &#35; &copy; and a bare & ampersand",
        "a backslash \\ and an escaped \\* star",
        "ends with a backslash \\",
        "[^1] footnote and [ref]: https://x.example",
    ],
)
def test_escaped_markdown_reads_back_exactly(line: str, tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text(
        article_markdown(outlet="O", title="Title", paragraphs=[clean_text(line), "Next."]),
        encoding="utf-8",
    )
    article = load_article(path)
    assert article.paragraphs == (clean_text(line), "Next.")
    assert article.warnings == ()


def test_escape_leaves_plain_prose_alone() -> None:
    prose = "Taxes rise by 2.5% in April, the council said (again): 'no' - \"yes\"!"
    assert escape_markdown(prose) == prose


_PARAGRAPH = st.text(
    alphabet=st.sampled_from([*"ab Z9 #>-+*_=`~[]()<>!&;|\\.):\t\n", "é", "\u00a0", "—"]),
    min_size=1,
    max_size=40,
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_PARAGRAPH, min_size=1, max_size=4))
def test_round_trip_through_loader(paragraphs: list[str]) -> None:
    expected = [p for p in (clean_text(x) for x in paragraphs) if p and p != "Title"]
    if not expected:
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "a.md"
        path.write_text(
            article_markdown(outlet="O", title="Title", paragraphs=expected), encoding="utf-8"
        )
        assert list(load_article(path).paragraphs) == expected


def test_front_matter_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    text = article_markdown(
        outlet="Yes",  # a YAML 1.1 boolean word: must stay a string
        title="2024-01-01: a title: with colons # and a hash",
        paragraphs=["Body."],
        date=date(2024, 1, 2),
        url="https://x.example/a?b=1",
        language="fr",
        via="Reuters",
        author="Mara Lindqvist",
    )
    path.write_text(text, encoding="utf-8")
    article = load_article(path)
    assert article.outlet == "Yes"
    assert article.headline == "2024-01-01: a title: with colons # and a hash"
    assert article.date == date(2024, 1, 2)
    assert article.url == "https://x.example/a?b=1"
    assert (article.language, article.via) == ("fr", "Reuters")
    assert article.author == "Mara Lindqvist"
    assert article.warnings == ()


# --------------------------------------------------------------------------- add_source


def test_add_saved_page_writes_library_file(tmp_path: Path) -> None:
    library = tmp_path / "lib" / "nested"  # created when missing
    result = add_source(str(BRIDGE), library)
    assert result.added
    assert result.path == library / "2024-05-21-the-coastal-herald.md"
    article = load_article(result.path)
    expected = extract_html(BRIDGE.read_bytes())
    assert article.paragraphs == expected.paragraphs
    assert article.headline == expected.title
    assert (article.outlet, article.date, article.url) == (
        "The Coastal Herald",
        date(2024, 5, 21),
        BRIDGE_URL,
    )
    assert article.author == "Mara Lindqvist"
    assert article.warnings == ()
    # No temporary file left behind.
    assert sorted(p.name for p in library.iterdir()) == ["2024-05-21-the-coastal-herald.md"]


def test_add_escaped_page_round_trips(tmp_path: Path) -> None:
    page = HTML / "markdown_chars.html"
    result = add_source(str(page), tmp_path)
    assert load_article(result.path).paragraphs == extract_html(page.read_bytes()).paragraphs


def test_add_url_with_injected_fetch(tmp_path: Path) -> None:
    asked: list[str] = []

    def fetch(url: str) -> bytes:
        asked.append(url)
        return (HTML / "no_site_name.html").read_bytes()

    result = add_source("https://news.valleypost.example/x", tmp_path, fetch=fetch)
    assert asked == ["https://news.valleypost.example/x"]
    assert result.path.name == "2023-11-02-valleypost-example.md"
    # The page's canonical link wins over the address it was fetched from.
    assert load_article(result.path).url == "https://news.valleypost.example/local/library-hours"


def test_same_url_is_already_there(tmp_path: Path) -> None:
    first = add_source(str(BRIDGE), tmp_path)
    again = add_source(str(BRIDGE), tmp_path)
    assert not again.added
    assert again.path == first.path
    assert again.reason == "same URL"
    assert "already there" in again.describe()
    assert _md_files(tmp_path) == [first.path.name]


def test_known_url_is_not_fetched_again(tmp_path: Path) -> None:
    first = add_source(str(BRIDGE), tmp_path)
    # Same page, written differently: tracking parameters, http, no www, trailing slash.
    link = "http://coastalherald.example/news/2024/05/harbour-bridge-reopens/?utm_source=feed"
    again = add_source(link, tmp_path, fetch=_never_fetch)
    assert (again.status, again.path, again.reason) == ("already_there", first.path, "same URL")


def test_same_text_under_other_url_is_already_there(tmp_path: Path) -> None:
    first = add_source(str(BRIDGE), tmp_path)
    copy = tmp_path.parent / "mirror.html"
    copy.write_text(
        BRIDGE.read_text(encoding="utf-8").replace("coastalherald.example", "mirror.example"),
        encoding="utf-8",
    )
    again = add_source(str(copy), tmp_path)
    assert (again.status, again.path, again.reason) == ("already_there", first.path, "same text")
    assert _md_files(tmp_path) == [first.path.name]


def test_taken_file_name_gets_a_suffix(tmp_path: Path) -> None:
    library = tmp_path / "lib"
    paths = []
    for n in range(3):
        page = tmp_path / f"p{n}.html"
        page.write_text(
            BRIDGE.read_text(encoding="utf-8")
            .replace("harbour-bridge-reopens", f"story-{n}")
            .replace("42 million euros", f"{n + 40} million euros"),
            encoding="utf-8",
        )
        paths.append(add_source(str(page), library).path.name)
    assert paths == [
        "2024-05-21-the-coastal-herald.md",
        "2024-05-21-the-coastal-herald-2.md",
        "2024-05-21-the-coastal-herald-3.md",
    ]


def test_undated_article(tmp_path: Path) -> None:
    src = tmp_path / "clip.txt"
    src.write_text(
        "A headline here\n\nThe only paragraph of a clip with no date at all.\n", encoding="utf-8"
    )
    result = add_source(str(src), tmp_path / "lib")
    assert result.path.name.startswith("undated-")


def test_add_text_file(tmp_path: Path) -> None:
    src = tmp_path / "2024-03-01-evening-star.txt"
    src.write_text(
        "Storm closes schools\n\nSchools across the region closed on Friday.\n\n"
        "Officials said they would reopen *on Monday* if the roads are clear.\n",
        encoding="utf-8",
    )
    library = tmp_path / "lib"
    result = add_source(str(src), library)
    assert result.added
    original = load_article(src)
    written = load_article(result.path)
    assert result.path.name == f"2024-03-01-{slugify(original.outlet)}.md"
    assert written.headline == original.headline == "Storm closes schools"
    assert written.paragraphs == original.paragraphs
    assert written.date == date(2024, 3, 1)
    again = add_source(str(src), library)
    assert (again.status, again.reason) == ("already_there", "same text")


def test_add_markdown_file_keeps_metadata(tmp_path: Path) -> None:
    src = tmp_path / "in.md"
    src.write_text(
        "---\noutlet: Evening Star\ntitle: Storm closes schools\ndate: 2024-03-01\n"
        "via: Wire Service\nlanguage: en\nauthor: Ada Byline\n---\n\n# Storm closes schools\n\n"
        "Schools *closed* on [Friday](https://x.example).\n",
        encoding="utf-8",
    )
    result = add_source(str(src), tmp_path / "lib")
    written = load_article(result.path)
    assert result.path.name == "2024-03-01-evening-star.md"
    assert written.paragraphs == ("Schools closed on Friday.",)
    assert (written.outlet, written.via, written.language) == ("Evening Star", "Wire Service", "en")
    assert written.author == "Ada Byline" and written.warnings == ()


@pytest.mark.parametrize(
    ("raised", "message"),
    [
        (urllib.error.URLError("Name or service not known"), "cannot reach the server"),
        (TimeoutError("timed out"), "timed out after 5 s"),
        (urllib.error.URLError(TimeoutError("timed out")), "timed out after 5 s"),
        (
            urllib.error.HTTPError("https://x.example/a", 404, "Not Found", None, None),  # type: ignore[arg-type]
            "HTTP error 404 Not Found",
        ),
        (ConnectionResetError("reset by peer"), "cannot download the page"),
    ],
)
def test_fetch_failure_is_one_line_error(raised: Exception, message: str, tmp_path: Path) -> None:
    def fetch(url: str) -> bytes:
        raise raised

    with pytest.raises(AddError) as info:
        add_source("https://x.example/a", tmp_path, fetch=fetch, timeout=5)
    assert str(info.value).startswith("https://x.example/a: ")
    assert message in str(info.value)
    assert "\n" not in str(info.value)
    assert not tmp_path.exists() or _md_files(tmp_path) == []


def test_fetched_page_without_article(tmp_path: Path) -> None:
    page = (HTML / "no_article.html").read_bytes()
    with pytest.raises(AddError, match=r"^https://x.example/404: no article text found$"):
        add_source("https://x.example/404", tmp_path, fetch=lambda url: page)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.html", None, "no such file"),
        ("notes.pdf", b"%PDF-1.4", "unsupported file type .pdf"),
        ("empty.txt", b"", "empty file"),
        ("blank.md", b"   \n\n", "only whitespace"),
        ("nav.html", (HTML / "no_article.html").read_bytes(), "no article text found"),
    ],
)
def test_bad_file_sources(name: str, content: bytes | None, message: str, tmp_path: Path) -> None:
    src = tmp_path / name
    if content is not None:
        src.write_bytes(content)
    with pytest.raises(AddError, match=message) as info:
        add_source(str(src), tmp_path / "lib")
    assert str(info.value).startswith(f"{src}: ")
    assert not (tmp_path / "lib").exists()


def test_folder_and_bad_url_sources(tmp_path: Path) -> None:
    with pytest.raises(AddError, match="is a folder"):
        add_source(str(tmp_path), tmp_path / "lib")
    with pytest.raises(AddError, match="not a valid URL"):
        add_source("https:///nohost", tmp_path / "lib", fetch=_never_fetch)
    with pytest.raises(AddError, match=r"give the full https:// address"):
        add_source("www.example.com/story", tmp_path / "lib")


def test_unwritable_library_is_an_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    with pytest.raises(AddError, match="cannot"):
        add_source(str(BRIDGE), blocker / "lib")


def test_importer_does_not_load_trafilatura_or_textual_eagerly() -> None:
    code = (
        "import sys, tui.core.importer; "
        "bad = [m for m in ('trafilatura', 'textual', 'rich') if m in sys.modules]; "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


class _FakeResponse:
    """Stands in for urlopen's response: serves `data` in small chunks."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self, size: int = -1) -> bytes:
        chunk, self.data = self.data[:5], self.data[5:]
        return chunk

    def __enter__(self) -> _FakeResponse:
        return self

    def __exit__(self, *exc: object) -> None:
        return None


def test_fetch_url_reads_whole_page(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[tuple[str, float]] = []

    def urlopen(request: urllib.request.Request, timeout: float) -> _FakeResponse:
        seen.append((request.full_url, timeout))
        assert "sidebyside" in request.get_header("User-agent", "")
        return _FakeResponse(b"<html>a page</html>")

    monkeypatch.setattr(urllib.request, "urlopen", urlopen)
    assert fetch_url("https://x.example/a", timeout=7) == b"<html>a page</html>"
    assert seen == [("https://x.example/a", 7)]


def test_fetch_url_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(urllib.request, "urlopen", lambda r, timeout: _FakeResponse(b"x" * 40))
    # One deadline for the whole download, not just each read.
    with pytest.raises(TimeoutError):
        fetch_url("https://x.example/a", timeout=-1)
    monkeypatch.setattr(importer, "MAX_PAGE_BYTES", 12)
    with pytest.raises(ValueError, match="larger than"):
        fetch_url("https://x.example/a")


def test_unwritable_library_is_worded_like_the_loader(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "story.txt"
    source.write_text("Headline\n\n" + "A sentence of words for the body. " * 10, encoding="utf-8")

    def refuse(self: Path, *args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", str(self))

    monkeypatch.setattr(Path, "mkdir", refuse)
    with pytest.raises(AddError, match=r"cannot create .*: permission denied$"):
        add_source(str(source), tmp_path / "library")


# --------------------------------------------------------------------------- cancelling


def test_cancel_set_while_downloading_writes_nothing(tmp_path: Path) -> None:
    cancel = threading.Event()

    def late(url: str) -> bytes:
        # The caller gives up while the download runs; the page still arrives afterwards.
        cancel.set()
        return BRIDGE.read_bytes()

    library = tmp_path / "lib"
    with pytest.raises(AddCancelled, match="cancelled"):
        add_source(BRIDGE_URL, library, fetch=late, cancel=cancel)
    assert not library.exists()


def test_cancel_is_checked_right_before_writing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cancel = threading.Event()
    real = importer.article_markdown

    def then_cancel(**kwargs: object) -> str:
        # The last step before writing: the caller gives up during it.
        cancel.set()
        return real(**kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(importer, "article_markdown", then_cancel)
    library = tmp_path / "lib"
    library.mkdir()
    with pytest.raises(AddCancelled):
        add_source(str(BRIDGE), library, cancel=cancel)
    assert list(library.iterdir()) == []


def test_cancel_already_set_and_unset(tmp_path: Path) -> None:
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(AddCancelled):
        add_source(str(BRIDGE), tmp_path, fetch=_never_fetch, cancel=cancel)
    assert _md_files(tmp_path) == []
    # An event that is never set changes nothing.
    assert add_source(str(BRIDGE), tmp_path, cancel=threading.Event()).added


def test_fetch_url_stops_between_chunks_once_cancelled(monkeypatch: pytest.MonkeyPatch) -> None:
    cancel = threading.Event()
    cancel.set()
    monkeypatch.setattr(urllib.request, "urlopen", lambda r, timeout: _FakeResponse(b"x" * 40))
    with pytest.raises(AddCancelled):
        fetch_url("https://x.example/a", cancel=cancel)
