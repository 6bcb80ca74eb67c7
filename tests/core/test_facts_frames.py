"""Figures as frames, and conflicts between two articles' figures wherever they stand.

Every text here is a sentence of a freely licensed report, cited where it is used:
- VOA: Voice of America staff stories, US government works in the public domain;
- Global Voices: CC BY 3.0 (globalvoices.org, "Italy: citizens provide news and reflections on
  the earthquake in L'Aquila", 8 April 2009, Global Voices authors);
- State Department: US government work in the public domain.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from tui.commands.compare_cmd import render_text
from tui.core.articles import load_article
from tui.core.compare import compare
from tui.core.export import to_markdown
from tui.core.facts import compare_facts, extract_facts, frame_key, same_frame
from tui.core.jsonout import comparison_to_dict
from tui.core.types import Article, Comparison, Conflict, Fact, Frame, Row, Sentence, date_note

# VOA, "Rescuers Mount Frantic Search for Italy Quake Survivors", 6 April 2009
# (https://www.voabangla.com/a/a-16-2009-04-06-voa8-94449244/1398253.html).
VOA_QUAKE = (
    "The death toll from the earthquake in central Italy has grown to more than 150 as rescue "
    "team struggle to reach the survivors under the rubble.\n"
    "Some 1,500 people were injured in the quake that shook the medieval walled city of "
    "L'Aquila Monday."
)
# Global Voices (CC BY 3.0), 8 April 2009, see above.
GV_QUAKE = (
    "Even if the country is not new to such tragedies, this is Italy's worst earthquake in "
    "three decades.\n"
    "The latest figures include more than 250 people dead, 1,000 people injured (100 of them "
    "seriously), and over 25,000 people left without homes."
)
# VOA, "Khodorkovsky Found Guilty of Embezzlement in Russian Court", 27 December 2010
# (https://www.voanews.com/a/khodorkovsky-found-guilty-of-embezzlement-in-russian-court--112495434/132795.html).
VOA_RULING_1 = (
    "Former chief executive of Yukos, Khodorkovsky - once Russia's richest man - and his "
    "partner, Platon Lebedev, are accused of embezzling 350 million tons of oil and laundering "
    "about $25 billion in proceeds."
)
# VOA, "White House Concerned at Guilty Verdict for Russia's Khodorkovsky", 27 December 2010.
VOA_RULING_4 = (
    "Khodorkovsky, once Russia’s richest man, and Lebedev were charged with stealing oil and "
    "laundering $27 billion in proceeds."
)
# VOA, "Pakistan: Earthquake Death Toll Rising", 9 October 2005 (a quote of Pakistan's interior
# minister), and the State Department's Washington File, 10 October 2005.
VOA_KASHMIR = (
    '"So far, the figures that we have, is 19,000 and 400 dead but it may increase by the hour '
    "and there are about 42,000 people injured."
)
STATE_KASHMIR = (
    "As of midday October 10, Pakistani officials estimated the number of dead at 30,000 and "
    "the number of injured at more than 45,000."
)
# VOA, "Pakistan: Earthquake Death Toll Rising", 9 October 2005, and VOA, "World Offers Aid to
# Burma as Cyclone Death Toll Tops 22,000", 7 May 2008: two disasters, two places.
VOA_PAKISTAN_TOLL = (
    "Frantic rescue efforts continue as the number of dead from South Asia's massive "
    "earthquake nears 20,000, most of them in Pakistan."
)
VOA_BURMA_TOLL = "World Offers Aid to Burma as Cyclone Death Toll Tops 22,000"
# VOA editorial on Cyclone Nargis, May 2008: a round lower bound of the same toll.
VOA_BURMA_EDITORIAL = (
    "According to Burma’s state-controlled media, more than twenty-thousand people were killed "
    "and over forty-thousand others are still missing days after Cyclone Nargis tore through "
    "the Irrawaddy river delta region."
)


def _sentences(text: str) -> tuple[Sentence, ...]:
    """One sentence per line: independent of the real splitter."""
    out: list[Sentence] = []
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            out.append(Sentence(len(out), line, pos, pos + len(line), len(out)))
        pos += len(line) + 1
    return tuple(out)


def _figures(text: str) -> dict[str, Fact]:
    return {f.text: f for f in extract_facts(text, _sentences(text)) if f.kind == "number"}


def _conflicts(a: str, b: str) -> tuple[Conflict, ...]:
    """Conflicts with no alignment at all: every figure compared across the whole texts."""
    sa, sb = _sentences(a), _sentences(b)
    fa, fb = extract_facts(a, sa), extract_facts(b, sb)
    return compare_facts(fa, fb, text_a=a, text_b=b, sentences_a=sa, sentences_b=sb, rows=())[2]


def _pairs(conflicts: tuple[Conflict, ...]) -> set[tuple[str, str]]:
    return {(c.a.text, c.b.text) for c in conflicts}


# --- frames ---------------------------------------------------------------------------------


def test_frames_of_dead_injured_and_homeless_in_one_sentence() -> None:
    figures = _figures(GV_QUAKE)
    dead = figures["more than 250 people"].frame
    injured = figures["1,000 people"].frame
    homeless = figures["over 25,000 people"].frame
    assert dead == Frame(250, "count", "killed", "people", "more than")
    # The comma ends the clause: the 1,000 are injured, not dead.
    assert injured is not None and (injured.measure, injured.counted) == ("injured", "people")
    assert homeless is not None and homeless.measure == "displaced"  # `left without homes`
    keys = {frame_key(figures[t]) for t in figures}
    assert {"killed|count|people", "injured|count|people", "displaced|count|people"} <= keys


def test_a_death_toll_governs_its_figure_from_afar() -> None:
    toll = _figures(VOA_QUAKE)["more than 150"]
    assert toll.frame is not None and toll.frame.measure == "killed"
    assert frame_key(toll) == "killed|count|"


def test_frame_of_a_sum_laundered() -> None:
    a = _figures(VOA_RULING_1)["about $25 billion"]
    b = _figures(VOA_RULING_4)["$27 billion"]
    assert a.frame is not None
    assert (a.frame.measure, a.frame.unit, a.frame.counted) == ("launder", "usd", "proceeds")
    assert frame_key(a) == frame_key(b) == "launder|usd|proceed"
    assert same_frame(a, b)
    # The oil embezzled is another frame than the money laundered.
    oil = _figures(VOA_RULING_1)["350 million tons"]
    assert frame_key(oil) != frame_key(a)


def test_numbers_in_words_are_figures() -> None:
    figures = _figures(VOA_BURMA_EDITORIAL)
    killed = figures["more than twenty-thousand people"].frame
    missing = figures["over forty-thousand others"].frame
    assert killed is not None and (killed.number, killed.measure) == (20000, "killed")
    # `and` ends the reach of `killed`: the forty thousand are missing.
    assert missing is not None and (missing.number, missing.measure) == (40000, "missing")


def test_places_and_dates_go_in_the_frame() -> None:
    pakistan = _figures(VOA_PAKISTAN_TOLL)["20,000"]
    assert pakistan.frame is not None and "pakistan" in pakistan.frame.places
    dated = _figures(STATE_KASHMIR)["30,000"]
    assert dated.frame is not None and dated.frame.when  # `As of midday October 10`


# --- conflicts --------------------------------------------------------------------------------


def test_conflicts_across_unaligned_sentences() -> None:
    # Differently worded sentences, no alignment: 150 vs 250 dead, 1,500 vs 1,000 injured.
    conflicts = _conflicts(VOA_QUAKE, GV_QUAKE)
    assert _pairs(conflicts) == {
        ("more than 150", "more than 250 people"),
        ("Some 1,500 people", "1,000 people"),
    }
    by_a = {c.a.text: c for c in conflicts}
    assert by_a["more than 150"].what == "people killed"
    assert by_a["Some 1,500 people"].what == "people injured"
    # Each side's figure keeps its own sentence.
    assert (by_a["more than 150"].a.sentence, by_a["more than 150"].b.sentence) == (0, 1)


def test_a_list_of_men_women_and_children_counts_people() -> None:
    # White House (public domain), Westgate mall attack, 2013-09-21: "at least 30 innocent men,
    # women, and children dead", against VOA's toll two days later.
    eval_dir = Path(__file__).resolve().parents[2] / "eval" / "mall"
    cmp = compare(
        load_article(eval_dir / "mall--01_state.md"), load_article(eval_dir / "mall--03_voa.md")
    )
    killed = [c for c in cmp.conflicts if "30 innocent men" in c.a.text]
    assert killed and {c.what for c in killed} == {"people killed"}


def test_sums_laundered_conflict_in_differently_worded_sentences() -> None:
    conflicts = _conflicts(VOA_RULING_1, VOA_RULING_4)
    assert _pairs(conflicts) == {("about $25 billion", "$27 billion")}
    assert conflicts[0].what == "sum: laundering"


def test_no_conflict_between_dead_and_injured() -> None:
    # 42,000 injured and 30,000 dead are close values of two frames: the dead conflict with
    # the dead, the injured with the injured, never across.
    conflicts = _conflicts(VOA_KASHMIR, STATE_KASHMIR)
    assert _pairs(conflicts) == {
        ("19,000 and 400 dead", "30,000"),
        ("about 42,000 people", "more than 45,000"),
    }
    assert {c.a.text: c.what for c in conflicts}["about 42,000 people"] == "people injured"


def test_a_figure_read_aloud_is_one_figure() -> None:
    # The interior minister's `19,000 and 400 dead` (VOA, 9 October 2005) is 19,400 dead.
    dead = _figures(VOA_KASHMIR)["19,000 and 400 dead"]
    assert dead.frame is not None and (dead.frame.number, dead.frame.measure) == (19400, "killed")
    # Two figures joined by `and` stay two when the second is no hundreds.
    text = "The quake killed 2,000 and 40 were hurt."
    assert {f.text for f in extract_facts(text, _sentences(text)) if f.kind == "number"} == {
        "2,000",
        "40",
    }


# CDC travel health warning on swine flu, 27 April 2009, and VOA, "US Declares Public Health
# Emergency Over Swine Flu", 28 April 2009: US government works in the public domain.
CDC_FLU = (
    "As of April 27, 2009, the Government of Mexico has reported 18 laboratory confirmed human "
    "cases of swine influenza A/H1N1 infection.\n"
    "CDC and state public and animal health authorities are currently investigating 20 cases of "
    "swine flu in humans in California, Texas, Kansas, Ohio, and New York City.\n"
    "Investigation is continuing to clarify the spread and severity of the disease in Mexico."
)
VOA_FLU = (
    "Mexican Health Minister Jose Cordova said late Tuesday there are 26 confirmed cases of "
    "swine flu, including seven deaths.\n"
    "California, which borders Mexico, has 11 confirmed cases of swine flu and has declared a "
    "state of emergency to address the outbreak."
)


def test_figures_placed_by_demonym_relative_clause_and_list() -> None:
    # `Mexican Health Minister` places the 26 cases in Mexico, like the Government of Mexico's
    # 18; `which borders Mexico` does not place California's 11 there; and 20 cases in five
    # places are their total, not California's count.
    assert _pairs(_conflicts(CDC_FLU, VOA_FLU)) == {
        ("18 laboratory confirmed", "26 confirmed cases")
    }
    assert _pairs(_conflicts(VOA_FLU, CDC_FLU)) == {
        ("26 confirmed cases", "18 laboratory confirmed")
    }


def test_no_conflict_between_tolls_of_different_places() -> None:
    assert _conflicts(VOA_PAKISTAN_TOLL, VOA_BURMA_TOLL) == ()


def test_a_round_lower_bound_agrees_with_a_figure_above_it() -> None:
    # "Tops 22,000" and "more than twenty-thousand": the same toll, no conflict.
    assert _conflicts(VOA_BURMA_TOLL, VOA_BURMA_EDITORIAL) == ()


# --- dates on conflicts -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("days", "note"),
    [
        (2, "B is dated 2 days later"),
        (1, "B is dated 1 day later"),
        (-3, "A is dated 3 days later"),
        (0, "same date"),
        (None, ""),
    ],
)
def test_date_note(days: int | None, note: str) -> None:
    assert date_note(days) == note


def _article(ident: str, outlet: str, text: str, when: date | None) -> Article:
    headline, *body = text.split("\n")
    return Article(ident, Path(f"{ident}.md"), outlet, headline, headline, tuple(body), when)


def _quake_comparison(date_a: date | None, date_b: date | None) -> Comparison:
    # A one-line headline each, then the licensed sentences as body paragraphs.
    a = _article(
        "voa",
        "VOA",
        "Rescuers Mount Frantic Search for Italy Quake Survivors\n" + VOA_QUAKE,
        date_a,
    )
    b = _article(
        "gv",
        "Global Voices",
        "Italy: citizens provide news and reflections on the earthquake in L'Aquila\n" + GV_QUAKE,
        date_b,
    )
    return compare(a, b)


def test_compare_says_b_is_dated_later() -> None:
    # VOA on 6 April 2009, Global Voices on 8 April: a rising toll is an update.
    cmp = _quake_comparison(date(2009, 4, 6), date(2009, 4, 8))
    assert cmp.conflicts
    for c in cmp.conflicts:
        assert c.days_later == 2
        assert c.date_note == "B is dated 2 days later"


def test_undated_articles_carry_no_date_note() -> None:
    cmp = _quake_comparison(None, date(2009, 4, 8))
    assert cmp.conflicts
    assert all(c.days_later is None and c.date_note == "" for c in cmp.conflicts)


def test_exports_show_both_sentences_and_the_date_note() -> None:
    cmp = _quake_comparison(date(2009, 4, 6), date(2009, 4, 8))
    toll_a = "The death toll from the earthquake in central Italy has grown to more than 150"
    toll_b = "The latest figures include more than 250 people dead, 1,000 people injured"

    md = to_markdown(cmp)
    section = md.split("## Conflicting facts", 1)[1].split("\n## ", 1)[0]
    assert "| Dates |" in section
    assert toll_a in section and toll_b in section
    assert section.count("B is dated 2 days later") == len(cmp.conflicts)

    data = json.loads(json.dumps(comparison_to_dict(cmp)))
    toll = next(c for c in data["facts"]["conflicts"] if c["a"] == "more than 150")
    assert toll["b"] == "more than 250 people"
    assert toll["a_sentence_text"].startswith(toll_a)
    assert toll["b_sentence_text"].startswith(toll_b)
    assert (toll["days_later"], toll["date_note"]) == (2, "B is dated 2 days later")

    text = render_text(cmp, width=100)
    assert (
        "conflict: people killed: A 'more than 150' vs B 'more than 250 people' "
        "(B is dated 2 days later)" in text
    )
    # Each figure's sentence, with the passage it stands in (`¶ N` heads that passage's rows).
    for side, said, index in (("A", toll_a, toll["a_sentence"]), ("B", toll_b, toll["b_sentence"])):
        number = next(
            n for n, row in enumerate(cmp.rows, 1) if index in (row.a if side == "A" else row.b)
        )
        assert f"  {side} (¶ {number}): {said}" in text
        assert f"\n¶ {number}\n" in text


# --- quotes ---------------------------------------------------------------------------------


def test_a_quoted_clause_opening_with_a_conjunction_continues_the_one_before() -> None:
    # US Department of Labor, statement of Secretary Hilda L. Solis, 2 October 2009
    # (https://www.dol.gov/opa/media/press/opa/opa20091222.htm), public domain.
    text = (
        '"This past September, the economy lost 263,000 jobs, and the unemployment rate '
        "increased to 9.8 percent."
    )
    quotes = [f.text for f in extract_facts(text, _sentences(text)) if f.kind == "quote"]
    assert quotes == [
        "This past September, the economy lost 263,000 jobs, and the unemployment rate "
        "increased to 9.8 percent"
    ]
    # "This past September" dates the figures in the sentence.
    jobs = _figures(text)["263,000 jobs"]
    assert jobs.frame is not None and jobs.frame.when


# NASA news release 05-203 and the Mission Control status report, both of 26 July 2005 (US
# government works in the public domain).
NASA_RELEASE = (
    "During their 12-day mission to the International Space Station, Collins and her six fellow "
    "astronauts will test new techniques and equipment designed to make Shuttles safer."
)
NASA_STATUS = (
    "Over the next 11 days, Discovery's seven person crew will demonstrate techniques for "
    "inspecting and protecting the Shuttle's thermal protection system and continue assembly "
    "of the International Space Station."
)


def test_spans_of_time_about_the_same_thing_conflict() -> None:
    # A 12-day mission and the next 11 days, in differently worded sentences about the mission.
    conflicts = _conflicts(NASA_RELEASE, NASA_STATUS)
    assert _pairs(conflicts) == {("12-day", "11 days")}
    assert conflicts[0].what == "number of days"


def test_an_age_is_no_span_of_time() -> None:
    # The same sentences with ages instead of spans: two people's ages are no conflict.
    older = NASA_RELEASE.replace("12-day mission", "mission, a 12-year-old")
    younger = NASA_STATUS.replace("Over the next 11 days", "Aged 11 years old")
    figures = _figures(older)
    assert figures["12-year-old"].frame is not None
    assert figures["12-year-old"].frame.measure == "age"
    assert _conflicts(older, younger) == ()


def test_spans_of_time_in_loosely_related_sentences_need_alignment() -> None:
    # The two NASA sentences shortened to two shared words (`station`, `techniques`): spans of
    # time are common, so that is too little evidence, unless the alignment matched them.
    a = "During their 12-day mission to the station, the astronauts will test new techniques."
    b = "Over the next 11 days, the crew will demonstrate techniques for inspecting the station."
    assert _conflicts(a, b) == ()
    sa, sb = _sentences(a), _sentences(b)
    fa, fb = extract_facts(a, sa), extract_facts(b, sb)
    row = Row("match", (0,), (0,), 0.8)
    conflicts = compare_facts(
        fa, fb, text_a=a, text_b=b, sentences_a=sa, sentences_b=sb, rows=(row,)
    )[2]
    assert _pairs(conflicts) == {("12-day", "11 days")}


def test_a_demonym_is_evidence_for_a_place_never_against_one() -> None:
    # Adapted from the CDC and VOA texts above: a figure in Oaxaca (a place B names) and a figure
    # the Mexican minister gives are not told apart by `Mexican`: Oaxaca may be in Mexico.
    a = (
        "Mexican Health Minister Jose Cordova said late Tuesday there are 26 confirmed cases of "
        "swine flu, including seven deaths."
    )
    b = (
        "Officials in Oaxaca have reported 18 laboratory confirmed human cases of swine flu.\n"
        "Investigation is continuing to clarify the spread of the disease in Mexico."
    )
    assert _pairs(_conflicts(a, b)) == {("26 confirmed cases", "18 laboratory confirmed")}
