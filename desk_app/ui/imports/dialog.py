"""取り込み…: choose a file, check the columns, a dry run, then the import.

1. The file's columns with their first values, each with the role chosen for it — the
   automatic choice (recognised from the header) or the mapping remembered for this header
   set is marked so the clerk sees what the desk decided; below, the first rows as a table.
2. 取込前の確認 (dry run): the whole file is read and checked, nothing is written; the
   summary gives rows, new and matched customers, duplicates, and every bad row with its
   line and reason (saveable as a CSV with a reason column, to fix in Excel).
3. 取り込む: a progress bar with rows per second and the time left, 中止 at any moment
   (while the file is read nothing is written; once sales are written in checkpoints,
   those committed stay, recorded as the import, which 取り消し removes as a whole), the
   desk usable meanwhile: the work runs as a pool job of the desk's task API
   (``tasks.start``), beside the database queue, with its own store context.

The import is only offered after a dry run of the same file, kind, encoding and mapping.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from PySide6.QtCore import QDir, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.importing import columns as cols
from desk_app.services import history_import as hi
from desk_app.services.base import Changes, ServiceError
from desk_app.ui.core.tasks import Job, Progress
from desk_app.ui.kit import fmt

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ImportSettings:
    """``[imports]`` of the settings file (desk_app.config)."""

    SECTION: ClassVar[str] = "imports"
    last_folder: str = ""  # the folder of the last imported file
SAMPLE_VALUES = 3
ENCODINGS = ("auto", "utf-8", "cp932")


@dataclass(frozen=True)
class _Checked:
    """What a dry run was run on: the import is offered for exactly this."""

    path: str
    kind: str
    encoding: str
    mapping: tuple


class ImportDialog(QDialog):
    imported = Signal(object)  # ImportReport of a real import
    checked = Signal(object)  # ImportReport of a dry run
    failed = Signal(str)

    def __init__(self, services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.lang = getattr(services, "language", "ja") or "ja"
        self.preview_data: hi.FilePreview | None = None
        self.report: hi.ImportReport | None = None
        self._checked: _Checked | None = None
        self._role_boxes: list[QComboBox] = []
        self.job: Job | None = None  # the running pool job (None: idle)
        self._checkpoints = False  # sales written in checkpoints: cancel keeps those
        self._source_label = ""
        self.setWindowTitle(self.tr("Import history"))
        self.resize(1000, 680)
        self._build()

    # -- layout ------------------------------------------------------------------------
    def _build(self) -> None:
        self.path = QLineEdit(objectName="importPath", readOnly=True)
        self.path.setPlaceholderText(self.tr("Choose a CSV or TSV file"))
        browse = QPushButton(self.tr("Choose…"), objectName="browse", autoDefault=False)
        browse.clicked.connect(self.choose_file)
        self.kind = QComboBox(objectName="importKind")
        self.kind.addItem(self.tr("Past sales"), cols.ORDERS)
        self.kind.addItem(self.tr("Customer master"), cols.CUSTOMERS)
        self.encoding = QComboBox(objectName="importEncoding")
        for code, label in zip(ENCODINGS, (self.tr("Detect"), "UTF-8", "Shift_JIS (CP932)"),
                               strict=True):
            self.encoding.addItem(label, code)
        self.kind.currentIndexChanged.connect(lambda _i: self.load_preview())
        self.encoding.currentIndexChanged.connect(lambda _i: self.load_preview())
        self.format_label = QLabel(objectName="importFormat")
        where = QHBoxLayout()
        where.addWidget(self.path, 1)
        where.addWidget(browse)
        how = QHBoxLayout()
        how.addWidget(self.kind)
        how.addWidget(QLabel(self.tr("Encoding")))
        how.addWidget(self.encoding)
        how.addWidget(self.format_label, 1)
        form = QFormLayout()
        form.addRow(self.tr("File"), where)
        form.addRow(self.tr("Contents"), how)

        self.mapping = QTableWidget(0, 4, objectName="mapping")
        self.mapping.setHorizontalHeaderLabels(
            [self.tr("Column"), self.tr("First values"), self.tr("Role"), self.tr("Chosen by")])
        self.mapping.verticalHeader().hide()
        self.mapping.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.mapping.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.mapping.setWordWrap(False)
        self.mapping.setTextElideMode(Qt.TextElideMode.ElideRight)
        head = self.mapping.horizontalHeader()
        head.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        head.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        head.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        head.setSectionResizeMode(3, QHeaderView.ResizeMode.Interactive)
        self.mapping.setColumnWidth(0, 180)
        self.mapping.setColumnWidth(2, 170)
        self.mapping.setColumnWidth(3, 110)
        self.rows_table = QTableWidget(0, 0, objectName="previewRows")
        self.rows_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.rows_table.setWordWrap(False)
        self.rows_table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.mapping_note = QLabel(objectName="mappingNote", wordWrap=True)

        self.summary = QLabel(objectName="importSummary", wordWrap=True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.errors = QTableWidget(0, 2, objectName="importErrors")
        self.errors.setHorizontalHeaderLabels([self.tr("Line"), self.tr("Reason")])
        self.errors.verticalHeader().hide()
        self.errors.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.errors.setWordWrap(False)
        self.errors.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.ResizeToContents)
        self.errors.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.errors.hide()
        self.save_errors = QPushButton(self.tr("Save rejected rows…"), objectName="saveRejected",
                                       autoDefault=False)
        self.save_errors.clicked.connect(self.save_rejected)
        self.save_errors.hide()
        self.progress_bar = QProgressBar(objectName="importProgress", maximum=1000)
        self.progress_bar.hide()
        self.rate = QLabel(objectName="importRate")

        self.check_button = QPushButton(self.tr("Check (dry run)"), objectName="dryRun",
                                        autoDefault=False)
        self.check_button.clicked.connect(self.dry_run)
        self.import_button = QPushButton(self.tr("Import"), objectName="runImport",
                                         autoDefault=False)
        self.import_button.clicked.connect(self.run_import)
        self.cancel_button = QPushButton(self.tr("Cancel import"), objectName="cancelImport",
                                         autoDefault=False)
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.hide()
        self.close_button = QPushButton(self.tr("Close"), objectName="close", autoDefault=False)
        self.close_button.clicked.connect(self.close)

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.mapping, 3)
        top_layout.addWidget(self.mapping_note)
        top_layout.addWidget(self.rows_table, 2)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(self.summary)
        bottom_layout.addWidget(self.errors, 1)
        save_row = QHBoxLayout()
        save_row.addStretch(1)
        save_row.addWidget(self.save_errors)
        bottom_layout.addLayout(save_row)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(top)
        split.addWidget(bottom)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        buttons = QHBoxLayout()
        buttons.addWidget(self.progress_bar, 1)
        buttons.addWidget(self.rate)
        buttons.addStretch(0)
        buttons.addWidget(self.check_button)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(split, 1)
        layout.addLayout(buttons)
        self._update_buttons()

    # -- the file ------------------------------------------------------------------------
    def choose_file(self) -> None:
        folder = self.services.config.section(ImportSettings).last_folder or QDir.homePath()
        path, _f = QFileDialog.getOpenFileName(
            self, self.tr("Import history"), folder,
            self.tr("CSV or TSV (*.csv *.tsv *.txt);;All files (*)"))
        if path:
            self.open_file(path)

    def open_file(self, path: str) -> None:
        self.path.setText(path)
        folder = str(Path(path).parent)
        config = self.services.config
        if folder != config.section(ImportSettings).last_folder:
            try:
                self.services.save_config(config.with_section(ImportSettings(folder)))
            except OSError as exc:
                log.warning("import folder not remembered: %s", exc)
        self.load_preview()

    def load_preview(self) -> None:
        path = self.path.text()
        if not path or self.running:
            return
        kind, encoding = self._kind(), self._encoding()
        self._checked = None
        self.report = None
        self._show_report(None)
        self.summary.setText(self.tr("Reading the start of the file…"))

        def work(job: Job):
            with job.context() as ctx:
                return hi.preview(ctx, path, kind, encoding)

        self._start(work, self._previewed)

    def _previewed(self, preview: hi.FilePreview) -> None:
        self.preview_data = preview
        self.summary.setText("")
        self.format_label.setText(fmt.arg(
            self.tr("%1, %2 columns"), preview.format.label + (
                " TSV" if preview.format.delimiter == "\t" else " CSV"), len(preview.headers)))
        self._fill_mapping(preview)
        self._fill_rows(preview)
        self._update_buttons()

    def _fill_mapping(self, preview: hi.FilePreview) -> None:
        chosen = _columns_by_role(preview.suggested, preview.headers)
        source = self.tr("remembered") if preview.remembered is not None else self.tr("automatic")
        self._source_label = source
        self.mapping.setRowCount(len(preview.headers))
        self._role_boxes = []
        roles = [r for r in cols.ROLES
                 if not (preview.kind == cols.CUSTOMERS and r in cols.ORDER_ONLY)]
        for row, header in enumerate(preview.headers):
            self.mapping.setItem(row, 0, _item(header))
            values = [r[row] for r in preview.rows[:SAMPLE_VALUES] if row < len(r)]
            self.mapping.setItem(row, 1, _item(" / ".join(v.replace("\n", " ") for v in values)))
            box = QComboBox(objectName=f"role{row}")
            box.addItem(self.tr("(not imported)"), "")
            for role in roles:
                ja, en = cols.ROLE_LABELS[role]
                label = ja if self.lang == "ja" else en
                if role in cols.REQUIRED[preview.kind]:
                    label += " *"
                box.addItem(label, role)
            role = chosen.get(row, "")
            box.setCurrentIndex(max(0, box.findData(role)))
            box.setProperty("suggested", role)
            box.currentIndexChanged.connect(lambda _i, r=row: self._role_changed(r))
            self.mapping.setCellWidget(row, 2, box)
            self.mapping.setItem(row, 3, _item(source if role else ""))
            self._role_boxes.append(box)
        self._update_mapping_note()

    def _fill_rows(self, preview: hi.FilePreview) -> None:
        self.rows_table.clear()
        self.rows_table.setColumnCount(len(preview.headers))
        self.rows_table.setHorizontalHeaderLabels(list(preview.headers))
        self.rows_table.setRowCount(len(preview.rows))
        for r, values in enumerate(preview.rows):
            for c, value in enumerate(values[:len(preview.headers)]):
                self.rows_table.setItem(r, c, _item(value.replace("\n", " ")))
        self.rows_table.resizeColumnsToContents()
        for c in range(self.rows_table.columnCount()):
            self.rows_table.setColumnWidth(c, min(self.rows_table.columnWidth(c), 220))

    def _role_changed(self, row: int) -> None:
        box = self._role_boxes[row]
        role = box.currentData()
        if role and role not in cols.MULTI_ROLES:  # one column per role: move it here
            for other, other_box in enumerate(self._role_boxes):
                if other != row and other_box.currentData() == role:
                    other_box.blockSignals(True)
                    other_box.setCurrentIndex(0)
                    other_box.blockSignals(False)
                    self.mapping.item(other, 3).setText(self.tr("changed"))
        suggested = box.property("suggested") or ""
        self.mapping.item(row, 3).setText(self.tr("changed") if role != suggested
                                          else (self._source_label if role else ""))
        self._checked = None
        self._update_mapping_note()
        self._update_buttons()

    def current_mapping(self) -> dict[str, str | list[str]]:
        """role → header(s), the service's and the CLI's --mapping form."""
        if self.preview_data is None:
            return {}
        headers = self.preview_data.headers
        out: dict[str, list[str]] = {}
        for row, box in enumerate(self._role_boxes):
            role = box.currentData()
            if role:
                out.setdefault(role, []).append(headers[row])
        return {role: names if len(names) > 1 else names[0] for role, names in out.items()}

    def missing_roles(self) -> list[str]:
        mapping = self.current_mapping()
        return [r for r in cols.REQUIRED[self._kind()] if r not in mapping]

    def _update_mapping_note(self) -> None:
        missing = self.missing_roles() if self.preview_data else []
        if missing:
            names = "、".join(cols.ROLE_LABELS[r][0 if self.lang == "ja" else 1] for r in missing)
            self.mapping_note.setText(fmt.arg(self.tr("Choose a column for: %1"), names))
        elif self.preview_data is not None:
            self.mapping_note.setText(self.tr("Columns marked * are required. Check the "
                                              "roles, then run the check."))
        else:
            self.mapping_note.setText("")

    # -- running -------------------------------------------------------------------------
    def _kind(self) -> str:
        return self.kind.currentData()

    def _encoding(self) -> str:
        return self.encoding.currentData()

    def _signature(self) -> _Checked:
        mapping = tuple(sorted((k, tuple(v) if isinstance(v, list) else v)
                               for k, v in self.current_mapping().items()))
        return _Checked(self.path.text(), self._kind(), self._encoding(), mapping)

    def dry_run(self) -> None:
        self._run(dry_run=True)

    def run_import(self) -> None:
        if self._checked != self._signature():
            self.summary.setText(self.tr("Run the check first."))
            return
        self._run(dry_run=False)

    def _run(self, *, dry_run: bool) -> None:
        if self.preview_data is None or self.missing_roles() or self.running:
            return
        path, kind, encoding = self.path.text(), self._kind(), self._encoding()
        mapping = self.current_mapping()
        signature = self._signature()
        self._show_report(None)
        self.progress_bar.setValue(0)
        self.progress_bar.show()
        self.rate.setText("")
        self.summary.setText(self.tr("Checking the whole file…") if dry_run
                             else self.tr("Importing…"))

        def work(job: Job):
            def progress(p: hi.Progress) -> None:
                job.report(p.rows, None, p.phase, detail=p)

            # the import polls the flag every batch and raises ImportCancelled (nothing written)
            with job.context() as ctx:
                return hi.run(ctx, path, kind, mapping=mapping, encoding=encoding,
                              dry_run=dry_run, progress=progress,
                              cancelled=lambda: job.cancelled)

        def done(result) -> None:
            self._done(result, signature if dry_run else None)

        self._start(work, done)
        self.cancel_button.setVisible(True)
        self.cancel_button.setEnabled(True)

    @property
    def running(self) -> bool:
        """A job of this dialog is under way (its outcome has not been shown yet)."""
        return self.job is not None and self.job.running

    def _start(self, fn, on_done) -> None:
        if self.running:
            raise RuntimeError("a job is already running")
        self._checkpoints = False
        self.job = self.services.tasks.start(
            fn, on_done, self._failed, on_progress=self._progress,
            on_cancelled=self._update_buttons, name="import")
        self._update_buttons()

    def cancel(self) -> None:
        if self.running and self.job is not None:
            self.job.cancel()
            self.cancel_button.setEnabled(False)
            if self._checkpoints:
                self.summary.setText(self.tr(
                    "Cancelling after this checkpoint… the sales written so far stay "
                    "(undo removes the whole import)."))
            else:
                self.summary.setText(self.tr("Cancelling… nothing will be written."))

    def _progress(self, progress: Progress) -> None:
        p: hi.Progress | None = progress.detail
        if p is None:
            return
        self._checkpoints = p.phase == "writing" and p.step > 0
        self.progress_bar.setValue(int(p.fraction * 1000))
        left = p.seconds_left
        text = fmt.arg(self.tr("%1 rows, %2 rows/s"), f"{p.rows:,}", f"{p.rows_per_second:,.0f}")
        if left is not None and p.phase != "done":
            text += "  " + fmt.arg(self.tr("about %1 left"), self._duration(left))
        if p.phase == "writing":
            text += "  " + self.tr("(writing)")
        self.rate.setText(text)

    def _done(self, report: hi.ImportReport, signature: _Checked | None) -> None:
        # a real import's Changes (its customers, imports) were published by the task API
        self.report = report
        self.progress_bar.setValue(1000)
        self.cancel_button.hide()
        self._show_report(report)
        if report.dry_run:
            self._checked = signature
            self.checked.emit(report)
        else:
            self._checked = None
            self.imported.emit(report)
        self._update_buttons()

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, hi.ImportCancelled) and exc.import_id is not None:
            self.services.hub.publish(Changes(imports=True))  # the checkpoints written stay
        self.cancel_button.hide()
        self.progress_bar.hide()
        self.rate.setText("")
        if isinstance(exc, ServiceError):
            from desk_app.domain import messages
            text = "\n".join(messages.text(p.code, p.params, self.lang) for p in exc.problems)
        else:
            text = fmt.arg(self.tr("Could not import: %1"), exc)
        self.summary.setText(text)
        self._update_buttons()
        self.failed.emit(text)

    def _show_report(self, report: hi.ImportReport | None) -> None:
        if report is None:
            self.errors.hide()
            self.save_errors.hide()
            self.errors.setRowCount(0)
            return
        if report.dry_run:
            head = self.tr("Check finished: nothing has been written yet.")
        else:
            head = fmt.arg(self.tr("Imported as import No. %1."), report.import_id)
        lines = [head, fmt.arg(
            self.tr("Rows %1 · to import %2 · already imported (duplicates) %3 · "
                    "new customers %4 · matched customers %5 · rows with errors %6"),
            f"{report.rows:,}", f"{report.imported:,}", f"{report.skipped_duplicates:,}",
            f"{report.new_customers:,}", f"{report.matched_customers:,}",
            f"{len(report.errors):,}")]
        if report.matched_by_phone:
            lines.append(fmt.arg(self.tr("%1 of the matched customers were found by phone "
                                         "number and name."), f"{report.matched_by_phone:,}"))
        if report.dry_run and report.imported:
            lines.append(self.tr("Rows with errors are left out; press Import to bring in "
                                 "the rest."))
        self.summary.setText("\n".join(lines))
        self.errors.setRowCount(len(report.errors))
        for r, e in enumerate(report.errors):
            self.errors.setItem(r, 0, _item(str(e.line)))
            self.errors.setItem(r, 1, _item(e.reason(self.lang)))
        self.errors.setVisible(bool(report.errors))
        self.save_errors.setVisible(bool(report.errors))

    def save_rejected(self) -> None:
        report = self.report
        if report is None or not report.errors or self.running:
            return
        source = Path(self.path.text())
        suggested = str(source.with_name(f"{source.stem}_エラー行.csv"))
        out, _f = QFileDialog.getSaveFileName(self, self.tr("Save rejected rows"), suggested,
                                              "CSV (*.csv)")
        if not out:
            return
        lang = self.lang
        self._start(lambda _job: (hi.write_rejected(report, source, out, lang), out),
                    self._saved)

    def _saved(self, result) -> None:
        n, out = result
        self.rate.setText(fmt.arg(self.tr("%1 rejected rows saved to %2"), f"{n:,}", out))
        self._update_buttons()

    def _update_buttons(self) -> None:
        busy = self.running
        ready = self.preview_data is not None and not self.missing_roles()
        self.check_button.setEnabled(ready and not busy)
        self.import_button.setEnabled(
            ready and not busy and self._checked is not None
            and self._checked == self._signature() and bool(self.report and self.report.imported))
        self.kind.setEnabled(not busy)
        self.encoding.setEnabled(not busy)
        for box in self._role_boxes:
            box.setEnabled(not busy)
        self.close_button.setEnabled(not busy)

    def _duration(self, seconds: float) -> str:
        if seconds < 60:
            return fmt.arg(self.tr("%1 s"), f"{seconds:.0f}")
        return fmt.arg(self.tr("%1 min"), f"{seconds / 60:.0f}")

    def closeEvent(self, event) -> None:
        if self.running:  # a running import is cancelled, never left half-seen
            self.cancel()
            event.ignore()
            return
        super().closeEvent(event)

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape and self.running:
            event.ignore()
            return
        super().keyPressEvent(event)


def _columns_by_role(mapping: dict, headers) -> dict[int, str]:
    """column index → role from a role → header(s) mapping."""
    index = {h: i for i, h in reversed(list(enumerate(headers)))}
    out: dict[int, str] = {}
    for role, names in mapping.items():
        for name in ([names] if isinstance(names, str) else names):
            if name in index:
                out[index[name]] = role
    return out


def _item(text: str) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setToolTip(text)
    return item


def open_import_dialog(parent: QWidget | None, services) -> ImportDialog:
    dialog = ImportDialog(services, parent)
    dialog.show()
    return dialog
