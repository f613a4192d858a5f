"""A batch of loaded files: the columns that loading produces.

Worker processes send batches to the loading process, and the persistent
cache stores and returns them, so both the loader and the cache use this
module (and neither imports the other).
"""

from __future__ import annotations

import os
from array import array
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from viewer.core.records import folders
from viewer.core.records.diagnostics import Problem
from viewer.core.records.discovery import FileGroup, SourceFile
from viewer.core.records.fields import INDEXED_FIELDS, KNOWN_FIELDS, ZW
from viewer.core.records.markup import Picture
from viewer.core.records.record import PAD as _PAD
from viewer.core.records.record import body_length

#: What identifies a file's content without reading it: size, modification
#: time (ns), change time (ns) and inode number. ``os.utime`` can put the
#: modification time back, but any write also moves the change time, which
#: no ordinary program can set; and a file replaced by another gets a new
#: inode. (On Windows the change time is the creation time.)
Stamp = tuple[int, int, int, int]
STAMP_INTS = 4


def stamp_of(st: os.stat_result) -> Stamp:
    """The :data:`Stamp` of a stat result."""
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


#: A file whose modification or change time is within this of the moment
#: its load began (or later) is *racily clean*, as git calls it: it may be
#: written again within the same tick of the file system's clock (2 s on
#: FAT) without its stamp changing. Its stamp is not kept as it is. (The
#: same window as a folder's, :data:`viewer.core.records.folders.RACY_NS`;
#: its own name, so that tests can settle files and folders apart.)
RACY_NS = folders.RACY_NS
#: The size a racily clean file's kept stamp gets: no file has it, so the
#: next opening reads the file again (and keeps its stamp then).
UNSETTLED = -1


def settled(stamps: np.ndarray, load_began_ns: int) -> np.ndarray:
    """Files' stamps (:data:`STAMP_INTS` int64 each) as a cache or a
    snapshot keeps them: a racily clean file's size :data:`UNSETTLED`."""
    kept = np.array(stamps, dtype=np.int64).reshape(-1, STAMP_INTS)
    kept[np.maximum(kept[:, 1], kept[:, 2]) > load_began_ns - RACY_NS, 0] = UNSETTLED
    return kept.reshape(-1)


#: Separator of field values in :attr:`Batch.values`.
SEP = "\x1f"
#: Integers kept per record in :attr:`Batch.ints`: index in the file, line,
#: body length, problem count.
N_INTS = 4


@dataclass(slots=True)
class Batch:
    """Loaded files, packed so that a worker process can send them cheaply.

    A batch is a few columns, not an object per record: the short field
    values of all its records joined into one string, and the integers in
    one array. Pickling that is a memory copy.

    Attributes:
        sources: the files (attached by the loading process, not sent).
        groups: the same files as discovery grouped them, where known
            (attached by the loading process, not sent).
        encodings: the codec used for each file, or None.
        counts: the number of records of each file.
        sizes: bytes of each file.
        stamps: each file's :data:`Stamp` when read, :data:`STAMP_INTS`
            integers a file.
        ints: :data:`N_INTS` integers per record.
        values: the :data:`~viewer.core.fields.INDEXED_FIELDS` values of
            every record, joined by :data:`SEP`.
        extras: unknown fields, by record position in the batch.
        pictures: picture blocks ``(page, file, paragraph)``, by record
            position in the batch.
        problems: problems, by file position in the batch.
    """

    sources: list[SourceFile] = field(default_factory=list)
    groups: list[FileGroup] = field(default_factory=list)
    encodings: list[str | None] = field(default_factory=list)
    counts: array = field(default_factory=lambda: array("q"))
    sizes: array = field(default_factory=lambda: array("q"))
    stamps: array = field(default_factory=lambda: array("q"))
    ints: array = field(default_factory=lambda: array("q"))
    values: list[str] | str = field(default_factory=list)
    extras: dict[int, tuple[tuple[str, str], ...]] = field(default_factory=dict)
    pictures: dict[int, tuple[tuple[str, str, int], ...]] = field(default_factory=dict)
    problems: dict[int, list[Problem]] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.encodings)

    @property
    def records(self) -> int:
        return len(self.ints) // N_INTS

    @property
    def nbytes(self) -> int:
        return sum(self.sizes)

    def file_problems(self, i: int) -> list[Problem]:
        """The problems of the batch's ``i``-th file."""
        return self.problems.get(i, [])

    def all_problems(self) -> list[Problem]:
        """Every file's problems, file after file (a look at the files that
        have some, not at every file)."""
        found = self.problems
        return [p for i in sorted(found) for p in found[i]]

    def columns(self) -> list[list[str]]:
        """The values as one list per indexed field."""
        n = len(INDEXED_FIELDS)
        if not self.records:
            return [[] for _ in range(n)]
        values = self.values.split(SEP) if isinstance(self.values, str) else self.values
        return [values[i::n] for i in range(n)]

    def pack(self) -> Batch:
        """Join the values into one string (for sending), dropping sources."""
        if not isinstance(self.values, str):
            self.values = SEP.join(self.values)
        self.sources = []
        self.groups = []
        return self

    def stamp(self, i: int) -> Stamp:
        """The batch's ``i``-th file's :data:`Stamp` when it was read."""
        values = self.stamps[i * STAMP_INTS : (i + 1) * STAMP_INTS]
        return (values[0], values[1], values[2], values[3])

    def add_file(self, encoding: str | None, stamp: Stamp, problems: list[Problem]) -> None:
        """Start the next file (its records follow with :meth:`add_record`)."""
        if problems:
            self.problems[len(self.encodings)] = problems
        self.encodings.append(encoding)
        self.sizes.append(stamp[0])
        self.stamps.extend(stamp)
        self.counts.append(0)

    def add_record(
        self,
        index: int,
        line: int,
        pairs: Iterable[tuple[str, str]],
        nproblems: int,
        pictures: Iterable[Picture] = (),
    ) -> None:
        """Add a record of the current file: its ``(code, text)`` pairs."""
        values = dict.fromkeys(INDEXED_FIELDS, "")
        body = 0
        extra: list[tuple[str, str]] | None = None
        for code, raw in pairs:
            if code == ZW:
                body = body_length(raw)
            elif code in values:
                if not values[code]:
                    values[code] = raw.strip(_PAD)
            elif code not in KNOWN_FIELDS:
                if extra is None:
                    extra = []
                extra.append((code, raw.strip(_PAD)))
        if extra:
            self.extras[self.records] = tuple(extra)
        found = tuple((p.page, p.file, p.paragraph) for p in pictures)
        if found:
            self.pictures[self.records] = found
        self.ints.extend((index, line, body, nproblems))
        assert isinstance(self.values, list), "a packed batch takes no more records"
        self.values.extend(t.replace(SEP, "\ufffd") if SEP in t else t for t in values.values())
        self.counts[-1] += 1


