"""The customer's fields, one form for 新規顧客登録 and 顧客情報の修正.

Both dialogs ask the same things in the same order with the same behaviour, so they share
this widget rather than each building its own copy: 氏名, フリガナ (hiragana and half-width
become katakana), 会社名 / 部署名, phones (add, remove, kind — a 090/080/070 number is a 携帯
unless the clerk chose the kind), 郵便番号 that fills 都道府県・市区町村・町域 as soon as seven
digits are there or on Enter (a code shared by several places lists them and guesses
nothing; Esc closes that list, not the form), the address lines, e-mail, 生年月日 in 西暦 or
和暦 read back in both calendars, DM, and the caution text (in red) with the flags the app
enforces (代引不可, DM不可). :meth:`CustomerFields.values` gives the form as the customer
rules read it (``domain.customer_rules.check``, names as ``desk-app customer show`` prints
them); :meth:`CustomerFields.show_field_errors` puts each refusal under its own field.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain import wareki
from desk_app.domain.customer import CustomerCard
from desk_app.domain.customer_rules import CAUTION_FLAG_LABELS, CAUTION_FLAGS, default_phone_kind
from desk_app.domain.kana import to_katakana_reading
from desk_app.domain.money import PREFECTURES
from desk_app.domain.text import LIMITS
from desk_app.ui.kit import fmt
from desk_app.ui.kit.field_errors import error_label
from desk_app.ui.kit.postal_fill import PostalFillMixin
from desk_app.ui.kit.resources import is_japanese

TEXTS = ("name", "kana", "company", "department", "postal", "city", "address1", "address2",
         "email", "birthday", "caution_note")
_LIMIT_OF = {"postal": "postal_code"}  # form key → domain.text.LIMITS key
MAX_ROWS = 5


class PhoneRow(QWidget):
    """One phone: kind, number, 削除 (a fixed row has no 削除), its message underneath."""

    removed = Signal(object)

    def __init__(self, kind: str = "home", number: str = "", parent=None, *,
                 removable: bool = True) -> None:
        super().__init__(parent)
        self.kind = QComboBox()
        for key, label in fmt.phone_kinds().items():
            self.kind.addItem(label, key)
        self.kind.setCurrentIndex(max(0, self.kind.findData(kind)))
        self.number = QLineEdit(number)
        self.number.setMaxLength(LIMITS["phone"])
        self.number.setPlaceholderText("03-1234-5678")
        self._chosen = bool(number)
        self.kind.activated.connect(lambda _i: setattr(self, "_chosen", True))
        self.number.textEdited.connect(self._follow)
        self.remove = QPushButton(self.tr("Remove"))
        self.remove.setAutoDefault(False)
        self.remove.setVisible(removable)
        self.remove.clicked.connect(lambda: self.removed.emit(self))
        self.error = error_label("error:phone")
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.kind)
        row.addWidget(self.number, 1)
        row.addWidget(self.remove)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(1)
        box.addLayout(row)
        box.addWidget(self.error)

    def _follow(self, text: str) -> None:
        if not self._chosen and sum(c.isdigit() for c in text) >= 3:
            self.kind.setCurrentIndex(max(0, self.kind.findData(default_phone_kind(text))))

    def set_kind(self, kind: str, *, chosen: bool = True) -> None:
        self.kind.setCurrentIndex(max(0, self.kind.findData(kind)))
        self._chosen = chosen

    def value(self) -> dict:
        return {"kind": self.kind.currentData(), "number": self.number.text()}


class CustomerFields(PostalFillMixin, QWidget):
    """The form. *phones*: the kinds of the rows that are always there (registration
    starts with 自宅 and 携帯); more rows can be added, up to :data:`MAX_ROWS`."""

    changed = Signal()  # any field edited (drafts follow it)

    def __init__(self, services, parent: QWidget | None = None, *,
                 fixed_phones: tuple[str, ...] = ()) -> None:
        super().__init__(parent)
        self.services = services
        self.edits = {key: QLineEdit(objectName=f"edit_{key}") for key in TEXTS}
        for key, edit in self.edits.items():
            edit.setMaxLength(LIMITS[_LIMIT_OF.get(key, key)])
        e = self.edits
        e["kana"].setPlaceholderText(self.tr("Katakana (hiragana is converted)"))
        e["postal"].setPlaceholderText(self.tr("123-4567 (Enter looks up the address)"))
        e["birthday"].setPlaceholderText(self.tr("1970/3/1 or S45.3.1 or 昭和45年3月1日"))
        e["caution_note"].setStyleSheet("color: #c62828;")
        self.prefecture = QComboBox()
        self.prefecture.addItem("", "")
        for p in PREFECTURES:
            self.prefecture.addItem(p, p)
        self.postal_button = QPushButton(self.tr("Find address"))
        self.postal_button.setAutoDefault(False)
        self.candidates = QListWidget()
        self.candidates.setVisible(False)
        self.candidates.itemActivated.connect(self._candidate_chosen)
        self.candidates.installEventFilter(self)
        self.postal_status = QLabel()
        self.birthday_status = QLabel()
        self.dm = QCheckBox(self.tr("DM allowed"))
        self.dm.setChecked(True)
        self.flags = {flag: QCheckBox(CAUTION_FLAG_LABELS[flag][0 if is_japanese() else 1])
                      for flag in CAUTION_FLAGS}
        self.phone_rows: list[PhoneRow] = []
        self._sent_rows: list[PhoneRow] = []  # the rows behind values()["phones"], in order
        self.phones_box = QVBoxLayout()
        self.phones_box.setContentsMargins(0, 0, 0, 0)
        self.add_phone = QPushButton(self.tr("Add phone number"))
        self.add_phone.setAutoDefault(False)
        self.add_phone.clicked.connect(lambda: self.add_phone_row("home", "", focus=True))

        self.field_errors: dict[str, QLabel] = {}
        form = QFormLayout()
        form.addRow(self.tr("Name"), self._with_error(e["name"], "name"))
        form.addRow(self.tr("Reading"), self._with_error(e["kana"], "kana"))
        form.addRow(self.tr("Company"), self._with_error(e["company"], "company"))
        form.addRow(self.tr("Department"), self._with_error(e["department"], "department"))
        phones = QWidget()
        phones_layout = QVBoxLayout(phones)
        phones_layout.setContentsMargins(0, 0, 0, 0)
        phones_layout.addLayout(self.phones_box)
        phones_layout.addWidget(self.add_phone, 0, Qt.AlignmentFlag.AlignLeft)
        form.addRow(self.tr("Phone"), self._with_error(phones, "phones"))
        postal_row = QWidget()
        pr = QHBoxLayout(postal_row)
        pr.setContentsMargins(0, 0, 0, 0)
        pr.addWidget(e["postal"], 1)
        pr.addWidget(self.postal_button)
        form.addRow(self.tr("Postal code"), self._with_error(postal_row, "postal_code"))
        form.addRow("", self.postal_status)
        form.addRow("", self.candidates)
        form.addRow(self.tr("Prefecture"), self._with_error(self.prefecture, "prefecture"))
        form.addRow(self.tr("City"), self._with_error(e["city"], "city"))
        form.addRow(self.tr("Town and number"), self._with_error(e["address1"], "address1"))
        form.addRow(self.tr("Building"), self._with_error(e["address2"], "address2"))
        form.addRow(self.tr("E-mail"), self._with_error(e["email"], "email"))
        form.addRow(self.tr("Birthday"), self._with_error(e["birthday"], "birthday"))
        form.addRow("", self.birthday_status)
        form.addRow("", self._with_error(self.dm, "dm_allowed"))
        flags = QWidget()
        fl = QHBoxLayout(flags)
        fl.setContentsMargins(0, 0, 0, 0)
        for box in self.flags.values():
            fl.addWidget(box)
        fl.addStretch(1)
        form.addRow(self.tr("Caution"), self._with_error(e["caution_note"], "caution_note"))
        form.addRow("", self._with_error(flags, "caution_flags"))
        self.setLayout(form)
        # in a scroll area the form scrolls rather than shrink below what it needs: shrunk to
        # its minimum it squeezed the phone rows to half height once field errors appeared
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)

        for kind in fixed_phones:
            self.add_phone_row(kind, "", removable=False)
        e["kana"].editingFinished.connect(self._fold_kana)
        e["postal"].textChanged.connect(self._postal_typed)  # seven digits: look it up
        e["postal"].returnPressed.connect(self.find_address)
        self.postal_button.clicked.connect(self.find_address)
        e["birthday"].textChanged.connect(self._birthday_typed)
        for edit in e.values():
            edit.textChanged.connect(lambda _t: self.changed.emit())
        for combo in (self.prefecture,):
            combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
        for box in (self.dm, *self.flags.values()):
            box.toggled.connect(lambda _b: self.changed.emit())

    # -- building ---------------------------------------------------------------------
    def _tab_order(self) -> None:
        """Tab goes as the form reads: the phone rows (made after the other fields, so by
        default last, after 注意) between 部署名 and 「電話番号を追加」."""
        e = self.edits
        chain = [e["name"], e["kana"], e["company"], e["department"]]
        for row in self.phone_rows:
            chain += [row.kind, row.number, row.remove]
        chain += [self.add_phone, e["postal"], self.postal_button, self.candidates,
                  self.prefecture, e["city"], e["address1"], e["address2"], e["email"],
                  e["birthday"], self.dm, e["caution_note"], *self.flags.values()]
        for a, b in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(a, b)

    def _with_error(self, widget: QWidget, field: str) -> QWidget:
        box = QWidget()
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(1)
        lay.addWidget(widget)
        label = error_label(f"error:{field}")
        lay.addWidget(label)
        self.field_errors[field] = label
        return box

    def add_phone_row(self, kind: str, number: str, focus: bool = False, *,
                      removable: bool = True) -> PhoneRow | None:
        if len(self.phone_rows) >= MAX_ROWS:
            return None
        row = PhoneRow(kind, number, removable=removable)
        row.removed.connect(self.remove_phone_row)
        row.number.textChanged.connect(lambda _t: self.changed.emit())
        row.kind.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.phone_rows.append(row)
        self.phones_box.addWidget(row)
        self.add_phone.setEnabled(len(self.phone_rows) < MAX_ROWS)
        self._tab_order()
        if focus:
            row.number.setFocus()
        return row

    def remove_phone_row(self, row: PhoneRow) -> None:
        self.phone_rows.remove(row)
        row.setParent(None)
        row.deleteLater()
        self.add_phone.setEnabled(True)
        self._tab_order()
        self.changed.emit()

    # -- filling ----------------------------------------------------------------------
    def fill(self, card: CustomerCard) -> None:
        """The record as it is (顧客情報の修正)."""
        s = card.summary
        self.set_texts({"name": s.name, "kana": s.kana, "company": card.company or "",
                        "department": card.department or "",
                        "postal": fmt.postal(card.postal_code).lstrip("〒")
                        if card.postal_code else "",
                        "city": card.city or "", "address1": card.address1 or "",
                        "address2": card.address2 or "", "email": card.email or "",
                        "birthday": card.birthday.isoformat() if card.birthday else "",
                        "caution_note": card.caution_note or ""})
        if card.birthday:
            self.birthday_status.setText(wareki.describe(card.birthday))
        self.prefecture.setCurrentIndex(max(0, self.prefecture.findData(card.prefecture or "")))
        self.dm.setChecked(card.dm_allowed)
        for flag, box in self.flags.items():
            box.setChecked(flag in card.caution_flags)
        for phone in card.phones:
            self.add_phone_row(phone.kind, phone.display)
        if not self.phone_rows:
            self.add_phone_row("home", "")

    def set_texts(self, texts: dict[str, str]) -> None:
        """Fields set without the postal lookup firing (a filled or restored form)."""
        for key, text in texts.items():
            edit = self.edits[key]
            edit.blockSignals(True)
            edit.setText(text)
            edit.blockSignals(False)

    # -- typing helpers -----------------------------------------------------------------
    def _fold_kana(self) -> None:
        edit = self.edits["kana"]
        folded = to_katakana_reading(edit.text())
        if folded != edit.text():
            edit.setText(folded)

    def _birthday_typed(self, text: str) -> None:
        if not text.strip():
            self.birthday_status.setText("")
            return
        try:
            value = wareki.parse_birthday(text, today=self.services.today())
        except wareki.WarekiError as exc:
            self.birthday_status.setText(str(exc).split(" (")[0])
            self.birthday_status.setStyleSheet("color: #a33;")
        else:
            self.birthday_status.setText(wareki.describe(value))
            self.birthday_status.setStyleSheet("color: #1e5e2e;")

    # -- reading ----------------------------------------------------------------------
    def values(self) -> dict:
        """The form as the rules read it (names as ``customer show`` prints them); empty
        phone rows are left out (an emptied row is a removed phone)."""
        e = {k: v.text() for k, v in self.edits.items()}
        self._sent_rows = [r for r in self.phone_rows if r.number.text().strip()]
        return {
            "name": e["name"], "kana": e["kana"], "company": e["company"],
            "department": e["department"], "postal_code": e["postal"],
            "prefecture": self.prefecture.currentData() or "", "city": e["city"],
            "address1": e["address1"], "address2": e["address2"], "email": e["email"],
            "birthday": e["birthday"], "caution_note": e["caution_note"],
            "dm_allowed": self.dm.isChecked(),
            "caution_flags": [f for f, box in self.flags.items() if box.isChecked()],
            "phones": [r.value() for r in self._sent_rows]}

    def typed(self, ignore_phone: str = "") -> bool:
        """Anything typed (*ignore_phone*: the number the call brought does not count)."""
        return (any(edit.text().strip() for edit in self.edits.values())
                or any(r.number.text().strip() not in ("", ignore_phone)
                       for r in self.phone_rows))

    def show_field_errors(self, by_field: dict[str, list[str]]) -> None:
        """Each message under its field; a phone's under its own row."""
        rows: dict[int, list[str]] = {}
        for field, label in self.field_errors.items():
            texts = [t for f, msgs in by_field.items()
                     if _base(f) == field and not f.startswith("phones[") for t in msgs]
            label.setText("\n".join(texts))
            label.setVisible(bool(texts))
        for f, msgs in by_field.items():
            if f.startswith("phones["):
                index = int(f[len("phones["):].split("]")[0])
                rows.setdefault(index, []).extend(msgs)
        for row in self.phone_rows:
            sent = self._sent_rows.index(row) if row in self._sent_rows else -1
            texts = rows.get(sent, [])
            row.error.setText("\n".join(texts))
            row.error.setVisible(bool(texts))
        if "postal_code" in by_field:
            self.postal_status.setText("")

    def phone_errors(self) -> list[str]:
        return [r.error.text() for r in self.phone_rows if r.error.isVisibleTo(self)]

    def eventFilter(self, watched, event) -> bool:
        # Esc in the list of places for a shared postal code closes the list, not the form
        if (watched is self.candidates and event.type() == QEvent.Type.KeyPress
                and event.key() == Qt.Key.Key_Escape):
            self.candidates.setVisible(False)
            self.edits["postal"].setFocus()
            return True
        return super().eventFilter(watched, event)


def _base(field: str) -> str:
    return field.split("[")[0].split(".")[0]
