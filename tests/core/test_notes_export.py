"""Notes in the Markdown and JSON exports, and one passage as Markdown for the clipboard."""

from __future__ import annotations

import json
from pathlib import Path

from markdown_it import MarkdownIt

from tests.core.test_notes import _comparison
from tui.core.export import passage_markdown, to_json, to_markdown
from tui.core.notes import NoteStore, Passage, PlacedNote, passage_of, place_notes

MD = MarkdownIt("commonmark").enable(["table"])


def _placed(tmp_path: Path) -> tuple[PlacedNote, ...]:
    cmp = _comparison()
    store, _ = NoteStore.open(tmp_path)
    store.save(cmp.a, cmp.b, passage_of(cmp, 1), "disputed", "12 | 14 <b>dead</b>?")
    store.save(cmp.a, cmp.b, passage_of(cmp, 4), "needs-source", "")
    store.save(cmp.a, cmp.b, Passage(("Twelve people died.", "Gone."), ()), "confirmed", "old")
    return place_notes(cmp, store.notes_for(cmp.a, cmp.b))


def test_markdown_lists_notes_and_puts_them_beside_their_passage(tmp_path: Path) -> None:
    cmp = _comparison()
    out = to_markdown(cmp, _placed(tmp_path))
    section = out.split("## Notes\n\n", 1)[1].split("\n\n##", 1)[0].splitlines()
    assert section[0] == r"- ¶ 2 · **disputed**: 12 \| 14 \<b\>dead\</b\>?"
    assert section[1] == "- ¶ 5 · **needs source**"
    # Detached: its passage is gone, one of its sentences is in passage 2.
    assert section[2].startswith("- **confirmed**: old (on a passage this comparison")
    assert "now in ¶ 2" in section[2]
    assert section[3:] == ["  - A: “Twelve people died.” “Gone.”", "  - B: (nothing)"]
    table = out.split("## Aligned comparison", 1)[1]
    assert "| ¶ | A: North | B: South | match | note |" in table
    row2 = next(line for line in table.splitlines() if line.startswith("| 2 |"))
    assert row2.endswith(r"| **disputed**: 12 \| 14 \<b\>dead\</b\>? |")
    # Still one table of five columns: the escaped pipe did not add a cell.
    inline = [child for token in MD.parse(out) for child in token.children or []]
    assert not any(child.type == "html_inline" for child in inline)
    html = MD.render(out)
    assert "12 | 14 &lt;b&gt;dead&lt;/b&gt;?" in html


def test_markdown_without_notes_is_unchanged(tmp_path: Path) -> None:
    cmp = _comparison()
    assert to_markdown(cmp, ()) == to_markdown(cmp) == to_markdown(cmp, None)
    assert "## Notes" not in to_markdown(cmp) and "| note |" not in to_markdown(cmp)


def test_json_carries_notes_on_rows_and_in_a_list(tmp_path: Path) -> None:
    cmp = _comparison()
    data = json.loads(to_json(cmp, _placed(tmp_path)))
    assert data["rows"][1]["note"] == {"verdict": "disputed", "text": "12 | 14 <b>dead</b>?"}
    assert data["rows"][4]["note"]["verdict"] == "needs-source"
    assert "note" not in data["rows"][0]
    assert [(n["row"], n["near"], n["verdict"]) for n in data["notes"]] == [
        (1, None, "disputed"),
        (4, None, "needs-source"),
        (None, 1, "confirmed"),
    ]
    assert data["notes"][2]["a"] == ["Twelve people died.", "Gone."]
    assert "notes" not in json.loads(to_json(cmp))


def test_passage_markdown_names_both_outlets(tmp_path: Path) -> None:
    cmp = _comparison()
    [first, *_] = _placed(tmp_path)
    assert passage_markdown(cmp, 1, first.note) == (
        "**A · North**: Twelve people died.\n\n"
        "**B · South**: Fourteen people died.\n\n"
        r"**Note** · **disputed**: 12 \| 14 \<b\>dead\</b\>?" + "\n"
    )
    assert passage_markdown(cmp, 2) == (
        "**A · North**: The mayor spoke.\n\n**B · South**: *(nothing in this passage)*\n"
    )
