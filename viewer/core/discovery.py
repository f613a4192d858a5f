"""Find the record files under the paths a user opened.

Folders are searched recursively in name order, following symbolic links
but never entering a folder twice (tracked by ``(st_dev, st_ino)``), so a
link loop ends the branch with a note instead of recursing forever.
Sidecars, hidden files and files that are clearly not text are skipped,
each with a note.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from viewer.core.diagnostics import Kind, Problem, Severity

#: Name parts that mark our own files kept beside the records.
SIDECAR_MARKERS = (".annotations.", ".archive-viewer.")

SIDECAR_REASON = "annotation sidecar"

#: Endings of files that are never record files; skipped without reading.
NON_RECORD_SUFFIXES = frozenset(
    ".jpg .jpeg .png .gif .tif .tiff .bmp .webp .pdf .zip .gz .bz2 .xz .7z .rar .tar "
    ".exe .dll .so .dylib .doc .docx .xls .xlsx .ppt .pptx .mp3 .mp4 .avi .db .sqlite "
    ".json .bak .tmp .swp".split()
)


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A file to load.

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


def skip_reason(name: str) -> str | None:
    """Why a file called ``name`` is skipped while searching a folder, if it is."""
    if name.startswith("."):
        return "hidden file"
    for marker in SIDECAR_MARKERS:
        if marker in name:
            return SIDECAR_REASON
    if name.endswith("~"):
        return "backup file"
    dot = name.rfind(".")
    suffix = name[dot:].lower() if dot > 0 else ""
    if suffix in NON_RECORD_SUFFIXES:
        return f"not a record file ({suffix})"
    return None


def discover(paths: list[str | os.PathLike[str]], problems: list[Problem]) -> list[SourceFile]:
    """List the record files under ``paths`` (see :func:`iter_discover`)."""
    return list(iter_discover(paths, problems))


def iter_discover(paths: list[str | os.PathLike[str]], problems: list[Problem]) -> Iterator[SourceFile]:
    """Find the record files under ``paths``, folder by folder.

    Args:
        paths: files and folders, in the order the user gave them.
        problems: receives a note for each skipped file or folder and an
            error for each path that cannot be read.

    Yields:
        The files to load: the named files in order, each folder's files in
        name order. A file reached twice (through a link) is listed once.
        Files come as each folder is read, so loading can start at once.
    """
    found: list[SourceFile] = []
    seen_files: set[tuple[int, int]] = set()
    base = key_base(paths)

    def note(path: str, message: str, kind: Kind, severity: Severity = Severity.NOTE) -> None:
        problems.append(Problem(path, None, None, message, kind, severity))

    def add(path: str, relpath: str, ident: tuple[int, int], explicit: bool) -> None:
        if ident in seen_files:
            note(path, "same file as one already loaded (a link); skipped", Kind.SKIPPED)
            return
        seen_files.add(ident)
        found.append(SourceFile(path, relpath, explicit))

    for given in paths:
        path = os.fspath(given)
        try:
            st = os.stat(path)
        except OSError as e:
            note(path, f"cannot open: {e.strerror or e}", Kind.UNREADABLE, Severity.ERROR)
            continue
        if stat.S_ISDIR(st.st_mode):
            prefix = _relative(path, base)
            for _folder_done in _walk(path, st, add, note, f"{prefix}/" if prefix else ""):
                yield from found
                found.clear()
        elif stat.S_ISREG(st.st_mode):
            add(path, _relative(path, base) or Path(path).name, (st.st_dev, st.st_ino), True)
            yield from found
            found.clear()
        else:
            note(path, "not a regular file or folder; skipped", Kind.SKIPPED, Severity.WARNING)


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


def _walk(root: str, root_st: os.stat_result, add, note, prefix: str = "") -> Iterator[None]:
    """Walk ``root``, calling ``add`` per file; yields after each folder.

    ``prefix`` starts every relative path found (the root's own place
    relative to the key base).
    """
    visited: set[tuple[int, int]] = {(root_st.st_dev, root_st.st_ino)}
    # Explicit stack of (folder path, relative prefix, device), in name order.
    stack: list[tuple[str, str, int]] = [(root, prefix, root_st.st_dev)]
    while stack:
        folder, rel, folder_dev = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as e:
            note(folder, f"cannot read folder: {e.strerror or e}", Kind.UNREADABLE, Severity.ERROR)
            yield None
            continue
        subfolders: list[tuple[str, str, int]] = []
        for entry in entries:
            relpath = f"{rel}{entry.name}"
            if entry.name.startswith("."):
                note(entry.path, "hidden; skipped", Kind.SKIPPED)
                continue
            try:
                # d_type and d_ino come free with the listing; only links
                # and folders cost a stat.
                link = entry.is_symlink()
                if link or entry.is_dir():
                    st = entry.stat(follow_symlinks=True)
                    is_dir, is_file = stat.S_ISDIR(st.st_mode), stat.S_ISREG(st.st_mode)
                    ident = (st.st_dev, st.st_ino)
                else:
                    is_dir, is_file = False, entry.is_file()
                    ident = (folder_dev, entry.inode())
            except OSError as e:
                kind = Kind.SYMLINK_LOOP if entry.is_symlink() else Kind.UNREADABLE
                note(entry.path, f"cannot open: {e.strerror or e}", kind, Severity.WARNING)
                continue
            if is_dir:
                if ident in visited:
                    note(entry.path, "link to a folder already searched (a loop); skipped", Kind.SYMLINK_LOOP)
                    continue
                visited.add(ident)
                subfolders.append((entry.path, relpath + "/", ident[0]))
            elif is_file:
                reason = skip_reason(entry.name)
                if reason:
                    kind = Kind.SIDECAR if reason == SIDECAR_REASON else Kind.SKIPPED
                    note(entry.path, f"{reason}; skipped", kind)
                else:
                    add(entry.path, relpath, ident, False)
            else:
                note(entry.path, "not a regular file; skipped", Kind.SKIPPED)
        stack.extend(reversed(subfolders))
        yield None
