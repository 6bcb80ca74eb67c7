"""The Textual application: the library screen first, comparisons pushed on top of it.

`make_app` builds the app from injected inputs (paths, library folder, config folder) so tests
run it on a fixture corpus with a temporary config; `run_reader` is what `sidebyside` calls.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from tui.config import Settings, load_settings, save_settings
from tui.config import config_dir as resolve_config_dir
from tui.core.articles import ArticleError, Library, load_library, resolve_article
from tui.core.notes import NoteStore
from tui.core.notes import data_dir as resolve_data_dir
from tui.core.types import Article, LoadIssue
from tui.messages import CompareRequested
from tui.paths import default_library_dir, styles_dir
from tui.screens.help import HelpScreen
from tui.screens.library import LibraryScreen
from tui.widgets.text import sanitize

__all__ = ["SideBySideApp", "make_app", "run_reader"]


class SideBySideApp(App[int]):
    """The sidebyside reader."""

    TITLE = "sidebyside"
    # Absolute paths: styles/ sits outside the package in a checkout (see tui/paths.py).
    CSS_PATH = [  # noqa: RUF012 (Textual types it as an instance attribute)
        styles_dir() / "app.tcss",
        styles_dir() / "library.tcss",
        styles_dir() / "help.tcss",
    ]
    BINDING_GROUP_TITLE = "Everywhere"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="app.quit", tooltip="Leave sidebyside"),
        Binding(
            "question_mark,f1",
            "help",
            "Help",
            id="app.help",
            tooltip="Keys of this screen, generated from its bindings",
        ),
    ]

    def __init__(
        self,
        library: Library,
        *,
        source: str = "",
        config_folder: Path,
        pair: tuple[Article, Article] | None = None,
        library_dir: Path | None = None,
        data_folder: Path | None = None,
    ) -> None:
        """Args:
        library: The articles to list and the problems met loading them.
        source: A short name for where the library came from, shown in the header.
        config_folder: Where the settings file lives.
        pair: Articles to open straight into their comparison.
        library_dir: The library folder `library` was loaded from; `None` when the reader was
            opened on other files and folders (then articles cannot be added).
        data_folder: Where the notes store lives (default: `$SIDEBYSIDE_DATA_DIR` or the user's
            data folder).
        """
        super().__init__()
        self.library = library
        self.library_dir = library_dir
        self.source = source
        self.config_folder = config_folder
        self._pair = pair
        self.data_folder = resolve_data_dir(data_folder)
        self._notes: NoteStore | None = None
        self._settings, self._settings_problem = load_settings(config_folder)
        self._unknown_theme: str | None = None
        saved = self._settings.theme
        if saved is not None:
            if saved in self.available_themes:
                self.theme = saved
            else:
                self._unknown_theme = saved
        if self._settings.keys:
            self.set_keymap(dict(self._settings.keys))

    @property
    def settings(self) -> Settings:
        """The settings as last loaded or saved."""
        return self._settings

    @property
    def notes(self) -> NoteStore:
        """The notes store, opened on first use; a problem with it (a damaged file set aside, a
        folder that cannot be written) is shown once as a one-line warning."""
        if self._notes is None:
            self._notes, problem = NoteStore.open(self.data_folder)
            if problem:
                self.notify(sanitize(problem), title="Notes", severity="warning", markup=False)
        return self._notes

    def on_unmount(self) -> None:
        if self._notes is not None:
            self._notes.close()

    def get_default_screen(self) -> Screen[None]:
        return LibraryScreen(self.library.articles, issues=self.library.issues, source=self.source)

    def on_mount(self) -> None:
        if self._settings_problem:
            self.notify(
                sanitize(self._settings_problem), title="Settings", severity="warning", markup=False
            )
        if self._unknown_theme:
            self.notify(
                f"Unknown theme {sanitize(self._unknown_theme)!r}; using the default.",
                title="Settings",
                severity="warning",
                markup=False,
            )
        if self.library.issues:
            errors = sum(1 for issue in self.library.issues if issue.level == "error")
            warnings = len(self.library.issues) - errors
            parts = [f"{errors} skipped"] if errors else []
            parts += [f"{warnings} with warnings"] if warnings else []
            self.notify(
                f"Some files had problems: {', '.join(parts)}. Press i to list them.",
                title="Library",
                severity="warning",
                markup=False,
            )
        # Opened now so a damaged store is reported at start, not at the first comparison.
        _ = self.notes
        if self._pair is not None:
            self.open_comparison(*self._pair)

    def reload_library(self, folder: Path) -> Library:
        """Load the library in `folder` again (after an article was added) and make it current."""
        self.library = _load_default(folder, explicit=False)
        self.library_dir = folder
        self.source = _source_label([folder])
        return self.library

    def open_comparison(
        self, a: Article, b: Article, *, focus: tuple[str, int] | None = None
    ) -> None:
        """Push the comparison of `a` (left) and `b` (right) over the current screen.

        The one place that opens a comparison: the library, the command line and any screen that
        posts `CompareRequested` all come through here. `focus` (side, sentence index) is the
        sentence to move to once the comparison is ready.
        """
        # Imported here: the comparison screen imports the engine, which the library screen
        # does not need to start.
        from tui.screens.compare import CompareScreen

        screen = CompareScreen(a, b, self.library, notes=self.notes)
        if focus is not None:
            screen.focus_sentence(*focus)
        self.push_screen(screen)

    @on(CompareRequested)
    def _compare_requested(self, message: CompareRequested) -> None:
        self.open_comparison(message.a, message.b, focus=message.focus)

    def action_help(self) -> None:
        """Open help about the current screen (or close it when it is already open)."""
        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss()
            return
        self.push_screen(HelpScreen.for_screen(self.screen))

    def watch_theme(self, theme: str) -> None:
        # Remember the theme the user picks (ctrl+p → Change theme) for the next run.
        if theme == self._settings.theme or not self.is_running:
            return
        settings = self._settings.with_theme(theme)
        try:
            save_settings(self.config_folder, settings)
        except OSError as exc:
            self.notify(
                sanitize(f"Could not save the theme to {self.config_folder}: {exc}"),
                title="Settings",
                severity="warning",
                markup=False,
            )
            return
        self._settings = settings

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Textual's commands plus every action bound on `screen`, so ctrl+p reaches them all."""
        yield from super().get_system_commands(screen)
        seen: set[tuple[int, str]] = set()
        for active in screen.active_bindings.values():
            binding = active.binding
            key = (id(active.node), binding.action)
            if key in seen or not binding.description or not active.enabled:
                continue
            seen.add(key)
            if binding.action in ("quit", "command_palette"):
                continue  # Textual already lists these
            node = active.node
            keys = self.get_key_display(binding)
            yield SystemCommand(
                binding.description,
                f"{binding.tooltip or binding.description} ({keys})",
                lambda action=binding.action, node=node: self.run_action(action, node),
            )


def _source_label(paths: Sequence[Path]) -> str:
    names = [path.name or str(path) for path in paths]
    label = ", ".join(names)
    return label if len(label) <= 40 else f"{len(paths)} paths"


def _load_default(folder: Path, *, explicit: bool) -> Library:
    """The library in `folder`; an empty (or, by default, missing) folder gives an empty library
    so the reader can explain how to add articles."""
    if not folder.is_dir():
        if explicit:
            raise ArticleError(LoadIssue(folder, "no such folder"))
        return Library()
    try:
        return load_library([folder])
    except ArticleError as exc:
        # A folder with nothing readable: show the empty state and list what went wrong.
        return Library((), exc.issues)


def _with_articles(library: Library, extra: Iterable[Article]) -> Library:
    # A file compared from outside the library is listed too, unless its id is taken (row keys
    # must be unique; it is still compared).
    ids = {article.id for article in library.articles}
    added: list[Article] = []
    for article in extra:
        if article.id not in ids:
            ids.add(article.id)
            added.append(article)
    return Library((*library.articles, *added), library.issues) if added else library


def make_app(
    *,
    paths: Sequence[Path] = (),
    library: Path | None = None,
    config_dir: Path | None = None,
    data_dir: Path | None = None,
) -> SideBySideApp:
    """Build the reader.

    Args:
        paths: Files and folders to open instead of the library. Two of them that are files or
            ids of the library open straight into their comparison.
        library: The library folder (default: `./articles`, else the bundled articles).
        config_dir: Where the settings live (default: `$SIDEBYSIDE_CONFIG_DIR` or the user's
            config folder).
        data_dir: Where the notes live (default: `$SIDEBYSIDE_DATA_DIR` or the user's data
            folder).

    Raises:
        ArticleError: A named path or id cannot be loaded (a one-line message).
    """
    folder = library if library is not None else default_library_dir()
    settings_folder = resolve_config_dir(config_dir)
    pair: tuple[Article, Article] | None = None
    if not paths:
        loaded = _load_default(folder, explicit=library is not None)
        return SideBySideApp(
            loaded,
            source=_source_label([folder]),
            config_folder=settings_folder,
            library_dir=folder,
            data_folder=data_dir,
        )

    on_disk = [p for p in paths if p.exists() or p.is_symlink()]
    if len(on_disk) == len(paths):
        loaded = load_library(paths)
        if len(paths) == 2 and not any(p.is_dir() for p in paths):
            pair = (resolve_article(str(paths[0]), loaded), resolve_article(str(paths[1]), loaded))
        source = _source_label(paths)
    elif len(paths) == 2:
        # At least one is not a file: both are looked up as ids in the library (files load too).
        base = load_library([folder])
        pair = (resolve_article(str(paths[0]), base), resolve_article(str(paths[1]), base))
        loaded = _with_articles(base, pair)
        source = _source_label([folder])
    else:
        # Ids only make sense as a pair to compare; a lone unknown name is a mistyped path.
        missing = next(p for p in paths if p not in on_disk)
        raise ArticleError(LoadIssue(missing, "no such file or folder"))
    return SideBySideApp(
        loaded, source=source, config_folder=settings_folder, pair=pair, data_folder=data_dir
    )


def run_reader(*, library: Path | None, paths: Sequence[Path]) -> int:
    """Open the reader; returns the exit status. Load errors raise `ArticleError` (a
    `UserError`) before the UI starts, so the command line prints one line and exits 2."""
    app = make_app(paths=paths, library=library)
    app.run()
    return app.return_code or 0
