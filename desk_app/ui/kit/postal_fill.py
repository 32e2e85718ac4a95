"""郵便番号 → 住所 for the registration form: look up as soon as seven digits are typed.

About one code in a hundred covers two or more places (068-0546 is both 南部青葉町 and
南部菊水町 in 夕張市); the form then lists them and fills nothing until the clerk chooses,
because a guessed town is a parcel that comes back. The lookup reads Japan Post's data
through the worker, like every other query.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtWidgets import QLineEdit, QListWidgetItem

from desk_app.domain.postal import clean_code
from desk_app.services import calldesk


class EnterAfterLookup(QObject):
    """On the address line the look-up put the keyboard in: the first Enter there, before
    anything else is typed, is the one the clerk pressed after the postal code (「Enterで
    住所検索」) — the look-up already ran on the seventh digit — so it stays in the address
    line instead of moving on to 建物名, where the house number then went."""

    def __init__(self, edit: QLineEdit) -> None:
        super().__init__(edit)
        self.armed = False
        edit.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.KeyPress and self.armed:
            self.armed = False
            if (event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                    and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier):
                return True
        elif kind == QEvent.Type.FocusOut:
            self.armed = False
        return False


class PostalFillMixin:
    """Needs ``edits`` (the postal code under :attr:`POSTAL_FIELD`; city and address1 for
    the default :meth:`apply_place`, with ``prefecture``), ``candidates``, ``postal_status`` and
    ``services`` on the widget it is mixed into. A form with one address line (店舗情報)
    overrides :meth:`apply_place`."""

    POSTAL_FIELD = "postal"

    def _postal_typed(self, text: str) -> None:
        if clean_code(text):
            self.find_address()

    def find_address(self) -> None:
        code = clean_code(self.edits[self.POSTAL_FIELD].text())
        if code is None:
            self.postal_status.setText(QCoreApplication.translate(
                "RegisterDialog", "Enter the 7-digit postal code."))
            return
        self.services.tasks.submit(lambda ctx: calldesk.postal_lookup(ctx, code),
                                    on_done=self._postal_found, key=f"postal-{id(self)}")

    def _postal_found(self, places) -> None:
        self.candidates.clear()
        self.candidates.setVisible(len(places) > 1)
        if not places:
            self.postal_status.setText(QCoreApplication.translate(
                "RegisterDialog", "Postal code not found. Please type the address directly."))
            return
        if len(places) == 1:
            self.apply_place(places[0])
            return
        self.postal_status.setText(QCoreApplication.translate(
            "RegisterDialog", "This code covers several places: choose one."))
        for place in places:
            item = QListWidgetItem(place.address)
            item.setData(Qt.ItemDataRole.UserRole, place)
            self.candidates.addItem(item)
        self.candidates.setCurrentRow(0)
        self.candidates.setFixedHeight(self.candidates.sizeHintForRow(0) * len(places) + 8)
        self.candidates.setFocus()

    def _candidate_chosen(self, item: QListWidgetItem) -> None:
        self.apply_place(item.data(Qt.ItemDataRole.UserRole))
        self.candidates.setVisible(False)

    def apply_place(self, place) -> None:
        self.prefecture.setCurrentIndex(max(0, self.prefecture.findData(place.prefecture)))
        self.edits["city"].setText(place.city)
        self.edits["address1"].setText(place.town)
        self.postal_status.setText(place.address)
        typing = self.edits[self.POSTAL_FIELD].hasFocus()  # the keyboard was in the code
        address = self.edits["address1"]
        address.setFocus()
        address.end(False)
        guard = address.findChild(EnterAfterLookup) or EnterAfterLookup(address)
        guard.armed = typing and address.hasFocus()
