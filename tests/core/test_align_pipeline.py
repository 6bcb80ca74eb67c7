"""The aligner's pipeline on real, freely licensed reports (issue 12), and the parameter fit.

Every text below is quoted from a public-domain US government work or a Creative Commons text,
as listed beside each fixture; the full articles and their gold sit in the evaluation folders.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tui.core.align import Link, align
from tui.core.align.assign import assign
from tui.core.align.candidates import candidate_pairs
from tui.core.align.features import Context, facts_frames, figure_frames
from tui.core.align.params import FEATURES, Params, default_params, load_params
from tui.core.align.scoring import probability
from tui.core.facts import extract_facts
from tui.core.sentences import split_sentences

REPO = Path(__file__).resolve().parents[2]
SCORER = REPO.parent / "shared" / "eval" / "score.py"


def pairs(links: tuple[Link, ...]) -> set[tuple[int, int]]:
    return {(i, j) for lk in links for i in lk.a for j in lk.b}


# NASA news release 05-203, 26 July 2005 (public domain, US government work):
# https://www.nasa.gov/home/hqnews/2005/jul/HQ_05203_RTF_Mission_Launched.html
SHUTTLE_RELEASE = [
    "NASA Launches Space Shuttle Return to Flight Mission",
    "NASA’s Space Shuttle Return to Flight mission (STS-114) is under way.",
    "Space Shuttle Discovery lifted off Tuesday from NASA’s Kennedy Space Center, Fla. at "
    "10:39 a.m. EDT.",
    "“We know the folks on planet Earth are just feeling great right now,” said Discovery’s "
    "commander Eileen Collins from orbit.",
    "During their 12-day mission to the International Space Station, Collins and her six fellow "
    "astronauts will test new techniques and equipment designed to make Shuttles safer.",
    "They’ll also deliver supplies and make repairs to the Space Station after Discovery docks "
    "on Thursday.",
]
# NASA STS-114 Mission Control status report #01, 26 July 2005 (public domain):
# http://www.astronautix.com/d/details82111.html
SHUTTLE_STATUS = [
    "STS-114 MCC Status Report #01",
    "Discovery launched into a clear Florida sky this morning, returning the Shuttle fleet to "
    "space and beginning a journey of exploration to the Moon, Mars and beyond.",
    "Discovery lifted off at 9:39 a.m. central time today following a flawless countdown.",
    "Over the next 11 days, Discovery's seven person crew will demonstrate techniques for "
    "inspecting and protecting the Shuttle's thermal protection system and continue assembly "
    "of the International Space Station.",
    "Today's launch was the first for a Shuttle since the loss of Columbia and its crew in "
    "February 2003.",
]


def test_same_slot_with_a_different_value_links() -> None:
    # "12-day mission" against "the next 11 days": the same fact with conflicting values. The
    # link is what lets the reader see the two figures side by side.
    found = pairs(align(SHUTTLE_RELEASE, SHUTTLE_STATUS))
    assert (4, 3) in found
    ctx = Context(SHUTTLE_RELEASE, SHUTTLE_STATUS)
    features = ctx.features(4, 3)
    assert features is not None
    named = dict(zip(FEATURES, features, strict=True))
    assert named["same_number"] == 0.0 and named["same_slot"] > 0.0


# The White House, statement by the Press Secretary, 27 December 2010, and the Voice of America
# report of it the same day (both public domain, US government works; ../shared/eval/more,
# ruling--03 and ruling--04, URLs in its SOURCES.json).
RULING_STATEMENT = [
    "Statement by the Press Secretary, 12/27/2010",
    "We are deeply concerned that a Russian judge today has indicated that for a second time "
    "Mikhail Khodorkovsky and Platon Lebedev will be convicted.",
    "We are troubled by the allegations of serious due process violations, and what appears to "
    "be an abusive use of the legal system for improper ends.",
    "The apparent selective application of the law to these individuals undermines Russia’s "
    "reputation as a country committed to deepening the rule of law.",
]
RULING_REPORT = [
    "White House Concerned at Guilty Verdict for Russia’s Khodorkovsky",
    "The White House says it is deeply concerned about Monday’s guilty verdict for jailed former "
    "Russian oil tycoon Mikhail Khodorkovsky and his business partner, Platon Lebedev, on "
    "embezzlement and money laundering charges.",
    "A spokesman issued a statement Monday, saying the White House is troubled by alleged serious "
    "violations of the due process of law and the possible abuse of the legal system for what it "
    "called improper ends.",
    "Khodorkovsky, once Russia’s richest man, and Lebedev were charged with stealing oil and "
    "laundering $27 billion in proceeds.",
]


def test_indirect_speech_report_of_a_statement_links() -> None:
    # "We are troubled by ..." against "saying the White House is troubled by ...": the
    # statement and the news report of it, in other words and in indirect speech.
    found = pairs(align(RULING_STATEMENT, RULING_REPORT))
    assert {(1, 1), (2, 2)} <= found
    assert not any(j == 3 for _, j in found)


# Wikinews, "US declares public health emergency over spread of swine flu", 26 April 2009
# (CC BY 2.5, Wikinews contributors):
# https://en.wikinews.org/wiki/US_declares_public_health_emergency_over_spread_of_swine_flu
FLU_WIKINEWS = [
    "US declares public health emergency over spread of swine flu",
    "Homeland Security Secretary Janet Napolitano announced today at a news conference that the "
    "U.S. has declared a public health emergency in light of the swine flu outbreak.",
    "The total number of confirmed swine flu cases in the United States stands at 20.",
    "Meanwhile, public health officials in Ohio today announced one confirmed case of swine flu "
    "in the state.",
    "Thus far, California has reported 7 confirmed cases of swine flu, while Kansas and Texas "
    "have each reported two confirmed cases.",
]
# CDC travel health warning for Mexico, 27 April 2009 (public domain, US government work).
FLU_CDC = [
    "Travel Health Warning: Swine Flu and Severe Cases of Respiratory Illness in Mexico",
    "CDC and state public and animal health authorities are currently investigating 20 cases of "
    "swine flu in humans in California, Texas, Kansas, Ohio, and New York City.",
    "CDC has issued a travel health warning recommending that United States travelers avoid all "
    "nonessential travel to Mexico.",
]


def test_a_packed_sentence_links_to_several() -> None:
    # The CDC packs into one sentence the case counts Wikinews gives in three: one row, three
    # A sentences against one B sentence, so each of the three links is shown.
    links = align(FLU_WIKINEWS, FLU_CDC)
    packed = [lk for lk in links if lk.b == (1,)]
    assert packed and set(packed[0].a) >= {2, 3, 4}


# Voice of America on the Westgate mall siege, 23 and 26 September 2013 (public domain, VOA staff
# stories; eval/mall, mall--03 and mall--05): the same toll in other words and values.
MALL_VOA_23 = [
    "He said 62 people have been killed since the assault began Saturday.",
    "Lenku said the militants set mattresses on fire as a distraction.",
]
MALL_VOA_26 = [
    "Meanwhile, al-Shabab has repeated its warning that violence will continue.",
    "The official death toll from the siege stands at 72.",
]


def test_figures_of_the_same_frame_are_candidates_and_a_feature() -> None:
    # No content word in common ("killed" / "death toll"), but both give the number killed:
    # the pair is described, and its `same_frame` is 1 whatever the values (62 / 72).
    ctx = Context(MALL_VOA_23, MALL_VOA_26)
    assert ctx.a.frames[0] == ctx.b.frames[1] == frozenset({"killed|count"})
    assert not ctx.a.frames[1] and not ctx.b.frames[0]
    _copies, cands = candidate_pairs(
        ctx, per_sentence=8, probe_tokens=8, max_postings=1000, cancel=None, progress=None
    )
    assert (0, 1) in cands
    f = ctx.features(0, 1)
    assert f is not None and f[FEATURES.index("same_frame")] == 1.0
    assert ctx.features(1, 1) is None  # no figure, nothing in common: no candidate


def test_frames_from_the_facts_are_the_frames_of_the_text() -> None:
    # `compare` hands the aligner the frames of the facts it has read; the aligner finds the
    # same ones from the sentences alone (so the fit on eval data and the app agree).
    text = " ".join(FLU_WIKINEWS[1:])
    sents = split_sentences(text)
    from_facts = facts_frames(extract_facts(text, sents), len(sents))
    assert from_facts == [figure_frames(s.text) for s in sents]
    assert frozenset({"|count|case"}) <= from_facts[1]


# Voice of America, L'Aquila earthquake, 6 April 2009, and a VOA report of another earthquake,
# 26 September 2013 (both public domain; ../shared/eval/more, quake--01 and quake--04).
QUAKE_2009 = [
    "Rescuers Mount Frantic Search for Italy Quake Survivors",
    "The death toll from the earthquake in central Italy has grown to more than 150 as rescue "
    "team struggle to reach the survivors under the rubble.",
    "Some 1,500 people were injured in the quake that shook the medieval walled city of "
    "L'Aquila Monday.",
    "Officials say there are thousands of collapsed structures in and around L'Aquila.",
]


# Voice of America, "Pakistan Earthquake Toll Nears 350", 26 September 2013 (public domain;
# ../shared/eval/more/quake--04): another earthquake, the distractor of the quake event.
QUAKE_2013 = [
    "Pakistan Earthquake Toll Nears 350",
    "The death toll continues to rise from Tuesday's strong earthquake in southwestern Pakistan.",
    "Officials now say 348 people were killed in Pakistan's Baluchistan province after thousands "
    "of mud homes collapsed during an earthquake in the mountainous Awaran district.",
    "Local officials said Thursday that more than 500 people were injured in the magnitude 7.7 "
    "quake.",
    "Members of Pakistan's military have been deployed to help with recovery efforts.",
]


def test_the_frame_step_links_the_same_toll_in_other_words() -> None:
    # The model alone finds the pair weak (few shared words: under the 1:1 threshold); the
    # frame step links it at a threshold it reaches, and never when switched off (1.01).
    ctx = Context(MALL_VOA_23, MALL_VOA_26)
    f = ctx.features(0, 1)
    assert f is not None
    p = probability(f, default_params())
    weak = dataclasses.replace(default_params(), link=max(p + 0.01, default_params().link))
    assert (
        pairs(align(MALL_VOA_23, MALL_VOA_26, params=dataclasses.replace(weak, frame=1.01)))
        == set()
    )
    on = dataclasses.replace(weak, frame=round(p - 0.01, 2))
    assert pairs(align(MALL_VOA_23, MALL_VOA_26, params=on)) == {(0, 1)}
    # Two earthquakes' injured (L'Aquila, Pakistan) share the frame but name two places.
    assert (
        pairs(align(QUAKE_2009, QUAKE_2013, params=dataclasses.replace(weak, frame=0.0))) == set()
    )


def test_same_topic_different_event_stays_unlinked() -> None:
    # Tolls, injured and collapsed buildings on both sides, but of two earthquakes four years
    # and a continent apart: no sentence of one reports a sentence of the other.
    assert align(QUAKE_2009, QUAKE_2013) == ()


def _params(**changes: float) -> Params:
    base = default_params()
    fields = {
        "link": 0.5,
        "join": 0.5,
        "context": 0.2,
        "merge_gain": 1.01,
        "merge_contained": 1.01,
        "label_contained": 1.01,
    }
    fields.update(changes)
    return Params(weights=base.weights, bias=base.bias, **fields)  # type: ignore[arg-type]


def test_assignment_context_fills_a_gap_between_linked_neighbours() -> None:
    # The assignment alone, on given probabilities: (1, 1) is too weak for a link of its own
    # but sits between two links, so it fills the gap; (1, 2) has no such neighbours.
    texts = ["First sentence here.", "Second sentence here.", "Third sentence here."]
    ctx = Context(texts, texts)
    scored = {(0, 0): 0.9, (2, 2): 0.9, (1, 1): 0.3}
    assert sorted(assign(ctx, scored, _params())) == [([0], [0]), ([1], [1]), ([2], [2])]
    assert assign(ctx, {(1, 1): 0.3}, _params()) == []
    assert assign(ctx, {(0, 0): 0.9, (2, 2): 0.9, (1, 1): 0.1}, _params()) == [
        ([0], [0]),
        ([2], [2]),
    ]


def test_assignment_joins_keep_every_row_one_to_many() -> None:
    texts = ["One sentence.", "Two sentence.", "Three sentence."]
    ctx = Context(texts, texts)
    # 0-0 links; 1 joins on A (its pair with B 0 reaches `join`); B 1 cannot then join A's
    # group of two, which would make a many-to-many row.
    scored = {(0, 0): 0.9, (1, 0): 0.6, (0, 1): 0.55}
    assert assign(ctx, scored, _params(join=0.5)) == [([0, 1], [0])]


def _load_loeo() -> ModuleType:
    spec = importlib.util.spec_from_file_location("loeo", REPO / "eval" / "loeo.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["loeo"] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def _write_event(
    folder: Path, event: str, a: list[str], b: list[str], links: list[list[int]]
) -> None:
    folder.mkdir(parents=True)
    (folder / f"{event}--01_x.txt").write_text(" ".join(a) + "\n", encoding="utf-8")
    (folder / f"{event}--02_y.txt").write_text(" ".join(b) + "\n", encoding="utf-8")
    gold = {
        "a": f"{event}--01_x.txt",
        "b": f"{event}--02_y.txt",
        "a_sentences": a,
        "b_sentences": b,
        "links": links,
        "facts_only_a": [],
        "facts_only_b": [],
        "conflicts": [],
    }
    (folder / f"gold_{event}--01_02.json").write_text(json.dumps(gold), encoding="utf-8")


def test_refit_script_writes_params_and_the_readme_table(tmp_path: Path) -> None:
    if not SCORER.exists():
        pytest.skip("score.py (shared evaluation material) is not beside the repository")
    loeo = _load_loeo()
    _write_event(
        tmp_path / "gold" / "floods",
        "floods",
        [
            "Floods in the north killed at least 40 people over the weekend.",
            "About 12,000 residents were evacuated from villages along the river.",
            "The weather office expects more rain on Tuesday.",
        ],
        [
            "At least 40 people died in weekend floods in the north, officials said.",
            "A local football club won its first title in a decade.",
            "Some 12,000 villagers along the river had to leave their homes.",
        ],
        [[0, 0], [1, 2]],
    )
    _write_event(
        tmp_path / "gold" / "strike",
        "strike",
        [
            "Rail workers began a three-day strike on Monday over pay.",
            "The union said 20,000 members had walked out.",
        ],
        [
            "A three-day rail strike over pay started on Monday.",
            "Museums reported record visitor numbers this summer.",
            "Some 20,000 union members walked out, the union said.",
        ],
        [[0, 0], [1, 2]],
    )
    out = tmp_path / "params.json"
    readme = tmp_path / "README.md"
    readme.write_text("# Events\n\n## floods\n\nNotes kept.\n", encoding="utf-8")
    code = loeo.main(
        [
            str(tmp_path / "gold"),
            "--no-default-folders",
            "--scorer",
            str(SCORER),
            "--refit",
            "--params-out",
            str(out),
            "--readme",
            "--readme-path",
            str(readme),
        ]
    )
    assert code == 0
    params = load_params(out)
    assert params.fitted_on == ("floods", "strike")
    assert len(params.weights) == len(FEATURES)
    text = readme.read_text(encoding="utf-8")
    assert "## floods\n\nNotes kept." in text
    assert "## Leave-one-event-out" in text and "| floods |" in text and "| strike |" in text
