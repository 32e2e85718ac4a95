"""Opening the order form (the orders engineer's ``desk_app.ui.order_form``) from the desk.

Imported lazily inside the slot: the order form is written in parallel and may not be
installed yet, in which case the clerk gets a clear message instead of a crash. Any other
import error is a real bug and is shown as such.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

log = logging.getLogger(__name__)



def open_order(parent: QWidget, services, customer_id: int | None, repeat_last: bool,
               call_id: int | None) -> bool:
    """Open the order form for *customer_id*; False (after telling the clerk) if it cannot."""
    if customer_id is None:
        QMessageBox.information(parent, QCoreApplication.translate("OrderEntry", "Order"),
                                QCoreApplication.translate(
                                    "OrderEntry", "Choose or register the customer first."))
        return False
    try:
        from desk_app.ui import order_form
    except ModuleNotFoundError as exc:
        if exc.name not in ("desk_app.ui.order_form",):
            raise
        QMessageBox.information(
            parent, QCoreApplication.translate("OrderEntry", "Order"),
            QCoreApplication.translate(
                "OrderEntry", "Order entry is not installed in this version yet. "
                "Write the order in a note for now."))
        return False
    try:
        order_form.open_order_form(parent, services, customer_id=customer_id,
                                   repeat_last=repeat_last, call_id=call_id)
    except Exception as exc:  # a bug in the form must not take the pop-up down with it
        log.exception("order form failed")
        QMessageBox.warning(parent, QCoreApplication.translate("OrderEntry", "Order"),
                            QCoreApplication.translate(
                                "OrderEntry", "The order form could not be opened: %1")
                            .replace("%1", str(exc)))
        return False
    return True
