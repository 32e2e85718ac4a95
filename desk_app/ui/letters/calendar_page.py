"""設定 › フォロー › 営業日: the shop's business calendar.

Which weekdays the shop is closed (定休日), whether Japanese public holidays are closed,
and the shop's own closed dates (年末年始, お盆 …). One shop-wide setting: letter due dates
and the ship dates of parcels (order form, 同梱, Yamato export) all move to the next (or,
for a parcel that must arrive on a day, the previous) open day. Saved with 保存; the
dates list is edited with the date field and 追加 / 削除 (Enter in the date field adds).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.calendar import BusinessCalendar, holiday_name
from desk_app.services import letters as svc
from desk_app.ui.letters.follow_window import error_text


class CalendarPage(QWidget):
    saved = Signal()
    edited = Signal()  # the form changed (the dialog's draft follows it)
    ready = Signal()  # the stored calendar (or the draft over it) is shown

    def __init__(self, services, parent: QWidget | None = None,
                 draft: BusinessCalendar | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.loaded = 0
        self.stored: BusinessCalendar | None = None  # as loaded or last saved
        self._draft = draft  # unsaved edits from before (a crash): shown over the stored
        names = [self.tr("Monday"), self.tr("Tuesday"), self.tr("Wednesday"),
                 self.tr("Thursday"), self.tr("Friday"), self.tr("Saturday"), self.tr("Sunday")]
        self.weekdays = [QCheckBox(name) for name in names]
        self.holidays = QCheckBox(self.tr("Closed on Japanese public holidays"))
        self.date = QDateEdit(calendarPopup=True)
        self.date.setDisplayFormat("yyyy/MM/dd")
        self.date.setDate(QDate(services.today()))
        self.date.setKeyboardTracking(False)
        self.dates = QListWidget()
        self.add_button = QPushButton(self.tr("Add closed day"))
        self.remove_button = QPushButton(self.tr("Remove"))
        self.save_button = QPushButton(self.tr("Save business days"))
        for button in (self.add_button, self.remove_button, self.save_button):
            button.setAutoDefault(False)
        self.add_button.clicked.connect(self.add_date)
        self.remove_button.clicked.connect(self.remove_date)
        self.save_button.clicked.connect(self.save)
        self.date.lineEdit().returnPressed.connect(self.add_date)  # the field's own action
        for box in (*self.weekdays, self.holidays):
            box.toggled.connect(lambda _on: self.edited.emit())
        self.status = QLabel()
        self.status.setWordWrap(True)

        week = QGroupBox(self.tr("Closed every week"))
        week_row = QHBoxLayout(week)
        for box in self.weekdays:
            week_row.addWidget(box)
        week_row.addStretch(1)
        own = QGroupBox(self.tr("The shop's own closed days"))
        own_layout = QVBoxLayout(own)
        add_row = QHBoxLayout()
        add_row.addWidget(self.date)
        add_row.addWidget(self.add_button)
        add_row.addWidget(self.remove_button)
        add_row.addStretch(1)
        own_layout.addLayout(add_row)
        own_layout.addWidget(self.dates, 1)
        layout = QVBoxLayout(self)
        note = QLabel(self.tr("Letters due on a closed day move to the next open day; parcels "
                              "leave on open days only."))
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addWidget(week)
        layout.addWidget(self.holidays)
        layout.addWidget(own, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.save_button)
        layout.addLayout(bottom)
        self.reload()

    # -- values -----------------------------------------------------------------------------
    def calendar(self) -> BusinessCalendar:
        """The calendar as the form shows it (nothing saved yet)."""
        return BusinessCalendar.of(
            [i for i, box in enumerate(self.weekdays) if box.isChecked()],
            self.holidays.isChecked(),
            [self.dates.item(i).data(Qt.ItemDataRole.UserRole)
             for i in range(self.dates.count())])

    def changed(self) -> bool:
        """The form holds edits not saved yet."""
        return self.stored is not None and self.calendar() != self.stored

    def show_calendar(self, value: BusinessCalendar) -> None:
        for i, box in enumerate(self.weekdays):
            box.setChecked(i in value.closed_weekdays)
        self.holidays.setChecked(value.public_holidays)
        self.dates.clear()
        for day in sorted(value.closed_dates):
            self._add_item(day)

    def _add_item(self, day: date) -> None:
        label = f"{day:%Y/%m/%d}（{'月火水木金土日'[day.weekday()]}）"
        if name := holiday_name(day):
            label += f" {name}"
        item = QListWidgetItem(label)
        item.setData(Qt.ItemDataRole.UserRole, day)
        self.dates.addItem(item)

    def add_date(self) -> None:
        day = self.date.date().toPython()
        have = [self.dates.item(i).data(Qt.ItemDataRole.UserRole)
                for i in range(self.dates.count())]
        if day in have:
            return
        current = self.calendar()
        self.show_calendar(BusinessCalendar.of(current.closed_weekdays,
                                               current.public_holidays, [*have, day]))
        self.edited.emit()

    def remove_date(self) -> None:
        row = self.dates.currentRow()
        if row >= 0:
            self.dates.takeItem(row)
            self.edited.emit()

    # -- database ---------------------------------------------------------------------------
    def reload(self) -> None:
        self.services.tasks.submit(svc.calendar, on_done=self._loaded, on_error=self._failed)

    def _loaded(self, value: BusinessCalendar) -> None:
        self.stored = value
        self.show_calendar(self._draft or value)
        self._draft = None
        self.loaded += 1
        self.ready.emit()

    def _failed(self, exc: BaseException) -> None:
        self.status.setStyleSheet("color: #c62828;")
        self.status.setText(error_text(exc, self.services))

    def save(self) -> None:
        value, services = self.calendar(), self.services

        def job(ctx):
            return svc.save_calendar(ctx, value)

        def done(_result) -> None:
            self.stored = value
            self.status.setStyleSheet("")
            self.status.setText(self.tr("Saved."))
            self.saved.emit()

        services.tasks.submit(job, on_done=done, on_error=self._failed)
