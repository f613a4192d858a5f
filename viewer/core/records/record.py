"""Records and fields as parsed from a file, and their typed values.

A :class:`Field` keeps the exact text it was parsed from (the text before
its opening tag, both tags and the raw value), so that a parsed file can be
written back byte for byte. Everything else reads the value as text
(:mod:`viewer.core.records.markup`): :attr:`Field.text` for a short field, the
paragraphs for the body, with inline line breaks read and picture blocks
taken out as :class:`~viewer.core.markup.Picture` s.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import NewType

from viewer.core.records.fields import ZW
from viewer.core.records.markup import PAD, Picture, Rendered, render

#: A record's stable identity: ``relative/path.txt#index``.
RecordKey = NewType("RecordKey", str)

__all__ = ["PAD", "Field", "Picture", "Record", "RecordKey", "make_key", "split_key"]


def make_key(relpath: str, index: int) -> RecordKey:
    """Build a record key from a path relative to the archive root.

    The key only uses ``/`` separators, so it is the same on every machine.
    """
    relpath = relpath.replace("\\", "/")
    return RecordKey(f"{relpath}#{index}")


def split_key(key: str) -> tuple[str, int]:
    """Split a key into its relative path and record index."""
    path, _, index = key.rpartition("#")
    return path, int(index)


@dataclass(slots=True)
class Field:
    """One ``〖CODE/名称〗value〖-CODE/名称〗`` field.

    Attributes:
        code: the field code, e.g. ``BT``.
        name: the Chinese name as written in the opening tag (may be empty).
        value: the raw text between the tags.
        line: 1-based line of the opening tag.
        prefix: the text between the previous field (or the file start) and
            this field's opening tag, usually a newline.
        open_tag: the opening tag exactly as written.
        close_tag: the closing tag exactly as written; empty when missing.
    """

    code: str
    name: str
    value: str
    line: int
    prefix: str = ""
    open_tag: str = ""
    close_tag: str = ""

    def rendered(self, *, with_map: bool = False) -> Rendered:
        """The value read as text (see :func:`viewer.core.markup.render`)."""
        return render(self.value, self.code == ZW, with_map=with_map)

    @property
    def text(self) -> str:
        """The field's text: a short field's value without surrounding white
        space, the body's paragraphs joined by ``\n``; markup read (an
        inline line break is a ``\n``, a picture block is not text)."""
        if "〖" not in self.value and self.code != ZW:
            return self.value.strip(PAD)
        return self.rendered().text

    def paragraphs(self) -> list[str]:
        """Non-empty lines of the text, each stripped of its indentation."""
        if "〖" not in self.value:
            lines = (line.strip(PAD) for line in self.value.splitlines())
            return [line for line in lines if line]
        return list(self.rendered().paragraphs)

    def pictures(self) -> tuple[Picture, ...]:
        """The picture blocks in the field (none without markup)."""
        return self.rendered().pictures if "〖" in self.value else ()

    def serialize(self) -> str:
        """The field's exact text, including its prefix."""
        return f"{self.prefix}{self.open_tag}{self.value}{self.close_tag}"


@dataclass(slots=True)
class Record:
    """A record: its fields in file order, unknown codes included.

    Attributes:
        index: 0-based position of the record in its file.
        fields: every field, in the order of the file.
        line: 1-based line of the record's first field.
    """

    index: int
    fields: list[Field] = field(default_factory=list)
    line: int = 1

    def get(self, code: str, default: str = "") -> str:
        """The stripped text of the first field with ``code``."""
        for f in self.fields:
            if f.code == code:
                return f.text
        return default

    def field(self, code: str) -> Field | None:
        """The first field with ``code``, or None."""
        for f in self.fields:
            if f.code == code:
                return f
        return None

    def codes(self) -> list[str]:
        """The codes of the fields, in file order."""
        return [f.code for f in self.fields]

    def paragraphs(self) -> list[str]:
        """The body's paragraphs."""
        body = self.field(ZW)
        return body.paragraphs() if body else []

    def body(self) -> str:
        """The body as paragraphs joined by newlines."""
        return "\n".join(self.paragraphs())

    def pictures(self) -> tuple[Picture, ...]:
        """The body's picture blocks."""
        body = self.field(ZW)
        return body.pictures() if body else ()

    def raw_text(self) -> str:
        """The record's text exactly as in the file, tags included."""
        return "".join(f.serialize() for f in self.fields).strip("\r\n")


def body_length(text: str) -> int:
    """字数: the number of characters of a body, not counting white space."""
    return len("".join(text.split()))


def parse_date(text: str) -> int | None:
    """Parse an RQ value (``YYYYMMDD``) into the integer YYYYMMDD, or None.

    The integer sorts as the date does. A value that is not a real calendar
    date (``20050230``) gives None.
    """
    text = text.strip(PAD)
    if len(text) != 8 or not text.isascii() or not text.isdigit():
        return None
    try:
        _dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        return None
    return int(text)


def format_date(value: int) -> str:
    """``20050217`` → ``2005-02-17``."""
    text = f"{value:08d}"
    return f"{text[:4]}-{text[4:6]}-{text[6:]}"


def parse_number(text: str) -> int | None:
    """Parse a BH/TH/ZQ value as a number: ``"04"`` → 4.

    Full-width digits are accepted. Anything else gives None.
    """
    text = text.strip(PAD)
    if not text or not text.isdecimal():
        return None
    return int(text)
