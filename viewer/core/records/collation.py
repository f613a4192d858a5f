"""The orders text columns sort in: by pinyin (汉语拼音), as Chinese readers
look things up, or by code point.

Pinyin order: each Chinese character is read as its most common syllable
with its tone (``zhong1``, ``de5`` for the neutral tone), syllable after
syllable, so that 安 < 北 < 中 and 西安 < 先; texts that read alike then go
by code point. Characters without a reading (digits, Latin letters, most
punctuation) keep their code point and come before the Chinese ones. The
readings are pypinyin's (see the README on why). A key is one UTF-16 unit a
character (the syllable's place), so that a packed column is ranked with
numpy sorts, as in code-point order.
"""

from __future__ import annotations

import functools
import os

import numpy as np

CODEPOINT = "codepoint"
PINYIN = "pinyin"
COLLATIONS = (PINYIN, CODEPOINT)
#: Bump when the pinyin keys below are made differently.
_PINYIN_RULES = 1


def collation_tag(collation: str) -> str:
    """What an order's ranks depend on besides the texts (kept ranks made
    under another tag are not used): for pinyin, pypinyin's table too."""
    if collation == PINYIN:
        return f"{PINYIN}:{_PINYIN_RULES}:{_table_stamp()}"
    return f"{collation}:1"


@functools.cache
def _table_stamp() -> str:
    """pypinyin's version and reading table, by their files' sizes and
    times, found without importing pypinyin (which loads the table: half a
    second) or importlib.metadata (which, in a background thread, held the
    import lock while the window waited): another table, another stamp."""
    import importlib.util

    try:
        spec = importlib.util.find_spec("pypinyin")
        folders = list(spec.submodule_search_locations or []) if spec is not None else []
        stats = [os.stat(os.path.join(folders[0], name)) for name in ("__init__.py", "pinyin_dict.json")]
    except (ImportError, ValueError, IndexError, OSError):
        return "unknown"
    return ".".join(f"{st.st_size}.{st.st_mtime_ns}" for st in stats)


@functools.cache
def _readings() -> dict[int, str]:
    """Code point → its most common syllable with a tone digit (made once)."""
    from pypinyin import Style, pinyin_dict
    from pypinyin.style import convert

    spelled: dict[str, str] = {}  # 42,000 characters read about 1,500 ways: each converted once
    table: dict[int, str] = {}
    for cp, readings in pinyin_dict.pinyin_dict.items():
        marked = readings.split(",")[0]
        syllable = spelled.get(marked)
        if syllable is None:
            syllable = spelled[marked] = convert(marked, Style.TONE3, strict=False, default="")
        if syllable:
            table[cp] = syllable if syllable[-1].isdigit() else syllable + "5"
    return table


#: Where the syllables' places go: the Private Use Area, above the other
#: characters of the Basic Multilingual Plane that titles hold (except
#: full-width punctuation), so that a key stays one UTF-16 unit a character.
SYLLABLES_AT = 0xE000


@functools.cache
def _places() -> dict[int, int]:
    """Code point → its syllable's place among all syllables (in pinyin
    order, ``xi1`` < ``xian1``), offset by :data:`SYLLABLES_AT`."""
    readings = _readings()
    syllables = sorted(set(readings.values()))
    place = {s: SYLLABLES_AT + i for i, s in enumerate(syllables)}
    return {cp: place[s] for cp, s in readings.items()}


def spelling(text: str) -> str:
    """The text spelled in pinyin with tone digits (``中国`` → ``zhong1guo2``)."""
    return text.translate(_readings())


def pinyin_key(text: str) -> str:
    """A key that sorts texts by pinyin: each character with a reading
    becomes its syllable's place (one character), others stay as they are
    (so that digits, Latin letters and most punctuation come before Chinese).
    Texts that read alike have equal keys; the caller breaks those ties by
    code point."""
    return text.translate(_places())


@functools.cache
def pinyin_units() -> np.ndarray:
    """:func:`pinyin_key` as a table of UTF-16 units (65,536 entries), for
    translating a packed column with numpy."""
    table = np.arange(0x10000, dtype=np.uint16)
    for cp, place in _places().items():
        if cp < 0x10000 and not 0xD800 <= cp < 0xE000:
            table[cp] = place
    return table


def shared_ranks(name: str, n: int, nbytes: int, collation: str) -> None:
    """:func:`packed_ranks` of a column laid out in the shared memory block
    ``name`` by :func:`~viewer.core.records.archive.rank_apart`: ``n`` row
    ends (int64), room for ``n`` ranks (int32), then ``nbytes`` of UTF-16
    data; the ranks are written into their room. What a worker process
    runs: twenty megabytes through a pipe went 64 KB a write, each waiting
    for the sending process's interpreter lock."""
    from multiprocessing import shared_memory

    # (Attaching registers the block with the resource tracker, which this
    # process shares with its creator: the creator's removal unregisters it.)
    block = shared_memory.SharedMemory(name=name)
    try:
        buf = block.buf
        assert buf is not None
        ends = np.frombuffer(buf, dtype=np.int64, count=n)
        data = bytes(buf[12 * n : 12 * n + nbytes])
        np.frombuffer(buf, dtype=np.int32, count=n, offset=8 * n)[:] = packed_ranks(data, ends.copy(), collation)
        del ends, buf
    finally:
        block.close()


def packed_ranks(data: bytes, ends: np.ndarray, collation: str) -> np.ndarray:
    """The ranks of a packed column in ``collation``, from its UTF-16 data and
    each row's end (see :meth:`~viewer.core.records.textcolumn.TextColumn.packed_units`;
    no character beyond the Basic Multilingual Plane), as int32: what a
    worker process runs (:func:`~viewer.core.records.archive.rank_apart`)."""
    from viewer.core.records.textcolumn import units_ranks

    if collation == PINYIN:
        ranks = units_ranks(data, ends, pinyin_units(), ties_by_code_point=True)
    else:
        ranks = units_ranks(data, ends)
    return ranks.astype(np.int32)
