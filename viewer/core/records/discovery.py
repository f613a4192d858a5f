"""Find the record files under the paths a user opened.

Folders are searched recursively in name order, following symbolic links
but never entering a folder twice (tracked by ``(st_dev, st_ino)``), so a
link loop ends the branch with a note instead of recursing forever.

Files that are not records are skipped quietly, one summary note for each
reason rather than a note each: the application's own files (sidecars,
recovery files, locks, the tag vocabulary), hidden files and folders, and
files that are clearly not text (pictures, archives…). What cannot be
read is reported one by one, as a warning or an error.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable, Iterator
from operator import attrgetter
from pathlib import Path
from typing import NamedTuple

from viewer.core.records import folders as folder_lists
from viewer.core.records.diagnostics import Problem, ProblemKind, Severity
from viewer.core.records.folders import Relisted, Walked

#: Name parts that mark our own files kept beside the records: sidecars,
#: recovery files, locks, backups and temporary files of saves, and the tag
#: vocabulary (``.archive-viewer-tags.txt``).
SIDECAR_MARKERS = (".annotations.", ".archive-viewer.", ".archive-viewer-")

SIDECAR_REASON = folder_lists.OWN
HIDDEN_REASON = "hidden file"

#: Endings of files that are never record files; skipped without reading.
NON_RECORD_SUFFIXES = frozenset(
    ".jpg .jpeg .png .gif .tif .tiff .bmp .webp .pdf .zip .gz .bz2 .xz .7z .rar .tar "
    ".exe .dll .so .dylib .doc .docx .xls .xlsx .ppt .pptx .mp3 .mp4 .avi .db .sqlite "
    ".json .bak .tmp .swp".split()
)


class SourceFile(NamedTuple):
    """A file to load (a named tuple: a million are made on every opening).

    Attributes:
        path: the path to read, as found.
        relpath: the path relative to the key base (see :func:`key_base`),
            with ``/`` separators; the first part of every record key.
        explicit: True when the user named this file directly (a file that
            is not a record file is then an error, not a note).
    """

    path: str
    relpath: str
    explicit: bool = False


_OWN = re.compile("|".join(re.escape(m) for m in SIDECAR_MARKERS))


def is_own_file(name: str) -> bool:
    """Is ``name`` one of the files this application keeps beside records?"""
    return _OWN.search(name) is not None


def skip_reason(name: str) -> str | None:
    """Why a file called ``name`` is skipped while searching a folder, if it is."""
    if is_own_file(name):
        return SIDECAR_REASON
    if name.startswith("."):
        return HIDDEN_REASON
    if name.endswith("~"):
        return "backup file"
    dot = name.rfind(".")
    suffix = name[dot:].lower() if dot > 0 else ""
    if suffix in NON_RECORD_SUFFIXES:
        return f"not a record file ({suffix})"
    return None


def _why(reason: str) -> tuple[str, str]:
    """The summary note a file skipped for ``reason`` counts in, and the
    example it gives that note ('' for none)."""
    if reason.startswith("not a record file"):
        return "not-record", reason[reason.index("(") + 1 : -1]
    if reason == "backup file":
        return "backup", ""
    return reason, ""


def _kind(why: str) -> ProblemKind:
    return ProblemKind.SIDECAR if why == SIDECAR_REASON else ProblemKind.SKIPPED


class _Skipped:
    """Files skipped for one reason or another, counted for a summary note each."""

    def __init__(self) -> None:
        self.groups: dict[str, list] = {}  # group → [count, first path, root, kind, examples]

    def add(self, group: str, path: str, root: str, kind: ProblemKind, example: str = "") -> None:
        entry = self.groups.get(group)
        if entry is None:
            self.groups[group] = [1, path, root, kind, [example] if example else []]
            return
        entry[0] += 1
        if example and example not in entry[4] and len(entry[4]) < 5:
            entry[4].append(example)

    def notes(self) -> list[Problem]:
        out = []
        for group, (count, path, root, kind, examples) in self.groups.items():
            s = "s" if count > 1 else ""
            name = Path(path).name
            if group == SIDECAR_REASON:
                what = f"{count} of Archive Viewer's own files (annotations, recovery files, locks, tags)"
            elif group == HIDDEN_REASON:
                what = f"{count} hidden file{s} or folder{s} (names starting with “.”)" + (
                    f", such as {name}" if count > 1 else f": {name}"
                )
            elif group == "not-record":
                what = f"{count} file{s} that {'are' if count > 1 else 'is'} not a record file ({', '.join(examples)})"
            elif group == "backup":
                what = f"{count} editor backup file{s} (names ending in “~”)"
            elif group == "twice":
                what = f"{count} file{s} already loaded through another link" + (f", such as {path}" if count > 1 else f": {path}")
            else:
                what = f"{count} entr{'ies' if count > 1 else 'y'} that {'are' if count > 1 else 'is'} not a regular file" + (
                    f", such as {path}" if count > 1 else f": {path}"
                )
            out.append(Problem(root, None, None, f"skipped {what}", kind, Severity.NOTE))
        return out


def discover(
    paths: list[str | os.PathLike[str]], problems: list[Problem], own_files: list[str] | None = None
) -> list[SourceFile]:
    """List the record files under ``paths`` (see :func:`iter_discover`)."""
    return list(iter_discover(paths, problems, own_files))


class FileGroup:
    """Files found together: one folder's record files, or one named file.

    A searched folder's group holds its names and two paths (``prefix``,
    ``rel``) that every file's path and relative path start with; its
    :class:`SourceFile` s are made only if asked for (a warm reopen of a
    million files never asks).

    Attributes:
        folder: the folder they are in, as found.
        names: their names in that folder, in order.
        explicit: True for a file the user named (a group of one).
        uniform: True when each file's path is ``prefix`` and its name,
            and its relative path ``rel`` and its name (always, for a
            searched folder's files).
        prefix: the files' paths before their names (uniform groups; else '').
        rel: the files' relative paths before their names (uniform groups; else '').
        key: what the cache keeps the group under, once worked out
            (:func:`~viewer.core.records.cache.group_key`), else None.
    """

    __slots__ = ("folder", "explicit", "uniform", "prefix", "rel", "key", "_names", "_joined", "_count", "_files")

    def __init__(
        self,
        folder: str,
        names: list[str],
        files: list[SourceFile] | None = None,
        explicit: bool = False,
        *,
        prefix: str | None = None,
        rel: str | None = None,
    ) -> None:
        self.folder = folder
        self._names: list[str] | None = names
        self._joined: str | None = None
        self._count = len(names)
        self.explicit = explicit
        self.uniform = prefix is not None and rel is not None
        self.prefix = prefix or ""
        self.rel = rel or ""
        self.key: str | None = None
        if files is None and not self.uniform:
            raise ValueError("a group needs its files or their prefix and relative prefix")
        self._files = files

    @classmethod
    def from_joined(cls, folder: str, joined: str, count: int, *, prefix: str, rel: str) -> FileGroup:
        """A searched folder's group whose ``count`` names are given joined
        by ``/`` (as a snapshot keeps them), split only if asked for."""
        group = cls(folder, [], prefix=prefix, rel=rel)
        group._names, group._joined, group._count = None, joined, count
        return group

    @property
    def names(self) -> list[str]:
        """The files' names in the folder, in order."""
        if self._names is None:
            assert self._joined is not None
            self._names = self._joined.split("/")
        return self._names

    def joined_names(self, separator: str) -> str:
        """The names joined by ``separator`` (without splitting them, when
        they were given joined)."""
        if self._names is None and self._joined is not None:
            return self._joined.replace("/", separator) if separator != "/" else self._joined
        return separator.join(self.names)

    def __len__(self) -> int:
        """How many files."""
        return self._count

    @property
    def files(self) -> list[SourceFile]:
        """The files, in order (made once when first asked for)."""
        if self._files is None:
            new, prefix, rel = tuple.__new__, self.prefix, self.rel
            self._files = [new(SourceFile, (prefix + n, rel + n, False)) for n in self.names]
        return self._files

    def paths(self) -> list[str]:
        """The files' paths, in order (without making the files)."""
        if self._files is None:
            prefix = self.prefix
            return [prefix + n for n in self.names]
        return [f.path for f in self._files]

    def __repr__(self) -> str:
        return f"FileGroup({self.folder!r}, {len(self.names)} files)"


def iter_discover(
    paths: list[str | os.PathLike[str]], problems: list[Problem], own_files: list[str] | None = None
) -> Iterator[SourceFile]:
    """Find the record files under ``paths`` (see :func:`iter_groups`)."""
    for group in iter_groups(paths, problems, own_files):
        yield from group.files


def iter_groups(
    paths: list[str | os.PathLike[str]],
    problems: list[Problem],
    own_files: list[str] | None = None,
    walked: Walked | None = None,
) -> Iterator[FileGroup]:
    """Find the record files under ``paths``, folder by folder.

    Args:
        paths: files and folders, in the order the user gave them.
        problems: receives a warning or an error for each file or folder
            that cannot be read, and, once the search ends, one summary note
            for each reason files were skipped.
        own_files: receives the paths of this application's files found
            beside the records (sidecars, recovery files…).
        walked: receives every folder listed, with its stamp taken before
            the listing, and anything met that its folder's stamp does not
            follow (see :mod:`~viewer.core.records.folders`).

    Yields:
        The files to load, a group at a time: each named file in order, each
        folder's files in name order (a folder without record files gives
        no group). A file reached twice (through a link) is listed once.
        Groups come as each folder is read, so loading can start at once.
    """
    names: list[str] = []  # the folder's files found so far
    seen_files: set[int] = set()  # (device << 64) | inode
    base = key_base(paths)
    skipped = _Skipped()
    root = ""

    def note(path: str, message: str, kind: ProblemKind, severity: Severity = Severity.NOTE) -> None:
        problems.append(Problem(path, None, None, message, kind, severity))
        if walked is not None and kind is not ProblemKind.SYMLINK_LOOP:
            walked.distrust(message)

    def skip(path: str, reason: str) -> None:
        """A file skipped by its name (or a link reached twice)."""
        if reason == SIDECAR_REASON and own_files is not None:
            own_files.append(path)
        why, example = _why(reason)
        skipped.add(why, path, root, _kind(why), example)
        if walked is not None:
            walked.skipped(why, os.path.basename(path), example)

    def add(path: str, ident: int, name: str) -> None:
        """Add a file of the folder being searched (its path is the folder's
        prefix and ``name``)."""
        if ident in seen_files:
            skip(path, "twice")
            return
        seen_files.add(ident)
        names.append(name)

    def add_plain(prefix: str, idents: list[int], plain_names: list[str]) -> None:
        """Add a folder's regular files at once (none reached before)."""
        if not seen_files.isdisjoint(idents):
            for ident, name in zip(idents, plain_names):
                add(prefix + name, ident, name)
            return
        seen_files.update(idents)
        names.extend(plain_names)

    try:
        for at, given in enumerate(paths):
            path = root = os.fspath(given)
            try:
                st = os.stat(path)
            except OSError as e:
                note(path, f"cannot open: {e.strerror or e}", ProblemKind.UNREADABLE, Severity.ERROR)
                continue
            if stat.S_ISDIR(st.st_mode):
                prefix = _relative(path, base)
                folders = _walk(path, st, add, add_plain, note, skip, f"{prefix}/" if prefix else "", walked)
                for folder, folder_prefix, rel, folder_st in folders:
                    if walked is not None:
                        walked.add(folder, folder_prefix, rel, folder_st, len(names), at)
                    if names:
                        yield FileGroup(folder, names[:], prefix=folder_prefix, rel=rel)
                        names.clear()
            elif stat.S_ISREG(st.st_mode):
                if walked is not None:
                    walked.distrust("a file named")
                folder, name = os.path.split(path)
                ident = _ident(st.st_dev, st.st_ino)
                if ident in seen_files:
                    skip(path, "twice")
                    continue
                seen_files.add(ident)
                named = SourceFile(path, _relative(path, base) or Path(path).name, True)
                yield FileGroup(folder, [name], [named], explicit=True)
            else:
                note(path, "cannot open: not a regular file or folder", ProblemKind.UNREADABLE, Severity.ERROR)
    finally:
        problems.extend(skipped.notes())


def key_base(paths: list[str | os.PathLike[str]]) -> str | None:
    """The folder that record keys are relative to: the nearest folder that
    holds everything opened (an opened folder itself, or a named file's
    folder). One opened folder gives keys relative to it; several give keys
    that start with each one's path below their common folder, so that
    ``r1/2005/a.txt`` and ``r2/2005/a.txt`` stay distinct.
    """
    folders = []
    for given in paths:
        path = os.path.abspath(os.fspath(given))
        if os.path.isdir(path):
            folders.append(path)
        elif os.path.lexists(path):
            folders.append(os.path.dirname(path))
    if not folders:
        return None
    try:
        return os.path.commonpath(folders)
    except ValueError:  # different drives (Windows): keys keep the whole path
        return None


def _relative(path: str, base: str | None) -> str:
    """``path`` relative to ``base`` with ``/`` separators; '' for ``base`` itself."""
    absolute = os.path.abspath(path)
    if base is None:
        drive, rest = os.path.splitdrive(absolute)
        return (drive.rstrip(":") + rest).replace("\\", "/").strip("/")
    rel = os.path.relpath(absolute, base)
    return "" if rel == "." else rel.replace(os.sep, "/")


def _ident(device: int, inode: int) -> int:
    """A file's identity as one integer (smaller than a tuple, a million times)."""
    return (device << 64) | inode


#: A never-record ending at the end of a name in a "/"-joined, lower-cased listing.
_NEVER_RECORD = re.compile(r"\.(?:" + "|".join(re.escape(s[1:]) for s in sorted(NON_RECORD_SUFFIXES)) + ")(?:/|$)")


def needs_look(joined: str) -> bool:
    """Does any name in a folder's "/"-joined listing need a closer look:
    our own files, hidden files, backups and endings that are never records?
    (Plain substring tests and one short pattern: about 5 µs for a folder of
    30 names; one pattern for all of it took 26 µs, a second in all at a
    million files.)"""
    low = joined.lower()
    return (
        joined.startswith(".")
        or "/." in joined
        or "~/" in joined
        or joined.endswith("~")
        or any(m in low for m in SIDECAR_MARKERS)
        or _NEVER_RECORD.search(low) is not None
    )


_name = attrgetter("name")


def _walk(
    root: str,
    root_st: os.stat_result,
    add: Callable[[str, int, str], None],
    add_plain: Callable[[str, list[int], list[str]], None],
    note: Callable[..., None],
    skip: Callable[[str, str], None],
    prefix: str = "",
    walked: Walked | None = None,
    subfolders_out: list[tuple[str, str, os.stat_result]] | None = None,
) -> Iterator[tuple[str, str, str, os.stat_result]]:
    """Walk ``root``, calling ``add`` per file (or ``add_plain`` for a
    folder's regular files at once); yields each folder once read, with
    what its files' paths and relative paths start with, and its stat
    (taken before it was listed).

    ``prefix`` starts every relative path found (the root's own place
    relative to the key base). ``walked`` is told of symbolic links met.
    With ``subfolders_out``, only ``root`` is listed: its subfolders go
    there (path, relative path, stat) instead of being walked.
    """
    visited: set[int] = {_ident(root_st.st_dev, root_st.st_ino)}
    # Explicit stack of (folder path, relative prefix, stat), in name order.
    stack: list[tuple[str, str, os.stat_result]] = [(root, prefix, root_st)]
    while stack:
        folder, rel, folder_st = stack.pop()
        folder_dev = folder_st.st_dev
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=_name)
        except OSError as e:
            note(folder, f"cannot read folder: {e.strerror or e}", ProblemKind.UNREADABLE, Severity.ERROR)
            yield folder, "", rel, folder_st
            continue
        if not entries:
            yield folder, "", rel, folder_st
            continue
        # Every entry's path is the folder's path joined to its name.
        first = entries[0]
        path_prefix = first.path[: len(first.path) - len(first.name)]
        # A folder of a day's articles has nothing to look at twice: one
        # search over all its names says so (a million files a run).
        if not needs_look("/".join([e.name for e in entries])):
            # Regular files (told by the listing's d_type) go in at once.
            regular = [e for e in entries if e.is_file(follow_symlinks=False)]
            if regular:
                key = folder_dev << 64
                add_plain(path_prefix, [key | e.inode() for e in regular], [e.name for e in regular])
                if len(regular) == len(entries):
                    yield folder, path_prefix, rel, folder_st
                    continue
                entries = [e for e in entries if not e.is_file(follow_symlinks=False)]
            plain = True
        else:
            plain = False
        subfolders: list[tuple[str, str, os.stat_result]] = []
        for entry in entries:
            name = entry.name
            if not plain:
                if is_own_file(name):  # whatever it is (a folder, a FIFO…): the annotation code reports it
                    skip(entry.path, SIDECAR_REASON)
                    continue
                if name.startswith("."):
                    skip(entry.path, HIDDEN_REASON)
                    continue
            try:
                # d_type and d_ino come free with the listing; only links
                # and folders cost a stat.
                link = entry.is_symlink()
                if link and walked is not None:
                    walked.distrust("a symbolic link")
                if link or entry.is_dir():
                    st = entry.stat(follow_symlinks=True)
                    is_dir, is_file = stat.S_ISDIR(st.st_mode), stat.S_ISREG(st.st_mode)
                    ident = _ident(st.st_dev, st.st_ino)
                else:
                    is_dir, is_file = False, entry.is_file()
                    ident = _ident(folder_dev, entry.inode())
            except OSError as e:
                kind = ProblemKind.SYMLINK_LOOP if entry.is_symlink() else ProblemKind.UNREADABLE
                note(entry.path, f"cannot open: {e.strerror or e}", kind, Severity.WARNING)
                continue
            if is_dir:
                if ident in visited:
                    note(entry.path, "link to a folder already searched (a loop); skipped", ProblemKind.SYMLINK_LOOP)
                    continue
                visited.add(ident)
                subfolders.append((entry.path, f"{rel}{name}/", st))
            elif is_file:
                reason = None if plain else skip_reason(name)
                if reason:
                    skip(entry.path, reason)
                else:
                    add(entry.path, ident, name)
            else:
                skip(entry.path, "special")
        if subfolders_out is not None:
            subfolders_out.extend(subfolders)
        else:
            stack.extend(reversed(subfolders))
        yield folder, path_prefix, rel, folder_st


def skipped_notes(walked: Walked, paths: list[str]) -> list[Problem]:
    """The summary notes of what a walk skipped (as :func:`iter_groups`
    made them), from its :attr:`~viewer.core.records.folders.Walked.skips`."""
    skipped = _Skipped()
    prefixes, roots = walked.prefixes, walked.roots
    for at, why, name, example in walked.skips:
        skipped.add(why, prefixes[at] + name, paths[roots[at]], _kind(why), example)
    return skipped.notes()


def relist(walked: Walked, indices: list[int]) -> list[Relisted] | None:
    """List some folders of a walk again, each on its own, with the rules
    of :func:`iter_groups`, and ``stat`` their record files; None where
    that would not give what a whole walk gives now: a folder gone or
    unreadable, a symbolic link met, a subfolder added or removed, a
    record file with another name elsewhere (a hard link: a whole walk
    could skip one of its names as "reached twice")."""
    children: dict[str, set[str]] = {}
    for rel in walked.rels:
        if rel:
            cut = rel.rfind("/", 0, len(rel) - 1) + 1
            children.setdefault(rel[:cut], set()).add(rel)
    found: list[Relisted] = []
    for at in indices:
        folder, rel = walked.folders[at], walked.rels[at]
        again = _list_alone(folder, rel, children.get(rel, set()))
        if again is None:
            return None
        st, prefix, names, skips = again
        try:
            stats = [os.stat(prefix + name) for name in names]
        except OSError:
            return None
        if any(s.st_nlink > 1 for s in stats):
            return None
        found.append(Relisted(at, folder_lists.stamp(st), prefix, names, stats, skips))
    return found


def _list_alone(
    folder: str, rel: str, subfolders: set[str]
) -> tuple[os.stat_result, str, list[str], list[tuple[str, str, str]]] | None:
    """One folder listed on its own (see :func:`relist`): its stat (taken
    before), its files' path prefix, its record files' names and what it
    skipped; None if it cannot be listed, met a link, or no longer has
    exactly the subfolders ``subfolders`` (relative paths)."""
    try:
        st = os.stat(folder)
    except OSError:
        return None
    if not stat.S_ISDIR(st.st_mode):
        return None
    names: list[str] = []
    skips: list[tuple[str, str, str]] = []
    bad: list[str] = []
    found: list[tuple[str, str, os.stat_result]] = []
    alone = Walked()

    def add(path: str, ident: int, name: str) -> None:
        names.append(name)

    def add_plain(prefix: str, idents: list[int], plain: list[str]) -> None:
        names.extend(plain)

    def note(path: str, message: str, kind: ProblemKind, severity: Severity = Severity.NOTE) -> None:
        bad.append(message)

    def skip(path: str, reason: str) -> None:
        why, example = _why(reason)
        skips.append((why, os.path.basename(path), example))

    [(_folder, prefix, _rel, _st)] = _walk(folder, st, add, add_plain, note, skip, rel, alone, found)
    if bad or alone.unsafe is not None or {r for _p, r, _s in found} != subfolders:
        return None
    return st, prefix, names, skips
