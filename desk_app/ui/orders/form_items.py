"""The items part of the order form: product code + Enter, name/kana search, the lines,
and the おすすめ side list that adds to them.

Keyboard first: type a code and press Enter to add it (``F001*3`` adds three; the same
code again adds one more); type part of a name or reading and the matches appear below,
↓ moves into them and Enter adds. Quantity and unit price are edited in the table (F2 or
typing), Delete removes a line. Prices shown are 税込 and the line keeps the price the
customer was told, even if the catalogue changes before saving.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.clock import yen
from desk_app.domain.orders import MAX_QUANTITY, DraftLine
from desk_app.domain.text import LIMITS
from desk_app.store.products import Catalogue
from desk_app.store.suggestions import Suggestion
from desk_app.ui.kit import domain_text, fmt

COL_QTY, COL_PRICE = 2, 3


def columns() -> list[str]:
    """The lines table's headers, translated when the table is built (not at import)."""
    return [QCoreApplication.translate("ItemsPanel", "Product code"),
            QCoreApplication.translate("ItemsPanel", "Product name"),
            QCoreApplication.translate("ItemsPanel", "Qty"),
            QCoreApplication.translate("ItemsPanel", "Unit price (tax incl.)"),
            QCoreApplication.translate("ItemsPanel", "Amount"),
            QCoreApplication.translate("ItemsPanel", "Tax rate")]
_WITH_QTY = re.compile(r"^(\S+)\s*[*×xX]\s*(\d+)$")


@dataclass
class _Line:
    sku: str
    name: str
    quantity: int
    unit_price: int
    tax_rate: int


def _int(text: str) -> int | None:
    text = unicodedata.normalize("NFKC", text or "").replace(",", "").replace("¥", "").strip()
    return int(text) if text.isascii() and text.isdigit() else None


class ItemsPanel(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.catalogue = Catalogue([])
        self._lines: list[_Line] = []
        self._filling = False
        self.code = QLineEdit(objectName="productCode")
        self.code.setMaxLength(LIMITS["search"])
        self.code.setPlaceholderText(self.tr("Product code, name or reading (Enter adds)"))
        self.code.setToolTip(self.tr("F2: go here / Enter: add / F001*3: add three / "
                                     "↓: to the matches"))
        self.results = QListWidget(objectName="productResults")
        self.results.setMaximumHeight(140)
        self.results.hide()
        headers = columns()
        self.table = QTableWidget(0, len(headers), objectName="orderLines")
        self.table.setHorizontalHeaderLabels(headers)
        header = self.table.horizontalHeader()  # numbers fit their column, the name the rest
        for col in range(len(headers)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(64)  # room for a three-digit quantity being typed
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setTabKeyNavigation(False)  # Tab goes on to お届け; arrows move in lines
        self.table.setToolTip(self.tr("Type to change the quantity or unit price / "
                                      "Delete: remove the line"))
        self.error = QLabel(objectName="linesError")
        self.error.setStyleSheet("color: #c62828;")
        self.error.setWordWrap(True)
        self.error.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for w in (self.code, self.results, self.table, self.error):
            layout.addWidget(w)
        self.code.textEdited.connect(self._search)
        self.code.returnPressed.connect(self._enter)
        self.code.installEventFilter(self)
        self.results.itemActivated.connect(self._pick)
        self.table.itemChanged.connect(self._edited)
        self.table.installEventFilter(self)

    # -- public ------------------------------------------------------------------------
    def set_catalogue(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue

    def draft_lines(self) -> tuple[DraftLine, ...]:
        return tuple(DraftLine(x.sku, x.quantity, x.unit_price) for x in self._lines)

    def skus(self) -> list[str]:
        return [x.sku for x in self._lines]

    def add(self, sku: str, quantity: int = 1, unit_price: int | None = None) -> bool:
        product = self.catalogue.get(sku)
        if product is None or not product.active:
            self.show_errors([fmt.arg(self.tr("Product code “%1” is not registered."), sku)
                              if product is None else
                              fmt.arg(self.tr("“%1” is no longer sold."), product.name)])
            return False
        for line in self._lines:
            if line.sku == product.sku and unit_price in (None, line.unit_price):
                line.quantity = min(MAX_QUANTITY, line.quantity + quantity)
                break
        else:
            price = product.price if unit_price is None else unit_price
            self._lines.append(_Line(product.sku, product.name, quantity, price, product.tax_rate))
        self.show_errors([])
        self._render()
        return True

    def set_lines(self, lines: list[tuple[str, int, int | None]]) -> list[str]:
        """Replace all lines; returns the SKUs that could not be added (unknown, retired)."""
        self._lines = []
        skipped = [sku for sku, qty, price in lines if not self.add(sku, qty, price)]
        self._render()
        return skipped

    def remove_row(self, row: int) -> None:
        if 0 <= row < len(self._lines):
            del self._lines[row]
            self._render()

    def show_errors(self, messages: list[str], rows: set[int] = frozenset()) -> None:
        self.error.setText("\n".join(messages))
        self.error.setVisible(bool(messages))
        self._filling = True  # colouring a cell emits itemChanged too
        for r in range(self.table.rowCount()):
            for c in (0, COL_QTY, COL_PRICE):
                item = self.table.item(r, c)
                if item is not None:
                    item.setBackground(Qt.GlobalColor.yellow if r in rows else Qt.GlobalColor.white)
        self._filling = False

    # -- internals ---------------------------------------------------------------------
    def _render(self) -> None:
        self._filling = True
        self.table.setRowCount(len(self._lines))
        for r, x in enumerate(self._lines):
            values = (x.sku, x.name, str(x.quantity), f"{x.unit_price:,}",
                      yen(x.unit_price * x.quantity), f"{x.tax_rate}%")
            for c, text in enumerate(values):
                item = QTableWidgetItem(text)
                if c not in (COL_QTY, COL_PRICE):
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                if c >= COL_QTY and c != 5:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, c, item)
        self._filling = False
        self.changed.emit()

    def _edited(self, item: QTableWidgetItem) -> None:
        if (self._filling or item.row() >= len(self._lines)
                or item.column() not in (COL_QTY, COL_PRICE)):
            return
        row, value, errors = item.row(), _int(item.text()), []
        line = self._lines[row]
        if item.column() == COL_QTY:
            if value is None or not 1 <= value <= MAX_QUANTITY:
                errors.append(fmt.arg(self.tr("Enter a whole-number quantity from 1 to %1."),
                                      MAX_QUANTITY))
            else:
                line.quantity = value
        elif item.column() == COL_PRICE:
            if value is None:
                errors.append(self.tr("Enter the unit price in whole yen (0 or more)."))
            else:
                line.unit_price = value

        def redraw() -> None:  # not inside itemChanged: the edited item is replaced
            self._render()
            self.show_errors(errors, {row} if errors else set())
        QTimer.singleShot(0, redraw)

    def _search(self, text: str) -> None:
        self.results.clear()
        found = self.catalogue.search(text, limit=10) if text.strip() else []
        for p in found:
            item = QListWidgetItem(f"{p.sku}  {p.name}  {yen(p.price)}")
            item.setData(Qt.ItemDataRole.UserRole, p.sku)
            self.results.addItem(item)
        self.results.setVisible(bool(found))
        if found:
            self.results.setCurrentRow(0)

    def _enter(self) -> None:
        text = unicodedata.normalize("NFKC", self.code.text()).strip()
        if not text:
            return
        quantity, match = 1, _WITH_QTY.match(text)
        if match and self.catalogue.get(match.group(1)) is not None:
            text, quantity = match.group(1), max(1, min(MAX_QUANTITY, int(match.group(2))))
        if self.catalogue.get(text) is not None:
            if self.add(text, quantity):
                self._reset_entry()
            return
        found = self.catalogue.search(text, limit=10)
        if len(found) == 1:
            self.add(found[0].sku)
            self._reset_entry()
        elif found:
            self._search(text)
            self.results.setFocus()
        else:
            self.show_errors([fmt.arg(self.tr("No product matches “%1”. Check the product "
                                              "code, name or reading."), text)])

    def _pick(self, item: QListWidgetItem) -> None:
        if self.add(item.data(Qt.ItemDataRole.UserRole)):
            self._reset_entry()

    def _reset_entry(self) -> None:
        self.code.clear()
        self.results.clear()
        self.results.hide()
        self.code.setFocus()

    def eventFilter(self, obj, event) -> bool:
        if isinstance(event, QKeyEvent) and event.type() == QKeyEvent.Type.KeyPress:
            if obj is self.code and event.key() == Qt.Key.Key_Down and self.results.count():
                self.results.setFocus()
                return True
            if obj is self.table and event.key() == Qt.Key.Key_Delete:
                self.remove_row(self.table.currentRow())
                return True
        return super().eventFilter(obj, event)


class SuggestionsPanel(QWidget):
    chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list = QListWidget(objectName="suggestions")
        self.list.setWordWrap(True)  # long names wrap instead of hiding the price
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setToolTip(self.tr("F3: go here / Enter or Ctrl+1…9: add to the order"))
        self.list.itemActivated.connect(
            lambda item: self.chosen.emit(item.data(Qt.ItemDataRole.UserRole)))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        title = QLabel(self.tr("Suggestions"))
        title.setProperty("role", "section")
        layout.addWidget(title)
        layout.addWidget(self.list)

    def set_suggestions(self, suggestions: list[Suggestion]) -> None:
        self.list.clear()
        for i, s in enumerate(suggestions, start=1):
            item = QListWidgetItem(f"{i}. {s.name}  {yen(s.price)}\n"
                                   f"    {domain_text.message(s.why)}")
            item.setData(Qt.ItemDataRole.UserRole, s.sku)
            self.list.addItem(item)

    def sku_at(self, index: int) -> str | None:
        item = self.list.item(index)
        return item.data(Qt.ItemDataRole.UserRole) if item else None
