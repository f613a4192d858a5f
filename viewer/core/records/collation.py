"""The orders text columns sort in: by pinyin (汉语拼音), as Chinese readers
look things up, or by code point.

Pinyin order: each Chinese character is read as its most common syllable
with its tone (``zhong1``, ``de5`` for the neutral tone), syllable after
syllable, so that 安 < 北 < 中 and 西安 < 先; characters with the same
reading, and texts with the same readings, then go by code point. Other
characters (digits, Latin letters, punctuation) stay as they are. The
readings are pypinyin's (see the README on why).
"""

from __future__ import annotations

import functools

CODEPOINT = "codepoint"
PINYIN = "pinyin"
COLLATIONS = (PINYIN, CODEPOINT)


@functools.cache
def _readings() -> dict[int, str]:
    """Code point → its most common syllable with a tone digit (made once)."""
    from pypinyin import Style, pinyin_dict
    from pypinyin.style import convert

    table: dict[int, str] = {}
    for cp, readings in pinyin_dict.pinyin_dict.items():
        syllable = convert(readings.split(",")[0], Style.TONE3, strict=False, default="")
        if syllable:
            table[cp] = syllable if syllable[-1].isdigit() else syllable + "5"
    return table


def pinyin_key(text: str) -> str:
    """The text spelled in pinyin with tone digits, for sorting (ties between
    texts that read alike are broken by code point by the caller)."""
    return text.translate(_readings())
