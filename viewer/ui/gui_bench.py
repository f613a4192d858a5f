"""The GUI path of ``archive-viewer bench``, run offscreen in its own process.

``python -m viewer.ui.gui_bench DIR`` opens the main window on DIR and
prints one JSON object of timings (seconds):

* ``first_rows``: from asking to open until the table shows rows;
* ``loaded``: until the load has finished and the default order is shown;
* ``sort_title``, ``sort_date``: a header click on 标题 and on 日期;
* ``select``: from selecting a row until the reader shows that record
  (median of several rows);
* ``filter``: from the quick filter starting (after the typing pause)
  until the table shows the result (median of several queries);
* ``search``: from a search starting until the table shows its records
  (median of several queries; the search index is in a fresh cache folder,
  built in the background after loading, and waited for first);
* ``facets``: filling the facet counts of every record;
* ``browser``: opening the annotation browser until it lists every
  annotation (``annotations`` of them: five on every 50th record, made
  before the window opens, see :func:`generate_annotations`),
  and ``browser_placed`` until their spans are placed too (timed once the
  annotation files are read; ``annotations_read``: how long that was
  still going on after the facets);
* ``blocked``: the longest the GUI thread went without handling events
  during all of the above (a 5 ms heartbeat timer);
* ``rss_mib``, ``private_mib``: the whole process's memory above its
  baseline (after the imports and the empty window) at the end: resident,
  and private (which leaves out file-backed pages of the mapped index,
  which the kernel can drop).
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from typing import TypeVar

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QSettings, Qt, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QLineEdit, QTableView, QWidget  # noqa: E402

from viewer.core.files.memory import private_kib, rss_kib  # noqa: E402
from viewer.core.records.cache import IndexCache  # noqa: E402
from viewer.ui import process  # noqa: E402
from viewer.ui.annotation_browser import AnnotationBrowser  # noqa: E402
from viewer.ui.main_window import MainWindow  # noqa: E402
from viewer.ui.record_model import COLUMNS  # noqa: E402
from viewer.ui.settings import Settings  # noqa: E402

W = TypeVar("W", bound=QWidget)

FILTER_QUERIES = ("教育", "党", "学习培训", "记者", "活动")
SEARCH_QUERIES = ("党", "和是", "在所在道", "一是")


#: Annotations the bench makes per record annotated (a highlight, a note on
#: a span, a correction, a tag and a review status), on every 50th record
#: (100,000 annotations on a million records).
ANNOTATIONS_PER_RECORD = 5
ANNOTATED_EVERY = 50


def generate_annotations(directory: str, fallback_root: str, every: int = ANNOTATED_EVERY) -> int:
    """Annotate every ``every``-th record file of a generated archive by
    hand's worth (see :data:`ANNOTATIONS_PER_RECORD`), as sidecars in the
    fallback store ``fallback_root`` (where a read-only archive's go), so
    that the archive folder itself is left as it was. Returns how many
    annotations were written."""
    from viewer.core.annotations.anchoring import field_text, make_anchor
    from viewer.core.annotations.model import Annotation, AnnotationKind
    from viewer.core.annotations.sidecar import Fingerprint, fallback_path, serialize
    from viewer.core.annotations.store import record_key
    from viewer.core.records.discovery import iter_discover
    from viewer.core.records.loader import read_file

    made = 0
    for n, source in enumerate(iter_discover([directory], [])):
        if n % every:
            continue
        parsed = read_file(source).parsed.records
        if not parsed:
            continue
        body = field_text(parsed[0], "ZW")
        if len(body) < 60:
            continue
        key = record_key(source.path, 0)
        items = [
            Annotation.new(key, AnnotationKind.HIGHLIGHT, "bench", anchor=make_anchor(body, "ZW", 10, 20), colour="重要"),
            Annotation.new(key, AnnotationKind.NOTE, "bench", anchor=make_anchor(body, "ZW", 30, 40), text=f"批注 {n}"),
            Annotation.new(key, AnnotationKind.CORRECTION, "bench", anchor=make_anchor(body, "ZW", 50, 52),
                           replacement=body[51:52] + body[50:51], status="open"),
            Annotation.new(key, AnnotationKind.TAG, "bench", tag="人物"),
            Annotation.new(key, AnnotationKind.STATUS, "bench", status="reviewed"),
        ]
        path = fallback_path(fallback_root, source.path)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as fh:
            fh.write(serialize(items, Fingerprint.of(source.path)))
        made += len(items)
    return made


class Heartbeat:
    """The longest gap between ticks of a 5 ms timer: how long the GUI
    thread was kept from its events."""

    def __init__(self) -> None:
        self.longest = 0.0
        self._last = time.perf_counter()
        self._timer = QTimer()
        self._timer.setInterval(5)
        self._timer.timeout.connect(self._tick)
        self._timer.start()

    def phase(self) -> float:
        """The longest gap since the last call (and start again)."""
        longest, self.longest_phase = self.longest_phase, 0.0
        return longest

    longest_phase = 0.0

    def _tick(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self._last)
        self.longest_phase = max(self.longest_phase, now - self._last)
        self._last = now


def _child(window: QWidget, kind: type[W], name: str) -> W:
    """The window's child of that kind and name (there is one)."""
    found = window.findChild(kind, name)
    if found is None:
        raise LookupError(f"no {kind.__name__} {name!r} in the window")
    return found


def _wait(app: QCoreApplication, done, timeout: float = 600.0) -> float:
    start = time.perf_counter()
    while not done():
        app.processEvents()
        if time.perf_counter() - start > timeout:
            raise TimeoutError("the GUI did not finish in time")
        time.sleep(0.0005)
    return time.perf_counter() - start


def measure(directory: str, workers: int | None = None, cache: str | None = None, annotate: bool = True,
            trust_folders: bool = False, settle: bool = False) -> dict:
    """The timings (see the module docstring). ``cache``: a cache folder to
    use and keep (a second run then opens warm, without building the search
    index again); by default a fresh one. ``annotate``: annotate every 50th
    record first (:func:`generate_annotations`, sidecars in
    a fallback store of a temporary folder) and time the annotation browser.
    ``trust_folders``: the preference on (see
    :attr:`~viewer.ui.settings.Settings.trust_folders`). ``settle``: leave the
    window open, once measured, until the proofreading checks have run (as
    a user's stays open), so that their findings are kept for the next
    opening (``settled`` says how long that took).
    Run in a process of its own, set up as the application's
    (:func:`viewer.ui.process.set_up`)."""
    process.set_up()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    tmp = tempfile.TemporaryDirectory()
    base = cache or tmp.name  # by default a fresh cache: the search index is built
    os.environ["XDG_CACHE_HOME"] = base
    settings = Settings(QSettings(os.path.join(tmp.name, "s.ini"), QSettings.Format.IniFormat))
    settings.trust_folders = trust_folders
    annotations = 0
    if annotate:
        settings.fallback_dir = os.path.join(tmp.name, "annotations")
        annotations = generate_annotations(directory, settings.fallback_dir)
    index_cache = IndexCache.in_folder(os.path.join(base, "archive-viewer"))
    window = MainWindow(settings, workers=workers, cache=index_cache)
    checked: list[int] = []
    window.checks.finished.connect(checked.append)
    window.show()
    app.processEvents()
    rss_before, private_before = rss_kib(), private_kib()
    heartbeat = Heartbeat()
    table = _child(window, QTableView, "recordTable")
    model = window.table.model
    out: dict[str, float | int] = {}
    start = time.perf_counter()
    window.open_paths([directory])
    _wait(app, lambda: model.rowCount() > 0)
    out["first_rows"] = time.perf_counter() - start
    _wait(app, lambda: not window.loading)
    out["loaded"] = time.perf_counter() - start
    out["folders_trusted"] = int(window.session.archive.folders_trusted)
    out["records"] = model.rowCount()
    out["blocked_load"] = heartbeat.phase()
    out["rss_loaded_mib"] = (rss_kib() - rss_before) / 1024
    header = table.horizontalHeader()
    for name, code in (("sort_title", "BT"), ("sort_date", "RQ")):
        t = time.perf_counter()
        header.setSortIndicator(COLUMNS.index(code), Qt.SortOrder.AscendingOrder)
        app.processEvents()
        _wait(app, lambda: not window.table.sorting())  # large listings sort in the background
        out[name] = time.perf_counter() - t
    rows = model.rowCount()
    times = []
    for row in (rows // 7, rows // 3, rows // 2, rows - 2, 5):
        rid = model.record_id(row)
        t = time.perf_counter()
        table.selectRow(row)
        _wait(app, lambda rid=rid: window.current()[0] == rid)
        times.append(time.perf_counter() - t)
    out["blocked_sort"] = heartbeat.phase()
    out["select"] = statistics.median(times)
    times = []
    box = _child(window, QLineEdit, "quickFilter")
    for query in FILTER_QUERIES:  # measured from the end of the typing pause
        box.blockSignals(True)
        box.setText(query)
        box.blockSignals(False)
        t = time.perf_counter()
        window.search.filter_now()
        _wait(app, lambda q=query: window.session.listing.filter_text == q)
        times.append(time.perf_counter() - t)
    out["filter"] = statistics.median(times)
    out["blocked_filter"] = heartbeat.phase()
    box.setText("")
    window.search.filter_now()
    _wait(app, lambda: window.session.listing.filter_text == "")
    t = time.perf_counter()
    _wait(app, window.session.search_ready)
    out["index_wait"] = time.perf_counter() - t
    out["blocked_index"] = heartbeat.phase()
    out["rss_index_mib"] = (rss_kib() - rss_before) / 1024
    times = []
    search_box = _child(window, QLineEdit, "searchBox")
    for query in SEARCH_QUERIES:
        search_box.setText(query)
        before = window.search.result
        t = time.perf_counter()
        window.search.start_search()
        _wait(app, lambda b=before: window.search.result is not None and window.search.result is not b
              and model.rowCount() == len(window.search.result.id_array()))
        times.append(time.perf_counter() - t)
    out["search"] = statistics.median(times)
    out["blocked_search"] = heartbeat.phase()
    search_box.setText("")
    window.search.start_search()
    app.processEvents()
    window.search.facets.show()
    t = time.perf_counter()
    window.search.refresh_facets()
    _wait(app, lambda: not window.search.facets_pending())
    out["facets"] = time.perf_counter() - t
    out["blocked_facets"] = heartbeat.phase()
    app.processEvents()
    if annotations:
        browser = _child(window, AnnotationBrowser, "annotationBrowser")
        out["annotations_read"] = _wait(app, lambda: not browser.reading())  # the sidecars, read after loading
        heartbeat.phase()
        t = time.perf_counter()
        window.action("browser").trigger()
        _wait(app, lambda: browser.model.rowCount() == annotations)
        out["annotations"] = annotations
        out["browser"] = time.perf_counter() - t
        _wait(app, lambda: browser.model.pending() == 0)
        out["browser_placed"] = time.perf_counter() - t
        out["blocked_browser"] = heartbeat.phase()
    out["blocked"] = heartbeat.longest
    out["rss_mib"] = (rss_kib() - rss_before) / 1024
    out["private_mib"] = (private_kib() - private_before) / 1024
    if settle:
        out["settled"] = _wait(app, lambda: bool(checked))
    window.close()
    process.tear_down()  # (as the application does when it quits)
    return out


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="measure the GUI path (used by archive-viewer bench)")
    parser.add_argument("directory")
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--cache", help="a cache folder to use and keep (a second run is warm)")
    parser.add_argument("--no-annotations", action="store_true", help="do not annotate records and time the browser")
    parser.add_argument("--trust-folders", action="store_true", help="trust unchanged folders (the preference)")
    parser.add_argument("--settle", action="store_true", help="close the window once the checks have run")
    args = parser.parse_args()
    print(json.dumps(measure(args.directory, args.workers, args.cache, annotate=not args.no_annotations,
                             trust_folders=args.trust_folders, settle=args.settle)))
