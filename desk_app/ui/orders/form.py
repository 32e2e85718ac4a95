"""受注 — the phone order form, laid out in the order a clerk talks:
お支払い方法 → ご注文者 → お届け先 → 商品 → お届け, with おすすめ and the totals at the side.

Entry point for the pop-up and the customer card (UI engineer's contract)::

    open_order_form(parent, services, customer_id=None, repeat_last=False, call_id=None)

``services`` is the :class:`~desk_app.ui.core.context.DeskContext`: its ``tasks`` run the
database jobs; after a save or a cancellation the form publishes the order and customer on
the change hub and records the call's outcome, so that the call log, the pop-up and open
cards refresh at once (the figures and stage they read were updated in the same transaction
as the order).

Validation and totals are the pure domain functions the CLI uses too; they run on the GUI
thread because they only touch the in-memory catalogue (microseconds). Messages appear
under their fields after the first save attempt, and then follow every edit.

Keys: F2 商品コード, F3 おすすめ, Ctrl+1〜9 add a suggestion, F5 前回と同じ内容で受注,
F12 / Ctrl+S / Ctrl+Enter 保存, Ctrl+P 納品書 (the print preview of the order as saved, as
受注一覧's; an order not saved yet, or an edit not saved yet, has none), Esc 閉じる (asks
first when lines were entered).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from desk_app.domain.calendar import DEFAULT_CALENDAR
from desk_app.domain.messages import Problem
from desk_app.domain.orders import OrderDraft, errors_by_field, payment_problem, preview, validate
from desk_app.services import calls, orders
from desk_app.services.base import Result
from desk_app.store.suggestions import suggest
from desk_app.ui.kit import domain_text, fmt, keys
from desk_app.ui.kit.screens import present
from desk_app.ui.orders.form_layout import build, shortcuts
from desk_app.ui.orders.form_tasks import FormContext, refresh_suggestions
from desk_app.ui.orders.slip_print import SLIP_KEY, SlipPrinting


class OrderForm(QDialog):
    context_loaded = Signal()
    order_saved = Signal(int, int)  # order number, customer id
    save_failed = Signal(object)  # the exception (orders.OrderRefused: its problems)

    def __init__(self, parent: QWidget | None, services, customer_id: int | None = None,
                 repeat_last: bool = False, call_id: int | None = None,
                 order_id: int | None = None) -> None:
        super().__init__(parent)
        self.services, self.call_id, self.order_id = services, call_id, order_id
        self.today = services.today()
        self.ctx: FormContext | None = None
        self.stored: OrderDraft | None = None  # the edited order as saved (its slip prints)
        self.customer_id: int | None = None
        self._repeat_on_load, self._show_errors, self._saving = repeat_last, False, False
        self._call_recorded = False  # the last save marked the call's outcome itself
        self.setWindowTitle(self.tr("Edit order") if order_id else self.tr("Phone order"))
        from desk_app.ui.kit.screens import fit_to_screen

        fit_to_screen(self, 1150, 800)  # inside the screen beside the pop-ups; the form scrolls
        build(self)
        shortcuts(self)
        self.slips = SlipPrinting(services, self, self.status.setText)
        self._update_slip()
        self.status.setText(self.tr("Loading…"))
        self._load(customer_id)
        refresh_suggestions(services, on_done=lambda _r: self._refresh_suggestions())

    # -- layout ------------------------------------------------------------------------
    # -- loading -----------------------------------------------------------------------
    def _load(self, customer_id: int | None) -> None:
        order_id = self.order_id
        self.services.tasks.submit(
            lambda ctx: orders.form_context(ctx, customer_id, order_id),
            self._loaded, lambda exc: self.status.setText(
                fmt.arg(self.tr("Could not load: %1"), exc)))

    def _loaded(self, ctx: FormContext) -> None:
        self.ctx = ctx
        self.items.set_catalogue(ctx.catalogue)
        self.customer_id = ctx.card.summary.customer_id if ctx.card else None
        self.header.set_card(ctx.card)
        self.setWindowTitle(self._title(ctx.card))
        self.chooser.set_customer(ctx.card)
        self.ship.set_choices(ctx.orderer, ctx.saved)
        self.repeat.setEnabled(ctx.last_order is not None and ctx.editing is None)
        self.status.clear()  # before repeating, whose message the clerk must see
        if ctx.editing is not None:
            self._fill_from(ctx.editing)
            if ctx.editing.status == "active":  # a cancelled order ships nothing: no slip
                self.stored = self.draft()
        elif self._repeat_on_load and ctx.last_order is not None:
            self.repeat_last_order()
        self._repeat_on_load = False
        self._offer_bundle(ctx)
        self._lines_changed()
        if (refusal := self._imported_refusal()) is not None:  # said before any edit
            self.save_button.setEnabled(False)
            self.status.setText(refusal)
        # a product code typed at once goes into the product code field
        (self.items.code if ctx.card else self.chooser.search).setFocus()
        self.context_loaded.emit()

    bundle_into: int | None = None

    def _offer_bundle(self, ctx) -> None:
        """同梱: a second call before the parcel left — offer the customer's open order."""
        self.bundle_into = None
        self.bundle.hide()
        self.bundle_detail.hide()
        if ctx.card is None or ctx.editing is not None:
            return
        from desk_app.services.order_book import bundle_offer

        cid = ctx.card.summary.customer_id
        self.services.tasks.submit(lambda c: [row] if (row := bundle_offer(c, cid)) else [],
                                   self._bundle_found)

    def _bundle_found(self, rows) -> None:
        if not rows or self.ctx is None:
            return
        row = rows[0]
        self.bundle_row = row
        self.bundle.setText(fmt.arg(self.tr("Add to the open order No.%1"), row.number))
        self.bundle_detail.setText(fmt.arg(self.tr("(%1, %2) — one parcel instead of two"),
                                           fmt.day(row.order_date), fmt.yen(row.total)))
        self.bundle.setChecked(False)
        self.bundle.show()
        self.bundle_detail.show()

    def _bundle_toggled(self, on: bool) -> None:
        row = getattr(self, "bundle_row", None)
        self.bundle_into = row.number if on and row is not None else None
        self.status.setText(fmt.arg(self.tr("The items go into order %1 (one parcel)."),
                                    self.bundle_into) if self.bundle_into else "")

    def _title(self, card) -> str:
        """The customer in the title bar too: the clerk confirms who before speaking."""
        base = self.tr("Edit order") if self.order_id else self.tr("Phone order")
        if card is None:
            return base
        s = card.summary
        return fmt.arg(self.tr("%1 — %2 No.%3"), base, fmt.person(s.name, s.kana), s.code)

    def _fill_from(self, order) -> None:
        self.payment.setCurrentIndex(self.payment.findData(order.payment))
        self.ship.select(order.ship_to)
        self.items.set_lines([(p.sku, p.quantity, p.unit_price) for p in order.lines])
        self.delivery.set_values(order.delivery_date, order.slot, order.noshi, order.gift_wrap,
                                 order.memo, order.sender_name)

    def repeat_last_order(self) -> None:
        """前回と同じ内容で受注: the last order's items (today's prices) and ship-to."""
        last = self.ctx.last_order if self.ctx else None
        if last is None or (self.ctx and self.ctx.editing):
            return
        skipped = self.items.set_lines([(p.sku, p.quantity, None) for p in last.lines])
        self.ship.select(last.ship_to)
        self.status.setText(self.tr("Copied the last order's items and ship-to.") + (
            fmt.arg(self.tr(" Left out (no longer sold): %1"), ", ".join(skipped))
            if skipped else ""))

    def _postal_lookup(self, text: str) -> None:
        from desk_app.domain.postal import clean_code, lookup

        if self.ship.kind() == "new" and clean_code(text):
            self.services.tasks.start(lambda _job: lookup(text), self.ship.apply_postal,
                                      name="postal lookup")

    # -- live state --------------------------------------------------------------------
    def draft(self) -> OrderDraft:
        return OrderDraft(
            customer_id=self.customer_id, payment=self.payment.currentData() or "",
            ship_to=self.ship.ship_to(), lines=self.items.draft_lines(),
            ship_to_source=self.ship.kind(), delivery_date=self.delivery.delivery_date(),
            slot=self.delivery.slot.currentData(), noshi=self.delivery.noshi(),
            gift_wrap=self.delivery.wrap.isChecked(), memo=self.delivery.memo.toPlainText(),
            sender_name=self.delivery.sender.text())

    def _lines_changed(self) -> None:
        self._refresh_suggestions()
        self._changed()

    def _changed(self, *_args) -> None:
        if self.ctx is None:
            return
        draft = self.draft()
        self._update_slip(draft)
        self.totals.set_preview(preview(draft, self.ctx.catalogue), bool(draft.lines))
        pref = draft.ship_to.prefecture if draft.ship_to else None
        self.delivery.set_earliest(self.delivery.carrier.earliest_delivery(
            self.today, pref, self.ctx.calendar) if pref else None)
        if self._show_errors:
            errors = self._validate(draft)
            self.show_errors(errors)
            if self._counting:  # 「入力内容を確認してください（N件）」 follows the fixes
                self._show_problem_count(errors)
        else:  # before 保存 only what the caller must hear now: 代引不可 when 代金引換 is chosen
            refusal = payment_problem(draft.payment, self._customer_flags())
            self.payment_errors.show(errors_by_field([refusal] if refusal else [],
                                                     domain_text.lang()))

    def _refresh_suggestions(self) -> None:
        if self.ctx is None:
            return
        self.suggestions.set_suggestions(suggest(self.ctx.catalogue, self.items.skus(),
                                                 self.services.copurchase.get(), self.ctx.due,
                                                 today=self.today))

    def _add_suggestion(self, sku: str | None) -> None:
        if sku and self.items.add(sku):
            self.status.setText(self.tr("Added from the suggestions."))

    def _customer_flags(self) -> tuple[str, ...]:
        """The orderer's caution flags (代引不可 refuses 代金引換 at the field)."""
        return self.ctx.card.caution_flags if self.ctx and self.ctx.card else ()

    def _validate(self, draft: OrderDraft):
        keep = self.ctx.editing.delivery_date if self.ctx and self.ctx.editing else None
        calendar = self.ctx.calendar if self.ctx else DEFAULT_CALENDAR
        return validate(draft, self.ctx.catalogue, self.today, keep_delivery_date=keep,
                        customer_flags=self._customer_flags(),
                        calendar=calendar)  # the shop's open days date the parcel

    def show_errors(self, errors) -> None:
        by_field = errors_by_field(errors, domain_text.lang())
        self.payment_errors.show(by_field)
        self.ship.errors.show(by_field)
        self.delivery.errors.show(by_field)
        customer = by_field.get("customer", [])
        self.customer_error.setText("\n".join(customer))
        self.customer_error.setVisible(bool(customer))
        line_fields = [f for f in by_field if f.startswith("lines")]
        rows = {int(f.split("[")[1].split("]")[0]) for f in line_fields if "[" in f}
        self.items.show_errors([m for f in line_fields for m in by_field[f]], rows)

    def _go_to_first_error(self, errors) -> None:
        """A refused save scrolls to the first field in error (in the order of the form:
        items, delivery, ship-to, payment) and puts the keyboard there: at 1280×800 the
        payment is below the fold, and 「入力内容を確認してください」 alone says not where."""
        by_field = errors_by_field(errors, domain_text.lang())
        if any(f.startswith("lines") for f in by_field):
            target: QWidget | None = self.items.code
        else:
            target = next((w for w in (self.delivery.errors.first(by_field),
                                       self.ship.errors.first(by_field),
                                       self.payment_errors.first(by_field)) if w is not None),
                          None)
        if target is None or not target.isVisibleTo(self):
            return
        self.scroll.ensureWidgetVisible(target)
        target.setFocus()

    # -- 納品書 ------------------------------------------------------------------------
    def _imported_refusal(self) -> str | None:
        """Why an imported sale opened here cannot be saved or printed (None: it is not
        one): it keeps the earlier system's figures (the service refuses it too)."""
        editing = self.ctx.editing if self.ctx else None
        if editing is None or not editing.imported:
            return None
        return domain_text.message(Problem("order.imported", {"number": editing.number}))

    def _slip_refusal(self, draft: OrderDraft | None = None) -> str | None:
        """Why the 納品書 cannot be printed now (None: it can): the slip is the saved
        order's, so a new order and an edit not yet saved have none."""
        if (imported := self._imported_refusal()) is not None:
            return imported
        if self.order_id is None:
            return self.tr("Save the order first: the delivery slip is printed from the "
                           "saved order.")
        if self.ctx is None or self.stored is None:
            return self.tr("A cancelled order has no delivery slip.") if self.ctx else ""
        if (draft or self.draft()) != self.stored:
            return self.tr("Save the changes first: the delivery slip shows the order as "
                           "saved.")
        return None

    def _update_slip(self, draft: OrderDraft | None = None) -> None:
        refusal = self._slip_refusal(draft)
        self.slip_button.setEnabled(refusal is None and not self._saving)
        self.slip_button.setToolTip(refusal if refusal is not None else fmt.arg(
            self.tr("The order's delivery slip in the print preview: print it or save a "
                    "PDF (%1)"), SLIP_KEY))

    def print_slip(self) -> bool:
        """納品書 of the order as saved: read on the worker, then Qt's print preview."""
        if self._saving or self._slip_refusal() is not None:
            return False
        assert self.order_id is not None
        self.slips.order(self.order_id)
        return True

    # -- save / cancel -----------------------------------------------------------------
    _counting = False  # the status shows how many fields are still in error

    def _show_problem_count(self, errors) -> None:
        self._counting = bool(errors)
        self.status.setText(self.tr("Please check the entries (%n problem(s)).", "",
                                    len(errors)) if errors else "")

    def save(self) -> bool:
        if self.ctx is None or self._saving:
            return False
        if (refusal := self._imported_refusal()) is not None:
            self.status.setText(refusal)
            return False
        draft = self.draft()
        errors = self._validate(draft)
        self._show_errors = True
        self.show_errors(errors)
        if errors:
            self._show_problem_count(errors)
            self._go_to_first_error(errors)
            return False
        self._saving, self._counting = True, False
        self.save_button.setEnabled(False)
        self.slip_button.setEnabled(False)
        self.status.setText(self.tr("Saving…"))
        order_id, call = self.order_id, self.call_id
        keep = self.ship.remember.isChecked() and self.ship.kind() == "new"
        # each job returns the use case's Result: the queue publishes its Changes (cards,
        # pop-ups, the call log and 受注一覧 reload) and hands the value to _saved
        self._call_recorded = order_id is None and self.bundle_into is None  # place_order
        if order_id is not None:
            def job(ctx):
                return orders.edit_order(ctx, order_id, draft)
        elif self.bundle_into is not None:  # 同梱: into the open order, one parcel
            from types import SimpleNamespace

            from desk_app.services.order_book import add_to_order

            into = self.bundle_into

            def job(ctx):
                result = add_to_order(ctx, into, list(draft.lines))
                row = result.value
                return Result(SimpleNamespace(order_id=row.number, customer_id=row.customer_id),
                              result.changes)
        else:  # place_order marks the call 受注あり itself, in the same transaction
            def job(ctx):
                return orders.place_order(ctx, draft, call_id=call, save_ship_to=keep)
        self.services.tasks.submit(job, self._saved, self._save_error)
        return True

    confirmation: QMessageBox | None = None

    def _saved(self, saved) -> None:
        """Saved: the order number in a message the clerk dismisses (Enter closes only the
        message), then the form closes. The desk's status bar keeps the number too."""
        self._saving = False
        if not self._call_recorded:
            record_order(self.services, self.call_id, saved.customer_id)
        self.order_saved.emit(saved.order_id, saved.customer_id)
        number = saved.order_id
        if self.order_id is not None:
            text = fmt.arg(self.tr("Order number %1 was changed."), number)
        elif self.bundle_into is not None:
            text = fmt.arg(self.tr("Added to order number %1 (one parcel)."), number)
        else:
            text = fmt.arg(self.tr("Saved as order number %1."), number)
        self.status.setText(text)
        self.ctx = None  # nothing left to lose: close without asking
        self.save_button.setEnabled(False)
        self.slip_button.setEnabled(False)
        self.services.navigation.show_status(text)
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("Order saved"), text,
                          QMessageBox.StandardButton.Ok, self, objectName="orderSaved")
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setInformativeText(self.tr("Please read the order number back to the customer."))
        box.setStyleSheet("QLabel#qt_msgbox_label { font-size: 16pt; font-weight: bold; }")
        box.setWindowModality(Qt.WindowModality.WindowModal)  # the form waits behind it
        box.setDefaultButton(QMessageBox.StandardButton.Ok)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        box.finished.connect(lambda _r: self._confirmed())
        self.confirmation = box
        box.open()

    def _confirmed(self) -> None:
        self.confirmation = None
        self.accept()

    def _cancelled(self, saved) -> None:
        self._saving = False
        record_order(self.services, self.call_id, saved.customer_id)
        self.order_saved.emit(saved.order_id, saved.customer_id)
        self.services.navigation.show_status(
            fmt.arg(self.tr("Order number %1 was cancelled."), saved.order_id))
        self.ctx = None
        self.accept()

    def _save_error(self, exc: BaseException) -> None:
        self._saving = False
        self.save_button.setEnabled(True)
        self._update_slip()
        if isinstance(exc, orders.OrderRefused):
            self.show_errors(exc.errors)
            self.status.setText(self.tr("Could not save. Please check the entries."))
        else:
            self.status.setText(fmt.arg(self.tr("Could not save (%1). Please try again."),
                                        domain_text.error_text(exc)))
        self.save_failed.emit(exc)

    def cancel_order(self) -> None:
        if self.order_id is None or not self.confirm(self.tr("Cancel this order?")):
            return
        order_id = self.order_id
        self.services.tasks.submit(lambda ctx: orders.cancel_order(ctx, order_id),
                                   self._cancelled, self._save_error)

    def confirm(self, question: str) -> bool:
        """Discard or cancel: the default (Enter, Esc) is いいえ."""
        return keys.ask_discard(self, self.tr("Confirm"), question)

    def reject(self) -> None:
        """閉じる, Esc, ×: a new order with items, or a saved order with changes, is only
        discarded when the clerk says so (default いいえ); a saved order opened and left as
        it was closes at once."""
        if self.ctx is not None and not self._saving:
            if self.stored is not None:  # a saved order opened to edit
                if self.draft() != self.stored and not self.confirm(fmt.arg(self.tr(
                        "Discard the changes to order %1 and close? The order stays as "
                        "saved."), self.order_id)):
                    return
            elif self.items.skus() and not self.confirm(
                    self.tr("Discard the order being entered and close?")):
                return
        super().reject()


def record_order(services, call_id: int | None, customer_id: int | None) -> None:
    """After an edit, a 同梱 or a cancellation made during a call: the call's outcome is
    "order" (``place_order`` does this itself, in its own transaction). The screens showing
    the order and the customer already heard it from the save's Changes."""
    if call_id is not None:
        services.tasks.submit(lambda ctx: calls.set_outcome(ctx, call_id, calls.ORDER,
                                                            customer_id))


def open_order_form(parent, services, customer_id: int | None = None, repeat_last: bool = False,
                    call_id: int | None = None, order_id: int | None = None) -> OrderForm:
    """Open the form (non-modal) and return it; ``order_id`` opens an order for editing."""
    form = OrderForm(parent, services, customer_id, repeat_last, call_id, order_id)
    form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    return present(form)
