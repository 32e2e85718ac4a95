"""Column widths from a typical value (kit.table_model.sample_widths), which the search list
and 受注一覧 both size their columns with."""

from __future__ import annotations

from PySide6.QtWidgets import QTableView
from ui_helpers import settle

from desk_app.ui.kit.table_model import CELL_PAD, RowsModel, sample_widths, setup_table


def test_a_column_is_as_wide_as_its_sample_or_its_title_whichever_is_wider(qtbot):
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(RowsModel(["No.", "ご注文いただいた商品の合計金額"], lambda r: r, view))
    setup_table(view)
    values, titles = view.fontMetrics(), view.horizontalHeader().fontMetrics()
    widths = sample_widths(view, {0: "9999999999", 1: "¥9"})
    assert widths == {0: values.horizontalAdvance("9999999999") + CELL_PAD,
                      1: titles.horizontalAdvance("ご注文いただいた商品の合計金額") + CELL_PAD}
    assert list(sample_widths(view, {1: "x", 0: "y"})) == [1, 0]  # in the order asked


def test_the_order_list_sizes_its_fixed_columns_from_samples(qtbot, desk):
    services, window = desk
    listing = window.open_order_list()
    settle(qtbot, services)
    expected = sample_widths(listing.table, {0: "999999", 4: "¥999,999"})
    assert {col: listing.table.columnWidth(col) for col in expected} == expected
    listing.close()
    settle(qtbot, services)
