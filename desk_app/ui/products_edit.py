"""One product in the catalogue editor: add or edit, with messages under the fields.

The checks are the store's (:func:`desk_app.store.products.validate_product`), run here
first so the clerk sees them at once; the store runs them again when saving (and adds
the ones that need the database: a SKU already used, an unknown upgrade SKU).
"""

from __future__ import annotations

import unicodedata

from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QVBoxLayout, QWidget,
)

from desk_app.domain.orders import FieldError, ProductInfo, errors_by_field
from desk_app.store.products import ProductInput, validate_product
from desk_app.ui.order_form_parts import FieldErrors


def _number(text: str) -> int | None:
    text = unicodedata.normalize("NFKC", text or "").replace(",", "").replace("¥", "").strip()
    return int(text) if text.isdigit() else None


class ProductEditor(QDialog):
    def __init__(self, parent: QWidget | None, product: ProductInfo | None = None) -> None:
        super().__init__(parent)
        self.product = product
        self.setWindowTitle("商品の編集" if product else "商品の追加")
        self.sku = QLineEdit(objectName="sku")
        self.name = QLineEdit(objectName="name")
        self.kana = QLineEdit(objectName="kana")
        self.price = QLineEdit(objectName="price", placeholderText="税込")
        self.rate = QComboBox(objectName="taxRate")
        self.rate.addItem("8%（軽減税率・食品）", 8)
        self.rate.addItem("10%", 10)
        self.days = QLineEdit(objectName="consumptionDays", placeholderText="空欄: 消耗品でない")
        self.upgrade = QLineEdit(objectName="upgradeSku", placeholderText="大容量・セットの商品コード")
        self.active = QCheckBox("販売中", objectName="active", checked=True)
        self.errors = FieldErrors()
        form = QFormLayout()
        for field, title, widget in (("sku", "商品コード", self.sku), ("name", "商品名", self.name),
                                     ("kana", "フリガナ", self.kana),
                                     ("price", "価格（税込）", self.price),
                                     ("tax_rate", "税率", self.rate),
                                     ("consumption_days", "消費日数", self.days),
                                     ("upgrade_sku", "上位商品", self.upgrade)):
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

    def show_errors(self, errors: list[FieldError]) -> None:
        self.errors.show(errors_by_field(errors))

    def _accept(self) -> None:
        errors = validate_product(self.value())
        self.show_errors(errors)
        if not errors:
            self.accept()
