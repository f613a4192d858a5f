"""Statistics as charts (QtCharts): records over time, terms over time
(several compared on one chart, as counts or per 1,000 records of the
month), counts by 版名 and 体裁, and proofreading work by editor over time.
Axes have round ticks and titles. Every chart exports as an image (PNG at
twice the screen's resolution, or SVG) with its title, the query, the
archive's name and the date range, and its data as CSV."""

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
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMargins, QRectF, QSize, QSizeF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QImage, QPainter
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from viewer.core.search.trends import Trend, nice_top

#: Bars shown at most in a "by field" chart.
TOP = 20


def _chart() -> QChart:
    """A chart that may be drawn small (a short dock leaves the reader room;
    drag it taller): its axes and legend do not set a least size."""
    chart = QChart()
    chart.setMinimumSize(QSizeF(40, 40))
    return chart


class _FittingView(QChartView):
    """A chart view that tells its dock when its height changes."""

    def __init__(self, parent: QWidget, resized) -> None:
        super().__init__(parent)
        self._resized = resized

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._resized()


class ChartDock(QDockWidget):
    """Shows one chart at a time.

    Signals:
        kind_changed(str): the user chose another chart; the window sends data.
        terms_changed(): the terms to compare, or the measure, changed.
        export_png_requested(): save the chart as an image (PNG or SVG).
        export_csv_requested(): save its data as CSV.
    """

    kind_changed = Signal(str)
    terms_changed = Signal()
    export_png_requested = Signal()
    export_csv_requested = Signal()

    #: The size a chart is exported at (logical pixels; PNG at twice this).
    EXPORT_SIZE = QSize(1200, 600)

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
        self.terms = QLineEdit(body)
        self.terms.setObjectName("chartTerms")
        self.terms.setClearButtonEnabled(True)
        self.terms.returnPressed.connect(self.terms_changed)
        self.terms.editingFinished.connect(self._terms_edited)
        self.measure = QComboBox(body)
        self.measure.setObjectName("chartMeasure")
        for key in ("auto", "count", "share"):
            self.measure.addItem(key, key)
        self.measure.currentIndexChanged.connect(lambda _i: self.terms_changed.emit())
        self._last_terms = ""
        self.png_button = QPushButton(body)
        self.csv_button = QPushButton(body)
        top.addWidget(self.kind)
        top.addWidget(self.terms, 2)
        top.addWidget(self.measure)
        top.addWidget(self.note, 1)
        top.addWidget(self.png_button)
        top.addWidget(self.csv_button)
        layout.addLayout(top)
        self.view = _FittingView(body, self._fit)
        self.view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.view.setMinimumHeight(48)  # a short dock leaves the reader room (drag it taller)
        layout.addWidget(self.view, 1)
        self.setWidget(body)
        self.data: list[tuple[str, int]] = []
        #: the CSV of the chart shown: a header row, then one row a label
        self.table: list[list] = []
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.title = ""  # what the chart shows, in words (its title)
        self.value_title = ""  # what its values are
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
        self.png_button.setText(self.tr("Export Image…"))
        self.csv_button.setText(self.tr("Export CSV…"))
        self.terms.setPlaceholderText(self.tr("Compare terms: 党员, 群众, 干部 (empty: the search)"))
        measures = {"auto": self.tr("Per 1,000 records when comparing"), "count": self.tr("Records with hits"),
                    "share": self.tr("Per 1,000 records of the month")}
        for i in range(self.measure.count()):
            self.measure.setItemText(i, measures[self.measure.itemData(i)])
        self._kind_changed()

    def current_kind(self) -> str:
        return self.kind.currentData()

    def _kind_changed(self, *_args) -> None:
        hits = self.current_kind() == "hits"
        self.terms.setVisible(hits)
        self.measure.setVisible(hits)
        if _args:
            self.kind_changed.emit(self.current_kind())

    def _terms_edited(self) -> None:
        if self.terms.text() != self._last_terms:
            self._last_terms = self.terms.text()
            self.terms_changed.emit()

    def relative(self, terms: int) -> bool:
        """Are terms over time shown per 1,000 records (for ``terms`` terms)?"""
        measure = self.measure.currentData()
        return measure == "share" or (measure == "auto" and terms > 1)

    def show_trend(self, trend: Trend, title: str, note: str = "") -> None:
        """Terms over time: a line (or bars) a term, counts or shares."""
        self.table = trend.rows()
        value_title = self.tr("Records per 1,000 of the month") if trend.relative else self.tr("Records with hits")
        top = max([v for values in trend.series.values() for v in values] or [0])
        self.show_series(trend.labels, trend.series, note, title=title, value_title=value_title,
                         decimals=1 if trend.relative and top < 10 else 0, table=self.table,
                         label_title=self.tr("Month"))

    def show_data(self, data: list[tuple[str, int]], note: str = "", title: str = "") -> None:
        """Draw ``data`` ((label, count) pairs) as the chosen kind of chart."""
        self.data = data
        self.table = [["label", "records"], *([label, n] for label, n in data)]
        self.note.setText(note)
        self.title, self.value_title = title or self.kind.currentText(), self.tr("Records")
        chart = _chart()
        chart.legend().hide()
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.setTitle(self.title)
        kind = self.current_kind()
        if kind in ("month", "year", "hits"):
            self._time_chart(chart, data, kind)
        else:
            self._bar_chart(chart, data[:TOP])
        old = self.view.chart()
        self.view.setChart(chart)
        self._fit()
        if old is not None:
            old.deleteLater()

    def show_series(self, labels: list[str], series: dict[str, list], note: str = "", *, title: str = "",
                    value_title: str = "", decimals: int = 0, table: list[list] | None = None,
                    label_title: str = "") -> None:
        """Draw several series over the same labels (one a name, with a legend):
        grouped bars, or lines when there are many labels."""
        self.data = [(label, sum(values[i] for values in series.values())) for i, label in enumerate(labels)]
        self.table = table or [["label", *series], *([label, *(values[i] for values in series.values())]
                                                     for i, label in enumerate(labels))]
        self.note.setText(note)
        self.title, self.value_title = title or self.kind.currentText(), value_title or self.tr("Records")
        chart = _chart()
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.setTitle(self.title)
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
            axis.setTitleText(label_title)
            chart.addAxis(axis, Qt.AlignmentFlag.AlignBottom)
            bars.attachAxis(axis)
            added.append(bars)
        else:
            spaced = QCategoryAxis()
            spaced.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
            spaced.setLabelsAngle(-45)
            for i in range(0, len(labels), max(1, len(labels) // 6)):
                spaced.append(labels[i], float(i))
            spaced.setRange(0, max(1, len(labels) - 1))
            spaced.setTitleText(label_title)
            chart.addAxis(spaced, Qt.AlignmentFlag.AlignBottom)
            for (name, values), colour in zip(series.items(), colours):
                line = QLineSeries()
                line.setName(name)
                line.setColor(colour)
                for i, v in enumerate(values):
                    line.append(float(i), float(v))
                chart.addSeries(line)
                line.attachAxis(spaced)
                added.append(line)
        values_axis = self._values_axis(max([v for vs in series.values() for v in vs] or [0]), decimals)
        chart.addAxis(values_axis, Qt.AlignmentFlag.AlignLeft)
        for item in added:
            item.attachAxis(values_axis)
        old = self.view.chart()
        self.view.setChart(chart)
        self._fit()
        if old is not None:
            old.deleteLater()

    def _time_chart(self, chart: QChart, data: list[tuple[str, int]], kind: str) -> None:
        series: QBarSeries | QLineSeries
        if len(data) <= 12:
            bars = QBarSeries()
            bar_set = QBarSet(kind)
            bar_set.setColor(QColor("#1971c2") if kind != "hits" else QColor("#e8590c"))
            bar_set.append([float(v) for _, v in data])
            bars.append(bar_set)
            chart.addSeries(bars)
            axis = QBarCategoryAxis()
            axis.append([label for label, _ in data] or [""])
            axis.setTitleText(self.tr("Year") if kind == "year" else self.tr("Month"))
            chart.addAxis(axis, Qt.AlignmentFlag.AlignBottom)
            bars.attachAxis(axis)
            series = bars
        else:
            line = QLineSeries()
            line.setColor(QColor("#1971c2") if kind != "hits" else QColor("#e8590c"))
            for i, (_label, value) in enumerate(data):
                line.append(float(i), float(value))
            chart.addSeries(line)
            spaced = QCategoryAxis()
            spaced.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
            step = max(1, len(data) // 6)
            spaced.setLabelsAngle(-45)
            for i in range(0, len(data), step):
                spaced.append(data[i][0], float(i))
            spaced.setRange(0, max(1, len(data) - 1))
            spaced.setTitleText(self.tr("Year") if kind == "year" else self.tr("Month"))
            chart.addAxis(spaced, Qt.AlignmentFlag.AlignBottom)
            line.attachAxis(spaced)
            series = line
        values = self._values_axis(max([v for _, v in data] or [0]))
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
        values = self._values_axis(max([v for _, v in data] or [0]))
        chart.addAxis(values, Qt.AlignmentFlag.AlignBottom)
        bars.attachAxis(values)

    #: A chart view lower than this (a short dock) drops the chart's title
    #: and its axes' titles (the box above says what it shows) and keeps two
    #: ticks of values, so that its labels are read rather than elided to
    #: "…"; exports are always drawn whole.
    COMPACT_BELOW = 200

    def _fit(self, whole: bool = False) -> None:
        """Draw the chart shown compact or whole, as the view's height allows."""
        chart = self.view.chart()
        if chart is None:
            return
        tall = whole or self.view.height() >= self.COMPACT_BELOW
        chart.setTitle(self.title if tall else "")
        chart.layout().setContentsMargins(*((6, 6, 6, 6) if tall else (0, 0, 0, 0)))
        chart.setMargins(QMargins(4, 4, 4, 4) if tall else QMargins(4, 0, 4, 0))
        for axis in chart.axes():
            axis.setTitleVisible(tall)
            ticks = axis.property("wholeTicks")
            if isinstance(axis, QValueAxis) and ticks:
                axis.setTickCount(int(ticks) if tall else 2)

    def _values_axis(self, top: float, decimals: int = 0) -> QValueAxis:
        """A value axis from 0 with round ticks (1, 2 or 5 × 10ⁿ apart) and
        its title."""
        axis = QValueAxis()
        upper, ticks = nice_top(top)
        if decimals == 0 and upper < ticks - 1:  # whole numbers: no tick between two of them
            upper, ticks = max(1.0, upper), int(max(1.0, upper)) + 1
        axis.setRange(0, upper)
        axis.setTickCount(ticks)
        axis.setProperty("wholeTicks", ticks)  # (see _fit)
        axis.setLabelFormat(f"%.{decimals}f")
        axis.setTitleText(self.value_title)
        return axis

    def png_bytes(self, header: str = "") -> bytes:
        """The chart as PNG, at :data:`EXPORT_SIZE` and twice its resolution,
        titled, with ``header`` (archive, date range) under the title."""
        image = QImage(self.EXPORT_SIZE * 2, QImage.Format.Format_ARGB32)
        image.setDevicePixelRatio(2.0)
        image.fill(QColor("white"))
        painter = QPainter(image)
        self._render(painter, header)
        painter.end()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")  # type: ignore[call-overload]  # (QImage.save(QIODevice, format): the stubs lack it)
        buffer.close()
        return bytes(data.data())

    def svg_bytes(self, header: str = "") -> bytes:
        """The chart as SVG (drawn as for :meth:`png_bytes`)."""
        from PySide6.QtSvg import QSvgGenerator

        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        generator = QSvgGenerator()
        generator.setOutputDevice(buffer)
        generator.setSize(self.EXPORT_SIZE)
        generator.setViewBox(QRectF(0, 0, self.EXPORT_SIZE.width(), self.EXPORT_SIZE.height()))
        generator.setTitle(self.title)
        generator.setDescription(header)
        painter = QPainter(generator)
        self._render(painter, header)
        painter.end()
        buffer.close()
        return bytes(data.data())

    def _render(self, painter: QPainter, header: str) -> None:
        """Draw the chart at the export size: the title, ``header`` under it,
        then the chart with its axis titles and legend."""
        chart = self.view.chart()
        width, height = self.EXPORT_SIZE.width(), self.EXPORT_SIZE.height()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(QRectF(0, 0, width, height), QColor("white"))
        title = QFont(self.font())
        title.setPointSizeF(title.pointSizeF() * 1.5)
        title.setBold(True)
        painter.setFont(title)
        painter.setPen(QColor("#212529"))
        painter.drawText(QRectF(16, 10, width - 32, 34), int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                         self.title)
        small = QFont(self.font())
        painter.setFont(small)
        painter.setPen(QColor("#495057"))
        painter.drawText(QRectF(16, 44, width - 32, 22), int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                         header)
        if chart is None:
            return
        size = chart.size()
        self._fit(whole=True)
        chart.setTitle("")  # drawn above, with the header
        chart.resize(width, height - 72)
        chart.scene().render(painter, QRectF(0, 72, width, height - 72), chart.sceneBoundingRect())
        chart.resize(size)
        self._fit()
