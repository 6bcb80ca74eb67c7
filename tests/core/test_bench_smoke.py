"""The benchmark's synthetic data and baselines run on tiny inputs and give well-formed results.

Nothing here is timed: benchmarks are not tests (see bench/README.md).
"""

from __future__ import annotations

from pathlib import Path

import frontmatter
import pytest

from bench.baselines import cdist_align, cdist_skip_reason, difflib_align, normalise
from bench.engine import growth_exponent
from bench.synthetic import (
    SyntheticPair,
    article_files,
    make_pair,
    real_sentences,
    to_articles,
    write_pair,
)

POOL = [
    "The council voted on Tuesday to close the old bridge to heavy traffic.",
    "Engineers found cracks in two of the supporting piers last month.",
    "Residents said the detour would add twenty minutes to their commute.",
    "A spokesperson for the mayor declined to say when repairs would begin.",
    "The bridge carries about 14,000 vehicles a day, according to the city.",
    "Local businesses on the east bank fear losing customers during the works.",
    "An independent review will report its findings to the council in March.",
    "Funding for the repairs has not yet been approved by the regional government.",
]


def _body(pair: SyntheticPair, side: str) -> list[str]:
    paragraphs = pair.paragraphs_a if side == "a" else pair.paragraphs_b
    return [s for p in paragraphs for s in p]


def test_real_sentences_reads_md_and_txt(tmp_path: Path) -> None:
    (tmp_path / "one.txt").write_text(
        "Bridge to close\n" + " ".join(POOL[:3]) + "\n" + POOL[3] + "\n", encoding="utf-8"
    )
    (tmp_path / "two.md").write_text(
        '---\noutlet: "Daily"\ntitle: "Repairs"\n---\n\n'
        + POOL[4]
        + "\n\n"
        + POOL[4]
        + " Too short.\n",
        encoding="utf-8",
    )
    (tmp_path / "notes.csv").write_text("ignored", encoding="utf-8")
    files = article_files(tmp_path)
    assert [f.name for f in files] == ["one.txt", "two.md"]
    sentences = real_sentences(files)
    assert sentences == POOL[:5]  # deduplicated, short ones dropped, headline not a sentence


def test_make_pair_is_seeded_and_sized() -> None:
    pair = make_pair(POOL, 60, seed=3)
    assert pair == make_pair(POOL, 60, seed=3)
    assert pair != make_pair(POOL, 60, seed=4)
    a, b = _body(pair, "a"), _body(pair, "b")
    assert len(a) == pair.sentences_a == 60
    assert len(b) == pair.sentences_b > 0
    assert all(s.strip() == s and s for s in a + b)
    # Every real sentence is used before any recombination.
    assert set(POOL) <= set(a)
    # B is a rewrite of A, not an unrelated text: most of its sentences are A's, verbatim.
    assert sum(s in set(a) for s in b) > len(b) / 2
    assert pair.headline_a and pair.headline_b


def test_make_pair_rejects_bad_input() -> None:
    with pytest.raises(ValueError):
        make_pair(POOL[:1], 10)
    with pytest.raises(ValueError):
        make_pair(POOL, 0)


def test_articles_and_files_hold_the_pair(tmp_path: Path) -> None:
    pair = make_pair(POOL, 25, seed=1)
    article_a, article_b = to_articles(pair)
    assert article_a.headline == pair.headline_a
    assert len(article_b.paragraphs) == len(pair.paragraphs_b)
    assert article_a.text.startswith(pair.headline_a + "\n\n")

    path_a, path_b = write_pair(pair, tmp_path / "pair")
    assert path_a != path_b
    post = frontmatter.loads(path_b.read_text(encoding="utf-8"))
    assert post["title"] == pair.headline_b
    assert post.content.split("\n\n") == [" ".join(p) for p in pair.paragraphs_b]


def test_cdist_baseline_links_one_to_one() -> None:
    pytest.importorskip("numpy")
    left = POOL[:4]
    right = [POOL[2], "Completely different words about football scores.", POOL[0], POOL[1]]
    links = cdist_align(left, right, cutoff=80)
    assert [(link.a, link.b) for link in links] == [(0, 2), (1, 3), (2, 0)]
    assert all(link.score == 100.0 for link in links)
    assert cdist_align([], right) == []


def test_cdist_baseline_is_skipped_where_it_is_not_sane() -> None:
    assert cdist_skip_reason(20_000, 20_000) is not None
    assert cdist_skip_reason(100, 100) in (None, "numpy not installed (pip install -e '.[dev]')")


def test_difflib_baseline_covers_both_sides() -> None:
    left = [POOL[0], POOL[1], POOL[2]]
    right = [POOL[0], POOL[2].upper(), POOL[3]]
    ops = difflib_align(left, right)
    assert ops[0] == ("equal", 0, 1, 0, 1)
    assert ops[0][1] == 0 and ops[-1][2] == len(left)
    assert ops[0][3] == 0 and ops[-1][4] == len(right)
    # Case and punctuation are normalised away, so the upper-cased sentence still matches.
    assert ("equal", 2, 3, 1, 2) in ops
    assert normalise("U.S. troops, 1,300!") == "u s troops 1 300"


def test_growth_exponent_reads_the_slope() -> None:
    sizes = [100.0, 1_000.0, 10_000.0]
    assert growth_exponent([(n, n**2 / 1e6) for n in sizes]) == pytest.approx(2.0)
    assert growth_exponent([(n, n / 1e3) for n in sizes]) == pytest.approx(1.0)
    assert growth_exponent([(100.0, 1.0)]) is None


def test_synthetic_libraries_are_written_and_load(tmp_path: Path) -> None:
    from bench.library import many_stories, one_story
    from tui.core.articles import load_library

    assert one_story(tmp_path / "one", 8, seed=1) == 8
    one = load_library([tmp_path / "one"])
    assert len(one.articles) == 8 and not one.issues
    assert all(a.date is not None for a in one.articles)
    assert many_stories(tmp_path / "many", 12, stories=3, seed=1) == 12
    many = load_library([tmp_path / "many"])
    assert len(many.articles) == 12 and not many.issues
    # Three stories, each with its own invented names in its headlines.
    assert len({a.headline.split(":")[0] for a in many.articles if ":" in a.headline}) >= 2
    # The same seed, the same library.
    assert one_story(tmp_path / "again", 8, seed=1) == 8
    first = sorted(p.read_text(encoding="utf-8") for p in (tmp_path / "one").iterdir())
    again = sorted(p.read_text(encoding="utf-8") for p in (tmp_path / "again").iterdir())
    assert first == again
