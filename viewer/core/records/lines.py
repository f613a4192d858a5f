"""Line numbers and newline styles, the same for every file.

A line ends at ``\\r\\n``, at ``\\n`` or at a lone ``\\r``: DOS, Unix and old
Mac files, and files that mix them, are numbered as an editor shows them.
Positions are offsets in the decoded text, so the numbering does not depend
on the encoding (UTF-16 included) or on a byte order mark.
"""

from __future__ import annotations


def count_breaks(text: str, start: int = 0, end: int | None = None) -> int:
    """How many line breaks end in ``text[start:end]``.

    A ``\\r\\n`` pair counts once, at its ``\\n``; a ``\\r`` just before
    ``end`` whose ``\\n`` lies at ``end`` is left for the next range.
    """
    end = len(text) if end is None else end
    if end <= start:
        return 0
    n = text.count("\n", start, end) + text.count("\r", start, end) - text.count("\r\n", start, end)
    if text[end - 1] == "\r" and end < len(text) and text[end] == "\n":
        n -= 1
    return n


def line_at(text: str, pos: int) -> int:
    """The 1-based line of the character at ``pos``."""
    return count_breaks(text, 0, pos) + 1


class LineCounter:
    """1-based lines of positions in one text, cheap when asked in order."""

    __slots__ = ("_text", "_pos", "_line")

    def __init__(self, text: str) -> None:
        self._text = text
        self._pos = 0
        self._line = 1

    def at(self, pos: int) -> int:
        """The line of the character at ``pos``."""
        if pos < self._pos:  # rare: count again from the start
            self._pos, self._line = 0, 1
        self._line += count_breaks(self._text, self._pos, pos)
        self._pos = pos
        return self._line


def newline_of(text: str, default: str = "\n") -> str:
    """The text's newline (``\\r\\n``, ``\\n`` or ``\\r``): the first one found."""
    lf, cr = text.find("\n"), text.find("\r")
    if cr >= 0 and (lf < 0 or cr < lf):
        return "\r\n" if text.startswith("\n", cr + 1) else "\r"
    return "\n" if lf >= 0 else default
