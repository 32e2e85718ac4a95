"""Major 6: 顧客情報の修正 from the card (button and F11) and the pop-up (F11): the address
fills from the postal code, phones are added and removed, a refusal shows under its field,
the change is kept with who and when, and the card, the search list and the pop-up show it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select
from ui_helpers import open_card, post_and_wait, settle

from desk_app.domain.call_event import CallEvent
from desk_app.store.models import Customer, Phone


def edit_dialogs():
    from desk_app.ui.customers.edit import CustomerEditDialog

    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, CustomerEditDialog) and w.isVisible()]


def somebody(store):
    with store.new_session() as s:
        row = s.execute(select(Customer.id, Customer.kana, Phone.national)
                        .join(Phone, Phone.customer_id == Customer.id)
                        .where(Customer.address1.is_not(None))
                        .order_by(Customer.id.desc()).limit(1)).one()
    return row


def test_address_change_from_the_card_shows_everywhere_with_history(qtbot, desk, store):
    services, window = desk
    cid, kana, number = somebody(store)
    popup = post_and_wait(qtbot, services, window, CallEvent("test", number=number, line="1"))
    open_card(qtbot, window, cid)
    window.search.box.setText(window.card.card.summary.code)
    settle(qtbot, services)
    assert window.search.model.rowCount() == 1
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    qtbot.keyClick(window.search.box, Qt.Key.Key_F11)
    qtbot.waitUntil(lambda: bool(edit_dialogs()), timeout=3000)
    dialog = edit_dialogs()[-1]
    assert window.card.card.summary.name in dialog.windowTitle()
    dialog.edits["postal"].setText("106-0032")
    dialog.find_address()
    qtbot.waitUntil(lambda: dialog.edits["city"].text() == "港区", timeout=3000)
    dialog.edits["address1"].setText("六本木6-10-1")
    dialog.edits["address2"].setText("")
    dialog._add_phone_row("home", "", focus=True)
    dialog.phone_rows[-1].number.setText("")
    qtbot.keyClicks(dialog.phone_rows[-1].number, "09012120000")
    assert dialog.phone_rows[-1].kind.currentData() == "mobile"
    dialog.edits["postal"].setText("999-9999")
    dialog.submit()
    settle(qtbot, services)
    assert "999-9999" in dialog.field_errors["postal_code"].text() and dialog.isVisible()
    dialog.edits["postal"].setText("106-0032")
    dialog.submit()
    qtbot.waitUntil(lambda: not edit_dialogs(), timeout=5000)
    settle(qtbot, services)
    card = window.card.card
    assert card.city == "港区" and card.address1 == "六本木6-10-1"
    assert any(p.national == "09012120000" and p.kind == "mobile" for p in card.phones)
    qtbot.waitUntil(lambda: popup.card is not None and popup.card.city == "港区", timeout=3000)
    settle(qtbot, services)
    rows = [window.search.model.item(r) for r in range(window.search.model.rowCount())]
    assert any(r.customer_id == cid and "港区" in r.address for r in rows)
    # the history, with who and when
    dialog = window.edit_customer()
    qtbot.waitUntil(lambda: dialog.history.topLevelItemCount() >= 3, timeout=3000)
    items = [dialog.history.topLevelItem(i) for i in range(dialog.history.topLevelItemCount())]
    assert {i.text(1) for i in items} == {"佐藤"}
    assert any(i.text(2) == "市区町村" and i.text(4) == "港区" for i in items)
    # postal codes and phones as the clerk writes them, not as stored (1060032, mobile:0901…)
    assert any(i.text(2) == "郵便番号" and i.text(4) == "106-0032" for i in items)
    [phones] = [i for i in items if i.text(2) == "電話番号"]
    assert "携帯 090-1212-0000" in phones.text(4) and ":" not in phones.text(4)
    dialog.close()


def test_f11_on_the_pop_up_edits_its_caller(qtbot, desk, store):
    services, window = desk
    cid, _kana, number = somebody(store)
    popup = post_and_wait(qtbot, services, window, CallEvent("test", number=number, line="2"))
    assert popup.buttons["edit"].isVisible()
    popup.activate_keyboard()
    qtbot.waitUntil(popup.isActiveWindow, timeout=2000)
    qtbot.keyClick(popup.notes.body, Qt.Key.Key_F11)
    qtbot.waitUntil(lambda: bool(edit_dialogs()), timeout=3000)
    dialog = edit_dialogs()[-1]
    assert dialog.card.summary.customer_id == cid
    dialog.close()


def test_change_history_shows_dates_as_the_clerk_writes_them_and_whole_times(qtbot, desk, store):
    """A birthday change reads 1958/04/12, not ISO; 日時 is never cut (seen at 1280×800)."""
    from desk_app.services.base import ServiceContext
    from desk_app.services.customers import edit_customer

    services, window = desk
    cid, _kana, _number = somebody(store)
    edit_customer(ServiceContext(store, operator_id=1), cid, {"birthday": "1958-04-12"})
    open_card(qtbot, window, cid)
    dialog = window.edit_customer()
    qtbot.waitUntil(lambda: dialog.history.topLevelItemCount() >= 1, timeout=3000)
    item = dialog.history.topLevelItem(0)
    assert item.text(2) == "生年月日" and item.text(4) == "1958/04/12"
    when = dialog.history.fontMetrics().horizontalAdvance(item.text(0))
    assert dialog.history.columnWidth(0) >= when
    dialog.close()


def test_a_customer_without_kana_is_headed_without_empty_brackets(qtbot, desk, store):
    """A customer an import brought without フリガナ read 「木村 花子 様（）」 in the edit
    dialog and the order form's title."""
    from desk_app.ui.kit import fmt

    assert fmt.person("木村 花子", "") == "木村 花子 様"
    assert fmt.person("山田 花子", "ヤマダ ハナコ") == "山田 花子 様（ヤマダ ハナコ）"
