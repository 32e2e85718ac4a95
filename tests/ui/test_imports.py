"""ファイル › 取り込み…: the mapping dialog, dry run, import, cancel — on a real desk."""

from __future__ import annotations

import threading
from datetime import date

from sqlalchemy import func, select
from ui_helpers import open_import_file as _open
from ui_helpers import write_shop_file as write

TODAY = date(2026, 11, 23)
HEAD = ["受注番号", "会員番号", "氏名", "電話番号", "注文日", "合計金額", "備考"]
ROWS = [HEAD,
        ["A1", "M1", "山田 太郎", "03-1234-5678", "2024/1/5", "1,200", ""],
        ["A2", "M1", "山田 太郎", "03-1234-5678", "令和6年2月5日", "\\1,500", "再注文"],
        ["A3", "M2", "佐藤 花子", "090-1111-2222", "R6.1.5", "￥3,000", ""],
        ["A4", "M3", "鈴木 一郎", "", "2024/13/45", "1000", ""],
        ["A5", "M4", "田中\n次郎", "", "H31.4.30", "abc", ""]]






def _counts(store):
    from desk_app.store.models import Customer, ImportRecord, Order

    with store.new_session() as s:
        return tuple(s.scalar(select(func.count()).select_from(m))
                     for m in (Order, Customer, ImportRecord))




def _roles(dialog):
    return [box.currentData() for box in dialog.columns.role_boxes]


def test_menu_opens_the_import_dialog(fresh_desk, qtbot):
    from desk_app.ui.imports import ImportDialog

    _services, window = fresh_desk
    [menu] = [a.menu() for a in window.menuBar().actions()
              if a.text().replace("&", "") == "ファイル(F)"]
    [action] = [a for a in menu.actions() if a.objectName() == "importHistory"]
    assert action.text() == "取り込み…"
    assert window.menuBar().actions()[0].menu() is menu  # ファイル comes first
    action.trigger()
    qtbot.waitUntil(lambda: any(isinstance(w, ImportDialog) and w.isVisible()
                                for w in window.findChildren(ImportDialog)), timeout=3000)


def test_mapping_dialog_shows_columns_first_rows_and_the_automatic_choice(fresh_desk, qtbot,
                                                                          tmp_path):
    services, window = fresh_desk
    dialog = _open(qtbot, services, write(tmp_path / "sales.csv", ROWS), window)
    table, rows = dialog.columns.table, dialog.columns.rows_table
    assert table.rowCount() == len(HEAD)
    assert [table.item(r, 0).text() for r in range(len(HEAD))] == HEAD
    assert table.item(1, 1).text() == "M1 / M1 / M2"  # first values of 会員番号
    assert _roles(dialog) == ["order_id", "customer_id", "name", "phone", "date", "amount", ""]
    assert table.item(1, 3).text() == "自動" and table.item(6, 3).text() == ""
    assert rows.columnCount() == len(HEAD)
    assert rows.item(4, 2).text() == "田中 次郎"  # a line break shown as a space
    assert "Shift_JIS" in dialog.format_label.text()
    assert dialog.check_button.isEnabled() and not dialog.import_button.isEnabled()
    # the clerk takes 注文日 away: the check is refused and the note says what is missing
    dialog.columns.role_boxes[4].setCurrentIndex(0)
    assert not dialog.check_button.isEnabled()
    assert "受注日" in dialog.columns.note.text()
    assert table.item(4, 3).text() == "変更"
    # and gives the role to 備考 instead: one column per role
    box = dialog.columns.role_boxes[6]
    box.setCurrentIndex(box.findData("date"))
    assert dialog.columns.current_mapping()["date"] == "備考"


def test_dry_run_then_import_save_rejected_and_mapping_remembered(fresh_desk, qtbot, tmp_path,
                                                                  monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    services, window = fresh_desk
    path = write(tmp_path / "sales.csv", ROWS)
    dialog = _open(qtbot, services, path, window)
    with qtbot.waitSignal(dialog.checked, timeout=20000) as checked:
        dialog.check_button.click()
    report = checked.args[0]
    assert _counts(services.store) == (0, 0, 0)  # the dry run wrote nothing
    assert (report.rows, report.imported, report.new_customers) == (5, 3, 2)
    summary = dialog.outcome.summary.text()
    assert "行数 5" in summary and "新規顧客 2" in summary
    assert dialog.outcome.errors.rowCount() == 2
    assert [dialog.outcome.errors.item(r, 0).text() for r in range(2)] == ["5", "6"]
    assert "2024/13/45" in dialog.outcome.errors.item(0, 1).text()
    assert dialog.import_button.isEnabled()
    assert "この割り当てで確認しました" in dialog.columns.note.text()  # next: 取り込む

    out = tmp_path / "rejected.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    dialog.outcome.save_errors.click()
    qtbot.waitUntil(lambda: out.exists() and not dialog.running, timeout=10000)
    assert out.read_bytes().decode("cp932").count("エラー理由") == 1

    with qtbot.waitSignal(dialog.imported, timeout=20000) as imported:
        dialog.import_button.click()
    assert imported.args[0].imported == 3
    assert _counts(services.store) == (3, 2, 1)
    assert dialog.progress.bar.value() == 1000 and "行/秒" in dialog.progress.rate.text()
    assert not dialog.import_button.isEnabled()  # a new check is needed for another run
    assert "この割り当てで取り込みました" in dialog.columns.note.text()  # not 「確認を」 again

    # the next file chosen in the same dialog starts without the figures of that run
    dialog.open_file(write(tmp_path / "other.csv", ROWS[:2]))
    qtbot.waitUntil(lambda: not dialog.running, timeout=5000)
    assert dialog.progress.rate.text() == "" and not dialog.progress.bar.isVisible()

    # the next file with the same headers starts from the mapping used
    dialog.close()
    odd = [HEAD, ["B1", "M9", "伊藤 健", "", "2024/3/1", "900", "x"]]
    again = _open(qtbot, services, write(tmp_path / "next.csv", odd), window)
    assert again.columns.table.item(1, 3).text() == "記憶"


def test_desk_stays_usable_and_cancel_writes_nothing(fresh_desk, qtbot, tmp_path, monkeypatch):
    from desk_app.store import history_import as store_import

    services, window = fresh_desk
    rows = [HEAD] + [[f"C{i}", f"M{i % 40}", "山田 太郎", "", "2024/1/5", "1200", ""]
                     for i in range(30_000)]
    dialog = _open(qtbot, services, write(tmp_path / "big.csv", rows), window)
    with qtbot.waitSignal(dialog.checked, timeout=30000):
        dialog.check_button.click()

    staged, release = threading.Event(), threading.Event()
    real_insert = store_import.bulk_insert

    def slow_insert(*args, **kwargs):  # the import stops in its first batch until released
        staged.set()
        assert release.wait(20)
        return real_insert(*args, **kwargs)

    monkeypatch.setattr(store_import, "bulk_insert", slow_insert)
    dialog.import_button.click()
    assert staged.wait(10) and dialog.running
    # meanwhile the desk's own database queue answers (a search, as the clerk types)
    from desk_app.services import calldesk
    answers = []
    services.tasks.submit(lambda ctx: calldesk.search(ctx, "ヤマダ"), on_done=answers.append)
    qtbot.waitUntil(lambda: answers == [[]], timeout=5000)
    assert dialog.running and not dialog.close_button.isEnabled()

    dialog.cancel_button.click()
    assert "何も書き込みません" in dialog.outcome.summary.text()
    release.set()
    with qtbot.waitSignal(dialog.failed, timeout=30000) as failed:
        pass
    assert "取込を中止しました" in failed.args[0]
    assert _counts(services.store) == (0, 0, 0)
    assert dialog.close_button.isEnabled()


def test_cancel_while_new_customers_are_registered_keeps_those_and_says_so(fresh_desk, qtbot,
                                                                           tmp_path,
                                                                           monkeypatch):
    from desk_app.services.history_import import job
    from desk_app.store import history_import as store_import

    services, window = fresh_desk
    for name in ("FIRST_CHECKPOINT_ROWS", "MIN_CHECKPOINT_ROWS", "MAX_CHECKPOINT_ROWS"):
        monkeypatch.setattr(job, name, 500)  # new customers in checkpoints of 500
    monkeypatch.setattr(job, "_BOUND_STEP", 100)
    rows = [["顧客番号", "氏名", "電話番号"]] + [
        [f"K{i}", f"顧客 {i}", f"03-{1000 + i // 1000}-{i % 1000:04d}"] for i in range(3000)]
    dialog = _open(qtbot, services, write(tmp_path / "customers.csv", rows), window)
    dialog.kind.setCurrentIndex(dialog.kind.findData("customers"))
    qtbot.waitUntil(lambda: dialog.preview_data.kind == "customers" and not dialog.running,
                    timeout=10000)
    with qtbot.waitSignal(dialog.checked, timeout=30000):
        dialog.check_button.click()

    second, release = threading.Event(), threading.Event()
    real_write = store_import.write_customers
    calls = []

    def held_write(*args, **kwargs):  # the second checkpoint waits until released
        calls.append(1)
        if len(calls) == 2:
            second.set()
            assert release.wait(20)
        return real_write(*args, **kwargs)

    monkeypatch.setattr(store_import, "write_customers", held_write)
    dialog.import_button.click()
    assert second.wait(10)
    qtbot.waitUntil(lambda: "新規顧客を登録中" in dialog.progress.rate.text(), timeout=5000)
    dialog.cancel_button.click()
    assert "登録済みの新規顧客は残ります" in dialog.outcome.summary.text()
    release.set()
    with qtbot.waitSignal(dialog.failed, timeout=30000) as failed:
        pass
    assert "新規顧客1,000件は登録済み" in failed.args[0]  # two checkpoints of 500
    assert _counts(services.store) == (0, 1000, 1)


def test_a_master_after_the_sales_says_what_it_completes(fresh_desk, qtbot, tmp_path):
    """A matched customer the master completes is imported, one with nothing to add is
    「登録済み（追加なし）」, not a duplicate row."""
    from desk_app.services import history_import as hi
    from desk_app.services.base import ServiceContext

    services, window = fresh_desk
    sales = [["顧客番号", "氏名", "受注日", "合計金額"], ["M1", "山田 太郎", "2024/1/5", "1200"],
             ["M2", "佐藤 花子", "2024/1/6", "900"]]
    hi.run(ServiceContext(services.store, today=lambda: TODAY),
           write(tmp_path / "sales.csv", sales), "orders")
    master = [["顧客番号", "氏名", "電話番号"], ["M1", "山田 太郎", "03-5321-1111"],
              ["M2", "佐藤 花子", ""]]
    dialog = _open(qtbot, services, write(tmp_path / "master.csv", master), window)
    dialog.kind.setCurrentIndex(dialog.kind.findData("customers"))
    qtbot.waitUntil(lambda: dialog.preview_data.kind == "customers" and not dialog.running,
                    timeout=10000)
    with qtbot.waitSignal(dialog.checked, timeout=20000):
        dialog.check_button.click()
    summary = dialog.outcome.summary.text()
    assert "取込予定 1 ・ 登録済み（追加なし） 1" in summary and "重複" not in summary
    assert "既存顧客のうち 1 件に、まだ登録のない情報" in summary and "補います" in summary
    assert dialog.import_button.isEnabled()
    with qtbot.waitSignal(dialog.imported, timeout=20000) as imported:
        dialog.import_button.click()
    assert imported.args[0].completed_customers == 1
    assert "補いました" in dialog.outcome.summary.text()


def test_what_a_master_filled_shows_in_the_change_history_as_the_import(fresh_desk, qtbot,
                                                                       tmp_path):
    from desk_app.services import history_import as hi
    from desk_app.services.base import ServiceContext
    from desk_app.services.customers import customer_record
    from desk_app.ui.customers.edit import open_customer_edit

    services, window = fresh_desk
    ctx = ServiceContext(services.store, today=lambda: TODAY)
    sales = [["顧客番号", "氏名", "受注日", "合計金額"], ["M1", "山田 太郎", "2024/1/5", "1200"]]
    hi.run(ctx, write(tmp_path / "sales.csv", sales), "orders")
    master = [["顧客番号", "氏名", "電話番号"], ["M1", "山田 太郎", "03-5321-1111"]]
    r = hi.run(ctx, write(tmp_path / "master.csv", master), "customers").value
    dialog = open_customer_edit(window, services, customer_record(ctx, "M1"))
    qtbot.waitUntil(lambda: dialog.history.topLevelItemCount() >= 1, timeout=3000)
    item = dialog.history.topLevelItem(0)
    assert (item.text(1), item.text(2), item.text(3), item.text(4)) == (
        f"取込 No.{r.import_id}", "電話番号", "", "自宅 03-5321-1111")
    dialog.close()
    # its undo takes the phone back, and the row says it was the undo, not a clerk's edit
    hi.undo(ctx, r.import_id)
    dialog = open_customer_edit(window, services, customer_record(ctx, "M1"))
    qtbot.waitUntil(lambda: dialog.history.topLevelItemCount() >= 2, timeout=3000)
    item = dialog.history.topLevelItem(0)
    assert (item.text(1), item.text(2), item.text(3), item.text(4)) == (
        f"取込 No.{r.import_id} の取り消し", "電話番号", "自宅 03-5321-1111", "")
    assert dialog.history.topLevelItem(1).text(1) == f"取込 No.{r.import_id}"
    dialog.close()
