"""Shared fixtures: the bundled seeds and a writer for small record files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SEED = SEEDS / "000_ed8ee82fcf2d1d69.txt"


def record_text(
    *,
    zq: str = "17205",
    rq: str = "20050217",
    bh: str = "04",
    th: str = "1",
    bt: str = "标题",
    body: str = "第一段。\n第二段。",
    extra: str = "",
    nl: str = "\n",
) -> str:
    """One well-formed record, body paragraphs indented like the archive's."""
    lines = [
        f"〖ZQ/总期〗{zq}〖-ZQ/总期〗",
        f"〖RQ/日期〗{rq}〖-RQ/日期〗",
        f"〖BH/版号〗{bh}〖-BH/版号〗",
        f"〖TH/条号〗{th}〖-TH/条号〗",
        f"〖BT/标题〗{bt}〖-BT/标题〗",
    ]
    if extra:
        lines.append(extra)
    lines.append("〖ZW/正文〗")
    lines += ["    " + p for p in body.split("\n")]
    lines.append("〖-ZW/正文〗")
    return nl.join(lines) + nl


@pytest.fixture(autouse=True)
def _private_user_folders(tmp_path_factory, monkeypatch):
    """Keep tests out of the real user cache and data folders."""
    base = tmp_path_factory.getbasetemp()
    monkeypatch.setenv("XDG_CACHE_HOME", str(base / "xdg-cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(base / "xdg-data"))


@pytest.fixture(autouse=True)
def _files_written_before_a_load_are_settled(monkeypatch):
    """Tests write their files a moment before loading them: count them as
    settled, not racily clean (which a cache would read again every time;
    see ``batch.RACY_NS``, tested in tests/test_cache.py)."""
    from viewer.core.records import batch

    monkeypatch.setattr(batch, "RACY_NS", 0)


@pytest.fixture
def archive_copy(tmp_path):
    """A copy of the seeds to annotate (the repository's own are never written)."""
    import shutil

    root = tmp_path / "archive"
    shutil.copytree(SEEDS, root)
    return root


@pytest.fixture
def seed_text() -> str:
    return SEED.read_text("utf-8")


@pytest.fixture
def write(tmp_path):
    """``write(relpath, text_or_bytes, encoding="utf-8")`` → Path."""

    def _write(relpath: str, content: str | bytes, encoding: str = "utf-8") -> Path:
        path = tmp_path / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        data = content if isinstance(content, bytes) else content.encode(encoding)
        path.write_bytes(data)
        return path

    return _write


@pytest.fixture
def read_only(monkeypatch):
    """``read_only(folder)``: nothing can be created, replaced or removed in
    ``folder`` (or below it), as on a read-only drive. Works as root too,
    where file modes would not stop a write."""
    import errno

    folders: list[str] = []

    def blocked(path) -> bool:
        try:
            where = os.path.dirname(os.path.abspath(os.fspath(path)))
        except TypeError:
            return False
        return any(where == f or where.startswith(f + os.sep) for f in folders)

    def deny(path):
        raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))

    real_open, real_replace, real_link = os.open, os.replace, os.link
    real_unlink, real_mkdir, real_rename = os.unlink, os.mkdir, os.rename

    def fake_open(path, flags, *args, **kwargs):
        if flags & (os.O_CREAT | os.O_WRONLY | os.O_RDWR) and blocked(path):
            deny(path)
        return real_open(path, flags, *args, **kwargs)

    def guard(real, which=0):
        def inner(*args, **kwargs):
            if blocked(args[which]):
                deny(args[which])
            return real(*args, **kwargs)

        return inner

    monkeypatch.setattr(os, "open", fake_open)
    monkeypatch.setattr(os, "replace", guard(real_replace, 1))
    monkeypatch.setattr(os, "rename", guard(real_rename, 1))
    monkeypatch.setattr(os, "link", guard(real_link, 1))
    monkeypatch.setattr(os, "unlink", guard(real_unlink))
    monkeypatch.setattr(os, "remove", guard(real_unlink))
    monkeypatch.setattr(os, "mkdir", guard(real_mkdir))

    def _make(folder) -> None:
        folders.append(os.path.abspath(os.fspath(folder)))

    return _make


# -- the window, through its documented surface (docs/testing.md) ----------------------


@pytest.fixture(scope="session")
def english(qapp):
    """The English translation, as the app installs it: its plural forms
    ("1 record", "2 records") come from it."""
    from viewer.ui.i18n import Translations

    translations = Translations(qapp)
    translations.apply("en")
    yield translations
    translations.remove()


@pytest.fixture
def open_window(qtbot, tmp_path, english):
    """``open_window(paths, **options)``: the real main window from
    :func:`viewer.ui.app.build_window`, loaded (when given paths), with its
    settings in a private INI file. Windows left open are closed at the end,
    which saves as a user's close does."""
    from viewer.ui.app import build_window

    made = []

    def _open(paths=None, *, settings_path=None, workers=0, cache=None, translations=None, restore_key="", wait=True):
        window = build_window(
            None if paths is None else [str(p) for p in paths],
            settings_path or str(tmp_path / "settings" / "archive-viewer.ini"),
            workers=workers, cache=cache, translations=translations, restore_key=restore_key,
        )
        qtbot.addWidget(window)
        made.append(window)
        if paths is not None and wait:
            wait_loaded(qtbot, window)
        return window

    yield _open
    for window in made:
        if window.isVisible():
            window.close()


def edit_preferences(monkeypatch, window, change) -> None:
    """Open Preferences through its action, let ``change(dialog)`` do what
    a user would in it, and press OK."""
    from viewer.ui.preferences import PreferencesDialog

    def run(dialog) -> bool:
        change(dialog)
        dialog.accept()
        return True

    monkeypatch.setattr(PreferencesDialog, "exec", run)
    window.action("preferences").trigger()


def wait_loaded(qtbot, window, timeout: int = 20000) -> None:
    """Until the archive is loaded and the first record (if any) is shown."""
    qtbot.waitUntil(lambda: not window.loading, timeout=timeout)
    qtbot.waitUntil(lambda: window.current()[1] is not None or table(window).model().rowCount() == 0, timeout=timeout)


def wait_current(qtbot, window, **fields) -> None:
    """Until the reader shows a record with these field values."""

    def ok():
        record = window.current()[1]
        return record is not None and all(record.get(k) == v for k, v in fields.items())

    qtbot.waitUntil(ok, timeout=5000)


def table(window):
    from PySide6.QtWidgets import QTableView

    return window.findChild(QTableView, "recordTable")


def widget(window, cls, name: str):
    found = window.findChild(cls, name)
    assert found is not None, name
    return found


def column(window, code: str) -> list:
    from viewer.ui.record_model import COLUMNS

    model = table(window).model()
    c = COLUMNS.index(code)
    return [model.index(r, c).data() for r in range(model.rowCount())]


def select_row(qtbot, window, row: int) -> None:
    """Click a row of the table (a plain click: that row alone is selected,
    whatever keyboard modifiers an earlier test left the application
    thinking are held); wait until the reader shows its record."""
    from PySide6.QtCore import QItemSelectionModel

    view = table(window)
    rid = view.model().record_id(row)
    flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    view.selectionModel().setCurrentIndex(view.model().index(row, 0), flags)
    qtbot.waitUntil(lambda: window.current()[0] == rid, timeout=5000)


def damage_bitmap(folder, needle: str, code: str = "ZW") -> int:
    """Overwrite the start of the bitmap of ``needle``'s first gram in field
    ``code`` in every segment of the search index in ``folder`` (found only
    when a search reads it). Returns how many segments were damaged."""
    import numpy as np

    from viewer.core.search import gramindex

    key = (gramindex.FIELDS.index(code) << gramindex._GRAM_BITS) | gramindex.needle_grams(needle)[0][0]
    damaged = 0
    for name in os.listdir(folder):
        if not name.endswith(".grams"):
            continue
        path = os.path.join(folder, name)
        with open(path, "rb") as fh:
            raw = bytearray(fh.read())
        n = int(np.frombuffer(raw, dtype=np.uint64, count=1, offset=8)[0])
        keys = np.frombuffer(raw, dtype=np.uint64, count=n, offset=16)
        ends = np.frombuffer(raw, dtype=np.uint64, count=n, offset=16 + 8 * n)
        i = int(np.searchsorted(keys, key))
        if i < n and int(keys[i]) == key:
            start = 16 + 16 * n + (int(ends[i - 1]) if i else 0)
            raw[start : start + 8] = b"\xff" * 8
            with open(path, "wb") as fh:
                fh.write(raw)
            damaged += 1
    return damaged
