"""A read-only table cell of the import dialog: long values are elided, the tooltip shows
them whole."""

from __future__ import annotations

from PySide6.QtWidgets import QTableWidgetItem


def cell(text: str) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setToolTip(text)
    return item
