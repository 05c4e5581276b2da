"""Writes that leave either the old file or the new one, whole, whatever happens."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path


def atomic_write_bytes(path: str | Path, data: bytes, mode: int | None = None) -> None:
    """Write ``data`` to ``path``: a temporary file in the same folder, flushed and fsynced,
    then renamed over the target (atomic on POSIX and Windows); the folder is fsynced
    where the OS allows. A crash leaves the old file or the new one, never a torn one.

    Links are never followed: the temporary file is created exclusively under a fresh
    name, and a symbolic link at ``path`` is replaced by the file, so a link planted there
    cannot redirect the write to another file. ``mode`` defaults to the replaced file's."""
    path = Path(path)
    try:
        mode = _mode_for(path) if mode is None else mode
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise _naming(exc, path) from exc
    try:
        os.chmod(tmp, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise _naming(exc, path) from exc
        raise
    try:
        dir_fd = os.open(path.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)


def _naming(exc: OSError, path: Path) -> OSError:
    """The same error, naming the file the caller asked for rather than the temporary one
    (a missing or read-only folder, a full disk, a folder where the file should be)."""
    if exc.errno is None:
        return exc
    return type(exc)(exc.errno, exc.strerror, str(path))


def _mode_for(path: Path) -> int:
    """The replaced file's permissions, or what a plain ``open`` would give a new file (also
    when ``path`` is a symbolic link: the link's target says nothing about this file)."""
    try:
        info = path.lstat()
    except FileNotFoundError:
        info = None
    if info is not None and not stat.S_ISLNK(info.st_mode):
        return info.st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def atomic_write_text(path: str | Path, text: str) -> None:
    """:func:`atomic_write_bytes` of UTF-8 ``text`` with ``\\n`` line ends."""
    atomic_write_bytes(path, text.encode("utf-8"))
