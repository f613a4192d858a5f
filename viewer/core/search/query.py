"""The search query language.

A query is a list of clauses, all of which must hold (AND)::

    党员 教育                 both terms (substrings: Chinese has no spaces)
    "先进性 教育"             an exact phrase, spaces included
    党员 OR 群众              either (OR binds two neighbouring terms)
    -通知                     records without the term
    标题:教育  title:教育     the term in one field (see FIELD_NAMES)
    版名:国内时事  作者:新华社
    日期:2005-02-01..2005-02-28   a date range (either end may be left out;
                              2005 or 2005-02 alone mean the whole year/month)
    tag:重点  status:proofread    annotations
    /先进.{0,3}教育/          a regular expression (Python syntax)
    江青!松江青浦!浙江青年    exclusion patterns: an occurrence of 江青 does
                              not count when it is part of 松江青浦 or 浙江青年

A parse error raises :class:`QueryError` with a message for people.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from viewer.core.records.fields import BM, BT, FL, FT, TC, YT, ZW, ZZ

#: Field names a query may use, Chinese and English, to codes. ``text``/
#: ``正文`` is the body; ``note`` searches notes and corrections.
FIELD_NAMES: dict[str, str] = {
    "标题": BT, "title": BT,
    "引题": YT, "lead": YT,
    "副题": FT, "subtitle": FT,
    "作者": ZZ, "author": ZZ,
    "正文": ZW, "body": ZW, "text": ZW,
    "版名": BM, "section": BM, "page": BM,
    "体裁": TC, "genre": TC,
    "分类": FL, "class": FL,
    "批注": "#note", "note": "#note",
}

#: Fields searched by a term without a field name: every text field of the
#: record (not the numbers and the date), and the notes.
DEFAULT_FIELDS = (YT, BT, FT, ZZ, BM, TC, FL, ZW, "#note")


class QueryError(ValueError):
    """A query that cannot be understood."""


@dataclass(frozen=True, slots=True)
class Term:
    """Text to find: a substring, or a regular expression.

    Attributes:
        text: the substring (or the pattern, for a regex).
        fields: the field codes to look in.
        regex: the compiled pattern for ``/…/`` terms.
        exclusions: longer strings whose occurrences make a hit not count.
    """

    text: str
    fields: tuple[str, ...] = DEFAULT_FIELDS
    regex: re.Pattern | None = None
    exclusions: tuple[str, ...] = ()


@dataclass(slots=True)
class Query:
    """A parsed query: every group must match (AND); a group is one or more
    terms of which one must match (OR).

    Attributes:
        groups: AND of ORs of terms.
        negated: terms no matching record may contain.
        date_from: YYYYMMDD lower bound (inclusive), or None.
        date_to: YYYYMMDD upper bound (inclusive), or None.
        tags: tags the record must have.
        statuses: review statuses the record must have (any of them).
    """

    groups: list[list[Term]] = field(default_factory=list)
    negated: list[Term] = field(default_factory=list)
    date_from: int | None = None
    date_to: int | None = None
    tags: list[str] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)

    @property
    def positive_terms(self) -> list[Term]:
        return [t for g in self.groups for t in g]

    def is_empty(self) -> bool:
        return not (self.groups or self.negated or self.date_from or self.date_to or self.tags or self.statuses)


_TOKEN = re.compile(
    r"""
    \s*(
        -?[^\s:"/]+:"[^"]*"      # field:"phrase"
      | -?"[^"]*"                # "phrase"
      | -?(?:[^\s:"/]+:)?/(?:\\.|[^/\\])+/   # field:/regex/ or /regex/
      | \S+
    )""",
    re.VERBOSE,
)


def tokenize(text: str) -> list[str]:
    tokens, pos = [], 0
    text = text.strip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or not m.group(1):
            break
        tokens.append(m.group(1))
        pos = m.end()
    if text.count('"') % 2:
        raise QueryError('a phrase is missing its closing "')
    return tokens


def parse_query(text: str) -> Query:
    """Parse ``text`` (see the module docstring)."""
    q = Query()
    tokens = tokenize(text)
    pending_or = False
    for token in tokens:
        if token == "OR":
            if not q.groups or pending_or:
                raise QueryError("OR needs a term on each side")
            pending_or = True
            continue
        negate = token.startswith("-") and len(token) > 1
        body = token[1:] if negate else token
        name, sep, value = body.partition(":")
        key = name.lower() if sep else ""
        if sep and key in ("日期", "date"):
            if not value.strip():
                raise QueryError(f"{name}: needs a date or a range after it, for example {name}:2005-02")
            if negate:
                raise QueryError("a date range cannot be negated")
            q.date_from, q.date_to = _date_range(value)
            continue
        if sep and key in ("tag", "标签", "status", "状态") and not _unquote(value):
            raise QueryError(f"{name}: needs a value after it, for example {name}:{'proofread' if key in ('status', '状态') else '重点'}")
        if sep and key in ("tag", "标签"):
            q.tags.append(_unquote(value))
            continue
        if sep and key in ("status", "状态"):
            q.statuses.append(_unquote(value).lower())
            continue
        fields: tuple[str, ...] = DEFAULT_FIELDS
        if sep and (key in FIELD_NAMES or name in FIELD_NAMES):
            fields = (FIELD_NAMES.get(key) or FIELD_NAMES[name],)
            body = value
            if not body:
                raise QueryError(f"{name}: needs text after it, for example {name}:教育")
        term = _term(body, fields)
        if negate:
            if pending_or:
                raise QueryError("OR cannot join a -term")
            q.negated.append(term)
        elif pending_or:
            q.groups[-1].append(term)
            pending_or = False
        else:
            q.groups.append([term])
    if pending_or:
        raise QueryError("OR needs a term on each side")
    return q


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return value[1:-1]
    return value


def _term(body: str, fields: tuple[str, ...]) -> Term:
    if len(body) >= 2 and body.startswith("/") and body.endswith("/"):
        pattern = body[1:-1]
        try:
            return Term(pattern, fields, re.compile(pattern))
        except re.error as e:
            raise QueryError(f"bad regular expression /{pattern}/: {e}") from None
    if body.startswith('"'):
        text = _unquote(body)
        if not text:
            raise QueryError("an empty phrase")
        return Term(text, fields)
    main, *exclusions = body.split("!")
    if not main:
        raise QueryError(f"nothing to search for in {body!r}")
    for pattern in exclusions:
        if main not in pattern:
            raise QueryError(f"the exclusion {pattern!r} must contain {main!r} (like 江青!松江青浦)")
    return Term(main, fields, None, tuple(p for p in exclusions if p))


_DATE = re.compile(r"^(\d{4})(?:-?(\d{2})(?:-?(\d{2}))?)?$")


def _date_bound(text: str, upper: bool) -> int | None:
    text = text.strip()
    if not text:
        return None
    m = _DATE.match(text)
    if not m:
        raise QueryError(f"bad date {text!r} (use 2005-02-17, 2005-02 or 2005)")
    year, month, day = m.group(1), m.group(2), m.group(3)
    if month is not None and not 1 <= int(month) <= 12:
        raise QueryError(f"bad date {text!r}: no month {month}")
    if day is not None:
        import datetime as _dt

        try:
            _dt.date(int(year), int(month), int(day))
        except ValueError:
            raise QueryError(f"bad date {text!r}: no such day") from None
    if month is None:
        return int(year + ("1231" if upper else "0101"))
    if day is None:
        return int(year + month + ("31" if upper else "01"))
    return int(year + month + day)


def _date_range(value: str) -> tuple[int | None, int | None]:
    if ".." in value:
        a, b = value.split("..", 1)
        lo, hi = _date_bound(a, False), _date_bound(b, True)
    else:
        lo, hi = _date_bound(value, False), _date_bound(value, True)
    if lo is not None and hi is not None and lo > hi:
        raise QueryError("the date range ends before it starts")
    return lo, hi
