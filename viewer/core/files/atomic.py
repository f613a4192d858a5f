"""Atomic file writes: a file is either the old bytes or the new ones
(and :func:`read_whole`, the other side: a file's bytes or nothing).

The new bytes go to a temporary file in the same folder, which is flushed
to disk (fsync) and then put in place: renamed over the target with
:func:`os.replace`, or, when the target must not be replaced, linked to its
name (which fails if the name is taken). Finally the folder itself is
fsynced so that the new name survives a crash. Any failure before that
removes the temporary file and leaves the target untouched.

Permissions: a new file gets the user's umask (the temporary file is
created with mode 0666, which the kernel narrows by the umask, as for any
program's new file); a replaced file keeps the permissions it had.
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
from collections.abc import Iterable

#: ``fsync`` of a folder fails with these where a file system cannot do it
#: at all (not an error in the write).
_NO_DIR_SYNC = {errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EBADF}

#: Hard links are not possible here: write the exclusive file directly.
_NO_LINK = {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK, errno.ENOSYS}


def fsync_dir(folder: str) -> None:
    """Flush a folder's entries (a rename) to disk.

    Raises:
        OSError: the flush failed (an I/O error). File systems and systems
            that cannot flush a folder at all are not an error.
    """
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return  # a folder that cannot be opened (Windows) cannot be flushed
    try:
        os.fsync(fd)
    except OSError as e:
        if e.errno not in _NO_DIR_SYNC:
            raise
    finally:
        os.close(fd)


def temp_name(path: str) -> str:
    """A fresh temporary name beside ``path`` (hidden, ending in ``.tmp``)."""
    folder, name = os.path.split(os.path.abspath(path))
    return os.path.join(folder, f".{name}.{secrets.token_hex(4)}.tmp")


def _write_all(fd: int, data: bytes | bytearray | memoryview) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _exclusive_temp(path: str) -> tuple[int, str]:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOFOLLOW", 0)
    for _ in range(100):
        tmp = temp_name(path)
        try:
            return os.open(tmp, flags, 0o666), tmp
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary name", path)


def atomic_write(path: str, data: bytes | Iterable[bytes | bytearray | memoryview], *, replace: bool = True) -> None:
    """Write ``data`` to ``path`` atomically.

    Args:
        path: the file to write.
        data: its new content, or an iterable of its pieces (a long export
            streams to disk instead of being held whole in memory).
        replace: when False, an existing file at ``path`` is never replaced:
            :class:`FileExistsError` is raised instead (exports use this).

    Raises:
        FileExistsError: ``replace`` is False and ``path`` exists.
        OSError: the write failed; ``path`` is as it was. Or the folder
            could not be flushed after the new file was put in place.
    """
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = _exclusive_temp(path)
    try:
        try:
            if replace:
                try:
                    st = os.stat(path)
                except FileNotFoundError:
                    pass
                else:
                    if stat.S_ISREG(st.st_mode) and hasattr(os, "fchmod"):
                        os.fchmod(fd, stat.S_IMODE(st.st_mode))
            if isinstance(data, (bytes, bytearray, memoryview)):
                _write_all(fd, data)
            else:
                for chunk in data:
                    _write_all(fd, chunk)
            os.fsync(fd)
        finally:
            os.close(fd)
        if replace:
            os.replace(tmp, path)
        else:
            _link_new(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    fsync_dir(folder)


def _link_new(tmp: str, path: str) -> None:
    """Give the finished temporary file the name ``path``, which must be new."""
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise
    except OSError as e:
        if e.errno not in _NO_LINK:
            raise
        # No hard links here (FAT, some network drives): create the name
        # exclusively and write it; still never over an existing file.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
        try:
            with open(tmp, "rb") as source:
                while chunk := source.read(1 << 20):
                    _write_all(fd, chunk)
            os.fsync(fd)
        except BaseException:
            os.close(fd)
            os.unlink(path)
            raise
        os.close(fd)
    os.unlink(tmp)


def read_whole(path: str) -> bytes | None:
    """The file's bytes, or None when it cannot be read (missing, a
    folder, no permission): for the cache's own files, which are used only
    if they check out."""
    try:
        with open(path, "rb") as fh:
            return fh.read()
    except OSError:
        return None
