"""Reading a record's full text off the GUI thread.

Selecting a row asks for that record; the file is read and parsed in the
thread pool and the result comes back on the GUI thread. Only the latest
request is delivered, so quick scrolling never shows a stale record.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage

from viewer.core.records.archive import Archive
from viewer.core.records.markup import Picture
from viewer.core.records.pictures import find_images
from viewer.core.records.record import Record
from viewer.ui.background import LatestTask


@dataclass(frozen=True)
class ShownPicture:
    """A picture block as the reader shows it.

    Attributes:
        picture: the block (page, file name, place in the body).
        path: the image file found for it, or ''.
        image: the image read from ``path`` (None when none could be read).
    """

    picture: Picture
    path: str = ""
    image: QImage | None = None


def _read(archive: Archive, rid: int) -> tuple[int, Record | None, list[ShownPicture]]:
    """In the thread pool: the record, and the images of its pictures
    (reading and decoding image files is work for a background thread)."""
    try:
        record = archive.read(rid)
    except (OSError, IndexError):  # the file vanished or changed since loading
        return rid, None, []
    shown = []
    for picture in record.pictures() if record is not None else ():
        found = ShownPicture(picture)
        for path in find_images(archive.source(rid).path, archive.date(rid), picture):
            image = QImage(path)
            if not image.isNull():
                found = ShownPicture(picture, path, image)
                break
        shown.append(found)
    return rid, record, shown


class RecordFetcher(QObject):
    """Fetches records for the reader.

    Signals:
        fetched(int, object, object): a record id, its
            :class:`~viewer.core.record.Record` (None if it could not be
            read) and its pictures (a list of :class:`ShownPicture`).
    """

    fetched = Signal(int, object, object)

    def __init__(self, archive: Archive, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.archive = archive
        self._task = LatestTask(parent=self)
        self._task.done.connect(lambda result: self.fetched.emit(*result))

    def cancel(self) -> None:
        """Drop every pending request (the archive is being replaced)."""
        self._task.cancel()

    def fetch(self, rid: int) -> None:
        """Read record ``rid`` in the background; supersedes earlier requests."""
        self._task.submit(_read, self.archive, rid)
