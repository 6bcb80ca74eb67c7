"""Site chrome in scraped plain-text articles: page furniture that is not article text.

Web scrapes carry breadcrumbs, share-button rows, comment-policy lines and similar furniture.
Each rule here matches a GENERIC shape of such a line; none knows any particular article. When
unsure, a line is kept: dropping article text is worse than keeping a line of chrome.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["CleanText", "clean_lines", "is_chrome", "outlet_case", "strip_wire_credit"]

# Social networks and share-widget labels; a line made only of these is a share-button row.
_SHARE_WORDS = frozenset(
    {
        "facebook",
        "twitter",
        "x",
        "pinterest",
        "linkedin",
        "tumblr",
        "whatsapp",
        "telegram",
        "reddit",
        "email",
        "e-mail",
        "mail",
        "print",
        "share",
        "messenger",
        "flipboard",
        "vk",
        "mastodon",
        "threads",
        "bluesky",
        "pocket",
        "sms",
        "copy",
        "link",
        "tweet",
        "google+",
    }
)

# Whole lines (compared case-insensitively, without a trailing colon or full stop) that are
# widget labels rather than prose.
_FURNITURE = frozenset(
    {
        "leave a comment",
        "leave a reply",
        "comments are closed",
        "comments",
        "most popular",
        "most read",
        "read more",
        "read also",
        "related",
        "related articles",
        "related stories",
        "advertisement",
        "share this article",
        "share this story",
        "share this",
        "watch the video below",
        "watch the video",
        "watch video",
    }
)


def _words(block: str) -> frozenset[str]:
    return frozenset(block.split())


# Section labels a site prints above the headline ("Politics", "World News"): a whole line
# made only of these generic category words is navigation, not article text.
_SECTION_WORDS = _words(
    """
    news world politics international national local business economy markets finance money
    opinion opinions analysis editorial comment commentary features feature sport sports tech
    technology science health culture entertainment lifestyle travel education environment
    climate weather breaking latest top stories story headlines region regional global
    """
)
# Promotion of another story or a video: "Video: Title In Title Case", "READ MORE: ...". A line
# with this label and a sentence ending in a full stop is a caption that carries content.
_PROMO = re.compile(
    r"^(?:video|watch|listen|podcast|read more|read also|also read|see also|more|related|"
    r"recommended|don't miss|don’t miss)\s*[:|»›]\s*(?P<rest>.+)$",
    re.IGNORECASE,
)
_LONGEST_PROMO_WORDS = 16
# A name word: capitalised, letters with inner hyphens/apostrophes/dots (`O'Neil`, `J.`).
_NAME_WORD = re.compile(r"^[A-Z][\w'’.\-]*$")
_MONTHS_AND_DAYS = _words(
    """
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec
    monday tuesday wednesday thursday friday saturday sunday
    """
)
_NAME_GLUE = frozenset({"de", "van", "von", "bin", "al", "el", "da", "di", "du", "la", "le"})
_BREADCRUMB_START = re.compile(r"^\s*home\s*[»›>/|]", re.IGNORECASE)
_BREADCRUMB_SEP = re.compile(r"\s[»›]\s")
_HASHTAGS = re.compile(r"^(?:#\w+[\s,]*)+$")
_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}[ T]\d{1,2}:\d{2}(?::\d{2})?(?:\s*[A-Z]{2,5})?$")
_EDITOR_CODE = re.compile(r"^\(\s*[a-z]{2,5}(?:\s*/\s*[a-z]{2,5})+\s*\)$")
_AKISMET = re.compile(r"^this site uses akismet\b", re.IGNORECASE)
_APPEARED_FIRST = re.compile(
    r"^this (?:post|article|story) (?:appeared|was (?:first )?published) (?:first )?on\s+"
    r"(?P<outlet>.+?)\s*\.?$",
    re.IGNORECASE,
)
_CONTRIBUTED = re.compile(
    r"^[^.!?]{2,100}\bcontributed to this (?:report|story|article)\.?$", re.IGNORECASE
)
# A wire credit in brackets closing a paragraph: "(Reporting by …; Editing by …)".
_WIRE_CREDIT = re.compile(
    r"\((?:additional )?(?:reporting|writing|compiled|editing) by\b[^()]*\)", re.IGNORECASE
)
# No chrome shape but a wire credit is longer than this (Akismet's notice is ~80 characters).
_LONGEST_LABEL = 200
_VOWELS = frozenset("aeiouyAEIOUY")


@dataclass(frozen=True, slots=True)
class CleanText:
    """The lines that are article text, plus an outlet named by a repost notice, if any."""

    lines: tuple[str, ...]
    outlet_hint: str | None = None


def outlet_case(name: str) -> str:
    """Title-case an outlet name written in capitals ("FOX NEWS" -> "Fox News").

    Mixed-case names are kept as written. Short or vowel-less capital words stay capitals,
    because they are usually acronyms ("BBC NEWS" -> "BBC News", "RT" -> "RT").
    """
    name = " ".join(name.split())
    if name != name.upper():
        return name
    words = []
    for word in name.split(" "):
        if len(word) <= 2 or not (set(word) & _VOWELS):
            words.append(word)
        else:
            words.append(word.capitalize())
    return " ".join(words)


def _is_share_row(line: str) -> bool:
    words = [w.strip(",|·•").lower() for w in line.split()]
    words = [w for w in words if w]
    return len(words) >= 2 and all(w in _SHARE_WORDS for w in words)


def _is_breadcrumb(line: str) -> bool:
    if _BREADCRUMB_START.match(line):
        return True
    # Two or more spaced » / › separators; French quotes («…») use » once per quote and
    # come with «, so a line holding « is prose.
    return "«" not in line and len(_BREADCRUMB_SEP.findall(line)) >= 2


_FUNCTION_WORDS = _words(
    "the a an and or of to in on at for with by from as is are was were has have"
)


def _is_name(part: str) -> bool:
    """`Ana Ruiz`, `Jean-Luc de Vries`: two to four capitalised words, no function word."""
    words = part.split()
    caps = [w for w in words if w.lower() not in _NAME_GLUE]
    return (
        2 <= len(words) <= 4
        and len(caps) >= 2
        and all(_NAME_WORD.match(w) for w in caps)
        and not any(w.lower().strip(".") in _MONTHS_AND_DAYS | _FUNCTION_WORDS for w in caps)
    )


def _is_names(part: str) -> bool:
    """One name, or several joined by `and`/`&` (`Ana Ruiz and Li Wei`)."""
    names = re.split(r"\s+(?:and|&)\s+", part)
    return all(_is_name(n) for n in names)


def _is_outlet_name(part: str) -> bool:
    """`CNBC Indonesia`, `The Valley Times`: one to five capitalised words or acronyms."""
    words = part.split()
    return 1 <= len(words) <= 5 and all(
        w[:1].isupper() or w.lower() in ("of", "the", "&", "and") for w in words
    )


def _is_date_part(part: str) -> bool:
    """`April 5`, `2021`, `Tuesday`, `18:45 CET`: a date or time, no other word."""
    words = re.findall(r"[^\W\d_]+", part)
    return bool(re.search(r"\d", part) or words) and all(
        w.lower().strip(".") in _MONTHS_AND_DAYS or w.isupper() or w.lower() in ("am", "pm")
        for w in words
    )


def _is_byline(text: str) -> bool:
    """`By Ana Ruiz`, `By Ana Ruiz, April 5, 2021`, `Ana Ruiz, The Valley Times`.

    A byline is publication metadata: who wrote the piece and for whom, never a claim of the
    story. Prose is never this short and comma-separated without a verb or a final stop.
    """
    if len(text) > 90 or text[-1] in '.!?:;"”’)':
        return False
    by = re.match(r"^by\s+", text, re.IGNORECASE)
    parts = [p.strip() for p in text[by.end() if by else 0 :].split(",")]
    if not parts[0] or not _is_names(parts[0]):
        return False
    rest = [p for p in parts[1:] if p]
    if by:
        return all(_is_outlet_name(p) or _is_date_part(p) for p in rest)
    # Without `By`, only `Name Surname, Outlet`: one comma, and an outlet, not a date or a place
    # list (a caption such as `Ana Ruiz, Lima, Peru` has two commas).
    return (
        len(parts) == 2 and bool(rest) and _is_outlet_name(rest[0]) and not _is_date_part(rest[0])
    )


def _is_promo(text: str) -> bool:
    """`Video: Title Of Another Story`, `READ MORE: ...`: a link to other content.

    A caption (`Video: Crowds gather in the square.`) ends like a sentence or with a credit in
    brackets, and is kept.
    """
    m = _PROMO.match(text)
    if not m:
        return False
    rest = m.group("rest").strip()
    return bool(rest) and len(rest.split()) <= _LONGEST_PROMO_WORDS and rest[-1] not in '.!?)"”’'


def _is_section_label(label: str) -> bool:
    words = label.split()
    return 1 <= len(words) <= 3 and all(w in _SECTION_WORDS for w in words)


def is_chrome(line: str) -> bool:
    """True when a whole line is page furniture (breadcrumb, share row, widget label…).

    Args:
        line: One line of text, without its line break.

    Returns:
        True for lines that match a generic chrome shape; False for anything else.
    """
    text = line.strip()
    if not text:
        return False
    if len(text) > _LONGEST_LABEL:
        # Prose-length lines: only a bracketed wire credit standing alone can be chrome.
        return bool(_WIRE_CREDIT.fullmatch(text))
    label = text.rstrip(":.").strip().lower()
    return (
        label in _FURNITURE
        or _is_section_label(label)
        or _is_byline(text)
        or _is_promo(text)
        or _is_breadcrumb(text)
        or _is_share_row(text)
        or bool(_HASHTAGS.match(text))
        or bool(_TIMESTAMP.match(text))
        or bool(_EDITOR_CODE.match(text))
        or bool(_AKISMET.match(text))
        or bool(_APPEARED_FIRST.match(text))
        or bool(_CONTRIBUTED.match(text))
        or bool(_WIRE_CREDIT.fullmatch(text))
    )


def strip_wire_credit(paragraph: str) -> str:
    """Cut a bracketed wire credit ("(Reporting by …; Editing by …)") off a paragraph's end.

    Args:
        paragraph: One paragraph of text.

    Returns:
        The paragraph without the trailing credit; unchanged when there is none.
    """
    stripped = paragraph.rstrip()
    if not stripped.endswith(")"):
        return paragraph
    # The credit holds no brackets, so it can only start at the last "(": no regex scan over
    # the whole paragraph (which could be megabytes long).
    start = stripped.rfind("(")
    if _WIRE_CREDIT.fullmatch(stripped, start):
        return stripped[:start].rstrip()
    return paragraph


def clean_lines(lines: Iterable[str]) -> CleanText:
    """Drop chrome lines, trailing wire credits and exact repeats of the previous line.

    Blank lines are dropped too: each kept line is one paragraph (or the headline).

    Args:
        lines: The text's lines, without line breaks.

    Returns:
        The kept lines, stripped of surrounding whitespace, and the outlet named by a
        "This post appeared first on X" notice, title-cased.
    """
    kept: list[str] = []
    hint: str | None = None
    for raw in lines:
        text = raw.strip()
        if not text:
            continue
        match = _APPEARED_FIRST.match(text)
        if match:
            hint = outlet_case(match.group("outlet"))
            continue
        if is_chrome(text):
            continue
        text = strip_wire_credit(text)
        if not text or (kept and kept[-1] == text):
            # An exact repeat of the line above is a scrape artifact (e.g. a doubled caption).
            continue
        kept.append(text)
    return CleanText(tuple(kept), hint)
