"""納品書 at the desk: one order's slip (受注一覧, the card's order history, the order form
of a saved order) or the slips of every order leaving the shop on a day (出荷分の納品書, the
ヤマト dialog), in Qt's print preview, from which the clerk prints (printer choice) or saves
a PDF.

The slips are the ones ``desk-app slip`` writes: the same use cases
(``services.slips.slip`` / ``slips_for_ship_date``, the Yamato export's ship day), the same
shop details and the same renderer (``ui.printing.render_slips``), one slip per page and a
day's slips in one print job. Reading the store runs on the task pool with a context of
its own (a day's slips are many orders; the database queue carries the pop-ups' lookups);
only the drawing runs on the GUI thread, as Qt's preview needs.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QDate, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.shop import ShopInfo
from desk_app.services import letters, slips
from desk_app.services.base import ServiceContext, ServiceError
from desk_app.ui.kit import domain_text, fmt
from desk_app.ui.kit.layouts import button_row
from desk_app.ui.kit.screens import present

if TYPE_CHECKING:  # QtPrintSupport is loaded when a slip is first printed
    from PySide6.QtPrintSupport import QPrintPreviewDialog

SLIP_KEY = "Ctrl+P"  # 受注一覧, the card's order history, the order form: the order's 納品書


@dataclass(frozen=True)
class SlipBatch:
    slips: Sequence[slips.Slip]
    shop: ShopInfo
    ship_date: date | None = None  # a day's shipments; None: one order


def load_order_slip(ctx: ServiceContext, order_id: int) -> SlipBatch:
    """One order's slip and the shop details (worker thread); a shop whose 登録番号 is not
    a valid T-number is refused, as the CLI refuses it."""
    return SlipBatch([slips.slip(ctx, order_id)], _checked_shop(ctx))


def load_day_slips(ctx: ServiceContext, ship_date: date) -> SlipBatch:
    """The slips of every order leaving on *ship_date* (worker thread)."""
    return SlipBatch(slips.slips_for_ship_date(ctx, ship_date), _checked_shop(ctx), ship_date)


def _checked_shop(ctx: ServiceContext) -> ShopInfo:
    shop = letters.shop_info(ctx)
    if problems := letters.check_shop(shop):
        raise ServiceError(problems)
    return shop


class SlipPrinting(QObject):
    """Loads slips off the GUI thread and opens the print preview on them.

    ``report`` gets a line for the clerk when there is nothing to print or the slips could
    not be made; ``opened`` carries the preview dialog (tests drive it)."""

    opened = Signal(object)  # the QPrintPreviewDialog

    def __init__(self, services, parent: QWidget, report: Callable[[str], None]) -> None:
        super().__init__(parent)
        self.services = services
        self.report = report
        self.preview: QPrintPreviewDialog | None = None

    def order(self, order_id: int) -> None:
        self._start(lambda ctx: load_order_slip(ctx, order_id))

    def day(self, ship_date: date) -> None:
        self._start(lambda ctx: load_day_slips(ctx, ship_date))

    def _start(self, load: Callable[[ServiceContext], SlipBatch]) -> None:
        self.services.tasks.beside(load, self._loaded, self._failed, key=f"slips-{id(self)}",
                                   name="slips")

    def _loaded(self, batch: SlipBatch) -> None:
        if not batch.slips:
            self.report(fmt.arg(self.tr("No orders ship on %1: no delivery slips to print."),
                                fmt.day(batch.ship_date)))
            return
        self.preview = open_preview(self.parent(), batch)
        self.opened.emit(self.preview)

    def _failed(self, exc: BaseException) -> None:
        self.report(fmt.arg(self.tr("Could not make the delivery slips: %1"),
                            domain_text.error_text(exc)))


def open_preview(parent: QWidget, batch: SlipBatch) -> QPrintPreviewDialog:
    """Qt's print preview of *batch*, one slip per page; its print button offers the
    printers and a PDF file. Not modal (shown, not exec'd or opened window-modal): the desk
    and its pop-ups keep taking the keys while the preview is up."""
    from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog

    from desk_app.ui import printing

    printing.ensure_app()
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setFullPage(True)
    printer.setDocName(_doc_name(batch))
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    dialog.setWindowTitle(_doc_name(batch))
    dialog.paintRequested.connect(lambda device: printing.render_slips(device, batch.slips,
                                                                       batch.shop))
    dialog.printer = printer  # kept alive with the dialog (Qt does not own it)
    dialog.setWindowModality(Qt.WindowModality.NonModal)
    return present(dialog)


def _doc_name(batch: SlipBatch) -> str:
    if batch.ship_date is not None:
        return fmt.arg(QCoreApplication.translate("SlipPrinting",
                                                  "Delivery slips, shipping %1 (%2)"),
                       fmt.day(batch.ship_date), len(batch.slips))
    return fmt.arg(QCoreApplication.translate("SlipPrinting", "Delivery slip, order %1"),
                   batch.slips[0].order.number)


class DaySlipsDialog(QDialog):
    """出荷分の納品書 (Desk menu): the ship day (the Yamato export's day, today by default)
    and a button that opens the preview of that day's slips. Enter does not print."""

    def __init__(self, services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.setWindowTitle(self.tr("Delivery slips for a ship date"))
        today = services.today()
        self.date = QDateEdit(QDate(today.year, today.month, today.day), objectName="shipDate",
                              calendarPopup=True, displayFormat="yyyy/MM/dd")
        self.status = QLabel(objectName="slipStatus", wordWrap=True)
        self.printing = SlipPrinting(services, self, self.status.setText)
        self.preview_button = QPushButton(self.tr("Print preview…"), objectName="slipPreview")
        self.preview_button.setToolTip(self.tr("Every order leaving the shop that day (the "
                                               "Yamato export's ship date), one slip per page"))
        close = QPushButton(self.tr("Close"), objectName="close")
        for button in (self.preview_button, close):
            button.setAutoDefault(False)
        self.preview_button.clicked.connect(self.preview)
        close.clicked.connect(self.reject)
        when = QHBoxLayout()
        when.addWidget(self.date)
        when.addStretch(1)
        form = QFormLayout()
        form.addRow(self.tr("Ship date"), when)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addLayout(button_row(self.preview_button, close))

    def ship_date(self) -> date:
        return self.date.date().toPython()

    def preview(self) -> None:
        self.status.clear()
        self.printing.day(self.ship_date())


def open_day_slips(parent: QWidget | None, services) -> DaySlipsDialog:
    return present(DaySlipsDialog(services, parent))
