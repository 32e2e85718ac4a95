"""分析: the owner's window onto the customer base.

Tabs: today's head-count per segment with the change since an earlier date and revenue;
the month-ends of the last 24 months as a stacked chart and a table; the movement matrix
between two dates; F2/F3 conversion by first-purchase month; the RFM grid (R × F, counts,
shaded by the mean M score); and the voice of the customer (クレーム, お褒め, NPS) per
segment per month. Every number is a link: a click lists the customers behind it (the
card opens from there; the list exports to CSV, recorded).

The engine loads once per store and is kept warm (``services.analysis.warm_engine``); the
window refreshes it when orders or notes change. All work runs as pool jobs of the desk's
task API (``ui/core/tasks``) on one lane per window: each job reports progress
(``job.report``), stops at its next step once cancelled (``job.check``; closing the
window cancels its jobs) and reads the store through a context of its own
(``job.context()``); a newer job of the same key makes an older pending one skip, so
flicking through dates computes only the last. The window itself only lays out answers.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QDate, QMarginsF, QRectF, Qt
from PySide6.QtGui import QColor, QKeySequence, QPageLayout, QPageSize, QPainter, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desk_app.services import rfm
from desk_app.services.analysis import (
    CohortCell,
    MovementCell,
    RfmCell,
    SegmentCell,
    VoiceCell,
    changed,
)
from desk_app.services.base import ServiceContext
from desk_app.ui.analysis.chart import StackedChart
from desk_app.ui.analysis.customer_list import CustomerListDialog
from desk_app.ui.analysis.figures import Cell, FigureTable
from desk_app.ui.core.tasks import Job, Tasks
from desk_app.ui.kit import fmt

_windows = itertools.count(1)


class AnalysisJobs:
    """The window's pool jobs: one lane (the engine is shared, jobs run in order), keys
    that coalesce, a busy flag, and cancel-all when the window closes."""

    def __init__(self, tasks: Tasks, on_progress: Callable[[int, int], None],
                 on_busy: Callable[[bool], None]) -> None:
        self.tasks = tasks
        self.lane = f"analysis-{next(_windows)}"
        self.running: set[Job] = set()
        self._on_progress, self._on_busy = on_progress, on_busy

    @property
    def pending(self) -> int:
        return len(self.running)

    def start(self, fn: Callable[[Job], Any], on_done: Callable[[Any], None],
              on_error: Callable[[BaseException], None] | None = None,
              key: str | None = None) -> Job:
        """Run ``fn(job)`` on the window's lane; *on_done* gets what it returned."""
        holder: list[Job] = []
        job = self.tasks.start(
            fn, on_done, on_error,
            on_progress=lambda p: self._on_progress(p.done, p.total or 0),
            on_settled=lambda: self._settled(holder[0] if holder else None),
            name="analysis", lane=self.lane,
            key=f"{self.lane}:{key}" if key is not None else None)
        holder.append(job)  # settled is delivered on this (the GUI) thread: later
        self.running.add(job)
        if len(self.running) == 1:
            self._on_busy(True)
        return job

    def _settled(self, job: Job | None) -> None:
        if job is not None and job in self.running:
            self.running.discard(job)
            if not self.running:
                self._on_busy(False)

    def cancel_all(self) -> None:
        for job in list(self.running):
            job.cancel()


def _step(job: Job, done: int, total: int) -> None:
    """Between two parts of a job: stop here if cancelled, else say how far it got."""
    job.check()
    job.report(int(done), int(total))


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _pydate(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


def _pct(n: int, of: int) -> str:
    return f"{100 * n / of:.1f}%" if of else "–"


def _signed(n: int) -> str:
    return f"{n:+,}" if n else "±0"


def _date_edit(value: date) -> QDateEdit:
    edit = QDateEdit(_qdate(value))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


class AnalysisWindow(QMainWindow):
    """Opened from the desk's menu (分析, Ctrl+Shift+A). *open_customer* opens a card."""

    def __init__(self, ctx: ServiceContext, *, tasks: Tasks,
                 open_customer: Callable[[int], None] | None = None, actor: str | None = None,
                 parent: QWidget | None = None, months: int = 24) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.open_customer = open_customer or (lambda _cid: None)
        self.actor = actor
        self.months = months
        self.engine = None
        self.lists: list[CustomerListDialog] = []
        self.setWindowTitle(self.tr("Analysis"))
        self.resize(1200, 760)
        self.jobs = AnalysisJobs(tasks, self._progress, self._busy)

        today = ctx.today()
        self.as_of = _date_edit(today)
        self.as_of.setObjectName("asOf")
        self.compare = _date_edit(today - timedelta(days=365))
        self.compare.setObjectName("compareWith")
        refresh = QPushButton(self.tr("Recalculate"))
        refresh.setAutoDefault(False)
        refresh.clicked.connect(self.recalculate)
        self.print_button = QPushButton(self.tr("Print…"))
        self.print_button.clicked.connect(self.print_current)
        self.save_button = QPushButton(self.tr("Save as PNG/PDF…"))
        self.save_button.clicked.connect(self.save_current)
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(220)
        self.progress.setTextVisible(False)
        self.status = QLabel()
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("As of")))
        top.addWidget(self.as_of)
        top.addWidget(QLabel(self.tr("Compare with")))
        top.addWidget(self.compare)
        top.addWidget(refresh)
        top.addStretch(1)
        top.addWidget(self.progress)
        top.addWidget(self.print_button)
        top.addWidget(self.save_button)

        self.overview = FigureTable()
        self.overview.setObjectName("overview")
        self.monthly_chart = StackedChart()
        self.monthly_table = FigureTable()
        self.monthly_table.setObjectName("monthly")
        monthly = QSplitter(Qt.Orientation.Vertical)
        monthly.addWidget(self.monthly_chart)
        monthly.addWidget(self.monthly_table)
        monthly.setSizes([380, 260])
        self.movement_from = _date_edit(today - timedelta(days=365))
        self.movement_from.setObjectName("movementFrom")
        self.movement_table = FigureTable()
        self.movement_table.setObjectName("movement")
        movement = QWidget()
        ml = QVBoxLayout(movement)
        mh = QHBoxLayout()
        mh.addWidget(QLabel(self.tr("From")))
        mh.addWidget(self.movement_from)
        mh.addWidget(QLabel(self.tr("to the as-of date; rows: segment then, columns: now "
                                    "(count and share of the row)")))
        mh.addStretch(1)
        ml.addLayout(mh)
        ml.addWidget(self.movement_table)
        self.cohort_table = FigureTable()
        self.cohort_table.setObjectName("cohorts")
        self.rfm_table = FigureTable()
        self.rfm_table.setObjectName("rfmGrid")
        self.rfm_table.set_cell_size(140, 64)
        rfm_page = QWidget()
        rl = QVBoxLayout(rfm_page)
        rl.addWidget(QLabel(self.tr("Rows: recency score R (5 = bought recently); columns: "
                                    "frequency score F. Darker cells spend more (mean M).")))
        rl.addWidget(self.rfm_table)
        self.voice_segment = QComboBox()
        self.voice_segment.setObjectName("voiceSegment")
        self.voice_table = FigureTable()
        self.voice_table.setObjectName("voices")
        voices = QWidget()
        vl = QVBoxLayout(voices)
        vh = QHBoxLayout()
        vh.addWidget(QLabel(self.tr("Segment")))
        vh.addWidget(self.voice_segment)
        vh.addWidget(QLabel(self.tr("NPS: % answering 9–10 minus % answering 0–6 to "
                                    "“how likely are you to recommend us”")))
        vh.addStretch(1)
        vl.addLayout(vh)
        vl.addWidget(self.voice_table)

        self.tabs = QTabWidget()
        self.tabs.addTab(self.overview, self.tr("Segments"))
        self.tabs.addTab(monthly, self.tr("Month-ends"))
        self.tabs.addTab(movement, self.tr("Movement"))
        self.tabs.addTab(self.cohort_table, self.tr("F2/F3 conversion"))
        self.tabs.addTab(rfm_page, self.tr("RFM grid"))
        self.tabs.addTab(voices, self.tr("Customer voices"))
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.status)
        self.setCentralWidget(central)

        for table in (self.overview, self.monthly_table, self.movement_table,
                      self.cohort_table, self.rfm_table, self.voice_table):
            table.number_activated.connect(self.show_customers)
        for edit in (self.as_of, self.compare, self.movement_from):
            edit.dateChanged.connect(lambda _d: self.recalculate())
        self.voice_segment.currentIndexChanged.connect(lambda _i: self._show_voices())
        QShortcut(QKeySequence("F5"), self, activated=self.recalculate)
        self.voice_rows: list = []
        self.status.setText(self.tr("Loading the orders…"))
        self.jobs.start(self._load, self._loaded, self._failed, key="load")

    # -- work -------------------------------------------------------------------------
    @staticmethod
    def _load(job: Job):
        with job.context() as ctx:
            return rfm.engine(ctx, lambda d, t: _step(job, d, t))

    def _loaded(self, engine) -> None:
        self.engine = engine
        self.voice_segment.blockSignals(True)
        self.voice_segment.clear()
        self.voice_segment.addItem(self.tr("All segments"), None)
        for name in engine.segments:
            self.voice_segment.addItem(name, name)
        self.voice_segment.blockSignals(False)
        self.recalculate()

    def _failed(self, exc: BaseException) -> None:
        self.status.setText(self.tr("Could not calculate: %1").replace("%1", str(exc)))

    def recalculate(self) -> None:
        if self.engine is None:
            return
        as_of, d0, d1 = (_pydate(self.as_of.date()), _pydate(self.compare.date()),
                         _pydate(self.movement_from.date()))
        self.status.setText(self.tr("Calculating…"))
        eng, months = self.engine, self.months

        def figures(job: Job) -> dict:
            steps = months + 7
            out: dict[str, Any] = {"as_of": as_of, "d0": d0, "d1": d1,
                                   "segments": eng.segments}
            out["now"] = eng.counts(as_of)
            out["then"] = eng.counts(d0)
            _step(job, 2, steps)
            out["revenue"] = eng.revenue(as_of)
            _step(job, 3, steps)
            out["monthly"] = eng.monthly(as_of, months, lambda d, _t: _step(job, 3 + d, steps))
            out["movement"] = eng.movement(min(d1, as_of), as_of)
            _step(job, months + 4, steps)
            out["cohorts"] = eng.cohorts(as_of, months)
            _step(job, months + 5, steps)
            out["grid"] = eng.rfm_grid(as_of)
            _step(job, months + 6, steps)
            out["voices"] = eng.voices(as_of, months)
            job.report(steps, steps)
            return out

        self.jobs.start(figures, self._show, self._failed, key="figures")

    def engine_now(self):
        return self.engine

    def _show(self, r: dict) -> None:
        self.figures = r
        segs = r["segments"]
        as_of, d0 = r["as_of"], r["d0"]
        # segments: now, then, change, revenue
        rows = []
        for name in segs:
            rev = r["revenue"][name]
            rows.append([
                Cell(f"{r['now'][name]:,}", SegmentCell(as_of, name) if r["now"][name] else None,
                     caption=f"{name}（{as_of}）"),
                Cell(f"{r['then'][name]:,}", SegmentCell(d0, name) if r["then"][name] else None,
                     caption=f"{name}（{d0}）"),
                Cell(_signed(r["now"][name] - r["then"][name])),
                Cell(fmt.yen(rev["window"])), Cell(fmt.yen(rev["total"]))])
        total_now, total_then = sum(r["now"].values()), sum(r["then"].values())
        rows.append([Cell(f"{total_now:,}"), Cell(f"{total_then:,}"),
                     Cell(_signed(total_now - total_then)),
                     Cell(fmt.yen(sum(v["window"] for v in r["revenue"].values()))),
                     Cell(fmt.yen(sum(v["total"] for v in r["revenue"].values())))])
        self.overview.set_cells(
            [self.tr("Customers on %1").replace("%1", str(as_of)),
             self.tr("On %1").replace("%1", str(d0)), self.tr("Change"),
             self.tr("Revenue, last 12 months"), self.tr("Total spent to date")],
            [*segs, self.tr("Total")], rows)
        # month-ends
        ends = [d for d, _c in r["monthly"]]
        self.monthly_chart.set_data(ends, segs, [[c[s] for s in segs] for _d, c in r["monthly"]])
        self.monthly_table.set_cells(
            list(segs), [str(d) for d in ends],
            [[Cell(f"{c[s]:,}", SegmentCell(d, s) if c[s] else None, caption=f"{s}（{d}）")
              for s in segs]
             for d, c in r["monthly"]])
        # movement
        d1 = min(r["d1"], as_of)
        mrows = []
        for a in segs:
            row_total = sum(r["movement"][a].values())
            mrows.append([Cell(f"{r['movement'][a][b]:,}\n{_pct(r['movement'][a][b], row_total)}"
                               if r["movement"][a][b] else "·",
                               MovementCell(d1, as_of, a, b) if r["movement"][a][b] else None,
                               QColor(225, 236, 247) if a == b else None,
                               f"{a}（{d1}）→ {b}（{as_of}）") for b in segs])
        self.movement_table.set_cells(list(segs), list(segs), mrows)
        self.movement_table.resizeRowsToContents()
        # cohorts
        crow = []
        for c in r["cohorts"]:
            m = c["month"]
            crow.append([
                Cell(f"{c['customers']:,}", CohortCell(as_of, m, 1) if c["customers"] else None,
                     caption=self.tr("First purchase in %1").replace("%1", m)),
                Cell(f"{c['f2']:,}", CohortCell(as_of, m, 2) if c["f2"] else None,
                     caption=self.tr("Second purchase, first in %1").replace("%1", m)),
                Cell(_pct(c["f2"], c["customers"])),
                Cell(f"{c['f3']:,}", CohortCell(as_of, m, 3) if c["f3"] else None,
                     caption=self.tr("Third purchase, first in %1").replace("%1", m)),
                Cell(_pct(c["f3"], c["customers"]))])
        self.cohort_table.set_cells(
            [self.tr("Customers"), self.tr("F2"), self.tr("F2 rate"), self.tr("F3"),
             self.tr("F3 rate")], [c["month"] for c in r["cohorts"]], crow)
        # RFM grid
        g = r["grid"]
        grid_rows = []
        for i, rr in enumerate(g["r"]):
            row = []
            for j, ff in enumerate(g["f"]):
                n, mean_m = g["counts"][i][j], g["mean_m"][i][j]
                # mean M 1 → pale, 5 → medium blue; the link text stays readable
                shade = QColor.fromHsvF(0.58, min(0.5, 0.02 + 0.095 * mean_m), 1.0) if n else None
                row.append(Cell(f"{n:,}\nM {mean_m:.1f}" if n else "·",
                                RfmCell(as_of, rr, ff) if n else None, shade,
                                f"R{rr}F{ff}（{as_of}）"))
            grid_rows.append(row)
        self.rfm_table.set_cells([f"F{f}" for f in g["f"]], [f"R{x}" for x in g["r"]], grid_rows)
        self.voice_rows = r["voices"]
        self._show_voices()
        self.status.setText(self.tr("As of %1: %2 customers.").replace("%1", str(as_of))
                            .replace("%2", f"{total_now:,}"))

    def _show_voices(self) -> None:
        if not self.voice_rows:
            self.voice_table.set_cells([], [], [])
            return
        chosen = self.voice_segment.currentData()
        names = [chosen] if chosen else list(self.figures["segments"])
        rows = []
        for month in self.voice_rows:
            me = date.fromisoformat(month["month_end"])
            segs = [month["segments"][n] for n in names]
            comp = sum(s["complaints"] for s in segs)
            praise = sum(s["praise"] for s in segs)
            answers = sum(s["answers"] for s in segs)
            nps_cells = [s for s in segs if s["answers"]]
            # NPS over the chosen segments: recomputed from each segment's answers
            nps = (round(sum(s["nps"] * s["answers"] for s in nps_cells) / answers)
                   if answers else None)
            link = chosen is not None
            rows.append([
                Cell(f"{comp:,}", VoiceCell(me, chosen, "complaint") if link and comp else None,
                     QColor("#fdecea") if comp else None, f"{chosen} クレーム（{me:%Y-%m}）"),
                Cell(f"{praise:,}", VoiceCell(me, chosen, "praise") if link and praise else None,
                     caption=f"{chosen} お褒め（{me:%Y-%m}）"),
                Cell(f"{answers:,}", VoiceCell(me, chosen, "nps") if link and answers else None,
                     caption=f"{chosen} NPS（{me:%Y-%m}）"),
                Cell("–" if nps is None else f"{nps:+d}")])
        self.voice_table.set_cells(
            [self.tr("Complaints"), self.tr("Praise"), self.tr("Recommend answers"),
             self.tr("NPS")], [m["month_end"][:7] for m in self.voice_rows], rows)

    # -- the customers behind a number ------------------------------------------------
    def show_customers(self, selector, caption: str) -> CustomerListDialog:
        dialog = CustomerListDialog(self.jobs, self.engine_now, selector, caption, self,
                                    actor=self.actor)
        dialog.customer_activated.connect(self.open_customer)
        dialog.finished.connect(lambda _r, d=dialog: self.lists.remove(d)
                                if d in self.lists else None)
        self.lists.append(dialog)
        dialog.show()
        return dialog

    # -- changes elsewhere ------------------------------------------------------------
    def customers_changed_on_desk(self, ids: frozenset[int]) -> None:
        """The change hub's customers_changed (a bound slot: dropped with the window)."""
        self.customers_changed(ids, notes=True)

    def settings_changed(self) -> None:
        """The hub's settings_changed (stage thresholds may have changed): the same columns
        under the new thresholds (the job's context reads the saved settings), figures again."""
        self.status.setText(self.tr("Calculating…"))
        self.jobs.start(self._load, self._loaded, self._failed, key="load")

    def customers_changed(self, ids, *, notes: bool = False) -> None:
        """Orders, customers or notes changed: refresh the warm engine, then the figures."""
        ids = list(ids)
        store = self.ctx.store
        self.jobs.start(lambda _job: changed(store, ids, notes=notes),
                        lambda _r: self.recalculate(), self._failed)

    # -- print and export -------------------------------------------------------------
    def current_page(self) -> QWidget:
        return self.tabs.currentWidget()

    def _render(self, painter: QPainter, rect: QRectF) -> None:
        page = self.current_page()
        pixmap = page.grab()
        title = f"{self.tabs.tabText(self.tabs.currentIndex())}  {_pydate(self.as_of.date())}"
        painter.drawText(rect.adjusted(0, 0, 0, -rect.height() + 30),
                         int(Qt.AlignmentFlag.AlignLeft), title)
        area = rect.adjusted(0, 36, 0, 0)
        scaled = pixmap.size().scaled(area.size().toSize(), Qt.AspectRatioMode.KeepAspectRatio)
        painter.drawPixmap(QRectF(area.topLeft(), scaled.toSizeF()).toRect(), pixmap)

    def save_png(self, path: str) -> bool:
        return self.current_page().grab().save(path, "PNG")

    def save_pdf(self, path: str) -> None:
        from PySide6.QtGui import QPdfWriter

        writer = QPdfWriter(path)
        writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4),
                                         QPageLayout.Orientation.Landscape,
                                         QMarginsF(12, 12, 12, 12), QPageLayout.Unit.Millimeter))
        writer.setResolution(150)
        painter = QPainter(writer)
        try:
            self._render(painter, QRectF(0, 0, writer.width(), writer.height()))
        finally:
            painter.end()

    def save_current(self, path: str | None = None) -> None:
        if path is None:
            path, _ = QFileDialog.getSaveFileName(
                self, self.tr("Save as PNG/PDF"), "analysis.pdf",
                self.tr("PDF (*.pdf);;PNG image (*.png)"))
            if not path:
                return
        if path.lower().endswith(".png"):
            ok = self.save_png(path)
        else:
            self.save_pdf(path if path.lower().endswith(".pdf") else path + ".pdf")
            ok = True
        if not ok:
            QMessageBox.warning(self, self.tr("Save as PNG/PDF"),
                                self.tr("Could not write %1.").replace("%1", path))

    def print_current(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPageOrientation(QPageLayout.Orientation.Landscape)
        if QPrintDialog(printer, self).exec() != QPrintDialog.DialogCode.Accepted:
            return
        painter = QPainter(printer)
        try:
            self._render(painter, QRectF(printer.pageRect(QPrinter.Unit.DevicePixel)))
        finally:
            painter.end()

    # -- progress -----------------------------------------------------------------------
    def _progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _busy(self, busy: bool) -> None:
        if busy:
            self.progress.setRange(0, 0)  # moving until the job reports steps
        else:
            self.progress.setRange(0, 1)
            self.progress.setValue(1)

    def closeEvent(self, event) -> None:
        for d in list(self.lists):
            d.close()
        self.jobs.cancel_all()
        super().closeEvent(event)

    @property
    def busy(self) -> bool:
        return self.jobs.pending > 0

