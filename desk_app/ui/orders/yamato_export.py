"""ヤマトB2用CSV出力 from the Desk menu: the day's shipments as a B2 Cloud import file.

The desk runs the very function behind ``desk-app export yamato`` (``export_b2`` with the
ご依頼主 from the settings' 店舗情報, ``[shop]`` and ``[yamato]`` of :mod:`desk_app.config`, the
demo shipper when they are not set), so a
file made at the desk and one made by a script are the same bytes. The query and the file
write run on the desk's background worker; the dialog stays open to show how many rows were
written and every warning (a field too wide for B2, a character Shift_JIS lacks), because
those parcels need fixing before the labels are printed. 納品書… opens the print preview of
the same day's delivery slips (one per parcel, one print job; see ``slip_print``).
"""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, QDir, Qt, Signal
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.messages import Problem
from desk_app.services import shipping
from desk_app.services.base import ServiceContext
from desk_app.ui.kit import domain_text, fmt
from desk_app.ui.kit.layouts import button_row
from desk_app.ui.kit.screens import present
from desk_app.ui.orders.slip_print import SlipPrinting

log = logging.getLogger(__name__)


@dataclass
class ExportDone:
    path: str
    ship_date: date
    rows: int
    warnings: list[Problem] = field(default_factory=list)
    demo_shipper: bool = False
    held: list[int] = field(default_factory=list)  # 前払い orders still 入金待ち


def export_file(ctx: ServiceContext, ship_date: date, path: str,
                shop_file: Path | None = None) -> ExportDone:
    """The export itself (worker thread): B2 rows for *ship_date* written to *path*."""
    result = shipping.write_yamato(ctx, ship_date, path, shop_file)
    return ExportDone(path, ship_date, result.rows, list(result.warnings), result.demo_shipper,
                      list(result.held))


class YamatoExportDialog(QDialog):
    exported = Signal(object)  # ExportDone
    failed = Signal(str)

    def __init__(self, services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.setWindowTitle(self.tr("Yamato B2 CSV export"))
        self.resize(720, 300)
        today = services.today()
        self.date = QDateEdit(QDate(today.year, today.month, today.day), objectName="shipDate",
                              calendarPopup=True, displayFormat="yyyy/MM/dd")
        self.path = QLineEdit(objectName="exportPath")
        self.path.setPlaceholderText(self.tr("Choose where to save the file"))
        browse = QPushButton(self.tr("Choose…"), objectName="browse")
        browse.setAutoDefault(False)
        browse.clicked.connect(self.choose_path)
        self.export_button = QPushButton(self.tr("Export"), objectName="export", default=True)
        self.export_button.clicked.connect(self.export)
        self.slip_button = QPushButton(self.tr("Delivery slips…"), objectName="printSlips")
        self.slip_button.setToolTip(self.tr("The delivery slips of the same parcels in the "
                                            "print preview, one per page"))
        self.slip_button.setAutoDefault(False)  # Enter exports; it never prints
        self.slip_button.clicked.connect(self.print_slips)
        self.slips = SlipPrinting(services, self, self._slip_note)
        close = QPushButton(self.tr("Close"), objectName="close")
        close.setAutoDefault(False)
        close.clicked.connect(self.reject)
        self.status = QLabel(objectName="exportStatus", wordWrap=True)
        self.status.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.warnings = QPlainTextEdit(objectName="exportWarnings", readOnly=True)
        self.warnings.hide()
        where = QHBoxLayout()
        where.addWidget(self.path, 1)
        where.addWidget(browse)
        when = QHBoxLayout()
        when.addWidget(self.date)
        when.addStretch(1)
        form = QFormLayout()
        form.addRow(self.tr("Ship date"), when)
        form.addRow(self.tr("File"), where)
        buttons = button_row(self.export_button, self.slip_button, close)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(self.warnings, 1)
        layout.addStretch(0)  # without warnings the space stays below the message
        layout.addLayout(buttons)
        self.date.dateChanged.connect(lambda _d: self.path.setText(self._suggested_path()))
        self.path.setText(self._suggested_path())

    def ship_date(self) -> date:
        return self.date.date().toPython()

    def _suggested_path(self) -> str:
        folder = self.services.config.yamato.last_folder or QDir.homePath()
        return str(Path(folder) / f"yamato-b2-{self.ship_date():%Y%m%d}.csv")

    def choose_path(self) -> None:
        path, _f = QFileDialog.getSaveFileName(self, self.tr("Yamato B2 CSV export"),
                                               self.path.text(), "CSV (*.csv)")
        if path:
            self.path.setText(path)

    def export(self) -> None:
        path = self.path.text().strip()
        if not path:
            self.status.setText(self.tr("Choose where to save the file"))
            return
        self.export_button.setEnabled(False)
        self.warnings.hide()
        self.status.setText(self.tr("Exporting…"))
        ship_date = self.ship_date()
        self.services.tasks.submit(
            lambda ctx: export_file(ctx, ship_date, path),
            on_done=self._done, on_error=self._failed)

    def print_slips(self) -> None:
        """納品書 of every parcel leaving on the chosen ship date."""
        self.slips.day(self.ship_date())

    def _slip_note(self, text: str) -> None:
        self.status.setText(text)

    def _done(self, done: ExportDone) -> None:
        self.export_button.setEnabled(True)
        config = self.services.config
        folder = str(Path(done.path).parent)
        if folder != config.yamato.last_folder:  # proposed next time
            try:
                self.services.save_config(dataclasses.replace(
                    config, yamato=dataclasses.replace(config.yamato, last_folder=folder)))
            except OSError as exc:
                log.warning("export folder not remembered: %s", exc)
        day = f"{done.ship_date:%Y/%m/%d}"
        lines = [fmt.arg(self.tr("Ship date %1: %n row(s) written to %2.", "", done.rows),
                         day, done.path) if done.rows else
                 fmt.arg(self.tr("No shipments on %1: only the header line was written to %2."),
                         day, done.path)]
        if done.demo_shipper:
            lines.append(self.tr("The shop details are not set: the demo shipper was used."))
        if done.held:  # 入金待ち: left out until the money has arrived (受注一覧 › 入金確認)
            lines.append(fmt.arg(self.tr("Held until paid (not exported): order(s) %1."),
                                 ", ".join(map(str, done.held))))
        self.status.setText("\n".join(lines))
        if done.warnings:
            self.warnings.setPlainText(
                self.tr("Please check before printing the labels:") + "\n"
                + "\n".join(domain_text.message(w) for w in done.warnings))
            self.warnings.show()
            self.resize(self.width(), max(self.height(), 440))
        self.exported.emit(done)

    def _failed(self, exc: BaseException) -> None:
        self.export_button.setEnabled(True)
        text = fmt.arg(self.tr("Could not export: %1"), domain_text.error_text(exc))
        self.status.setText(text)
        self.failed.emit(text)


def open_yamato_export(parent: QWidget | None, services) -> YamatoExportDialog:
    dialog = YamatoExportDialog(services, parent)
    return present(dialog)
