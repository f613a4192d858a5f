"""Parse decoded record text into records, and serialize it back.

The parser never raises on bad input. It returns every record it could
make sense of plus a list of :class:`~viewer.core.diagnostics.Problem`.
All the original text is kept (in field prefixes, tags and the trailer), so
:func:`serialize` of an unchanged parse returns the input exactly.

Record boundaries: a new record begins when a field that the current record
already has appears again, or at a ZQ/RQ field after the record's body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from viewer.core.diagnostics import Kind, Problem, Severity
from viewer.core.fields import RECORD_STARTERS, RQ, ZW
from viewer.core.record import PAD as _PAD
from viewer.core.record import Field, Record, parse_date

#: An opening or closing tag: ``〖CODE/名称〗`` or ``〖-CODE/名称〗``.
TAG = re.compile(r"〖(-?)([^〖〗/\r\n]{1,40})(?:/([^〖〗\r\n]{0,40}))?〗")

#: A whole well-formed field, for the fast path (:func:`scan_simple`).
FIELD = re.compile(
    r"〖([^〖〗/\r\n\-][^〖〗/\r\n]{0,39})(?:/([^〖〗\r\n]{0,40}))?〗([^〖〗]*)〖-\1(?:/[^〖〗\r\n]{0,40})?〗"
)


@dataclass(slots=True)
class ParsedText:
    """The result of parsing one file's text.

    Attributes:
        records: the records, in file order.
        trailer: text after the last field (usually a final newline).
        problems: everything that was not as the format expects.
    """

    records: list[Record] = field(default_factory=list)
    trailer: str = ""
    problems: list[Problem] = field(default_factory=list)


class _LineCounter:
    """Turns string offsets into 1-based line numbers, moving forward only."""

    __slots__ = ("_text", "_nl", "_pos", "_line")

    def __init__(self, text: str) -> None:
        self._text = text
        self._nl = "\n" if "\n" in text else "\r"
        self._pos = 0
        self._line = 1

    def at(self, pos: int) -> int:
        if pos < self._pos:  # rare: re-count from the start
            self._pos, self._line = 0, 1
        self._line += self._text.count(self._nl, self._pos, pos)
        self._pos = pos
        return self._line


def parse_text(text: str, file: str = "<text>") -> ParsedText:
    """Parse the text of a record file.

    Args:
        text: the decoded text, with its original newlines.
        file: the file name used in problems.

    Returns:
        The records, the trailing text and the problems found.
    """
    out = ParsedText()
    problems = out.problems
    lines = _LineCounter(text)
    fields: list[Field] = []
    codes: set[str] = set()
    record_line = 1

    # The field being read: code, name, open tag, value start, line, prefix.
    cur: tuple[str, str, str, int, int, str] | None = None
    prefix_start = 0

    def problem(line: int | None, message: str, kind: Kind, severity=Severity.WARNING) -> None:
        problems.append(Problem(file, line, len(out.records), message, kind, severity))

    def end_record() -> None:
        nonlocal fields, codes
        record = Record(len(out.records), fields, record_line)
        _check_record(record, file, problems)
        out.records.append(record)
        fields, codes = [], set()

    def open_field(m: re.Match[str]) -> None:
        nonlocal cur, record_line
        code = m.group(2)
        name = m.group(3) or ""
        line = lines.at(m.start())
        prefix = text[prefix_start : m.start()]
        if fields:
            if code in codes:
                if code not in RECORD_STARTERS:
                    problem(
                        line,
                        f"field {code} appears twice in one record; a new record starts here",
                        Kind.REPEATED_FIELD,
                    )
                end_record()
            elif code in RECORD_STARTERS and ZW in codes:
                end_record()
        if not fields:
            record_line = line
        stray = prefix.strip(_PAD)
        if stray:
            offset = prefix_start + prefix.index(stray[0])
            problem(lines.at(offset), f"text outside any field: {_clip(stray)}", Kind.OUTSIDE_TEXT)
            lines.at(m.start())
        cur = (code, name, m.group(0), m.end(), line, prefix)

    def close_field(value_end: int, close_tag: str) -> None:
        nonlocal cur
        assert cur is not None
        code, name, open_tag, start, line, prefix = cur
        fields.append(Field(code, name, text[start:value_end], line, prefix, open_tag, close_tag))
        codes.add(code)
        cur = None

    for m in TAG.finditer(text):
        closing = m.group(1) == "-"
        if cur is None:
            if closing:
                problem(
                    lines.at(m.start()),
                    f"closing tag {m.group(0)} without an opening tag",
                    Kind.STRAY_CLOSE,
                )
                continue  # the tag stays in the next field's prefix
            open_field(m)
            continue
        if closing:
            if m.group(2) != cur[0]:
                problem(
                    lines.at(m.start()),
                    f"field {cur[0]} (line {cur[4]}) is closed by {m.group(0)}",
                    Kind.MISMATCHED_CLOSE,
                )
            close_field(m.start(), m.group(0))
            prefix_start = m.end()
        else:
            problem(
                cur[4],
                f"field {cur[0]} has no closing tag before {m.group(0)} (line {lines.at(m.start())})",
                Kind.MISSING_CLOSE,
            )
            close_field(m.start(), "")
            prefix_start = m.start()
            open_field(m)

    if cur is not None:
        problem(cur[4], f"field {cur[0]} has no closing tag: the file ends inside it", Kind.MISSING_CLOSE)
        close_field(len(text), "")
        prefix_start = len(text)
    if fields:
        end_record()

    out.trailer = text[prefix_start:]
    stray = out.trailer.strip(_PAD)
    if stray and out.records:
        offset = prefix_start + out.trailer.index(stray[0])
        problems.append(
            Problem(file, lines.at(offset), None, f"text outside any field: {_clip(stray)}", Kind.OUTSIDE_TEXT)
        )
    if not out.records:
        if not stray:
            problems.append(Problem(file, None, None, "empty file", Kind.EMPTY_FILE, Severity.WARNING))
        else:
            problems.append(
                Problem(file, None, None, "no 〖…〗 fields: not a record file", Kind.NOT_RECORDS, Severity.ERROR)
            )
    return out


def scan_simple(text: str) -> tuple[list[tuple[str, str]], int] | None:
    """The fast path for the common file: exactly one flawless record.

    Returns:
        The ``(code, raw value)`` pairs and the line of the first field, or
        None when the text needs :func:`parse_text` (several records, any
        problem at all). For a flawless single record both agree exactly.
    """
    parts = FIELD.split(text)
    if len(parts) < 5 or "".join(parts[0::4]).strip(_PAD):
        return None
    codes = parts[1::4]
    if len(set(codes)) != len(codes):
        return None
    if ZW in codes:
        body_at = codes.index(ZW)
        if any(c in RECORD_STARTERS for c in codes[body_at + 1 :]):
            return None
    if RQ in codes and parse_date(parts[4 * codes.index(RQ) + 3]) is None:
        return None
    line = parts[0].count("\n" if "\n" in text else "\r") + 1
    return list(zip(codes, parts[3::4])), line


def _check_record(record: Record, file: str, problems: list[Problem]) -> None:
    """Checks on a finished record's values."""
    rq = record.field(RQ)
    if rq is not None and parse_date(rq.value) is None:
        problems.append(
            Problem(
                file,
                rq.line,
                record.index,
                f"bad date in RQ: {_clip(rq.text) or '(empty)'} (expected YYYYMMDD); kept as text",
                Kind.BAD_DATE,
            )
        )


def _clip(text: str, width: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def serialize(parsed: ParsedText) -> str:
    """Write records back as text; the inverse of :func:`parse_text`.

    Unchanged fields come back exactly as read, newlines included. A field
    whose ``value`` was changed keeps its tags and prefix.
    """
    parts: list[str] = []
    for record in parsed.records:
        parts.extend(f.serialize() for f in record.fields)
    parts.append(parsed.trailer)
    return "".join(parts)
