"""本日のフォロー: who gets a letter, a postcard or a call today, and printing them.

One line per customer (the rule, the fact behind it, the channel, the stage), filters by
rule and channel with a count per rule, the 住所未登録 list (customers to ask for an address
at their next call) and what was printed today. Printing goes through Qt print support:
print preview, printer choice, or a PDF file; afterwards the clerk confirms that the paper
came out and the letters are recorded as printed (they never come again; printing them
again from the 印刷済み tab is logged as a reprint).

Database work runs on the desk's worker (``services.letters`` use cases with their own
session); the pages are drawn on the GUI thread into the printer, as Qt's preview needs.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.print_layout import DEFAULT_LABEL_SHEET, LABEL_PRESETS
from desk_app.services import calldesk
from desk_app.services import letters as svc
from desk_app.services.base import ServiceError
from desk_app.ui.kit import fmt
from desk_app.ui.kit.screens import fit_to_screen
from desk_app.ui.kit.table_model import RowsModel, fit_columns
from desk_app.ui.printing.pdf_folder import ask_pdf_path, remember_pdf_folder

CHANNELS = ("letter", "postcard", "call")
MISSING_TAB = 1  # 住所未登録
PRINTED_TAB = 2  # 本日印刷済み


class FollowWindow(QDialog):
    """The 本日のフォロー window (menu 本日のフォロー…, Ctrl+L)."""

    printed = Signal()  # letters were recorded as printed

    def __init__(self, services, parent: QWidget | None = None,
                 loaded: tuple[svc.FollowList, dict[str, str]] | None = None) -> None:
        super().__init__(parent)
        # A window of its own, not a dialog over the main window: Enter on a line opens the
        # card in the main window, which must come in front of the list (a dialog, or any
        # window transient for the main window, is kept above it by the window manager)
        self.setWindowFlags(Qt.WindowType.Window)
        self.services = services
        self.setWindowTitle(self.tr("Today's follow-ups"))
        self.follow: svc.FollowList | None = None
        self.rule_names: dict[str, str] = {}
        self.loaded = 0  # answers received (tests wait on it)

        self.day = QDateEdit(calendarPopup=True)
        self.day.setDisplayFormat("yyyy/MM/dd")
        today = services.today()
        self.day.setDate(QDate(today.year, today.month, today.day))
        self.day.dateChanged.connect(lambda _d: self.reload())
        self.rule_filter = QComboBox()
        # its choices come with the list: sized on its first (empty) show it cut 「すべて（211）」;
        # sized to its contents it widened the window with a long rule name. Room for
        # 「すべてのフォロー (12345)」, the drop-down list as wide as its longest choice.
        self.rule_filter.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.rule_filter.setMinimumContentsLength(24)
        self.rule_filter.currentIndexChanged.connect(lambda _i: self._apply_filters())
        self.channel_filter = QComboBox()
        self.channel_filter.addItem(self.tr("All channels"), "")
        for key, text in self._channel_names().items():
            self.channel_filter.addItem(text, key)
        self.channel_filter.currentIndexChanged.connect(lambda _i: self._apply_filters())
        self.summary = QLabel()
        self.summary.setWordWrap(True)

        top = QHBoxLayout()
        for text, widget in ((self.tr("Day"), self.day), (self.tr("Follow-up"), self.rule_filter),
                             (self.tr("Channel"), self.channel_filter)):
            label = QLabel(text)
            label.setBuddy(widget)
            top.addWidget(label)
            top.addWidget(widget)
        top.addStretch(1)

        headers = [self.tr("Channel"), self.tr("Code"), self.tr("Name"), self.tr("Stage"),
                   self.tr("Follow-up"), self.tr("Reason"), self.tr("Until"),
                   self.tr("Phone / usual hours")]
        # a busy morning at a large shop has tens of thousands due: every line is a row
        # (Ctrl+End reaches the last), rendered only when it comes on screen
        self.due_model = RowsModel(headers, self._render)
        self.missing_model = RowsModel(headers, self._render)
        self.printed_model = RowsModel(headers, self._render, muted=True)  # done: greyed
        self.tabs = QTabWidget()
        self.views = []
        for model, title in ((self.due_model, self.tr("Due")),
                             (self.missing_model, self.tr("Address missing")),
                             (self.printed_model, self.tr("Printed today"))):
            view = QTableView()
            view.setModel(model)
            view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
            # one line at a time: Ctrl+End / Ctrl+Home select the line they move to, so
            # Enter opens the one the clerk sees highlighted
            view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
            view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            view.setAlternatingRowColors(True)
            view.verticalHeader().setVisible(False)
            view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
            view.horizontalHeader().setStretchLastSection(True)
            view.setTextElideMode(Qt.TextElideMode.ElideRight)
            view.doubleClicked.connect(lambda index, m=model: self._open(m, index.row()))
            view.activated.connect(lambda index, m=model: self._open(m, index.row()))
            self.views.append(view)
            self.tabs.addTab(view, title)
        self.missing_hint = QLabel(self.tr("Ask these customers for their address at their next "
                                           "call; the letter joins the next list."))
        self.missing_hint.setProperty("role", "muted")
        # the hint is about the 住所未登録 tab: shown under it only
        self.tabs.currentChanged.connect(
            lambda index: self.missing_hint.setVisible(index == MISSING_TAB))
        self.missing_hint.setVisible(self.tabs.currentIndex() == MISSING_TAB)

        self.what = QComboBox()
        for key, text in (("list", self.tr("List")),
                          ("letters", self.tr("Letters")),
                          ("labels", self.tr("Address labels")),
                          ("postcards", self.tr("Postcards"))):
            self.what.addItem(text, key)
        self.sheet = QComboBox()
        self.sheet.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.sheet.setMinimumContentsLength(20)
        for key, sheet in LABEL_PRESETS.items():
            self.sheet.addItem(sheet.name, key)
        self.sheet.setCurrentIndex(list(LABEL_PRESETS).index(DEFAULT_LABEL_SHEET))
        self.start = QSpinBox()
        self.start.setRange(1, 24)
        self.start.setPrefix(self.tr("from label "))
        self.what.currentIndexChanged.connect(lambda _i: self._what_changed())
        self.sheet.currentIndexChanged.connect(lambda _i: self._what_changed())
        self.preview_button = QPushButton(self.tr("Print preview…"))
        self.print_button = QPushButton(self.tr("Print…"))
        self.pdf_button = QPushButton(self.tr("Save as PDF…"))
        self.rules_button = QPushButton(self.tr("Rules…"))
        close = QPushButton(self.tr("Close"))
        for button in (self.preview_button, self.print_button, self.pdf_button,
                       self.rules_button, close):
            button.setAutoDefault(False)
        self.preview_button.clicked.connect(lambda: self.print_out("preview"))
        self.print_button.clicked.connect(lambda: self.print_out("printer"))
        self.pdf_button.clicked.connect(lambda: self.print_out("pdf"))
        self.rules_button.clicked.connect(self.open_rules)
        close.clicked.connect(self.close)
        # what to print on a row of its own, the sheet and start label keeping their room
        # while hidden: choosing 宛名ラベル never widens the window (it grew 876 → 1002 px at
        # 1280×800, under the pop-up column) nor moves the buttons
        kind = QHBoxLayout()
        for widget in (QLabel(self.tr("Print")), self.what, self.sheet, self.start):
            kind.addWidget(widget)
        kind.addStretch(1)
        for widget in (self.sheet, self.start):
            policy = widget.sizePolicy()
            policy.setRetainSizeWhenHidden(True)
            widget.setSizePolicy(policy)
        bottom = QHBoxLayout()
        for widget in (self.preview_button, self.print_button, self.pdf_button):
            bottom.addWidget(widget)
        bottom.addStretch(1)
        for widget in (self.rules_button, close):
            bottom.addWidget(widget)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.missing_hint)
        layout.addLayout(kind)
        layout.addLayout(bottom)
        QShortcut(QKeySequence("F5"), self, activated=self.reload)
        # 顧客情報の修正 for the selected line's customer, as F11 on the card (on 住所未登録
        # the dialog opens with the cursor in 郵便番号)
        QShortcut(QKeySequence("F11"), self, activated=self.edit_selected)
        self._what_changed()
        fit_to_screen(self, 1200, 680)  # beside the call column, never under the pop-ups
        if loaded is not None and loaded[0].day == self.selected_day():
            self._loaded(loaded)  # the morning check's list, not worked out again
        else:
            self.reload()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)  # sent before the window is mapped
        handle = self.windowHandle()
        if handle is not None:
            handle.setTransientParent(None)

    # -- words ------------------------------------------------------------------------------
    def _channel_names(self) -> dict[str, str]:
        return {"letter": self.tr("Letter"), "postcard": self.tr("Postcard"),
                "call": self.tr("Call")}

    def _render(self, line: svc.FollowLine) -> list[str]:
        reach = fmt.display_number(line.phone)  # 0188-83-5205, as in every other list
        if line.channel == "call" and line.usual_hours:
            reach = f"{reach}  {line.usual_hours}"
        return [self._channel_names().get(line.channel, line.channel), line.customer_code,
                line.name, line.stage, self.rule_names.get(line.rule, line.rule_name),
                line.reason, f"{line.last_day.month}/{line.last_day.day}", reach]

    # -- loading ----------------------------------------------------------------------------
    def selected_day(self) -> date:
        d = self.day.date()
        return date(d.year(), d.month(), d.day())

    def reload(self) -> None:
        day = self.selected_day()
        self.summary.setText(self.tr("Loading…"))  # a large shop waits a second or two
        self._off_queue(lambda ctx: load_list(ctx, day), self._loaded, key="follow-list")

    def _off_queue(self, fn: Callable[[Any], Any], on_done: Callable[[Any], None],
                   key: str | None = None) -> None:
        """*fn(ctx)* beside the database queue (``tasks.beside``): at a large shop the list
        takes seconds (1.8 s at a million customers) and the queue carries the pop-ups'
        lookups."""
        self.services.tasks.beside(fn, on_done, self._failed, key=key, name="follow-ups")

    def _loaded(self, result) -> None:
        self.follow, self.rule_names = result
        counts = self.follow.counts()
        current = self.rule_filter.currentData()
        self.rule_filter.blockSignals(True)
        self.rule_filter.clear()
        self.rule_filter.addItem(self.tr("All follow-ups (%1)").replace(
            "%1", str(len(self.follow.due))), "")
        for key, name in self.rule_names.items():
            self.rule_filter.addItem(f"{name} ({counts.get(key, 0)})", key)
        index = self.rule_filter.findData(current)
        self.rule_filter.setCurrentIndex(max(0, index))
        self.rule_filter.blockSignals(False)
        choices = self.rule_filter.view()  # a window of its own: never widens this one
        choices.setMinimumWidth(choices.sizeHintForColumn(0) + 24)
        self.tabs.setTabText(1, self.tr("Address missing") +
                             f" ({len(self.follow.address_missing)})")
        self._apply_filters()
        self.loaded += 1

    def _failed(self, exc: BaseException) -> None:
        QMessageBox.warning(self, self.windowTitle(), error_text(exc, self.services))

    def _filters(self) -> dict[str, list[str]]:
        rule, channel = self.rule_filter.currentData(), self.channel_filter.currentData()
        return {"rules": [rule] if rule else [], "channels": [channel] if channel else []}

    def _apply_filters(self) -> None:
        if self.follow is None:
            return
        f = self._filters()
        due = svc.filter_lines(self.follow.due, **f)
        self.due_model.set_items(due)
        self.missing_model.set_items(svc.filter_lines(self.follow.address_missing, **f))
        self.printed_model.set_items(svc.filter_lines(self.follow.printed, **f))
        parts = [f"{self.rule_names.get(k, k)} {n}" for k, n in self.follow.counts().items()]
        self.summary.setText(self.tr("%1 due, %2 shown").replace("%1", str(len(self.follow.due)))
                             .replace("%2", str(len(due))) + ("　" + "　".join(parts)
                                                               if parts else ""))
        for view in self.views:
            fit_columns(view, cap=260)  # on rows spread over the list, never all of it

    def _open(self, model: RowsModel, row: int) -> None:
        line = model.item(row)
        if line is not None:  # the main window comes forward with the card; the list stays
            self.services.navigation.open_customer(line.customer_id)

    def edit_selected(self) -> None:
        """F11: 顧客情報の修正 for the customer of the line selected on the tab shown."""
        view = self.views[self.tabs.currentIndex()]
        current = view.currentIndex()
        line = view.model().item(current.row()) if current.isValid() else None
        if line is None:
            return

        def loaded(card) -> None:
            if card is not None and self.isVisible():
                self.services.navigation.edit_customer(self, card)

        self.services.tasks.submit(lambda ctx: calldesk.card(ctx, line.customer_id),
                                   on_done=loaded)

    # -- printing ---------------------------------------------------------------------------
    def _what_changed(self) -> None:
        labels = self.what.currentData() == "labels"
        self.sheet.setVisible(labels)
        self.start.setVisible(labels)
        sheet = LABEL_PRESETS[self.sheet.currentData() or DEFAULT_LABEL_SHEET]
        self.start.setRange(1, sheet.per_sheet)

    def reprinting(self) -> bool:
        """Printing from the 本日印刷済み tab: an explicit reprint."""
        return self.tabs.currentIndex() == PRINTED_TAB

    def lines_to_print(self) -> Sequence[svc.FollowLine]:
        """What the chosen output prints, filtered: from the 本日印刷済み tab its lines
        again; otherwise the service's batch for that kind (what is due, and what was
        printed today as another kind but not yet as this one)."""
        what = self.what.currentData()
        if self.reprinting():
            return svc.for_output(self.printed_model.items, what)
        if self.follow is None:
            return ()
        return svc.filter_lines(self.follow.batch(what), **self._filters())

    def print_out(self, target: str, path: str | None = None) -> None:
        """Prepare the pages on the worker (templates merged, shop details), then draw
        them into the preview, the printer or a PDF file."""
        if self.follow is None:
            return
        what = self.what.currentData()
        lines = self.lines_to_print()
        again = self.reprinting()
        if not lines and what != "list":
            QMessageBox.information(self, self.windowTitle(),
                                    self.tr("Nothing to print for this selection."))
            return
        if target == "pdf" and path is None:
            path = ask_pdf_path(self, self.services, self.tr("Save as PDF"),
                                f"follow-{what}-{self.selected_day():%Y%m%d}.pdf")
            if path is None:
                return
        day = self.follow.day

        def job(ctx):
            built = tuple(lines)  # today's lines are built when first read: here, off the GUI
            shop = svc.shop_info(ctx)
            merged = svc.merge_letters(ctx, built, day, shop) if what == "letters" else None
            return built, (shop, merged)

        self._off_queue(job, lambda result: self._draw(target, what, result[0], result[1],
                                                       path, again))

    def render(self, device, what: str, lines, shop, merged) -> int:
        from desk_app.ui import printing

        if what == "list":
            follow = self.follow
            missing = svc.filter_lines(follow.address_missing, **self._filters())
            shown = svc.FollowList(follow.day, svc.FollowLines.of(lines),
                                   svc.FollowLines.of(missing), follow.waiting)
            return printing.render_list(device, shown, self.rule_names, shop)
        if what == "letters":
            return printing.render_letters(device, merged, shop, self.follow.day)
        if what == "labels":
            sheet = LABEL_PRESETS[self.sheet.currentData() or DEFAULT_LABEL_SHEET]
            return printing.render_labels(device, lines, sheet, self.start.value())
        return printing.render_postcards(device, lines, shop)

    def _draw(self, target: str, what: str, lines, prepared, path: str | None,
              again: bool = False) -> None:
        from desk_app.ui import printing

        shop, merged = prepared
        printing.ensure_app()
        if target == "pdf":
            printing.write_pdf(path, what, lambda device: self.render(device, what, lines,
                                                                      shop, merged))
            self.last_pdf = path
            remember_pdf_folder(self.services, path)
        else:
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            printer.setFullPage(True)
            if target == "preview":
                dialog = QPrintPreviewDialog(printer, self)
                dialog.paintRequested.connect(
                    lambda p: self.render(p, what, lines, shop, merged))
                self._preview = dialog
                if dialog.exec() != QDialog.DialogCode.Accepted:
                    return
            else:
                dialog = QPrintDialog(printer, self)
                if dialog.exec() != QDialog.DialogCode.Accepted:
                    return
                self.render(printer, what, lines, shop, merged)
        self._offer_mark(what, lines, again)

    def marked_lines(self, what: str, lines) -> list[svc.FollowLine]:
        """What a print records: the mail pieces; for the list, its call-list lines."""
        if what == "list":
            return [x for x in lines if x.channel == "call"]
        return list(lines)

    def _offer_mark(self, what: str, lines, again: bool = False) -> None:
        """Ask whether the paper came out; *again*: a reprint (from 本日印刷済み), which the
        store logs as such."""
        marked = self.marked_lines(what, lines)
        if not marked:
            return
        if again:
            question = self.tr("Did all %1 print correctly? They will be recorded as "
                               "reprinted.")
        else:
            question = self.tr("Did all %1 print correctly? They will be marked printed and "
                               "will not come again.")
        answer = QMessageBox.question(
            self, self.windowTitle(), question.replace("%1", str(len(marked))),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        if answer == QMessageBox.StandardButton.Yes:
            self.mark_printed(what, marked)

    def mark_printed(self, what: str, lines: Sequence[svc.FollowLine]) -> None:
        day = self.follow.day if self.follow else None

        def job(ctx):
            return svc.mark_printed(ctx, lines, what, day)

        def done(_counts) -> None:
            self.printed.emit()
            self.reload()

        self._off_queue(job, done)

    def open_rules(self) -> None:
        from desk_app.ui.letters.rules_editor import open_rules

        dialog = open_rules(self.services, self)
        dialog.saved.connect(self.reload, Qt.ConnectionType.UniqueConnection)
        self._rules_dialog = dialog


def error_text(exc: BaseException, services) -> str:
    """A refusal in the desk's language (message codes), anything else as it came."""
    if isinstance(exc, ServiceError):
        from desk_app.domain import messages

        lang = getattr(services, "language", "ja")
        return "\n".join(messages.text(p.code, p.params, lang) for p in exc.problems)
    return str(exc)


def load_list(ctx, day: date | None = None) -> tuple[svc.FollowList, dict[str, str]]:
    """What the window shows: the list on *day* (default: the desk's today) and the rules'
    names."""
    return svc.follow_list(ctx, day).value, {r.key: r.name for r in svc.rules(ctx)}


def morning_check(services, open_window: Callable[[Any], Any], morning_until: int = 12,
                  now: Callable[[], Any] | None = None) -> None:
    """Before *morning_until* o'clock (Japan time), work out today's list beside the database
    queue (``tasks.beside``) and, when anything is
    due, open the window with it (*open_window(loaded)*: the list is not worked out a
    second time); later in the day the desk starts as usual."""
    from desk_app.domain.clock import JST, now_utc

    current = (now or now_utc)().astimezone(JST)
    if current.hour >= morning_until:
        return

    def done(loaded) -> None:
        follow = loaded[0]
        if follow.due or follow.address_missing:
            open_window(loaded)

    services.tasks.beside(load_list, done, name="follow-ups")
