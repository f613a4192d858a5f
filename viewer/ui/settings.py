"""The application's persistent settings, over an injected :class:`QSettings`.

Tests pass a QSettings on a temporary INI file; the application passes the
user's. Nothing here is global.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings

MAX_RECENT = 10


class Settings:
    """Typed access to the keys the application stores."""

    def __init__(self, qsettings: QSettings) -> None:
        self.q = qsettings

    def _get(self, key: str, default, kind=None):
        value = self.q.value(key, default)
        if kind is not None and value is not None and not isinstance(value, kind):
            try:
                return kind(value)
            except (TypeError, ValueError):
                return default
        return value

    def _list(self, key: str) -> list[str]:
        value = self.q.value(key, [])
        if isinstance(value, str):
            return [value] if value else []
        return [str(v) for v in value or []] if isinstance(value, list | tuple) else []

    # -- archives -------------------------------------------------------

    @property
    def last_paths(self) -> list[str]:
        return self._list("archive/last_paths")

    @last_paths.setter
    def last_paths(self, paths: list[str]) -> None:
        self.q.setValue("archive/last_paths", list(paths))

    @property
    def last_record(self) -> str:
        """The key of the last selected record."""
        return self._get("archive/last_record", "", str)

    @last_record.setter
    def last_record(self, key: str) -> None:
        self.q.setValue("archive/last_record", key)

    @property
    def recent(self) -> list[list[str]]:
        """Recently opened archives, newest first; each a list of paths."""
        return [entry.split("\n") for entry in self._list("archive/recent") if entry]

    def add_recent(self, paths: list[str]) -> None:
        entry = "\n".join(paths)
        entries = [e for e in self._list("archive/recent") if e and e != entry]
        self.q.setValue("archive/recent", [entry, *entries][:MAX_RECENT])

    def clear_recent(self) -> None:
        self.q.setValue("archive/recent", [])

    # -- window layout --------------------------------------------------

    def state(self, name: str) -> QByteArray | None:
        value = self.q.value(f"layout/{name}")
        return value if isinstance(value, QByteArray) else None

    def set_state(self, name: str, value: QByteArray) -> None:
        self.q.setValue(f"layout/{name}", value)

    # -- reader and language ---------------------------------------------

    @property
    def zoom(self) -> int:
        """Reader zoom steps relative to the base font size."""
        return self._get("reader/zoom", 0, int)

    @zoom.setter
    def zoom(self, steps: int) -> None:
        self.q.setValue("reader/zoom", int(steps))

    @property
    def reader_font(self) -> str:
        """Reader font family; empty for the default CJK serif/sans choice."""
        return self._get("reader/font", "", str)

    @reader_font.setter
    def reader_font(self, family: str) -> None:
        self.q.setValue("reader/font", family)

    @property
    def reader_size(self) -> int:
        """Reader base font size in points."""
        return self._get("reader/size", 12, int)

    @reader_size.setter
    def reader_size(self, points: int) -> None:
        self.q.setValue("reader/size", int(points))

    @property
    def language(self) -> str:
        """``""`` to follow the system locale, else ``en`` or ``zh_CN``."""
        return self._get("ui/language", "", str)

    @language.setter
    def language(self, code: str) -> None:
        self.q.setValue("ui/language", code)

    # -- annotations ------------------------------------------------------

    @property
    def author(self) -> str:
        """The name written into annotations (default: the OS user)."""
        from viewer.core.annotations.model import default_author

        return self._get("annotations/author", "", str) or default_author()

    @author.setter
    def author(self, name: str) -> None:
        self.q.setValue("annotations/author", name.strip())

    @property
    def colours(self) -> dict[str, str]:
        """Highlight colours: name (meaning) → ``#rrggbb``, in order."""
        from viewer.core.annotations.model import DEFAULT_COLOURS

        out = {}
        for line in self._list("annotations/colours"):
            name, _, colour = line.rpartition("=")  # a name may hold "=", a colour cannot
            if name.strip() and colour.strip():
                out[name.strip()] = colour.strip()
        return out or dict(DEFAULT_COLOURS)

    @colours.setter
    def colours(self, colours: dict[str, str]) -> None:
        self.q.setValue("annotations/colours", [f"{name}={colour}" for name, colour in colours.items()])

    @property
    def fallback_dir(self) -> str:
        """Where annotations of read-only folders go (default: the user data folder)."""
        from viewer.core.files.paths import fallback_annotations_dir

        return self._get("annotations/fallback", "", str) or str(fallback_annotations_dir())

    @fallback_dir.setter
    def fallback_dir(self, path: str) -> None:
        self.q.setValue("annotations/fallback", path)

    @property
    def collation(self) -> str:
        """How text columns sort: ``pinyin`` (the default) or ``codepoint``."""
        value = self._get("table/collation", "pinyin", str)
        return value if value in ("pinyin", "codepoint") else "pinyin"

    @collation.setter
    def collation(self, value: str) -> None:
        self.q.setValue("table/collation", value)

    @property
    def table_sort(self) -> tuple[str, bool] | None:
        """The column the table was last sorted by (its code, such as
        ``BT``) and whether descending; None for the default order."""
        value = self._get("table/sort", "", str)
        descending = value.startswith("-")
        code = value[1:] if descending else value
        return (code, descending) if code else None

    @table_sort.setter
    def table_sort(self, sort: tuple[str, bool] | None) -> None:
        self.q.setValue("table/sort", "" if sort is None else ("-" if sort[1] else "") + sort[0])

    @property
    def match_variants(self) -> bool:
        """Does a search match simplified and traditional forms alike?"""
        value = self.q.value("search/variants", False)
        return value in (True, "true", "1", 1)

    @match_variants.setter
    def match_variants(self, on: bool) -> None:
        self.q.setValue("search/variants", bool(on))

    @property
    def trust_folders(self) -> bool:
        """Is an archive reopened without checking each file when none of
        its folders has changed? (Faster; misses files rewritten in place.)"""
        value = self.q.value("load/trust_folders", False)
        return value in (True, "true", "1", 1)

    @trust_folders.setter
    def trust_folders(self, on: bool) -> None:
        self.q.setValue("load/trust_folders", bool(on))

    @property
    def export_dir(self) -> str:
        """The folder of the last export ('' before the first)."""
        return self._get("export/folder", "", str)

    @export_dir.setter
    def export_dir(self, path: str) -> None:
        self.q.setValue("export/folder", path)

    @property
    def checks_off(self) -> list[str]:
        """The proofreading checks switched off (by name)."""
        return self._list("checks/off")

    @checks_off.setter
    def checks_off(self, names: list[str]) -> None:
        self.q.setValue("checks/off", list(names))

    def sync(self) -> None:
        self.q.sync()
