"""Markdown and JSON export: escaping, structure, and nothing lost after rendering."""

from __future__ import annotations

import dataclasses
import re
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from tui.core.export import escape_markdown, suggested_filename, to_json, to_markdown
from tui.core.types import (
    Article,
    Comparison,
    Conflict,
    DiffSpan,
    Fact,
    Row,
    Sentence,
    Summary,
)

# GFM as GitHub renders it, minus linkify (it would only turn URLs into links, not lose text).
MD = MarkdownIt("commonmark").enable(["table", "strikethrough"])

HOSTILE = [
    "Pipes | in | text and a trailing backslash \\",
    "Code `rm -rf /` and ``double`` ticks.",
    "<script>alert('x')</script> and <b>bold</b> and <!-- comment -->",
    "A [link](http://evil.example) and ![img](x.png) and <http://auto.example>.",
    "# heading",
    "1. item",
    "2) other item",
    "> quoted",
    "- dash list",
    "+ plus list",
    "*emph* and **strong** and _under_ and __dunder__ and ~~strike~~.",
    "Entities &amp; &lt;tag&gt; &#60; &copy; stay literal.",
    "Footnote[^1] and [ref]: http://x and a \\*escaped\\* star.",
    "=== setext?",
    "---",
    "Tab\there and a\nnewline inside.",
]


def _sentences(texts: list[str]) -> tuple[Sentence, ...]:
    out: list[Sentence] = []
    pos = 0
    for i, text in enumerate(texts):
        out.append(Sentence(index=i, text=text, start=pos, end=pos + len(text), paragraph=i))
        pos += len(text) + 2
    return tuple(out)


def _article(ident: str, outlet: str, texts: list[str], **kw: object) -> Article:
    return Article(
        id=ident,
        path=__import__("pathlib").Path(f"/tmp/{ident}.txt"),
        outlet=outlet,
        title=texts[0],
        headline=texts[0],
        paragraphs=tuple(texts[1:]),
        **kw,  # type: ignore[arg-type]
    )


def _fact(sents: tuple[Sentence, ...], i: int, text: str, kind: str = "number") -> Fact:
    at = sents[i].text.index(text)
    start = sents[i].start + at
    return Fact(text=text, kind=kind, sentence=i, start=start, end=start + len(text))


def make_comparison(
    texts_a: list[str] | None = None, texts_b: list[str] | None = None
) -> Comparison:
    """Hand-built: a match with a diff and a conflict, a moved match, one-sided rows."""
    texts_a = texts_a or [
        "Storm hits coast",
        "The storm killed 2,750 people on Monday.",
        "Officials said roads were closed.",
        "Only A reports the mayor's visit.",
    ]
    texts_b = texts_b or [
        "Storm batters coast",
        "Roads were closed, officials said.",
        "The storm killed 2,800 people on Monday.",
        "Only B quotes a witness.",
    ]
    sa, sb = _sentences(texts_a), _sentences(texts_b)
    a = _article(
        "alpha-news",
        "Alpha News",
        texts_a,
        date=date(2024, 3, 14),
        url="https://alpha.example/storm",
    )
    b = _article("beta-post", "Beta Post", texts_b)
    rows = (
        Row(
            "match",
            (0,),
            (0,),
            score=0.8,
            diff_a=(
                DiffSpan("Storm", "equal"),
                DiffSpan("hits", "replace"),
                DiffSpan("coast", "equal"),
            ),
            diff_b=(
                DiffSpan("Storm", "equal"),
                DiffSpan("batters", "replace"),
                DiffSpan("coast", "equal"),
            ),
        ),
        Row(
            "match",
            (1,),
            (2,),
            score=0.9,
            moved=True,
            diff_a=(DiffSpan("The storm killed", "equal"), DiffSpan("2,750", "replace")),
            diff_b=(DiffSpan("The storm killed", "equal"), DiffSpan("2,800", "replace")),
        ),
        Row("match", (2,), (1,), score=0.7),
        Row("only_a", (3,), ()),
        Row("only_b", (), (3,)),
    )
    conflict = Conflict("death toll", _fact(sa, 1, "2,750"), _fact(sb, 2, "2,800"))
    only_a = (_fact(sa, 3, "mayor", "person"),)
    only_b = (_fact(sb, 3, "witness", "person"),)
    return Comparison(
        a=a,
        b=b,
        sentences_a=sa,
        sentences_b=sb,
        rows=rows,
        only_a=only_a,
        only_b=only_b,
        conflicts=(conflict,),
        summary=Summary(0.71, 3, 3, 1, 1, 1),
    )


def hostile_comparison() -> Comparison:
    """Every hostile line on both sides, in one-sided and matched rows, as facts too."""
    texts = ["Headline | with `pipes` <i>", *HOSTILE]
    sa, sb = _sentences(texts), _sentences(list(reversed(texts)))
    n = len(texts)
    rows = [Row("match", (i,), (n - 1 - i,), score=0.5) for i in range(0, n, 2)]
    rows += [Row("only_a", (i,), ()) for i in range(1, n, 2)]
    rows += [Row("only_b", (), (n - 1 - i,)) for i in range(1, n, 2)]
    facts_a = tuple(Fact(t, "quote", i, sa[i].start, sa[i].end) for i, t in enumerate(texts))
    return Comparison(
        a=_article("a", "Out|let <A>", texts, url="http://x/<y>|z"),
        b=_article("b", "*B* [outlet]", list(reversed(texts))),
        sentences_a=sa,
        sentences_b=sb,
        rows=tuple(rows),
        only_a=facts_a,
        only_b=facts_a,
        conflicts=(Conflict("`what` | <x>", facts_a[1], facts_a[2]),),
    )


def _norm(text: str) -> str:
    return " ".join(text.replace("⚠", " ").split())


def _walk(tokens: list[Token]) -> list[Token]:
    out: list[Token] = []
    for tok in tokens:
        out.append(tok)
        if tok.children:
            out += _walk(tok.children)
    return out


def plain_text(markdown: str) -> str:
    """The text a reader sees: text tokens only (raw HTML, code or links would be missing)."""
    parts = []
    for tok in _walk(MD.parse(markdown)):
        if tok.type == "text":
            parts.append(tok.content)
        elif tok.type in ("inline", "softbreak", "hardbreak", "th_close", "td_close"):
            parts.append(" ")
    return _norm("".join(parts))


@pytest.mark.parametrize(
    ("raw", "literal"),
    [
        ("a|b", "a|b"),
        ("`code`", "`code`"),
        ("*x*", "*x*"),
        ("**x**", "**x**"),
        ("_x_", "_x_"),
        ("<b>x</b>", "<b>x</b>"),
        ("a > b", "a > b"),
        ("[a](b)", "[a](b)"),
        ("back\\slash", "back\\slash"),
        ("back\\*", "back\\*"),
        ("# h", "# h"),
        ("> q", "> q"),
        ("1. item", "1. item"),
        ("12) item", "12) item"),
        ("- item", "- item"),
        ("+ item", "+ item"),
        ("&amp; &#60;", "&amp; &#60;"),
        ("~~s~~", "~~s~~"),
        ("<!-- c -->", "<!-- c -->"),
        ("line\nbreak", "line break"),
        ("esc\x1b[31mred", "esc\u241b[31mred"),
    ],
)
@pytest.mark.parametrize("context", ["paragraph", "cell", "item", "heading"])
def test_escape_renders_literal(raw: str, literal: str, context: str) -> None:
    esc = escape_markdown(raw)
    assert "\n" not in esc
    doc = {
        "paragraph": f"{esc}\n",
        "cell": f"| h | h2 |\n|---|---|\n| {esc} | x |\n",
        "item": f"- {esc}\n",
        "heading": f"# {esc}\n",
    }[context]
    tokens = _walk(MD.parse(doc))
    kinds = {t.type for t in tokens}
    assert not kinds & {"html_inline", "html_block", "code_inline", "em_open", "strong_open"}
    assert not kinds & {"link_open", "image", "s_open", "blockquote_open", "ordered_list_open"}
    assert "heading_open" not in kinds or context == "heading"
    assert plain_text(doc).replace(" x", "").removeprefix("h h2 ") == _norm(literal)


def test_markdown_sections_and_marks() -> None:
    md = to_markdown(make_comparison())
    assert md.startswith("# Alpha News vs Beta Post: Storm hits coast\n")
    for heading in (
        "## Sources",
        "## Summary",
        "## Conflicting facts",
        "## Only in A: Alpha News",
        "## Only in B: Beta Post",
        "## Aligned comparison",
    ):
        assert f"\n{heading}\n" in md
    assert "| A | Alpha News | Storm hits coast | 2024-03-14 | https://alpha.example/storm |" in md
    assert "- Similarity: 71%" in md
    # Each conflicting figure with its passage and its whole sentence.
    assert (
        "| death toll | 2,750 (¶ 2): “The storm killed 2,750 people on Monday.” "
        "| 2,800 (¶ 2): “The storm killed 2,800 people on Monday.” |"
    ) in md
    assert "| Dates |" not in md  # the conflict carries no dates: no empty column
    assert "- mayor (person, ¶ 4)" in md
    assert "- witness (person, ¶ 5)" in md
    # Divergent words bold, conflicting figures bold and flagged, moved noted.
    assert "| 1 | Storm **hits** coast | Storm **batters** coast | 80% |" in md
    assert "The storm killed **2,750** ⚠ people on Monday." in md
    assert "| 90% ↕ moved |" in md
    # One-sided rows keep the opposite cell empty.
    assert "| 4 | Only A reports the mayor's visit. |  | only A |" in md
    assert "| 5 |  | Only B quotes a witness. | only B |" in md


def test_markdown_conflict_says_which_article_is_later() -> None:
    cmp = make_comparison()
    dated = dataclasses.replace(cmp.conflicts[0], days_later=2)
    md = to_markdown(dataclasses.replace(cmp, conflicts=(dated,)))
    assert "| What | A: Alpha News | B: Beta Post | Dates |" in md
    assert (
        "2,800 (¶ 2): “The storm killed 2,800 people on Monday.” | B is dated 2 days later |" in md
    )


def test_markdown_renders_tables_with_one_row_per_passage() -> None:
    cmp = hostile_comparison()
    tokens = MD.parse(to_markdown(cmp))
    tables = [i for i, t in enumerate(tokens) if t.type == "table_open"]
    assert len(tables) == 3  # sources, conflicts, aligned
    last = tokens[tables[-1] :]
    body_rows = sum(1 for t in last if t.type == "tr_open") - 1
    assert body_rows == len(cmp.rows)
    # Every body row has exactly 4 cells: no pipe in the text split one.
    cells: list[int] = []
    for t in last:
        if t.type == "tr_open":
            cells.append(0)
        elif t.type in ("td_open", "th_open"):
            cells[-1] += 1
    assert set(cells) == {4}


@pytest.mark.parametrize("builder", [make_comparison, hostile_comparison])
def test_nothing_lost_after_rendering(builder: object) -> None:
    cmp = builder()  # type: ignore[operator]
    text = plain_text(to_markdown(cmp))
    kinds = {t.type for t in _walk(MD.parse(to_markdown(cmp)))}
    assert not kinds & {"html_inline", "html_block", "code_inline", "link_open", "image"}
    for sentence in (*cmp.sentences_a, *cmp.sentences_b):
        assert _norm(sentence.text) in text
    for fact in (*cmp.only_a, *cmp.only_b):
        assert _norm(fact.text) in text
    for conflict in cmp.conflicts:
        for part in (conflict.what, conflict.a.text, conflict.b.text):
            assert _norm(part) in text
    for article in (cmp.a, cmp.b):
        assert _norm(article.outlet) in text
        assert _norm(article.title) in text


def test_diff_marks_on_hostile_text_stay_literal() -> None:
    texts = ["*Star* `tick` | pipe", "x"]
    sa = _sentences(texts)
    row = Row(
        "match",
        (0,),
        (0,),
        score=0.5,
        diff_a=(
            DiffSpan("*Star*", "delete"),
            DiffSpan("`tick`", "equal"),
            DiffSpan("| pipe", "replace"),
        ),
    )
    cmp = Comparison(
        a=_article("a", "A", texts),
        b=_article("b", "B", texts),
        sentences_a=sa,
        sentences_b=sa,
        rows=(row, Row("only_a", (1,), ()), Row("only_b", (), (1,))),
    )
    md = to_markdown(cmp)
    assert "\\***Star**\\* \\`tick\\` \\| **pipe**" in md
    strong = [t for t in _walk(MD.parse(md)) if t.type == "strong_open"]
    assert len(strong) == 2
    assert _norm(texts[0]) in plain_text(md)


_line = st.text(
    alphabet=st.characters(
        codec="utf-8", categories=("L", "N", "P", "S", "Zs"), include_characters="\\`*_<>[]|#&!-+.)"
    ),
    min_size=1,
    max_size=40,
).filter(lambda s: s.strip())


@settings(max_examples=60, deadline=None)
@given(st.lists(_line, min_size=2, max_size=6), st.lists(_line, min_size=2, max_size=6))
def test_any_text_survives(texts_a: list[str], texts_b: list[str]) -> None:
    sa, sb = _sentences(texts_a), _sentences(texts_b)
    rows = [Row("match", (0,), (0,), score=1.0, diff_a=(DiffSpan(texts_a[0], "delete"),))]
    rows += [Row("only_a", (i,), ()) for i in range(1, len(texts_a))]
    rows += [Row("only_b", (), (j,)) for j in range(1, len(texts_b))]
    cmp = Comparison(
        a=_article("a", "A", texts_a),
        b=_article("b", "B", texts_b),
        sentences_a=sa,
        sentences_b=sb,
        rows=tuple(rows),
    )
    text = plain_text(to_markdown(cmp))
    for s in (*sa, *sb):
        assert _norm(s.text) in text


def test_suggested_filename() -> None:
    cmp = make_comparison()
    assert suggested_filename(cmp) == "alpha-news-vs-beta-post.md"
    assert suggested_filename(cmp, "json") == "alpha-news-vs-beta-post.json"
    with pytest.raises(ValueError, match="unknown export format"):
        suggested_filename(cmp, "pdf")


def test_suggested_filename_never_holds_a_path() -> None:
    cmp = make_comparison()
    odd = Comparison(
        a=_article("../../etc/passwd", "A", ["x"]),
        b=_article("", "B", ["y"]),
        sentences_a=cmp.sentences_a,
        sentences_b=cmp.sentences_b,
        rows=(),
    )
    name = suggested_filename(odd)
    assert "/" not in name and not name.startswith(".")
    assert re.fullmatch(r"[A-Za-z0-9._-]+", name)


def test_to_json_uses_the_contract() -> None:
    import json

    from tui.commands.compare_cmd import render_json

    cmp = make_comparison()
    # The dialog's JSON file is byte for byte what `compare --format json` prints.
    assert to_json(cmp) == render_json(cmp) + "\n"
    data = json.loads(to_json(cmp))
    assert data["version"] == 1
    assert data["a"]["id"] == "alpha-news"
    assert len(data["rows"]) == 5
    conflict = data["facts"]["conflicts"][0]
    assert conflict["what"] == "death toll"
    # Both values and both sentences; no dates on this conflict.
    assert (conflict["a"], conflict["b"]) == ("2,750", "2,800")
    assert conflict["a_sentence_text"] == "The storm killed 2,750 people on Monday."
    assert conflict["b_sentence_text"] == "The storm killed 2,800 people on Monday."
    assert (conflict["days_later"], conflict["date_note"]) == (None, "")


def test_json_conflict_says_which_article_is_later() -> None:
    import json

    cmp = make_comparison()
    dated = dataclasses.replace(cmp.conflicts[0], days_later=-1)
    data = json.loads(to_json(dataclasses.replace(cmp, conflicts=(dated,))))
    conflict = data["facts"]["conflicts"][0]
    assert (conflict["days_later"], conflict["date_note"]) == (-1, "A is dated 1 day later")


def test_unique_facts_are_grouped_by_kind_in_table_order() -> None:
    cmp = make_comparison()
    sa = cmp.sentences_a
    # Engine order is not reading order; kinds are mixed.
    only_a = (
        _fact(sa, 3, "Only A reports the mayor's visit", "claim"),
        _fact(sa, 3, "mayor", "person"),
        _fact(sa, 2, "roads were closed", "quote"),
        _fact(sa, 1, "Monday", "date"),
        _fact(sa, 1, "2,750 people", "number"),
        _fact(sa, 2, "Officials", "mystery"),
    )
    md = to_markdown(dataclasses.replace(cmp, only_a=only_a))
    section = md.split("## Only in A: Alpha News\n", 1)[1].split("\n## ", 1)[0]
    headings = [line for line in section.splitlines() if line.startswith("**")]
    assert headings == [
        "**Figures** (1)",
        "**Names** (1)",
        "**Dates** (1)",
        "**Quotes** (1)",
        "**Claims** (1)",
        "**Other** (1)",
    ]
    # The group names the kind; names keep theirs; quotes are in quotation marks.
    assert "- 2,750 people (¶ 2)\n" in section
    assert "- mayor (person, ¶ 4)\n" in section
    assert "- “roads were closed” (¶ 3)\n" in section
    assert "- Only A reports the mayor's visit (¶ 4)\n" in section
    assert "- Officials (mystery, ¶ 3)\n" in section
    # Every fact is there once, still readable once rendered.
    text = plain_text(md)
    for fact in only_a:
        assert _norm(fact.text) in text


def test_unique_facts_within_a_kind_follow_the_aligned_table() -> None:
    cmp = make_comparison()
    sb = cmp.sentences_b
    # B's sentence 2 is matched in table row 2 and sentence 1 in row 3 (a moved passage).
    only_b = (_fact(sb, 1, "Roads"), _fact(sb, 2, "2,800"), _fact(sb, 3, "witness", "number"))
    md = to_markdown(dataclasses.replace(cmp, only_b=only_b))
    section = md.split("## Only in B: Beta Post\n", 1)[1].split("\n## ", 1)[0]
    items = [line for line in section.splitlines() if line.startswith("- ")]
    assert items == ["- 2,800 (¶ 2)", "- Roads (¶ 3)", "- witness (¶ 5)"]
