"""Sort ranks of a snapshot's text columns, kept beside the snapshot.

Sorting a million records by 标题 needs every title's place in the order
(:meth:`~viewer.core.records.archive.Archive.sort_ranks`): seconds of work,
in pinyin order most of all, which a window otherwise does again in the
background at every opening while the user waits or scrolls. Ranks depend
on nothing but the column's texts and the collation, so they are kept in a
file beside the archive's snapshot (:mod:`~viewer.core.records.snapshot`),
named like it with :data:`SUFFIX`, and used only by an archive that *is*
that snapshot: filled wholly from it, or just written to it (the
snapshot's :attr:`~viewer.core.records.snapshot.Snapshot.id`, a digest of
its header, which holds every part's CRC-32, must match the one the ranks
were made for). Anything else about the file — another snapshot, another
collation table (:func:`~viewer.core.records.collation.collation_tag`),
another number of records, a damaged part, values out of range — means it
is not used; the ranks are worked out again and the file rewritten. Like
the snapshot, it is never the only copy of anything.

The file: :data:`MAGIC`, the header's length (8 bytes, little-endian), the
header (JSON: version, snapshot id, records, and each part's key, tag,
place, length and CRC-32), then the parts, an int32 rank a record each.
"""

from __future__ import annotations

import json
import os
import struct
import threading
import zlib

import numpy as np

from viewer.core.files.atomic import atomic_write

VERSION = 1
MAGIC = b"ARCHIVE-VIEWER-RANKS\n"
SUFFIX = ".ranks"
#: Smaller archives are ranked in well under a second: no file for them.
MIN_RECORDS = 20_000


def path_for(snapshot_path: str) -> str:
    """The rank file that goes with a snapshot file."""
    base, _ext = os.path.splitext(snapshot_path)
    return base + SUFFIX


class RankFile:
    """The kept ranks of one snapshot's columns (used from any thread).

    Args:
        path: the file (it need not exist).
        snapshot_id: the snapshot the archive is.
        records: the archive's number of records.
    """

    def __init__(self, path: str, snapshot_id: str, records: int) -> None:
        self.path = path
        self.snapshot_id = snapshot_id
        self.records = records
        self._lock = threading.Lock()
        self._parts: dict[str, tuple[str, np.ndarray]] | None = None  # key → (tag, ranks), once read

    def get(self, key: str, tag: str) -> np.ndarray | None:
        """The ranks kept under ``key`` made with ``tag`` (int32), or None."""
        with self._lock:
            found = self._read().get(key)
        if found is None or found[0] != tag:
            return None
        return found[1]

    def put(self, key: str, tag: str, ranks: np.ndarray) -> bool:
        """Keep ``ranks`` under ``key`` (the file is rewritten atomically
        with the others it holds). A file that cannot be written costs only
        speed: False, nothing raised."""
        if len(ranks) != self.records or self.records < MIN_RECORDS or self.records >= 1 << 31:
            return False
        with self._lock:
            parts = dict(self._read())
            parts[key] = (tag, np.ascontiguousarray(ranks, dtype="<i4"))
            try:
                atomic_write(self.path, _encode(self.snapshot_id, self.records, parts))
            except OSError:
                return False
            self._parts = parts
            return True

    def _read(self) -> dict[str, tuple[str, np.ndarray]]:
        if self._parts is None:
            self._parts = _decode(self.path, self.snapshot_id, self.records)
        return self._parts


def _encode(snapshot_id: str, records: int, parts: dict[str, tuple[str, np.ndarray]]) -> list[bytes]:
    entries = []
    blobs = []
    offset = 0
    for key, (tag, ranks) in sorted(parts.items()):
        blob = ranks.astype("<i4", copy=False).tobytes()
        entries.append({"key": key, "tag": tag, "offset": offset, "length": len(blob), "crc": zlib.crc32(blob)})
        blobs.append(blob)
        offset += len(blob)
    header = json.dumps(
        {"version": VERSION, "snapshot": snapshot_id, "records": records, "parts": entries},
        ensure_ascii=True, separators=(",", ":"),
    ).encode("ascii")
    return [MAGIC + struct.pack("<Q", len(header)) + header, *blobs]


def _decode(path: str, snapshot_id: str, records: int) -> dict[str, tuple[str, np.ndarray]]:
    """The file's parts, if it is of this snapshot and checks out; else none."""
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError:
        return {}
    try:
        if not data.startswith(MAGIC):
            return {}
        start = len(MAGIC)
        (length,) = struct.unpack_from("<Q", data, start)
        start += 8
        header = json.loads(data[start : start + length])
        start += length
        if (not isinstance(header, dict) or header.get("version") != VERSION
                or header.get("snapshot") != snapshot_id or header.get("records") != records):
            return {}
        parts: dict[str, tuple[str, np.ndarray]] = {}
        for entry in header["parts"]:
            a = start + int(entry["offset"])
            b = a + int(entry["length"])
            if a < start or b > len(data) or b - a != 4 * records:
                continue
            raw = memoryview(data)[a:b]
            if zlib.crc32(raw) != entry["crc"]:
                continue
            ranks = np.frombuffer(raw, dtype="<i4")
            if records and (int(ranks.min()) < 0 or int(ranks.max()) >= records):
                continue
            parts[str(entry["key"])] = (str(entry["tag"]), ranks)
        return parts
    except (ValueError, TypeError, KeyError, struct.error, UnicodeDecodeError):
        return {}
