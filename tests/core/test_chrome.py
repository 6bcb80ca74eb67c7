"""Site-chrome rules over synthetic scraped text (never the seed articles)."""

from __future__ import annotations

import pytest

from tui.core.chrome import clean_lines, is_chrome, outlet_case, strip_wire_credit


@pytest.mark.parametrize(
    "line",
    [
        "Home » News » Local » Bridge reopens after repairs",
        "home › sport › cycling",
        "Facebook Twitter WhatsApp Email",
        "Pinterest LinkedIn Tumblr",
        "Leave a Comment",
        "Leave a reply",
        "Comments are closed.",
        "This site uses Akismet to reduce spam. Learn how your comment data is processed.",
        "Watch the video below:",
        "Most Popular",
        "read more:",
        "Advertisement",
        "#bridge #city #repairs",
        "2021-04-05 18:45:00",
        "2021-04-05T18:45",
        "(abc/def)",
        "(xy/xy/zz)",
        "This post appeared first on MORNING WIRE",
        "This article was first published on The Valley Times.",
        "The Associated Press contributed to this report.",
        "Staff writers Ana Ruiz and Li Wei contributed to this report.",
        "(Reporting by Ana Ruiz; Editing by Li Wei)",
        # Section labels above the headline.
        "International",
        "World News",
        "Politics",
        # Bylines: who wrote it, for whom, when.
        "By Ana Ruiz, April 5, 2021",
        "By Ana Ruiz and Li Wei",
        "Ana Maria Ruiz, Valley Times",
        "By Jean-Luc de Vries, The Valley Times",
        # Promotions of other content.
        "Video: Mayor Asks Council to Resign",
        "READ MORE: Bridge reopens after repairs",
        "Watch | Inside the new bridge",
    ],
)
def test_chrome_lines_are_recognised(line: str) -> None:
    assert is_chrome(line)


@pytest.mark.parametrize(
    "line",
    [
        "The council met on Monday to discuss the bridge.",
        "Photo: Workers repaint the bridge in March. (City Press/Ana Ruiz)",
        "Tuesday, 05/04/2021 18:45 CET",
        "Repairs",
        "By Monday, the council had voted",
        "By Monday the council had voted on the bridge and its repairs",
        "Ruiz, Wei speak by phone about the bridge",
        "Ana Ruiz, Lima, Peru",
        "Jakarta, City Press – The council met on Monday.",
        "Repairs to the Bridge, City Hall",
        "Video: Crowds gather on the bridge.",
        "Video: Crowds gather on the bridge (City Press)",
        "Photo: Workers repaint the bridge",
        "News of the closure spread quickly",
        "Share prices fell sharply in Tokyo.",
        "“Read more books,” the mayor said.",
        "Il a dit «oui» puis «non» » et puis partit",
        "2021-04-05",
        "#1 priority for the council is the bridge, the mayor said.",
        "The mayor, who contributed to the fund, said the work was on time.",
        "Twitter users complained about the closure.",
        "(Video)",
    ],
)
def test_article_lines_are_kept(line: str) -> None:
    assert not is_chrome(line)


def test_wire_credit_cut_from_paragraph_end_only() -> None:
    para = "“It will reopen soon,” she said. (Reporting by Ana Ruiz in Lima; Editing by Li Wei)"
    assert strip_wire_credit(para) == "“It will reopen soon,” she said."
    inner = "(Reporting by Ana Ruiz) The bridge reopened."
    assert strip_wire_credit(inner) == inner


def test_clean_lines_drops_chrome_repeats_and_blank_lines() -> None:
    text = [
        "Home » News » Bridge reopens",
        "",
        "Bridge reopens after repairs",
        "Facebook Twitter Email",
        "A caption of the photo. (Photo/Agency)",
        "A caption of the photo. (Photo/Agency)",
        "   The council voted on Monday.   ",
        "“It is safe,” she said. (Reporting by Ana Ruiz; Editing by Li Wei)",
        "#bridge #city",
        "This post appeared first on MORNING WIRE",
    ]
    cleaned = clean_lines(text)
    assert cleaned.lines == (
        "Bridge reopens after repairs",
        "A caption of the photo. (Photo/Agency)",
        "The council voted on Monday.",
        "“It is safe,” she said.",
    )
    assert cleaned.outlet_hint == "Morning Wire"


def test_clean_lines_keeps_non_adjacent_repeats() -> None:
    cleaned = clean_lines(["One.", "Two.", "One."])
    assert cleaned.lines == ("One.", "Two.", "One.")
    assert cleaned.outlet_hint is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("MORNING WIRE", "Morning Wire"),
        ("BBC NEWS", "BBC News"),
        ("RT", "RT"),
        ("The Valley Times", "The Valley Times"),
        ("  SPACED   OUT  ", "Spaced Out"),
    ],
)
def test_outlet_case(raw: str, expected: str) -> None:
    assert outlet_case(raw) == expected
