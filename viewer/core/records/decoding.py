"""Bytes to text, for record files of any of the archive's encodings.

Order of decisions for one file:

1. a byte order mark (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE) decides;
2. a user override for the file or one of its folders decides;
3. NUL bytes: UTF-16/32 without a BOM if the ``〖`` bracket is found in
   that encoding; a file whose bytes hold the bracket in UTF-8 or GB18030
   is read on (the loader warns about its NULs); otherwise it is binary;
4. strict UTF-8, then strict GB18030 (a superset of GB2312 and GBK);
5. neither is clean: the file has corrupt bytes or another encoding. The
   encoding whose ``〖`` byte signature appears wins; else the archive's
   inferred encoding (see :func:`infer_archive_encoding`); else chardet. The text
   is decoded with U+FFFD for each bad byte sequence, whose byte offsets are
   reported.

chardet costs about 2 ms a file, so it never runs on every file of a big
archive: only on files that no cheaper rule can place.
"""

from __future__ import annotations

import codecs
import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import PurePath

#: Byte order marks, longest first (the UTF-32 LE mark starts with UTF-16 LE's).
BOMS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
)

#: The opening bracket 〖 in each encoding that can hold it. Big5 and
#: Shift-JIS cannot encode it at all, so a file in those is no record file.
BRACKET = "〖"
SIGNATURES: tuple[tuple[str, bytes], ...] = (
    ("utf-8", BRACKET.encode("utf-8")),
    ("gb18030", BRACKET.encode("gb18030")),
    ("utf-16-le", BRACKET.encode("utf-16-le")),
    ("utf-16-be", BRACKET.encode("utf-16-be")),
    ("utf-32-le", BRACKET.encode("utf-32-le")),
    ("utf-32-be", BRACKET.encode("utf-32-be")),
)

#: Names users type for the GB family; all are read as GB18030.
GB_ALIASES = frozenset({"gb2312", "gbk", "cp936", "gb18030", "euc-cn", "euc_cn"})

#: How many bad byte sequences are located exactly before giving up counting.
MAX_LOCATED_ERRORS = 200


@dataclass(slots=True)
class Decoded:
    """A decoded file.

    Attributes:
        text: the text, newlines as in the file.
        encoding: the codec actually used, as reported to users
            (``utf-8``, ``utf-8-sig``, ``gb18030``, ``utf-16``, ``utf-16-le``…);
            None when the bytes are not text.
        codec: the codec for the bytes after the BOM, for writing back.
        bom: the byte order mark the file started with, or ``b""``.
        bad_offsets: byte offsets of undecodable sequences (the first ones),
            counted from the start of the file, byte order mark included.
        bad_positions: where those sequences are in :attr:`text` (each
            became one U+FFFD), for their line numbers.
        bad_count: how many undecodable sequences there were.
        binary: True when the bytes are not text at all.
        detected_by: how the encoding was chosen (``bom``, ``override``,
            ``strict``, ``signature``, ``archive``, ``chardet``).
    """

    text: str
    encoding: str | None
    codec: str | None
    bom: bytes = b""
    bad_offsets: list[int] = field(default_factory=list)
    bad_positions: list[int] = field(default_factory=list)
    bad_count: int = 0
    binary: bool = False
    detected_by: str = "strict"

    def encode(self, text: str) -> bytes:
        """Encode ``text`` as the file was: same BOM, same codec."""
        if self.codec is None:
            raise ValueError("a binary file has no text encoding")
        return self.bom + text.encode(self.codec)


def normalize_encoding(name: str) -> str:
    """Check a user's encoding name and return Python's codec name for it.

    The GB family (gb2312, gbk, cp936) maps to gb18030, which reads them all.

    Raises:
        LookupError: for an unknown encoding, or a codec that does not turn
            bytes into text (``base64``, ``rot13``, ``zlib``…).
    """
    info = codecs.lookup(name.strip())
    if not getattr(info, "_is_text_encoding", True):
        raise LookupError(f"{name.strip()} is not a text encoding")
    codec = info.name
    if codec in GB_ALIASES or name.strip().lower() in GB_ALIASES:
        return "gb18030"
    return codec


def decode_with_offsets(data: bytes, codec: str, base: int = 0) -> tuple[str, list[int], list[int], int]:
    """Decode ``data``, putting U+FFFD for each bad sequence.

    Args:
        data: the bytes to decode.
        codec: the codec.
        base: added to every byte offset (the length of a byte order mark
            that ``data`` starts after), so that offsets count from the
            start of the file.

    Returns:
        The text, the byte offsets and the text positions of the first bad
        sequences, and how many there were.
    """
    try:
        return data.decode(codec), [], [], 0
    except UnicodeDecodeError:
        pass
    parts: list[str] = []
    offsets: list[int] = []
    positions: list[int] = []
    pos = chars = 0
    while pos < len(data):
        try:
            parts.append(data[pos:].decode(codec))
            break
        except UnicodeDecodeError as e:  # e.start/e.end are relative to pos
            good = data[pos : pos + e.start].decode(codec)
            parts += (good, "\ufffd")
            chars += len(good)
            positions.append(chars)
            offsets.append(base + pos + e.start)
            chars += 1
            pos += e.end
            if len(offsets) >= MAX_LOCATED_ERRORS:
                rest = data[pos:].decode(codec, errors="replace")
                parts.append(rest)
                return "".join(parts), offsets, positions, len(offsets) + rest.count("\ufffd")
    return "".join(parts), offsets, positions, len(offsets)


def _looks_binary(data: bytes) -> bool:
    """NUL bytes, and no 〖 bracket in an encoding where NUL is ordinary text."""
    if b"\x00" not in data:
        return False
    return not any(sig in data for codec, sig in SIGNATURES if not codec.startswith(("utf-16", "utf-32")))


def _from_bom(data: bytes) -> Decoded | None:
    for bom, codec, reported in BOMS:
        if data.startswith(bom):
            text, offsets, positions, count = decode_with_offsets(data[len(bom) :], codec, len(bom))
            return Decoded(text, reported, codec, bom, offsets, positions, count, detected_by="bom")
    return None


def _signature(data: bytes) -> str | None:
    for codec, sig in SIGNATURES:
        if sig in data:
            return codec
    return None


def _chardet(data: bytes) -> str | None:
    import chardet  # imported late: rarely needed, and slow to import

    guess = chardet.detect(data[:65536])
    name = guess.get("encoding")
    if not name:
        return None
    try:
        return normalize_encoding(name)
    except LookupError:
        return None


def decode(data: bytes, *, override: str | None = None, fallback: str | None = None) -> Decoded:
    """Decode one file's bytes.

    Args:
        data: the file's content.
        override: a codec the user chose for this file; used after a BOM check.
        fallback: the archive's inferred codec, for files that no strict
            decode accepts; chardet is used only without it.

    Returns:
        The decoded text and how it was decoded. Never raises for bad bytes.
    """
    if not data:
        return Decoded("", None, None, detected_by="empty")
    found = _from_bom(data)
    if found is not None:
        return found
    if override:
        chosen = normalize_encoding(override)
        text, offsets, positions, count = decode_with_offsets(data, chosen)
        return Decoded(text, chosen, chosen, b"", offsets, positions, count, detected_by="override")
    if _looks_binary(data):
        for wide in ("utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"):
            if BRACKET.encode(wide) in data:
                text, offsets, positions, count = decode_with_offsets(data, wide)
                return Decoded(text, wide, wide, b"", offsets, positions, count, detected_by="signature")
        return Decoded("", None, None, binary=True, detected_by="binary")
    for strict in ("utf-8", "gb18030"):
        try:
            return Decoded(data.decode(strict), strict, strict)
        except UnicodeDecodeError:
            continue
    codec: str | None = _signature(data)
    how = "signature"
    if codec is None and fallback:
        codec, how = fallback, "archive"
    if codec is None:
        codec, how = _chardet(data), "chardet"
    if codec is None:
        codec, how = "gb18030", "default"
    text, offsets, positions, count = decode_with_offsets(data, codec)
    return Decoded(text, codec, codec, b"", offsets, positions, count, detected_by=how)


class EncodingOverrides:
    """The user's encoding choices for files and folders.

    A choice for a folder applies to everything below it; the nearest one
    wins. A choice for ``*`` applies everywhere.
    """

    def __init__(self, choices: dict[str, str] | None = None) -> None:
        self._choices: dict[str, str] = {}
        for path, codec in (choices or {}).items():
            self.set(path, codec)

    def set(self, path: str, codec: str) -> None:
        """Use ``codec`` for ``path`` (a file, a folder, or ``*``).

        Raises:
            LookupError: for an unknown encoding.
        """
        key = path if path == "*" else os.path.abspath(path)
        self._choices[key] = normalize_encoding(codec)

    def __bool__(self) -> bool:
        return bool(self._choices)

    def lookup(self, path: str) -> str | None:
        """The codec chosen for ``path``, or None."""
        if not self._choices:
            return None
        p = PurePath(os.path.abspath(path))
        for candidate in (p, *p.parents):
            codec = self._choices.get(str(candidate))
            if codec:
                return codec
        return self._choices.get("*")


def infer_archive_encoding(encodings: Iterable[str | None]) -> str | None:
    """An archive's encoding, from the encodings of a sample of its files.

    Only files decoded without a BOM and without errors should be passed.
    The most common codec wins; it becomes the fallback for files with
    corrupt bytes, so that chardet does not run per file.
    """
    counts = Counter(e for e in encodings if e)
    if not counts:
        return None
    best = counts.most_common(1)[0][0]
    return "utf-8" if best == "utf-8-sig" else best
