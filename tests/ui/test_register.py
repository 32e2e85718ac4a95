"""新規顧客登録: postal fill (one place and a code shared by two), kana, 和暦, duplicates."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication
from ui_helpers import numbers, post_and_wait, settle, type_text

from desk_app.domain.call_event import CallEvent
from desk_app.services import calls
from desk_app.ui.customers.registration import RegisterDialog
from desk_app.ui.kit.duplicates import DuplicateDialog


def dialog_for(qtbot, services, **kw) -> RegisterDialog:
    dialog = RegisterDialog(services, **kw)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_postal_code_fills_the_address(qtbot, desk):
    services, _ = desk
    dialog = dialog_for(qtbot, services)
    dialog.activateWindow()  # focus is only real in the active window
    qtbot.waitUntil(dialog.isActiveWindow, timeout=2000)
    type_text(dialog.edits["postal"], "１００－０００１")
    qtbot.waitUntil(lambda: dialog.edits["city"].text() == "千代田区", timeout=3000)
    assert dialog.prefecture.currentText() == "東京都"
    assert dialog.edits["address1"].text() == "千代田"
    assert dialog.isActiveWindow() and dialog.edits["address1"].hasFocus()
    assert not dialog.candidates.isVisible()


def test_a_code_shared_by_two_places_offers_a_choice(qtbot, desk):
    services, _ = desk
    dialog = dialog_for(qtbot, services)
    dialog.edits["postal"].setText("068-0546")
    qtbot.waitUntil(lambda: dialog.candidates.count() == 2, timeout=3000)
    assert dialog.candidates.isVisible()
    assert dialog.edits["city"].text() == ""  # nothing guessed
    second = dialog.candidates.item(1)
    dialog.candidates.itemActivated.emit(second)
    assert dialog.edits["city"].text() == "夕張市"
    assert dialog.edits["address1"].text() == "南部菊水町"
    assert not dialog.candidates.isVisible()


def test_unknown_code_says_what_to_do(qtbot, desk):
    services, _ = desk
    dialog = dialog_for(qtbot, services)
    dialog.edits["postal"].setText("0000000")
    qtbot.waitUntil(lambda: "見つかりません" in dialog.postal_status.text(), timeout=3000)
    assert "住所を直接入力してください" in dialog.postal_status.text()


def test_birthday_in_wareki_and_kana_folding(qtbot, desk):
    services, _ = desk
    dialog = dialog_for(qtbot, services)
    dialog.edits["birthday"].setText("昭和64年1月7日")
    assert dialog.birthday_status.text() == "1989年1月7日（昭和64年1月7日）"
    dialog.edits["birthday"].setText("S64.1.8")
    assert "平成元年1月8日" in dialog.birthday_status.text()
    dialog.edits["birthday"].setText("h1.1.8")
    assert dialog.birthday_status.text() == "1989年1月8日（平成元年1月8日）"
    dialog.edits["kana"].setText("やまだ はなこ")
    dialog.edits["kana"].editingFinished.emit()
    assert dialog.edits["kana"].text() == "ヤマダ\u3000ハナコ"
    dialog.edits["kana"].setText("ﾔﾏﾀﾞ ﾊﾅｺ")
    dialog.edits["kana"].editingFinished.emit()
    assert dialog.edits["kana"].text() == "ヤマダ\u3000ハナコ"


def test_registration_from_the_pop_up_with_duplicate_check(qtbot, desk, store):
    services, window = desk
    single, _, _ = numbers(store)
    popup = post_and_wait(qtbot, services, window, CallEvent("test", number="0312127788"))
    popup.trigger("register")
    dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, RegisterDialog)
                  and w.isVisible())
    assert dialog.edits["phone"].text() == "03-1212-7788"
    dialog.edits["name"].setText("登録 テスト")
    dialog.edits["kana"].setText("とうろく てすと")
    dialog.edits["phone2"].setText(single)  # someone else's number → duplicate
    dialog.edits["birthday"].setText("R2.2.29")
    dialog.submit()
    qtbot.waitUntil(lambda: any(isinstance(w, DuplicateDialog) and w.isVisible()
                                for w in QApplication.topLevelWidgets()), timeout=3000)
    dup = next(w for w in QApplication.topLevelWidgets()
               if isinstance(w, DuplicateDialog) and w.isVisible())
    assert dup.list.count() == 1
    with qtbot.waitSignal(dialog.registered, timeout=3000) as got:
        dup.anyway_button.click()
    card = got.args[0]
    assert card.summary.name == "登録 テスト" and card.summary.kana == "トウロク\u3000テスト"
    assert card.birthday.isoformat() == "2020-02-29"
    qtbot.waitUntil(lambda: popup.kind == "known", timeout=3000)
    assert popup.customer_id == card.summary.customer_id
    settle(qtbot, services)
    rows = []
    services.worker.submit(lambda ctx: calls.call_log(ctx), on_done=rows.extend)
    settle(qtbot, services)
    assert {r.id: r for r in rows}[popup.call_id].customer_id == card.summary.customer_id


def test_form_refuses_bad_input_with_a_message(qtbot, desk):
    services, _ = desk
    dialog = dialog_for(qtbot, services)
    dialog.submit()
    settle(qtbot, services)
    assert dialog.field_errors["name"].text() == "氏名を入力してください。"
    assert dialog.field_errors["kana"].isVisible()
    dialog.edits["name"].setText("山田 太郎")
    dialog.edits["kana"].setText("ヤマダ タロウ")
    dialog.edits["birthday"].setText("平成31年5月1日")
    dialog.submit()
    settle(qtbot, services)
    assert "令和" in dialog.message.text() and "令和" in dialog.field_errors["birthday"].text()
    assert not dialog.field_errors["name"].isVisible()
    assert dialog.save_button.isEnabled()
