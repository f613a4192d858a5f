"""Sidecars in git: a merge driver that merges per annotation, and its setup.

Git merges text line by line, so two editors who annotate the same record
file stop at a conflict in its sidecar even when they touched different
records. :func:`merge_sidecars` merges the three versions git hands a
merge driver annotation by annotation, with the rules the app's own saves
use (:func:`viewer.core.annotations.model.merge`): a change on one side
wins over no change, the newest change wins when both changed, an edit
against a deletion keeps the annotation flagged ``conflict``. :func:`setup`
tells a repository to use it.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from dataclasses import dataclass

from viewer.core.annotations.model import merge
from viewer.core.annotations.sidecar import SUFFIX, Content, SidecarError, parse, serialize
from viewer.core.files.atomic import atomic_write

#: The driver's name in ``.gitattributes`` and ``git config``.
DRIVER = "archive-viewer-sidecars"

#: The ``.gitattributes`` lines :func:`setup` adds: sidecars merge per
#: annotation; the tag vocabulary (one tag a line) keeps both sides' lines.
ATTRIBUTES = (f"*{SUFFIX} merge={DRIVER}", ".archive-viewer-tags.txt merge=union")


class MergeError(ValueError):
    """A version git handed over that cannot be read as a sidecar."""


def _read(label: str, data: bytes, name: str | None) -> Content:
    if not data.strip():
        return Content()  # git hands an empty base when both sides added the file
    try:
        return parse(data, name)
    except SidecarError as e:
        raise MergeError(f"{label}: {e}") from None


def merge_sidecars(base: bytes, ours: bytes, theirs: bytes, name: str | None = None) -> bytes:
    """Merge three versions of one sidecar, per annotation id.

    Args:
        base: the common ancestor's bytes (empty when there is none).
        ours, theirs: the two versions to merge.
        name: the record file's name (keys naming another file are kept
            aside, as the app keeps them); None accepts any plain name.

    Returns:
        The merged sidecar, written as the app writes one.

    Raises:
        MergeError: a version is not a sidecar this program reads.
    """
    b, o, t = _read("the common version", base, name), _read("our version", ours, name), _read("their version", theirs, name)
    merged = merge(b.annotations, o.annotations, t.annotations)
    foreign = {**t.foreign, **o.foreign}
    extra = {**t.extra, **o.extra}
    # The fingerprint of the record file: the side that changed it wins
    # (a mismatch only makes the app check each span's text again).
    source = o.source if o.source != b.source or t.source == b.source else t.source
    return serialize(merged.values(), source, foreign=foreign, extra=extra)


def merge_files(base: str, ours: str, theirs: str, path: str = "") -> None:
    """The merge driver: merge the files ``base``, ``ours`` and ``theirs``
    and leave the result in ``ours`` (git's ``%O %A %B %P``).

    Raises:
        MergeError: a version cannot be read (``ours`` is left as it was).
        OSError: a file cannot be read or written.
    """
    name = os.path.basename(path)[: -len(SUFFIX)] if path.endswith(SUFFIX) else None
    with open(base, "rb") as fb, open(ours, "rb") as fo, open(theirs, "rb") as ft:
        result = merge_sidecars(fb.read(), fo.read(), ft.read(), name)
    atomic_write(ours, result)


@dataclass(frozen=True, slots=True)
class SetupStep:
    """One thing :func:`setup` did or found done."""

    what: str
    changed: bool


def driver_command(python: str = sys.executable) -> str:
    """The command git runs to merge a sidecar: this very program, so that
    it works whether or not ``archive-viewer`` is on git's PATH."""
    return f"{shlex.quote(python)} -m viewer merge-sidecars %O %A %B %P"


def _git(repo: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", "-C", repo, *args], capture_output=True, text=True, check=False)


def setup(repo: str, command: str | None = None) -> list[SetupStep]:
    """Make the git repository at (or above) ``repo`` merge sidecars with
    the driver: ``.gitattributes`` lines at its top and the driver in its
    ``.git/config``. Running it again changes nothing.

    Raises:
        ValueError: ``repo`` is not inside a git work tree, or git is missing.
        OSError: ``.gitattributes`` cannot be written.
    """
    if not os.path.isdir(repo):
        raise ValueError(f"{repo}: no such folder")
    try:
        found = _git(repo, "rev-parse", "--show-toplevel")
    except OSError as e:
        raise ValueError(f"git cannot be run: {e.strerror or e}") from None
    if found.returncode != 0:
        raise ValueError(f"{repo}: not a git work tree")
    top = found.stdout.strip()
    steps: list[SetupStep] = []
    attributes = os.path.join(top, ".gitattributes")
    try:
        with open(attributes, "rb") as fh:
            text = fh.read().decode("utf-8")
    except FileNotFoundError:
        text = ""
    except UnicodeDecodeError:
        raise ValueError(f"{attributes}: not UTF-8 text; add these lines by hand: {'; '.join(ATTRIBUTES)}") from None
    have = {line.strip() for line in text.splitlines()}
    missing = [line for line in ATTRIBUTES if line not in have]
    if missing:
        newline = "\r\n" if "\r\n" in text else "\n"
        joined = text + ("" if not text or text.endswith("\n") else newline) + newline.join(missing) + newline
        atomic_write(attributes, joined.encode("utf-8"))
    for line in ATTRIBUTES:
        steps.append(SetupStep(f"{attributes}: {line}", line in missing))
    wanted = {
        f"merge.{DRIVER}.name": "Archive Viewer annotation sidecars, merged per annotation",
        f"merge.{DRIVER}.driver": command or driver_command(),
    }
    for key, value in wanted.items():
        now = _git(top, "config", "--local", "--get", key)
        if now.returncode == 0 and now.stdout.rstrip("\n") == value:
            steps.append(SetupStep(f"git config {key} = {value}", False))
            continue
        done = _git(top, "config", "--local", key, value)
        if done.returncode != 0:
            raise ValueError(f"git config {key} failed: {done.stderr.strip()}")
        steps.append(SetupStep(f"git config {key} = {value}", True))
    return steps
