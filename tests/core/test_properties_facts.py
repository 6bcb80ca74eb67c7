"""Properties of fact extraction and matching, checked with hypothesis."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.core.facts import compare_facts, extract_facts
from tui.core.facts._text import norm
from tui.core.types import Conflict, Fact, Row, Sentence

# Words that exercise every extractor: names, titles, particles, numbers, dates, quote marks.
_VOCAB = [
    "President",
    "Mr.",
    "Anna",
    "Berg",
    "al-Assad",
    "el-Sisi",
    "Oslo",
    "Bank",
    "of",
    "the",
    "said",
    "killed",
    "injured",
    "people",
    "at least",
    "more than",
    "1,300",
    "1300",
    "2,750",
    "50-minute",
    "10 days",
    "12%",
    "$5 billion",
    "Oct. 7",
    "October 16",
    "Monday",
    "last week",
    "mid-October",
    "17/10/2023",
    "“",
    "”",
    "‘",
    "’",
    '"',
    "'",
    "Russia’s",
    "Hamas’",
    ",",
    ".",
    "\n",
    "\n\n",
    "(AP/Jane Doe)",
]

article_text = st.one_of(
    st.text(max_size=200),
    st.lists(st.sampled_from(_VOCAB), max_size=40).map(" ".join),
)


def _sentences(text: str) -> tuple[Sentence, ...]:
    out: list[Sentence] = []
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            out.append(Sentence(len(out), line, pos, pos + len(line)))
        pos += len(line) + 1
    return tuple(out)


def _compare(
    a: str, b: str, rows: tuple[Row, ...] = ()
) -> tuple[tuple[Fact, ...], tuple[Fact, ...], tuple[Conflict, ...]]:
    sa, sb = _sentences(a), _sentences(b)
    return compare_facts(
        extract_facts(a, sa),
        extract_facts(b, sb),
        text_a=a,
        text_b=b,
        sentences_a=sa,
        sentences_b=sb,
        rows=rows,
    )


_settings = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_settings
@given(article_text)
def test_extraction_never_raises_and_offsets_slice_back(text: str) -> None:
    sents = _sentences(text)
    for f in extract_facts(text, sents):
        assert text[f.start : f.end] == f.text
        assert f.kind in {"number", "person", "org", "place", "name", "quote", "date"}
        s = sents[f.sentence]
        assert s.start <= f.start < s.end


@_settings
@given(article_text)
def test_identical_articles_have_no_unique_facts_or_conflicts(text: str) -> None:
    rows = tuple(Row("match", (s.index,), (s.index,), 1.0) for s in _sentences(text))
    assert _compare(text, text, rows) == ((), (), ())


@_settings
@given(article_text, article_text)
def test_swapping_sides_mirrors_the_result(a: str, b: str) -> None:
    only_a, only_b, conflicts = _compare(a, b)
    swapped_a, swapped_b, swapped_c = _compare(b, a)
    assert swapped_a == only_b
    assert swapped_b == only_a
    assert {(c.b, c.a) for c in swapped_c} == {(c.a, c.b) for c in conflicts}


@_settings
@given(article_text, article_text)
def test_unique_facts_never_stand_in_the_other_text(a: str, b: str) -> None:
    only_a, only_b, _ = _compare(a, b)
    for f in only_a:
        assert f" {norm(f.text)} " not in f" {norm(b)} "
    for f in only_b:
        assert f" {norm(f.text)} " not in f" {norm(a)} "


@_settings
@given(article_text, article_text, st.sets(st.integers(min_value=0, max_value=12)))
def test_claims_only_from_sentences_without_a_counterpart(a: str, b: str, pairs: set[int]) -> None:
    sa, sb = _sentences(a), _sentences(b)
    rows = tuple(Row("match", (k,), (k,), 0.5) for k in pairs if k < min(len(sa), len(sb)))
    matched = {k for r in rows for k in r.a}
    only_a, only_b, _ = _compare(a, b, rows)
    assert all(f.sentence not in matched for f in only_a if f.kind == "claim")
    assert all(f.sentence not in matched for f in only_b if f.kind == "claim")
    for f in (*only_a, *only_b):
        assert f.kind in {"number", "person", "org", "place", "name", "quote", "date", "claim"}
    for f in only_a:
        assert a[f.start : f.end] == f.text
    for f in only_b:
        assert b[f.start : f.end] == f.text


# Pieces of date mentions and the words around them, in every case the patterns care about.
_DATE_VOCAB = [
    "Monday",
    "Thursday,",
    "Oct.",
    "Oct.7",
    "October",
    "June",
    "May",
    "March",
    "16",
    "7th",
    "of",
    "2023",
    "17/10/2023",
    "2023-10-17",
    "mid-October",
    "Late",
    "early",
    "in",
    "since",
    "last",
    "LAST",
    "This",
    "past",
    "week",
    "yesterday",
    "Tomorrow",
    "the",
    "A16",
    ",",
    ".",
    "-",
    "\n",
]


@given(st.lists(st.sampled_from(_DATE_VOCAB), max_size=30), st.sampled_from([" ", "", "  "]))
def test_find_dates_matches_every_pattern_scanned_in_full(words: list[str], sep: str) -> None:
    # `find_dates` tries its patterns only where a date can start; the answer must be that of
    # scanning the whole text with each pattern.
    from tui.core.facts import dates

    text = sep.join(words)
    found = []
    for pat in dates._PATTERNS:
        for m in pat.finditer(text):
            value = dates._value_of(m)
            if value is not None:
                start = m.start("only") if m.groupdict().get("only") else m.start()
                found.append((start, m.end(), value))
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    expected = []
    last_end = -1
    for start, end, value in found:
        if start >= last_end:
            expected.append((start, end, value))
            last_end = end
    assert dates.find_dates(text) == expected
