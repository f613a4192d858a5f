"""Problems' messages in the interface's language.

The core writes every :class:`~viewer.core.records.diagnostics.Problem`'s
message in English: the command line prints it, the caches keep it, the
tests read it. The Problems panel shows it translated: each kind of
message the core writes has a pattern here, the values in it (a field, a
tag, a line, a file name) are taken from the English and put into the
translation (``%1``, ``%2``… in the order the pattern finds them). A
message no pattern knows is shown as it is; in English every message is.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QObject


class ProblemText(QObject):
    """Translates problems' messages (see the module), remembering each
    message translated until the language changes (:meth:`retranslate`)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._table: list[tuple[re.Pattern[str], str, str]] | None = None
        self._done: dict[str, str] = {}

    def retranslate(self) -> None:
        """The language changed: translate again from now on."""
        self._table = None
        self._done = {}

    def text(self, message: str) -> str:
        """``message`` in the interface's language."""
        done = self._done.get(message)
        if done is not None:
            return done
        if self._table is None:
            self._table = self._patterns()
        out = message
        for pattern, source, translated in self._table:
            m = pattern.fullmatch(message)
            if m is None:
                continue
            if translated != source:  # (in English the message stays exactly as the core wrote it)
                out = translated
                for i, value in reversed(list(enumerate(m.groups(), 1))):
                    out = out.replace(f"%{i}", self._system(value or ""))
            break
        if len(self._done) < 100_000:
            self._done[message] = out
        return out

    def _system(self, value: str) -> str:
        """A value in the system's words (an error the C library named) in
        the interface's language, when it is one of the usual ones."""
        if not value or not value[0].isupper():
            return value
        said = {
            "No such file or directory": self.tr("No such file or directory"),
            "Permission denied": self.tr("Permission denied"),
            "Is a directory": self.tr("Is a directory"),
            "Not a directory": self.tr("Not a directory"),
            "Too many levels of symbolic links": self.tr("Too many levels of symbolic links"),
            "Input/output error": self.tr("Input/output error"),
            "File name too long": self.tr("File name too long"),
        }
        return said.get(value, value)

    def sources(self) -> list[str]:
        """Every message template (the English, with ``%1``…): for tests."""
        return [source for _pattern, source, _translated in self._patterns()]

    def _patterns(self) -> list[tuple[re.Pattern[str], str, str]]:
        """(pattern of the core's English, the same as a template, its translation),
        most particular first."""
        table = [
            # reading a file (viewer.core.records.parser, loader)
            (r"field (\S+) appears twice in one record; a new record starts here",
             "field %1 appears twice in one record; a new record starts here",
             self.tr("field %1 appears twice in one record; a new record starts here")),
            (r"text outside any field: (.*)", "text outside any field: %1", self.tr("text outside any field: %1")),
            (r"(.+) inside field (\S+) has no closing tag before (.+)", "%1 inside field %2 has no closing tag before %3",
             self.tr("%1 inside field %2 has no closing tag before %3")),
            (r"(.+) in field (\S+) is never closed: read as text", "%1 in field %2 is never closed: read as text",
             self.tr("%1 in field %2 is never closed: read as text")),
            (r"(.+) closes before the tags opened inside it, in field (\S+)",
             "%1 closes before the tags opened inside it, in field %2",
             self.tr("%1 closes before the tags opened inside it, in field %2")),
            (r"closing tag (.+) inside field (\S+) without an opening tag",
             "closing tag %1 inside field %2 without an opening tag",
             self.tr("closing tag %1 inside field %2 without an opening tag")),
            (r"closing tag (.+) without an opening tag", "closing tag %1 without an opening tag",
             self.tr("closing tag %1 without an opening tag")),
            (r"field (\S+) \(line (\d+)\) is closed by (.+)", "field %1 (line %2) is closed by %3",
             self.tr("field %1 (line %2) is closed by %3")),
            (r"field (\S+) has no closing tag before (.+) \(line (\d+)\)", "field %1 has no closing tag before %2 (line %3)",
             self.tr("field %1 has no closing tag before %2 (line %3)")),
            (r"field (\S+) has no closing tag: the file ends inside it", "field %1 has no closing tag: the file ends inside it",
             self.tr("field %1 has no closing tag: the file ends inside it")),
            (r"empty file", "empty file", self.tr("empty file")),
            (r"no 〖…〗 fields: not a record file", "no 〖…〗 fields: not a record file",
             self.tr("no 〖…〗 fields: not a record file")),
            (r"no 〖…〗 fields: not a record file; skipped", "no 〖…〗 fields: not a record file; skipped",
             self.tr("no 〖…〗 fields: not a record file; skipped")),
            (r"bad date in RQ: (.*) \(expected YYYYMMDD\); kept as text",
             "bad date in RQ: %1 (expected YYYYMMDD); kept as text",
             self.tr("bad date in RQ: %1 (expected YYYYMMDD); kept as text")),
            (r"file is (\d+) MiB, over the (\d+) MiB limit; skipped", "file is %1 MiB, over the %2 MiB limit; skipped",
             self.tr("file is %1 MiB, over the %2 MiB limit; skipped")),
            (r"cannot read: (.*)", "cannot read: %1", self.tr("cannot read: %1")),
            (r"binary file, not a record file; skipped", "binary file, not a record file; skipped",
             self.tr("binary file, not a record file; skipped")),
            (r"bytes not valid (\S+) at byte offset (\d+) and (\d+) more; shown as \ufffd",
             "bytes not valid %1 at byte offset %2 and %3 more; shown as \ufffd",
             self.tr("bytes not valid %1 at byte offset %2 and %3 more; shown as \ufffd")),
            (r"bytes not valid (\S+) at byte offset (\d+); shown as \ufffd",
             "bytes not valid %1 at byte offset %2; shown as \ufffd",
             self.tr("bytes not valid %1 at byte offset %2; shown as \ufffd")),
            (r"(\d+) NUL characters? in the text \(the first at byte offset (\d+)\); the file is read as text all the same",
             "%1 NUL character(s) in the text (the first at byte offset %2); the file is read as text all the same",
             self.tr("%1 NUL character(s) in the text (the first at byte offset %2); the file is read as text all the same")),
            # finding the files (viewer.core.records.discovery)
            (r"skipped (\d+) of Archive Viewer's own files \(annotations, recovery files, locks, tags\)",
             "skipped %1 of Archive Viewer's own files (annotations, recovery files, locks, tags)",
             self.tr("skipped %1 of Archive Viewer's own files (annotations, recovery files, locks, tags)")),
            (r"skipped (\d+) hidden files? or folders? \(names starting with “\.”\)(?:, such as |: )(.+)",
             "skipped %1 hidden file(s) or folder(s) (names starting with “.”), such as %2",
             self.tr("skipped %1 hidden file(s) or folder(s) (names starting with “.”), such as %2")),
            (r"skipped (\d+) files? that (?:are|is) not a record file \((.*)\)",
             "skipped %1 file(s) that are not a record file (%2)",
             self.tr("skipped %1 file(s) that are not a record file (%2)")),
            (r"skipped (\d+) editor backup files? \(names ending in “~”\)",
             "skipped %1 editor backup file(s) (names ending in “~”)",
             self.tr("skipped %1 editor backup file(s) (names ending in “~”)")),
            (r"skipped (\d+) files? already loaded through another link(?:, such as |: )(.+)",
             "skipped %1 file(s) already loaded through another link, such as %2",
             self.tr("skipped %1 file(s) already loaded through another link, such as %2")),
            (r"skipped (\d+) entr(?:ies|y) that (?:are|is) not a regular file(?:, such as |: )(.+)",
             "skipped %1 entries that are not a regular file, such as %2",
             self.tr("skipped %1 entries that are not a regular file, such as %2")),
            (r"cannot open: not a regular file or folder", "cannot open: not a regular file or folder",
             self.tr("cannot open: not a regular file or folder")),
            (r"cannot open: (.*)", "cannot open: %1", self.tr("cannot open: %1")),
            (r"cannot read folder: (.*)", "cannot read folder: %1", self.tr("cannot read folder: %1")),
            (r"link to a folder already searched \(a loop\); skipped", "link to a folder already searched (a loop); skipped",
             self.tr("link to a folder already searched (a loop); skipped")),
            # the proofreading checks (viewer.core.records.checks)
            (r"条号 (.+) repeats on page (.+) of (.+) \(also in (.+), with the same 标题: a duplicate\?\)",
             "条号 %1 repeats on page %2 of %3 (also in %4, with the same 标题: a duplicate?)",
             self.tr("条号 %1 repeats on page %2 of %3 (also in %4, with the same 标题: a duplicate?)")),
            (r"条号 (.+) repeats on page (.+) of (.+) \(also in (.+)\)", "条号 %1 repeats on page %2 of %3 (also in %4)",
             self.tr("条号 %1 repeats on page %2 of %3 (also in %4)")),
            (r"总期 (.+) differs from (.+), the 总期 of the other records of (.+)",
             "总期 %1 differs from %2, the 总期 of the other records of %3",
             self.tr("总期 %1 differs from %2, the 总期 of the other records of %3")),
            (r"日期 (.+) is not in the folder (.+)", "日期 %1 is not in the folder %2", self.tr("日期 %1 is not in the folder %2")),
            (r"日期 (.+) differs from the date (.+) the file name (.+) starts with",
             "日期 %1 differs from the date %2 the file name %3 starts with",
             self.tr("日期 %1 differs from the date %2 the file name %3 starts with")),
            (r"版号 (.+) differs from page (.+) in the file name (.+)", "版号 %1 differs from page %2 in the file name %3",
             self.tr("版号 %1 differs from page %2 in the file name %3")),
            (r"(标题|正文) has characters outside GB2312 in a record of (\S+): (.*)",
             "%1 has characters outside GB2312 in a record of %2: %3",
             self.tr("%1 has characters outside GB2312 in a record of %2: %3")),
            (r"正文 mixes half-width “(.+)” with full-width “(.+)”", "正文 mixes half-width “%1” with full-width “%2”",
             self.tr("正文 mixes half-width “%1” with full-width “%2”")),
            (r"(标题|正文) has “(.+)”, a known misreading \(usually (.+)\)", "%1 has “%2”, a known misreading (usually %3)",
             self.tr("%1 has “%2”, a known misreading (usually %3)")),
            (r"(标题|正文) has “(.+)”, a known misreading", "%1 has “%2”, a known misreading",
             self.tr("%1 has “%2”, a known misreading")),
            (r"标题 \(BT\) is empty", "标题 (BT) is empty", self.tr("标题 (BT) is empty")),
            (r"正文 \(ZW\) is empty", "正文 (ZW) is empty", self.tr("正文 (ZW) is empty")),
        ]
        return [(re.compile(pattern, re.DOTALL), source, translated) for pattern, source, translated in table]
