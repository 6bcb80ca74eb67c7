"""Synthetic libraries of many articles: one story republished a thousand times, or many stories.

Coverage of a wire story is a tree of copies: outlets republish the wire nearly word for word,
rewrite it (sentences reworded, dropped, moved, a few of their own added), or rewrite a rewrite.
`one_story` grows such a tree from the bundled reports of one event; `many_stories` does the same
for many invented stories, each built from recombined real sentences (bench/synthetic.py) with
its own invented names and its own vocabulary (every longer word enciphered per story), so
stories share the grammar of news but no sentence. Everything
is driven by one seeded RNG: a size and a seed always give the same library. Written into a
folder the caller chooses (a temporary one: never commit a generated library).

    python -m bench.library one DIR --articles 1000
    python -m bench.library many DIR --articles 10000 --stories 600
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from bench.synthetic import _crossover, _paraphrase, _yaml_string, article_files, real_sentences

__all__ = ["Story", "base_story", "many_stories", "one_story", "variant"]

_SYLLABLES = [
    "ka",
    "lo",
    "mi",
    "ra",
    "sun",
    "ve",
    "tor",
    "al",
    "bri",
    "den",
    "ost",
    "mar",
    "quel",
    "zan",
    "fir",
    "hal",
    "ib",
    "cor",
]


@dataclass(frozen=True, slots=True)
class Story:
    """An article as a headline and paragraphs of sentences."""

    headline: str
    paragraphs: tuple[tuple[str, ...], ...]


def _load(path: Path) -> Story:
    from tui.core.articles import load_article
    from tui.core.sentences import split_sentences

    article = load_article(path)
    paragraphs = tuple(
        tuple(s.text for s in split_sentences(p)) for p in article.paragraphs if p.strip()
    )
    return Story(article.headline, tuple(p for p in paragraphs if p))


def variant(rng: random.Random, parent: Story, pool: Sequence[str], kind: str) -> Story:
    """A copy of `parent`: `near-copy` (a word or two changed in a few sentences, maybe a
    sentence dropped), `rewrite` (a third of the sentences reworded, some dropped, new ones
    added, paragraphs moved) or `own` (a fresh report reusing a few of the parent's sentences)."""
    reword, drop, add, move = {
        "near-copy": (0.08, 0.03, 0.0, 0.0),
        "rewrite": (0.35, 0.12, 0.12, 0.2),
        "own": (0.3, 0.7, 0.9, 0.3),
    }[kind]
    paragraphs: list[tuple[str, ...]] = []
    for paragraph in parent.paragraphs:
        out: list[str] = []
        for sentence in paragraph:
            roll = rng.random()
            if roll < drop:
                pass
            elif roll < drop + reword:
                out.append(_paraphrase(rng, sentence))
            else:
                out.append(sentence)
            if rng.random() < add:
                out.append(_crossover(rng, pool))
        if out:
            paragraphs.append(tuple(out))
    for _ in range(round(move * len(paragraphs))):
        moved = paragraphs.pop(rng.randrange(len(paragraphs)))
        paragraphs.insert(rng.randrange(len(paragraphs) + 1), moved)
    headline = parent.headline if kind == "near-copy" else _paraphrase(rng, parent.headline)
    return Story(headline, tuple(paragraphs) or parent.paragraphs)


def _name(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def _cipher(rng: random.Random) -> Callable[[str], str]:
    """A story's own vocabulary: every word of four letters or more becomes an invented word,
    the same one throughout the story (capitals kept), so two stories share only short words."""
    salt = rng.randrange(1 << 30)
    cache: dict[str, str] = {}

    def word(w: str) -> str:
        core = w.strip(".,;:!?\"'“”‘’()")
        if len(core) < 4 or not core.isalpha():
            return w
        low = core.lower()
        if low not in cache:
            local = random.Random(f"{salt}:{low}")
            cache[low] = "".join(local.choice(_SYLLABLES) for _ in range(max(2, len(low) // 3)))
        new = cache[low].capitalize() if core[0].isupper() else cache[low]
        return w.replace(core, new)

    return lambda sentence: " ".join(word(w) for w in sentence.split())


def base_story(rng: random.Random, pool: Sequence[str], sentences: int = 24) -> Story:
    """An invented story: recombined real sentences, with its own names for people and places."""
    names = [_name(rng) for _ in range(4)]
    lines: list[str] = []
    for _ in range(sentences):
        words = _crossover(rng, pool).split()
        # Two of the story's own names in every sentence: what makes it this story.
        for name in rng.sample(names, 2):
            words.insert(rng.randrange(1, len(words) + 1), name)
        lines.append(" ".join(words).rstrip(".") + ".")
    paragraphs: list[tuple[str, ...]] = []
    k = 0
    while k < len(lines):
        size = rng.randint(1, 4)
        paragraphs.append(tuple(lines[k : k + size]))
        k += size
    headline = f"{names[0]} and {names[1]}: " + " ".join(lines[0].split()[:8]).rstrip(".,")
    return Story(headline, tuple(paragraphs))


def _write(folder: Path, number: int, story: Story, day: date, outlet: str) -> Path:
    path = folder / f"{day.isoformat()}-{number:05d}-{outlet.lower().replace(' ', '-')}.md"
    front = (
        "---\n"
        f"outlet: {_yaml_string(outlet)}\n"
        f"title: {_yaml_string(story.headline)}\n"
        f"date: {day.isoformat()}\n"
        "language: en\n"
        "---\n\n"
    )
    body = "\n\n".join(" ".join(p) for p in story.paragraphs)
    path.write_text(front + body + "\n", encoding="utf-8")
    return path


def _grow(
    rng: random.Random,
    roots: Sequence[Story],
    count: int,
    pool: Sequence[str],
    start: date,
) -> list[tuple[Story, date]]:
    """`count` articles copied from the roots and from each other, dated in copying order."""
    made: list[tuple[Story, date]] = [(r, start) for r in roots][:count]
    while len(made) < count:
        parent, day = made[rng.randrange(len(made))]
        kind = rng.choices(("near-copy", "rewrite", "own"), weights=(0.45, 0.45, 0.1))[0]
        later = day + timedelta(days=rng.choice((0, 0, 1, 2)))
        made.append((variant(rng, parent, pool, kind), later))
    return made


def one_story(folder: Path, articles: int, *, seed: int = 0, source: Path | None = None) -> int:
    """Write `articles` reports of one story (the bundled October 2023 reports and copies of
    them) into `folder`. Returns the number written."""
    from tui.paths import bundled_articles_dir

    files = article_files(source or bundled_articles_dir())
    roots = [_load(p) for p in files if "2023-10" in p.name] or [_load(p) for p in files]
    pool = real_sentences(files)
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    made = _grow(rng, roots, articles, pool, date(2023, 10, 16))
    for k, (story, day) in enumerate(made):
        _write(folder, k, story, day, f"Outlet {k % 997}")
    return len(made)


def many_stories(
    folder: Path,
    articles: int,
    *,
    stories: int,
    seed: int = 0,
    source: Path | None = None,
) -> int:
    """Write `articles` reports of `stories` invented stories (sizes from one report to a few
    hundred, most small) into `folder`. Returns the number written."""
    from tui.paths import bundled_articles_dir

    pool = real_sentences(article_files(source or bundled_articles_dir()))
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    # Story sizes: a long tail (Zipf-like), scaled to the number of articles.
    weights = [1.0 / (k + 1) ** 0.9 for k in range(stories)]
    total = sum(weights)
    sizes = [max(1, round(articles * w / total)) for w in weights]
    while sum(sizes) > articles:
        sizes[sizes.index(max(sizes))] -= 1
    sizes[0] += articles - sum(sizes)
    number = 0
    start = date(2024, 1, 1)
    for size in sizes:
        # Each story in its own words (real sentences enciphered), so that stories share no
        # sentence, as two unrelated news events do.
        cipher = _cipher(rng)
        own = [cipher(s) for s in rng.sample(list(pool), min(len(pool), 60))]
        root = base_story(rng, own)
        day = start + timedelta(days=rng.randrange(300))
        for story, when in _grow(rng, [root], size, own, day):
            _write(folder, number, story, when, f"Outlet {number % 997}")
            number += 1
    return number


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: write a synthetic library."""
    parser = argparse.ArgumentParser(prog="python -m bench.library", description=__doc__)
    parser.add_argument("shape", choices=("one", "many"))
    parser.add_argument("folder", type=Path)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--stories", type=int, default=600)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    if args.shape == "one":
        written = one_story(args.folder, args.articles, seed=args.seed)
    else:
        written = many_stories(args.folder, args.articles, stories=args.stories, seed=args.seed)
    print(f"wrote {written} articles into {args.folder}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
