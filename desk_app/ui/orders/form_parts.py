"""The order form's panels besides the items: お届け先, お届け (date, slot, のし, memo)
and the totals.

Each panel reads and writes plain domain values (ShipTo, dates, slot codes) and shows the
validation messages of its own fields right under them, so the form only routes
Problem values (message codes) by their field name.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QLocale, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from desk_app.domain.clock import yen
from desk_app.domain.delivery import DEFAULT_CARRIER
from desk_app.domain.orders import NOSHI_OMOTE, Noshi, Preview, ShipTo
from desk_app.domain.text import LIMITS
from desk_app.ui.kit import domain_text, fmt
from desk_app.ui.kit.field_errors import FieldErrors


def _same_place(a: ShipTo, b: ShipTo) -> bool:
    """Same person at the same address; an older copy may lack the building name."""
    def key(s: str) -> str:
        return "".join(s.split())

    if (key(a.name), a.postal_code.replace("-", "")) != (key(b.name), b.postal_code.replace("-", "")):
        return False
    x, y = key(a.address), key(b.address)
    return x.startswith(y) or y.startswith(x)


class ShipToPanel(QWidget):
    changed = Signal()
    postal_entered = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.orderer: ShipTo | None = None
        self.saved: dict[int, ShipTo] = {}
        self.source = QComboBox(objectName="shipSource")
        self.name, self.postal = QLineEdit(objectName="shipName"), QLineEdit(objectName="shipPostal")
        self.address, self.phone = QLineEdit(objectName="shipAddress"), QLineEdit(objectName="shipPhone")
        self.postal.setPlaceholderText(self.tr("123-4567 (Enter looks up the address)"))
        self.address.setPlaceholderText(self.tr("Starting with the prefecture"))
        self.hint = QLabel(objectName="postalHint")
        self.hint.setStyleSheet("color: #555;")
        self.remember = QCheckBox(self.tr("Save this ship-to address"), objectName="rememberShipTo")
        self.errors = FieldErrors()
        form = QFormLayout(self)
        self.errors.add(form, "ship_to", self.tr("Ship to"), self.source)
        self.errors.add(form, "ship_to.name", self.tr("Name"), self.name)
        self.errors.add(form, "ship_to.postal_code", self.tr("Postal code"), self.postal)
        form.addRow("", self.hint)
        self.hint.hide()
        self.errors.add(form, "ship_to.address", self.tr("Address"), self.address)
        self.errors.add(form, "ship_to.phone", self.tr("Phone"), self.phone)
        form.addRow("", self.remember)
        self.source.currentIndexChanged.connect(self._source_changed)
        for edit in (self.name, self.address, self.phone, self.postal):
            edit.textEdited.connect(lambda _t: self.changed.emit())
        self.postal.returnPressed.connect(lambda: self.postal_entered.emit(self.postal.text()))
        self.postal.editingFinished.connect(lambda: self.postal_entered.emit(self.postal.text()))
        self.set_choices(None, [])

    def set_choices(self, orderer: ShipTo | None, saved: list[tuple[int, ShipTo]]) -> None:
        self.orderer, self.saved = orderer, dict(saved)
        self.source.blockSignals(True)
        self.source.clear()
        self.source.addItem(self.tr("Same as the orderer"), ("orderer", None))
        for sid, ship in saved:
            self.source.addItem(fmt.arg(self.tr("%1 (%2)", "saved ship-to: name (address)"),
                                        ship.name, ship.address), ("saved", sid))
        self.source.addItem(self.tr("Another address"), ("new", None))
        self.source.blockSignals(False)
        self._source_changed()

    def kind(self) -> str:
        return (self.source.currentData() or ("orderer", None))[0]

    def ship_to(self) -> ShipTo | None:
        if self.kind() == "orderer" and self.orderer is None:
            return None
        return ShipTo(self.name.text().strip(), self.postal.text().strip(),
                      self.address.text().strip(), self.phone.text().strip())

    def select(self, ship: ShipTo) -> None:
        """Pick the choice equal to *ship* (repeat last order), else fill a new one."""
        def same(a, b) -> bool:
            return a is not None and _same_place(a, b)

        if same(self.orderer, ship):
            self.source.setCurrentIndex(0)
            return
        for i in range(self.source.count()):
            kind, sid = self.source.itemData(i)
            if kind == "saved" and same(self.saved.get(sid), ship):
                self.source.setCurrentIndex(i)
                return
        self.source.setCurrentIndex(self.source.count() - 1)
        self._fill(ship)

    def apply_postal(self, places) -> None:
        if not places:
            self.hint.setText(self.tr("Postal code not found. Please type the address."))
            self.hint.show()
        else:
            if not self.address.text().strip() or self.address.text() == getattr(self, "_auto", None):
                self._auto = places[0].address
                self.address.setText(self._auto)
            self.hint.setText(" ／ ".join(p.address for p in places))
            self.hint.show()
            if self.postal.hasFocus():  # the clerk's Enter: the house number comes next
                self.address.setFocus()
                self.address.end(False)
        self.changed.emit()

    def _fill(self, ship: ShipTo | None) -> None:
        ship = ship or ShipTo("", "", "", "")
        for edit, text in ((self.name, ship.name), (self.postal, ship.postal_code),
                           (self.address, ship.address), (self.phone, ship.phone)):
            edit.setText(text)

    def _source_changed(self) -> None:
        kind, sid = self.source.currentData() or ("orderer", None)
        editable = kind == "new"
        if kind == "orderer":
            self._fill(self.orderer)
        elif kind == "saved":
            self._fill(self.saved.get(sid))
        else:
            self._fill(None)
        for edit in (self.name, self.postal, self.address, self.phone):
            edit.setReadOnly(not editable)
        self.remember.setVisible(editable)
        self.hint.clear()
        self.hint.hide()
        self.changed.emit()


class DeliveryPanel(QWidget):
    changed = Signal()

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.carrier = DEFAULT_CARRIER
        self.use_date = QCheckBox(self.tr("Choose a date"), objectName="useDate")
        self.date = QDateEdit(objectName="deliveryDate", calendarPopup=True)
        self.date.setDisplayFormat("yyyy/MM/dd")
        self.date.setDate(QDate(today.year, today.month, today.day))
        self.date.setEnabled(False)
        self.earliest = QLabel(objectName="earliestHint")
        self.slot = QComboBox(objectName="deliverySlot")
        self.slot.addItem(domain_text.slot_label(None), None)
        for s in self.carrier.slots:
            self.slot.addItem(domain_text.slot_label(s.code, s.label_ja), s.code)
        self.omote = QComboBox(objectName="noshiOmote", editable=True)
        self.omote.addItems(["", *NOSHI_OMOTE])
        self.omote.setMinimumContentsLength(5)  # 御中元 and a typed 表書き stay readable
        self.omote.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.omote.lineEdit().setPlaceholderText(self.tr("No noshi"))
        self.omote.lineEdit().setMaxLength(LIMITS["noshi_omote"])
        self.noshi_name = QLineEdit(objectName="noshiName",
                                    placeholderText=self.tr("Name on noshi"))
        self.noshi_name.setMaxLength(LIMITS["noshi_name"])
        # 内のし (under the wrapping, for parcels) / 外のし (over it, handed over)
        self.noshi_kind = QComboBox(objectName="noshiKind")
        self.noshi_kind.addItem(self.tr("Outer noshi"), "soto")
        self.noshi_kind.addItem(self.tr("Inner noshi"), "uchi")
        # ご依頼主: the sender on the label when it is not the orderer (a gift)
        self.sender = QLineEdit(objectName="senderName",
                                placeholderText=self.tr("Only when it is not the orderer"))
        self.sender.setMaxLength(LIMITS["sender_name"])
        self.wrap = QCheckBox(self.tr("Gift wrapping"), objectName="giftWrap")
        self.memo = QPlainTextEdit(objectName="memo")
        self.memo.setTabChangesFocus(True)
        self.memo.setMaximumHeight(60)
        self.errors = FieldErrors()
        form = QFormLayout(self)
        row = QHBoxLayout()
        row.addWidget(self.use_date)
        row.addWidget(self.date, 1)
        row.addWidget(self.earliest)
        holder = QWidget()
        holder.setLayout(row)
        self.errors.add(form, "delivery.date", self.tr("Delivery date"), holder, mark=self.date)
        self.errors.add(form, "delivery.slot", self.tr("Time slot"), self.slot)
        noshi = QHBoxLayout()
        noshi.addWidget(self.omote)
        noshi.addWidget(self.noshi_name, 1)
        noshi.addWidget(self.noshi_kind)
        noshi.addWidget(self.wrap)
        holder2 = QWidget()
        holder2.setLayout(noshi)
        self.errors.add(form, "noshi.omote", self.tr("Noshi (inscription)"), holder2,
                        mark=self.omote)
        self.errors.add(form, "sender_name", self.tr("Gift sender"), self.sender)
        self.errors.add(form, "memo", self.tr("Memo"), self.memo)
        self._earliest: date | None = None
        self.use_date.toggled.connect(self._use_date)
        for signal in (self.use_date.toggled, self.date.dateChanged, self.slot.currentIndexChanged,
                       self.omote.currentTextChanged, self.noshi_name.textEdited,
                       self.noshi_kind.currentIndexChanged, self.sender.textEdited,
                       self.wrap.toggled, self.memo.textChanged):
            signal.connect(lambda *_a: self.changed.emit())

    def set_earliest(self, earliest: date | None) -> None:
        self._earliest = earliest
        weekday = QLocale().dayName(earliest.isoweekday(), QLocale.FormatType.ShortFormat) \
            if earliest else ""
        self.earliest.setText(fmt.arg(self.tr("earliest %1/%2 (%3)"), earliest.month,
                                      earliest.day, weekday) if earliest else "")

    def _use_date(self, on: bool) -> None:
        """Ticking 日付指定 starts from the earliest date the carrier can make."""
        self.date.setEnabled(on)
        if on and self._earliest and self.date.date().toPython() < self._earliest:
            e = self._earliest
            self.date.setDate(QDate(e.year, e.month, e.day))

    def delivery_date(self) -> date | None:
        return self.date.date().toPython() if self.use_date.isChecked() else None

    def set_values(self, delivery_date: date | None, slot: str | None, noshi: Noshi | None,
                   gift_wrap: bool, memo: str, sender_name: str = "") -> None:
        self.use_date.setChecked(delivery_date is not None)
        if delivery_date:
            self.date.setDate(QDate(delivery_date.year, delivery_date.month, delivery_date.day))
        index = self.slot.findData(slot)
        self.slot.setCurrentIndex(max(0, index))
        self.omote.setCurrentText(noshi.omote if noshi else "")
        self.noshi_name.setText(noshi.name if noshi else "")
        self.noshi_kind.setCurrentIndex(max(0, self.noshi_kind.findData(
            noshi.kind if noshi else "soto")))
        self.sender.setText(sender_name)
        self.wrap.setChecked(gift_wrap)
        self.memo.setPlainText(memo)

    def noshi(self) -> Noshi | None:
        omote, name = self.omote.currentText().strip(), self.noshi_name.text().strip()
        return (Noshi(omote, name, self.noshi_kind.currentData() or "soto")
                if omote or name else None)


class TotalsPanel(QWidget):
    KEYS = ("items8", "items10", "shipping", "cod", "total")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        self.values: dict[str, QLabel] = {}
        titles = (self.tr("8% items"), self.tr("10% items"), self.tr("Shipping"),
                  self.tr("COD fee"), self.tr("Total (tax incl.)"))
        for r, (key, title) in enumerate(zip(self.KEYS, titles, strict=True)):
            value = QLabel("—", objectName=f"total:{key}", wordWrap=True)  # never widens
            value.setAlignment(Qt.AlignmentFlag.AlignRight)
            # wide enough for 「（うち消費税 ¥9,999）」 on its own line, whatever the font
            value.setMinimumWidth(value.fontMetrics().horizontalAdvance("（うち消費税 ¥9,999）"))
            grid.addWidget(QLabel(title), r, 0)
            grid.addWidget(value, r, 1)
            self.values[key] = value
        grid.setColumnStretch(1, 1)  # the amounts take what the titles leave
        self.values["total"].setStyleSheet("font-size: 18pt; font-weight: bold;")
        self.note = QLabel(objectName="totalsNote", wordWrap=True)
        self.note.setStyleSheet("color: #555;")
        grid.addWidget(self.note, len(self.KEYS), 0, 1, 2)

    def set_preview(self, preview: Preview, has_lines: bool = True) -> None:
        t = preview.totals if has_lines else None  # no 送料 before the first line
        for rate in (8, 10):
            base = t.subtotal_by_rate[rate] if t else preview.items_by_rate[rate]
            tax = t.tax_by_rate[rate] if t else None
            self.values[f"items{rate}"].setText(
                fmt.arg(self.tr("%1\n(tax %2)"), yen(base), yen(tax)) if tax is not None
                else yen(base))
        self.values["shipping"].setText(yen(t.shipping_fee) if t else "—")
        self.values["cod"].setText(yen(t.cod_fee) if t else "—")
        self.values["total"].setText(yen(t.total) if t else "—")
        self.note.setText(domain_text.message(preview.problem) if preview.problem else "")
