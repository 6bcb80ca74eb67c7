"""Add articles to the library from a URL, a saved web page or a text file.

A web page goes through trafilatura, which keeps the article's own paragraphs and drops the site
chrome (navigation, related links, cookie banners, comment forms, footers) and reads the metadata
(title, site name, author, date, canonical URL) from JSON-LD, Open Graph and `<meta>` tags. A
`.txt`/`.md` file goes through the library loader. Either way the result is written as
`<date>-<outlet-slug>.md` with YAML front matter, escaped so the loader reads the very same
paragraphs back.

An article is never written twice: the same canonical URL or the same body text already in the
library gives an "already there" result naming that file, and a taken file name gets a `-2`, `-3`
suffix rather than being overwritten.
"""

from __future__ import annotations

import hashlib
import re
import threading
import time
import unicodedata
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date as Date
from http.client import HTTPException
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import yaml

from tui.core.articles import ArticleError, load_article, load_library, sanitize
from tui.core.fsio import OutputExistsError, WriteError, os_reason, write_atomic
from tui.core.types import Article

if TYPE_CHECKING:
    from lxml.html import HtmlElement

__all__ = [
    "AddCancelled",
    "AddError",
    "AddResult",
    "Extracted",
    "add_source",
    "article_markdown",
    "body_hash",
    "escape_markdown",
    "extract_html",
    "fetch_url",
    "normalize_url",
    "slugify",
]

#: Default seconds to wait for a web server before giving up.
DEFAULT_TIMEOUT = 20.0
#: Pages larger than this are refused: no news article needs more, and it bounds memory.
MAX_PAGE_BYTES = 20 * 1024 * 1024
#: Fewer words than this in the extracted body means the page had no article (an index page,
#: a paywall stub, an error page), not a very short story.
MIN_BODY_WORDS = 20

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown"})

_USER_AGENT = "Mozilla/5.0 (compatible; sidebyside article import)"
_SPACE = re.compile(r"\s+")
# Query parameters that only track the click; two links differing in these are the same page.
_TRACKING_PARAM = re.compile(r"^(utm_\w+|fbclid|gclid|mc_cid|mc_eid|ocid|cmpid|ref|src)$", re.I)


class AddError(Exception):
    """A source could not be added. `str()` is one line naming the source and the problem."""

    def __init__(self, source: str, message: str) -> None:
        super().__init__(f"{source}: {message}")
        self.source = source
        self.message = message


class AddCancelled(AddError):
    """`add_source` stopped because its `cancel` event was set; nothing was written."""

    def __init__(self, source: str) -> None:
        super().__init__(source, "cancelled")


def _check_cancel(source: str, cancel: threading.Event | None) -> None:
    if cancel is not None and cancel.is_set():
        raise AddCancelled(source)


@dataclass(frozen=True, slots=True)
class AddResult:
    """What `add_source` did with one source.

    `status` is `added` (a new file was written at `path`) or `already_there` (nothing written;
    `path` is the library file holding the same article and `reason` says how it matched:
    `same URL` or `same text`).
    """

    source: str
    path: Path
    status: Literal["added", "already_there"]
    reason: str = ""
    title: str = ""

    @property
    def added(self) -> bool:
        """True when a new file was written."""
        return self.status == "added"

    def describe(self) -> str:
        """One line for the user: `added FILE` or `already there: FILE (same URL)`."""
        if self.added:
            return f"added {self.path}"
        return f"already there: {self.path} ({self.reason})"


@dataclass(frozen=True, slots=True)
class Extracted:
    """An article pulled out of a web page, before it is written to the library."""

    title: str
    paragraphs: tuple[str, ...]
    outlet: str
    date: Date | None = None
    url: str | None = None
    author: str | None = None
    language: str | None = None
    via: str | None = None


# --------------------------------------------------------------------------------------------
# Text helpers
# --------------------------------------------------------------------------------------------


def clean_text(text: str) -> str:
    """Drop terminal escapes and control characters; collapse every whitespace run to one space.

    Paragraphs are stored one per line, so a line break inside one is layout, not content.
    """
    return _SPACE.sub(" ", sanitize(text)).strip()


def slugify(text: str, *, fallback: str = "article") -> str:
    """Lower-case ASCII words joined by `-` for a file name ("Le Monde" -> "le-monde").

    Args:
        text: Any name, in any script.
        fallback: Returned when nothing ASCII is left (e.g. a name written only in Cyrillic).
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:60].rstrip("-") or fallback


def normalize_url(url: str) -> str:
    """A URL reduced to what identifies the page, for comparing two links.

    Lower-cases scheme and host, drops `www.`, default ports, the fragment, tracking parameters
    (`utm_*`, `fbclid`, ...) and a trailing slash, and treats http and https alike.
    """
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    if parts.port and parts.port not in (80, 443):
        host = f"{host}:{parts.port}"
    query = urlencode(
        sorted(
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if not _TRACKING_PARAM.match(k)
        )
    )
    path = parts.path.rstrip("/")
    scheme = parts.scheme.lower()
    if scheme == "http":
        scheme = "https"
    return urlunsplit((scheme, host, path, query, ""))


def body_hash(paragraphs: Iterable[str]) -> str:
    """A fingerprint of an article's body that ignores whitespace and Unicode-form differences."""
    normal = "\n".join(
        p for p in (clean_text(unicodedata.normalize("NFKC", x)) for x in paragraphs) if p
    )
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()


# Characters that start Markdown inline syntax wherever they stand: escapes, emphasis, code,
# links/images, raw HTML and autolinks, strikethrough. Escaping them all is always valid
# CommonMark (any ASCII punctuation may be backslash-escaped) and reads back as the character.
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<~|])")
# `&name;` / `&#123;` would be decoded as an entity; a bare `&` is left alone for readability.
_ENTITY = re.compile(r"&(?=#?\w+;)")
# Line starts that open a block: heading, quote, list bullet, thematic break, setext underline,
# fenced code (` and ~ are already escaped inline).
_BLOCK_START = re.compile(r"^([#>+\-=])")
_ORDERED_START = re.compile(r"^(\d{1,9})([.)])")


def escape_markdown(paragraph: str) -> str:
    """Escape `paragraph` so a CommonMark parser reads it back as the same plain text.

    The paragraph must already be one line with no leading or trailing space (see
    `clean_text`): a line break would join two lines into one paragraph, and leading spaces could
    make an indented code block.
    """
    text = _INLINE_SPECIAL.sub(r"\\\1", paragraph)
    text = _ENTITY.sub(r"\\&", text)
    text = _BLOCK_START.sub(r"\\\1", text)
    return _ORDERED_START.sub(r"\1\\\2", text)


def article_markdown(
    *,
    outlet: str,
    title: str,
    paragraphs: Sequence[str],
    date: Date | None = None,
    url: str | None = None,
    language: str | None = None,
    via: str | None = None,
    author: str | None = None,
) -> str:
    """The library file for one article: YAML front matter, then one escaped paragraph per block.

    Keys follow the library format (`outlet`, `title`, `date`, `url`, `language`, `via`,
    `author`); empty ones are left out. `date` is written as a YAML date (`2024-05-21`).
    """
    meta: dict[str, Any] = {"outlet": outlet, "title": title}
    optional: dict[str, Any] = {
        "date": date,
        "url": url,
        "language": language,
        "via": via,
        "author": author,
    }
    meta.update({k: v for k, v in optional.items() if v})
    # width: never fold a long title over two lines; allow_unicode: keep names readable.
    front = yaml.safe_dump(
        meta, sort_keys=False, allow_unicode=True, default_flow_style=False, width=1_000_000
    )
    body = "\n\n".join(escape_markdown(p) for p in paragraphs)
    return f"---\n{front}---\n\n{body}\n"


# --------------------------------------------------------------------------------------------
# HTML extraction
# --------------------------------------------------------------------------------------------

# trafilatura's cleaned tree uses these tags for blocks of text.
_LEAF_BLOCKS = frozenset({"p", "head", "item", "code", "cell"})
_CONTAINERS = frozenset({"list", "quote", "div", "table", "row", "body"})


def _block_texts(element: HtmlElement) -> Iterator[str]:
    """Paragraph texts of trafilatura's cleaned body, one per block, in reading order."""
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in _CONTAINERS and any(
            isinstance(g.tag, str) and g.tag in _LEAF_BLOCKS | _CONTAINERS for g in child
        ):
            yield from _block_texts(child)
        elif tag in _LEAF_BLOCKS or tag in _CONTAINERS:
            # A <br> inside a paragraph is a line break in the layout, not a new paragraph.
            for lb in child.iter("lb"):
                lb.tail = " " + (lb.tail or "")
            text = clean_text("".join(child.itertext()))
            if text:
                yield text


def _parse_date(value: str | None) -> Date | None:
    if not value:
        return None
    try:
        return Date.fromisoformat(value[:10])
    except ValueError:
        return None


def _domain(url: str | None) -> str:
    if not url:
        return ""
    return (urlsplit(url).hostname or "").lower().removeprefix("www.")


def _looks_like_host(name: str) -> bool:
    return " " not in name and "." in name


def extract_html(html: bytes | str, *, url: str | None = None) -> Extracted:
    """Pull the article and its metadata out of a web page.

    Args:
        html: The page, as bytes (encoding detected from the page) or text.
        url: Where the page came from, used when the page names no canonical URL.

    Returns:
        The title, body paragraphs (headline and boilerplate left out) and metadata. The outlet
        is the site name the page declares (JSON-LD publisher, `og:site_name`), else its domain.

    Raises:
        ValueError: the page could not be parsed or holds no article text.
    """
    # Imported here: trafilatura pulls in lxml, dateparser and more (~0.25 s), which `list` and
    # `compare` should never pay for.
    import trafilatura

    tree = trafilatura.load_html(html)
    if tree is None:
        raise ValueError("not an HTML page")
    language = (tree.get("lang") or "").strip() or None
    doc = trafilatura.bare_extraction(
        tree,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        favor_precision=True,
    )
    if doc is None or isinstance(doc, dict) or doc.body is None:
        raise ValueError("no article text found")
    title = clean_text(doc.title or "")
    paragraphs = list(_block_texts(doc.body))
    # The page's own <h1> usually opens the body; the headline lives in the front matter.
    if paragraphs and title and paragraphs[0].casefold() == title.casefold():
        paragraphs.pop(0)
    if sum(len(p.split()) for p in paragraphs) < MIN_BODY_WORDS:
        raise ValueError("no article text found")
    if not title:
        title = paragraphs[0][:120]
    canonical = clean_text(doc.url or "") or url
    if canonical and urlsplit(canonical).scheme not in ("http", "https"):
        canonical = url
    site = clean_text(doc.sitename or "")
    # trafilatura falls back to the host name itself; prefer the bare registrable domain then.
    if not site or _looks_like_host(site):
        site = clean_text(doc.hostname or "") or _domain(canonical) or site
    return Extracted(
        title=title,
        paragraphs=tuple(paragraphs),
        outlet=site or "unknown",
        date=_parse_date(doc.date),
        url=canonical or None,
        author=clean_text(doc.author or "") or None,
        language=clean_text(doc.language or "") or language,
    )


# --------------------------------------------------------------------------------------------
# Fetching
# --------------------------------------------------------------------------------------------


def fetch_url(
    url: str, *, timeout: float = DEFAULT_TIMEOUT, cancel: threading.Event | None = None
) -> bytes:
    """Download a web page, giving up after `timeout` seconds in all.

    The socket timeout alone only bounds each wait, so a server trickling bytes could hold us
    forever; the download is read in chunks against one deadline, and stops between chunks
    once `cancel` is set.

    Raises:
        AddCancelled: `cancel` was set.
        OSError: the server is unreachable, answered with an HTTP error, or timed out
            (`urllib.error.HTTPError`, `URLError` and `TimeoutError` are all `OSError`s).
        ValueError: the page is larger than `MAX_PAGE_BYTES`.
    """
    deadline = time.monotonic() + timeout
    request = urllib.request.Request(
        url, headers={"User-Agent": _USER_AGENT, "Accept": "text/html,application/xhtml+xml"}
    )
    chunks: list[bytes] = []
    size = 0
    with urllib.request.urlopen(request, timeout=timeout) as response:
        while chunk := response.read(64 * 1024):
            chunks.append(chunk)
            size += len(chunk)
            if size > MAX_PAGE_BYTES:
                raise ValueError(f"page larger than {MAX_PAGE_BYTES // (1024 * 1024)} MB")
            if time.monotonic() > deadline:
                raise TimeoutError("timed out")
            _check_cancel(url, cancel)
    return b"".join(chunks)


def _fetch_error(exc: BaseException, timeout: float) -> str:
    if isinstance(exc, urllib.error.HTTPError):
        return f"HTTP error {exc.code} {exc.reason}".rstrip()
    if isinstance(exc, TimeoutError) or (
        isinstance(exc, urllib.error.URLError) and isinstance(exc.reason, TimeoutError)
    ):
        return f"timed out after {timeout:g} s"
    if isinstance(exc, urllib.error.URLError):
        return f"cannot reach the server ({exc.reason})"
    return f"cannot download the page ({exc})"


# --------------------------------------------------------------------------------------------
# The library side
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Known:
    path: Path
    url: str | None
    digest: str


def _library_index(library_dir: Path) -> list[_Known]:
    """URL and body fingerprint of every readable article already in the library."""
    if not library_dir.is_dir():
        return []
    try:
        library = load_library([library_dir])
    except ArticleError:
        # An empty folder, or one whose every file is broken: nothing to be a duplicate of.
        return []
    return [
        _Known(a.path, normalize_url(a.url) if a.url else None, body_hash(a.paragraphs))
        for a in library.articles
    ]


def _find_url(known: Sequence[_Known], url: str | None) -> _Known | None:
    if not url:
        return None
    key = normalize_url(url)
    return next((k for k in known if k.url == key), None)


def _write_new(
    library_dir: Path,
    stem: str,
    content: str,
    stop_if_cancelled: Callable[[], None] = lambda: None,
) -> Path:
    """Write `content` to `<stem>.md`, or `<stem>-2.md`, ... whichever is free, atomically.

    `stop_if_cancelled` is called right before anything is created; it raises to stop.
    """
    stop_if_cancelled()
    try:
        library_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WriteError(f"cannot create {library_dir}: {os_reason(exc)}", library_dir) from None
    for n in range(1, 1000):
        target = library_dir / (f"{stem}.md" if n == 1 else f"{stem}-{n}.md")
        if target.exists():
            continue
        stop_if_cancelled()
        try:
            # Refuses (rather than replaces) a name taken meanwhile, so nothing is overwritten.
            return write_atomic(target, content, overwrite=False)
        except OutputExistsError:
            continue
    raise WriteError(f"no free file name for {stem}.md in {library_dir}", library_dir)


def _is_url(source: str) -> bool:
    return bool(re.match(r"^https?://", source.strip(), re.I))


def _from_text_file(source: str, path: Path) -> Extracted:
    try:
        article: Article = load_article(path)
    except ArticleError as exc:
        raise AddError(source, exc.issue.message) from None
    paragraphs = tuple(p for p in (clean_text(x) for x in article.paragraphs) if p)
    if not paragraphs:
        raise AddError(source, "no article text found")
    return Extracted(
        # `title` is the loader's shortened label; the headline is the full title.
        title=clean_text(article.headline or article.title) or paragraphs[0][:120],
        paragraphs=paragraphs,
        outlet=clean_text(article.outlet) or "unknown",
        date=article.date,
        url=article.url,
        language=article.language,
        via=article.via,
        author=article.author,
    )


def _from_html_bytes(source: str, data: bytes, url: str | None) -> Extracted:
    try:
        return extract_html(data, url=url)
    except ValueError as exc:
        raise AddError(source, str(exc)) from None


def add_source(
    source: str,
    library_dir: Path,
    *,
    fetch: Callable[[str], bytes] | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    cancel: threading.Event | None = None,
) -> AddResult:
    """Add one article to the library.

    Args:
        source: An `http(s)://` URL, a saved `.html`/`.htm` page, or a `.txt`/`.md` file.
        library_dir: The library folder; created when missing.
        fetch: Downloads a URL and returns the page's bytes; defaults to `fetch_url` with
            `timeout`. Tests pass one that returns fixture bytes or raises.
        timeout: Seconds to wait for the web server (default `fetch` only).
        cancel: Set by a caller that stopped waiting (the reader's add dialog after its
            deadline): checked between steps and right before writing, so a download that
            ends late writes nothing.

    Returns:
        `added` with the new file, or `already_there` with the library file that holds the same
        canonical URL or the same body text (then nothing is written).

    Raises:
        AddError: one-line reason naming the source: unreachable URL, HTTP error, timeout, no
            article text, unreadable or unsupported file, library not writable.
        AddCancelled: `cancel` was set before the article was written.
    """
    source = source.strip()
    if not source:
        raise AddError("''", "empty source")
    known = _library_index(library_dir)
    _check_cancel(source, cancel)
    if _is_url(source):
        parts = urlsplit(source)
        if not parts.hostname:
            raise AddError(source, "not a valid URL")
        # The link itself may already be in the library: no need to download anything.
        if hit := _find_url(known, source):
            return AddResult(source, hit.path, "already_there", "same URL")
        download = fetch or (lambda u: fetch_url(u, timeout=timeout, cancel=cancel))
        try:
            data = download(source)
        except (OSError, ValueError, HTTPException) as exc:
            raise AddError(source, _fetch_error(exc, timeout)) from None
        _check_cancel(source, cancel)
        extracted = _from_html_bytes(source, data, source)
    else:
        path = Path(source).expanduser()
        if not path.exists():
            hint = ""
            if re.match(r"^(www\.)?[\w-]+(\.[\w-]+)+/", source):
                hint = " (for a web page give the full https:// address)"
            raise AddError(source, f"no such file{hint}")
        if path.is_dir():
            raise AddError(source, "is a folder; give article files or URLs")
        suffix = path.suffix.lower()
        if suffix in HTML_SUFFIXES:
            try:
                data = path.read_bytes()
            except OSError as exc:
                raise AddError(source, f"cannot read file ({os_reason(exc)})") from None
            extracted = _from_html_bytes(source, data, None)
        elif suffix in TEXT_SUFFIXES:
            extracted = _from_text_file(source, path)
        else:
            raise AddError(
                source, f"unsupported file type {suffix or '(none)'}; use .html, .htm, .txt or .md"
            )

    if hit := _find_url(known, extracted.url):
        return AddResult(source, hit.path, "already_there", "same URL", extracted.title)
    digest = body_hash(extracted.paragraphs)
    if hit := next((k for k in known if k.digest == digest), None):
        return AddResult(source, hit.path, "already_there", "same text", extracted.title)

    content = article_markdown(
        outlet=extracted.outlet,
        title=extracted.title,
        paragraphs=extracted.paragraphs,
        date=extracted.date,
        url=extracted.url,
        language=extracted.language,
        via=extracted.via,
        author=extracted.author,
    )
    stem = (
        f"{extracted.date.isoformat() if extracted.date else 'undated'}-{slugify(extracted.outlet)}"
    )
    try:
        written = _write_new(library_dir, stem, content, lambda: _check_cancel(source, cancel))
    except WriteError as exc:
        raise AddError(source, str(exc)) from None
    return AddResult(source, written, "added", "", extracted.title)
