"""同梱: a second call before the parcel left adds to the customer's open order.

When the order form saves a new order for a customer who has an order that is still in the
shop (active, not in a shipping export, not past its ship date: ``order_book.bundle_offer``),
the clerk is asked whether to add the lines to that order — one parcel, one shipping fee —
instead of a second order. The question names the open order (number, day, total, who it
goes to) and defaults to いいえ: Enter or Esc-free typing never merges orders by accident.
はい adds the lines (``order_book.add_to_order``; the open order keeps its payment, ship-to
and のし); いいえ places the order as its own; キャンセル goes back to the form.
An order for another recipient is never offered: it is another parcel anyway.

The order form calls :func:`save_new_order` from one place (its save), so this stays apart
from the form's own code.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox

from desk_app.domain.order_book import OrderRow
from desk_app.domain.orders import OrderDraft
from desk_app.services import order_book
from desk_app.ui.kit import domain_text, fmt

log = logging.getLogger(__name__)

YES, NO, CANCEL = "bundle", "separate", "back"


@dataclass(frozen=True)
class Bundled:
    """What the form's save callback reads, for lines added to an open order."""

    row: OrderRow
    bundled: bool = True

    @property
    def order_id(self) -> int:
        return self.row.number

    @property
    def customer_id(self) -> int:
        return self.row.customer_id


def _name_key(text: str) -> str:
    return "".join(text.split())


def offerable(row: OrderRow | None, draft: OrderDraft) -> bool:
    """An open order the new lines may join: same customer (asked for), same recipient."""
    if row is None or not draft.lines:
        return False
    if draft.ship_to is not None and row.ship_name and draft.ship_to.name \
            and _name_key(draft.ship_to.name) != _name_key(row.ship_name):
        return False
    return True


def ask(parent, row: OrderRow) -> str:
    """はい / いいえ / キャンセル, default いいえ."""
    question = fmt.arg(QCoreApplication.translate(
        "OrderBundle", "%1 様 has an order that has not been shipped yet: order %2 of %3, %4, "
        "%5, to %6.\nAdd these items to that order (one parcel) instead of a second order?\n"
        "The open order keeps its payment, ship-to and noshi."),
        row.customer_name, row.number, fmt.day(row.order_date), fmt.yen(row.total),
        domain_text.payment_label(row.payment), row.ship_name or row.customer_name)
    box = QMessageBox(QMessageBox.Icon.Question,
                      QCoreApplication.translate("OrderBundle", "Add to the open order?"),
                      question, parent=parent)
    box.setObjectName("bundleQuestion")
    yes = box.addButton(fmt.arg(QCoreApplication.translate("OrderBundle",
                                                           "Yes, add to order %1"), row.number),
                        QMessageBox.ButtonRole.YesRole)
    no = box.addButton(QCoreApplication.translate("OrderBundle", "No, a separate order"),
                       QMessageBox.ButtonRole.NoRole)
    back = box.addButton(QCoreApplication.translate("OrderBundle", "Back to the form"),
                         QMessageBox.ButtonRole.RejectRole)
    yes.setObjectName("bundleYes")
    no.setObjectName("bundleNo")
    back.setObjectName("bundleBack")
    box.setDefaultButton(no)
    box.setEscapeButton(back)
    box.exec()
    clicked = box.clickedButton()
    return YES if clicked is yes else CANCEL if clicked is back else NO


def save_new_order(form, draft: OrderDraft, place_job: Callable[[Any], Any]) -> None:
    """The form's save of a new order: offer 同梱 first when there is an open order.

    ``form`` is the order form: its ``runner`` runs jobs, ``_saved`` / ``_save_error`` finish
    the save, ``_save_abandoned`` goes back to editing."""
    customer_id = draft.customer_id

    def place() -> None:
        form.runner.submit(place_job, form._saved, form._save_error)

    def offered(row: OrderRow | None) -> None:
        if not offerable(row, draft):
            place()
            return
        answer = form.ask_bundle(row) if hasattr(form, "ask_bundle") else ask(form, row)
        if answer == NO:
            place()
        elif answer == YES:
            number, lines = row.number, draft.lines
            form.runner.submit(lambda ctx: order_book.add_to_order(ctx, number, lines),
                               lambda result: _bundled(form, result), form._save_error)
        else:
            form._save_abandoned()

    def failed(exc: BaseException) -> None:  # the offer is a courtesy: never block the save
        log.warning("同梱 offer not available: %s", type(exc).__name__)
        place()

    if customer_id is None:
        place()
        return
    form.runner.submit(lambda ctx: order_book.bundle_offer(ctx, customer_id), offered, failed)


def _bundled(form, result) -> None:
    form._saved(Bundled(result.value))
