"""Render the history import (ファイル › 取り込み…) offscreen to PNG
(docs/screenshots/WxH/import-*.png).

    .venv/bin/python scripts/import_screenshots.py [--out docs/screenshots] [--lang ja|en]

Seeds a small deterministic demo shop in a temp folder, writes an old cart's sales export
(CP932, Japanese headers, dates and amounts in the forms carts write, a few bad rows) and a
file whose headers the desk does not recognise, and drives the real dialog of the desk's
menu through them: import-mapping (the file read, its recognised mapping and first rows),
import-mapping-unknown (roles to choose), import-check (取込前の確認 with the bad rows),
import-done (after the import), import-list (取込の履歴) and import-card (a customer's card
with the imported sales, 取込). The clock is pinned (offscreen.pin_clock); the one figure
the import measures on the real clock, its rows per second, is shown at a fixed speed
(steady_rate), so two runs give the same PNGs.
"""

from __future__ import annotations

import csv
import io
import shutil
import sys
import tempfile
from datetime import date
from pathlib import Path

from offscreen import ROOT, setup_screen, shot_args, wait_until

SCREEN = setup_screen()  # before anything imports PySide6
TODAY = date(2026, 11, 23)
# the files' folder reads the same each run (the dialog shows the path, the list the name)
FILES = Path(tempfile.gettempdir()) / "desk-shots" / "import"
RATE = 1_000  # rows per second shown beside the bar (see steady_rate)
HEAD = ["受注番号", "顧客番号", "氏名", "受注日", "合計金額"]


def sales_rows(known: tuple[str, str]) -> list[list[str]]:
    """An old cart's export: *known* (code, name) is a customer the desk already has, the
    others are new; dates and amounts in each form carts write, and four bad rows."""
    code, name = known
    return [HEAD,
            ["S-1001", code, name, "2024/1/5", "3,240"],
            ["S-1002", "K2001", "森田 さくら", "2024-02-18", "￥5,400"],
            ["S-1003", code, name, "令和6年4月2日", "2160円"],
            ["S-1004", "K2002", "大野 健一", "20240611", "１，９８０"],
            ["S-1005", "K2001", "森田 さくら", "R6.8.30", "\\4,320"],
            ["S-1006", "", "木村 由美", "2024/9/14", "2,700"],  # no customer id
            ["S-1007", code, name, "2024年10月21日", "6480"],
            ["S-1008", "K2003", "石井 和子", "2024/13/45", "1,620"],  # no such date
            ["S-1009", "K2002", "大野 健一", "2025/1/8 14:05", "abc"],  # no amount
            ["S-1010", "K2004", "松本 誠", "2025/2/3"],  # a column short
            ["S-1011", code, name, "2025-03-27", "3,780"],
            ["S-1012", "K2003", "石井 和子", "H31.4.30", "2,160"]]


UNKNOWN_HEAD = ["伝票", "お客様", "宛名", "日付", "税込"]


def unknown_rows() -> list[list[str]]:
    """Another cart's layout: headers the desk has no alias for."""
    return [UNKNOWN_HEAD,
            ["T-0001", "C-0101", "山口 恵子", "2023/11/02", "4,860"],
            ["T-0002", "C-0102", "中島 修", "2023/11/05", "1,980"],
            ["T-0003", "C-0101", "山口 恵子", "2023/12/14", "3,240"]]


def write(path: Path, rows: list[list[str]]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    path.write_bytes(buf.getvalue().encode("cp932"))
    return str(path)


def prepare_store(folder: Path):
    """A small seeded shop; (store, (code, name) of a customer the sales file names)."""
    from sqlalchemy import select

    from desk_app.store.db import Store
    from desk_app.store.models import Customer, CustomerStats
    from desk_app.store.seed import seed

    store = Store(f"sqlite:///{folder / 'shots.db'}")
    seed(store, 300, seed=7, today=TODAY)
    with store.new_session() as s:
        # a customer of the desk with a short history, so the imported sales show beside it
        known = s.execute(
            select(Customer.code, Customer.name).join(
                CustomerStats, CustomerStats.customer_id == Customer.id)
            .where(CustomerStats.orders_count.between(2, 3))
            .order_by(Customer.id).limit(1)).one()
    return store, (known.code, known.name)


def main() -> int:
    args, out, tmp = shot_args("desk-import-shots-")

    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QToolButton

    from desk_app.ui.app import build_desk
    from desk_app.ui.kit.resources import setup_app

    app = QApplication.instance() or QApplication(sys.argv[:1])
    setup_app(app, args.lang)
    store, known = prepare_store(tmp)
    shutil.rmtree(FILES, ignore_errors=True)
    FILES.mkdir(parents=True)
    sales = write(FILES / "売上_旧カート.csv", sales_rows(known))
    other = write(FILES / "売上_別形式.csv", unknown_rows())
    services, window = build_desk(store, operator_id=1, operator_name="佐藤",
                                  language=args.lang, today=lambda: TODAY,
                                  config_path=tmp / "desk.toml")
    suffix = "" if args.lang == "ja" else "-en"
    shots: list[str] = []

    def save(widget, name: str, popup=None) -> None:
        """*widget* as it is drawn; with *popup*, an open list (a top-level window of its
        own, which ``grab`` leaves out) drawn over it where it is on the screen."""
        from PySide6.QtCore import QPoint
        from PySide6.QtGui import QPainter

        pixmap = widget.grab()
        if popup is not None:
            painter = QPainter(pixmap)
            painter.drawPixmap(popup.mapToGlobal(QPoint(0, 0))
                               - widget.mapToGlobal(QPoint(0, 0)), popup.grab())
            painter.end()
        path = out / f"import-{name}{suffix}.png"
        pixmap.save(str(path))
        shots.append(str(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path))

    def steady_rate(report) -> None:
        """The rate beside the bar again, from the run's last progress but at a fixed
        speed: the job measures it on the real monotonic clock (faketime leaves that one
        alone), so it would change the PNG on every run."""
        from desk_app.services import history_import as hi

        size = Path(dialog.path.text()).stat().st_size
        dialog.progress.show_progress(hi.Progress("done", report.rows, size, size,
                                                  elapsed=report.rows / RATE))
        wait_until(app, lambda: True)  # laid out again for the new text

    window.fit_to_screen()
    window.show()
    window.refresh_all()
    wait_until(app, lambda: services.tasks.pending == 0)

    dialog = window.import_history()  # ファイル › 取り込み…

    def read(path: str) -> None:
        dialog.open_file(path)  # as 参照… does with the file chosen
        wait_until(app, lambda: dialog.preview_data is not None
                   and dialog.preview_data.path == path and not dialog.running)

    def set_role(row: int, role: str) -> None:
        box = dialog.columns.role_boxes[row]
        box.setCurrentIndex(box.findData(role))

    def run(button, finished) -> None:
        """取込前の確認 or 取り込む, until the dialog shows the report (*finished* fires)."""
        reports: list = []
        finished.connect(reports.append)
        button.click()
        wait_until(app, lambda: reports and not dialog.running
                   and services.tasks.pending == 0)
        finished.disconnect(reports.append)
        steady_rate(reports[0])

    read(sales)
    save(dialog, "mapping")

    read(other)
    # the clerk gives two columns their roles; the note names the one still missing, and
    # the last column's list of roles is open
    for row, role in ((1, "customer_id"), (3, "date")):
        set_role(row, role)
    box = dialog.columns.role_boxes[4]
    box.setFocus()
    box.showPopup()
    wait_until(app, lambda: box.view().isVisible())
    save(dialog, "mapping-unknown", popup=box.view().window())
    box.hidePopup()
    for row, role in ((4, "amount"), (0, "order_id"), (2, "name")):
        set_role(row, role)
    run(dialog.check_button, dialog.checked)
    run(dialog.import_button, dialog.imported)  # 取込 No.1: the list shows two

    read(sales)
    run(dialog.check_button, dialog.checked)  # 取込前の確認
    save(dialog, "check")
    run(dialog.import_button, dialog.imported)  # 取り込む
    save(dialog, "done")

    listing = dialog.open_list()  # 取込の履歴…
    wait_until(app, lambda: len(listing.imports) == 2 and services.tasks.pending == 0)
    save(listing, "list")
    listing.close()
    dialog.close()

    # a caller reads the order id off an old receipt: the search finds the customer, whose
    # card shows the imported sales (取込) among the desk's own, each with its old id
    window.search.box.setText("S-1011")
    # the box's clear button fades in (an animation on the real clock): drawn once opaque
    [clear] = window.search.box.findChildren(QToolButton)
    wait_until(app, lambda: window.search.model.rowCount() > 0
               and clear.property("opacity") == 1.0)
    window.open_customer(window.search.model.item(0).customer_id)
    wait_until(app, lambda: window.card.card is not None and services.tasks.pending == 0)
    tree = window.card.history.tree
    newest = next(tree.topLevelItem(i) for i in range(tree.topLevelItemCount())
                  if tree.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole).imported)
    newest.setExpanded(True)  # 取込: its order id in the earlier system
    tree.setCurrentItem(newest)
    tree.setFocus()  # on the sale asked about (and no blinking text cursor in the search)
    wait_until(app, lambda: True)
    save(window, "card")

    print("\n".join(shots))
    services.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
