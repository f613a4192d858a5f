"""The loaded files, packed: a folder's path once, each file's name once.

An archive of a million one-article files held as a million
:class:`~viewer.core.records.discovery.SourceFile` tuples costs about 260
bytes a file (the tuple and two path strings that repeat the folder). The
table keeps each folder's path and relative path once, every name of the
folder in one string, and two small integers a file: about 30 bytes a file.
A :class:`SourceFile` is made when one is asked for.
"""

from __future__ import annotations

import os
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import accumulate
from operator import add, itemgetter
from typing import overload

import numpy as np

from viewer.core.records.arrays import append
from viewer.core.records.discovery import FileGroup, SourceFile

#: Separates the names of a folder in its one string (no file name holds it).
_SEP = "\0"
_SEPARATORS = ("/", os.sep)
#: A folder whose names take up to this many characters is searched for a
#: name, not mapped (see :meth:`FileTable._in_group`).
_SEARCH_NAMES = 16_384
#: From this many groups on, :meth:`FileTable.add_groups` works on them at once.
BULK_GROUPS = 64

_path = itemgetter(0)
_relpath = itemgetter(1)
_explicit = itemgetter(2)


def _folder_of(relpath: str, name: str) -> str | None:
    """The folder part of ``relpath`` (empty or ending in "/") when it ends in
    ``name`` as a whole last component, else None: "a/xx" does not end in the
    file name "x", though the string does."""
    rel = relpath[: len(relpath) - len(name)]
    if relpath.endswith(name) and (not rel or rel.endswith("/")):
        return rel
    return None


def _cut(path: str) -> int:
    """Where a path's last part (its name) starts."""
    return max(path.rfind(s) for s in _SEPARATORS) + 1


class FileTable(Sequence[SourceFile]):
    """The archive's files by file id, as :class:`SourceFile` s on demand.

    Files are added a group at a time (:meth:`add_group`, a folder's files
    as discovery found them) or one by one (:meth:`extend`); either way
    ``table[i]`` gives back an equal :class:`SourceFile`. Appending is safe
    beside readers in other threads: a file is visible (``len``) only once
    everything about it is stored.
    """

    def __init__(self) -> None:
        # By group: the path before the names, the relative path before
        # them, whether the user named the files, the names joined by _SEP.
        self._prefix: list[str] = []
        self._rel: list[str] = []
        self._explicit: list[bool] = []
        self._names: list[str] = []
        # By file: its group and where its name starts in the group's names.
        self._offset = array("i")
        self._group = array("i")
        self._relpaths: dict[int, str] = {}  # the files whose relative path is not rel + name
        self._by_prefix: dict[str, list[int]] = {}
        self._by_rel: dict[str, list[int]] = {}
        self._name_maps: dict[int, dict[str, int]] = {}

    def __len__(self) -> int:
        return len(self._group)

    @overload
    def __getitem__(self, i: int) -> SourceFile: ...

    @overload
    def __getitem__(self, i: slice) -> list[SourceFile]: ...

    def __getitem__(self, i):  # type: ignore[no-untyped-def]
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        g = self._group[i]
        names = self._names[g]
        start = self._offset[i]
        end = names.find(_SEP, start)
        name = names[start:] if end < 0 else names[start:end]
        rel = self._relpaths.get(i) if self._relpaths else None
        return SourceFile(self._prefix[g] + name, self._rel[g] + name if rel is None else rel, self._explicit[g])

    def __iter__(self) -> Iterator[SourceFile]:
        n = len(self)
        fid = 0
        for g in range(len(self._names)):
            prefix, rel, explicit = self._prefix[g], self._rel[g], self._explicit[g]
            for name in self._names[g].split(_SEP):
                if fid >= n:
                    return
                other = self._relpaths.get(fid) if self._relpaths else None
                yield SourceFile(prefix + name, rel + name if other is None else other, explicit)
                fid += 1

    def paths(self) -> list[str]:
        """Every file's path, by file id (faster than reading each file's)."""
        out: list[str] = []
        for g, names in enumerate(self._names):
            prefix = self._prefix[g]
            out += [prefix + name for name in names.split(_SEP)]
        return out[: len(self)]

    def names(self) -> list[str]:
        """Every file's name (its path's last part), by file id."""
        out: list[str] = []
        for names in self._names:
            out += names.split(_SEP)
        return out[: len(self)]

    def joined_names(self, first: int, stop: int, sep: str = "/") -> str:
        """The names of files ``first`` to ``stop - 1`` joined by ``sep``:
        cut from each folder's one string, without making a string a file
        (a million names as a list cost 60 MB, made and dropped beside
        longer-lived objects, which then kept the heap from shrinking)."""
        stop = min(stop, len(self))
        parts: list[str] = []
        fid = first
        while fid < stop:
            g = self._group[fid]
            names = self._names[g]
            last = min(stop, self._first_of(g + 1)) - 1  # this folder's last file asked for
            end = names.find(_SEP, self._offset[last])
            part = names[self._offset[fid] : end if end >= 0 else len(names)]
            parts.append(part if sep == _SEP else part.replace(_SEP, sep))
            fid = last + 1
        return sep.join(parts)

    def unencodable(self, folder: Callable[[str], str] = str, encoding: str = "utf-8") -> list[int]:
        """The ids of the files whose path, its folder part taken through
        ``folder`` (such as making it absolute), cannot be encoded in
        ``encoding``: a folder's names are tried as one string, each one
        only when that fails."""
        out: list[int] = []
        fid = 0
        for g, names in enumerate(self._names):
            prefix = folder(self._prefix[g])
            try:
                prefix.encode(encoding)
                names.encode(encoding)
            except UnicodeEncodeError:
                for i, name in enumerate(names.split(_SEP)):
                    try:
                        (prefix + name).encode(encoding)
                    except UnicodeEncodeError:
                        out.append(fid + i)
            fid += names.count(_SEP) + 1
        return [f for f in out if f < len(self)]

    def name(self, fid: int) -> str:
        """File ``fid``'s name (its path's last part)."""
        names = self._names[self._group[fid]]
        start = self._offset[fid]
        end = names.find(_SEP, start)
        return names[start:] if end < 0 else names[start:end]

    def folders(self) -> tuple[np.ndarray, list[str]]:
        """Each file's folder as a number (int32, by file id) and the
        folders they stand for (``os.path.dirname`` of the files' paths),
        worked out once a folder, not once a file."""
        n = len(self)
        groups = np.frombuffer(self._group[:n], dtype=np.int32) if n else np.zeros(0, dtype=np.int32)
        place: dict[str, int] = {}
        of_group = np.array([place.setdefault(os.path.dirname(p + "x"), len(place)) for p in self._prefix],
                            dtype=np.int32)
        return (of_group[groups] if n else groups), list(place)

    def relpaths(self) -> list[str]:
        """Every file's relative path, by file id."""
        out: list[str] = []
        for g, names in enumerate(self._names):
            rel = self._rel[g]
            out += [rel + name for name in names.split(_SEP)]
        for fid, other in self._relpaths.items():
            out[fid] = other
        return out[: len(self)]

    # -- adding -----------------------------------------------------------------

    def add_group(self, group: FileGroup) -> None:
        """Add a folder's files (as :func:`~viewer.core.records.discovery.iter_groups`
        gives them). Files that do not share their folder's paths, which a
        group from discovery never holds, are added one by one."""
        names = group.names
        if not names:
            return
        joined = _SEP.join(names)
        if group.uniform and joined.count(_SEP) == len(names) - 1:  # (no name holds the separator)
            if _cut(group.prefix + names[0]) == len(group.prefix):
                self._add(group.prefix, group.rel, group.explicit, names, joined)
                return
        files = group.files
        first = files[0]
        cut = _cut(first.path)
        prefix = first.path[:cut]
        rel = _folder_of(first.relpath, names[0])
        explicit = first.explicit
        shared = (
            rel is not None
            and len(names) == len(files)
            and first.path[cut:] == names[0]
            and joined.count(_SEP) == len(names) - 1  # no name holds the separator
            # Compared as one string each, in C: a folder of a thousand files costs microseconds.
            and _SEP.join(map(_path, files)) == prefix + (_SEP + prefix).join(names)
            and _SEP.join(map(_relpath, files)) == rel + (_SEP + rel).join(names)
            and all(map(explicit.__eq__, map(_explicit, files)))
        )
        if not shared:
            self.extend(files)
            return
        assert rel is not None
        self._add(prefix, rel, explicit, names, joined)

    def add_groups(self, groups: Sequence[FileGroup]) -> None:
        """Add folders' files, as :meth:`add_group` does each in turn; a run
        of searched folders whose names are plain ASCII (the usual archive:
        a snapshot's thirty thousand folders at a reopening) with a few
        array operations rather than a loop over every name."""
        if len(groups) < BULK_GROUPS or not all(g.uniform and len(g) and not g.explicit for g in groups):
            for group in groups:
                self.add_group(group)
            return
        counts = np.fromiter(map(len, groups), dtype=np.int64, count=len(groups))
        self._add_folders([g.prefix for g in groups], [g.rel for g in groups], [g.joined_names(_SEP) for g in groups],
                          counts)

    def add_folders(self, prefixes: list[str], rels: list[str], names: list[str], counts: np.ndarray) -> None:
        """Add searched folders' files given as columns (a trusted
        snapshot's, :class:`~viewer.core.records.snapshot.Folders`): each
        folder's path prefix, relative prefix, its ``counts`` names joined
        by ``/``, as :meth:`add_groups` would add them."""
        self._add_folders(prefixes, rels, [n.replace("/", _SEP) for n in names], counts)

    def _add_folders(self, prefixes: list[str], rels: list[str], joined: list[str], counts: np.ndarray) -> None:
        """Add searched folders' files (names joined by _SEP): by array
        operations when every name is ASCII, else a folder at a time."""
        everything = _SEP.join(joined)
        total = int(counts.sum())
        if (len(joined) < BULK_GROUPS or not everything.isascii() or everything.count(_SEP) != total - 1
                or not all(p[-1:] in _SEPARATORS for p in prefixes)):
            for prefix, rel, names, count in zip(prefixes, rels, joined, counts.tolist()):
                group = FileGroup(prefix, names.split(_SEP), prefix=prefix, rel=rel)
                if len(group) != count:
                    raise ValueError(f"a folder of {count} files has {len(group)} names: {prefix!r}")
                self.add_group(group)
            return
        flat = np.frombuffer(everything.encode("ascii"), dtype=np.uint8)
        starts = np.concatenate(([0], np.flatnonzero(flat == 0) + 1))  # each name's, in ``everything``
        sizes = np.fromiter(map(len, joined), dtype=np.int64, count=len(joined)) + 1
        group_starts = np.concatenate(([0], np.cumsum(sizes)[:-1]))
        first = len(self._names)
        self._prefix.extend(prefixes)
        self._rel.extend(rels)
        self._explicit.extend([False] * len(joined))
        for g, prefix in enumerate(prefixes, first):
            self._by_prefix.setdefault(prefix, []).append(g)
        for g, rel in enumerate(rels, first):
            self._by_rel.setdefault(rel, []).append(g)
        self._names.extend(joined)
        append(self._offset, starts - np.repeat(group_starts, counts))
        ids = np.repeat(np.arange(first, first + len(joined), dtype=np.int32), counts)
        append(self._group, ids)  # last: the files are now visible

    def extend(self, files: Iterable[SourceFile]) -> None:
        """Add files one by one (each is a group of its own)."""
        for src in files:
            cut = _cut(src.path)
            name = src.path[cut:]
            if _SEP in name:
                raise ValueError(f"a file name holds NUL: {src.path!r}")
            rel = _folder_of(src.relpath, name) or ""
            fid = len(self)
            if rel + name != src.relpath:
                self._relpaths[fid] = src.relpath
            self._add(src.path[:cut], rel, src.explicit, [name])

    def _add(self, prefix: str, rel: str, explicit: bool, names: list[str], joined: str | None = None) -> None:
        g = len(self._names)
        self._prefix.append(prefix)
        self._rel.append(rel)
        self._explicit.append(explicit)
        self._names.append(_SEP.join(names) if joined is None else joined)
        self._by_prefix.setdefault(prefix, []).append(g)
        self._by_rel.setdefault(rel, []).append(g)
        # Where each name starts: 0, then after each name and its separator.
        self._offset.append(0)
        self._offset.extend(map(add, accumulate(map(len, names[:-1])), range(1, len(names))))  # (all in C)
        self._group.extend(array("i", [g]) * len(names))  # last: the files are now visible

    # -- finding ----------------------------------------------------------------

    def find(self, path: str) -> int | None:
        """The id of the file at ``path`` (as found), or None."""
        cut = _cut(path)
        groups = self._by_prefix.get(path[:cut])
        if not groups:
            return None
        name = path[cut:]
        for g in groups:
            fid = self._in_group(g, name)
            if fid is not None:
                return fid
        return None

    def find_relpath(self, relpath: str) -> int | None:
        """The id of the first file with this relative path, or None (a
        folder's names are looked at, not every file's relative path)."""
        found = [fid for fid, other in self._relpaths.items() if other == relpath]
        cut = relpath.rfind("/") + 1
        for g in self._by_rel.get(relpath[:cut], ()):
            fid = self._in_group(g, relpath[cut:])
            if fid is not None and fid not in self._relpaths:
                found.append(fid)
                break
        return min(found) if found else None

    def _in_group(self, g: int, name: str) -> int | None:
        """The id of the file called ``name`` in group ``g``, or None: a
        small folder's names are searched in its one string (keeping a map
        of every folder looked in cost 60 MB when twenty thousand sidecars
        were matched to their files); a large folder's are mapped once."""
        known = self._name_maps.get(g)
        if known is None and len(self._names[g]) <= _SEARCH_NAMES:
            joined = self._names[g]
            at = (_SEP + joined + _SEP).find(_SEP + name + _SEP)
            if at < 0:
                return None
            place = self._first_of(g) + joined.count(_SEP, 0, at)
            return place if place < len(self) else None
        if known is None:
            first = self._first_of(g)
            known = {}
            for i, n in enumerate(self._names[g].split(_SEP)):
                known.setdefault(n, first + i)
            self._name_maps[g] = known
        fid = known.get(name)
        return fid if fid is not None and fid < len(self) else None

    def _first_of(self, g: int) -> int:
        """The id of group ``g``'s first file (groups are added in order)."""
        lo, hi = 0, len(self._group)
        group = self._group
        while lo < hi:
            mid = (lo + hi) // 2
            if group[mid] < g:
                lo = mid + 1
            else:
                hi = mid
        return lo

