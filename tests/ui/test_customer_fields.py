"""新規顧客登録 and 顧客情報の修正 share one customer-fields form: the same fields with the same
behaviour in both (so a registration can carry 会社名 and a caution from the first call, and
a correction looks the address up as registration does), phone messages under their row,
and drafts written before the shared form still restore."""

from __future__ import annotations

from PySide6.QtCore import Qt
from sqlalchemy import select
from ui_helpers import settle

from desk_app.store.drafts import REGISTER, Draft
from desk_app.store.models import Customer, Phone


def register_dialog(qtbot, services, **kw):
    from desk_app.ui.customers.registration import RegisterDialog

    dialog = RegisterDialog(services, **kw)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)  # qtbot closes it
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def edit_dialog(qtbot, services, store):
    from desk_app.services import calldesk
    from desk_app.ui.customers.edit import CustomerEditDialog

    with store.new_session() as s:
        cid = s.scalar(select(Customer.id).join(Phone, Phone.customer_id == Customer.id)
                       .where(Customer.address1.is_not(None))
                       .order_by(Customer.id.desc()).offset(5).limit(1))
    cards = []
    services.tasks.submit(lambda ctx: calldesk.card(ctx, cid), on_done=cards.append)
    settle(qtbot, services)
    dialog = CustomerEditDialog(services, cards[0])
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)  # qtbot closes it
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_both_dialogs_are_built_on_the_same_fields(qtbot, desk, store):
    from desk_app.ui.customers.fields import CustomerFields

    services, _window = desk
    reg = register_dialog(qtbot, services)
    edit = edit_dialog(qtbot, services, store)
    settle(qtbot, services)
    assert isinstance(reg.fields, CustomerFields) and isinstance(edit.fields, CustomerFields)
    assert type(reg.fields) is type(edit.fields)
    assert reg.fields.edits.keys() == edit.fields.edits.keys()
    assert set(reg.fields.field_errors) == set(edit.fields.field_errors)
    assert reg.fields.flags.keys() == edit.fields.flags.keys()
    # the same rule names come out of both
    assert reg.rule_values().keys() == edit.values().keys()
    # registration starts with 自宅 and 携帯 rows that stay; the edit's rows can be removed
    assert [r.kind.currentData() for r in reg.phone_rows] == ["home", "mobile"]
    assert not any(r.remove.isVisibleTo(r) for r in reg.phone_rows)
    assert all(r.remove.isVisibleTo(r) for r in edit.phone_rows)
    edit._original = None
    edit.close()


def test_registration_takes_company_and_caution_like_the_edit(qtbot, desk, store):
    services, _window = desk
    dialog = register_dialog(qtbot, services, number="0311117788")
    f = dialog.fields
    f.edits["name"].setText("法人 花子")
    f.edits["kana"].setText("ホウジン ハナコ")
    f.edits["company"].setText("株式会社さくら")
    f.edits["department"].setText("総務部")
    f.edits["caution_note"].setText("代引きは受け取り拒否あり")
    f.flags["no_cod"].setChecked(True)
    f.add_phone_row("work", "03-1111-7799")
    with qtbot.waitSignal(dialog.registered, timeout=5000) as got:
        dialog.submit(force=True)
    card = got.args[0]
    assert (card.company, card.department) == ("株式会社さくら", "総務部")
    assert card.caution and card.caution_note == "代引きは受け取り拒否あり"
    assert "no_cod" in card.caution_flags
    assert {p.national for p in card.phones} == {"0311117788", "0311117799"}


def test_a_bad_phone_is_shown_under_its_own_row(qtbot, desk):
    services, _window = desk
    dialog = register_dialog(qtbot, services)
    f = dialog.fields
    f.edits["name"].setText("電話 誤り")
    f.edits["kana"].setText("デンワ アヤマリ")
    f.phone_rows[1].number.setText("12")  # the 携帯 row; the 自宅 row stays empty
    dialog.submit()
    qtbot.waitUntil(lambda: f.phone_rows[1].error.isVisibleTo(dialog), timeout=5000)
    assert "電話番号" in f.phone_rows[1].error.text()
    assert not f.phone_rows[0].error.isVisibleTo(dialog)


def test_the_edit_looks_the_address_up_as_soon_as_the_code_is_typed(qtbot, desk, store):
    services, _window = desk
    dialog = edit_dialog(qtbot, services, store)
    dialog.edits["postal"].setText("100-0001")  # no Enter, no button: as in registration
    qtbot.waitUntil(lambda: dialog.edits["city"].text() == "千代田区", timeout=5000)
    assert dialog.prefecture.currentText() == "東京都"
    assert dialog.changes()["city"] == "千代田区"
    dialog._original = None
    dialog.close()


def test_a_registration_draft_from_before_the_shared_form_is_restored(qtbot, desk):
    services, _window = desk
    old = Draft("register-old", REGISTER, {
        "name": "旧 下書き", "kana": "キュウ シタガキ", "phone": "03-1111-2222",
        "phone2": "090-1111-3333", "phone_kind": "work", "phone2_kind": "mobile",
        "postal": "100-0001", "city": "千代田区", "address1": "千代田1-1",
        "prefecture": "東京都", "dm": False})
    dialog = register_dialog(qtbot, services, draft=old)
    f = dialog.fields
    assert f.edits["name"].text() == "旧 下書き"
    assert [(r.kind.currentData(), r.number.text()) for r in f.phone_rows] == [
        ("work", "03-1111-2222"), ("mobile", "090-1111-3333")]
    assert f.prefecture.currentText() == "東京都" and not f.dm.isChecked()
    assert not f.candidates.isVisible() and f.edits["address1"].text() == "千代田1-1"
    # and what it writes now carries every row
    assert dialog.values()["phones"] == [{"kind": "work", "number": "03-1111-2222"},
                                         {"kind": "mobile", "number": "090-1111-3333"}]
