"""Where the application keeps its own files (never inside an archive)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP = "archive-viewer"


def user_data_dir() -> Path:
    """The per-user data folder: XDG on Linux, the platform's elsewhere."""
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / APP


def fallback_annotations_dir() -> Path:
    """Where sidecars of read-only archive folders go by default."""
    return user_data_dir() / "annotations"


def user_cache_dir() -> Path:
    """The per-user cache folder (things that can be rebuilt)."""
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
        return base / APP / "cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / APP
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / APP


_ABS_FOLDERS: dict[tuple[str, str], str] = {}
#: On POSIX an absolute path with no empty, "." or ".." part is its own abspath.
_NORMAL_ABSOLUTE = os.sep == "/" and os.altsep is None


def absolute(path: str) -> str:
    """``os.path.abspath(path)``, worked out once per folder: a million files
    in a few thousand folders cost a few thousand normalisations, not a
    million (the cache is keyed by the working folder too)."""
    if _NORMAL_ABSOLUTE and path[:1] == "/" and path[-1:] != "/" and "//" not in path and "/." not in path:
        return path  # already what abspath would give (a file found under an absolute folder)
    folder, name = os.path.split(path)
    if not folder or name in ("", ".", ".."):
        return os.path.abspath(path)
    key = (os.getcwd() if not os.path.isabs(folder) else "", folder)
    base = _ABS_FOLDERS.get(key)
    if base is None:
        if len(_ABS_FOLDERS) > 65536:
            _ABS_FOLDERS.clear()
        base = _ABS_FOLDERS[key] = os.path.abspath(folder)
    return os.path.join(base, name)
