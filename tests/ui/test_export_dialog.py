"""Pilot tests of the export dialog on a minimal app with a hand-built comparison."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Static

from tui.core.types import Article, Comparison, DiffSpan, Row, Sentence, Summary
from tui.screens.export_dialog import ExportDialog, ExportPayload


def _comparison() -> Comparison:
    def article(ident: str, outlet: str, lines: list[str]) -> Article:
        return Article(
            id=ident,
            path=Path(f"/tmp/{ident}.txt"),
            outlet=outlet,
            title=lines[0],
            headline=lines[0],
            paragraphs=tuple(lines[1:]),
        )

    def sentences(lines: list[str]) -> tuple[Sentence, ...]:
        out, pos = [], 0
        for i, line in enumerate(lines):
            out.append(Sentence(i, line, pos, pos + len(line), i))
            pos += len(line) + 2
        return tuple(out)

    la = ["Bridge [reopens] today", "Traffic | resumes at *noon*."]
    lb = ["Bridge reopens", "Cars return <b>at noon</b>."]
    return Comparison(
        a=article("town-crier", "Town [Crier]", la),
        b=article("city-post", "City Post", lb),
        sentences_a=sentences(la),
        sentences_b=sentences(lb),
        rows=(
            Row(
                "match",
                (0,),
                (0,),
                score=0.9,
                diff_a=(DiffSpan("Bridge", "equal"), DiffSpan("[reopens] today", "delete")),
            ),
            Row("only_a", (1,), ()),
            Row("only_b", (), (1,)),
        ),
        summary=Summary(0.5, 1, 1, 1, 1, 0),
    )


class DialogApp(App[None]):
    """Pushes the dialog at start and records what it dismissed with."""

    def __init__(self, directory: Path, payload: ExportPayload | None = None) -> None:
        super().__init__()
        self.directory = directory
        self.payload = payload
        self.result: list[Path | None] = []

    def compose(self) -> ComposeResult:
        yield Static("reader")

    def on_mount(self) -> None:
        dialog = ExportDialog(self.payload or _comparison(), directory=self.directory)
        self.push_screen(dialog, callback=self.result.append)


def _messages(app: App[None]) -> list[tuple[str, str]]:
    return [(n.message, n.severity) for n in app._notifications]


async def test_enter_writes_suggested_file_and_notifies(tmp_path: Path) -> None:
    app = DialogApp(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        field = app.screen.query_one("#export-path", Input)
        assert field.value == "town-crier-vs-city-post.md"
        assert app.screen.focused is field
        await pilot.press("enter")
        await pilot.pause()
        target = tmp_path / "town-crier-vs-city-post.md"
        assert target.is_file()
        text = target.read_text(encoding="utf-8")
        assert text.startswith("# Town \\[Crier\\] vs City Post:")
        assert "Traffic \\| resumes at \\*noon\\*." in text
        assert app.result == [target]
        assert not isinstance(app.screen, ExportDialog)
        assert (f"Exported to {target}", "information") in _messages(app)


async def test_typed_path_is_written(tmp_path: Path) -> None:
    app = DialogApp(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        field = app.screen.query_one("#export-path", Input)
        field.value = ""
        await pilot.press(*"sub/out.md")
        (tmp_path / "sub").mkdir()
        await pilot.press("enter")
        await pilot.pause()
        assert (tmp_path / "sub" / "out.md").is_file()
        assert app.result == [tmp_path / "sub" / "out.md"]


async def test_existing_file_needs_confirmation(tmp_path: Path) -> None:
    target = tmp_path / "town-crier-vs-city-post.md"
    target.write_text("keep me", encoding="utf-8")
    app = DialogApp(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        # Not written yet: the dialog asks first.
        assert target.read_text(encoding="utf-8") == "keep me"
        assert isinstance(app.screen, ExportDialog)
        confirm = app.screen.query_one("#export-confirm", Static)
        assert confirm.display
        assert "exists. Press enter again to overwrite it." in str(confirm.render())
        assert str(app.screen.query_one("#export-ok", Button).label) == "Overwrite"
        await pilot.press("enter")
        await pilot.pause()
        assert target.read_text(encoding="utf-8").startswith("# Town")
        assert app.result == [target]


async def test_editing_the_path_cancels_the_confirmation(tmp_path: Path) -> None:
    (tmp_path / "town-crier-vs-city-post.md").write_text("keep me", encoding="utf-8")
    (tmp_path / "other.md").write_text("keep me too", encoding="utf-8")
    app = DialogApp(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        field = app.screen.query_one("#export-path", Input)
        field.value = "other.md"
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        # A different existing file: asks again instead of overwriting it.
        assert (tmp_path / "other.md").read_text(encoding="utf-8") == "keep me too"
        assert isinstance(app.screen, ExportDialog)
        await pilot.press("escape")
        await pilot.pause()
        assert app.result == [None]
        assert (tmp_path / "town-crier-vs-city-post.md").read_text(encoding="utf-8") == "keep me"


async def test_unwritable_path_reports_and_stays_open(tmp_path: Path) -> None:
    app = DialogApp(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.screen.query_one("#export-path", Input).value = "missing/dir/out.md"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ExportDialog)
        assert app.result == []
        errors = [m for m, severity in _messages(app) if severity == "error"]
        assert len(errors) == 1 and "no such directory" in errors[0]
        assert str(tmp_path / "missing" / "dir" / "out.md") in errors[0]


async def test_switching_format_follows_extension(tmp_path: Path) -> None:
    app = DialogApp(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.click("#format-json")
        await pilot.pause()
        field = app.screen.query_one("#export-path", Input)
        assert field.value == "town-crier-vs-city-post.json"
        await pilot.press("enter")
        await pilot.pause()
        written = tmp_path / "town-crier-vs-city-post.json"
        assert written.read_text(encoding="utf-8").lstrip().startswith("{")
        assert app.result == [written]


async def test_typing_a_json_name_chooses_json(tmp_path: Path) -> None:
    app = DialogApp(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        field = app.screen.query_one("#export-path", Input)
        field.value = ""
        await pilot.press(*"notes.json")
        await pilot.pause()
        assert app.screen.query_one("#format-json", RadioButton).value
        await pilot.press("enter")
        await pilot.pause()
        assert (tmp_path / "notes.json").read_text(encoding="utf-8").lstrip().startswith("{")


async def test_cancel_button_writes_nothing(tmp_path: Path) -> None:
    app = DialogApp(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.click("#export-cancel")
        await pilot.pause()
        assert app.result == [None]
        assert list(tmp_path.iterdir()) == []


async def test_e_in_the_reader_exports_the_comparison(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # End to end: the real app opened on two files, `e` on the compare screen, enter.
    from tui.app import make_app
    from tui.screens.compare import CompareScreen

    a = tmp_path / "harbour.txt"
    b = tmp_path / "valley.txt"
    a.write_text("Ferry service resumes\n\nThe ferry sails again on Friday.\n", encoding="utf-8")
    b.write_text("Ferries are back\n\nThe ferry sails again from Friday.\n", encoding="utf-8")
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    app = make_app(paths=[a, b], config_dir=tmp_path / "config")
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, CompareScreen)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, ExportDialog)
        await pilot.press("enter")
        await pilot.pause()
        written = list(work.iterdir())
        assert [p.suffix for p in written] == [".md"]
        assert "Ferry service resumes" in written[0].read_text(encoding="utf-8")
        assert isinstance(app.screen, CompareScreen)
        assert any(str(written[0]) in n.message for n in app._notifications)


async def test_any_payload_with_one_format_hides_the_choice(tmp_path: Path) -> None:
    asked: list[str] = []

    def render(fmt: str) -> str:
        asked.append(fmt)
        return "# [not] *markup*\n"

    payload = ExportPayload("Export notes", "notes.md", ("markdown",), render)
    app = DialogApp(tmp_path, payload)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert str(app.screen.query_one("#export-title", Label).render()) == "Export notes"
        assert not app.screen.query_one("#export-format", RadioSet).display
        assert asked == []  # rendered only when exported
        await pilot.press("enter")
        await pilot.pause()
        assert asked == ["markdown"]
        assert (tmp_path / "notes.md").read_text(encoding="utf-8") == "# [not] *markup*\n"
        assert app.result == [tmp_path / "notes.md"]


async def test_the_dialog_names_its_keys_and_fits_80x24(tmp_path: Path) -> None:
    # ctrl+o has no button of its own to show it: the dialog says it, and still fits an 80x24
    # terminal with the overwrite question shown.
    target = tmp_path / "town-crier-vs-city-post.md"
    target.write_text("keep me", encoding="utf-8")
    app = DialogApp(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        keys = str(dialog.query_one("#export-keys", Static).render())
        assert "ctrl+o: export and edit" in keys
        await pilot.press("enter")
        await pilot.pause()
        assert dialog.query_one("#export-confirm", Static).display
        box = dialog.query_one("#export-dialog").region
        assert box.y >= 0 and box.bottom <= 24
        for button in dialog.query(Button):
            assert box.contains_region(button.region), button.id
