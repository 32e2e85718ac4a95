"""Opening the order form from the desk (pop-up keys, card buttons, the Desk menu).

One place decides how the desk hands a call and a customer to the form, so the pop-up, the
card and the menu behave alike. A failure inside the form is shown to the clerk and logged;
it must never take the pop-up (and the note being typed in it) down with it.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from desk_app.ui.orders import form as order_form

log = logging.getLogger(__name__)


def open_order(parent: QWidget, services, customer_id: int | None, repeat_last: bool,
               call_id: int | None, order_id: int | None = None) -> bool:
    """Open the order form; with no customer the form opens empty on its customer chooser."""
    try:
        order_form.open_order_form(parent, services, customer_id=customer_id,
                                   repeat_last=repeat_last, call_id=call_id, order_id=order_id)
    except Exception as exc:  # a bug in the form must not take the pop-up down with it
        log.exception("order form failed")
        QMessageBox.warning(parent, QCoreApplication.translate("OrderEntry", "Order"),
                            QCoreApplication.translate(
                                "OrderEntry", "The order form could not be opened: %1")
                            .replace("%1", str(exc)))
        return False
    return True
