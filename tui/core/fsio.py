"""Writing exports to disk safely: all or nothing, and never over a file by accident."""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from pathlib import Path

from tui.errors import UserError

__all__ = ["OutputExistsError", "WriteError", "check_target", "os_reason", "write_atomic"]


class WriteError(UserError):
    """A file could not be written; the message is one line naming the path."""

    def __init__(self, message: str, path: Path) -> None:
        super().__init__(message)
        self.path = path


class OutputExistsError(WriteError):
    """The target exists and overwriting was not asked for."""


# errno -> the short lowercase reason a one-line message gives; other errors use strerror.
_OS_REASONS: dict[int, str] = {
    errno.ENOSPC: "no space left on device",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EROFS: "read-only file system",
    errno.EDQUOT: "disk quota exceeded",
    errno.ELOOP: "symlink loop",
    errno.ENOENT: "no such file or directory",
    errno.EISDIR: "is a directory",
}


def os_reason(exc: OSError) -> str:
    """The reason an OS error gives, short and lowercase, for a one-line message.

    Shared by everything that reads or writes user files (loader, importer, exports), so the
    same trouble is worded the same way everywhere.

    Args:
        exc: The error raised by a file operation.

    Returns:
        For instance `permission denied` or `no space left on device`; the system's own
        wording (`strerror`) for errors without a short form.
    """
    if exc.errno is not None and exc.errno in _OS_REASONS:
        return _OS_REASONS[exc.errno]
    return exc.strerror or str(exc)


def _open_temp(target: Path) -> tuple[int, Path]:
    # A hidden sibling of the target: same directory, so the final rename never crosses file
    # systems. Mode 0o666 lets the umask decide, as for any file the user creates (mkstemp would
    # leave 0o600).
    for _ in range(100):
        temp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
        try:
            return os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), temp
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "could not pick a temporary file name", str(target))


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _fsync_dir(directory: Path) -> None:
    # Makes the rename itself durable; not every platform or file system allows it.
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _publish(temp: Path, target: Path, *, overwrite: bool) -> None:
    if overwrite:
        os.replace(temp, target)
        return
    # A hard link fails if the target appeared since we checked, so two writers cannot
    # clobber each other. File systems without hard links fall back to a checked rename.
    try:
        os.link(temp, target)
    except FileExistsError:
        raise
    except OSError:
        if target.exists():
            raise FileExistsError(errno.EEXIST, "File exists", str(target)) from None
        os.replace(temp, target)
    else:
        os.unlink(temp)


def check_target(path: Path, *, overwrite: bool = False) -> Path:
    """Fail early, before any slow work, if `path` cannot be written.

    Args:
        path: The file about to be written.
        overwrite: Whether an existing file may be replaced.

    Returns:
        The absolute path.

    Raises:
        OutputExistsError: `path` exists and `overwrite` is false.
        WriteError: `path` is a directory or its directory does not exist.
    """
    target = Path(path).expanduser().absolute()
    directory = target.parent
    if target.is_dir():
        raise WriteError(f"cannot write {target}: it is a directory", target)
    if not directory.is_dir():
        # The nearest existing ancestor says why: a file standing where a folder should be.
        blocker = next((p for p in target.parents if p.exists()), None)
        if blocker is not None and not blocker.is_dir():
            raise WriteError(f"cannot write {target}: {blocker} is a file, not a folder", target)
        raise WriteError(f"cannot write {target}: no such directory {directory}", target)
    if target.exists() and not overwrite:
        raise OutputExistsError(f"{target} already exists", target)
    return target


def write_atomic(path: Path, data: str, *, overwrite: bool = False) -> Path:
    """Write `data` (UTF-8) to `path` atomically: a reader sees the old file or the whole new one.

    The text goes to a temporary file in the same directory, is flushed to disk, then renamed
    over the target. On any failure the temporary file is removed and the target is untouched.
    `-` (stdout) is the caller's business.

    Args:
        path: The file to write.
        data: The text to write.
        overwrite: Replace an existing file instead of refusing.

    Returns:
        The absolute path written.

    Raises:
        OutputExistsError: `path` exists and `overwrite` is false.
        WriteError: the directory is missing or not writable, `path` is a directory, the disk
            is full, or any other OS error; the message is one line naming the path.
    """
    target = check_target(path, overwrite=overwrite)
    directory = target.parent

    try:
        fd, temp = _open_temp(target)
    except OSError as exc:
        raise WriteError(f"cannot write {target}: {os_reason(exc)}", target) from None
    try:
        try:
            _write_all(fd, data.encode("utf-8"))
            os.fsync(fd)
            if overwrite and target.exists():
                # Replacing a file keeps its permissions, as an editor saving it would.
                os.fchmod(fd, stat.S_IMODE(target.stat().st_mode))
        finally:
            os.close(fd)
        _publish(temp, target, overwrite=overwrite)
    except FileExistsError:
        _discard(temp)
        raise OutputExistsError(f"{target} already exists", target) from None
    except OSError as exc:
        _discard(temp)
        raise WriteError(f"cannot write {target}: {os_reason(exc)}", target) from None
    except BaseException:
        # Ctrl-C mid-write: leave no half-written temporary file behind.
        _discard(temp)
        raise
    _fsync_dir(directory)
    return target


def _discard(temp: Path) -> None:
    with contextlib.suppress(OSError):
        temp.unlink()
