"""取り込み…: choose a file, check the columns, a dry run, then the import.

The dialog is the shell: the file, its kind and encoding, the buttons, and the jobs it
runs; the parts it shows are :mod:`.mapping` and :mod:`.report`.

1. The file's columns with their first values, each with the role chosen for it — the
   automatic choice (recognised from the header) or the mapping remembered for this header
   set is marked so the clerk sees what the desk decided; below, the first rows as a table
   (:class:`~desk_app.ui.imports.mapping.MappingPage`). A file that is no text (an Excel
   workbook, say) is refused before any of this, with what to do instead; an encoding that
   does not read the header or the first rows cleanly is said above them, with the one
   detected.
2. 取込前の確認 (dry run): the whole file is read and checked, nothing is written; the
   summary gives rows, new and matched customers, duplicates, and every bad row with its
   line and reason (saveable as a CSV with a reason column, to fix in Excel)
   (:class:`~desk_app.ui.imports.report.RunReport`).
3. 取り込む: a progress bar with rows per second and the time left, 中止 at any moment
   (while the file is read nothing is written; once new customers and then sales are
   written in checkpoints, those committed stay, recorded as the import, which 取り消し
   removes as a whole), the
   desk usable meanwhile: the work runs as a pool job of the desk's task API
   (``tasks.start``), beside the database queue, with its own store context.

The import is only offered after a dry run of the same file, kind, encoding and mapping.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain import messages
from desk_app.domain.importing import columns as cols
from desk_app.services import history_import as hi
from desk_app.services.base import Changes, ServiceError
from desk_app.ui.core.tasks import Job, Progress
from desk_app.ui.imports.mapping import MappingPage
from desk_app.ui.imports.report import RunProgress, RunReport
from desk_app.ui.kit import fmt
from desk_app.ui.kit.folders import last_folder, remember_folder
from desk_app.ui.kit.screens import fit_to_screen, present

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ImportSettings:
    """``[imports]`` of the settings file (desk_app.config)."""

    SECTION: ClassVar[str] = "imports"
    last_folder: str = ""  # the folder of the last imported file


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
        self.report: hi.ImportReport | None = None
        self._checked: _Checked | None = None
        self.job: Job | None = None  # the running pool job (None: idle)
        self._kept: str | None = None  # what a cancel keeps: customers, sales (or nothing)
        # (path, kind, encoding) of the preview being read (None: no preview running)
        self._preview_for: tuple[str, str, str] | None = None
        self.setWindowTitle(self.tr("Import history"))
        self._build()
        fit_to_screen(self, 1100, 860)  # beside the call column, never under the pop-ups

    # -- layout ------------------------------------------------------------------------
    def _build(self) -> None:
        self.path = QLineEdit(objectName="importPath", readOnly=True)
        self.path.setPlaceholderText(self.tr("Choose a CSV or TSV file"))
        self.browse = QPushButton(self.tr("Choose…"), objectName="browse", autoDefault=False)
        self.browse.clicked.connect(self.choose_file)
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
        # the chosen encoding garbles the header or the first rows (and which one to try)
        self.encoding_warning = QLabel(objectName="encodingWarning", wordWrap=True)
        self.encoding_warning.setStyleSheet("color: #c62828;")
        self.encoding_warning.hide()
        where = QHBoxLayout()
        where.addWidget(self.path, 1)
        where.addWidget(self.browse)
        how = QHBoxLayout()
        how.addWidget(self.kind)
        how.addWidget(QLabel(self.tr("Encoding")))
        how.addWidget(self.encoding)
        how.addWidget(self.format_label, 1)
        form = QFormLayout()
        form.addRow(self.tr("File"), where)
        form.addRow(self.tr("Contents"), how)

        self.columns = MappingPage(self.lang)
        self.columns.changed.connect(self._mapping_changed)
        self.outcome = RunReport(self.lang)
        self.outcome.save_requested.connect(self.save_rejected)
        self.progress = RunProgress()

        # made before the row's other buttons: Tab goes left to right along the row
        self.list_button = QPushButton(self.tr("Import list…"), objectName="importList",
                                       autoDefault=False)
        self.list_button.clicked.connect(self.open_list)
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

        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.columns)
        split.addWidget(self.outcome)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        buttons = QHBoxLayout()
        buttons.addWidget(self.list_button)
        buttons.addWidget(self.progress, 1)
        buttons.addWidget(self.check_button)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.encoding_warning)
        layout.addWidget(split, 1)
        layout.addWidget(self.outcome.summary)
        layout.addLayout(buttons)
        self._update_buttons()

    # -- the file and its columns ---------------------------------------------------------
    def choose_file(self) -> None:
        path, _f = QFileDialog.getOpenFileName(
            self, self.tr("Import history"), last_folder(self.services, ImportSettings),
            self.tr("CSV or TSV (*.csv *.tsv *.txt);;All files (*)"))
        if path:
            self.open_file(path)

    def open_file(self, path: str) -> None:
        if self.running and self._preview_for is None:  # a check or an import of this file
            return
        self.path.setText(path)
        remember_folder(self.services, ImportSettings, path)
        self.load_preview()

    def load_preview(self) -> None:
        path = self.path.text()
        if not path or self.running:
            return
        kind, encoding = self._kind(), self._encoding()
        self._checked = None
        self.report = None
        self.outcome.show_report(None)
        self.progress.stop()  # the figures of a run before belong to the file before
        self._show_warning("")
        self.outcome.summary.setText(self.tr("Reading the start of the file…"))

        def work(job: Job):
            with job.context() as ctx:
                return hi.preview(ctx, path, kind, encoding)

        self._start(work, self._previewed, preview_for=(path, kind, encoding))

    @property
    def preview_data(self) -> hi.FilePreview | None:
        """The start of the file shown (None: no file read yet)."""
        return self.columns.preview

    def _read_again(self) -> bool:
        """At a preview's end: read the start of the file again when another file, kind or
        encoding was chosen while it was read (then its outcome is not shown)."""
        asked, self._preview_for = self._preview_for, None
        if asked is None or asked == (self.path.text(), self._kind(), self._encoding()):
            return False
        self.load_preview()
        return True

    def _previewed(self, preview: hi.FilePreview) -> None:
        if self._read_again():
            return
        self.outcome.summary.setText("")
        self.format_label.setText(fmt.arg(
            self.tr("%1, %2 columns"), preview.format.label + (
                " TSV" if preview.format.delimiter == "\t" else " CSV"), len(preview.headers)))
        warning = preview.encoding_warning
        self._show_warning(messages.text(warning.code, warning.params, self.lang)
                           if warning is not None else "")
        self.columns.show_preview(preview)
        self.columns.update_note(self._kind())
        self._update_buttons()
        self._focus_first(self.check_button, *self.columns.role_boxes[:1])

    def _show_warning(self, text: str) -> None:
        self.encoding_warning.setText(text)
        self.encoding_warning.setVisible(bool(text))

    def _mapping_changed(self) -> None:
        self._checked = None
        self.columns.update_note(self._kind())
        self._update_buttons()

    def missing_roles(self) -> list[str]:
        return self.columns.missing_roles(self._kind())

    # -- running -------------------------------------------------------------------------
    def _kind(self) -> str:
        return self.kind.currentData()

    def _encoding(self) -> str:
        return self.encoding.currentData()

    def _signature(self) -> _Checked:
        mapping = tuple(sorted((k, tuple(v) if isinstance(v, list) else v)
                               for k, v in self.columns.current_mapping().items()))
        return _Checked(self.path.text(), self._kind(), self._encoding(), mapping)

    def dry_run(self) -> None:
        self._run(dry_run=True)

    def run_import(self) -> None:
        if self._checked != self._signature():
            self.outcome.summary.setText(self.tr("Run the check first."))
            return
        self._run(dry_run=False)

    def _run(self, *, dry_run: bool) -> None:
        if self.preview_data is None or self.missing_roles() or self.running:
            return
        path, kind, encoding = self.path.text(), self._kind(), self._encoding()
        mapping = self.columns.current_mapping()
        signature = self._signature()
        self.outcome.show_report(None)
        self.progress.start()
        self.outcome.summary.setText(self.tr("Checking the whole file…") if dry_run
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

    def _start(self, fn, on_done, preview_for: tuple[str, str, str] | None = None) -> None:
        if self.running:
            raise RuntimeError("a job is already running")
        self._kept = None
        self._preview_for = preview_for
        self.job = self.services.tasks.start(
            fn, on_done, self._failed, on_progress=self._progress,
            on_cancelled=self._update_buttons, name="import")
        self._update_buttons()

    def cancel(self) -> None:
        if self.running and self.job is not None:
            self.job.cancel()
            self.cancel_button.setEnabled(False)
            if self._kept == "sales":
                self.outcome.summary.setText(self.tr(
                    "Cancelling after this checkpoint… the sales written so far stay "
                    "(undo removes the whole import)."))
            elif self._kept == "customers":
                self.outcome.summary.setText(self.tr(
                    "Cancelling after this checkpoint… the new customers registered so far "
                    "stay (undo removes the whole import)."))
            else:
                self.outcome.summary.setText(self.tr("Cancelling… nothing will be written."))

    def _progress(self, progress: Progress) -> None:
        p: hi.Progress | None = progress.detail
        if p is None:
            return
        # new customers, then sales, go in checkpoints (the steps count both): once one is
        # committed, a cancel stops after the current one
        self._kept = ("sales" if p.phase == "writing" and p.step > 0 else
                      "customers" if p.phase == "customers" and p.step > 0 else None)
        self.progress.show_progress(p)

    def _done(self, report: hi.ImportReport, signature: _Checked | None) -> None:
        # a real import's Changes (its customers, imports) were published by the task API
        self.report = report
        self.progress.finish()
        self.cancel_button.hide()
        self.outcome.show_report(report)
        self.columns.update_note(self._kind(), "checked" if report.dry_run else "imported")
        if report.dry_run:
            self._checked = signature
            self.checked.emit(report)
        else:
            self._checked = None
            self.imported.emit(report)
        self._update_buttons()
        self._focus_first(self.import_button, self.close_button)

    def _failed(self, exc: BaseException) -> None:
        was_preview = self._preview_for is not None
        if self._read_again():
            return
        if was_preview:  # the file chosen cannot be read (an Excel workbook, say): no
            # columns are offered, and none of the file shown before stay under its name
            self.columns.clear()
            self.format_label.setText("")
        if isinstance(exc, hi.ImportCancelled) and exc.import_id is not None:
            self.services.hub.publish(Changes(imports=True))  # the checkpoints written stay
        self.cancel_button.hide()
        self.progress.stop()
        if isinstance(exc, ServiceError):
            text = "\n".join(messages.text(p.code, p.params, self.lang) for p in exc.problems)
        else:
            text = fmt.arg(self.tr("Could not import: %1"), exc)
        self.outcome.summary.setText(text)
        self._update_buttons()
        self._focus_first(self.check_button, self.browse, self.close_button)
        self.failed.emit(text)

    def save_rejected(self) -> None:
        report = self.report
        if report is None or not report.errors or self.running:
            return
        source = Path(self.path.text())
        # written as the file was (its encoding, its delimiter): offered under its own kind
        # of name, as a tab-separated file called .csv opens in Excel with each row in one cell
        suffix = source.suffix.lower()
        if suffix not in (".csv", ".tsv", ".txt"):
            suffix = ".tsv" if report.delimiter == "\t" else ".csv"
        suggested = str(source.with_name(f"{source.stem}_エラー行{suffix}"))
        out, _f = QFileDialog.getSaveFileName(self, self.tr("Save rejected rows"), suggested,
                                              f"{suffix[1:].upper()} (*{suffix})")
        if not out:
            return
        lang = self.lang
        self._start(lambda _job: (hi.write_rejected(report, source, out, lang), out),
                    self._saved)

    def _saved(self, result) -> None:
        n, out = result
        self.progress.rate.setText(
            fmt.arg(self.tr("%1 rejected rows saved to %2"), f"{n:,}", out))
        self._update_buttons()

    def open_list(self):
        """取込の履歴: the imports so far, each to undo as a whole."""
        from desk_app.ui.imports.history import open_import_history

        return open_import_history(self, self.services)

    def _update_buttons(self) -> None:
        busy = self.running
        ready = self.preview_data is not None and not self.missing_roles()
        self.check_button.setEnabled(ready and not busy)
        self.import_button.setEnabled(
            ready and not busy and self._checked is not None
            and self._checked == self._signature() and bool(self.report and self.report.imported))
        self.browse.setEnabled(not busy)
        self.kind.setEnabled(not busy)
        self.encoding.setEnabled(not busy)
        self.columns.set_busy(busy)
        self.close_button.setEnabled(not busy)

    def _focus_first(self, *widgets: QWidget) -> None:
        """The keyboard to the next step: the first of *widgets* that can take it (the
        button it was on is disabled while a job runs, and Qt moves focus elsewhere)."""
        for widget in widgets:
            if widget.isEnabled():
                widget.setFocus(Qt.FocusReason.OtherFocusReason)
                return

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


def open_import_dialog(parent: QWidget | None, services) -> ImportDialog:
    """ファイル › 取り込み…, one at a time: the open dialog (a check or an import may be
    running in it) comes forward instead of a second one; a closed one is let go."""
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, ImportDialog) and widget.services is services:
            if widget.isVisible():
                return present(widget)
            widget.deleteLater()
    return present(ImportDialog(services, parent))
