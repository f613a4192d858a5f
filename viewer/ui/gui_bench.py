"""The GUI path of ``archive-viewer bench``, run offscreen in its own process.

``python -m viewer.ui.gui_bench DIR`` opens the main window on DIR and
prints one JSON object of timings (seconds):

* ``first_rows``: from asking to open until the table shows rows;
* ``loaded``: until the load has finished and the default order is shown;
* ``sort_title``, ``sort_date``: a header click on 标题 and on 日期;
* ``select``: from selecting a row until the reader shows that record
  (median of several rows);
* ``filter``: from the quick filter starting (after the typing pause)
  until the table shows the result (median of several queries).
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings, Qt  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from viewer.ui.main_window import MainWindow  # noqa: E402
from viewer.ui.record_model import COLUMNS  # noqa: E402
from viewer.ui.settings import Settings  # noqa: E402

FILTER_QUERIES = ("教育", "党", "学习培训", "记者", "活动")


def _wait(app: QApplication, done, timeout: float = 600.0) -> float:
    start = time.perf_counter()
    while not done():
        app.processEvents()
        if time.perf_counter() - start > timeout:
            raise TimeoutError("the GUI did not finish in time")
        time.sleep(0.0005)
    return time.perf_counter() - start


def measure(directory: str, workers: int | None = None) -> dict:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    tmp = tempfile.TemporaryDirectory()
    settings = Settings(QSettings(os.path.join(tmp.name, "s.ini"), QSettings.Format.IniFormat))
    window = MainWindow(settings, workers=workers)
    window.show()
    out: dict[str, float | int] = {}
    start = time.perf_counter()
    window.open_paths([directory])
    _wait(app, lambda: window.model.rowCount() > 0)
    out["first_rows"] = time.perf_counter() - start
    _wait(app, lambda: window.loading_done)
    out["loaded"] = time.perf_counter() - start
    out["records"] = window.model.rowCount()
    header = window.table.horizontalHeader()
    for name, code in (("sort_title", "BT"), ("sort_date", "RQ")):
        t = time.perf_counter()
        header.setSortIndicator(COLUMNS.index(code), Qt.SortOrder.AscendingOrder)
        app.processEvents()
        out[name] = time.perf_counter() - t
    rows = window.model.rowCount()
    times = []
    for row in (rows // 7, rows // 3, rows // 2, rows - 2, 5):
        rid = window.model.record_id(row)
        t = time.perf_counter()
        window.table.selectRow(row)
        _wait(app, lambda rid=rid: window.reader.record is not None and window.reader.record.index == window.archive.index_in_file(rid) and window.reader.file == window.archive.source(rid).relpath)
        times.append(time.perf_counter() - t)
    out["select"] = statistics.median(times)
    times = []
    for query in FILTER_QUERIES:
        window.filter_edit.blockSignals(True)
        window.filter_edit.setText(query)
        window.filter_edit.blockSignals(False)
        t = time.perf_counter()
        window._start_filter()
        _wait(app, lambda q=query: window.model.filter_text == q)
        times.append(time.perf_counter() - t)
    out["filter"] = statistics.median(times)
    window.close()
    return out


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="measure the GUI path (used by archive-viewer bench)")
    parser.add_argument("directory")
    parser.add_argument("--workers", type=int, default=None)
    args = parser.parse_args()
    print(json.dumps(measure(args.directory, args.workers)))
