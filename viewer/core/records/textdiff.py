"""Character-level differences between two texts, for tracked changes.

:func:`char_diff` says, run by run, what stayed, what went and what came,
character by character (Chinese has no words to diff by).
"""

from __future__ import annotations

from difflib import SequenceMatcher
from typing import Literal

Op = Literal["=", "-", "+"]


def char_diff(old: str, new: str) -> list[tuple[Op, str]]:
    """Runs of ``("=", text)`` kept, ``("-", text)`` removed and ``("+",
    text)`` added that turn ``old`` into ``new``; a replacement is its
    removal, then its addition. Joining the ``=`` and ``-`` runs gives
    ``old``; the ``=`` and ``+`` runs give ``new``."""
    out: list[tuple[Op, str]] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "equal":
            out.append(("=", old[i1:i2]))
            continue
        if i2 > i1:
            out.append(("-", old[i1:i2]))
        if j2 > j1:
            out.append(("+", new[j1:j2]))
    return out
