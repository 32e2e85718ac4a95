"""Render every desk screen offscreen to PNG for the README (docs/screenshots/).

    .venv/bin/python scripts/screenshots.py [--out docs/screenshots] [--lang ja|en]

Builds a small deterministic demo shop in a temp folder, drives the real desk (the same
``build_desk`` the app runs) with call events of each kind, and grabs the main window, each
pop-up face, the registration form, the order form, the product catalogue, the Yamato B2
export, the call log, the missed calls and customer voices.
"""

from __future__ import annotations

import sys
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from offscreen import ROOT, setup_screen, shot_args, wait_until

SCREEN = setup_screen()  # before anything imports PySide6
TODAY = date(2026, 11, 23)


def prepare_store(folder: Path):
    from sqlalchemy import func, select

    from desk_app.domain.call_event import CallEvent
    from desk_app.services import calldesk, calls, notes
    from desk_app.services.base import ServiceContext
    from desk_app.store.db import Store
    from desk_app.store.models import Customer, CustomerStats, Phone
    from desk_app.store.seed import seed

    store = Store(f"sqlite:///{folder / 'shots.db'}")
    seed(store, 3000, seed=7, today=TODAY)
    with store.new_session() as s:
        single = s.execute(
            select(Phone.national, Phone.customer_id).join(
                CustomerStats, CustomerStats.customer_id == Phone.customer_id)
            .where(CustomerStats.orders_count >= 6, Phone.kind == "mobile")
            .order_by(CustomerStats.total_amount.desc()).limit(1)).one()
        family = s.scalar(select(Phone.national).group_by(Phone.national)
                          .having(func.count(func.distinct(Phone.customer_id)) > 2).limit(1)) \
            or s.scalar(select(Phone.national).group_by(Phone.national)
                        .having(func.count(func.distinct(Phone.customer_id)) > 1).limit(1))
        s.get(Customer, single.customer_id).caution = True
        s.get(Customer, single.customer_id).caution_note = "代引の受取拒否が過去に1回あり"
        s.commit()
    ctx = ServiceContext(store, operator_id=2, today=lambda: TODAY)
    cid = single.customer_id
    notes.add_note(ctx, cid, "前回の青汁が少し苦かったとのこと。次回は飲み方のご案内を同封。",
                   "complaint", needs_follow_up=True)
    notes.add_note(ctx, cid, "お孫さんにも勧めてくださったそうです。", "praise")
    # a 住所変更 on the phone, as the 変更履歴 tab of 顧客情報の修正 shows it
    from desk_app.services.customers import edit_customer

    edit_customer(ServiceContext(store, operator_id=1, today=lambda: TODAY), cid,
                  {"email": "takahashi.d@example.jp", "birthday": "1958-04-12"})
    some = [m.customer_id for m in calldesk.search(ctx, "タナカ")[:4]]
    for i, c in enumerate(some):
        kind = ("praise", "complaint")[i % 2]
        body = ("電話の対応が丁寧で安心できたとのお言葉をいただきました。",
                "配達が予定より1日遅れた。お詫び済み、送料は次回無料で了承。")[i % 2]
        notes.add_note(ctx, c, body, kind)
    now = datetime.now(UTC)
    desk = calls.CallDesk()
    for i, (number, line) in enumerate([(single.national, "1"), ("0312349876", "2"),
                                        (family, "1"), (None, "2")]):
        data = desk.handle_event(ctx, CallEvent("demo", number=number, line=line,
                                                received_at=now - timedelta(minutes=40 - i * 9)))
        # these pop-ups are long gone: one nobody took, the others answered by a clerk
        calls.set_outcome(ctx, data.value.call_id, "missed" if i == 1 else "answered")
    return store, single.national, family


def order_screens(app, window, services, customer_id: int, call_id: int, save) -> None:
    """The order form mid-call (items, payment, delivery, のし), the catalogue, the export."""
    from PySide6.QtCore import QDate

    from desk_app.ui.orders.form import open_order_form

    form = open_order_form(window, services, customer_id=customer_id, call_id=call_id)
    wait_until(app, lambda: form.ctx is not None and services.tasks.pending == 0)
    form.payment.setCurrentIndex(form.payment.findData("cod"))
    for sku, quantity in (("F001", 2), ("G001", 1)):
        form.items.add(sku, quantity)
    form.delivery.use_date.setChecked(True)
    form.delivery.date.setDate(QDate(2026, 11, 28))
    form.delivery.slot.setCurrentIndex(form.delivery.slot.findData("1416"))
    form.delivery.omote.setCurrentText("御歳暮")
    form.delivery.noshi_name.setText("山田")
    wait_until(app, lambda: services.tasks.pending == 0)
    save(form, "order-form")  # at the size the form takes on this screen (it scrolls)
    form.ctx = None  # close without the "discard?" question
    form.close()

    catalogue = window.open_products()
    wait_until(app, lambda: catalogue.table.rowCount() > 0 and services.tasks.pending == 0)
    catalogue.table.setCurrentCell(0, 0)
    save(catalogue, "products")
    catalogue.close()

    export = window.export_yamato()
    export.date.setDate(QDate(2026, 11, 24))  # the seeded shop's orders of today leave tomorrow
    folder = Path(tempfile.gettempdir()) / "desk-shots"  # a path that reads the same each run
    folder.mkdir(exist_ok=True)
    export.path.setText(str(folder / "yamato-b2-20261124.csv"))
    done = []
    export.exported.connect(done.append)
    export.export()
    wait_until(app, lambda: done and services.tasks.pending == 0)
    save(export, "yamato-export")
    export.close()


def main() -> int:
    args, out, tmp = shot_args("desk-shots-")

    from PySide6.QtWidgets import QApplication

    from desk_app.domain.call_event import CallEvent, Withheld
    from desk_app.ui.app import build_desk
    from desk_app.ui.kit.resources import setup_app

    app = QApplication.instance() or QApplication(sys.argv[:1])
    setup_app(app, args.lang)
    store, single, family = prepare_store(tmp)
    services, window = build_desk(store, operator_id=1, operator_name="佐藤",
                                  language=args.lang, today=lambda: TODAY)
    suffix = "" if args.lang == "ja" else "-en"
    shots: list[str] = []

    def save(widget, name: str) -> None:
        path = out / f"{name}{suffix}.png"
        widget.grab().save(str(path))
        shots.append(str(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path))

    window.fit_to_screen()  # as the desk sizes itself on that screen
    window.show()
    window.refresh_all()
    window.search.box.setText("さとう")
    wait_until(app, lambda: window.search.model.rowCount() > 0)
    window.open_customer(window.search.model.item(0).customer_id)
    wait_until(app, lambda: window.card.card is not None and services.tasks.pending == 0)
    save(window, "main")

    def screen_shot(name: str) -> None:
        """The whole screen as the clerk sees it: every window at its place."""
        from PySide6.QtGui import QColor, QPainter, QPixmap

        pixmap = QPixmap(*SCREEN)
        pixmap.fill(QColor("#5b6770"))
        painter = QPainter(pixmap)
        tops = [w for w in app.topLevelWidgets() if w.isVisible() and w.width() > 20]
        tops.sort(key=lambda w: (w is not window, w.windowFlags() & 0x00040000 != 0))
        for w in tops:
            geo = w.frameGeometry()
            painter.drawPixmap(geo.x(), geo.y(), w.grab())
        painter.end()
        path = out / f"{name}{suffix}.png"
        pixmap.save(str(path))
        shots.append(str(path))

    def popup_for(event, name: str):
        services.bridge.post_event(event)
        wait_until(app, lambda: window.popups.popups and window.popups.popups[-1].data
                   is not None and services.tasks.pending == 0)
        popup = window.popups.popups[-1]
        wait_until(app, lambda: True)
        save(popup, name)
        return popup

    known = popup_for(CallEvent("demo", number=single, line="1"), "popup-known")
    known.activate_keyboard()  # F8: the clerk takes the call (応答)
    known.notes.body.setPlainText("定期便の間隔を60日に変更したいとのこと。")
    known.close()
    family_popup = popup_for(CallEvent("demo", number=family, line="1"), "popup-family")
    family_popup.activate_keyboard()
    family_popup.close()
    unknown = popup_for(CallEvent("demo", number="0452223344", line="2"), "popup-unknown")
    popup_for(CallEvent("demo", withheld=Withheld.PRIVATE, line="1"),
              "popup-withheld").activate_keyboard()  # F8, then the search (Ctrl+F)
    # 非通知: the clerk asks the name and searches it, as the pop-up says
    window.search.box.setText("たかはし だいすけ")
    wait_until(app, lambda: services.tasks.pending == 0 and window.search.count.text() != "")
    save(window, "main-withheld-search")
    screen_shot("screen-desk-with-pop-ups")
    for p in list(window.popups.popups):
        p.close()
    # two lines at once
    services.bridge.post_event(CallEvent("demo", number=single, line="1"))
    services.bridge.post_event(CallEvent("demo", number=family, line="2"))
    wait_until(app, lambda: len(window.popups.popups) == 2
               and all(p.data for p in window.popups.popups) and services.tasks.pending == 0)
    # and three more (a source without line numbers): three shown, 「他 2 件の着信」
    for number in ("0452223344", "0311110101", None):
        services.bridge.post_event(CallEvent("demo", number=number))
    wait_until(app, lambda: len(window.popups.popups) == 5
               and all(p.data for p in window.popups.popups) and services.tasks.pending == 0)
    window.popups.relayout()
    wait_until(app, lambda: window.popups.summary.isVisible())
    screen_shot("screen-many-calls")
    for p in list(window.popups.popups):
        p.close()

    from desk_app.ui.customers.registration import RegisterDialog

    dialog = RegisterDialog(services, number="0452223344", call_id=unknown.call_id)
    dialog.edits["name"].setText("新井 花子")
    dialog.edits["kana"].setText("あらい はなこ")
    dialog.fields._fold_kana()
    dialog.edits["birthday"].setText("S45.3.1")
    dialog.edits["postal"].setText("068-0546")
    dialog.show()
    wait_until(app, lambda: dialog.candidates.count() > 1)
    save(dialog, "register-postal-choice")
    dialog._done = True  # close without the "discard what was typed?" question
    dialog.reject()

    from desk_app.ui.customers.edit import CustomerEditDialog

    window.open_customer(known.customer_id)
    wait_until(app, lambda: window.card.card is not None
               and window.card.card.summary.customer_id == known.customer_id
               and services.tasks.pending == 0)
    save(window, "main-card")
    edit = CustomerEditDialog(services, window.card.card, window)
    edit.show()
    wait_until(app, lambda: services.tasks.pending == 0)
    save(edit, "customer-edit")
    edit.tabs.setCurrentIndex(1)
    save(edit, "customer-edit-history")
    edit._original = None
    edit.close()
    from desk_app.ui.orders.order_list import OrderListWindow

    listing = OrderListWindow(services, window)
    listing.show()
    wait_until(app, lambda: services.tasks.pending == 0)
    save(listing, "order-list")
    listing.close()

    order_screens(app, window, services, known.customer_id, known.call_id, save)

    for index, name in ((1, "call-log"), (2, "missed-calls"), (3, "customer-voices")):
        window.show_tab(index)
        wait_until(app, lambda: services.tasks.pending == 0)
        save(window, name)
    print("\n".join(shots))
    services.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
