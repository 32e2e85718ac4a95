"""The customers behind a number: a list that opens the card, and a recorded CSV export.

The list shows the first rows (a segment can hold hundreds of thousands of customers); the
export always writes all of them. Exporting personal data is a deliberate act: the clerk
confirms, chooses CP932 or UTF-8, and the desk records who exported what and how many.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
)

from desk_app.services import rfm
from desk_app.services.base import ServiceError
from desk_app.ui.core.tasks import Job
from desk_app.ui.kit import fmt
from desk_app.ui.kit.table_model import RowsModel, setup_table

SHOWN = 2000


class CustomerListDialog(QDialog):
    customer_activated = Signal(int)
    exported = Signal(object)  # rfm.ExportDone

    def __init__(self, jobs, engine_fn: Callable, selector, caption: str, parent=None, *,
                 actor: str | None = None) -> None:
        """*jobs* is the analysis window's :class:`~desk_app.ui.analysis.window.AnalysisJobs`
        (pool jobs on the window's lane)."""
        super().__init__(parent)
        self.jobs, self.engine_fn, self.selector = jobs, engine_fn, selector
        self.actor = actor
        self.setWindowTitle(self.tr("Customers: %1").replace("%1", caption))
        self.resize(900, 560)
        self.title = QLabel(caption)
        self.title.setProperty("role", "section")
        self.count = QLabel(self.tr("Loading…"))
        self.model = RowsModel(
            [self.tr("Code"), self.tr("Name"), self.tr("Stage"), self.tr("RFM"),
             self.tr("Last order"), self.tr("Orders"), self.tr("Total"), self.tr("DM")],
            lambda r: (r.code, r.name, r.stage, r.rfm, fmt.day(r.last_order_date),
                       str(r.orders_count), fmt.yen(r.total_amount), fmt.dm(r.dm_allowed)),
            self, link_column=1, right_align=(5, 6))
        self.table = QTableView()
        self.table.setModel(self.model)
        setup_table(self.table)
        self.table.activated.connect(self._open)
        self.table.doubleClicked.connect(self._open)
        self.encoding = QComboBox()
        self.encoding.addItem("CP932 (Shift_JIS)", "cp932")
        self.encoding.addItem("UTF-8", "utf-8")
        self.dm_only = QCheckBox(self.tr("Only customers who allow DM"))
        self.export_button = QPushButton(self.tr("Export to CSV…"))
        self.export_button.setAutoDefault(False)
        self.export_button.clicked.connect(self.export)
        close = QPushButton(self.tr("Close"))
        close.setAutoDefault(False)
        close.clicked.connect(self.close)
        bottom = QHBoxLayout()
        bottom.addWidget(QLabel(self.tr("Encoding")))
        bottom.addWidget(self.encoding)
        bottom.addWidget(self.dm_only)
        bottom.addStretch(1)
        bottom.addWidget(self.export_button)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.count)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self.rows: list = []
        self.total = 0
        self.jobs.start(self._load, self._loaded, self._failed)

    # -- loading ------------------------------------------------------------------------
    def _load(self, job: Job):
        eng = self.engine_fn()
        total = len(eng.customers(self.selector))
        job.check()
        with job.context() as ctx:
            return total, rfm.list_rows(ctx, eng, self.selector, SHOWN)

    def _loaded(self, result) -> None:
        self.total, self.rows = result
        self.model.set_items(self.rows)
        if self.total > len(self.rows):
            text = self.tr("%1 customers (the first %2 are shown; the export writes all)")
            self.count.setText(text.replace("%1", f"{self.total:,}")
                               .replace("%2", f"{len(self.rows):,}"))
        else:
            self.count.setText(self.tr("%1 customers").replace("%1", f"{self.total:,}"))
        self.export_button.setEnabled(self.total > 0)
        if self.rows:
            self.table.selectRow(0)
            self.table.setFocus()

    def _failed(self, exc: BaseException) -> None:
        self.count.setText(self.tr("Could not load the list: %1").replace("%1", str(exc)))

    def codes(self) -> list[str]:
        return [r.code for r in self.rows]

    def _open(self, index) -> None:
        row = self.model.item(index.row())
        if row is not None:
            self.customer_activated.emit(row.customer_id)

    # -- export -------------------------------------------------------------------------
    def export(self, path: str | None = None, *, confirmed: bool = False) -> None:
        if not confirmed:
            box = QMessageBox(QMessageBox.Icon.Question, self.tr("Export personal data"),
                              self.tr("This writes the names, addresses and phone numbers of "
                                      "%1 customers to a file. The desk records who exported "
                                      "them, when, and how many. Continue?")
                              .replace("%1", f"{self.total:,}"),
                              QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                              self)
            box.setDefaultButton(QMessageBox.StandardButton.No)
            if box.exec() != QMessageBox.StandardButton.Yes:
                return
        if path is None:
            path, _ = QFileDialog.getSaveFileName(self, self.tr("Export to CSV"), "customers.csv",
                                                  self.tr("CSV files (*.csv)"))
            if not path:
                return
        encoding, dm_only = self.encoding.currentData(), self.dm_only.isChecked()
        self.export_button.setEnabled(False)

        def export_job(job: Job):
            with job.context() as ctx:
                return rfm.export_list(ctx, self.engine_fn(), self.selector, path, encoding,
                                       dm_only=dm_only, actor=self.actor).value

        self.jobs.start(export_job, self._exported, self._export_failed)

    def _exported(self, done) -> None:
        self.export_button.setEnabled(True)
        text = self.tr("%1 customers written to %2.").replace("%1", f"{done.rows:,}").replace(
            "%2", done.path)
        if done.replaced:
            text += "\n" + self.tr("%1 characters have no CP932 form and were written as 〓: "
                                   "check those names before the letters go out."
                                   ).replace("%1", str(done.replaced))
        self.count.setText(text)
        self.exported.emit(done)

    def _export_failed(self, exc: BaseException) -> None:
        self.export_button.setEnabled(True)
        message = str(exc) if isinstance(exc, ServiceError) else repr(exc)
        QMessageBox.warning(self, self.tr("Export to CSV"), message)
