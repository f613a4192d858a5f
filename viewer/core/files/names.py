"""File names as text, for output that must be valid UTF-8.

On POSIX a file name is bytes. Python keeps bytes that are not UTF-8 as
lone surrogates (``surrogateescape``), which cannot be written as UTF-8.
Every output of the program (JSON lines, CSV, tables, exports) writes a
name with each such byte as U+FFFD; JSON lines add ``file_bytes``, the
exact name in base64, whenever the name is not valid UTF-8.
"""

from __future__ import annotations

import base64
import os


def text_of(name: str) -> str:
    """``name`` with each byte that is not UTF-8 as U+FFFD (other text unchanged)."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


#: Control characters as escapes (a newline as ``\\n``), for :func:`one_line`.
_CONTROLS = {c: f"\\x{c:02x}" for c in (*range(0x20), 0x7F)} | {0x0A: "\\n", 0x0D: "\\r", 0x09: "\\t"}


def one_line(text: str) -> str:
    """``text`` as :func:`text_of` makes it, with every control character
    escaped (a newline as ``\\n``, a tab as ``\\t``): one line of a
    line-oriented output (``check``'s findings, reports, messages),
    whatever a file name holds (a newline is a valid character of one)."""
    return text_of(text).translate(_CONTROLS)


def name_fields(obj: dict, path: str, key: str | None = None) -> dict:
    """Put ``file`` (and ``key``) into ``obj`` for JSON output, with
    ``file_bytes`` when the name is not valid UTF-8; returns ``obj``."""
    obj["file"] = text_of(path)
    if key is not None:
        obj["key"] = text_of(key)
    if obj["file"] != path:
        obj["file_bytes"] = base64.b64encode(os.fsencode(path)).decode("ascii")
    return obj
