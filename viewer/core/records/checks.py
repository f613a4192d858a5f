"""Proofreading checks: what a careful editor would look at twice.

The parser reports records that are broken; these checks report records
that are well-formed but probably wrong, from what the archive's own
layout and the newspaper's habits say:

* ``date-path``: 日期 (RQ) disagrees with the ``YYYY/YYYYMM/YYYYMMDD``
  folders or with the date a file name starts with;
* ``page-name``: 版号 (BH) disagrees with the file name
  (``YYYYMMDD`` + page + item, as in ``196906050201.TXT``);
* ``item-repeat``: 条号 (TH) repeats on one page of one day;
* ``issue-day``: 总期 (ZQ) is not the same for every record of a day;
* ``empty-field``: an empty 标题 or 正文;
* ``gb2312``: characters outside GB2312 in a record of the GB2312 years
  (typed before GBK existed, such a character is often a misreading);
* ``mixed-punctuation``: half-width and full-width punctuation in one body;
* ``confusion``: a string from a list of known misreadings (己经 for
  已经); the list is the archive's ``.archive-viewer-confusions.txt`` when
  there is one (one ``WRONG→RIGHT`` or ``WRONG`` a line), else
  :data:`DEFAULT_CONFUSIONS`.

Every check can be switched off. Their findings are notes: they point an
editor at a record, they do not say the file is broken, so ``check`` still
exits 0 on a well-formed archive that has some.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import threading
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass, field

import numpy as np

from viewer.core.files.paths import absolute
from viewer.core.records.archive import Archive
from viewer.core.records.batch import STAMP_INTS
from viewer.core.records.cache import IndexCache, problem_from, problem_json
from viewer.core.records.diagnostics import Problem, ProblemKind, Severity
from viewer.core.records.discovery import SourceFile
from viewer.core.records.fields import BH, BT, RQ, TH, ZQ, ZW
from viewer.core.records.loader import background_pool, read_file
from viewer.core.records.record import Record


@dataclass(frozen=True, slots=True)
class Check:
    """One proofreading check: its name (for switching it off), what it
    looks for, and how bad a finding is."""

    name: str
    summary: str
    severity: Severity


#: Every check, in the order they are described.
CHECKS: tuple[Check, ...] = (
    Check("date-path", "日期 disagrees with the date folders or the file name", Severity.NOTE),
    Check("page-name", "版号 disagrees with the file name", Severity.NOTE),
    Check("item-repeat", "条号 repeats on one page of one day", Severity.NOTE),
    Check("issue-day", "总期 is not the same for every record of a day", Severity.NOTE),
    Check("empty-field", "an empty 标题 or 正文", Severity.NOTE),
    Check("gb2312", "characters outside GB2312 in a record of the GB2312 years", Severity.NOTE),
    Check("mixed-punctuation", "half-width and full-width punctuation in one body", Severity.NOTE),
    Check("confusion", "a known misreading from the confusion list", Severity.NOTE),
)
NAMES = tuple(c.name for c in CHECKS)
_SEVERITY = {c.name: c.severity for c in CHECKS}

#: Known misreadings: (wrong, right). Used when the archive has no list.
DEFAULT_CONFUSIONS: tuple[tuple[str, str], ...] = (
    ("己经", "已经"),
    ("巳经", "已经"),
    ("末来", "未来"),
    ("再接再励", "再接再厉"),
    ("既使", "即使"),
    ("园满", "圆满"),
    ("迫不急待", "迫不及待"),
    ("按装", "安装"),
)

#: The archive's own list of misreadings, beside its records.
CONFUSIONS_FILE = ".archive-viewer-confusions.txt"

#: Records dated before this year were typed in GB2312 (GBK came in 1995).
GB2312_UNTIL = 1995

_HALF = ",;:?!"
_FULL = "，；：？！"
_DATE_DIR = re.compile(r"^(\d{4})(\d{2})?(\d{2})?$")
_NAME = re.compile(r"^(\d{8})(\d{2})?(\d{2})?(?:\D|$)")


@dataclass(frozen=True)
class Settings:
    """Which checks run, and with what.

    Attributes:
        off: names of checks switched off.
        confusions: (wrong, right) pairs; None: the archive's list, or the defaults.
        gb2312_until: records before this year get the ``gb2312`` check.
    """

    off: frozenset[str] = frozenset()
    confusions: tuple[tuple[str, str], ...] | None = None
    gb2312_until: int = GB2312_UNTIL

    def on(self, name: str) -> bool:
        return name not in self.off


def parse_confusions(text: str) -> tuple[tuple[str, str], ...]:
    """A confusion list: one ``WRONG→RIGHT`` (or ``WRONG -> RIGHT``, ``WRONG<TAB>RIGHT``,
    or just ``WRONG``) a line; blank lines and ``#`` comments are skipped."""
    out = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        for sep in ("→", "->", "\t"):
            if sep in line:
                wrong, _, right = line.partition(sep)
                break
        else:
            wrong, right = line, ""
        if wrong.strip():
            out.append((wrong.strip(), right.strip()))
    return tuple(out)


def archive_confusions(paths: Iterable[str]) -> tuple[tuple[str, str], ...] | None:
    """The confusion list kept in the first opened folder, or None."""
    for path in paths:
        if os.path.isdir(path):
            try:
                with open(os.path.join(path, CONFUSIONS_FILE), "rb") as fh:
                    return parse_confusions(fh.read(1 << 20).decode("utf-8", "replace"))
            except OSError:
                return None
    return None


@dataclass
class _Finder:
    settings: Settings
    confusions: tuple[tuple[str, str], ...]
    out: list[Problem] = field(default_factory=list)

    def add(self, name: str, file: str, line: int | None, index: int | None, message: str) -> None:
        self.out.append(Problem(file, line, index, message, ProblemKind(name), _SEVERITY[name]))


def run(
    archive: Archive,
    settings: Settings = Settings(),
    *,
    workers: int | None = 0,
    cancel: threading.Event | None = None,
    progress: Callable[[int, int], None] | None = None,
    cache: IndexCache | None = None,
    between: Callable[[], None] | None = None,
) -> list[Problem]:
    """Run the checks that are on over every record of ``archive``.

    The column checks use what the archive holds; the text checks read each
    file again, in worker processes when ``workers`` is not 0 (None: one a
    CPU). With a ``cache``, a folder whose files are as they were loaded
    (the same names, stamps and encodings) and were checked before with the
    same checks is not read again: its findings come from the cache.
    ``progress(files_done, files)`` is called now and then; a set ``cancel``
    stops early with what was found so far. ``between`` is called before
    each batch of files is handed out or taken in (a window's long work
    waits there while the user's own jobs run: the checks' own Python
    shared the interpreter with a first opening's sorts and searches).
    Findings come in file order.

    An archive that is its snapshot keeps a whole run's findings beside it
    (:meth:`~viewer.core.records.archive.Archive.keep`) and gives them back
    at its next opening when the same checks run with the same settings:
    nothing is checked again.
    """
    confusions = settings.confusions if settings.confusions is not None else DEFAULT_CONFUSIONS
    fingerprint = _fingerprint(settings, confusions)
    tag = f"{_COLUMN_CHECKS_VERSION}:{fingerprint}"
    known = _kept_findings(archive, tag)
    if known is not None:
        return known
    finder = _Finder(settings, confusions)
    _column_checks(archive, finder, between or _go_on)
    if not any(settings.on(n) for n in ("gb2312", "mixed-punctuation", "confusion")):
        _keep_findings(archive, tag, finder.out, cancel)
        return finder.out
    folders = _folders(archive)
    total = sum(len(fids) for _key, fids in folders)
    found: list[list[Problem] | None] = [None] * len(folders)
    usable = cache is not None and not cache.disabled
    facts = _Facts(archive)
    if cache is not None and usable:
        rows = cache.findings([key for key, _fids in folders], fingerprint)
        for i, (key, fids) in enumerate(folders):
            if i % 256 == 0 and cancel is not None and cancel.is_set():
                break  # (a window closing waited a second for thirty thousand folders at a million records)
            row = rows.get(key)
            if row is not None and row[:3] == facts.of(fids):
                found[i] = [problem_from(archive.files[int(fids[n])].path, p) for n, p in json.loads(row[3])]
    todo = [i for i, f in enumerate(found) if f is None]
    chunks: list[list[int]] = []  # folders a task checks: whole folders of about _CHUNK files
    in_chunk = 0
    for i in todo:
        if not chunks or in_chunk >= _CHUNK:
            chunks.append([])
            in_chunk = 0
        chunks[-1].append(i)
        in_chunk += len(folders[i][1])
    done = total - sum(len(folders[i][1]) for i in todo)
    fresh: list[tuple[str, bytes, bytes, str, str]] = []

    def files_of(chunk: list[int]) -> list[tuple[SourceFile, str | None]]:
        return [(archive.files[f], archive.encodings[f]) for i in chunk for f in folders[i][1].tolist()]

    def take(chunk: list[int], problems: list[Problem]) -> None:
        nonlocal done
        where = {archive.files[f].path: (i, n) for i in chunk for n, f in enumerate(folders[i][1].tolist())}
        per: dict[int, list[Problem]] = {i: [] for i in chunk}
        stored: dict[int, list[list]] = {i: [] for i in chunk}
        for p in problems:
            i, n = where[p.file]
            per[i].append(p)
            stored[i].append([n, problem_json(p)])
        for i in chunk:
            found[i] = per[i]
            if usable:
                fresh.append((folders[i][0], *facts.of(folders[i][1]),
                              json.dumps(stored[i], ensure_ascii=False)))
            done += len(folders[i][1])
        if cache is not None and len(fresh) >= _STORE_EVERY:  # kept as it goes: a window closed midway loses little
            cache.store_findings(fingerprint, fresh)
            fresh.clear()
        if progress is not None:
            progress(done, total)

    n_workers = (os.cpu_count() or 1) if workers is None else workers
    if cancel is not None and cancel.is_set():
        chunks = []  # (no worker processes started only to be stopped)
    if n_workers > 1 and len(chunks) > 1:
        with background_pool(n_workers) as pool:
            # A few tasks in flight, not all at once: sending a million files'
            # names to the workers up front held the interpreter for seconds.
            queue = iter(chunks)
            pending: deque[tuple[list[int], Future[list[Problem]]]] = deque()

            def submit() -> None:
                if between is not None:
                    between()
                chunk = next(queue, None)
                if chunk is not None:
                    pending.append((chunk, pool.submit(_check_files, files_of(chunk), settings, confusions)))

            for _ in range(n_workers * 2):
                submit()
            while pending:
                if cancel is not None and cancel.is_set():
                    for _chunk, f in pending:
                        f.cancel()
                    break
                chunk, future = pending.popleft()
                take(chunk, future.result())
                submit()
    else:
        for chunk in chunks:
            if cancel is not None and cancel.is_set():
                break
            if between is not None:
                between()
            take(chunk, _check_files(files_of(chunk), settings, confusions))
    if cache is not None and fresh:
        cache.store_findings(fingerprint, fresh)
    for problems in found:
        finder.out += problems or []
    if all(problems is not None for problems in found):
        _keep_findings(archive, tag, finder.out, cancel)
    return finder.out


#: Bump when a column check changes what it finds (kept findings of other
#: versions are not used).
_COLUMN_CHECKS_VERSION = 1
_KEPT = "checks"


def _kept_findings(archive: Archive, tag: str) -> list[Problem] | None:
    """A whole run's findings as kept beside the archive's snapshot (see
    :meth:`~viewer.core.records.archive.Archive.kept`), or None."""
    data = archive.kept(_KEPT, tag)
    if data is None:
        return None
    try:
        stored = json.loads(data)
        files = archive.files
        n = len(files)
        out = []
        for fid, *problem in stored:
            if not isinstance(fid, int) or not 0 <= fid < n:
                return None
            out.append(problem_from(files[fid].path, problem))
        return out
    except (ValueError, TypeError, KeyError):
        return None


def _keep_findings(archive: Archive, tag: str, found: list[Problem], cancel: threading.Event | None) -> None:
    """Keep a whole run's findings (not a cancelled one's)."""
    if cancel is not None and cancel.is_set():
        return
    stored = []
    files = archive.files
    for p in found:
        fid = files.find(p.file)
        if fid is None:
            return  # (every finding is of a loaded file; if not, nothing is kept)
        stored.append([fid, *problem_json(p)])
    archive.keep(_KEPT, tag, json.dumps(stored, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


#: Bump when a text check changes what it finds: cached findings of other
#: versions are not used.
_TEXT_CHECKS_VERSION = 1


def _fingerprint(settings: Settings, confusions: tuple[tuple[str, str], ...]) -> str:
    """What the text checks' findings depend on besides the files."""
    text = json.dumps([_TEXT_CHECKS_VERSION, sorted(settings.off), settings.gb2312_until, confusions],
                      ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _folders(archive: Archive) -> list[tuple[str, np.ndarray]]:
    """The files with records, by folder (consecutive in load order): each
    folder's cache key (see :func:`~viewer.core.records.cache.group_key`)
    and its files' ids (int64; as lists, a million Python numbers for the
    whole run). (Worked out a folder at a time: 0.3 s for a million files,
    where a path a file took 7 s.)"""
    with_records = np.flatnonzero(archive.file_records.lengths())
    if not len(with_records):
        return []
    folder_of, folders = archive.files.folders()
    at = folder_of[with_records]
    starts = np.flatnonzero(np.concatenate(([True], at[1:] != at[:-1])))
    keys = [os.path.join(absolute(f or "."), "") for f in folders]
    return [(keys[int(at[a])], part) for a, part in zip(starts, np.split(with_records, starts[1:]))]


class _Facts:
    """What a folder's cached findings must match (see :func:`_facts`), read
    from the archive once a run, not once a folder."""

    def __init__(self, archive: Archive) -> None:
        self.files = archive.files
        self.stamps = np.frombuffer(archive.stamps[:], dtype=np.int64).reshape(-1, STAMP_INTS)
        self.encodings = archive.encodings

    def of(self, fids: np.ndarray) -> tuple[bytes, bytes, str]:
        """A folder's files' names, their stamps when loaded, and the
        encodings they were read in. (The names are cut from the file
        table's, not kept as a million-item list for the whole run.)"""
        files = self.files
        ids = fids.tolist()
        if ids and ids[-1] - ids[0] + 1 == len(ids):  # (a folder's files with records: all, mostly)
            joined = files.joined_names(ids[0], ids[-1] + 1)
        else:
            joined = "/".join(map(files.name, ids))
        names = os.fsencode(joined)
        return names, self.stamps[fids].tobytes(), "\x1f".join([self.encodings[f] or "" for f in ids])


#: Files a text-check task reads.
_CHUNK = 512
#: Folders whose findings are written to the cache at a time.
_STORE_EVERY = 256


def _check_files(
    files: list[tuple[SourceFile, str | None]], settings: Settings, confusions: tuple[tuple[str, str], ...]
) -> list[Problem]:
    """The text checks of some files (in a worker process, or inline)."""
    finder = _Finder(settings, confusions)
    for src, encoding in files:
        try:
            records = read_file(src, override=encoding).parsed.records
        except OSError:
            continue  # gone since it was loaded: the load reported it, or the next will
        for record in records:
            _text_checks(src.path, encoding or "", record, finder)
    return finder.out


def describe(name: str) -> str:
    """What a check looks for, in English."""
    return next(c.summary for c in CHECKS if c.name == name)


# -- the column checks -------------------------------------------------------------------------


def _go_on() -> None:
    """(No waiting between steps.)"""


def _column_checks(archive: Archive, finder: _Finder, between: Callable[[], None]) -> None:
    """The checks of what the archive holds, in record order within each
    check. A million records take about 1.3 s of Python: whole columns are
    compared at once where they can be, and a record is looked at one by
    one only where a quick test says it may be wrong (see
    ``tests/test_checks.py``, which holds the record-by-record version they
    must agree with). ``between`` is called between steps (none longer than
    about a tenth of a second at a million records): a window's user jobs
    go first there (at a first opening the checks start as the search
    index opens, as the user starts searching)."""
    on = finder.settings.on
    n = len(archive)
    if not n:
        return
    files = archive.files
    record_files = archive.record_files()
    rq_codes, rq_values = archive.value_codes(RQ)
    if on("date-path") or on("page-name"):
        _path_checks(archive, finder, on("date-path"), on("page-name"), between)
    between()
    has_rq = np.array([bool(v) for v in rq_values], dtype=bool)[rq_codes]
    if on("item-repeat"):
        bh_codes, bh_values = archive.value_codes(BH)
        th_codes, th_values = archive.value_codes(TH)
        bh_norm, bh_text = _codes_of(list(map(_number_text, bh_values)))
        th_norm, th_text = _codes_of(list(map(_number_text, th_values)))
        pages = rq_codes * (len(bh_text) + 1) + bh_norm[bh_codes]
        page_ids, page_first, page_of = np.unique(pages, return_index=True, return_inverse=True)
        th_of = th_norm[th_codes]
        th_empty = np.array([not t for t in th_text], dtype=bool)[th_of]
        keep = has_rq & ~th_empty
        items = page_of.astype(np.int64) * (len(th_text) + 1) + th_of
        _ids, first_at, item_of = np.unique(np.where(keep, items, -1), return_index=True, return_inverse=True)
        first_rid = first_at[item_of]
        between()
        repeated = np.flatnonzero(keep & (first_rid != np.arange(n)))
        page_rank = np.argsort(np.argsort(page_first, kind="stable"), kind="stable")
        for rid in repeated[np.lexsort((repeated, page_rank[page_of[repeated]]))].tolist():
            first = int(first_rid[rid])
            th = th_text[int(th_of[rid])]
            bh = _number_text(archive.value(rid, BH))
            rq = archive.value(rid, RQ)
            same = archive.value(rid, BT) == archive.value(first, BT)
            finder.add("item-repeat", archive.source(rid).path, archive.line(rid), archive.index_in_file(rid),
                       f"条号 {th} repeats on page {bh or '?'} of {rq} (also in {files[record_files[first]].relpath}"
                       f"{', with the same 标题: a duplicate?' if same else ''})")
    between()
    if on("issue-day"):
        zq_codes, zq_values = archive.value_codes(ZQ)
        zq_set = np.array([bool(v) for v in zq_values], dtype=bool)[zq_codes]
        both = has_rq & zq_set
        pairs = np.unique(rq_codes[both] * (len(zq_values) + 1) + zq_codes[both])
        days, kinds = np.unique(pairs // (len(zq_values) + 1), return_counts=True)
        mixed = set(days[kinds > 1].tolist())
        if mixed:
            in_mixed = has_rq & np.isin(rq_codes, list(mixed))
            by_day: dict[int, list[int]] = defaultdict(list)
            for rid in np.flatnonzero(in_mixed).tolist():
                by_day[int(rq_codes[rid])].append(rid)
            for code, day in by_day.items():
                values = Counter(archive.value(r, ZQ) for r in day if archive.value(r, ZQ))
                usual, _n = values.most_common(1)[0]
                for rid in day:
                    zq = archive.value(rid, ZQ)
                    if zq and zq != usual:
                        finder.add("issue-day", archive.source(rid).path, archive.line(rid), archive.index_in_file(rid),
                                   f"总期 {zq} differs from {usual}, the 总期 of the other records of {rq_values[code]}")
    between()
    if on("empty-field"):
        titles = archive.texts(BT)
        no_title = np.zeros(n, dtype=bool)
        for start in range(0, n, _STEP_FILES):
            no_title[start : start + _STEP_FILES] = [not t.strip() for t in titles[start : start + _STEP_FILES]]
            between()
        del titles
        no_body = archive.body_lengths() == 0
        for rid in np.flatnonzero(no_title | no_body).tolist():
            where = (archive.source(rid).path, archive.line(rid), archive.index_in_file(rid))
            if no_title[rid]:
                finder.add("empty-field", *where, "标题 (BT) is empty")
            if no_body[rid]:
                finder.add("empty-field", *where, "正文 (ZW) is empty")


def _codes_of(texts: list[str]) -> tuple[np.ndarray, list[str]]:
    """Each text as the number of its distinct value, and the distinct
    values in order of first appearance."""
    place: dict[str, int] = {}
    for text in dict.fromkeys(texts):
        place[text] = len(place)
    return np.fromiter(map(place.__getitem__, texts), dtype=np.int64, count=len(texts)), list(place)


#: Files a step of the path checks takes before it calls ``between`` (about
#: 20 ms of Python).
_STEP_FILES = 50_000


def _file_parts(relpaths: list[str], part: str, between: Callable[[], None]) -> tuple[np.ndarray, list[str]]:
    """Each file's ``part`` of its relative path as the number of its
    distinct value, and the distinct values in order of first appearance:
    ``folder`` (the folder part and an ``x``, so that :func:`_date_path`
    reads it as a path), ``head`` (the name's first 8 characters) or
    ``page`` (its 9th and 10th); a step of files at a time, ``between``
    called after each."""
    place: dict[str, int] = {}
    number = place.setdefault
    codes = np.empty(len(relpaths), dtype=np.int64)
    for start in range(0, len(relpaths), _STEP_FILES):
        step = relpaths[start : start + _STEP_FILES]
        cuts = [r.rfind("/") + 1 for r in step]
        if part == "folder":
            texts = [r[:c] + "x" for r, c in zip(step, cuts)]
        elif part == "head":
            texts = [r[c : c + 8] for r, c in zip(step, cuts)]
        else:
            texts = [r[c + 8 : c + 10] for r, c in zip(step, cuts)]
        codes[start : start + len(step)] = [number(t, len(place)) for t in texts]
        between()
    return codes, list(place)


def _path_checks(archive: Archive, finder: _Finder, date_path: bool, page_name: bool,
                 between: Callable[[], None]) -> None:
    """日期 against the folders and the file name, 版号 against the file
    name. Each distinct (folder, 日期), (name's first 8 characters, 日期)
    and (name's characters 9–10, 版号) is tested once, with numpy mapping
    the answers to the records; the full test runs only where one fails."""
    files = archive.files
    n = len(archive)
    relpaths = files.relpaths()
    record_files = archive.record_files()
    rq_codes, rq_values = archive.value_codes(RQ)
    bh_codes, bh_values = archive.value_codes(BH)
    between()

    def failing(
        part: str, codes: np.ndarray, values: list[str], ok: Callable[[str, str], bool]
    ) -> np.ndarray:
        """Records whose (file's ``part``, value) pair ``ok`` says no to."""
        text_codes, texts = _file_parts(relpaths, part, between)
        pairs = text_codes[record_files] * (len(values) + 1) + codes
        unique, inverse = np.unique(pairs, return_inverse=True)
        good = np.array([ok(texts[int(p) // (len(values) + 1)], values[int(p) % (len(values) + 1)]) for p in unique],
                        dtype=bool)
        between()
        return ~good[inverse] if n else np.zeros(0, dtype=bool)

    slow_date = np.zeros(n, dtype=bool)
    if date_path:
        has_rq = np.array([bool(v) for v in rq_values], dtype=bool)[rq_codes] if n else slow_date
        folder_bad = failing("folder", rq_codes, rq_values,
                             lambda folder, rq: not rq or not any(True for _ in _date_path(folder, rq)))
        name_bad = failing("head", rq_codes, rq_values, lambda head, rq: not rq or head.startswith(rq.strip()))
        slow_date = has_rq & (folder_bad | name_bad)
    slow_page = np.zeros(n, dtype=bool)
    if page_name:
        has_bh = np.array([bool(v) for v in bh_values], dtype=bool)[bh_codes] if n else slow_page
        two_digits = {b: f"{int(b):02d}" for b in bh_values if b.strip().isdigit() and int(b) < 100}
        slow_page = has_bh & failing("page", bh_codes, bh_values,
                                     lambda page, bh: not bh or page == two_digits.get(bh, ""))
    for rid in np.flatnonzero(slow_date | slow_page).tolist():
        fid = int(record_files[rid])
        relpath = relpaths[fid]
        messages = list(_date_path(relpath, rq_values[rq_codes[rid]])) if slow_date[rid] else []
        if slow_page[rid]:
            message = _page_name(relpath, bh_values[bh_codes[rid]])
            if message:
                messages.append(message)
        for message in messages:
            kind = "page-name" if message.startswith("版号") else "date-path"
            finder.add(kind, files[fid].path, archive.line(rid), archive.index_in_file(rid), message)


def _number_text(value: str) -> str:
    value = value.strip()
    return str(int(value)) if value.isdigit() else value


def _date_path(relpath: str, rq: str) -> Iterator[str]:
    rq = rq.strip()
    if not re.fullmatch(r"\d{8}", rq):
        return  # a bad date is the parser's problem already
    *folders, name = relpath.split("/")
    for folder in folders:
        m = _DATE_DIR.match(folder)
        if m and not rq.startswith(folder):
            yield f"日期 {rq} is not in the folder {folder}"
    m = _NAME.match(name)
    if m and _is_date(m.group(1)) and m.group(1) != rq:
        yield f"日期 {rq} differs from the date {m.group(1)} the file name {name} starts with"


def _is_date(text: str) -> bool:
    year, month, day = int(text[:4]), int(text[4:6]), int(text[6:8])
    return 1800 <= year <= 2200 and 1 <= month <= 12 and 1 <= day <= 31


def _page_name(relpath: str, bh: str) -> str:
    name = relpath.rsplit("/", 1)[-1]
    m = _NAME.match(name)
    if not m or not m.group(2) or not m.group(3) or not _is_date(m.group(1)) or not bh.strip().isdigit():
        return ""
    if int(m.group(2)) != int(bh):
        return f"版号 {bh.strip()} differs from page {m.group(2)} in the file name {name}"
    return ""


# -- the text checks ----------------------------------------------------------------------------


def _line_of(record: Record, code: str, needle: str) -> int | None:
    f = record.field(code)
    if f is None:
        return record.line
    i = f.value.find(needle)
    return f.line + f.value.count("\n", 0, i) if i >= 0 else f.line


def _text_checks(path: str, encoding: str, record: Record, finder: _Finder) -> None:
    on = finder.settings.on
    body = record.body()
    texts = [(code, record.get(code)) for code in (BT, ZW) if record.field(code) is not None]
    if on("gb2312") and encoding.replace("-", "").lower() in ("gb2312", "gbk", "gb18030", "cp936"):
        year = record.get(RQ)[:4]
        if year.isdigit() and int(year) < finder.settings.gb2312_until:
            for code, text in texts:
                odd = _outside_gb2312(text)
                if odd:
                    finder.add("gb2312", path, _line_of(record, code, odd[0]), record.index,
                               f"{'标题' if code == BT else '正文'} has characters outside GB2312 in a record of "
                               f"{year}: {' '.join(odd[:10])}{' …' if len(odd) > 10 else ''}")
    if on("mixed-punctuation") and body:
        half = next((c for c in body if c in _HALF), "")
        full = next((c for c in body if c in _FULL), "")
        if half and full:
            finder.add("mixed-punctuation", path, _line_of(record, ZW, half), record.index,
                       f"正文 mixes half-width “{half}” with full-width “{full}”")
    if on("confusion"):
        for code, text in texts:
            for wrong, right in finder.confusions:
                if wrong in text:
                    hint = f" (usually {right})" if right else ""
                    finder.add("confusion", path, _line_of(record, code, wrong), record.index,
                               f"{'标题' if code == BT else '正文'} has “{wrong}”, a known misreading{hint}")


def _outside_gb2312(text: str) -> list[str]:
    """The distinct characters of ``text`` that GB2312 cannot write, in order."""
    odd: dict[str, None] = {}
    for c in text:
        if ord(c) < 128 or c in odd or c.isspace():
            continue
        try:
            c.encode("gb2312")
        except UnicodeEncodeError:
            odd[c] = None
    return list(odd)
