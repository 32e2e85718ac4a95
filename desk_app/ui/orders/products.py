"""商品 — the product catalogue: list, add, edit, retire (販売終了), CSV 取込 and 出力.

All reads and writes run on the desk's database queue, like the order form's. Import is
all-or-nothing: a file with one bad row saves nothing and lists every bad cell by line,
so the person fixing it in Excel sees all problems at once. The product editor runs the
store's checks first so messages appear under the fields at once; the store runs them
again on save and adds those that need the database (a code already used, an unknown
upgrade SKU), which reopen the editor with the message. Open with
``open_products_dialog(parent, services)``.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.clock import yen
from desk_app.domain.messages import Problem
from desk_app.domain.orders import ProductInfo, errors_by_field
from desk_app.services import catalogue as store
from desk_app.services.catalogue import ProductInput, validate_product
from desk_app.ui.kit import domain_text, fmt
from desk_app.ui.kit.field_errors import FieldErrors
from desk_app.ui.kit.screens import fit_to_screen, present


def columns() -> list[str]:
    """The catalogue table's headers (also the editor's field titles, same words)."""
    return [QCoreApplication.translate("ProductsDialog", "Product code"),
            QCoreApplication.translate("ProductsDialog", "Product name"),
            QCoreApplication.translate("ProductsDialog", "Reading"),
            QCoreApplication.translate("ProductsDialog", "Price (tax incl.)"),
            QCoreApplication.translate("ProductsDialog", "Tax rate"),
            QCoreApplication.translate("ProductsDialog", "Days of use"),
            QCoreApplication.translate("ProductsDialog", "Upgrade"),
            QCoreApplication.translate("ProductsDialog", "Status")]


def _number(text: str) -> int | None:
    text = unicodedata.normalize("NFKC", text or "").replace(",", "").replace("¥", "").strip()
    return int(text) if text.isascii() and text.isdigit() else None


class ProductEditor(QDialog):
    def __init__(self, parent: QWidget | None, product: ProductInfo | None = None) -> None:
        super().__init__(parent)
        self.product = product
        self.setWindowTitle(self.tr("Edit product") if product else self.tr("Add product"))
        self.sku = QLineEdit(objectName="sku")
        self.name = QLineEdit(objectName="name")
        self.kana = QLineEdit(objectName="kana")
        self.price = QLineEdit(objectName="price", placeholderText=self.tr("tax incl."))
        self.rate = QComboBox(objectName="taxRate")
        self.rate.addItem(self.tr("8% (reduced rate, food)"), 8)
        self.rate.addItem("10%", 10)
        self.days = QLineEdit(objectName="consumptionDays",
                              placeholderText=self.tr("empty: not a consumable"))
        self.upgrade = QLineEdit(objectName="upgradeSku",
                                 placeholderText=self.tr("code of the larger size or set"))
        self.active = QCheckBox(self.tr("On sale"), objectName="active", checked=True)
        self.errors = FieldErrors()
        form = QFormLayout()
        fields = ("sku", "name", "kana", "price", "tax_rate", "consumption_days", "upgrade_sku")
        widgets = (self.sku, self.name, self.kana, self.price, self.rate, self.days, self.upgrade)
        for field, title, widget in zip(fields, columns()[:7], widgets, strict=True):
            self.errors.add(form, field, title, widget)
        form.addRow("", self.active)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        if product is not None:
            self.sku.setText(product.sku)
            self.name.setText(product.name)
            self.kana.setText(product.kana)
            self.price.setText(str(product.price))
            self.rate.setCurrentIndex(self.rate.findData(product.tax_rate))
            self.days.setText("" if product.consumption_days is None else str(product.consumption_days))
            self.upgrade.setText(product.upgrade_sku or "")
            self.active.setChecked(product.active)

    def value(self) -> ProductInput:
        price, days = _number(self.price.text()), _number(self.days.text())
        return ProductInput(
            sku=self.sku.text(), name=self.name.text(), kana=self.kana.text(),
            price=-1 if price is None else price, tax_rate=self.rate.currentData(),
            consumption_days=None if not self.days.text().strip() else (-1 if days is None else days),
            upgrade_sku=self.upgrade.text().strip() or None, active=self.active.isChecked())

    def show_errors(self, errors: list[Problem]) -> None:
        self.errors.show(errors_by_field(errors, domain_text.lang()))

    def _accept(self) -> None:
        errors = validate_product(self.value())
        self.show_errors(errors)
        if not errors:
            self.accept()


class ProductsDialog(QDialog):
    loaded = Signal()
    message = Signal(str)  # what the status line says after an action (tests wait on it)

    def __init__(self, parent: QWidget | None, services) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Products"))
        fit_to_screen(self, 1000, 600)  # beside the pop-up column, inside the screen
        self.services = services
        self.catalogue = store.Catalogue([])
        self.editor: ProductEditor | None = None
        self.filter = QLineEdit(objectName="productFilter",
                                placeholderText=self.tr("Filter by product code, name or reading"))
        self.show_retired = QCheckBox(self.tr("Show retired products"), objectName="showRetired")
        headers = columns()
        self.table = QTableWidget(0, len(headers), objectName="products")
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()  # short columns fit their text, the name the rest
        for col in range(len(headers)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        self.table.setColumnWidth(2, 220)  # readings run long; the clerk can widen it
        self.encoding = QComboBox(objectName="encoding")
        self.encoding.addItem(self.tr("Shift_JIS (for Excel)"), "cp932")
        self.encoding.addItem("UTF-8", "utf-8")
        widest = self.encoding.fontMetrics().horizontalAdvance(self.encoding.itemText(0))
        self.encoding.setMinimumWidth(widest + 48)  # the size hint forgets the style's padding
        self.status = QLabel(objectName="productsStatus", wordWrap=True)
        buttons = QHBoxLayout()
        for text, slot, tip in ((self.tr("Add"), self.add_product, "Ctrl+N"),
                                (self.tr("Edit"), self.edit_selected, "Enter"),
                                (self.tr("Retire / resume"), self.toggle_selected, "Ctrl+D"),
                                (self.tr("Import…"), self._choose_import,
                                 self.tr("CSV (UTF-8 or Shift_JIS)")),
                                (self.tr("Export…"), self._choose_export, "CSV")):
            b = QPushButton(text)
            b.setToolTip(tip)
            b.setAutoDefault(False)
            b.clicked.connect(slot)
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.encoding)
        top = QHBoxLayout()
        top.addWidget(self.filter, 1)
        top.addWidget(self.show_retired)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        self.filter.textEdited.connect(lambda _t: self._render())
        self.show_retired.toggled.connect(lambda _c: self._render())
        self.table.itemActivated.connect(lambda _i: self.edit_selected())
        QShortcut(QKeySequence("Ctrl+N"), self, self.add_product)
        QShortcut(QKeySequence("Ctrl+D"), self, self.toggle_selected)
        self.message.connect(self.status.setText)
        self.reload()

    # -- data --------------------------------------------------------------------------
    def reload(self) -> None:
        self.services.tasks.submit(store.load, self._loaded, self._failed)

    def _loaded(self, catalogue: store.Catalogue) -> None:
        self.catalogue = catalogue
        self._render()
        self.loaded.emit()

    def _failed(self, exc: BaseException) -> None:
        self.message.emit(domain_text.describe(exc.errors)
                          if isinstance(exc, (store.ProductRefused, store.CsvRefused))
                          else fmt.arg(self.tr("Could not do that (%1)."), exc))

    def visible_products(self) -> list[ProductInfo]:
        retired = self.show_retired.isChecked()
        text = self.filter.text().strip()
        if text:
            return self.catalogue.search(text, limit=500, include_retired=retired)
        return self.catalogue.products(include_retired=retired)

    def _render(self) -> None:
        rows = self.visible_products()
        self.table.setRowCount(len(rows))
        for r, p in enumerate(rows):
            values = (p.sku, p.name, p.kana, yen(p.price), f"{p.tax_rate}%",
                      "" if p.consumption_days is None else self.tr("%n day(s)", "",
                                                                    p.consumption_days),
                      p.upgrade_sku or "", self.tr("On sale") if p.active else self.tr("Retired"))
            for c, text in enumerate(values):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, p.sku)
                if not p.active:
                    item.setForeground(Qt.GlobalColor.gray)
                self.table.setItem(r, c, item)

    def selected(self) -> ProductInfo | None:
        item = self.table.item(self.table.currentRow(), 0)
        return self.catalogue.get(item.data(Qt.ItemDataRole.UserRole)) if item else None

    # -- actions -----------------------------------------------------------------------
    def add_product(self) -> ProductEditor:
        return self._edit(None)

    def edit_selected(self) -> ProductEditor | None:
        product = self.selected()
        return self._edit(product) if product else None

    def _edit(self, product: ProductInfo | None) -> ProductEditor:
        self.editor = ProductEditor(self, product)
        self.editor.accepted.connect(lambda e=self.editor: self._save(e))
        self.editor.open()
        return self.editor

    def _save(self, editor: ProductEditor) -> None:
        data, pid = editor.value(), editor.product.id if editor.product else None

        def failed(exc):
            if isinstance(exc, store.ProductRefused):
                editor.show_errors(exc.errors)
                editor.open()  # back to the clerk, with the messages at the fields
            else:
                self._failed(exc)
        self.services.tasks.submit(
            lambda ctx: store.save_product(ctx, data, pid),
            lambda p: self._done(fmt.arg(self.tr("Saved “%1”."), p.name)), failed)

    def toggle_selected(self) -> None:
        product = self.selected()
        if product is None:
            return
        done = (self.tr("“%1” is on sale again.") if not product.active
                else self.tr("“%1” is retired (no longer sold)."))
        self.services.tasks.submit(
            lambda ctx: store.set_active(ctx, product.sku, not product.active),
            lambda p: self._done(fmt.arg(done, p.name)), self._failed)

    def import_file(self, path: str | Path) -> None:
        """取込: parse and upsert in the background; nothing is saved if any row is bad."""
        def job(ctx):
            return store.import_csv(ctx, Path(path).read_bytes())
        self.services.tasks.submit(job, lambda r: self._done(fmt.arg(
            self.tr("Imported (%1, %2)."), self.tr("%n added", "", r.added),
            self.tr("%n updated", "", r.updated))), self._import_failed)

    def _import_failed(self, exc: BaseException) -> None:
        if isinstance(exc, (store.ProductRefused, store.CsvRefused)):
            self.message.emit(self.tr("Could not import (nothing was saved):") + "\n"
                              + domain_text.describe(exc.errors))
        else:
            self._failed(exc)

    def export_file(self, path: str | Path, encoding: str | None = None) -> None:
        encoding = encoding or self.encoding.currentData()

        def job(ctx):
            data = store.export_csv(ctx, encoding).data
            Path(path).write_bytes(data)
            return len(data)
        self.services.tasks.submit(job, lambda _n: self.message.emit(
            fmt.arg(self.tr("Exported to %1."), path)), self._export_failed)

    def _export_failed(self, exc: BaseException) -> None:
        self.message.emit(self.tr("Some characters cannot be written in Shift_JIS. Please "
                                  "export as UTF-8.") if isinstance(exc, UnicodeEncodeError)
                          else fmt.arg(self.tr("Could not export (%1)."), exc))

    def _done(self, text: str) -> None:
        # open order forms and anything else showing the catalogue reload from the hub: the
        # use case's Changes(products=True), published by the queue
        self.message.emit(text)
        self.reload()

    def _choose_import(self) -> None:
        path, _f = QFileDialog.getOpenFileName(self, self.tr("Import products"), "",
                                               self.tr("CSV (*.csv);;All files (*)"))
        if path:
            self.import_file(path)

    def _choose_export(self) -> None:
        path, _f = QFileDialog.getSaveFileName(self, self.tr("Export products"), "products.csv",
                                               "CSV (*.csv)")
        if path:
            self.export_file(path)


def open_products_dialog(parent: QWidget | None, services) -> ProductsDialog:
    dialog = ProductsDialog(parent, services)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    return present(dialog)
