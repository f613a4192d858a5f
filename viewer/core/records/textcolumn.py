"""Columns of short texts held compactly: packed into one buffer
(:class:`TextColumn`, for texts that rarely repeat, such as titles), or as
a code per row and the distinct texts once (:class:`CodedColumn`, for
texts that repeat: dates, pages, 版名, authors).

A million titles as a million Python strings cost about 110 bytes each and
scatter small objects among the ones loading throws away, so that the heap
cannot shrink afterwards. Packed as UTF-16 in one buffer (each text ended
by U+001F) with an array of ends they cost 2 bytes a character plus 10, in
two large blocks. A value is decoded when it is asked for; a whole column
is decoded at once (:meth:`TextColumn.tolist`) for the passes that read
every value; finding and ordering work on the buffer as a whole (numpy).
"""

from __future__ import annotations

import heapq
from array import array
from collections.abc import Iterable, Iterator, Sequence
from typing import overload

import numpy as np

from viewer.core.records.arrays import append

_CODEC = "utf-16-le"
_ERRORS = "surrogatepass"  # a lone surrogate (from a damaged file) is kept as it is
#: Ends every text in the buffer (a loaded field never holds it).
_END = "\x1f"
#: Rows decoded at a time by :meth:`TextColumn.tolist`.
TOLIST_ROWS = 1 << 16


class _Texts(Sequence[str]):
    """What both columns share: made from texts, read by row or slice."""

    def __init__(self, values: Iterable[str] = ()) -> None:
        values = list(values)
        if values:
            self.extend(values)

    def extend(self, values: list[str]) -> None:
        raise NotImplementedError

    def _one(self, i: int) -> str:
        raise NotImplementedError

    @overload
    def __getitem__(self, i: int) -> str: ...

    @overload
    def __getitem__(self, i: slice) -> list[str]: ...

    def __getitem__(self, i):  # type: ignore[no-untyped-def]
        if isinstance(i, slice):
            return [self._one(j) for j in range(*i.indices(len(self)))]
        return self._one(i)


#: numpy's type for each typecode of a column's ends.
_ENDS_DTYPE = {"i": np.int32, "q": np.int64}


class TextColumn(_Texts):
    """Texts by row, packed (see the module's docstring).

    Appending is safe beside readers in other threads: a row is visible
    (``len``) once its text is stored.
    """

    def __init__(self, values: Iterable[str] = ()) -> None:
        self._data: bytes | bytearray = bytearray()  # bytes once settled (see settle)
        self._ends = array("i")  # each row's end in _data, in bytes (its _END follows); "q" past 2**31
        self._wide = False  # a character beyond the BMP (two units) or a lone surrogate?
        self._plain = True  # no text holds _END (so the decoded buffer splits at it)
        super().__init__(values)

    def __len__(self) -> int:
        return len(self._ends)

    def _one(self, i: int) -> str:
        ends = self._ends
        if i < 0:
            i += len(ends)
        end = ends[i]  # IndexError as a list's
        return self._data[ends[i - 1] + 2 if i else 0 : end].decode(_CODEC, _ERRORS)

    def __iter__(self) -> Iterator[str]:
        return iter(self.tolist())

    def settle(self) -> None:
        """A load has ended: hold the texts in a buffer that cannot grow
        (``bytes``), which searching, counting and ranking the whole column
        then read as it is; a growable one is copied each time, as a numpy
        view of it would make another thread's append fail (the quick filter
        at a million records copied each headline column, tens of megabytes,
        with the interpreter lock held, at every search). Appending again
        makes it growable first (a copy)."""
        if isinstance(self._data, bytearray):
            self._data = bytes(self._data)

    def _growable(self) -> bytearray:
        data = self._data
        if not isinstance(data, bytearray):
            data = self._data = bytearray(data)
        return data

    def extend(self, values: list[str]) -> None:
        """Append texts."""
        if not values:
            return
        joined = _END.join(values) + _END
        try:
            data = joined.encode(_CODEC)
        except UnicodeEncodeError:  # a lone surrogate
            data = joined.encode(_CODEC, _ERRORS)
            self._wide = True
        lengths = np.fromiter(map(len, values), dtype=np.int64, count=len(values)) + 1
        if len(data) != 2 * len(joined):  # characters beyond the BMP take two units
            self._wide = True
            lengths = np.fromiter((len(v.encode(_CODEC, _ERRORS)) // 2 + 1 for v in values), np.int64, len(values))
        if self._plain and joined.count(_END) != len(values):
            self._plain = False
        base = self._ends[-1] + 2 if self._ends else 0
        self._growable().extend(data)
        self._add_ends(base + 2 * np.cumsum(lengths) - 2)

    def extend_packed(self, data: bytes | memoryview, ends: np.ndarray, wide: bool, plain: bool) -> None:
        """Append rows as :meth:`packed` gives them (``ends`` relative to
        ``data``); the flags say whether any of them is wide or not plain."""
        if not len(ends):
            return
        base = self._ends[-1] + 2 if self._ends else 0
        self._wide = self._wide or wide
        self._plain = self._plain and plain
        self._growable().extend(data)
        self._add_ends(ends.astype(np.int64) + base)

    def _add_ends(self, ends: np.ndarray) -> None:
        """Append rows' ends (int64), held as int32 while they fit (half
        the memory: 4 MB a million rows)."""
        if len(ends) and int(ends[-1]) >= 1 << 31 and self._ends.typecode == "i":
            self._ends = array("q", self._ends)
        append(self._ends, ends)

    def _ends_array(self, n: int) -> np.ndarray:
        """The first ``n`` rows' ends as int64 (a copy)."""
        found = self._ends
        if not n:
            return np.zeros(0, dtype=np.int64)
        return np.frombuffer(found[:n], dtype=_ENDS_DTYPE[found.typecode]).astype(np.int64)

    def packed(self, n: int) -> tuple[bytes | bytearray, np.ndarray, bool, bool]:
        """The first ``n`` rows as stored: the UTF-16 data (each text ended
        by U+001F), each row's end in it (bytes, before its U+001F), and
        whether a text is wide (beyond the BMP, or a lone surrogate) or
        not plain (holding U+001F)."""
        ends = self._ends_array(n)
        data = self._copy(int(ends[-1]) + 2) if n else b""
        return data, ends, self._wide, self._plain

    def _copy(self, nbytes: int) -> bytes | bytearray:
        """The data's first ``nbytes``: a settled column's buffer itself,
        else copied once, in one call (slicing the bytearray and then
        making bytes of it copied tens of megabytes twice with the
        interpreter lock held; a view of the bytearray would make another
        thread's append fail while it exists)."""
        data = self._data
        if isinstance(data, bytes) and nbytes == len(data):
            return data
        return data[:nbytes]

    def _snapshot(self) -> tuple[np.ndarray, np.ndarray, bytes | bytearray]:
        """Each row's start and end (in UTF-16 units) and the data, copied:
        a buffer that a numpy view holds could not grow while another thread
        appends."""
        ends = self._ends_array(len(self._ends)) // 2
        data = self._copy(2 * int(ends[-1]) + 2) if len(ends) else b""
        return _starts(ends), ends, data

    def tolist(self) -> list[str]:
        """Every text, by row (the buffer decoded :data:`TOLIST_ROWS` rows
        at a time: one call over a million titles would hold the interpreter
        lock for a tenth of a second, and the window waits behind it)."""
        starts, ends, data = self._snapshot()
        if not len(ends):
            return []
        if self._plain and not self._wide:
            out: list[str] = []
            for r0 in range(0, len(ends), TOLIST_ROWS):
                r1 = min(r0 + TOLIST_ROWS, len(ends))
                out += data[2 * int(starts[r0]) : 2 * int(ends[r1 - 1])].decode(_CODEC, _ERRORS).split(_END)
            return out
        return [data[2 * a : 2 * b].decode(_CODEC, _ERRORS) for a, b in zip(starts.tolist(), ends.tolist())]

    def count_in_rows(self, rows: np.ndarray, needle: str) -> int | None:
        """Occurrences of ``needle`` in the texts of ``rows`` (each row once;
        int64), as ``str.count`` counts them text by text, found by comparing
        the whole buffer's UTF-16 units in numpy: nothing is decoded, and
        other threads (the window) run meanwhile. None for a needle this
        cannot count (one that can overlap itself, as 哈哈 in 哈哈哈, which
        ``str.count`` does not count twice; one holding a surrogate or the
        separator): the caller counts the decoded texts."""
        units = np.frombuffer(needle.encode(_CODEC, _ERRORS), dtype="<u2")
        if (not len(units) or _END in needle or ((units >= 0xD800) & (units < 0xE000)).any()
                or overlaps_itself(units)):
            return None
        starts, ends, data = self._snapshot()
        if not len(ends) or not len(rows):
            return 0
        at = np.flatnonzero(unit_matches(np.frombuffer(data, dtype="<u2"), units))
        if not len(at):
            return 0
        wanted = np.zeros(len(ends), dtype=bool)
        wanted[rows] = True
        return int(np.count_nonzero(wanted[np.searchsorted(starts, at, side="right") - 1]))

    def find_rows(self, needle: str, *, fold: bool = False) -> np.ndarray:
        """The rows whose text contains ``needle`` (sorted, each once), found
        by comparing the whole buffer at once (numpy), not row by row.

        Args:
            fold: ignore case (``str.casefold`` of both sides).
        """
        starts, ends, data = self._snapshot()
        if fold:
            needle = needle.casefold()
            folded = data.decode(_CODEC, _ERRORS).casefold().encode(_CODEC, _ERRORS)
            if len(folded) != len(data):  # folding changed lengths (ß → ss): row by row
                return np.array([r for r, v in enumerate(self.tolist()) if needle in v.casefold()], dtype=np.int64)
            data = folded
        if not needle:
            return np.arange(len(ends), dtype=np.int64)
        pattern = np.frombuffer(needle.encode(_CODEC, _ERRORS), dtype="<u2")
        units = np.frombuffer(data, dtype="<u2")
        m = len(pattern)
        if len(units) < m:
            return np.zeros(0, dtype=np.int64)
        at = np.flatnonzero(units[: len(units) - m + 1] == pattern[0])
        for k in range(1, m):
            at = at[units[at + k] == pattern[k]]
        rows = np.searchsorted(ends, at, side="left")
        ok = (rows < len(ends)) & (at >= starts[np.minimum(rows, len(ends) - 1)])
        rows, at = rows[ok], at[ok]
        return np.unique(rows[at + m <= ends[rows]])

    @property
    def wide(self) -> bool:
        """Does a text hold a character beyond the Basic Multilingual Plane?"""
        return self._wide

    def ranks(self, table: np.ndarray | None = None, *, ties_by_code_point: bool = False) -> np.ndarray:
        """Each row's place in the order of the texts (int64; equal texts,
        equal places; the order is Python's, by code point). With ``table``
        (a uint16 array of 65,536 entries), in the order of the texts with
        each UTF-16 unit ``u`` read as ``table[u]``; and with
        ``ties_by_code_point``, texts that read alike then by code point
        (the pinyin order of :mod:`~viewer.core.records.collation`): only the
        rows still tied are compared again, by their own units, instead of
        ranking every text twice (a second full pass and a merge of the two:
        1.1 of 1.5 s at a million titles).

        The texts are ordered by their first few units, then the rows still
        tied by the next few, and so on (numpy sorts of whole arrays, not a
        comparison per pair in Python)."""
        if self._wide:  # surrogates: UTF-16 order is not code point order
            texts = self.tolist()
            if table is not None:
                mapping = {i: int(u) for i, u in enumerate(table.tolist()) if u != i}
                read = [t.translate(mapping) for t in texts]
                if ties_by_code_point:
                    return ranks_of_pairs(read, texts)
                texts = read
            return ranks_of(texts)
        _starts, ends, data = self._snapshot()
        return units_ranks(data, ends, table, ties_by_code_point=ties_by_code_point)

    def packed_units(self) -> tuple[bytes | bytearray, np.ndarray]:
        """The UTF-16 data (a copy) and each row's end in it, in units (the
        separator follows each row): what :func:`units_ranks` ranks, to send
        to another process."""
        _starts, ends, data = self._snapshot()
        return data, ends


def _starts(ends: np.ndarray) -> np.ndarray:
    """Each row's start (in units) from the rows' ends: each row begins
    after the previous one's separator."""
    starts = np.empty_like(ends)
    if len(ends):
        starts[0] = 0
        starts[1:] = ends[:-1] + 1
    return starts


def units_ranks(data: bytes | bytearray, ends: np.ndarray, table: np.ndarray | None = None, *,
                ties_by_code_point: bool = False) -> np.ndarray:
    """:meth:`TextColumn.ranks` of a column without characters beyond the
    Basic Multilingual Plane, from its :meth:`~TextColumn.packed_units`
    (int64)."""
    n = len(ends)
    starts = _starts(ends)
    units = np.frombuffer(data, dtype="<u2")
    rank = np.zeros(n, dtype=np.int64)  # the place of the first row of the row's group of ties
    _refine(rank, np.arange(n, dtype=np.int64), table[units] if table is not None else units, starts, ends)
    if table is not None and ties_by_code_point and n > 1:
        shared = np.bincount(rank, minlength=n)[rank] > 1  # rows that read alike (equal texts too)
        _refine(rank, np.flatnonzero(shared), units, starts, ends)
    return rank


def _refine(rank: np.ndarray, active: np.ndarray, units: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> None:
    """Tell apart, by ``units``, the rows ``active`` whose places in ``rank``
    are shared (each group's place is that of its first row, and every row
    of a group being told apart is in ``active``): in place."""
    offset = 0
    while len(active) > 1:
        pos = starts[active] + offset
        stop = ends[active]
        key = np.zeros(len(active), dtype=np.uint64)
        for k in range(_STEP):
            p = pos + k
            inside = p < stop
            unit = np.where(inside, units[np.minimum(p, len(units) - 1)].astype(np.uint64) + np.uint64(1), np.uint64(0))
            key = (key << np.uint64(17)) | unit
        group = rank[active]
        order = np.lexsort((key, group))
        active, group, key = active[order], group[order], key[order]
        new_group = np.ones(len(active), dtype=bool)
        new_group[1:] = group[1:] != group[:-1]
        new_key = new_group.copy()
        new_key[1:] |= key[1:] != key[:-1]
        where = np.arange(len(active), dtype=np.int64)
        group_first = np.maximum.accumulate(np.where(new_group, where, 0))
        key_first = np.maximum.accumulate(np.where(new_key, where, 0))
        rank[active] = group + (key_first - group_first)
        # Still tied: rows sharing their new place with another whose text goes on.
        tied = np.zeros(len(active), dtype=bool)
        same_next = ~new_key[1:]
        tied[:-1] |= same_next
        tied[1:] |= same_next
        going_on = stop[order] >= pos[order] + _STEP  # (a text ending just here is not yet told from a longer one)
        active = active[tied & going_on]
        offset += _STEP


class CodedColumn(_Texts):
    """Texts by row as an int32 code each and the distinct texts, in order of
    first appearance: a repeating column costs 4 bytes a row, and its
    distinct texts are the only string objects it keeps.

    Appending is safe beside readers in other threads (a new text is stored
    before the first code that stands for it).
    """

    def __init__(self, values: Iterable[str] = ()) -> None:
        self._codes = array("i")
        self._values: list[str] = []
        self._place: dict[str, int] | None = {}  # text → code, for appending (None: let go, see settle)
        self._packed: TextColumn | None = None  # the distinct texts packed, for finding (see holding)
        self._distinct_list: list[str] | None = None  # a snapshot's texts, known distinct (see extend_mapped)
        super().__init__(values)

    def __len__(self) -> int:
        return len(self._codes)

    def _one(self, i: int) -> str:
        return self._values[self._codes[i]]

    def __iter__(self) -> Iterator[str]:
        return map(self._values.__getitem__, self._codes[: len(self._codes)])

    def settle(self) -> None:
        """Let go of the map from text to code until more rows come (a load
        has ended): for a column of authors at a million records, 20 MB of
        a dict that only appending uses."""
        self._place = None
        self._distinct_list = None

    def holding(self, needle: str, *, fold: bool = False) -> np.ndarray:
        """Which distinct texts contain ``needle`` (bool, by code; ``fold``:
        ignoring case), found in one packed buffer of them (numpy, kept
        until more texts come), not text by text in Python: a column of
        150,000 authors took 30 ms of the interpreter lock a search."""
        values = self._values
        n = len(values)
        packed = self._packed
        if packed is None or len(packed) != n:
            packed = TextColumn(values[:n])
            packed.settle()
            self._packed = packed
        found = np.zeros(n, dtype=bool)
        found[packed.find_rows(needle, fold=fold)] = True
        return found

    def _placed(self) -> dict[str, int]:
        if self._place is None:
            self._place = {v: i for i, v in enumerate(self._values)}
        return self._place

    def extend(self, values: list[str]) -> None:
        """Append texts."""
        place = self._placed()
        for value in dict.fromkeys(values):  # the distinct ones, in order (C speed)
            if value not in place:
                self._values.append(value)
                place[value] = len(place)
        self._codes.extend(map(place.__getitem__, values))

    def extend_mapped(self, codes: np.ndarray, values: list[str], mapping: np.ndarray) -> None:
        """Append rows given as codes into another list of ``values``.

        Args:
            mapping: each of those values' code here, -1 for those not met
                yet (filled in as rows use them, in order of first
                appearance, as :meth:`extend` would).
        """
        if not len(codes):
            return
        mine = mapping[codes]
        if (mine < 0).any():
            order = _first_appearances(codes, mapping)
            start, stop = (order.start, order.stop) if isinstance(order, range) else (-1, -1)
            if (start == len(self._values) and self._all_distinct(values)
                    and np.array_equal(mapping[:start], np.arange(start))):
                # A column of a snapshot taken in order, into one that holds
                # exactly the texts before (none, or the runs before): its
                # texts as they are.
                self._values.extend(values[start:stop])
                self._place = None  # (made again if more rows come)
                mapping[start:stop] = np.arange(start, stop)
                append(self._codes, codes)
                return
            place = self._placed()
            for v in order:
                text = values[v]
                code = place.get(text)
                if code is None:
                    code = len(self._values)
                    self._values.append(text)
                    place[text] = code
                mapping[v] = code
            mine = mapping[codes]
        append(self._codes, mine)

    def _all_distinct(self, values: list[str]) -> bool:
        """Are a snapshot's texts all different (as a well-formed one's
        are)? Looked at once for the runs of one snapshot, not at each run:
        a set of every author so far at each of a million records' 120 runs
        cost 0.8 s of a reopen."""
        if values is self._distinct_list:
            return True
        if len(set(values)) != len(values):
            return False
        self._distinct_list = values
        return True

    def tolist(self) -> list[str]:
        """Every text, by row."""
        return list(self)

    def distinct(self) -> list[str]:
        """The distinct texts, in order of first appearance (a copy)."""
        return self._values[:]

    def codes(self) -> tuple[np.ndarray, list[str]]:
        """Each row's code (int32, a copy) and the distinct texts they stand for."""
        codes = self._codes[: len(self._codes)]  # first: every text they use is stored already
        as_array = np.frombuffer(codes, dtype=np.int32) if len(codes) else np.zeros(0, dtype=np.int32)
        return as_array, self._values[:]


def _first_appearances(codes: np.ndarray, mapping: np.ndarray) -> range | list[int]:
    """The codes not yet mapped (``mapping`` -1), each once, in the order
    they first appear in ``codes``. A whole column of a snapshot has its
    codes first appearing as 0, 1, 2…, and a run of it that follows the
    runs before it as m, m+1… (m: the codes mapped so far): told by a
    running maximum, without sorting a million codes."""
    if len(codes):
        m = int(np.count_nonzero(mapping >= 0))
        if (mapping[m:] < 0).all():  # (the codes mapped are the first m)
            before = np.maximum.accumulate(np.maximum(codes, m - 1))
            if codes[0] <= m and (codes[1:] <= before[:-1] + 1).all():
                return range(m, int(before[-1]) + 1)
    unique, first = np.unique(codes, return_index=True)
    unseen = mapping[unique] < 0
    return unique[unseen][np.argsort(first[unseen], kind="stable")].tolist()


def overlaps_itself(units: np.ndarray) -> bool:
    """Can two matches of these UTF-16 units overlap (哈哈 in 哈哈哈)?
    ``str.count`` counts such a needle's matches without overlaps, which
    :func:`unit_matches` does not do."""
    k = len(units)
    return any((units[j:] == units[: k - j]).all() for j in range(1, k))


def unit_matches(text: np.ndarray, units: np.ndarray) -> np.ndarray:
    """Where ``units`` (a needle's UTF-16 units, at least one) starts in
    ``text`` (UTF-16 units): a boolean a place, compared in numpy (which
    lets other threads run meanwhile)."""
    n = len(text) - len(units) + 1
    if n <= 0:
        return np.zeros(0, dtype=bool)
    hit = text[:n] == units[0]
    for j in range(1, len(units)):
        hit &= text[j : n + j] == units[j]
    return hit


#: Units compared at a time (17 bits each: a unit + 1, or 0 past the end).
_STEP = 3


def ranks_of_pairs(first: list[str], then: list[str]) -> np.ndarray:
    """Each row's place in the order of ``(first[i], then[i])`` (equal
    pairs, equal places)."""
    by_first = ranks_of(first)
    by_then = ranks_of(then)
    order = np.lexsort((by_then, by_first))
    same = np.zeros(len(order), dtype=bool)
    if len(order) > 1:
        same[1:] = (by_first[order[1:]] == by_first[order[:-1]]) & (by_then[order[1:]] == by_then[order[:-1]])
    ranks = np.empty(len(order), dtype=np.int64)
    ranks[order] = np.maximum.accumulate(np.where(same, 0, np.arange(len(order))))
    return ranks


def ranks_of(values: list[str], chunk: int = 20000) -> np.ndarray:
    """Each value's place in Python's order of ``values`` (as
    :meth:`TextColumn.ranks`). Sorted in chunks and merged, so that no single
    call holds the interpreter for long (a million titles sorted in one call
    would stop every other thread, the GUI's too, for a second)."""
    parts = [sorted(set(values[i : i + chunk])) for i in range(0, len(values), chunk)]
    place: dict[str, int] = {}
    for value in heapq.merge(*parts):
        place.setdefault(value, len(place))
    distinct = np.fromiter((place[v] for v in values), dtype=np.int64, count=len(values))
    # Dense places of distinct values → the place of the first equal row in the order.
    counts = np.bincount(distinct, minlength=len(place))
    first = np.concatenate(([0], np.cumsum(counts)[:-1])) if len(place) else np.zeros(0, np.int64)
    return first[distinct] if len(values) else np.zeros(0, dtype=np.int64)
