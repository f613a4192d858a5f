"""The tag vocabulary, kept beside the archive.

One tag a line, UTF-8, in ``.archive-viewer-tags.txt`` in the archive's
folder (a hidden file, so loading skips it). The first nine tags are the
ones keys 1–9 toggle. When the folder cannot be written, the file goes to
the fallback store, mirrored like sidecars.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterable

from viewer.core.annotations.sidecar import SidecarError, fallback_path, read_sidecar_bytes
from viewer.core.files.atomic import atomic_write

FILENAME = ".archive-viewer-tags.txt"


class Vocabulary:
    """An ordered list of tags, read from and saved to a folder."""

    def __init__(self, folder: str, fallback_root: str | None = None) -> None:
        self.path = os.path.join(folder, FILENAME)
        self.fallback = fallback_path(fallback_root, self.path).removesuffix(".annotations.json") if fallback_root else None
        self.tags: list[str] = []

    def load(self) -> list[str]:
        """Read the list (a file that is not a readable text file is ignored;
        opening never blocks, even on a FIFO)."""
        for path in (self.path, self.fallback):
            if not path:
                continue
            try:
                data = read_sidecar_bytes(path)
                if data is None:
                    continue
                self.tags = _clean(data.decode("utf-8").splitlines())
                return self.tags
            except (SidecarError, UnicodeDecodeError):
                continue
        self.tags = []
        return self.tags

    def set(self, tags: list[str]) -> None:
        self.tags = _clean(tags)

    def add(self, tag: str) -> bool:
        tag = tag.strip()
        if tag and tag not in self.tags:
            self.tags.append(tag)
            return True
        return False

    def save(self) -> str:
        """Write the list; returns the path used. Raises OSError on failure."""
        data = "".join(f"{t}\n" for t in self.tags).encode("utf-8")
        try:
            atomic_write(self.path, data)
            return self.path
        except OSError as e:
            if self.fallback is None or e.errno not in (errno.EACCES, errno.EPERM, errno.EROFS):
                raise
            os.makedirs(os.path.dirname(self.fallback), exist_ok=True)
            atomic_write(self.fallback, data)
            return self.fallback


def _clean(tags: Iterable[str]) -> list[str]:
    out: list[str] = []
    for t in tags:
        t = t.strip()
        if t and t not in out:
            out.append(t)
    return out
