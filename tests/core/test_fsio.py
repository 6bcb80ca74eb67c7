"""Atomic writes: all or nothing, never over an existing file by accident."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from tui.core import fsio
from tui.core.fsio import OutputExistsError, WriteError, write_atomic
from tui.errors import UserError


def _leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(".tmp"))


def test_writes_new_file(tmp_path: Path) -> None:
    target = tmp_path / "out.md"
    written = write_atomic(target, "héllo ⚠\n")
    assert written == target.absolute()
    assert target.read_text(encoding="utf-8") == "héllo ⚠\n"
    assert _leftovers(tmp_path) == []


def test_new_file_mode_follows_umask(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        write_atomic(tmp_path / "out.md", "x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "out.md").stat().st_mode) == 0o644


def test_existing_file_is_refused_and_untouched(tmp_path: Path) -> None:
    target = tmp_path / "out.md"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(OutputExistsError) as info:
        write_atomic(target, "new")
    assert isinstance(info.value, UserError)
    assert str(target) in str(info.value) and "\n" not in str(info.value)
    assert target.read_text(encoding="utf-8") == "old"
    assert _leftovers(tmp_path) == []


def test_overwrite_replaces_and_keeps_mode(tmp_path: Path) -> None:
    target = tmp_path / "out.md"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o600)
    write_atomic(target, "new", overwrite=True)
    assert target.read_text(encoding="utf-8") == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert _leftovers(tmp_path) == []


def test_missing_directory(tmp_path: Path) -> None:
    target = tmp_path / "nope" / "out.md"
    with pytest.raises(WriteError, match="no such directory") as info:
        write_atomic(target, "x")
    assert str(target) in str(info.value)
    assert not (tmp_path / "nope").exists()


def test_a_file_where_a_folder_should_be_is_named(tmp_path: Path) -> None:
    (tmp_path / "exist.md").write_text("kept", encoding="utf-8")
    with pytest.raises(WriteError, match=r"exist\.md is a file, not a folder"):
        write_atomic(tmp_path / "exist.md" / "sub.md", "x")
    assert (tmp_path / "exist.md").read_text(encoding="utf-8") == "kept"


def test_target_is_a_directory(tmp_path: Path) -> None:
    with pytest.raises(WriteError, match="is a directory"):
        write_atomic(tmp_path, "x", overwrite=True)


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root ignores directory permissions"
)
def test_read_only_directory(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        with pytest.raises(WriteError, match="permission denied") as info:
            write_atomic(locked / "out.md", "x")
        assert str(locked / "out.md") in str(info.value)
        assert list(locked.iterdir()) == []
    finally:
        locked.chmod(0o755)


def test_permission_denied_creating_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Runs as root too (where chmod does not stop writes): the OS refuses the temp file.
    real_open = os.open

    def deny(path: object, flags: int, mode: int = 0o777, **kw: object) -> int:
        if flags & os.O_CREAT:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, mode)  # type: ignore[arg-type]

    monkeypatch.setattr(fsio.os, "open", deny)
    with pytest.raises(WriteError, match="permission denied"):
        write_atomic(tmp_path / "out.md", "x")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("overwrite", [False, True])
def test_disk_full_leaves_target_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, overwrite: bool
) -> None:
    target = tmp_path / "out.md"
    if overwrite:
        target.write_text("old", encoding="utf-8")
    real_write = os.write
    calls = {"n": 0}

    def full(fd: int, data: bytes) -> int:
        # First chunk goes through, then the disk fills up: a half-written temp file exists.
        calls["n"] += 1
        if calls["n"] == 1:
            return real_write(fd, bytes(data)[:3])
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(fsio.os, "write", full)
    with pytest.raises(WriteError, match="no space left on device") as info:
        write_atomic(target, "x" * 100, overwrite=overwrite)
    assert str(target) in str(info.value)
    assert calls["n"] == 2
    assert _leftovers(tmp_path) == []
    if overwrite:
        assert target.read_text(encoding="utf-8") == "old"
    else:
        assert not target.exists()


def test_interrupted_write_removes_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupt(fd: int, data: bytes) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(fsio.os, "write", interrupt)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(tmp_path / "out.md", "x")
    assert list(tmp_path.iterdir()) == []


def test_race_with_another_writer_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The target appears between the existence check and the final link: still no clobbering.
    target = tmp_path / "out.md"
    real_link = os.link

    def sneaky(src: str, dst: str) -> None:
        Path(dst).write_text("theirs", encoding="utf-8")
        real_link(src, dst)

    monkeypatch.setattr(fsio.os, "link", sneaky)
    with pytest.raises(OutputExistsError):
        write_atomic(target, "mine")
    assert target.read_text(encoding="utf-8") == "theirs"
    assert _leftovers(tmp_path) == []


def test_no_hard_links_falls_back_to_rename(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unsupported(src: str, dst: str) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(fsio.os, "link", unsupported)
    write_atomic(tmp_path / "out.md", "data")
    assert (tmp_path / "out.md").read_text(encoding="utf-8") == "data"
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize(
    ("exc", "reason"),
    [
        (OSError(errno.ENOSPC, "No space left on device"), "no space left on device"),
        (PermissionError(errno.EACCES, "Permission denied"), "permission denied"),
        (PermissionError(errno.EPERM, "Operation not permitted"), "permission denied"),
        (OSError(errno.ELOOP, "Too many levels of symbolic links"), "symlink loop"),
        (FileNotFoundError(errno.ENOENT, "No such file or directory"), "no such file or directory"),
        (OSError(errno.EIO, "Input/output error"), "Input/output error"),
        (OSError("no errno at all"), "no errno at all"),
    ],
)
def test_os_reason_is_short_and_shared(exc: OSError, reason: str) -> None:
    assert fsio.os_reason(exc) == reason
