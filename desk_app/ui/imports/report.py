"""What a run of the import shows: its progress (rows, rows per second, the time left) and
its report (the dry run's or the import's counts, every rejected row with its line and
reason, and the button that saves those rows as a CSV to fix in Excel).

The report's summary line is also the dialog's status line (reading the file, cancelling,
a failure); the dialog lays it out, outside the splitter that holds the report's rows.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.importing import columns as cols
from desk_app.services import history_import as hi
from desk_app.ui.imports.cells import cell
from desk_app.ui.kit import fmt
from desk_app.ui.kit.chips import ElidedLabel

ROWS_SHOWN = 5  # rejected rows on screen at least (at 1280×800 too), the rest scroll


class RunReport(QWidget):
    """The summary of a run and its rejected rows."""

    save_requested = Signal()  # 不正行を保存…

    def __init__(self, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self.summary = QLabel(objectName="importSummary", wordWrap=True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.errors = QTableWidget(0, 2, objectName="importErrors")
        self.errors.setHorizontalHeaderLabels([self.tr("Line"), self.tr("Reason")])
        self.errors.verticalHeader().hide()
        self.errors.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.errors.setTabKeyNavigation(False)  # one Tab stop: the arrows go through it
        self.errors.setWordWrap(False)
        self.errors.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.ResizeToContents)
        self.errors.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.errors.hide()
        self.save_errors = QPushButton(self.tr("Save rejected rows…"), objectName="saveRejected",
                                       autoDefault=False)
        self.save_errors.clicked.connect(self.save_requested)
        self.save_errors.hide()

        # the summary is not laid out here: the dialog puts it below its splitter, where a
        # long line wraps whole (in a splitter pane it was cut to the pane's one line)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.errors, 1)
        save_row = QHBoxLayout()
        save_row.addStretch(1)
        save_row.addWidget(self.save_errors)
        layout.addLayout(save_row)

    def show_report(self, report: hi.ImportReport | None) -> None:
        """*report*'s counts and rejected rows; ``None`` clears the rows (and leaves the
        summary line to the caller)."""
        if report is None:
            self.errors.hide()
            self.save_errors.hide()
            self.errors.setRowCount(0)
            self.errors.setMinimumHeight(0)
            return
        customers = report.kind == cols.CUSTOMERS
        if report.dry_run:
            head = self.tr("Check finished: nothing has been written yet.")
            if customers:  # a matched customer with nothing to add is no duplicate row
                counts = self.tr("Rows %1 · would import %2 · in the store, nothing to add %3 · "
                                 "new customers %4 · matched customers %5 · rows with errors %6")
            else:
                counts = self.tr("Rows %1 · would import %2 · already imported (duplicates) %3 · "
                                 "new customers %4 · matched customers %5 · rows with errors %6")
        else:
            head = fmt.arg(self.tr("Imported as import No. %1."), report.import_id)
            if customers:
                counts = self.tr("Rows %1 · to import %2 · in the store, nothing to add %3 · "
                                 "new customers %4 · matched customers %5 · rows with errors %6")
            else:
                counts = self.tr("Rows %1 · to import %2 · already imported (duplicates) %3 · "
                                 "new customers %4 · matched customers %5 · rows with errors %6")
        lines = [head, fmt.arg(
            counts, f"{report.rows:,}", f"{report.imported:,}",
            f"{report.skipped_duplicates:,}", f"{report.new_customers:,}",
            f"{report.matched_customers:,}", f"{len(report.errors):,}")]
        if report.matched_by_phone:
            lines.append(fmt.arg(self.tr("%1 of the matched customers were found by phone "
                                         "number and name."), f"{report.matched_by_phone:,}"))
        if report.completed_customers:
            completed = (self.tr("%1 of the matched customers would get what the store does not "
                                 "have yet (phones, reading, address …); nothing the store has "
                                 "is changed.") if report.dry_run else
                         self.tr("%1 of the matched customers got what the store did not have "
                                 "yet (phones, reading, address …); nothing the store had was "
                                 "changed."))
            lines.append(fmt.arg(completed, f"{report.completed_customers:,}"))
        if report.dry_run:
            lines.append(self._next_step(report))
        self.summary.setText("\n".join(lines))
        self.errors.setRowCount(len(report.errors))
        for r, e in enumerate(report.errors):
            self.errors.setItem(r, 0, cell(str(e.line)))
            self.errors.setItem(r, 1, cell(e.reason(self.lang)))
        self.errors.setMinimumHeight(self._height_for(min(len(report.errors), ROWS_SHOWN)))
        self.errors.setVisible(bool(report.errors))
        self.save_errors.setVisible(bool(report.errors))

    def _height_for(self, rows: int) -> int:
        """The rejected rows' list tall enough for *rows* rows: the splitter keeps the sizes
        it gave when the file was first shown (this pane empty), and gave it two rows."""
        if not rows:
            return 0
        row = self.errors.verticalHeader().defaultSectionSize()
        head = max(self.errors.horizontalHeader().sizeHint().height(), row)  # hidden: hint small
        return head + 2 * self.errors.frameWidth() + rows * row

    def _next_step(self, report: hi.ImportReport) -> str:
        """What the clerk can do after the check (取り込む is offered only with rows to
        write)."""
        if report.imported and report.errors:
            return self.tr("Rows with errors are left out; press Import to bring in the rest.")
        if report.imported:
            return self.tr("Press Import to bring them in.")
        if report.skipped_duplicates and not report.errors:
            return self.tr("Every row has already been imported: there is nothing to import.")
        if report.skipped_duplicates:
            return self.tr("The other rows have already been imported: nothing is left to "
                           "import but the rows with errors. Fix them and check again.")
        return self.tr("No row can be imported: fix the rows with errors and check again.")


class RunProgress(QWidget):
    """The progress bar of a run and the line beside it (rows, speed, time left)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bar = QProgressBar(objectName="importProgress", maximum=1000)
        self.bar.hide()
        # one line that never widens the dialog (a saved file's long path ends in …, the
        # whole of it is the tooltip)
        self.rate = ElidedLabel()
        self.rate.setObjectName("importRate")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.bar, 1)
        layout.addWidget(self.rate)

    def start(self) -> None:
        self.bar.setValue(0)
        self.bar.show()
        self.rate.setText("")

    def show_progress(self, p: hi.Progress) -> None:
        self.bar.setValue(int(p.fraction * 1000))
        left = p.seconds_left
        text = fmt.arg(self.tr("%1 rows, %2 rows/s"), f"{p.rows:,}", f"{p.rows_per_second:,.0f}")
        if left is not None and p.phase != "done":
            text += "  " + fmt.arg(self.tr("about %1 left"), self._duration(left))
        if p.phase == "customers":
            text += "  " + self.tr("(registering new customers)")
        elif p.phase == "writing":
            text += "  " + self.tr("(writing)")
        self.rate.setText(text)

    def finish(self) -> None:
        self.bar.setValue(1000)

    def stop(self) -> None:
        """A run that failed or was cancelled: no bar, no figures."""
        self.bar.hide()
        self.rate.setText("")

    def _duration(self, seconds: float) -> str:
        if seconds < 60:
            return fmt.arg(self.tr("%1 s"), f"{seconds:.0f}")
        return fmt.arg(self.tr("%1 min"), f"{seconds / 60:.0f}")
