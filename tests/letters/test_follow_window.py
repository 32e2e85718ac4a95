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


def test_save_as_pdf_offers_the_folder_it_saved_to_last(qtbot, desk, tmp_path, monkeypatch):
    """PDF保存 proposes the folder the last PDF went to (kept in the settings file, as the
    Yamato export keeps its folder), with the print's own file name."""
    from pathlib import Path

    from PySide6.QtWidgets import QFileDialog

    from desk_app import config as config_file
    from desk_app.ui.printing.pdf_folder import PdfSettings

    services, _window = desk
    follow = open_follow(qtbot, desk)
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.No)
    folder = tmp_path / "pdfs"
    folder.mkdir()
    offered = []

    def save_as(_parent, _title, start, _filter):
        offered.append(Path(start))
        return str(folder / f"saved-{len(offered)}.pdf"), "PDF (*.pdf)"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    follow.what.setCurrentIndex(follow.what.findData("list"))
    follow.pdf_button.click()
    qtbot.waitUntil(lambda: (folder / "saved-1.pdf").exists(), timeout=10000)
    settle(qtbot, services)
    from PySide6.QtCore import QDir
    assert offered[0].parent == Path(QDir.homePath())  # the first time: home, not the cwd
    follow.pdf_button.click()
    qtbot.waitUntil(lambda: (folder / "saved-2.pdf").exists(), timeout=10000)
    settle(qtbot, services)
    assert offered[1] == folder / "follow-list-20261105.pdf"
    saved = config_file.load(services.config_path, migrate=False)
    assert saved.section(PdfSettings).last_folder == str(folder)


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


def test_template_editor_refuses_an_unknown_placeholder(qtbot, desk, monkeypatch):
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
    # nothing saved: closing asks (test_rules_editor.py), here answered はい
    monkeypatch.setattr(QMessageBox, "exec", lambda _box: QMessageBox.StandardButton.Yes)
    dialog.reject()
    assert not dialog.isVisible()


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
        assert follow.loaded == 0  # the list is still being worked out, and says so
        assert follow.summary.text() == "読み込んでいます…"
    finally:
        release.set()
    qtbot.waitUntil(lambda: follow.loaded >= 1, timeout=10000)
    assert len(follow.due_model.items) == 2


def test_the_shops_closed_days_are_edited_beside_the_rules(qtbot, desk, monkeypatch):
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
    # the refused week is not saved: closing asks (test_rules_editor.py), here answered はい
    monkeypatch.setattr(QMessageBox, "exec", lambda _box: QMessageBox.StandardButton.Yes)
    follow._rules_dialog.reject()
    assert not follow._rules_dialog.isVisible()


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


def test_enter_on_a_line_shows_its_card_in_front_of_the_list(qtbot, desk):
    """The card opens in the main window, which comes in front of the list (the list stays
    open behind it): the list is a window of its own, not one kept above the main window."""
    services, window = desk
    follow = open_follow(qtbot, desk)
    view = follow.views[0]
    qtbot.waitUntil(lambda: QApplication.activeWindow() is follow, timeout=2000)
    view.setFocus()
    view.setCurrentIndex(follow.due_model.index(0, 0))
    qtbot.keyClick(view, Qt.Key.Key_Return)
    line = follow.due_model.item(0)
    qtbot.waitUntil(lambda: window.card.card is not None
                    and window.card.card.summary.customer_id == line.customer_id, timeout=5000)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    assert follow.isVisible()
    # a dialog, or a window transient for the main window, is kept above it by the window
    # manager: the card would open behind the list
    assert follow.windowType() == Qt.WindowType.Window
    assert follow.windowHandle().transientParent() is None


def lazy_list(n: int):
    """*n* due lines, each built when first read; the ids of those built."""
    from dataclasses import replace

    from desk_app.services import letters as svc

    sample = svc.FollowLine(1, "0000001", "山田 花子", "ヤマダ ハナコ", "thanks", "お礼状", "letter",
                            "thanks", "初回購入 11/2", DAY, DAY + timedelta(days=6),
                            "thanks:1:first", "初回・現役", "1000001", "東京都千代田区千代田1-1",
                            "03-1234-5678")
    made: list[int] = []

    def make(j: int):
        made.append(j)
        return replace(sample, customer_id=j, customer_code=f"{j:07d}",
                       name="長い名前の方" if j == n - 1 else sample.name)
    due = svc.FollowLines(["thanks"] * n, ["letter"] * n, make)
    return svc.FollowList(DAY, due, svc.FollowLines.of(())), made


def test_ctrl_end_selects_the_last_of_fifty_thousand_lines_building_a_few_hundred(qtbot, desk):
    """At scale every line is a row: Ctrl+End reaches the last one at once and selects it
    (Enter opens the line the clerk sees highlighted), Ctrl+Home the first; only the rows
    shown and a bounded sample for the column widths are built."""
    follow = open_follow(qtbot, desk)
    follow_list, made = lazy_list(50_000)
    follow._loaded((follow_list, {"thanks": "お礼状"}))
    view = follow.views[0]
    view.setFocus()
    qtbot.wait(20)
    assert follow.due_model.rowCount() == 50_000
    qtbot.keyClick(view, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.wait(20)
    assert view.currentIndex().row() == 49_999
    assert [i.row() for i in view.selectionModel().selectedRows()] == [49_999]
    qtbot.keyClick(view, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    qtbot.wait(20)
    assert view.currentIndex().row() == 0
    assert [i.row() for i in view.selectionModel().selectedRows()] == [0]
    assert len(set(made)) < 600
    # the widths come from rows spread over the list, the last one's long name included
    name_width = view.fontMetrics().horizontalAdvance("長い名前の方")
    assert view.columnWidth(2) > name_width


def test_the_address_hint_and_f11_belong_to_the_address_missing_tab(qtbot, desk):
    """「次のお電話で住所を伺ってください…」 only under 住所未登録; F11 on its line opens
    顧客情報の修正 for that customer with the cursor in 郵便番号, as F11 on the card."""
    from desk_app.ui.customers.edit import CustomerEditDialog

    services, window = desk
    follow = open_follow(qtbot, desk)
    assert follow.tabs.currentIndex() == 0 and not follow.missing_hint.isVisible()
    follow.tabs.setCurrentIndex(1)
    assert follow.missing_hint.isVisible()
    follow.tabs.setCurrentIndex(2)
    assert not follow.missing_hint.isVisible()
    follow.tabs.setCurrentIndex(1)
    view = follow.views[1]
    view.setFocus()
    view.setCurrentIndex(follow.missing_model.index(0, 0))
    qtbot.waitUntil(lambda: QApplication.activeWindow() is follow, timeout=2000)
    qtbot.keyClick(view, Qt.Key.Key_F11)

    def dialogs():
        return [w for w in QApplication.topLevelWidgets()
                if isinstance(w, CustomerEditDialog) and w.isVisible()]

    qtbot.waitUntil(lambda: bool(dialogs()), timeout=5000)
    dialog = dialogs()[-1]
    assert dialog.card.summary.name == "住所 なし"
    assert dialog.focusWidget() is dialog.edits["postal"]
    dialog.close()


def test_the_address_missing_chip_fits_the_narrow_pop_up(qtbot, desk, monkeypatch):
    """At 1280×800 the pop-up is 380 px wide: the red 住所未登録 chip wraps within it, so the
    customer code and メモを保存 are not cut off."""
    from PySide6.QtWidgets import QPushButton

    from desk_app.domain.call_event import CallEvent
    from desk_app.ui.kit import placement

    monkeypatch.setattr("desk_app.ui.kit.screens.available",
                        lambda widget=None: placement.Rect(0, 0, 1280, 760))
    services, window = desk
    services.bridge.post_event(CallEvent("test", number="09087654321", line="1"))
    qtbot.waitUntil(lambda: bool(window.popups.popups), timeout=3000)
    popup = window.popups.popups[-1]
    qtbot.waitUntil(lambda: popup.card is not None, timeout=5000)
    settle(qtbot, services)
    qtbot.wait(50)
    assert popup.width() == 380
    chip = popup.findChild(QLabel, "addressMissing")
    assert chip.isVisible()
    viewport = popup.scroll.viewport().width()
    assert popup.content.width() <= viewport
    assert chip.height() >= chip.heightForWidth(chip.width())  # every line of it shown
    code = popup.known.header.code
    assert code.width() >= code.sizeHint().width()  # 「No.0000003」 whole
    for widget in (chip, code, *popup.findChildren(QPushButton)):
        if widget.isVisible():
            right = widget.mapTo(popup, widget.rect().topRight()).x()
            assert right < popup.width(), widget.text()
    popup.dismiss(ask=False)


def test_the_settings_open_once_whichever_window_asks(qtbot, desk):
    """フォローの設定 from the Desk menu and from 本日のフォロー is one dialog: a second copy
    would write over the first one's unsaved-edits draft."""
    from desk_app.ui.letters.rules_editor import RulesDialog

    services, window = desk
    from_menu = window.open_follow_rules()
    follow = open_follow(qtbot, desk)
    follow.open_rules()
    assert follow._rules_dialog is from_menu
    assert sum(isinstance(w, RulesDialog) and w.isVisible()
               for w in QApplication.topLevelWidgets()) == 1
    qtbot.waitUntil(lambda: from_menu.loaded >= 1, timeout=10000)
    from_menu.saved.emit()  # what the dialog sends after a save: the list reloads
    qtbot.waitUntil(lambda: follow.loaded >= 2, timeout=10000)

