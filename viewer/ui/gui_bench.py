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
from PySide6.QtWidgets import QApplication, QLineEdit, QTableView  # noqa: E402

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
    table = window.findChild(QTableView, "recordTable")
    model = table.model()
    out: dict[str, float | int] = {}
    start = time.perf_counter()
    window.open_paths([directory])
    _wait(app, lambda: model.rowCount() > 0)
    out["first_rows"] = time.perf_counter() - start
    _wait(app, lambda: not window.loading)
    out["loaded"] = time.perf_counter() - start
    out["records"] = model.rowCount()
    header = table.horizontalHeader()
    for name, code in (("sort_title", "BT"), ("sort_date", "RQ")):
        t = time.perf_counter()
        header.setSortIndicator(COLUMNS.index(code), Qt.SortOrder.AscendingOrder)
        app.processEvents()
        out[name] = time.perf_counter() - t
    rows = model.rowCount()
    times = []
    for row in (rows // 7, rows // 3, rows // 2, rows - 2, 5):
        rid = model.record_id(row)
        t = time.perf_counter()
        table.selectRow(row)
        _wait(app, lambda rid=rid: window.current()[0] == rid)
        times.append(time.perf_counter() - t)
    out["select"] = statistics.median(times)
    times = []
    box = window.findChild(QLineEdit, "quickFilter")
    for query in FILTER_QUERIES:  # measured from the end of the typing pause
        box.blockSignals(True)
        box.setText(query)
        box.blockSignals(False)
        t = time.perf_counter()
        window.search.filter_now()
        _wait(app, lambda q=query: window.session.listing.filter_text == q)
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
