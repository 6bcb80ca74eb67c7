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
