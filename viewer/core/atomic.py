"""Atomic file replacement: a file is either the old bytes or the new ones.

The new bytes go to a temporary file in the same folder, which is flushed
to disk (fsync) and then renamed over the target with :func:`os.replace`;
finally the folder itself is fsynced so that the rename survives a crash.
Any failure removes the temporary file and leaves the target untouched.
"""

from __future__ import annotations

import os
import tempfile


def fsync_dir(folder: str) -> None:
    """Flush a folder's entries (a rename) to disk, where the OS allows it."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems cannot fsync a folder
    finally:
        os.close(fd)


def atomic_write(path: str, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically.

    Raises:
        OSError: the write failed; ``path`` is as it was.
    """
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=f".{os.path.basename(path)}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            view = memoryview(data)
            while view:
                written = fh.write(view)
                view = view[written:]
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    fsync_dir(folder)
