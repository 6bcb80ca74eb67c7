"""The engine's lookup indexes give the answers of the plain loops they replace.

The indexes exist for speed on long articles only; each must agree with the brute-force
definition on every input, or results would depend on an article's length.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.core.facts._text import PhraseIndex, contains_phrase, norm
from tui.core.facts.claims import ClaimIndex, _split_stems
from tui.core.facts.match import _QuoteIndex, _quotes_match
from tui.core.types import Sentence

# A small vocabulary so that random phrases often overlap, repeat and nearly match.
_WORDS = ["the", "war", "wars", "must", "end", "now", "we", "will", "not", "stop", "peace", "a"]
_word = st.sampled_from(_WORDS)
_phrase = st.lists(_word, min_size=1, max_size=9).map(" ".join)


@given(st.lists(_phrase, max_size=8), _phrase)
def test_phrase_index_is_contains_phrase(sentences: list[str], needle: str) -> None:
    haystack = " ".join(sentences)
    assert (needle in PhraseIndex(haystack)) == contains_phrase(haystack, needle)


@given(
    st.text(alphabet=" ab\t|", max_size=12),
    st.text(alphabet=" ab\t|", max_size=6),
)
def test_phrase_index_on_any_text(haystack: str, needle: str) -> None:
    # Not normalised text (double spaces, tabs, separators) still gets the plain answer.
    assert (needle in PhraseIndex(haystack)) == contains_phrase(haystack, needle)


@settings(max_examples=200)
@given(st.lists(_phrase, max_size=12), _phrase)
def test_quote_index_is_any_quotes_match(quotes: list[str], quote: str) -> None:
    index = _QuoteIndex(quotes)
    assert index.matches(quote) == any(_quotes_match(quote, q) for q in quotes)


def test_quote_index_fuzzy_and_contained_cases() -> None:
    quotes = [
        norm("We will not stop until the war ends"),
        norm("The war must end now"),
        norm("peace"),
    ]
    index = _QuoteIndex(quotes)
    cases = [
        "we will not stop until the war end",  # a near copy: partial ratio
        "the war must end",  # inside a quote
        "we want peace and quiet",  # holds a quote
        "end now the war must",  # the same words reordered: token set
        "nothing of the kind was said here",
        "",
    ]
    for case in cases:
        assert index.matches(case) == any(_quotes_match(case, q) for q in quotes), case


@settings(max_examples=100)
@given(st.lists(_phrase, max_size=10), _phrase, st.booleans())
def test_claim_index_is_the_plain_scan(texts: list[str], claim: str, capital: bool) -> None:
    sentences = []
    pos = 0
    for k, t in enumerate(texts):
        sentences.append(Sentence(k, t, pos, pos + len(t)))
        pos += len(t) + 1
    if capital:
        claim = claim.title().replace("The ", "the ", 1)
    index = ClaimIndex(sentences)
    names, rest = _split_stems(claim)
    units = list(index._stems)
    expected = bool(rest) and any(
        len(rest & u) >= 0.5 * len(rest) and (not names or len(names & u) >= 0.5 * len(names))
        for u in units
    )
    assert index.states(claim) == expected


def test_vector_probe_gives_the_same_partners(monkeypatch: pytest.MonkeyPatch) -> None:
    # Long articles add candidate weights with numpy; the partners (and their order) must be
    # those of the plain dict loop, ties included.
    pytest.importorskip("numpy")
    import random

    from tui.core.align import align
    from tui.core.align import candidates as cand_mod
    from tui.core.align.features import Context

    rng = random.Random(3)
    vocab = [f"w{k}" for k in range(60)] + ["Gaza", "Cairo", "1300", "killed", "Monday"]
    a = [" ".join(rng.choices(vocab, k=rng.randint(3, 12))) + "." for _ in range(120)]
    b = [" ".join(rng.choices(vocab, k=rng.randint(3, 12))) + "." for _ in range(110)]
    ctx = Context(a, b)
    kw = {
        "per_sentence": 8,
        "probe_tokens": 8,
        "max_postings": 1000,
        "cancel": None,
        "report": lambda x: None,
    }
    monkeypatch.setattr(cand_mod, "VECTOR_MIN", 10**9)
    plain = cand_mod._probe(ctx.a.sets, ctx.b.sets, ctx, **kw)  # type: ignore[arg-type]
    plain_links = align(a, b)
    monkeypatch.setattr(cand_mod, "VECTOR_MIN", 0)
    vector = cand_mod._probe(ctx.a.sets, ctx.b.sets, ctx, **kw)  # type: ignore[arg-type]
    assert vector == plain
    assert align(a, b) == plain_links
