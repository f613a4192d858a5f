"""What is worked out from an archive's content, kept beside its snapshot.

Some results depend on nothing but the archive's content and take seconds
at a million records: the sort ranks of the headline columns
(:meth:`~viewer.core.records.archive.Archive.sort_ranks`; pinyin order most
of all) and the proofreading checks' findings
(:func:`~viewer.core.records.checks.run`). A window otherwise works them
out again in the background at every opening, beside whatever the user
does. They are kept in one file beside the archive's snapshot
(:mod:`~viewer.core.records.snapshot`), named like it with :data:`SUFFIX`,
and used only by an archive that *is* that snapshot: filled wholly from it,
or the one that just wrote it. The file names the snapshot it was made for
(the snapshot's :attr:`~viewer.core.records.snapshot.Snapshot.id`, a
digest of its header, which holds every part's CRC-32) and the number of
records; each part has a *tag*, what else it depends on (a collation
table, the checks' settings and version), which the asker gives and must
match. Another snapshot, another count, another tag, a part whose CRC-32
does not check out: the part is not used, the result is worked out again
and the file rewritten. Like the snapshot, it is never the only copy of
anything: losing it costs only time.

The file: :data:`MAGIC`, the header's length (8 bytes, little-endian), the
header (JSON: version, snapshot id, records, and each part's name, tag,
place, length and CRC-32), then the parts (bytes; what they mean is the
asker's).
"""

from __future__ import annotations

import json
import os
import struct
import threading
import zlib

from viewer.core.files.atomic import atomic_write

VERSION = 1
MAGIC = b"ARCHIVE-VIEWER-KEPT\n"
SUFFIX = ".kept"
#: Smaller archives rank and check in a second or two: no file for them.
MIN_RECORDS = 20_000


def path_for(snapshot_path: str) -> str:
    """The kept file that goes with a snapshot file."""
    base, _ext = os.path.splitext(snapshot_path)
    return base + SUFFIX


class KeptFile:
    """The kept results of one snapshot's archive (used from any thread).

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

    def get(self, name: str, tag: str) -> bytes | None:
        """The part kept under ``name`` made with ``tag``, or None. Read
        from the file at each call (only that part): nothing is held in
        memory here (the ranks of six columns are 24 MB at a million records)."""
        with self._lock:
            found = _decode(self.path, self.snapshot_id, self.records, only=name).get(name)
        if found is None or found[0] != tag:
            return None
        return found[1]

    def put(self, name: str, tag: str, data: bytes) -> bool:
        """Keep ``data`` under ``name`` (the file is rewritten atomically
        with the other sound parts it holds). A file that cannot be written
        costs only time: False, nothing raised."""
        with self._lock:
            parts = _decode(self.path, self.snapshot_id, self.records)
            parts[name] = (tag, bytes(data))
            try:
                atomic_write(self.path, _encode(self.snapshot_id, self.records, parts))
            except OSError:
                return False
            return True


def _encode(snapshot_id: str, records: int, parts: dict[str, tuple[str, bytes]]) -> list[bytes]:
    entries = []
    offset = 0
    for name, (tag, data) in sorted(parts.items()):
        entries.append({"name": name, "tag": tag, "offset": offset, "length": len(data), "crc": zlib.crc32(data)})
        offset += len(data)
    header = json.dumps(
        {"version": VERSION, "snapshot": snapshot_id, "records": records, "parts": entries},
        ensure_ascii=True, separators=(",", ":"),
    ).encode("ascii")
    return [MAGIC + struct.pack("<Q", len(header)) + header, *(data for _name, (_tag, data) in sorted(parts.items()))]


def _decode(path: str, snapshot_id: str, records: int, only: str | None = None) -> dict[str, tuple[str, bytes]]:
    """The file's sound parts (or only the part ``only``), if it is of this
    snapshot; else none."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(len(MAGIC) + 8)
            if len(head) < len(MAGIC) + 8 or not head.startswith(MAGIC):
                return {}
            (length,) = struct.unpack_from("<Q", head, len(MAGIC))
            size = os.fstat(fh.fileno()).st_size
            start = len(head) + length
            if start > size:
                return {}
            header = json.loads(fh.read(length))
            if (not isinstance(header, dict) or header.get("version") != VERSION
                    or header.get("snapshot") != snapshot_id or header.get("records") != records):
                return {}
            parts: dict[str, tuple[str, bytes]] = {}
            for entry in header["parts"]:
                if only is not None and entry["name"] != only:
                    continue
                a = start + int(entry["offset"])
                b = a + int(entry["length"])
                if a < start or b > size:
                    continue
                fh.seek(a)
                part = fh.read(b - a)
                if len(part) == b - a and zlib.crc32(part) == entry["crc"]:
                    parts[str(entry["name"])] = (str(entry["tag"]), part)
            return parts
    except OSError:
        return {}
    except (ValueError, TypeError, KeyError, struct.error, UnicodeDecodeError):
        return {}
