"""Statistics as charts (QtCharts): records over time, search hits over time,
counts by 版名 and 体裁, and proofreading work by editor over time. Every
chart exports as PNG and its data as CSV."""

from __future__ import annotations

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QCategoryAxis,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt, Signal
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

#: Bars shown at most in a "by field" chart.
TOP = 20


class ChartDock(QDockWidget):
    """Shows one chart at a time.

    Signals:
        kind_changed(str): the user chose another chart; the window sends data.
        export_png_requested(): save the chart as PNG.
        export_csv_requested(): save its data as CSV.
    """

    kind_changed = Signal(str)
    export_png_requested = Signal()
    export_csv_requested = Signal()

    KINDS = ("month", "year", "hits", "BM", "TC", "review")

    #: Colours of the series of a chart with several (one an editor).
    PALETTE = ("#1971c2", "#e8590c", "#2b8a3e", "#9c36b5", "#c92a2a", "#0c8599", "#f08c00", "#5c940d")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statisticsDock")
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        top = QHBoxLayout()
        self.kind = QComboBox(body)
        self.kind.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        for k in self.KINDS:
            self.kind.addItem(k, k)
        self.note = QLabel(body)
        self.png_button = QPushButton(body)
        self.csv_button = QPushButton(body)
        top.addWidget(self.kind)
        top.addWidget(self.note, 1)
        top.addWidget(self.png_button)
        top.addWidget(self.csv_button)
        layout.addLayout(top)
        self.view = QChartView(body)
        self.view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.view.setMinimumHeight(220)
        layout.addWidget(self.view, 1)
        self.setWidget(body)
        self.data: list[tuple[str, int]] = []
        #: the CSV of the chart shown: a header row, then one row a label
        self.table: list[list] = []
        self.kind.currentIndexChanged.connect(lambda _i: self.kind_changed.emit(self.kind.currentData()))
        self.png_button.clicked.connect(self.export_png_requested)
        self.csv_button.clicked.connect(self.export_csv_requested)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Statistics"))
        labels = {
            "month": self.tr("Records per month"),
            "year": self.tr("Records per year"),
            "hits": self.tr("Search: records with hits per month"),
            "BM": self.tr("Records by 版名"),
            "TC": self.tr("Records by 体裁"),
            "review": self.tr("Proofread by editor, per month of work"),
        }
        for i in range(self.kind.count()):
            self.kind.setItemText(i, labels[self.kind.itemData(i)])
        self.png_button.setText(self.tr("Export PNG…"))
        self.csv_button.setText(self.tr("Export CSV…"))

    def current_kind(self) -> str:
        return self.kind.currentData()

    def show_data(self, data: list[tuple[str, int]], note: str = "") -> None:
        """Draw ``data`` ((label, count) pairs) as the chosen kind of chart."""
        self.data = data
        self.table = [["label", "records"], *([label, n] for label, n in data)]
        self.note.setText(note)
        chart = QChart()
        chart.legend().hide()
        chart.setMargins(QMargins(4, 4, 4, 4))
        kind = self.current_kind()
        if kind in ("month", "year", "hits"):
            self._time_chart(chart, data, kind)
        else:
            self._bar_chart(chart, data[:TOP])
        old = self.view.chart()
        self.view.setChart(chart)
        if old is not None:
            old.deleteLater()

    def show_series(self, labels: list[str], series: dict[str, list[int]], note: str = "") -> None:
        """Draw several series over the same labels (one a name, with a legend):
        grouped bars, or lines when there are many labels."""
        self.data = [(label, sum(values[i] for values in series.values())) for i, label in enumerate(labels)]
        self.table = [["label", *series], *([label, *(values[i] for values in series.values())]
                                            for i, label in enumerate(labels))]
        self.note.setText(note)
        chart = QChart()
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.legend().setVisible(bool(series))
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        colours = [QColor(self.PALETTE[i % len(self.PALETTE)]) for i in range(len(series))]
        added: list = []
        if len(labels) <= 24:
            bars = QBarSeries()
            for (name, values), colour in zip(series.items(), colours):
                bar_set = QBarSet(name)
                bar_set.setColor(colour)
                bar_set.append([float(v) for v in values])
                bars.append(bar_set)
            chart.addSeries(bars)
            axis = QBarCategoryAxis()
            axis.append(labels or [""])
            chart.addAxis(axis, Qt.AlignmentFlag.AlignBottom)
            bars.attachAxis(axis)
            added.append(bars)
        else:
            axis = QCategoryAxis()
            axis.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
            axis.setLabelsAngle(-45)
            for i in range(0, len(labels), max(1, len(labels) // 6)):
                axis.append(labels[i], float(i))
            axis.setRange(0, max(1, len(labels) - 1))
            chart.addAxis(axis, Qt.AlignmentFlag.AlignBottom)
            for (name, values), colour in zip(series.items(), colours):
                line = QLineSeries()
                line.setName(name)
                line.setColor(colour)
                for i, v in enumerate(values):
                    line.append(float(i), float(v))
                chart.addSeries(line)
                line.attachAxis(axis)
                added.append(line)
        values_axis = QValueAxis()
        values_axis.setLabelFormat("%d")
        values_axis.setRange(0, max([v for vs in series.values() for v in vs] or [1]) * 1.1 or 1)
        chart.addAxis(values_axis, Qt.AlignmentFlag.AlignLeft)
        for item in added:
            item.attachAxis(values_axis)
        old = self.view.chart()
        self.view.setChart(chart)
        if old is not None:
            old.deleteLater()

    def _time_chart(self, chart: QChart, data: list[tuple[str, int]], kind: str) -> None:
        if len(data) <= 12:
            bars = QBarSeries()
            bar_set = QBarSet(kind)
            bar_set.setColor(QColor("#1971c2") if kind != "hits" else QColor("#e8590c"))
            bar_set.append([float(v) for _, v in data])
            bars.append(bar_set)
            chart.addSeries(bars)
            axis = QBarCategoryAxis()
            axis.append([label for label, _ in data] or [""])
            chart.addAxis(axis, Qt.AlignmentFlag.AlignBottom)
            bars.attachAxis(axis)
            series = bars
        else:
            series = QLineSeries()
            series.setColor(QColor("#1971c2") if kind != "hits" else QColor("#e8590c"))
            for i, (_label, value) in enumerate(data):
                series.append(float(i), float(value))
            chart.addSeries(series)
            axis = QCategoryAxis()
            axis.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
            step = max(1, len(data) // 6)
            axis.setLabelsAngle(-45)
            for i in range(0, len(data), step):
                axis.append(data[i][0], float(i))
            axis.setRange(0, max(1, len(data) - 1))
            chart.addAxis(axis, Qt.AlignmentFlag.AlignBottom)
            series.attachAxis(axis)
        values = QValueAxis()
        values.setLabelFormat("%d")
        values.setRange(0, max([v for _, v in data] or [1]) * 1.1 or 1)
        chart.addAxis(values, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(values)

    def _bar_chart(self, chart: QChart, data: list[tuple[str, int]]) -> None:
        data = list(reversed(data))  # largest at the top
        bars = QHorizontalBarSeries()
        bar_set = QBarSet("")
        bar_set.setColor(QColor("#2b8a3e"))
        bar_set.append([float(v) for _, v in data])
        bars.append(bar_set)
        chart.addSeries(bars)
        axis = QBarCategoryAxis()
        axis.append([label or "—" for label, _ in data] or [""])
        chart.addAxis(axis, Qt.AlignmentFlag.AlignLeft)
        bars.attachAxis(axis)
        values = QValueAxis()
        values.setLabelFormat("%d")
        values.setRange(0, max([v for _, v in data] or [1]) * 1.1 or 1)
        chart.addAxis(values, Qt.AlignmentFlag.AlignBottom)
        bars.attachAxis(values)

    def png_bytes(self) -> bytes:
        """The chart as it is shown, as PNG."""
        from PySide6.QtCore import QBuffer, QByteArray, QIODevice

        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        self.view.grab().save(buffer, "PNG")
        buffer.close()
        return bytes(data.data())
