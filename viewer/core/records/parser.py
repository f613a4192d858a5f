"""Parse decoded record text into records, and serialize it back.

The parser never raises on bad input. It returns every record it could
make sense of plus a list of :class:`~viewer.core.diagnostics.Problem`.
All the original text is kept (in field prefixes, tags and the trailer), so
:func:`serialize` of an unchanged parse returns the input exactly.

Record boundaries: a new record begins when a field that the current record
already has appears again, or at a ZQ/RQ field after the record's body.
Only top-level fields count: tags nested inside a field's value never end
it and never start a record.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from viewer.core.records.diagnostics import Problem, ProblemKind, Severity
from viewer.core.records.fields import KNOWN_FIELDS, RECORD_STARTERS, RQ, ZW
from viewer.core.records.lines import LineCounter, count_breaks
from viewer.core.records.markup import INLINE_MARKERS, PICTURE_BLOCKS, TAG
from viewer.core.records.record import PAD as _PAD
from viewer.core.records.record import Field, Record, parse_date

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


#: Codes that, inside a field, are markup rather than text: an unclosed or
#: misnested one is a warning. Any other tag-like text is just text.
MARKUP_CODES = frozenset(KNOWN_FIELDS) | PICTURE_BLOCKS | {"WJ"} | INLINE_MARKERS


def parse_text(text: str, file: str = "<text>") -> ParsedText:
    """Parse the text of a record file.

    A field runs from its opening tag to its own closing tag: tags inside
    it (a picture block, an inline marker, or tag-like words of the text
    such as ``〖注释〗``) belong to its value and never end it or start a
    record. A field whose own closing tag is missing ends where the next
    well-formed field starts, at a closing tag of another field, or at the
    end of the file, with a problem.

    Args:
        text: the decoded text, with its original newlines.
        file: the file name used in problems.

    Returns:
        The records, the trailing text and the problems found.
    """
    out = ParsedText()
    problems = out.problems
    lines = LineCounter(text)
    tags = list(TAG.finditer(text))
    by_code: dict[str, list[int]] = {}
    for n, m in enumerate(tags):
        by_code.setdefault(m.group(2), []).append(n)

    def next_same(n: int) -> int | None:
        """The next tag (opening or closing) with tag ``n``'s code."""
        same = by_code[tags[n].group(2)]
        k = bisect_right(same, n)
        return same[k] if k < len(same) else None

    def own_close(n: int) -> int | None:
        """The closing tag of opening tag ``n``: the next tag of its code, if it closes."""
        k = next_same(n)
        return k if k is not None and tags[k].group(1) == "-" else None

    def opened_inside(n: int, start: int) -> bool:
        """Is closing tag ``n`` the close of an opening tag after tag ``start``?"""
        same = by_code[tags[n].group(2)]
        k = bisect_left(same, n) - 1
        return k >= 0 and same[k] > start and tags[same[k]].group(1) != "-"

    fields: list[Field] = []
    codes: set[str] = set()
    record_line = 1
    prefix_start = 0

    def problem(line: int | None, message: str, kind: ProblemKind, severity: Severity = Severity.WARNING) -> None:
        problems.append(Problem(file, line, len(out.records), message, kind, severity))

    def end_record() -> None:
        nonlocal fields, codes
        record = Record(len(out.records), fields, record_line)
        _check_record(record, file, problems)
        out.records.append(record)
        fields, codes = [], set()

    def open_field(m: re.Match[str]) -> int:
        nonlocal record_line
        code = m.group(2)
        line = lines.at(m.start())
        prefix = text[prefix_start : m.start()]
        if fields:
            if code in codes:
                if code not in RECORD_STARTERS:
                    problem(
                        line,
                        f"field {code} appears twice in one record; a new record starts here",
                        ProblemKind.REPEATED_FIELD,
                    )
                end_record()
            elif code in RECORD_STARTERS and ZW in codes:
                end_record()
        if not fields:
            record_line = line
        stray = prefix.strip(_PAD)
        if stray:
            offset = prefix_start + prefix.index(stray[0])
            problem(lines.at(offset), f"text outside any field: {_clip(stray)}", ProblemKind.OUTSIDE_TEXT)
            lines.at(m.start())
        return line

    def add_field(m: re.Match[str], line: int, value_end: int, close_tag: str) -> None:
        prefix = text[prefix_start : m.start()]
        fields.append(Field(m.group(2), m.group(3) or "", text[m.end() : value_end], line, prefix, m.group(0), close_tag))
        codes.add(m.group(2))

    def check_inside(first: int, close: int) -> None:
        """Problems of the markup inside a well-formed field (tags first..close-1)."""
        outer = tags[first].group(2)
        stack: list[int] = []
        for n in range(first + 1, close):
            t = tags[n]
            code = t.group(2)
            markup = code in MARKUP_CODES
            if t.group(1) != "-":
                if code in INLINE_MARKERS:
                    continue
                end = own_close(n)
                if end is not None and end < close:
                    stack.append(n)
                elif markup:
                    problem(
                        lines.at(t.start()),
                        f"{t.group(0)} inside field {outer} has no closing tag before {tags[close].group(0)}",
                        ProblemKind.UNCLOSED_TAG,
                    )
                else:
                    problem(
                        lines.at(t.start()),
                        f"{_clip(t.group(0))} in field {outer} is never closed: read as text",
                        ProblemKind.UNCLOSED_TAG,
                        Severity.NOTE,
                    )
            elif stack and tags[stack[-1]].group(2) == code:
                stack.pop()
            elif any(tags[s].group(2) == code for s in stack):
                problem(
                    lines.at(t.start()),
                    f"{t.group(0)} closes before the tags opened inside it, in field {outer}",
                    ProblemKind.MISNESTED,
                )
                while tags[stack.pop()].group(2) != code:
                    pass
            elif markup:
                problem(
                    lines.at(t.start()),
                    f"closing tag {t.group(0)} inside field {outer} without an opening tag",
                    ProblemKind.STRAY_CLOSE,
                )

    n = 0
    while n < len(tags):
        m = tags[n]
        if m.group(1) == "-":
            problem(lines.at(m.start()), f"closing tag {m.group(0)} without an opening tag", ProblemKind.STRAY_CLOSE)
            n += 1
            continue  # the tag stays in the next field's prefix
        line = open_field(m)
        close = own_close(n)
        if close is not None:
            check_inside(n, close)
            add_field(m, line, tags[close].start(), tags[close].group(0))
            prefix_start = tags[close].end()
            n = close + 1
            continue
        # No closing tag of its own: the field ends at the first tag that
        # cannot be part of it.
        limit = next_same(n)
        limit = len(tags) if limit is None else limit
        k = n + 1
        while k < limit:
            t = tags[k]
            if t.group(1) == "-":
                if not opened_inside(k, n):
                    break
            elif own_close(k) is not None:
                break
            k += 1
        if k < limit and tags[k].group(1) == "-":
            problem(
                lines.at(tags[k].start()),
                f"field {m.group(2)} (line {line}) is closed by {tags[k].group(0)}",
                ProblemKind.MISMATCHED_CLOSE,
            )
            add_field(m, line, tags[k].start(), tags[k].group(0))
            prefix_start = tags[k].end()
            n = k + 1
        elif k < len(tags):
            problem(
                line,
                f"field {m.group(2)} has no closing tag before {tags[k].group(0)} (line {lines.at(tags[k].start())})",
                ProblemKind.MISSING_CLOSE,
            )
            add_field(m, line, tags[k].start(), "")
            prefix_start = tags[k].start()
            n = k
        else:
            problem(line, f"field {m.group(2)} has no closing tag: the file ends inside it", ProblemKind.MISSING_CLOSE)
            add_field(m, line, len(text), "")
            prefix_start = len(text)
            n = k
    if fields:
        end_record()

    out.trailer = text[prefix_start:]
    stray = out.trailer.strip(_PAD)
    if stray and out.records:
        offset = prefix_start + out.trailer.index(stray[0])
        problems.append(
            Problem(file, lines.at(offset), None, f"text outside any field: {_clip(stray)}", ProblemKind.OUTSIDE_TEXT)
        )
    if not out.records:
        if not stray:
            problems.append(Problem(file, None, None, "empty file", ProblemKind.EMPTY_FILE, Severity.WARNING))
        else:
            problems.append(
                Problem(file, None, None, "no 〖…〗 fields: not a record file", ProblemKind.NOT_RECORDS, Severity.ERROR)
            )
    problems.sort(key=lambda p: p.line or 0)
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
    line = count_breaks(parts[0]) + 1
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
                ProblemKind.BAD_DATE,
            )
        )


#: Control characters shown as their visible symbols (␀, ␁…) in messages.
_VISIBLE = {c: 0x2400 + c for c in range(0x20)}


def _clip(text: str, width: int = 40) -> str:
    text = " ".join(text.split()).translate(_VISIBLE)
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
