"""設定 › フォロー: the follow-up rules and the letter templates, edited with a preview.

Rules tab: the shop's rules (shared by every desk) in priority order; the selected rule's
fields below; 「この設定で本日の件数」 counts today's list with the edited rules before
anything is saved; saving needs a reason, kept with who and when. Templates tab: each
template's text with the placeholders it may use (double-click inserts one) and a preview
filled with a sample customer; a template naming an unknown placeholder is refused with
the message, never saved. Business days tab (``calendar_page``): the shop's closed days.

Nothing typed is lost: picking another template over an unsaved text, and closing (閉じる,
Esc, the title bar's ×) over unsaved rules, text or business days, ask first (いいえ keeps
the edit). Saving one tab reloads only what it saved, never another tab's unsaved edits;
the selected rule stays selected, and the status line beside 閉じる says what was saved.
The unsaved edits are also kept on disk as they are made (a draft in ``store.drafts``, as
note drafts are, 300 ms after the last change): after a crash, or a quit with the dialog
open, the desk opens it again at start with them (:func:`reopen_with_draft`), still
unsaved; the draft goes when what it held is saved or the clerk discards it on close.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.calendar import BusinessCalendar
from desk_app.domain.letter_templates import PLACEHOLDERS
from desk_app.domain.letters import CHANNELS, MAX_OFFSET_DAYS, MAX_WINDOW_DAYS, TRIGGERS, Rule
from desk_app.services import letters as svc
from desk_app.store.drafts import FOLLOW_SETTINGS, Draft
from desk_app.ui.kit.keys import ask_discard
from desk_app.ui.kit.screens import fit_to_screen, present
from desk_app.ui.letters.calendar_page import CalendarPage
from desk_app.ui.letters.follow_window import error_text

log = logging.getLogger(__name__)

DRAFT_KEY = "follow-settings"  # one per desk: the rules, templates and calendar are the shop's
DRAFT_DELAY_MS = 300  # as the note editor's drafts

SEGMENT_CHOICES = ("", "優良", "流行", "コツコツ", "よちよち", "初回", "現役", "離脱",
                   "優良・現役", "優良・離脱", "流行・離脱", "コツコツ・離脱", "よちよち・離脱",
                   "初回・離脱")


class RulesDialog(QDialog):
    saved = Signal()

    def __init__(self, services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.setWindowTitle(self.tr("Follow-up settings"))
        self.rules: list[Rule] = []
        self.stored_rules: tuple[Rule, ...] = ()  # as loaded: what "unsaved" compares with
        self.templates: dict[str, str] = {}
        self.shown_template: str | None = None  # the key whose text the editor holds
        self.loaded = 0
        self._filling = False
        # unsaved edits a crash or a quit left on disk: shown over the stored values
        self._draft = services.drafts.load(DRAFT_KEY)
        self._draft_timer = QTimer(self, singleShot=True, interval=DRAFT_DELAY_MS)
        self._draft_timer.timeout.connect(self.save_draft)

        # -- rules tab
        self.table = QTableWidget(0, 6)
        self.table.setHorizontalHeaderLabels([self.tr("Priority"), self.tr("Name"),
                                              self.tr("Trigger"), self.tr("Days"),
                                              self.tr("Channel"), self.tr("On")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.currentCellChanged.connect(lambda row, *_: self._show_rule(row))
        self.name = QLineEdit()
        self.trigger = QComboBox()
        for key in TRIGGERS:
            self.trigger.addItem(self.trigger_names()[key], key)
        self.offset = QSpinBox()
        self.offset.setRange(-MAX_OFFSET_DAYS, MAX_OFFSET_DAYS)
        self.offset.setSuffix(self.tr(" days"))
        self.channel = QComboBox()
        for key in CHANNELS:
            self.channel.addItem(self.channel_names()[key], key)
        self.template = QComboBox()
        self.priority = QSpinBox()
        self.priority.setRange(1, 999)
        self.window_days = QSpinBox()
        self.window_days.setRange(1, MAX_WINDOW_DAYS)
        self.window_days.setSuffix(self.tr(" days"))
        self.segments = QComboBox()
        for choice in SEGMENT_CHOICES:
            self.segments.addItem(choice or self.tr("Everyone"), choice)
        self.max_orders = QSpinBox()
        self.max_orders.setRange(0, 999)
        self.max_orders.setSpecialValueText(self.tr("No limit"))
        self.segment = QComboBox()
        for choice in SEGMENT_CHOICES[1:]:
            self.segment.addItem(choice, choice)
        self.enabled = QCheckBox(self.tr("Use this rule"))
        form = QFormLayout()
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Trigger"), self.trigger)
        form.addRow(self.tr("Stage entered"), self.segment)
        form.addRow(self.tr("Days after the trigger"), self.offset)
        form.addRow(self.tr("Channel"), self.channel)
        form.addRow(self.tr("Template"), self.template)
        form.addRow(self.tr("Priority (1 first)"), self.priority)
        form.addRow(self.tr("Due for"), self.window_days)
        form.addRow(self.tr("Only for stage"), self.segments)
        form.addRow(self.tr("Only while orders at most"), self.max_orders)
        form.addRow("", self.enabled)
        for widget in (self.name,):
            widget.textEdited.connect(lambda _t: self._edited())
        for widget in (self.trigger, self.channel, self.template, self.segments, self.segment):
            widget.currentIndexChanged.connect(lambda _i: self._edited())
        for widget in (self.offset, self.priority, self.window_days, self.max_orders):
            widget.valueChanged.connect(lambda _v: self._edited())
        self.enabled.toggled.connect(lambda _b: self._edited())
        self.add_button = QPushButton(self.tr("Add rule"))
        self.remove_button = QPushButton(self.tr("Remove rule"))
        self.count_button = QPushButton(self.tr("Count today with these rules"))
        self.counts = QLabel()
        self.counts.setWordWrap(True)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("Why the rules change (kept with the change)"))
        self.save_button = QPushButton(self.tr("Save rules"))
        self.error = QLabel()
        self.error.setStyleSheet("color: #c62828;")
        self.error.setWordWrap(True)
        for button in (self.add_button, self.remove_button, self.count_button, self.save_button):
            button.setAutoDefault(False)
        self.add_button.clicked.connect(self.add_rule)
        self.remove_button.clicked.connect(self.remove_rule)
        self.count_button.clicked.connect(self.count_today)
        self.save_button.clicked.connect(self.save_rules)
        rules_page = QWidget()
        left = QVBoxLayout()
        left.addWidget(self.table, 1)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        left.addLayout(row)
        right = QVBoxLayout()
        right.addLayout(form)
        right.addWidget(self.count_button)
        right.addWidget(self.counts)
        right.addStretch(1)
        top = QHBoxLayout()
        top.addLayout(left, 3)
        top.addLayout(right, 2)
        save_row = QHBoxLayout()
        save_row.addWidget(QLabel(self.tr("Reason")))
        save_row.addWidget(self.reason, 1)
        save_row.addWidget(self.save_button)
        page = QVBoxLayout(rules_page)
        page.addLayout(top, 1)
        page.addWidget(self.error)
        page.addLayout(save_row)

        # -- templates tab
        self.template_list = QComboBox()
        self.template_list.currentIndexChanged.connect(lambda _i: self._template_picked())
        self.body = QPlainTextEdit()
        self.body.textChanged.connect(self.update_preview)
        self.placeholders = QListWidget()
        for name, meaning in PLACEHOLDERS.items():
            self.placeholders.addItem(f"{{{name}}}　{meaning}")
        self.placeholders.itemActivated.connect(self._insert_placeholder)
        self.preview = QPlainTextEdit()
        self.preview.setReadOnly(True)
        self.template_error = QLabel()
        self.template_error.setStyleSheet("color: #c62828;")
        self.template_error.setWordWrap(True)
        self.save_template_button = QPushButton(self.tr("Save template"))
        self.restore_button = QPushButton(self.tr("Restore the shipped text"))
        for button in (self.save_template_button, self.restore_button):
            button.setAutoDefault(False)
        self.save_template_button.clicked.connect(self.save_template)
        self.restore_button.clicked.connect(self.restore_template)
        templates_page = QWidget()
        t_layout = QVBoxLayout(templates_page)
        head = QHBoxLayout()
        head.addWidget(QLabel(self.tr("Template")))
        head.addWidget(self.template_list, 1)
        t_layout.addLayout(head)
        mid = QHBoxLayout()
        col = QVBoxLayout()
        col.addWidget(QLabel(self.tr("Text")))
        col.addWidget(self.body, 1)
        mid.addLayout(col, 3)
        col = QVBoxLayout()
        col.addWidget(QLabel(self.tr("Placeholders (double-click to insert)")))
        col.addWidget(self.placeholders, 1)
        mid.addLayout(col, 2)
        col = QVBoxLayout()
        col.addWidget(QLabel(self.tr("Preview")))
        col.addWidget(self.preview, 1)
        mid.addLayout(col, 3)
        t_layout.addLayout(mid, 1)
        t_layout.addWidget(self.template_error)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.restore_button)
        buttons.addWidget(self.save_template_button)
        t_layout.addLayout(buttons)

        self.tabs = QTabWidget()
        self.tabs.addTab(rules_page, self.tr("Rules"))
        self.tabs.addTab(templates_page, self.tr("Templates"))
        # 営業日: due dates and ship dates
        self.calendar_page = CalendarPage(services, draft=self._draft_calendar())
        self.calendar_page.saved.connect(self.saved)
        self.calendar_page.saved.connect(self.save_draft)
        self.calendar_page.edited.connect(self._draft_later)
        self.calendar_page.ready.connect(self._restored)
        self.tabs.addTab(self.calendar_page, self.tr("Business days"))
        self.status = QLabel()  # what was just saved; cleared by the next edit
        self.body.textChanged.connect(self.status.clear)
        self.body.textChanged.connect(self._draft_later)
        self.reason.textEdited.connect(lambda _t: self._draft_later())
        close = QPushButton(self.tr("Close"))
        close.setAutoDefault(False)
        close.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(close)
        layout.addLayout(bottom)
        fit_to_screen(self, 1180, 640)  # beside the call column, never under the pop-ups
        self.reload()

    # -- words ------------------------------------------------------------------------------
    def trigger_names(self) -> dict[str, str]:
        return {"first_order": self.tr("First order"), "any_order": self.tr("Every order"),
                "since_last_order": self.tr("Since the last order"),
                "replenish": self.tr("Product running out"),
                "birthday_month": self.tr("Birthday month"),
                "segment_entered": self.tr("Stage entered")}

    def channel_names(self) -> dict[str, str]:
        return {"letter": self.tr("Letter"), "postcard": self.tr("Postcard"),
                "call": self.tr("Call")}

    def template_names(self) -> dict[str, str]:
        """The shipped templates by key, in the order of the shipped rules that use them."""
        return {"thanks": self.tr("Thank-you letter"),
                "replenish": self.tr("Replenishment reminder"),
                "second": self.tr("Second-purchase letter"),
                "comeback": self.tr("Come-back letter"),
                "birthday": self.tr("Birthday letter")}

    def template_choices(self) -> list[tuple[str, str]]:
        """(shown name, key) of every template: a shipped one by its name, any other by the
        names of the rules that use it (its key when none does)."""
        names = self.template_names()
        known = [key for key in names if key in self.templates]
        others = sorted(key for key in self.templates if key not in names)
        return ([(names[key], key) for key in known]
                + [("・".join(r.name for r in self.rules if r.template == key) or key, key)
                   for key in others])

    # -- unsaved edits ----------------------------------------------------------------------
    def rules_changed(self) -> bool:
        return tuple(self.rules) != self.stored_rules

    def template_changed(self) -> bool:
        """The text in the editor differs from the shown template's stored text."""
        key = self.shown_template
        return key is not None and self.body.toPlainText() != self.templates.get(key, "")

    def unsaved(self) -> list[str]:
        """The tabs holding unsaved edits, by their names."""
        return [self.tabs.tabText(i) for i, changed in enumerate(
            (self.rules_changed(), self.template_changed(), self.calendar_page.changed()))
            if changed]

    def reject(self) -> None:
        """閉じる, Esc and the title bar's × (QDialog's closeEvent comes here): unsaved
        edits are discarded only when the clerk says so (default いいえ), and their draft
        with them."""
        unsaved = self.unsaved()
        if unsaved and not ask_discard(self, self.windowTitle(), self.tr(
                "Discard the unsaved changes (%1)?").replace("%1", "・".join(unsaved))):
            return
        self._draft_timer.stop()
        self.services.drafts.delete(DRAFT_KEY)
        super().reject()

    # -- the draft on disk ------------------------------------------------------------------
    def _ready(self) -> bool:
        """Everything loaded (and a draft from before shown): the form says what is unsaved."""
        return self.loaded >= 1 and self.calendar_page.loaded >= 1

    def _draft_later(self) -> None:
        if self._ready():
            self._draft_timer.start()

    def draft_fields(self) -> dict:
        """The unsaved edits, one entry per tab that has some."""
        fields: dict = {}
        if self.rules_changed():
            fields["rules"] = {"rules": [r.to_dict() for r in self.rules],
                               "reason": self.reason.text()}
        if self.template_changed():
            fields["template"] = {"key": self.shown_template, "text": self.body.toPlainText()}
        if self.calendar_page.changed():
            fields["calendar"] = self.calendar_page.calendar().to_dict()
        return fields

    def save_draft(self) -> None:
        """The unsaved edits to disk (none: the draft goes)."""
        if not self._ready():
            return
        self._draft_timer.stop()
        try:
            self.services.drafts.save(Draft(DRAFT_KEY, FOLLOW_SETTINGS, self.draft_fields(),
                                            operator_id=self.services.operator_id))
        except OSError as exc:  # the dialog still holds them; the status says so
            log.warning("follow settings draft not written: %s", exc)
            self.status.setText(self.tr("Could not keep the unsaved changes on disk: %1")
                                .replace("%1", str(exc)))

    def _draft_calendar(self) -> BusinessCalendar | None:
        raw = self._draft.fields.get("calendar") if self._draft else None
        try:
            return BusinessCalendar.from_dict(raw) if raw else None
        except (ValueError, TypeError) as exc:
            log.warning("draft business days unreadable, left out: %s", exc)
            return None

    def _apply_draft(self) -> None:
        """The draft's rules and template text over what was just loaded."""
        fields = self._draft.fields if self._draft else {}
        if part := fields.get("rules"):
            try:
                self.rules = [Rule.from_dict(d) for d in part["rules"]]
                self.reason.setText(str(part.get("reason", "")))
            except (KeyError, ValueError, TypeError) as exc:
                log.warning("draft rules unreadable, left out: %s", exc)
        part = fields.get("template")
        if part and (index := self.template_list.findData(part.get("key"))) >= 0:
            self.template_list.blockSignals(True)
            self.template_list.setCurrentIndex(index)
            self.template_list.blockSignals(False)
            self._show_template()
            self.body.setPlainText(str(part.get("text", "")))

    def _restored(self) -> None:
        """Once both loads are in: say that edits from before are back, unsaved."""
        if self._draft is None or not self._ready():
            return
        self._draft = None
        if unsaved := self.unsaved():
            self.status.setText(self.tr(
                "Changes that were not saved before are back (%1): save them, or close and "
                "discard them.").replace("%1", "・".join(unsaved)))

    # -- loading ----------------------------------------------------------------------------
    def reload(self, rules: bool = True, templates: bool = True) -> None:
        """Load the rules and/or the templates (a save reloads only what it saved)."""
        services = self.services

        def job(ctx):
            return (svc.rules(ctx) if rules else None,
                    svc.templates(ctx) if templates else None)

        services.tasks.submit(job, on_done=self._loaded, on_error=self._failed)

    def _loaded(self, result) -> None:
        rules, templates = result
        if rules is not None:
            row = self.table.currentRow()
            selected = self.rules[row].key if 0 <= row < len(self.rules) else None
            self.rules, self.stored_rules = list(rules), tuple(rules)
        if templates is not None:
            self.templates = dict(templates)
            self._fill_template_choosers()
            self._show_template()
        if self.loaded == 0 and self._draft is not None:
            self._apply_draft()
        if rules is not None:  # the rule that was selected stays selected (saved rules re-sort)
            row = next((i for i, r in enumerate(self.rules) if r.key == selected), 0)
            self._fill_table()
            self.table.setCurrentCell(row, 1)
            self._show_rule(row)
        self.loaded += 1
        self._restored()
        self.save_draft()  # what was just saved leaves the draft

    def _fill_template_choosers(self) -> None:
        self.template.blockSignals(True)
        self.template.clear()
        self.template.addItem(self.tr("(none)"), "")
        choices = self.template_choices()
        for shown, key in choices:
            self.template.addItem(shown, key)
        self.template.blockSignals(False)
        current = self.template_list.currentData()
        self.template_list.blockSignals(True)
        self.template_list.clear()
        for shown, key in choices:
            self.template_list.addItem(shown, key)
        self.template_list.setCurrentIndex(max(0, self.template_list.findData(current)))
        self.template_list.blockSignals(False)
        row = self.table.currentRow()
        if 0 <= row < len(self.rules):  # the rule shown keeps its template in the form
            self._show_rule(row)

    def _failed(self, exc: BaseException) -> None:
        """A refusal is shown under the form (red), not in a box that takes the keyboard."""
        self.status.clear()
        self.error.setText(error_text(exc, self.services))

    def _fill_table(self) -> None:
        self.table.setRowCount(len(self.rules))
        for row, rule in enumerate(self.rules):
            cells = (str(rule.priority), rule.name, self.trigger_names().get(rule.trigger,
                                                                             rule.trigger),
                     f"{rule.offset_days:+d}", self.channel_names().get(rule.channel, rule.channel),
                     "✓" if rule.enabled else "")
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col in (0, 3):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, col, item)
        self.table.resizeColumnsToContents()

    def _show_rule(self, row: int) -> None:
        if not 0 <= row < len(self.rules):
            return
        rule = self.rules[row]
        self._filling = True
        self.name.setText(rule.name)
        self.trigger.setCurrentIndex(max(0, self.trigger.findData(rule.trigger)))
        self.offset.setValue(rule.offset_days)
        self.channel.setCurrentIndex(max(0, self.channel.findData(rule.channel)))
        self.template.setCurrentIndex(max(0, self.template.findData(rule.template)))
        self.priority.setValue(rule.priority)
        self.window_days.setValue(rule.window_days)
        self.segments.setCurrentIndex(max(0, self.segments.findData(
            rule.segments[0] if rule.segments else "")))
        self.max_orders.setValue(rule.max_orders or 0)
        self.segment.setCurrentIndex(max(0, self.segment.findData(rule.segment)))
        self.segment.setEnabled(rule.trigger == "segment_entered")
        self.enabled.setChecked(rule.enabled)
        self._filling = False

    def _edited(self) -> None:
        """The form's values into the selected rule (the draft; nothing saved yet)."""
        if self._filling:
            return
        self.status.clear()
        row = self.table.currentRow()
        if not 0 <= row < len(self.rules):
            return
        segments = self.segments.currentData()
        trigger = self.trigger.currentData()
        self.segment.setEnabled(trigger == "segment_entered")
        self.rules[row] = replace(
            self.rules[row], name=self.name.text(), trigger=trigger,
            offset_days=self.offset.value(), channel=self.channel.currentData(),
            template=self.template.currentData() or "", priority=self.priority.value(),
            window_days=self.window_days.value(), segments=(segments,) if segments else (),
            max_orders=self.max_orders.value() or None,
            segment=self.segment.currentData() if trigger == "segment_entered" else "",
            enabled=self.enabled.isChecked())
        self._fill_table()
        self.table.blockSignals(True)
        self.table.setCurrentCell(row, 1)
        self.table.blockSignals(False)
        self._draft_later()

    def add_rule(self) -> None:
        keys = {r.key for r in self.rules}
        n = 1
        while f"rule{n}" in keys:
            n += 1
        self.rules.append(Rule(f"rule{n}", self.tr("New rule"), "first_order", 7, "letter",
                               "thanks", max((r.priority for r in self.rules), default=0) + 1))
        self._fill_table()
        self.table.setCurrentCell(len(self.rules) - 1, 1)
        self.name.setFocus()
        self.name.selectAll()
        self._draft_later()

    def remove_rule(self) -> None:
        row = self.table.currentRow()
        if not 0 <= row < len(self.rules):
            return
        answer = QMessageBox.question(
            self, self.windowTitle(), self.tr("Remove the rule “%1”?").replace(
                "%1", self.rules[row].name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        del self.rules[row]
        self._fill_table()
        self.table.setCurrentCell(min(row, len(self.rules) - 1), 1)
        self._draft_later()

    def count_today(self) -> None:
        services, rules = self.services, tuple(self.rules)

        def done(counts: dict[str, int]) -> None:
            self.counts.setText("　".join(f"{r.name} {counts.get(r.key, 0)}"
                                          for r in self.rules if r.enabled))

        # beside the database queue: at a large shop the list takes seconds
        services.tasks.beside(lambda ctx: svc.follow_list(ctx, rules=rules).value.counts(),
                              done, self._failed, key="follow-counts", name="follow-ups")

    def save_rules(self) -> None:
        services, rules, reason = self.services, tuple(self.rules), self.reason.text()

        def job(ctx):
            return svc.save_rules(ctx, rules, reason)

        def done(_result) -> None:
            self.reason.clear()
            self.error.clear()
            self.status.setText(self.tr("Rules saved."))
            self.saved.emit()
            self.reload(templates=False)

        services.tasks.submit(job, on_done=done, on_error=self._failed)

    # -- templates --------------------------------------------------------------------------
    def _template_picked(self) -> None:
        """Another template picked: over an unsaved text only when the clerk discards it."""
        if self.template_changed() and not ask_discard(
                self, self.windowTitle(),
                self.tr("Discard the unsaved changes to “%1”?").replace(
                    "%1", self.template_list.itemText(
                        self.template_list.findData(self.shown_template)))):
            self.template_list.blockSignals(True)
            self.template_list.setCurrentIndex(self.template_list.findData(self.shown_template))
            self.template_list.blockSignals(False)
            return
        self._show_template()

    def _show_template(self) -> None:
        name = self.template_list.currentData()
        self.shown_template = name
        self.body.blockSignals(True)
        self.body.setPlainText(self.templates.get(name, "") if name else "")
        self.body.blockSignals(False)
        self.update_preview()

    def _insert_placeholder(self, item) -> None:
        self.body.insertPlainText(item.text().split("　", 1)[0])
        self.body.setFocus()

    def update_preview(self) -> None:
        from desk_app.domain.shop import DEMO_SHOP
        from desk_app.services.base import ServiceError

        name = self.template_list.currentData() or "template"
        try:
            text = svc.preview_template(name, self.body.toPlainText(), DEMO_SHOP,
                                        self.services.today())
        except ServiceError as exc:
            self.template_error.setText(error_text(exc, self.services))
            self.preview.setPlainText("")
            self.save_template_button.setEnabled(False)
            return
        self.template_error.setText("")
        self.preview.setPlainText(text)
        self.save_template_button.setEnabled(True)

    def save_template(self) -> None:
        services = self.services
        name, body = self.template_list.currentData(), self.body.toPlainText()

        shown = self.template_list.currentText()

        def job(ctx):
            return svc.save_template(ctx, name, body)

        def done(_result) -> None:
            self.status.setText(self.tr("Template “%1” saved.").replace("%1", shown))
            self.reload(rules=False)

        services.tasks.submit(job, on_done=done, on_error=self._failed)

    def restore_template(self) -> None:
        services, name = self.services, self.template_list.currentData()
        answer = QMessageBox.question(
            self, self.windowTitle(), self.tr("Replace “%1” with the shipped text? Your edits "
                                              "are discarded.").replace(
                "%1", self.template_list.currentText()),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return

        shown = self.template_list.currentText()

        def job(ctx):
            return svc.save_template(ctx, name, None)

        def done(_result) -> None:
            self.status.setText(self.tr("“%1” has the shipped text again.").replace("%1", shown))
            self.reload(rules=False)

        services.tasks.submit(job, on_done=done, on_error=self._failed)


def shown_rules(services) -> RulesDialog | None:
    """The desk's フォローの設定 on screen, if it is."""
    return next((w for w in QApplication.topLevelWidgets()
                 if isinstance(w, RulesDialog) and w.services is services and w.isVisible()),
                None)


def open_rules(services, parent: QWidget) -> RulesDialog:
    """フォローの設定, one per desk: the Desk menu and 本日のフォロー bring the open one
    forward instead of a second copy (two would write over each other's draft)."""
    if (shown := shown_rules(services)) is not None:
        return present(shown)
    dialog = RulesDialog(services, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    return present(dialog)


def reopen_with_draft(window, services) -> RulesDialog | None:
    """At start: フォローの設定 again when a crash or a quit left unsaved edits in it (the
    dialog picks the draft up itself); None when there are none."""
    if services.drafts.load(DRAFT_KEY) is None:
        return None
    return window.open_follow_rules()
