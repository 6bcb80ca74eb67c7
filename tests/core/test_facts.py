"""Fact extraction and cross-article matching (tui.core.facts)."""

from __future__ import annotations

import pytest

from tui.core.facts import compare_facts, extract_facts
from tui.core.facts._text import norm
from tui.core.facts.dates import DateValue, compatible, find_dates
from tui.core.facts.names import name_key, names_match
from tui.core.types import Conflict, Fact, Row, Sentence


def _sentences(text: str) -> tuple[Sentence, ...]:
    """One sentence per line: enough for these tests, and independent of the real splitter."""
    out: list[Sentence] = []
    pos = 0
    for i, line in enumerate(text.split("\n")):
        if line.strip():
            out.append(Sentence(len(out), line, pos, pos + len(line), i))
        pos += len(line) + 1
    return tuple(out)


def _facts(text: str) -> tuple[Fact, ...]:
    return extract_facts(text, _sentences(text))


def _compare(
    a: str, b: str, rows: tuple[Row, ...] = ()
) -> tuple[tuple[Fact, ...], tuple[Fact, ...], tuple[Conflict, ...]]:
    sa, sb = _sentences(a), _sentences(b)
    fa, fb = extract_facts(a, sa), extract_facts(b, sb)
    return compare_facts(fa, fb, text_a=a, text_b=b, sentences_a=sa, sentences_b=sb, rows=rows)


def _texts(facts: tuple[Fact, ...], kind: str | None = None) -> list[str]:
    return [f.text for f in facts if kind is None or f.kind == kind]


# --- numbers ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Officials said at least 2,750 people died.", "at least 2,750 people"),
        ("The strike killed more than 1,300 Israelis overnight.", "more than 1,300 Israelis"),
        ("The siege lasted 10 days of shelling.", "10 days"),
        ("He held a 50-minute call with her.", "50-minute"),
        ("Officials counted more than 10,800 injured by dawn.", "more than 10,800 injured"),
        ("The group took 240 more.", "240 more"),
        ("Prices rose 12% in the year.", "12%"),
        ("The plan costs $2 billion over a decade.", "$2 billion"),
    ],
)
def test_number_text_keeps_qualifier_and_counted_thing(text: str, expected: str) -> None:
    assert expected in _texts(_facts(text), "number")


@pytest.mark.parametrize(
    "text",
    [
        "Thousands of people marched on the capital.",
        "The law dates from 2019 in its first form.",
        "The meeting started at 13:30 local time.",
    ],
)
def test_vague_words_years_and_times_are_not_number_facts(text: str) -> None:
    assert _texts(_facts(text), "number") == []


def test_qualifier_is_not_part_of_the_value() -> None:
    (a,) = [f for f in _facts("The toll rose to more than 1,300 dead.") if f.kind == "number"]
    (b,) = [f for f in _facts("The toll rose to 1300 dead.") if f.kind == "number"]
    assert a.value.split("|")[1] == b.value.split("|")[1] == "1300"


def test_comma_and_plain_number_are_the_same_fact() -> None:
    only_a, only_b, conflicts = _compare(
        "Rescuers said 1,300 people were killed.", "Rescuers said 1300 people were killed."
    )
    assert (only_a, only_b, conflicts) == ((), (), ())


# --- dates ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "month", "day"),
    [
        ("on October 7 they", 10, 7),
        ("on Oct. 7 they", 10, 7),
        ("on Oct.7 they", 10, 7),
        ("on 7 October they", 10, 7),
        ("dated 17/10/2023 there", 10, 17),
        ("on June 15, 2023, there", 6, 15),
    ],
)
def test_dates_are_normalised(text: str, month: int, day: int) -> None:
    ((_, _, value),) = find_dates(text)
    assert (value.month, value.day) == (month, day)


def test_short_and_long_month_names_match() -> None:
    only_a, only_b, _ = _compare("The attack came on Oct. 7 at dawn.", "It began on October 7.")
    assert "Oct. 7" not in _texts(only_a)
    assert "October 7" not in _texts(only_b)


@pytest.mark.parametrize(
    ("a", "b", "years", "same"),
    [
        (DateValue(month=10, day=16), DateValue(weekday=0), (), True),  # no year: may be Monday
        (DateValue(month=10, day=16), DateValue(weekday=0), (2023,), True),  # 16/10/2023 Monday
        (DateValue(month=10, day=16), DateValue(weekday=6), (2023,), False),
        (DateValue(month=10, day=16), DateValue(month=10, part="mid"), (), True),
        (DateValue(month=10, day=16), DateValue(month=10, part="late"), (), False),
        (DateValue(month=10, day=26, year=2023), DateValue(month=10, day=26), (), True),
        (DateValue(rel="last week"), DateValue(rel="last month"), (), False),
    ],
)
def test_dates_of_different_precision(
    a: DateValue, b: DateValue, years: tuple[int, ...], same: bool
) -> None:
    assert compatible(a, b, years=years) is same
    assert compatible(b, a, years=years) is same


def test_weekday_versus_date_is_neither_unique_nor_conflict() -> None:
    only_a, only_b, conflicts = _compare(
        "The leaders spoke on October 16 about the war.", "The leaders spoke on Monday about it."
    )
    assert _texts(only_a, "date") == [] and _texts(only_b, "date") == []
    assert conflicts == ()


def test_bare_dateline_is_metadata() -> None:
    assert _texts(_facts("Tuesday, 17/10/2023 13:30 WIB"), "date") == []


@pytest.mark.parametrize(
    "opening",
    ["Lima, Valley Times – ", "LIMA (Wire) - ", "LIMA, Apr 5 (Wire) — ", "LIMA — "],
)
def test_paragraph_dateline_prefix_is_metadata(opening: str) -> None:
    text = f"Bridge reopens\n{opening}Mayor Ana Ruiz reopened the bridge."
    names = _texts(_facts(text))
    assert "Ana Ruiz" in names
    assert not {"Lima", "LIMA", "Valley Times", "Wire"} & set(names)


def test_a_name_before_a_dash_in_prose_is_kept() -> None:
    text = "Bridge reopens\nAna Ortega – the mayor's rival – voted against the repairs."
    assert "Ana Ortega" in _texts(_facts(text))


# --- names ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Russian President Vladimir Putin spoke.", "Vladimir Putin"),
        ("The minister met Mr. Jones in the city.", "Jones"),
        ("Deputy Foreign Minister Sergei Ryabkov said so.", "Sergei Ryabkov"),
        ("He called Egyptian President Abdel Fattah al-Sisi later.", "Abdel Fattah al-Sisi"),
        ("They met the Bank of England staff.", "Bank of England"),
        # A title's department is not part of the name; a middle initial is (US Department of
        # Labor news release 09-1222-NAT, 2 October 2009; VOA on the Westgate mall attack, 23
        # September 2013: public domain).
        (
            "U.S. Secretary of Labor Hilda L. Solis issued the following statement.",
            "Hilda L. Solis",
        ),
        (
            "U.S. Secretary of State John Kerry spoke with his Kenyan counterpart Sunday.",
            "John Kerry",
        ),
        # An organisation after a title stays whole (VOA, "Pakistan Earthquake Toll Nears 350",
        # 26 September 2013: public domain).
        (
            "Chief of National Disaster Management Authority Maj. Gen. Saeed Aleem said so.",
            "National Disaster Management Authority",
        ),
    ],
)
def test_names_without_titles(text: str, name: str) -> None:
    names = [f.text for f in _facts(text) if f.kind in ("person", "org", "place", "name")]
    assert name in names
    assert not any(n.startswith(("President", "Mr", "Russian", "Egyptian")) for n in names)
    assert not any(n.startswith(("Labor", "State ", "Management")) for n in names)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # State Department on the Westgate mall attack, 21 September 2013 (public domain).
        (
            "The wife of a foreign service national working for the U.S. Agency for "
            "International Development.",
            "Agency for International Development",
        ),
        # Wikinews (CC BY 2.5), Italy earthquake, 6 April 2009.
        (
            "According to the United States Geological Survey a major earthquake has struck.",
            "United States Geological Survey",
        ),
    ],
)
def test_organisations_named_with_for_or_a_survey_are_one_org(text: str, name: str) -> None:
    found = {f.text: f.kind for f in _facts(text) if f.kind in ("person", "org", "place", "name")}
    assert found.get(name) == "org"
    assert "person" not in found.values()


def test_transliterations_differing_in_doubled_letters_are_one_name() -> None:
    # White House and VOA on the Westgate mall attack, 2013 (public domain): `al-Shabaab` /
    # `al-Shabab`.
    only_a, only_b, _ = _compare(
        "Statement\nWe stand with Kenya against the threat posed by al-Shabaab.",
        "Report\nThe Somali terrorist group al-Shabab claimed responsibility for the assault.",
    )
    names = {f.text for f in (*only_a, *only_b) if f.kind in ("person", "org", "place", "name")}
    assert not any("Shabaab" in n or "Shabab" in n for n in names)


def test_for_joins_names_only_after_an_organisation() -> None:
    names = [f.text for f in _facts("He flew to Kenya for talks with Ruto on Friday.")]
    assert "Kenya" in names and not any("Kenya for" in n for n in names)


def test_sentence_initial_words_and_headlines_make_no_junk_names() -> None:
    text = (
        "Leaders Gather For Talks On Trade In Geneva\n"
        "The talks began late. But delegates from Norway said the talks were open.\n"
        "Talks resume in Geneva tomorrow."
    )
    names = {f.text for f in _facts(text) if f.kind in ("person", "org", "place", "name")}
    assert names == {"Norway", "Geneva"}


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Abdel Fattah al-Sisi", "al-Sisi"),
        ("Abdel Fattah al-Sisi", "el-Sisi"),
        ("Abdel Fattah el-Sisi", "Sisi"),
        ("Bashar al-Assad", "Assad"),
        ("Bashar al-Assad", "Bashar Assad"),
        ("United Nations Security Council", "UN Security Council"),
    ],
)
def test_name_variants_match(a: str, b: str) -> None:
    assert names_match(name_key(a), name_key(b))
    assert names_match(name_key(b), name_key(a))


def test_different_people_do_not_match() -> None:
    assert not names_match(name_key("Mahmoud Abbas"), name_key("Ebrahim Raisi"))


# --- quotes -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "quote"),
    [
        ("He said “we will not stop” on Monday.", "we will not stop"),
        ("She called it ‘absolutely unacceptable’ in public.", "absolutely unacceptable"),
        ('They said "the talks failed," officials added.', "the talks failed"),
        (
            "It vowed to destroy ‘Hamas’ military and governmental capabilities.’",
            "Hamas’ military and governmental capabilities",
        ),
    ],
)
def test_quotes(text: str, quote: str) -> None:
    assert _texts(_facts(text), "quote") == [quote]


@pytest.mark.parametrize(
    "text",
    ["Russia’s war and Israel's response.", "The group’s leaders met at the members’ club."],
)
def test_apostrophes_are_not_quotes(text: str) -> None:
    assert _texts(_facts(text), "quote") == []


def test_quote_spanning_sentences_is_one_fact() -> None:
    text = "“We will act. We will not wait,” the minister said."
    assert _texts(_facts(text), "quote") == ["We will act. We will not wait"]


def test_quote_fragment_matches_the_full_quote() -> None:
    only_a, only_b, _ = _compare(
        "He said the goal was “a lasting peace between the two nations and their allies”.",
        "He spoke of “a lasting peace between the two nations”.",
    )
    assert _texts(only_a, "quote") == [] and _texts(only_b, "quote") == []


# --- conflicts and uniqueness ----------------------------------------------------------------


def test_conflicting_death_tolls_in_aligned_sentences() -> None:
    a = "Officials say the strikes have killed at least 2,750 people in the city."
    b = "The ministry said over 2,800 Palestinians had been killed in the city."
    _, _, conflicts = _compare(a, b, rows=(Row("match", (0,), (0,), 0.8),))
    assert len(conflicts) == 1
    c = conflicts[0]
    assert (c.a.text, c.b.text) == ("at least 2,750 people", "over 2,800 Palestinians")
    assert "killed" in c.what


def test_killed_and_slaughtered_are_one_family() -> None:
    a = "More than 1,300 Israelis were killed in the October 7 attack."
    b = "Gunmen slaughtered some 1,200 people in the October 7 onslaught."
    _, _, conflicts = _compare(a, b)
    assert [(c.a.text, c.b.text) for c in conflicts] == [
        ("More than 1,300 Israelis", "some 1,200 people")
    ]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("The siege lasted 10 days in the city.", "The siege left 12 people dead in the city."),
        (
            "Rebels killed 1,300 soldiers in the north.",
            "Rebels wounded 1,250 soldiers in the north.",
        ),
        (
            "Gunmen killed 40 Israelis near the fence.",
            "Gunmen killed 45 Palestinians near the fence.",
        ),
        ("Storms killed 5 people on the coast.", "Storms killed 500 people on the coast."),
        # Different counted things, even in lower case.
        ("Police arrested 12 protesters downtown.", "Police arrested 14 journalists downtown."),
        ("Fighting killed 100 soldiers on Monday.", "Fighting killed 120 civilians on Monday."),
        ("The storm killed 40 people in the valley.", "The storm killed 45 cattle in the valley."),
        # Different units.
        ("The talks lasted 10 days in Oslo.", "The talks lasted 12 hours in Oslo."),
        ("The fire destroyed 200 homes.", "The fire destroyed 250 hectares."),
        # Different occasions: the figures are dated, and the dates differ.
        ("The flood killed 30 people in 2019.", "The flood killed 35 people in 2021."),
        ("Shelling killed 20 people on March 3.", "Shelling killed 24 people on March 9."),
    ],
)
def test_no_conflict_for_different_units_families_or_subjects(a: str, b: str) -> None:
    _, _, conflicts = _compare(a, b, rows=(Row("match", (0,), (0,), 0.7),))
    assert conflicts == ()


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Shelling killed 20 people on March 3.", "Shelling killed 24 civilians on March 3."),
        ("Shelling killed 20 Israelis on Monday.", "Shelling killed 24 Israeli civilians."),
        ("Shelling killed 20 people in 2021.", "Shelling killed 24 people in March 2021."),
    ],
)
def test_conflict_when_subject_and_occasion_may_be_the_same(a: str, b: str) -> None:
    _, _, conflicts = _compare(a, b, rows=(Row("match", (0,), (0,), 0.7),))
    assert len(conflicts) == 1


def test_equal_values_pair_before_conflicts() -> None:
    a = "Attackers killed 1,300 Israelis. Strikes killed 2,750 people in Gaza."
    b = "Attackers killed 1,300 Israelis. Strikes killed 2,800 people in Gaza."
    _, _, conflicts = _compare(a, b)
    assert [(c.a.text, c.b.text) for c in conflicts] == [("2,750 people", "2,800 people")]


def test_unique_fact_never_stands_in_the_other_text() -> None:
    a = "Minister Anna Berg met Jonas Lind in Oslo on March 3 and praised the 25 volunteers."
    b = "Jonas Lind visited Oslo and thanked the volunteers, said Anna Berg, the minister."
    only_a, only_b, _ = _compare(a, b)
    for f in only_a:
        assert f" {norm(f.text)} " not in f" {norm(b)} "
    for f in only_b:
        assert f" {norm(f.text)} " not in f" {norm(a)} "
    assert "March 3" in _texts(only_a) and "25 volunteers" in _texts(only_a)
    assert "Anna Berg" not in _texts(only_a)


def test_unique_names_and_surname_matching() -> None:
    only_a, _, _ = _compare(
        "Putin spoke with Syrian President Bashar al-Assad and Egyptian leader Abdel Fattah "
        "el-Sisi, then with Emmanuel Macron.",
        "The Kremlin said Vladimir Putin had phoned Assad and Sisi.",
        (Row("match", (0,), (0,), 0.8),),
    )
    assert _texts(only_a) == ["Emmanuel Macron"]


def test_offsets_slice_back_to_fact_text() -> None:
    text = (
        "Putin Talks With Netanyahu\n"
        "Russian President Vladimir Putin told Benjamin Netanyahu on Oct. 7 that 1,300 died.\n"
        "“It is a ‘catastrophe’,” said Deputy Foreign Minister Sergei Ryabkov."
    )
    facts = _facts(text)
    assert facts
    for f in facts:
        assert text[f.start : f.end] == f.text


def test_person_named_by_surname_alone_in_the_other_article_is_not_unique() -> None:
    only_a, _, _ = _compare(
        "Prime Minister Tomas Reyes will visit the region on Friday.",
        "Reyes is expected in the province later.",
    )
    assert "Tomas Reyes" not in _texts(only_a)
    assert any("Friday" in t for t in _texts(only_a, "claim"))


# --- claims -----------------------------------------------------------------------------------


def _claim(sentence: str, people: frozenset[str] = frozenset()) -> str:
    from tui.core.facts.claims import claim_span
    from tui.core.facts.extract import metadata_spans

    text = f"Headline\n{sentence}"
    sents = _sentences(text)
    a, b = claim_span(text, sents[1], people=people, metadata=metadata_spans(text, sents))
    return text[a:b]


@pytest.mark.parametrize(
    ("sentence", "claim"),
    [
        # Sources are trimmed, at either end.
        (
            "The ministry said the bridge will reopen in May after repairs.",
            "the bridge will reopen in May after repairs",
        ),
        ("The bridge will reopen in May, the ministry said.", "The bridge will reopen in May"),
        (
            "According to the ministry, the bridge will reopen in May.",
            "the bridge will reopen in May",
        ),
        (
            "The bridge will reopen in May, according to city officials.",
            "The bridge will reopen in May",
        ),
        # When the source spoke goes with it (VOA, "61 Still Missing From Kenya Mall Attack",
        # September 2013: a US government work in the public domain).
        (
            "The Kenyan Red Cross said Thursday that 61 people remain missing from the four-day "
            "siege at the Westgate mall.",
            "61 people remain missing from the four-day siege at the Westgate mall",
        ),
        # A long main clause is kept whole, not cut in mid-phrase (VOA, "Rescuers Mount Frantic
        # Search for Italy Quake Survivors", 6 April 2009: public domain).
        (
            "ANSA also described desperate families near a local university calling loved ones on "
            "cell phones, in hopes the ringing phones would help rescuers locate people thought to "
            "be buried in the rubble.",
            "ANSA also described desperate families near a local university calling loved ones on "
            "cell phones, in hopes the ringing phones would help rescuers locate people thought to "
            "be buried in the rubble",
        ),
        # `At least nine aftershocks` is the subject, not a scene (Wikinews, CC BY 2.5, "Major
        # magnitude 6.3 earthquake strikes central Italy", 6 April 2009).
        (
            "At least nine aftershocks, with the highest being a magnitude 4.8, have shaken the "
            "area since the initial earthquake.",
            "At least nine aftershocks, with the highest being a magnitude 4.8, have shaken the "
            "area since the initial earthquake",
        ),
        # Scene-setting and linking words go; the main clause ends at the first subordinate one.
        (
            "During the meeting, the council approved the budget for next year.",
            "the council approved the budget for next year",
        ),
        (
            "But the council approved the new budget, which includes funds for the bridge.",
            "the council approved the new budget",
        ),
        (
            "The council approved the new budget, angering residents of the old town.",
            "The council approved the new budget",
        ),
        (
            "The mayor welcomed the new budget but warned of delays.",
            "The mayor welcomed the new budget",
        ),
        # A caption's label and credit are not part of the claim.
        (
            "Photo: Workers repaint the old bridge in Lima. (City Press/Ana Ruiz)",
            "Workers repaint the old bridge in Lima",
        ),
        # A cut inside a quote ends before the quote.
        (
            "The city council strongly condemned “any delay to the works, which are urgent”.",
            "The city council strongly condemned",
        ),
    ],
)
def test_claim_is_the_main_clause(sentence: str, claim: str) -> None:
    assert _claim(sentence) == claim


def test_a_named_speaker_stays_in_the_claim() -> None:
    sentence = "Ruiz said the bridge will reopen in May."
    assert _claim(sentence, frozenset({"ruiz"})) == "Ruiz said the bridge will reopen in May"
    assert _claim(sentence) == "the bridge will reopen in May"


@pytest.mark.parametrize(
    "sentence",
    [
        "Tuesday, 17/10/2023 13:30 WIB",
        "Condolences to the family",
        "“We will rebuild the bridge before the winter comes,” she said.",
        "Bridge reopens",
    ],
)
def test_labels_datelines_and_quotes_state_no_claim(sentence: str) -> None:
    from tui.core.facts.claims import find_claims

    text = f"Headline\n{sentence}"
    sents = _sentences(text)
    assert find_claims(text, sents, extract_facts(text, sents), indices={1}) == []


def test_claims_come_only_from_sentences_without_a_counterpart() -> None:
    a = "The council approved the budget on Monday.\nThe mayor resigned after the vote."
    b = "On Monday the budget won the approval of the council.\nThe bridge will close in May."
    only_a, only_b, _ = _compare(a, b, (Row("match", (0,), (0,), 0.7),))
    assert _texts(only_a, "claim") == ["The mayor resigned after the vote"]
    assert _texts(only_b, "claim") == ["The bridge will close in May"]


def test_claim_stated_in_other_words_is_not_unique() -> None:
    # No alignment at all: the other article's sentences are searched for the claim's words.
    only_a, only_b, _ = _compare(
        "The council approved the budget on Monday.",
        "On Monday the budget was approved by the council.",
    )
    assert _texts(only_a, "claim") == [] and _texts(only_b, "claim") == []


def test_same_actors_doing_something_else_is_a_unique_claim() -> None:
    only_a, only_b, _ = _compare(
        "Mayor Ana Ruiz met Governor Li Wei in Lima on Monday.",
        "Governor Li Wei phoned Mayor Ana Ruiz from Lima on Monday.",
    )
    assert _texts(only_a, "claim") == ["Mayor Ana Ruiz met Governor Li Wei in Lima on Monday"]
    assert _texts(only_b, "claim") == ["Governor Li Wei phoned Mayor Ana Ruiz from Lima on Monday"]


def test_long_quote_is_listed_clause_by_clause() -> None:
    a = (
        "She promised “the steps the city is taking to repair the bridge, prevent further "
        "closures and reopen the road before the winter”."
    )
    b = "She spoke about the bridge."
    only_a, _, _ = _compare(a, b, (Row("match", (0,), (0,), 0.5),))
    assert _texts(only_a, "quote") == [
        "the steps the city is taking to repair the bridge",
        "prevent further closures and reopen the road before the winter",
    ]


def test_a_quote_clause_reported_in_the_other_article_is_not_unique() -> None:
    a = (
        "She promised “the steps the city is taking to repair the bridge, prevent further "
        "closures and reopen the road before the winter”."
    )
    b = "She said the city is taking steps “to repair the bridge”."
    only_a, _, _ = _compare(a, b, (Row("match", (0,), (0,), 0.5),))
    assert _texts(only_a, "quote") == [
        "prevent further closures and reopen the road before the winter"
    ]


def test_extraction_keeps_each_clause_of_a_long_quote_with_its_speaker() -> None:
    text = (
        "Mayor Ana Ruiz promised “the steps the city is taking to repair the bridge, prevent "
        "further closures and reopen the road before the winter”."
    )
    quotes = [f for f in _facts(text) if f.kind == "quote"]
    assert [q.text for q in quotes] == [
        "the steps the city is taking to repair the bridge",
        "prevent further closures and reopen the road before the winter",
    ]
    assert {q.subject for q in quotes} == {"Ana Ruiz"}


# VOA, "As Many as 10,000 Dead in Burma Cyclone", 5 May 2008, and VOA, "World Offers Aid to Burma
# as Cyclone Death Toll Tops 22,000", 7 May 2008 (US government works in the public domain; the
# second sentence of b is shortened).
NARGIS_A = (
    "Among those arriving in Bangkok Monday, on one of the first flights out of Rangoon, was "
    "Sweden's former Minister of Democracy and Integration, Jens Orback.\n"
    "Reports of death and destruction trickled out of Burma Monday."
)
NARGIS_B = (
    "The U.N. says it has sent a team to Burma to assess the damage.\n"
    "Reports of death and destruction trickled out of Burma."
)


def test_a_bare_weekday_is_a_fact_only_beside_a_shared_statement() -> None:
    # Sentence 0 of a has no counterpart: its claim and names are the facts, not `Monday`.
    # Sentence 1 is matched: `Monday` is the detail a adds to a statement both make.
    only_a, _, _ = _compare(NARGIS_A, NARGIS_B, (Row("match", (1,), (1,), 0.9),))
    mondays = [f for f in only_a if f.kind == "date"]
    assert [(f.text, f.sentence) for f in mondays] == [("Monday", 1)]
    assert "Jens Orback" in _texts(only_a)
    # With no counterpart for either, neither Monday is listed.
    only_a, _, _ = _compare(NARGIS_A, NARGIS_B)
    assert _texts(only_a, "date") == []


# US State Department press statement "Verdict in the Khodorkovsky-Lebedev Case", 27 December
# 2010 (a US government work in the public domain), as copied with its byline block.
STATE_VERDICT = (
    "Verdict in the Khodorkovsky-Lebedev Case\n\n"
    "Press Statement\nHillary Rodham Clinton\nSecretary of State\nWashington, DC\n"
    "December 27, 2010\n\n"
    "Today's conviction in the second trial of Mikhail Khodorkovsky and Platon Lebedev on "
    "charges of embezzlement and money laundering raises serious questions about selective "
    "prosecution."
)


def test_a_byline_block_under_the_headline_is_metadata() -> None:
    texts = _texts(_facts(STATE_VERDICT))
    assert "Hillary Rodham Clinton" not in texts
    assert "Press Statement" not in texts
    assert "December 27, 2010" not in texts
    assert "Mikhail Khodorkovsky" in texts
    # One title-case line under a headline may be a subhead: it keeps its facts.
    subhead = "Verdict in the Case\n\nJudge Danilkin Reads the Verdict in Moscow\n\nThe court sat."
    assert "Danilkin" in " ".join(_texts(_facts(subhead)))


def test_a_sentence_quoting_more_than_its_claim_gives_no_claim() -> None:
    # Wikinews (CC BY 2.5), "US declares public health emergency over spread of swine flu", 26 April
    # 2009:
    # the quote is the fact, not `John Brennan, a Homeland Security assistant`.
    text = (
        "Swine flu\n"
        "John Brennan, a Homeland Security assistant, added that \u201cat this point, a top "
        "priority is to ensure that communication is robust and that medical surveillance "
        "efforts are fully activated.\u201d"
    )
    only_a, _, _ = _compare(text, "Other news\nThe bridge will close in May.")
    assert _texts(only_a, "claim") == []
    assert any("medical surveillance" in t for t in _texts(only_a, "quote"))


@pytest.mark.parametrize(
    "sentence",
    [
        # Wikinews (CC BY 2.5), "Major magnitude 6.3 earthquake strikes central Italy", 6 April
        # 2009: a map's caption describes the map.
        "Map highlighting epicenter of the earthquake.",
        # The same Wikinews article: the marker on its map.
        "The marker shows the epicenter of the earthquake.",
        # Agency captions (made up here, in their usual form).
        "In this pool photograph distributed on Monday, the mayor (L) greets rescue workers "
        "at the town hall.",
        "The minister (2nd R) visits a field hospital set up outside the stadium on Tuesday.",
        # Global Voices (CC BY 3.0), "Italy: citizens provide news and reflections on the
        # earthquake in L'Aquila", 8 April 2009: an editor's insertion in brackets, and a post
        # quoted in Italian.
        "[Awaken by the earthquake, look up immediately info on twitter (and I find them)]",
        "l'Aquila distrutta\u2026 speravo fosse un sogno ed invece \u00e8 tutta realt\u00e0\u2026 "
        "non ci posso ancora credere\u2026 mi si stringe il cuore\u2026 "
        "ma l'Aquila ritorner\u00e0 ad essere bella come prima ed a emozionarci ancora.",
    ],
)
def test_captions_insertions_and_other_languages_give_no_claim(sentence: str) -> None:
    only_a, _, _ = _compare(f"Headline\n{sentence}", "Other news\nThe bridge will close in May.")
    assert _texts(only_a, "claim") == []


def test_a_party_letter_is_not_a_caption() -> None:
    sentence = "Senator Jane Smith (R) said the bridge would stay closed until the inquiry ends."
    only_a, _, _ = _compare(f"Headline\n{sentence}", "Other news\nThe bridge will close in May.")
    assert _texts(only_a, "claim") != []


def test_a_long_english_clause_without_much_glue_is_still_a_claim() -> None:
    # VOA, "Rescuers Mount Frantic Search for Italy Quake Survivors", 6 April 2009 (public domain).
    sentence = (
        "Monday's earthquake occurred about five hours after a 4.6 magnitude quake shook Italy's "
        "north central region near Ravenna."
    )
    only_a, _, _ = _compare(f"Headline\n{sentence}", "Other news\nThe bridge will close in May.")
    assert _texts(only_a, "claim") == [sentence.rstrip(".")]
