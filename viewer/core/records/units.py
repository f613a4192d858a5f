"""Code points and UTF-16 units.

Offsets in record text count Unicode code points (𠮷 is one). Qt, and the
body store, count UTF-16 units (𠮷 is two); these convert at that boundary.
"""

from __future__ import annotations


def utf16_to_cp(text: str, pos: int) -> int:
    """A UTF-16 position (Qt's) in ``text`` as a code point offset."""
    units = 0
    for i, ch in enumerate(text):
        if units >= pos:
            return i
        units += 2 if ord(ch) > 0xFFFF else 1
    return len(text)


def cp_to_utf16(text: str, pos: int) -> int:
    """A code point offset in ``text`` as a UTF-16 position (Qt's)."""
    return pos + sum(1 for ch in text[:pos] if ord(ch) > 0xFFFF)
