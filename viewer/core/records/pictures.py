"""Finding the image file of a record's picture block.

A picture block names its file (``〖WJ/文件〗2014112001101.T01〖-WJ/文件〗``).
The image is looked for beside the record file, then in the record's day
folder (the nearest folder above it named by the record's date,
``YYYYMMDD``): first a file of exactly that name, then one with the same
stem and an image extension (``2014112001101.jpg``…), any case.
"""

from __future__ import annotations

import os
from pathlib import Path

from viewer.core.records.markup import Picture

#: Extensions of image files a picture can be, in the order they are tried.
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".bmp", ".tif", ".tiff", ".webp")


def candidate_folders(record_file: str, date: int | None) -> list[str]:
    """Where a record's pictures may be: its folder, then its day folder."""
    folder = Path(os.path.abspath(record_file)).parent
    out = [str(folder)]
    if date is not None:
        day = f"{date:08d}"
        for parent in (folder, *folder.parents):
            if parent.name == day:
                if str(parent) not in out:
                    out.append(str(parent))
                break
    return out


def find_images(record_file: str, date: int | None, picture: Picture) -> list[str]:
    """Files that may hold ``picture``'s image, best first (the exact name,
    then the same stem with an image extension); empty when there is none.
    The exact name may be in a format no viewer reads: try the next."""
    name = os.path.basename(picture.file.strip())
    if not name or name in (".", ".."):
        return []
    stem = os.path.splitext(name)[0]
    out: list[str] = []
    for folder in candidate_folders(record_file, date):
        try:
            with os.scandir(folder) as it:
                entries = {e.name.lower(): e.name for e in it if e.is_file()}
        except OSError:
            continue
        for wanted in (name, *(stem + suffix for suffix in IMAGE_SUFFIXES)):
            found = entries.get(wanted.lower())
            if found:
                out.append(os.path.join(folder, found))
    return list(dict.fromkeys(out))
