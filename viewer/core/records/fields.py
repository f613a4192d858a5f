"""The archive's field codes and their names.

Every field in a record file is written as ``〖CODE/名称〗value〖-CODE/名称〗``.
The codes below are the ones the archive documents; any other code is kept
as an unknown field and never dropped.
"""

from __future__ import annotations

from typing import Final

ZQ: Final = "ZQ"  #: 总期, issue number
RQ: Final = "RQ"  #: 日期, date YYYYMMDD
BH: Final = "BH"  #: 版号, page
TH: Final = "TH"  #: 条号, item on the page
YT: Final = "YT"  #: 引题, lead headline (kicker above the title)
BT: Final = "BT"  #: 标题, title
FT: Final = "FT"  #: 副题, subtitle
ZZ: Final = "ZZ"  #: 作者, author
FL: Final = "FL"  #: 分类, classification code
BM: Final = "BM"  #: 版名, page/section name
TC: Final = "TC"  #: 体裁, genre
ZW: Final = "ZW"  #: 正文, body, one paragraph a line

#: Known codes, in the order they usually appear in a record.
KNOWN_FIELDS: Final[dict[str, str]] = {
    ZQ: "总期",
    RQ: "日期",
    BH: "版号",
    TH: "条号",
    YT: "引题",
    BT: "标题",
    FT: "副题",
    ZZ: "作者",
    FL: "分类",
    BM: "版名",
    TC: "体裁",
    ZW: "正文",
}

#: English labels, for the CLI's headers and the English UI.
ENGLISH_LABELS: Final[dict[str, str]] = {
    ZQ: "Issue",
    RQ: "Date",
    BH: "Page",
    TH: "Item",
    YT: "Lead headline",
    BT: "Title",
    FT: "Subtitle",
    ZZ: "Author",
    FL: "Class",
    BM: "Section",
    TC: "Genre",
    ZW: "Body",
}

#: Fields whose appearance after a body starts a new record.
RECORD_STARTERS: Final = frozenset({ZQ, RQ})

#: Fields kept in memory for every record (the body is re-read on demand).
INDEXED_FIELDS: Final = (ZQ, RQ, BH, TH, YT, BT, FT, ZZ, FL, BM, TC)

#: Chinese names accepted for a code (so that ``--fields 标题`` works too).
CODE_BY_NAME: Final[dict[str, str]] = {name: code for code, name in KNOWN_FIELDS.items()}


def field_name(code: str) -> str:
    """Return the archive's Chinese name for ``code``, or the code itself."""
    return KNOWN_FIELDS.get(code, code)


def normalize_code(text: str) -> str:
    """Turn a user's field reference (``bt``, ``BT``, ``标题``) into a code."""
    text = text.strip()
    if text in CODE_BY_NAME:
        return CODE_BY_NAME[text]
    return text.upper()
