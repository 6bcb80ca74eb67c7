"""Synthetic article pairs of any size, built from real sentences.

Real news sentences keep the vocabulary, lengths and punctuation of the real input; recombining
them (the first words of one sentence with the end of another) gives as many distinct sentences as
a size needs without repeating the same sentence thousands of times, which would turn alignment
into a tie-breaking contest no real pair of articles poses. Article B is article A rewritten the
way outlets rewrite each other: paragraphs moved, sentences paraphrased by word drops and swaps,
some sentences deleted and new ones inserted. Everything is driven by one seeded RNG, so a size and
a seed always give the same pair.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from tui.core.types import Article

__all__ = [
    "SyntheticPair",
    "article_files",
    "make_pair",
    "real_sentences",
    "to_articles",
    "write_pair",
]

# Fallback splitter, used only while the engine's own segmenter is unavailable: split after
# ., ! or ? (optionally closed by a quote) followed by a space and an upper-case letter or quote,
# unless the word before is a short abbreviation such as Mr. or U.S.
_SPLIT = re.compile(r"(?<=[.!?])[\"'”’]?\s+(?=[\"“‘A-Z])")
_ABBREV = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Gen|Sen|Rep|St|Jr|Sr|Lt|Col|Gov|Prof|No|vs)|\b[A-Z])\.$"
)
_MIN_WORDS = 5


@dataclass(frozen=True, slots=True)
class SyntheticPair:
    """Two articles as headline plus paragraphs (each paragraph a run of sentences)."""

    size: int
    seed: int
    headline_a: str
    paragraphs_a: tuple[tuple[str, ...], ...]
    headline_b: str
    paragraphs_b: tuple[tuple[str, ...], ...]

    @property
    def sentences_a(self) -> int:
        """Number of body sentences written into A."""
        return sum(len(p) for p in self.paragraphs_a)

    @property
    def sentences_b(self) -> int:
        """Number of body sentences written into B."""
        return sum(len(p) for p in self.paragraphs_b)


def article_files(folder: Path) -> list[Path]:
    """Every `.md` and `.txt` file directly inside `folder`, sorted by name."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in {".md", ".txt"} and p.is_file())


def _fallback_split(paragraph: str) -> list[str]:
    pieces = _SPLIT.split(paragraph)
    out: list[str] = []
    for piece in pieces:
        if out and _ABBREV.search(out[-1]):
            out[-1] = f"{out[-1]} {piece}"
        else:
            out.append(piece)
    return out


def _body_paragraphs(path: Path) -> list[str]:
    """The body paragraphs of one article, through the project's loader when it exists."""
    try:
        from tui.core.articles import load_article
    except ImportError:
        pass
    else:
        return list(load_article(path).paragraphs)
    text = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix == ".md" and text.startswith("---"):
        import frontmatter

        text = frontmatter.loads(text).content
    blocks = re.split(r"\n\s*\n" if "\n\n" in text else r"\n", text)
    return [" ".join(b.split()) for b in blocks if b.strip()]


def _split(paragraph: str) -> list[str]:
    try:
        from tui.core.sentences import split_sentences
    except ImportError:
        return _fallback_split(paragraph)
    return [s.text for s in split_sentences(paragraph)]


def real_sentences(paths: Iterable[Path]) -> list[str]:
    """Distinct sentences of at least five words from the given article files, in file order.

    Args:
        paths: article files (`.md` with front matter or `.txt`).

    Returns:
        The sentences, whitespace-normalised, first occurrence kept.
    """
    seen: set[str] = set()
    out: list[str] = []
    for path in paths:
        for paragraph in _body_paragraphs(path):
            for sentence in _split(paragraph):
                clean = " ".join(sentence.split())
                if len(clean.split()) >= _MIN_WORDS and clean not in seen:
                    seen.add(clean)
                    out.append(clean)
    return out


def _crossover(rng: random.Random, pool: Sequence[str]) -> str:
    """A new sentence: the opening words of one real sentence and the ending of another."""
    head = pool[rng.randrange(len(pool))].split()
    tail = pool[rng.randrange(len(pool))].split()
    cut_head = rng.randint(2, max(2, len(head) - 2))
    cut_tail = rng.randint(1, max(1, len(tail) - 2))
    words = head[:cut_head] + tail[cut_tail:]
    words[0] = words[0][:1].upper() + words[0][1:]
    return " ".join(words)


def _paraphrase(rng: random.Random, sentence: str) -> str:
    """Drop one or two words and swap one neighbouring pair, keeping the first and last words."""
    words = sentence.split()
    if len(words) < 6:
        return sentence
    for _ in range(rng.randint(1, 2)):
        del words[rng.randrange(1, len(words) - 1)]
    i = rng.randrange(1, len(words) - 2)
    words[i], words[i + 1] = words[i + 1], words[i]
    return " ".join(words)


def make_pair(
    pool: Sequence[str],
    size: int,
    *,
    seed: int = 0,
    paraphrase: float = 0.3,
    delete: float = 0.08,
    insert: float = 0.08,
    move: float = 0.15,
) -> SyntheticPair:
    """Build a pair of articles of about `size` sentences a side.

    Args:
        pool: real sentences to build from (at least two).
        size: number of body sentences in A; B has about as many (deletions and insertions
            balance on average).
        seed: seed of the RNG; the same arguments always give the same pair.
        paraphrase: share of A's sentences that B rewords (word drops and a swap).
        delete: share of A's sentences that B leaves out.
        insert: chance that B adds a new sentence after each of A's sentences.
        move: share of B's paragraphs moved to a random place.

    Returns:
        The pair.

    Raises:
        ValueError: if the pool has fewer than two sentences or `size` is below 1.
    """
    if len(pool) < 2:
        raise ValueError("need at least two real sentences to build synthetic articles")
    if size < 1:
        raise ValueError("size must be at least 1")
    rng = random.Random(seed)
    # Every real sentence once (in a shuffled order), then recombinations of them.
    firsts = list(pool)
    rng.shuffle(firsts)
    seen: set[str] = set()
    sentences: list[str] = []
    for sentence in firsts[:size]:
        seen.add(sentence)
        sentences.append(sentence)
    attempts = 0
    while len(sentences) < size:
        candidate = _crossover(rng, pool)
        attempts += 1
        # Duplicates are allowed only when the pool is too small to avoid them.
        if candidate not in seen or attempts > 50 * size:
            seen.add(candidate)
            sentences.append(candidate)

    paragraphs_a: list[tuple[str, ...]] = []
    i = 0
    while i < len(sentences):
        length = rng.randint(1, 5)
        paragraphs_a.append(tuple(sentences[i : i + length]))
        i += length

    paragraphs_b: list[tuple[str, ...]] = []
    for paragraph in paragraphs_a:
        rewritten: list[str] = []
        for sentence in paragraph:
            roll = rng.random()
            if roll < delete:
                pass
            elif roll < delete + paraphrase:
                rewritten.append(_paraphrase(rng, sentence))
            else:
                rewritten.append(sentence)
            if rng.random() < insert:
                rewritten.append(_crossover(rng, pool))
        if rewritten:
            paragraphs_b.append(tuple(rewritten))
    for _ in range(round(move * len(paragraphs_b))):
        moved = paragraphs_b.pop(rng.randrange(len(paragraphs_b)))
        paragraphs_b.insert(rng.randrange(len(paragraphs_b) + 1), moved)

    headline_a = sentences[0].rstrip(".!?\"'”’")
    headline_b = _paraphrase(rng, headline_a)
    return SyntheticPair(
        size=size,
        seed=seed,
        headline_a=headline_a,
        paragraphs_a=tuple(paragraphs_a),
        headline_b=headline_b,
        paragraphs_b=tuple(paragraphs_b),
    )


def to_articles(pair: SyntheticPair) -> tuple[Article, Article]:
    """The pair as two in-memory `Article`s, for timing the engine without the loader."""

    def build(side: str, headline: str, paragraphs: tuple[tuple[str, ...], ...]) -> Article:
        return Article(
            id=f"synthetic-{side}-{pair.size}",
            path=Path(f"synthetic-{side}-{pair.size}.md"),
            outlet=f"Synthetic {side.upper()}",
            title=headline,
            headline=headline,
            paragraphs=tuple(" ".join(p) for p in paragraphs),
            date=date(2024, 1, 1),
        )

    return (
        build("a", pair.headline_a, pair.paragraphs_a),
        build("b", pair.headline_b, pair.paragraphs_b),
    )


def _yaml_string(value: str) -> str:
    # Double-quoted YAML scalar: escape backslashes and quotes so any headline round-trips.
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_pair(pair: SyntheticPair, folder: Path) -> tuple[Path, Path]:
    """Write the pair as two Markdown files with front matter into `folder`.

    Returns:
        The paths of A and B.
    """
    folder.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    sides = (
        ("a", pair.headline_a, pair.paragraphs_a),
        ("b", pair.headline_b, pair.paragraphs_b),
    )
    for side, headline, paragraphs in sides:
        path = folder / f"2024-01-0{1 if side == 'a' else 2}-synthetic-{side}-{pair.size}.md"
        front = (
            "---\n"
            f"outlet: {_yaml_string(f'Synthetic {side.upper()}')}\n"
            f"title: {_yaml_string(headline)}\n"
            f"date: 2024-01-0{1 if side == 'a' else 2}\n"
            "language: en\n"
            "---\n\n"
        )
        # Markdown would read a leading "1." or "-" as a list and "*" as emphasis; escape
        # nothing here on purpose: the loader must cope with real text, and these are real
        # sentences.
        body = "\n\n".join(" ".join(p) for p in paragraphs)
        path.write_text(front + body + "\n", encoding="utf-8")
        paths.append(path)
    return paths[0], paths[1]
