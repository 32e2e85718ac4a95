"""設定 › フォロー (the rules editor and its template page) as a clerk's trial used it:
nothing typed is lost — switching template or closing with unsaved edits asks first
(default いいえ), saving keeps the selected rule and says so, the template chooser shows
names, not internal keys."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton


@pytest.fixture
def desk(qapp, qtbot, store, tmp_path, monkeypatch):
    from desk_app.ui.app import build_desk
    from desk_app.ui.kit.resources import setup_app

    monkeypatch.setenv("DESK_DATA_DIR", str(tmp_path / "data"))
    setup_app(qapp, "ja")
    services, window = build_desk(store, operator_id=None, operator_name="")
    qtbot.addWidget(window)
    window.show()
    yield services, window
    for w in list(qapp.topLevelWidgets()):
        if w is not window and w.isVisible():
            w.close()
    services.stop()


class Questions:
    """Every message box the dialog opens, answered with *answer* (Qt's own exec patched)."""

    def __init__(self, monkeypatch) -> None:
        self.asked: list[tuple[str, QMessageBox.StandardButton]] = []
        self.answer = QMessageBox.StandardButton.No
        questions = self

        def exec_(box):
            questions.asked.append((box.text(), box.standardButton(box.defaultButton())))
            return questions.answer

        monkeypatch.setattr(QMessageBox, "exec", exec_)


@pytest.fixture
def questions(monkeypatch):
    return Questions(monkeypatch)


def open_rules(qtbot, desk):
    _services, window = desk
    dialog = window.open_follow_rules()
    qtbot.waitUntil(lambda: dialog.loaded >= 1, timeout=10000)
    closed: list[int] = []
    dialog.finished.connect(closed.append)
    return dialog, closed


def settle(qtbot, services):
    qtbot.waitUntil(lambda: services.tasks.pending == 0, timeout=10000)
    qtbot.wait(20)


def close_button(dialog) -> QPushButton:
    return next(b for b in dialog.findChildren(QPushButton) if b.text() == "閉じる")


def pick_template(dialog, key: str) -> None:
    dialog.template_list.setCurrentIndex(dialog.template_list.findData(key))


def select_rule(dialog, key: str) -> int:
    row = next(i for i, r in enumerate(dialog.rules) if r.key == key)
    dialog.table.setCurrentCell(row, 1)
    return row


def stored_rule(services, key: str):
    from desk_app.store.letter_records import load_rules

    with services.store.new_session() as s:
        return next(r for r in load_rules(s) if r.key == key)


def test_switching_template_with_an_edit_asks_and_no_keeps_the_edit(qtbot, desk, questions):
    dialog, _closed = open_rules(qtbot, desk)
    dialog.tabs.setCurrentIndex(1)
    pick_template(dialog, "birthday")
    shipped = dialog.body.toPlainText()
    dialog.body.moveCursor(dialog.body.textCursor().MoveOperation.End)
    qtbot.keyClicks(dialog.body, " TESTEDIT")
    pick_template(dialog, "comeback")
    assert len(questions.asked) == 1
    assert questions.asked[0][1] == QMessageBox.StandardButton.No  # the default is いいえ
    assert dialog.template_list.currentData() == "birthday"
    assert dialog.body.toPlainText() == shipped + " TESTEDIT"
    questions.answer = QMessageBox.StandardButton.Yes  # はい: discard and go on
    pick_template(dialog, "comeback")
    assert dialog.template_list.currentData() == "comeback"
    assert "TESTEDIT" not in dialog.body.toPlainText()
    pick_template(dialog, "birthday")  # nothing unsaved any more: no question
    assert len(questions.asked) == 2
    assert dialog.body.toPlainText() == shipped


@pytest.mark.parametrize("how", ["button", "escape", "title bar"])
def test_closing_with_a_template_edit_asks(qtbot, desk, questions, how):
    dialog, closed = open_rules(qtbot, desk)
    dialog.tabs.setCurrentIndex(1)
    pick_template(dialog, "thanks")
    qtbot.keyClicks(dialog.body, " TESTEDIT2")

    def close() -> None:
        if how == "button":
            close_button(dialog).click()
        elif how == "escape":
            qtbot.keyClick(dialog.body, Qt.Key.Key_Escape)
        else:
            dialog.close()

    close()
    assert len(questions.asked) == 1 and not closed
    assert dialog.isVisible() and "TESTEDIT2" in dialog.body.toPlainText()
    questions.answer = QMessageBox.StandardButton.Yes
    close()
    assert len(questions.asked) == 2 and closed


def test_a_saved_template_closes_without_a_question(qtbot, desk, questions):
    services, _window = desk
    dialog, closed = open_rules(qtbot, desk)
    dialog.tabs.setCurrentIndex(1)
    pick_template(dialog, "thanks")
    qtbot.keyClicks(dialog.body, " TESTEDIT3")
    dialog.save_template_button.click()
    settle(qtbot, services)
    assert "TESTEDIT3" in dialog.templates["thanks"]
    assert "保存しました" in dialog.status.text()
    close_button(dialog).click()
    assert not questions.asked and closed


def test_restoring_the_shipped_text_says_so(qtbot, desk, monkeypatch):
    services, _window = desk
    dialog, _closed = open_rules(qtbot, desk)
    dialog.tabs.setCurrentIndex(1)
    pick_template(dialog, "thanks")
    shipped = dialog.body.toPlainText()
    qtbot.keyClicks(dialog.body, " TESTEDIT5")
    dialog.save_template_button.click()
    settle(qtbot, services)
    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Yes)
    dialog.restore_button.click()
    settle(qtbot, services)
    assert "「お礼状」" in asked[0]
    assert dialog.body.toPlainText() == shipped
    assert dialog.status.text() == "「お礼状」を元の文面に戻しました。"

def test_closing_with_an_edited_rule_asks_and_keeps_the_store(qtbot, desk, questions):
    services, _window = desk
    dialog, closed = open_rules(qtbot, desk)
    select_rule(dialog, "second")
    assert dialog.offset.value() == 30
    dialog.offset.setValue(45)
    close_button(dialog).click()
    assert len(questions.asked) == 1 and not closed
    assert questions.asked[0][1] == QMessageBox.StandardButton.No
    assert dialog.offset.value() == 45
    questions.answer = QMessageBox.StandardButton.Yes
    close_button(dialog).click()
    assert closed
    assert stored_rule(services, "second").offset_days == 30


def test_closing_with_unsaved_business_days_asks(qtbot, desk, questions):
    services, _window = desk
    dialog, closed = open_rules(qtbot, desk)
    page = dialog.calendar_page
    qtbot.waitUntil(lambda: page.loaded >= 1, timeout=10000)
    dialog.tabs.setCurrentIndex(2)
    page.weekdays[2].setChecked(True)  # 水曜日 closed
    close_button(dialog).click()
    assert len(questions.asked) == 1 and not closed
    assert "営業日" in questions.asked[0][0]
    page.save_button.click()
    settle(qtbot, services)
    close_button(dialog).click()  # saved: nothing to ask
    assert len(questions.asked) == 1 and closed


def test_saving_one_tab_keeps_the_other_tabs_unsaved_edits(qtbot, desk, questions):
    services, _window = desk
    dialog, _closed = open_rules(qtbot, desk)
    dialog.tabs.setCurrentIndex(1)
    pick_template(dialog, "thanks")
    qtbot.keyClicks(dialog.body, " TESTEDIT4")
    dialog.tabs.setCurrentIndex(0)
    select_rule(dialog, "second")
    dialog.offset.setValue(45)
    dialog.reason.setText("2回目は45日後")
    loaded = dialog.loaded
    dialog.save_button.click()
    qtbot.waitUntil(lambda: dialog.loaded > loaded, timeout=10000)
    settle(qtbot, services)
    assert "TESTEDIT4" in dialog.body.toPlainText() and dialog.template_changed()
    row = select_rule(dialog, "replenish")
    dialog.offset.setValue(-10)
    dialog.tabs.setCurrentIndex(1)
    loaded = dialog.loaded
    dialog.save_template_button.click()
    qtbot.waitUntil(lambda: dialog.loaded > loaded, timeout=10000)
    settle(qtbot, services)
    assert dialog.rules[row].offset_days == -10 and dialog.rules_changed()
    assert stored_rule(services, "replenish").offset_days == -7
    assert not questions.asked


def test_saving_rules_keeps_the_selected_rule_and_says_so(qtbot, desk, questions):
    services, _window = desk
    dialog, closed = open_rules(qtbot, desk)
    select_rule(dialog, "second")
    dialog.offset.setValue(45)
    dialog.reason.setText("2回目は45日後")
    loaded = dialog.loaded
    dialog.save_button.click()
    qtbot.waitUntil(lambda: dialog.loaded > loaded, timeout=10000)
    settle(qtbot, services)
    assert stored_rule(services, "second").offset_days == 45
    assert dialog.rules[dialog.table.currentRow()].key == "second"
    assert dialog.name.text() == "2回目購入のご案内" and dialog.offset.value() == 45
    assert "保存しました" in dialog.status.text()
    assert not questions.asked  # a status line, not a box
    close_button(dialog).click()  # saved: nothing to ask
    assert not questions.asked and closed


def test_the_template_choosers_show_names_and_keep_the_keys(qtbot, desk):
    dialog, _closed = open_rules(qtbot, desk)
    keys = ["birthday", "comeback", "replenish", "second", "thanks"]
    for chooser in (dialog.template_list, dialog.template):
        shown = {chooser.itemData(i): chooser.itemText(i) for i in range(chooser.count())}
        assert set(keys) <= set(shown)
        for key in keys:
            assert key not in shown[key]
        assert shown["thanks"] == "お礼状"
        assert shown["birthday"] == "お誕生月のご挨拶"
    select_rule(dialog, "second")
    assert dialog.template.currentData() == "second"


def draft_on_disk(services):
    from desk_app.ui.letters.rules_editor import DRAFT_KEY

    return services.drafts.load(DRAFT_KEY)


def test_unsaved_settings_come_back_after_a_crash_or_a_quit(qtbot, desk, questions):
    """Rule, template and business-day edits not yet saved are kept on disk as they are
    typed (as note drafts are); a desk that crashed, or quit with フォローの設定 open, opens
    it again at start with them, still unsaved. Discarding them on close removes the draft."""
    from desk_app.ui.letters.rules_editor import reopen_with_draft

    services, window = desk
    dialog, _closed = open_rules(qtbot, desk)
    page = dialog.calendar_page
    qtbot.waitUntil(lambda: page.loaded >= 1, timeout=10000)
    select_rule(dialog, "second")
    dialog.offset.setValue(45)
    dialog.reason.setText("2回目は45日後")
    dialog.tabs.setCurrentIndex(1)
    pick_template(dialog, "thanks")
    qtbot.keyClicks(dialog.body, " TESTEDIT6")
    page.weekdays[2].setChecked(True)  # 水曜日 closed
    qtbot.waitUntil(lambda: (d := draft_on_disk(services)) is not None
                    and set(d.fields) >= {"rules", "template", "calendar"}, timeout=5000)
    typed = dialog.body.toPlainText()
    dialog.deleteLater()  # gone without 閉じる: a crash, or the desk quit under it
    qtbot.waitUntil(lambda: not any(isinstance(w, type(dialog)) and w.isVisible()
                                    for w in QApplication.topLevelWidgets()), timeout=3000)
    assert draft_on_disk(services) is not None

    again = reopen_with_draft(window, services)
    assert again is not None
    qtbot.waitUntil(lambda: again.loaded >= 1 and again.calendar_page.loaded >= 1,
                    timeout=10000)
    settle(qtbot, services)
    assert next(r for r in again.rules if r.key == "second").offset_days == 45
    assert again.reason.text() == "2回目は45日後"
    assert again.template_list.currentData() == "thanks"
    assert again.body.toPlainText() == typed and "TESTEDIT6" in typed
    assert again.calendar_page.weekdays[2].isChecked()
    assert again.unsaved() == ["ルール", "テンプレート", "営業日"]
    assert "保存されなかった変更を復元" in again.status.text()
    assert stored_rule(services, "second").offset_days == 30  # nothing saved on its own
    questions.answer = QMessageBox.StandardButton.Yes  # 閉じる: discard them
    close_button(again).click()
    assert draft_on_disk(services) is None
    assert reopen_with_draft(window, services) is None


def test_saving_a_tab_takes_it_out_of_the_draft(qtbot, desk, questions):
    services, _window = desk
    dialog, closed = open_rules(qtbot, desk)
    qtbot.waitUntil(lambda: dialog.calendar_page.loaded >= 1, timeout=10000)
    select_rule(dialog, "second")
    dialog.offset.setValue(45)
    dialog.tabs.setCurrentIndex(1)
    pick_template(dialog, "thanks")
    qtbot.keyClicks(dialog.body, " TESTEDIT7")
    qtbot.waitUntil(lambda: (d := draft_on_disk(services)) is not None
                    and set(d.fields) == {"rules", "template"}, timeout=5000)
    loaded = dialog.loaded
    dialog.save_template_button.click()
    qtbot.waitUntil(lambda: dialog.loaded > loaded, timeout=10000)
    settle(qtbot, services)
    assert set(draft_on_disk(services).fields) == {"rules"}
    dialog.tabs.setCurrentIndex(0)
    dialog.reason.setText("2回目は45日後")
    loaded = dialog.loaded
    dialog.save_button.click()
    qtbot.waitUntil(lambda: dialog.loaded > loaded, timeout=10000)
    settle(qtbot, services)
    assert draft_on_disk(services) is None
    close_button(dialog).click()
    assert not questions.asked and closed
