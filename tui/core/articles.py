"""Load articles from `.md` (YAML front matter + Markdown) and `.txt` files, and whole folders.

Articles come from the web, so every byte is distrusted: the loader decodes defensively, strips
terminal control sequences, and turns each bad file into a one-line `LoadIssue` instead of an
exception from deep inside a parser. No Textual, no Rich.
"""

from __future__ import annotations

import codecs
import errno
import os
import re
import stat
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date as Date
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.core.chrome import clean_lines
from tui.core.fsio import os_reason
from tui.core.types import Article, LoadIssue
from tui.errors import UserError

if TYPE_CHECKING:
    from frontmatter.default_handlers import YAMLHandler
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

__all__ = [
    "ARTICLE_SUFFIXES",
    "ArticleError",
    "Library",
    "decode_bytes",
    "load_article",
    "load_library",
    "outlet_from_filename",
    "resolve_article",
    "sanitize",
    "slugify",
]

ARTICLE_SUFFIXES = frozenset({".md", ".markdown", ".txt"})
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
FRONT_MATTER_KEYS = ("outlet", "title", "date", "url", "language", "via", "author", "license")
# Far beyond any article; stops a stray disk image from being read into memory.
MAX_BYTES = 50 * 1024 * 1024
TITLE_MAX = 90

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "zip archive"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"\x7fELF", "executable"),
    (b"\x1f\x8b", "gzip archive"),
)

# Terminal escape sequences: CSI (ESC [ … final), OSC (ESC ] … BEL or ST; an unterminated one
# ends at the line end, so a broken sequence cannot swallow the rest of the article),
# DCS/SOS/PM/APC strings, two-byte escapes, and their 8-bit C1 forms.
_ESCAPES = re.compile(
    r"""
      \x1b\[[0-?]*[ -/]*[@-~]?            # CSI
    | \x9b[0-?]*[ -/]*[@-~]?              # 8-bit CSI
    | (?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c\n]*(?:\x07|\x1b\\|\x9c)?  # OSC/DCS…
    | \x1b[ -/]*[0-~]?                    # other ESC sequences (and a lone ESC)
    """,
    re.VERBOSE,
)
# Remaining C0 controls except tab and newline, DEL and C1 controls.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_ISO_DATE_PREFIX = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[-_ .]+|$)")
_HASHLIKE = re.compile(r"^(?:\d+|[0-9a-f]{6,})$", re.IGNORECASE)
_SMALL_WORDS = frozenset({"of", "the", "and", "a", "an", "in", "on", "for", "de", "la", "du"})
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
_HTML_TAG = re.compile(r"<!--.*?-->|<[^>]*>", re.DOTALL)
_YAML_KEY_LINE = re.compile(r"^[A-Za-z_][\w-]*\s*:")

# Anything that could make markdown-it read a body differently from plain paragraphs: inline
# syntax characters, block markers at a line start, indented code, tabs (they count as up to
# four columns of indent), and Unicode spaces (which markdown-it does not treat as blank).
_MD_SYNTAX = re.compile(
    r"[\\`*_\[\]<&|~\t]|^ *(?:[#>+=-]|\d{1,9}[.)])|^ {4}|[^\S \n]", re.MULTILINE
)
_BLANK_LINE = re.compile(r"\n *\n")


# markdown-it and the YAML parser are imported on first use: plain-text articles and the
# `compare` command on .txt files never pay for them.
@cache
def _markdown() -> MarkdownIt:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


@cache
def _yaml_handler() -> YAMLHandler:
    from frontmatter.default_handlers import YAMLHandler

    return YAMLHandler()


class ArticleError(UserError):
    """A file or reference that cannot be loaded; `issue` says which and why, in one line."""

    def __init__(self, issue: LoadIssue, issues: tuple[LoadIssue, ...] = ()) -> None:
        super().__init__(str(issue))
        self.issue = issue
        # Problems met before giving up (e.g. every file in a folder was bad), for the CLI to list.
        self.issues = issues


@dataclass(frozen=True, slots=True)
class Library:
    """Articles sorted by date then outlet (undated last), and the problems met loading them."""

    articles: tuple[Article, ...] = ()
    issues: tuple[LoadIssue, ...] = field(default=())

    def find(self, ref: str) -> Article | None:
        """The article whose id is `ref`, else the only one whose id starts with `ref`."""
        matches = self._matches(ref)
        return matches[0] if len(matches) == 1 else None

    def _matches(self, ref: str) -> list[Article]:
        key = ref.strip().lower()
        if not key:
            return []
        exact = [a for a in self.articles if a.id == key]
        if exact:
            return exact
        return [a for a in self.articles if a.id.startswith(key)]


# --------------------------------------------------------------------------- text hygiene


def sanitize(text: str) -> str:
    """Remove terminal escape sequences and control characters; keep all other text exactly.

    Line endings become `\\n`. Tabs and newlines are kept; curly quotes, right-to-left text,
    emoji and combining marks pass through untouched.

    Args:
        text: Decoded text from an untrusted file.

    Returns:
        The text with no character that a terminal would interpret.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not _CONTROLS.search(text):
        return text
    return _CONTROLS.sub("", _ESCAPES.sub("", text))


def _utf16_without_bom(head: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when NULs sit in every other byte, as in UTF-16 Latin text."""
    if len(head) < 4:
        return None
    even = head[0::2].count(0) / len(head[0::2])
    odd = head[1::2].count(0) / len(head[1::2])
    if odd > 0.7 and even < 0.1:
        return "utf-16-le"
    if even > 0.7 and odd < 0.1:
        return "utf-16-be"
    return None


def _utf8_runs(data: bytes) -> tuple[int, int]:
    """(valid multi-byte UTF-8 sequences, bytes that are not valid UTF-8)."""
    good = len(_UTF8_MULTIBYTE.findall(data))
    # U+FFFD already in the file is valid UTF-8 (EF BF BD); only count the new ones.
    bad = data.decode("utf-8", errors="replace").count("\ufffd") - data.count(b"\xef\xbf\xbd")
    return good, bad


def decode_bytes(data: bytes) -> tuple[str, str | None]:
    """Decode a file's bytes as well as possible.

    UTF-8 (with or without BOM) and UTF-16/UTF-32 with a BOM decode exactly. Anything else is
    decoded lossily, choosing whichever of UTF-8-with-replacement and Windows-1252 loses less,
    and a warning says so.

    Args:
        data: The raw file content.

    Returns:
        The text and a warning (None when the decoding was exact).

    Raises:
        ValueError: The bytes are binary (a known file signature, or NUL bytes that are not
            UTF-16); the message is the reason.
    """
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise ValueError(f"binary file ({kind})")
    boms = (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    )
    for bom, encoding in boms:
        if data.startswith(bom):
            try:
                return data.decode(encoding), None
            except UnicodeDecodeError:
                text = data.decode(encoding, errors="replace")
                return (
                    text,
                    f"invalid {encoding.upper()} after its byte-order mark; decoded lossily",
                )
    head = data[:1024]
    if b"\x00" in head:
        utf16 = _utf16_without_bom(head)
        if utf16 is None:
            raise ValueError("binary file (NUL bytes)")
        try:
            return data.decode(utf16), None
        except UnicodeDecodeError as exc:
            raise ValueError("binary file (NUL bytes)") from exc
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    good, bad = _utf8_runs(data)
    if good > bad:
        return (
            data.decode("utf-8", errors="replace"),
            f"not valid UTF-8 ({bad} bad byte{'s' if bad != 1 else ''} replaced with \ufffd)",
        )
    try:
        return data.decode("cp1252"), "not UTF-8; decoded as Windows-1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "not UTF-8; decoded as Latin-1"


# --------------------------------------------------------------------------- names and ids


def slugify(name: str) -> str:
    """A short id of `[a-z0-9-]` from a file stem ("2023-10-16 Reuters" -> "2023-10-16-reuters").

    Args:
        name: A file name stem.

    Returns:
        The slug; "article" when nothing usable is left.
    """
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return slug or "article"


def _title_word(word: str, first: bool) -> str:
    if len(word) <= 2 and word.isalpha() and word.lower() not in _SMALL_WORDS:
        return word.upper()  # "rt", "ap", "uk": short names are usually initials
    if not first and word.lower() in _SMALL_WORDS:
        return word.lower()
    return word[:1].upper() + word[1:]


def outlet_from_filename(path: Path) -> str:
    """Guess the outlet from a file name: "2023-10-16-fox-news.txt" -> "Fox News".

    A leading ISO date and numeric or hash-like parts are dropped; when nothing is left, the
    stem itself is the outlet.

    Args:
        path: The article's path.

    Returns:
        The outlet name.
    """
    # File names are as untrusted as file content: no escape sequence may reach a terminal.
    stem = sanitize(path.stem)
    rest = _ISO_DATE_PREFIX.sub("", stem)
    parts = [p for p in re.split(r"[-_ .]+", rest) if p and not _HASHLIKE.match(p)]
    if not parts:
        return stem
    return " ".join(_title_word(p, i == 0) for i, p in enumerate(parts))


def _date_from_filename(path: Path) -> Date | None:
    match = _ISO_DATE_PREFIX.match(path.stem)
    if not match:
        return None
    try:
        return Date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def _short_title(headline: str) -> str:
    """The headline for display: one line, at most TITLE_MAX characters, cut at a word."""
    line = " ".join(headline.split())
    if len(line) <= TITLE_MAX:
        return line
    cut = line[: TITLE_MAX - 1]
    if " " in cut[TITLE_MAX // 2 :]:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,;:-") + "…"


# --------------------------------------------------------------------------- Markdown


def _inline_text(token: Token) -> str:
    """Plain text of an inline token: syntax gone, link text and image alt text kept."""
    out: list[str] = []
    for child in token.children or ():
        if child.type in ("text", "code_inline"):
            out.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            out.append(" ")
        elif child.type == "image":
            out.append("".join(c.content for c in child.children or ()))
        # html_inline and the *_open/*_close markers carry no text.
    return "".join(out)


def _plain_blocks(body: str) -> list[tuple[str, str]] | None:
    """The paragraphs of a body with no Markdown syntax at all, or None when it has some.

    Most articles are plain prose; splitting them at blank lines gives what markdown-it gives
    (lines joined by a space, spaces and tabs around lines dropped) several times faster, which
    keeps a library of a thousand articles quick to open.
    """
    if _MD_SYNTAX.search(body):
        return None
    paragraphs = (p.strip() for p in _BLANK_LINE.split(body))
    return [
        ("paragraph", " ".join(line.strip(" ") for line in p.split("\n"))) for p in paragraphs if p
    ]


def _markdown_blocks(body: str) -> list[tuple[str, str]]:
    """(kind, text) for each block of a Markdown body: heading, paragraph, code, html, row."""
    plain = _plain_blocks(body)
    if plain is not None:
        return plain
    blocks: list[tuple[str, str]] = []
    tokens = _markdown().parse(body)
    cells: list[str] | None = None
    block = "paragraph"
    for token in tokens:
        kind = token.type
        if kind == "heading_open":
            block = "heading"
        elif kind == "paragraph_open":
            block = "paragraph"
        elif kind == "tr_open":
            cells = []
        elif kind == "tr_close" and cells is not None:
            blocks.append(("row", " · ".join(c for c in cells if c)))
            cells = None
        elif kind == "inline":
            text = _inline_text(token)
            if cells is not None:
                cells.append(text.strip())
            else:
                blocks.append((block, text))
        elif kind in ("fence", "code_block"):
            blocks.append(("code", token.content))
        elif kind == "html_block":
            # Raw HTML from a pasted page: keep its words, drop the tags.
            blocks.append(("html", _HTML_TAG.sub(" ", token.content)))
    return [(k, t.strip()) for k, t in blocks if t.strip()]


def _check_front_matter(meta: Any, warnings: list[str]) -> dict[str, Any]:
    """Validate front matter; bad values become warnings and are ignored."""
    if meta is None:
        return {}
    if not isinstance(meta, dict):
        warnings.append(f"front matter is not a mapping (got {type(meta).__name__}); ignored")
        return {}
    out: dict[str, Any] = {}
    unknown = sorted(str(k) for k in meta if k not in FRONT_MATTER_KEYS)
    if unknown:
        shown = ", ".join(repr(k[:40]) for k in unknown[:5])
        more = f" and {len(unknown) - 5} more" if len(unknown) > 5 else ""
        warnings.append(f"unknown front-matter key{'s' if len(unknown) > 1 else ''} {shown}{more}")
    for key in FRONT_MATTER_KEYS:
        if key not in meta or meta[key] is None:
            continue
        value = meta[key]
        if key == "date":
            parsed = _parse_date(value)
            if parsed is None:
                warnings.append(f"date: {str(value)[:40]!r} is not an ISO 8601 date; ignored")
            else:
                out["date"] = parsed
        elif isinstance(value, bool) or not isinstance(value, str | int | float):
            warnings.append(f"{key}: expected text, got {type(value).__name__}; ignored")
        else:
            text = " ".join(sanitize(str(value)).split())
            if text:
                out[key] = text
    return out


def _parse_date(value: Any) -> Date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, Date):
        return value
    if isinstance(value, str):
        for parse in (Date.fromisoformat, datetime.fromisoformat):
            try:
                result = parse(value.strip())
            except ValueError:
                continue
            return result.date() if isinstance(result, datetime) else result
    return None


def _split_front_matter(text: str, warnings: list[str]) -> tuple[Any, str]:
    """(metadata, body). Problems become warnings; the body is kept wherever possible."""
    if not text.startswith("---"):
        return None, text
    handler = _yaml_handler()
    if not handler.detect(text):
        return None, text
    try:
        fm, body = handler.split(text)
    except ValueError:
        # Only one `---`: drop it and the `key: value` lines under it, read the rest.
        warnings.append("front matter not closed (no second '---' line); read as body")
        lines = text.split("\n")[1:]
        while lines and _YAML_KEY_LINE.match(lines[0]):
            lines.pop(0)
        return None, "\n".join(lines)
    import yaml

    try:
        return handler.load(fm), body
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark is not None else ""
        warnings.append(f"front matter is not valid YAML{where}; ignored")
        return None, body


# --------------------------------------------------------------------------- files


def _issue(path: Path, message: str) -> ArticleError:
    return ArticleError(LoadIssue(path, message))


def _os_reason(exc: OSError) -> str:
    if exc.errno == errno.EISDIR:
        # Said the same way as the stat check in `_read_bytes`.
        return "is a directory, expected an article file"
    return os_reason(exc)


def _read_bytes(path: Path) -> bytes:
    try:
        st = path.stat()
    except OSError as exc:
        raise _issue(path, _os_reason(exc)) from None
    if stat.S_ISDIR(st.st_mode):
        raise _issue(path, "is a directory, expected an article file")
    if not stat.S_ISREG(st.st_mode):
        raise _issue(path, "not a regular file")
    if st.st_size > MAX_BYTES:
        raise _issue(
            path, f"file too large ({st.st_size // 2**20} MB; limit {MAX_BYTES // 2**20} MB)"
        )
    try:
        with path.open("rb") as handle:
            return handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise _issue(path, _os_reason(exc)) from None


def _require_text(path: Path, text: str) -> None:
    if not text:
        raise _issue(path, "empty file")
    if not text.strip():
        raise _issue(path, "only whitespace, no article text")
    if not any(ch.isalnum() for ch in text):
        raise _issue(path, "no letters or digits, no article text")


def load_article(path: Path, *, article_id: str | None = None) -> Article:
    """Load one article file (`.md`/`.markdown` as Markdown, anything else as plain text).

    Args:
        path: The file.
        article_id: The id to give it; by default the slug of the file name.

    Returns:
        The article. Recoverable problems (lossy decoding, bad front matter) are listed in
        `Article.warnings`.

    Raises:
        ArticleError: The file is missing, unreadable, binary, a directory, or has no text.
    """
    data = _read_bytes(path)
    warnings: list[str] = []
    try:
        text, decode_warning = decode_bytes(data)
    except ValueError as exc:
        raise _issue(path, str(exc)) from None
    if decode_warning:
        warnings.append(decode_warning)
    text = sanitize(text)
    _require_text(path, text)
    if path.suffix.lower() in MARKDOWN_SUFFIXES:
        return _markdown_article(path, text, warnings, article_id)
    return _text_article(path, text, warnings, article_id)


def _markdown_article(
    path: Path, text: str, warnings: list[str], article_id: str | None
) -> Article:
    raw_meta, body = _split_front_matter(text, warnings)
    meta = _check_front_matter(raw_meta, warnings)
    blocks = _markdown_blocks(body)
    if not blocks:
        raise _issue(path, "no article text after the front matter")
    title = meta.get("title")
    if title:
        headline = title
        paragraphs = [t for _, t in blocks]
        if paragraphs and paragraphs[0] == headline:
            paragraphs.pop(0)  # a body that repeats its title as its first heading
    else:
        headline = blocks[0][1]
        paragraphs = [t for _, t in blocks[1:]]
    return Article(
        id=article_id or slugify(path.stem),
        path=path,
        outlet=meta.get("outlet") or outlet_from_filename(path),
        title=_short_title(title or headline),
        headline=headline,
        paragraphs=tuple(paragraphs),
        date=meta.get("date") or _date_from_filename(path),
        url=meta.get("url"),
        language=meta.get("language"),
        via=meta.get("via"),
        warnings=tuple(warnings),
        author=meta.get("author"),
        license=meta.get("license"),
    )


def _text_article(path: Path, text: str, warnings: list[str], article_id: str | None) -> Article:
    cleaned = clean_lines(text.split("\n"))
    if not cleaned.lines or not any(ch.isalnum() for ch in "".join(cleaned.lines)):
        raise _issue(path, "no article text (only site chrome)")
    headline, *paragraphs = cleaned.lines
    return Article(
        id=article_id or slugify(path.stem),
        path=path,
        outlet=cleaned.outlet_hint or outlet_from_filename(path),
        title=_short_title(headline),
        headline=headline,
        paragraphs=tuple(paragraphs),
        date=_date_from_filename(path),
        warnings=tuple(warnings),
    )


# --------------------------------------------------------------------------- folders


def _walk(folder: Path, issues: list[LoadIssue]) -> Iterator[Path]:
    """Article files under `folder`, sorted, skipping hidden entries and symlink loops."""
    seen: set[tuple[int, int]] = set()

    def visit(directory: Path) -> Iterator[Path]:
        try:
            st = directory.stat()
        except OSError as exc:
            issues.append(LoadIssue(directory, _os_reason(exc)))
            return
        key = (st.st_dev, st.st_ino)
        if key in seen:
            issues.append(LoadIssue(directory, "symlink loop; skipped", "warning"))
            return
        seen.add(key)
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError as exc:
            issues.append(LoadIssue(directory, _os_reason(exc)))
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            try:
                is_dir = entry.is_dir()
                is_file = entry.is_file()
            except OSError:
                is_dir = is_file = False
            if is_dir:
                yield from visit(path)
            elif path.suffix.lower() in ARTICLE_SUFFIXES:
                if is_file:
                    yield path
                else:
                    # A dangling or looping symlink, or a special file, named like an article.
                    try:
                        path.stat()
                        reason = "not a regular file"
                    except OSError as exc:
                        reason = _os_reason(exc)
                    issues.append(LoadIssue(path, reason))

    yield from visit(folder)


def _sort_key(article: Article) -> tuple[bool, Date, str, str]:
    return (article.date is None, article.date or Date.min, article.outlet.lower(), article.id)


def _unique_id(base: str, taken: set[str]) -> str:
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    taken.add(candidate)
    return candidate


def load_library(paths: Sequence[Path]) -> Library:
    """Load files and folders into one library.

    A file named directly must load; a bad file inside a folder is skipped and listed in
    `Library.issues`. Each article's id is the slug of its file name, made unique with `-2`,
    `-3`… in the order the files are found.

    Args:
        paths: Article files and/or folders (searched recursively).

    Returns:
        The articles sorted by date then outlet (undated last), and the issues met.

    Raises:
        ArticleError: A named path is missing or bad, or a folder holds no loadable article.
    """
    issues: list[LoadIssue] = []
    found: list[tuple[Path, bool]] = []  # (path, named directly)
    for path in paths:
        try:
            is_dir = stat.S_ISDIR(path.stat().st_mode)
        except OSError as exc:
            raise _issue(path, _os_reason(exc)) from None
        if is_dir:
            before = len(issues)
            files = list(_walk(path, issues))
            if not files:
                raise ArticleError(
                    LoadIssue(path, "no articles (.md or .txt files) in this folder"),
                    tuple(issues[before:]),
                )
            found.extend((f, False) for f in files)
        else:
            found.append((path, True))

    articles: list[Article] = []
    taken: set[str] = set()
    seen_files: set[Path] = set()
    for path, named in found:
        real = path.resolve()
        if real in seen_files:
            continue
        seen_files.add(real)
        try:
            article = load_article(path, article_id=_unique_id(slugify(path.stem), taken))
        except ArticleError as exc:
            if named:
                raise
            issues.append(exc.issue)
            continue
        issues.extend(LoadIssue(path, w, "warning") for w in article.warnings)
        articles.append(article)
    if not articles:
        first = issues[0] if issues else None
        detail = f" ({len(issues)} skipped; first: {first})" if first else ""
        where = paths[0] if len(paths) == 1 else Path(".")
        raise ArticleError(LoadIssue(where, f"no readable articles{detail}"), tuple(issues))
    articles.sort(key=_sort_key)
    return Library(tuple(articles), tuple(issues))


def resolve_article(ref: str, library: Library) -> Article:
    """Find an article by file path, library id, or unique id prefix.

    Args:
        ref: A path to an article file, or an id (or the start of one) from the library.
        library: The library to look ids up in.

    Returns:
        The article; when `ref` is a file already in the library, the library's copy.

    Raises:
        ArticleError: No such file or id, an ambiguous prefix, or a file that fails to load.
    """
    path = Path(ref)
    if path.exists() or path.is_symlink():
        try:
            real = path.resolve()
        except (OSError, RuntimeError):
            # A symlink loop (RuntimeError before Python 3.13): the loader names it in one line.
            return load_article(path)
        for article in library.articles:
            if article.path.resolve() == real:
                return article
        return load_article(path)
    matches = library._matches(ref)
    if len(matches) == 1:
        return matches[0]
    if matches:
        shown = ", ".join(a.id for a in matches[:3])
        more = f" and {len(matches) - 3} more" if len(matches) > 3 else ""
        raise _issue(path, f"ambiguous article id, matches {shown}{more}")
    raise _issue(path, "no such file or article id (see `sidebyside list`)")
