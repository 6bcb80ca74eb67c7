"""Pilot tests of notes on passages (m, M), the clipboard (y) and the export dialog's editor."""

from __future__ import annotations

import contextlib
import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Button, Input, OptionList, RadioButton, RadioSet, Static

from tests.ui.compare_fixture import CompareTestApp, ready
from tests.ui.conftest import MakeApp
from tui.core.notes import STORE_FILE, NoteStore, Passage, passage_of
from tui.editor import Editor
from tui.screens.compare import CompareScreen
from tui.screens.export_dialog import ExportDialog
from tui.screens.library import LibraryScreen
from tui.screens.note_dialog import NoteDialog
from tui.widgets.notes_panel import NotesPanel
from tui.widgets.passage_pane import PassagePane

HOTEL = 8  # the fixture's row where A says 12 dead and B says 14


def _messages(app: App[Any]) -> list[tuple[str, str]]:
    return [(str(n.message), n.severity) for n in app._notifications]


def _gutter(pane: PassagePane, row: int) -> str:
    """The gutter of the first line of `row`, as drawn."""
    line = pane.layout_lines.row_top[row]
    width = pane.scrollable_content_region.width
    strip = pane._draw_line(line, width, pane.rich_style, row == pane.current)
    return strip.text[:6]


async def _mark(app: App[Any], pilot: Pilot[Any], *keys: str) -> None:
    """Press m, then `keys` in the dialog."""
    await pilot.press("m")
    await pilot.pause()
    assert isinstance(app.screen, NoteDialog)
    await pilot.press(*keys)
    await pilot.pause()


async def test_m_marks_the_passage_and_the_note_survives_a_restart(tmp_path: Path) -> None:
    app = CompareTestApp(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await ready(app, pilot)
        await pilot.press(*"j" * HOTEL)
        # ↑ from "needs source" (where a new note starts) to "disputed", space picks it and
        # moves to the text.
        await _mark(app, pilot, "up", "space")
        dialog = app.screen
        assert isinstance(dialog, NoteDialog)
        assert dialog.focused is dialog.query_one("#note-text", Input)
        await pilot.press(*"12 or 14?", "enter")
        await pilot.pause()
        assert app.screen is screen
        assert ("Passage 9 marked disputed.", "information") in _messages(app)
        note = screen.current_note
        assert note is not None and (note.verdict, note.text) == ("disputed", "12 or 14?")
        assert _gutter(screen.pane_a, HOTEL) == "▌✗ 70 "
        assert _gutter(screen.pane_b, HOTEL) == "▌✗ 70 "
        assert _gutter(screen.pane_a, HOTEL - 1).strip() == "100"

    again = CompareTestApp(tmp_path)
    async with again.run_test(size=(120, 36)) as pilot:
        screen = await ready(again, pilot)
        [placed] = screen._placed
        assert placed.row == HOTEL and placed.note.text == "12 or 14?"
        assert _gutter(screen.pane_a, HOTEL).startswith(" ✗")
        # The dialog opens on the note as it is; escape leaves it unchanged.
        await pilot.press(*"j" * HOTEL)
        await _mark(again, pilot)
        dialog = again.screen
        assert isinstance(dialog, NoteDialog)
        assert dialog.verdict == "disputed"
        assert dialog.query_one("#note-text", Input).value == "12 or 14?"
        await pilot.press("escape")
        await pilot.pause()
        assert screen.current_note == placed.note


async def test_the_hint_says_what_follows_the_verdict(tmp_path: Path) -> None:
    # Space moves on to the note by itself; a hint that says "tab: note" sends the user past
    # the note field, and what they type then goes nowhere.
    app = CompareTestApp(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await ready(app, pilot)
        await _mark(app, pilot, "space")
        dialog = app.screen
        assert isinstance(dialog, NoteDialog)
        hint = str(dialog.query_one("#note-hint", Static).render())
        assert "then type a note" in hint and "tab" not in hint
        await pilot.press(*"as the hint says", "enter")
        await pilot.pause()
        note = screen.current_note
        assert note is not None and note.text == "as the hint says"


async def test_space_on_the_chosen_verdict_moves_on_to_the_note(tmp_path: Path) -> None:
    # Editing a note: its verdict is already chosen, so space changes nothing, yet the hint
    # says the note comes next; typing must not go nowhere.
    app = CompareTestApp(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await ready(app, pilot)
        await _mark(app, pilot, "up", "space", *"first", "enter")
        await _mark(app, pilot, "space")
        dialog = app.screen
        assert isinstance(dialog, NoteDialog)
        assert dialog.verdict == "disputed"
        assert dialog.focused is dialog.query_one("#note-text", Input)
        await pilot.press("end", *" and more", "enter")
        await pilot.pause()
        note = screen.current_note
        assert note is not None and (note.verdict, note.text) == ("disputed", "first and more")


class _DialogApp(App[None]):
    def on_mount(self) -> None:
        long = "word " * 27  # as long as the reader's preview of one side gets (140 characters)
        preview = f"North Star: {long.strip()}…\nSouth Wind: {long.strip()}…"
        self.push_screen(NoteDialog("Note on passage 12", preview))


async def test_the_note_dialog_fits_an_80x24_terminal() -> None:
    app = _DialogApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, NoteDialog)
        box = dialog.query_one("#note-dialog").region
        assert box.y >= 0 and box.bottom <= 24
        for button in dialog.query(Button):
            assert box.contains_region(button.region), button.id
        assert dialog.query_one("#note-passage").region.height == 6  # nothing cut off


async def test_swap_keeps_the_note_on_its_passage(tmp_path: Path) -> None:
    app = CompareTestApp(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await ready(app, pilot)
        await pilot.press(*"j" * HOTEL)
        await _mark(app, pilot, "up", "up", "space", "enter")  # confirmed, no text
        assert screen.current_note is not None
        await pilot.press("s")
        await ready(app, pilot)
        assert screen.article_a.outlet == "South Wind"
        assert screen.current == HOTEL
        note = screen.current_note
        assert note is not None and note.verdict == "confirmed"
        assert "14" in note.passage.a[0]  # A is South Wind now
        assert _gutter(screen.pane_b, HOTEL).startswith("▌✓")


async def test_enter_twice_on_a_new_note_never_confirms(tmp_path: Path) -> None:
    app = CompareTestApp(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await ready(app, pilot)
        await _mark(app, pilot, "enter", "enter")
        assert app.screen is screen
        note = screen.current_note
        assert note is not None and note.verdict == "needs-source"


async def test_saving_without_a_verdict_asks_for_one(tmp_path: Path) -> None:
    app = CompareTestApp(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await ready(app, pilot)
        await _mark(app, pilot, "tab", *"hmm", "enter")
        assert isinstance(app.screen, NoteDialog)
        assert ("Pick a verdict first (↑/↓ and space).", "warning") in _messages(app)
        assert app.screen.focused is app.screen.query_one(RadioSet)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen and screen._placed == ()


async def test_remove_a_note(tmp_path: Path) -> None:
    app = CompareTestApp(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await ready(app, pilot)
        await _mark(app, pilot, "space", "enter")
        assert screen.current_note is not None
        await _mark(app, pilot)
        assert not app.screen.query_one("#note-remove", Button).disabled
        await pilot.click("#note-remove")
        await pilot.pause()
        assert screen.current_note is None and screen._placed == ()
        assert app.notes.notes_for(app.article_a, app.article_b) == []
        assert _gutter(screen.pane_a, 0) == "▌ 100 "


async def test_notes_panel_lists_and_jumps(tmp_path: Path) -> None:
    app = CompareTestApp(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await ready(app, pilot)
        cmp = screen.comparison
        assert cmp is not None
        store = app.notes
        store.save(cmp.a, cmp.b, passage_of(cmp, 16), "needs-source", "3 boats?")
        # A passage another aligner grouped differently: detached, near the row of its sentence.
        store.save(cmp.a, cmp.b, Passage((cmp.sentences_a[3].text, "Gone."), ()), "confirmed")
        screen._load_notes()
        await pilot.press("M")
        await pilot.pause()
        panel = screen.query_one(NotesPanel)
        assert not panel.has_class("-hidden")
        listing = panel.query_one("#notes-list", OptionList)
        assert screen.focused is listing
        prompts = [str(listing.get_option_at_index(n).prompt) for n in range(2)]
        assert prompts[0].startswith("¶ 17  ? needs source\n3 boats?")
        assert prompts[1].startswith("detached  ✓ confirmed\nNorth Star: “")
        await pilot.press("enter")
        assert screen.current == 16
        await pilot.press("down", "enter")
        assert screen.current == 3
        # Escape from the list closes it; f shows the facts in its place.
        await pilot.press("escape")
        assert panel.has_class("-hidden")
        assert screen.focused is screen.pane_a
        await pilot.press("M", "f")
        assert panel.has_class("-hidden")
        assert not screen.query_one("#facts").has_class("-hidden")


async def test_notes_panel_opens_on_the_note_being_read(tmp_path: Path) -> None:
    app = CompareTestApp(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await ready(app, pilot)
        cmp = screen.comparison
        assert cmp is not None
        for row in (2, 8, 16):
            app.notes.save(cmp.a, cmp.b, passage_of(cmp, row), "confirmed", f"row {row}")
        screen._load_notes()
        listing = screen.query_one("#notes-list", OptionList)

        async def opened_on(row: int) -> str:
            screen._go(row)
            await pilot.press("M")
            await pilot.pause()
            assert listing.highlighted is not None
            prompt = str(listing.get_option_at_index(listing.highlighted).prompt)
            await pilot.press("escape")
            await pilot.pause()
            return prompt.splitlines()[0]

        assert await opened_on(8) == "¶ 9  ✓ confirmed"  # the passage's own note
        assert await opened_on(10) == "¶ 17  ✓ confirmed"  # else the next one
        assert await opened_on(20) == "¶ 17  ✓ confirmed"  # else the last


async def test_empty_notes_panel_says_how_to_add_one(tmp_path: Path) -> None:
    app = CompareTestApp(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await ready(app, pilot)
        await pilot.press("M")
        listing = screen.query_one("#notes-list", OptionList)
        assert "Press m on a passage" in str(listing.get_option_at_index(0).prompt)


async def test_y_copies_the_passage_with_both_outlets(tmp_path: Path) -> None:
    app = CompareTestApp(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(app, pilot)
        await pilot.press(*"j" * HOTEL)
        await pilot.press("y")
        assert app.clipboard == (
            "**A · North Star** (2024-05-02): Hotel counts 12 people dead in the valley.\n\n"
            "**B · South Wind** (2024-05-02): Hotel counts 14 people dead in the valley.\n"
        )
        assert ("Copied passage 9 (North Star and South Wind) as Markdown.", "information") in (
            _messages(app)
        )
        # With a note, the note comes along.
        await _mark(app, pilot, "space", *"source?", "enter")
        await pilot.press("y")
        assert app.clipboard.endswith("\n\n**Note** · **needs source**: source?\n")


async def _export(app: App[Any], pilot: Pilot[Any], tmp_path: Path, name: str) -> ExportDialog:
    await pilot.press("e")
    await pilot.pause()
    dialog = app.screen
    assert isinstance(dialog, ExportDialog)
    dialog.directory = tmp_path
    dialog.query_one("#export-path", Input).value = name
    return dialog


async def test_reader_exports_carry_the_notes(tmp_path: Path) -> None:
    app = CompareTestApp(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await ready(app, pilot)
        await pilot.press(*"j" * HOTEL)
        await _mark(app, pilot, "up", "space", *"12 or 14?", "enter")
        await _export(app, pilot, tmp_path, "out.md")
        await pilot.press("enter")
        await pilot.pause()
        markdown = (tmp_path / "out.md").read_text(encoding="utf-8")
        assert "- ¶ 9 · **disputed**: 12 or 14?" in markdown
        assert "| 70% | **disputed**: 12 or 14? |" in markdown
        dialog = await _export(app, pilot, tmp_path, "out.json")
        dialog.query_one("#format-json", RadioButton).value = True
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        data = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
        assert data["rows"][HOTEL]["note"] == {"verdict": "disputed", "text": "12 or 14?"}
        assert app.screen is screen


def _fake_editor(tmp_path: Path, status: int = 0) -> tuple[Path, Path]:
    """A script that records the file it was asked to open, then exits with `status`."""
    record = tmp_path / "editor-arguments.txt"
    script = tmp_path / "fake-editor"
    script.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > "{record}"\nexit {status}\n')
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return script, record


async def test_export_and_edit_opens_the_written_file(tmp_path: Path) -> None:
    script, record = _fake_editor(tmp_path)
    app = CompareTestApp(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await ready(app, pilot)
        suspended: list[bool] = []

        @contextlib.contextmanager
        def suspend() -> Iterator[None]:
            # Textual's headless driver cannot suspend; record that the app asked to.
            suspended.append(True)
            yield

        dialog = await _export(app, pilot, tmp_path, "edit-me.md")
        dialog.editor = Editor(environ={"EDITOR": f"{script} --flag"}, suspend=suspend)
        await pilot.click("#export-edit")
        await pilot.pause()
        written = tmp_path / "edit-me.md"
        assert written.read_text(encoding="utf-8").startswith("# North Star vs South Wind")
        assert record.read_text().splitlines() == ["--flag", str(written)]
        assert suspended == [True]
        assert app.screen is screen
        assert not any(severity == "error" for _, severity in _messages(app))


async def test_export_and_edit_with_ctrl_o_asks_before_overwriting(tmp_path: Path) -> None:
    script, record = _fake_editor(tmp_path)
    (tmp_path / "exists.md").write_text("keep me")
    app = CompareTestApp(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await ready(app, pilot)
        dialog = await _export(app, pilot, tmp_path, "exists.md")
        dialog.editor = Editor(environ={"VISUAL": str(script)}, suspend=contextlib.nullcontext)
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert app.screen is dialog and not record.exists()
        edit = dialog.query_one("#export-edit", Button)
        assert str(edit.label) == "Overwrite and edit"
        assert edit.content_region.width >= len("Overwrite and edit")  # drawn whole
        # Enter would overwrite without the editor: the prompt names the key that was pressed.
        prompt = str(dialog.query_one("#export-confirm", Static).render())
        assert "Press ctrl+o again to overwrite it and edit it." in prompt
        assert (tmp_path / "exists.md").read_text() == "keep me"
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert record.read_text().splitlines() == [str(tmp_path / "exists.md")]
        assert app.screen is screen


async def test_failing_or_missing_editor_is_a_notification(tmp_path: Path) -> None:
    script, _ = _fake_editor(tmp_path, status=3)
    app = CompareTestApp(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await ready(app, pilot)
        dialog = await _export(app, pilot, tmp_path, "one.md")
        dialog.editor = Editor(environ={"EDITOR": str(script)}, suspend=contextlib.nullcontext)
        await pilot.click("#export-edit")
        await pilot.pause()
        assert ("fake-editor exited with status 3", "error") in _messages(app)
        assert app.screen is screen and (tmp_path / "one.md").exists()

        dialog = await _export(app, pilot, tmp_path, "two.md")
        missing = {"EDITOR": "no-such-editor-here", "PATH": os.environ.get("PATH", "")}
        dialog.editor = Editor(environ=missing, suspend=contextlib.nullcontext)
        await pilot.click("#export-edit")
        await pilot.pause()
        assert ("editor 'no-such-editor-here' (from $EDITOR) is not installed", "error") in (
            _messages(app)
        )
        assert app.screen is screen

        # No injected suspend: the headless driver cannot hand the terminal over.
        dialog = await _export(app, pilot, tmp_path, "three.md")
        dialog.editor = Editor(environ={"EDITOR": str(script)})
        await pilot.click("#export-edit")
        await pilot.pause()
        assert any("cannot open an editor here" in m for m, _ in _messages(app))
        assert app.screen is screen


async def test_damaged_store_is_one_warning_and_the_app_opens(
    app_factory: MakeApp, data_dir: Path
) -> None:
    data_dir.mkdir()
    (data_dir / STORE_FILE).write_bytes(b"\x00garbage, not SQLite" * 200)
    app = app_factory()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        warnings = [m for m, severity in _messages(app) if severity == "warning"]
        [warning] = [m for m in warnings if "notes store" in m]
        assert "\n" not in warning and "damaged" in warning
        assert isinstance(app.screen, LibraryScreen)
        [aside] = data_dir.glob(f"{STORE_FILE}.damaged-*")
        assert aside.read_bytes() == b"\x00garbage, not SQLite" * 200
        assert isinstance(app.notes, NoteStore) and app.notes.path == data_dir / STORE_FILE


async def test_reader_opened_on_a_pair_shows_its_notes(
    app_factory: MakeApp, corpus: Path, data_dir: Path
) -> None:
    a, b = sorted(corpus.glob("2024-03-14-*.md"))
    app = app_factory(paths=(a, b))
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        assert screen.notes is app.notes
        await _mark(app, pilot, "space", "enter")
        assert screen.current_note is not None
    store, _ = NoteStore.open(data_dir)
    assert len(store.notes_for(screen.article_a, screen.article_b)) == 1
