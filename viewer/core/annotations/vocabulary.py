"""The tag vocabulary, kept beside the archive.

One tag a line, UTF-8, in ``.archive-viewer-tags.txt`` in the archive's
folder (a hidden file, so loading skips it). The first nine tags are the
ones keys 1–9 toggle. When the folder cannot be written, the file goes to
the fallback store, mirrored like sidecars.

An archive without a vocabulary file starts with :data:`STARTER`, so that
keys 1–9 tag something on first use; it is written (and shared) only when
the user adds a tag or edits the list. A vocabulary file that exists but
cannot be read is never written over.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterable

from viewer.core.annotations.sidecar import SidecarError, fallback_path, read_sidecar_bytes
from viewer.core.files.atomic import atomic_write

FILENAME = ".archive-viewer-tags.txt"

#: The vocabulary of an archive that has none yet (editable like any other):
#: people, organisations, places, events, policy, economy, culture,
#: international, to be checked.
STARTER = ("人物", "机构", "地名", "事件", "政策", "经济", "文化", "国际", "待核")


class Vocabulary:
    """An ordered list of tags, read from and saved to a folder."""

    def __init__(self, folder: str, fallback_root: str | None = None) -> None:
        self.path = os.path.join(folder, FILENAME)
        self.fallback = fallback_path(fallback_root, self.path).removesuffix(".annotations.json") if fallback_root else None
        self.tags: list[str] = []
        self.starter = False  # no file yet: the tags are STARTER's
        self.unreadable = ""  # a file that is there but could not be read

    def load(self) -> list[str]:
        """Read the list (opening never blocks, even on a FIFO). A file that
        is not a readable text file is skipped, and remembered so that
        :meth:`save` does not write over it; with no file at all the list
        is :data:`STARTER`."""
        self.unreadable = ""
        for path in (self.path, self.fallback):
            if not path:
                continue
            try:
                data = read_sidecar_bytes(path)
                if data is None:
                    continue
                self.tags = _clean(data.decode("utf-8").splitlines())
                self.starter = False
                return self.tags
            except (SidecarError, UnicodeDecodeError):
                self.unreadable = self.unreadable or path
                continue
        self.starter = not self.unreadable
        self.tags = list(STARTER) if self.starter else []
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
        """Write the list; returns the path used. Raises OSError on failure,
        and when the file there could not be read (it is left as it is)."""
        if self.unreadable:
            raise OSError(errno.EEXIST, "the tag list could not be read, so it is not written over", self.unreadable)
        self.starter = False
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
