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
