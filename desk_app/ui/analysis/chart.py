"""The month-end head-counts as a stacked bar chart (pyqtgraph).

pyqtgraph rather than QtCharts: QtCharts lives in PySide6-Addons (a second, ~200 MB wheel
the desk does not otherwise need), while pyqtgraph is one pure-Python package on top of the
numpy the analysis engine already uses, well kept, and draws through QPainter, so the
window's print and PDF paths render it like any other widget.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import date

os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")

import pyqtgraph as pg  # noqa: E402
from PySide6.QtGui import QColor  # noqa: E402
from PySide6.QtWidgets import QVBoxLayout, QWidget  # noqa: E402

# 現役 in saturated colours, 離脱 in pale ones of the same hue, 見込み grey
ACTIVE_COLOURS = ("#4e79a7", "#59a14f", "#f28e2b", "#e15759", "#b07aa1")
LAPSED_COLOURS = ("#b7c9de", "#bcdcb7", "#f9d2ac", "#f3bcbd", "#dec9d9")


def segment_colour(index: int, n_segments: int) -> QColor:
    if index == n_segments - 1:
        return QColor("#bab0ac")
    palette = ACTIVE_COLOURS + LAPSED_COLOURS
    if n_segments != 11:  # the four-rank variant
        palette = ("#4e79a7", "#59a14f", "#e15759", "#d3d3d3")
    return QColor(palette[index % len(palette)])


class StackedChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        pg.setConfigOptions(antialias=True, background="w", foreground="k")
        self.plot = pg.PlotWidget()
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.setMenuEnabled(False)
        self.plot.showGrid(y=True, alpha=0.3)
        self.legend = self.plot.addLegend(offset=(10, 5), colCount=4)
        self.plot.getAxis("left").setWidth(56)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot)
        self.bars: list[pg.BarGraphItem] = []

    def set_data(self, months: Sequence[date], segments: Sequence[str],
                 counts: Sequence[Sequence[int]]) -> None:
        """*counts*[month][segment]."""
        self.plot.clear()
        self.legend.clear()
        self.bars = []
        x = list(range(len(months)))
        bottom = [0] * len(months)
        for s, name in enumerate(segments):
            heights = [row[s] for row in counts]
            colour = segment_colour(s, len(segments))
            bar = pg.BarGraphItem(x=x, height=heights, width=0.8, y0=list(bottom),
                                  brush=colour, pen=pg.mkPen(colour.darker(120)), name=name)
            self.plot.addItem(bar)  # the legend takes it by its name
            self.bars.append(bar)
            bottom = [b + h for b, h in zip(bottom, heights, strict=True)]
        ticks = [(i, f"{d.year % 100:02d}/{d.month:02d}") for i, d in enumerate(months)]
        self.plot.getAxis("bottom").setTicks([ticks[::3], ticks])
        self.plot.setXRange(-0.6, len(months) - 0.4, padding=0)
        # headroom above the highest bar for the legend
        self.plot.setYRange(0, max(bottom, default=1) * 1.4 or 1, padding=0)
