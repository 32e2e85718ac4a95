"""本日のフォロー and 設定 › フォロー on the real desk (worker, services, main window) around
a store of its own: the list, filters and counts, printing to PDF and marking printed,
rules and templates edited in the desk taking effect."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from letters_shop import HANAKO, ICHIRO, NO_ADDRESS, add_catalogue, add_customers, place
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox

from desk_app.domain.clock import JST

FIRST = date(2026, 11, 2)
DAY = FIRST + timedelta(days=3)


@pytest.fixture
def desk(qapp, qtbot, store, tmp_path, monkeypatch):
    from desk_app.ui.app import build_desk
    from desk_app.ui.kit.resources import setup_app

    monkeypatch.setenv("DESK_DATA_DIR", str(tmp_path / "data"))
    setup_app(qapp, "ja")
    with store.new_session() as s, s.begin():
        add_catalogue(s)
    hanako, ichiro, nobody = add_customers(store, HANAKO, ICHIRO, NO_ADDRESS)
    for cid in (hanako, nobody):
        place(store, cid, FIRST)
    place(store, ichiro, FIRST - timedelta(days=180))  # come-back postcard due on DAY
    services, window = build_desk(store, operator_id=None, operator_name="",
                                  today=lambda: DAY)
    qtbot.addWidget(window)
    window.show()
    yield services, window
    for w in list(qapp.topLevelWidgets()):
        if w is not window and w.isVisible():
            w.close()
    services.stop()


def settle(qtbot, services):
    qtbot.waitUntil(lambda: services.tasks.pending == 0, timeout=10000)
    qtbot.wait(20)


def open_follow(qtbot, desk):
    services, window = desk
    actions = {a.text(): a for m in window.menuBar().actions() for a in m.menu().actions()}
    actions["本日のフォロー…"].trigger()
    follow = window.follow_window
    qtbot.waitUntil(lambda: follow.loaded >= 1, timeout=10000)
    return follow


def names(model):
    return [(x.name, x.rule, x.channel) for x in model.items]


def test_the_list_with_filters_counts_and_the_address_missing_tab(qtbot, desk):
    follow = open_follow(qtbot, desk)
    assert sorted(names(follow.due_model)) == [("佐藤 一郎", "comeback180", "postcard"),
                                               ("山田 花子", "thanks", "letter")]
    assert names(follow.missing_model) == [("住所 なし", "thanks", "letter")]
    assert follow.tabs.tabText(1) == "住所未登録 (1)"
    items = [follow.rule_filter.itemText(i) for i in range(follow.rule_filter.count())]
    assert items[0] == "すべてのフォロー (2)" and "お礼状 (1)" in items
    follow.channel_filter.setCurrentIndex(follow.channel_filter.findData("postcard"))
    assert names(follow.due_model) == [("佐藤 一郎", "comeback180", "postcard")]
    follow.channel_filter.setCurrentIndex(0)
    follow.rule_filter.setCurrentIndex(follow.rule_filter.findData("thanks"))
    assert names(follow.due_model) == [("山田 花子", "thanks", "letter")]
    # a row opens the customer's card
    follow.views[0].activated.emit(follow.due_model.index(0, 0))
    services, window = desk
    qtbot.waitUntil(lambda: window.card.card is not None, timeout=5000)
    assert window.card.card.summary.name == "山田 花子"


def test_print_to_pdf_then_mark_printed(qtbot, desk, tmp_path, monkeypatch):
    services, _window = desk
    follow = open_follow(qtbot, desk)
    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Yes)
    follow.what.setCurrentIndex(follow.what.findData("letters"))
    out = tmp_path / "letters.pdf"
    follow.print_out("pdf", str(out))
    qtbot.waitUntil(lambda: follow.loaded >= 2, timeout=10000)
    settle(qtbot, services)
    assert out.stat().st_size > 1000
    assert "1" in asked[0]  # one letter (the postcard is not a letter)
    assert names(follow.due_model) == [("佐藤 一郎", "comeback180", "postcard")]
    assert names(follow.printed_model) == [("山田 花子", "thanks", "letter")]
    # labels for today's batch still include the printed letter
    follow.what.setCurrentIndex(follow.what.findData("labels"))
    assert {x.name for x in follow.lines_to_print()} == {"山田 花子", "佐藤 一郎"}
    # the letter printed and marked is not in the next print of letters
    follow.what.setCurrentIndex(follow.what.findData("letters"))
    assert list(follow.lines_to_print()) == []
    # but the 本日印刷済み tab prints it again, on purpose
    follow.tabs.setCurrentIndex(2)
    assert [x.name for x in follow.lines_to_print()] == ["山田 花子"]


def test_printing_again_from_the_printed_tab_is_asked_and_logged_as_a_reprint(
        qtbot, desk, tmp_path, monkeypatch):
    from sqlalchemy import select

    from desk_app.store.models import LetterPrint

    services, _window = desk
    follow = open_follow(qtbot, desk)
    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Yes)
    follow.what.setCurrentIndex(follow.what.findData("letters"))
    follow.print_out("pdf", str(tmp_path / "first.pdf"))
    qtbot.waitUntil(lambda: follow.loaded >= 2, timeout=10000)
    settle(qtbot, services)
    follow.tabs.setCurrentIndex(2)
    follow.print_out("pdf", str(tmp_path / "again.pdf"))
    qtbot.waitUntil(lambda: follow.loaded >= 3, timeout=10000)
    settle(qtbot, services)
    assert "印刷済みにします" in asked[0]
    assert asked[1] == "1件とも正しく印刷できましたか？「はい」で再印刷として記録します。"
    with services.store.new_session() as s:
        assert s.scalars(select(LetterPrint.reprint).order_by(LetterPrint.id)).all() == \
            [False, True]


def test_rules_edited_in_the_desk_take_effect(qtbot, desk):
    services, window = desk
    follow = open_follow(qtbot, desk)
    follow.open_rules()
    rules = follow._rules_dialog
    qtbot.waitUntil(lambda: rules.loaded >= 1, timeout=10000)
    row = next(i for i, r in enumerate(rules.rules) if r.key == "thanks")
    rules.table.setCurrentCell(row, 1)
    rules.channel.setCurrentIndex(rules.channel.findData("postcard"))
    rules.template.setCurrentIndex(rules.template.findData("replenish"))
    rules.save_button.click()  # no reason: refused, nothing saved
    settle(qtbot, services)
    assert "変更の理由を入力してください" in rules.error.text()
    rules.reason.setText("お礼ははがきで")
    loaded = follow.loaded
    rules.save_button.click()
    qtbot.waitUntil(lambda: follow.loaded > loaded, timeout=10000)
    assert ("山田 花子", "thanks", "postcard") in names(follow.due_model)


def test_template_editor_refuses_an_unknown_placeholder(qtbot, desk):
    _services, window = desk
    dialog = window.open_follow_rules()
    qtbot.waitUntil(lambda: dialog.loaded >= 1, timeout=10000)
    dialog.template_list.setCurrentIndex(dialog.template_list.findData("thanks"))
    assert "拝啓" in dialog.preview.toPlainText()
    dialog.body.setPlainText("{宛名}\n{ポイント残高}をお知らせします")
    assert "ポイント残高" in dialog.template_error.text()
    assert not dialog.save_template_button.isEnabled()
    dialog.body.setPlainText("{宛名}\nありがとうございました。")
    assert dialog.preview.toPlainText().startswith("山田 花子 様")
    assert dialog.save_template_button.isEnabled()


def test_the_desk_opens_on_the_list_in_the_morning_when_anything_is_due(qtbot, desk):
    from desk_app.ui.letters.follow_window import morning_check

    services, window = desk
    opened = []
    morning_check(services, lambda loaded: opened.append(loaded),
                  now=lambda: datetime(2026, 11, 5, 8, 30, tzinfo=JST))
    settle(qtbot, services)
    [(follow, rule_names)] = opened  # the list, handed to the window: not worked out again
    assert follow.day == DAY and len(follow.due) == 2 and rule_names["thanks"]
    morning_check(services, lambda loaded: opened.append(2),
                  now=lambda: datetime(2026, 11, 5, 13, 0, tzinfo=JST))
    settle(qtbot, services)
    assert len(opened) == 1


def test_the_morning_list_opens_the_window_without_working_it_out_again(qtbot, desk,
                                                                        monkeypatch):
    from desk_app.services import letters as svc
    from desk_app.ui.letters import follow_window

    services, window = desk
    made = []
    follow_list = svc.follow_list

    def counting(*args, **kwargs):
        made.append(1)
        return follow_list(*args, **kwargs)
    monkeypatch.setattr(follow_window.svc, "follow_list", counting)
    follow_window.morning_check(services, window.open_follow_ups,
                                now=lambda: datetime(2026, 11, 5, 8, 30, tzinfo=JST))
    qtbot.waitUntil(lambda: getattr(window, "follow_window", None) is not None
                    and window.follow_window.loaded >= 1, timeout=10000)
    settle(qtbot, services)
    assert made == [1] and len(window.follow_window.due_model.items) == 2


def test_the_list_is_worked_out_beside_the_queue_of_the_pop_ups(qtbot, desk, monkeypatch):
    """At a large shop the list takes seconds; a call's lookup on the database queue must
    not wait behind it."""
    import threading

    from desk_app.services import letters as svc
    from desk_app.ui.letters import follow_window

    services, window = desk
    release = threading.Event()
    follow_list = svc.follow_list

    def slow(*args, **kwargs):
        release.wait(30)
        return follow_list(*args, **kwargs)
    monkeypatch.setattr(follow_window.svc, "follow_list", slow)
    try:
        actions = {a.text(): a for m in window.menuBar().actions() for a in m.menu().actions()}
        actions["本日のフォロー…"].trigger()
        follow = window.follow_window
        looked_up = []
        services.tasks.submit(lambda ctx: "pop-up lookup", on_done=looked_up.append)
        qtbot.waitUntil(lambda: looked_up == ["pop-up lookup"], timeout=10000)
        assert follow.loaded == 0  # the list is still being worked out
    finally:
        release.set()
    qtbot.waitUntil(lambda: follow.loaded >= 1, timeout=10000)
    assert len(follow.due_model.items) == 2


def test_the_shops_closed_days_are_edited_beside_the_rules(qtbot, desk):
    """設定 › フォロー › 営業日: a closed day added there moves the thank-you letter due on
    it to the next open day (the list reloads), and every weekday closed is refused."""
    services, window = desk
    follow = open_follow(qtbot, desk)
    assert ("山田 花子", "thanks", "letter") in names(follow.due_model)
    follow.open_rules()
    page = follow._rules_dialog.calendar_page
    qtbot.waitUntil(lambda: page.loaded >= 1, timeout=10000)
    assert page.weekdays[6].isChecked() and page.holidays.isChecked()
    page.date.setDate(DAY)
    qtbot.keyClick(page.date.lineEdit(), Qt.Key.Key_Return)  # Enter adds the date
    assert page.calendar().closed_dates == {DAY}
    loaded = follow.loaded
    page.save_button.click()
    qtbot.waitUntil(lambda: follow.loaded > loaded, timeout=10000)
    assert ("山田 花子", "thanks", "letter") not in names(follow.due_model)
    with services.store.new_session() as s:
        from desk_app.store.shop_calendar import load_calendar

        assert load_calendar(s).closed_dates == {DAY}
    for box in page.weekdays:
        box.setChecked(True)
    page.save_button.click()
    settle(qtbot, services)
    assert "少なくとも1つの曜日" in page.status.text()


def test_address_missing_one_key_away_from_the_popup(qtbot, desk):
    """A caller on the 住所未登録 list: the pop-up says to ask for the address with the key
    beside it; F11 (edit) opens 顧客情報の修正 with the focus in 郵便番号; once saved the
    letter joins the list."""
    from desk_app.domain.call_event import CallEvent
    from desk_app.services import letters as svc
    from desk_app.ui.app import service_context
    from desk_app.ui.customers.edit import CustomerEditDialog

    services, window = desk
    before = svc.follow_list(service_context(services)).value
    assert [x.name for x in before.address_missing] == ["住所 なし"]
    services.bridge.post_event(CallEvent("test", number="09087654321", line="1"))
    qtbot.waitUntil(lambda: bool(window.popups.popups), timeout=3000)
    popup = window.popups.popups[-1]
    qtbot.waitUntil(lambda: popup.card is not None, timeout=5000)
    chip = popup.findChild(QLabel, "addressMissing")
    assert chip.isVisible() and "F11" in chip.text() and "住所" in chip.text()
    assert popup.trigger("edit")
    def dialogs():
        return [w for w in QApplication.topLevelWidgets()
                if isinstance(w, CustomerEditDialog) and w.isVisible()]

    qtbot.waitUntil(lambda: bool(dialogs()), timeout=5000)
    dialog = dialogs()[-1]
    assert dialog.focusWidget() is dialog.edits["postal"]
    dialog.edits["postal"].setText("150-0001")
    dialog.find_address()
    qtbot.waitUntil(lambda: dialog.edits["city"].text() == "渋谷区", timeout=5000)
    dialog.edits["address1"].setText("神宮前4-4-4")
    dialog.submit()
    qtbot.waitUntil(lambda: not dialogs(), timeout=5000)  # closed (and deleted)
    settle(qtbot, services)
    qtbot.waitUntil(lambda: popup.card is not None and not popup.card.address_missing,
                    timeout=5000)
    assert not chip.isVisible()
    after = svc.follow_list(service_context(services)).value
    assert after.address_missing == ()
    assert ("住所 なし", "thanks") in [(x.name, x.rule) for x in after.due]
    popup.dismiss(ask=False)


def test_the_list_renders_a_page_at_a_time(qapp):
    """Tens of thousands due: the model renders rows as the view asks for more."""
    from desk_app.ui.kit.table_model import RowsModel

    rendered = []
    model = RowsModel(["a"], lambda x: rendered.append(x) or [str(x)], page=200)
    model.set_items(list(range(450)))
    assert model.rowCount() == 200 and len(model.items) == 450 and len(rendered) == 200
    assert model.canFetchMore()
    model.fetchMore()
    model.fetchMore()
    assert model.rowCount() == 450 and not model.canFetchMore() and len(rendered) == 450
    assert model.data(model.index(449, 0)) == "449"
