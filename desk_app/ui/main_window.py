"""The main window: search and card, call log, missed calls, customer voices, recent calls.

Keyboard first: Ctrl+F (or F7) goes to the search box from anywhere, Ctrl+1…4 switch pages,
F1–F6 act on the newest pop-up (or on the open card when no call is ringing), F8 moves the
keyboard to the pop-ups, Ctrl+N registers a new customer, Ctrl+, opens the caller-ID settings
(saving them restarts the source). The Desk menu also holds the order work that is not tied to
a call: 新規受注 (Ctrl+O, the empty order form), 商品マスタ (Ctrl+M), ヤマトB2用CSV出力
(Ctrl+Shift+E: Ctrl+E moves to the end of a line in text fields) and 出荷分の納品書
(Ctrl+Shift+D: the delivery slips of a ship date). These keys are window-scoped so that the order form's own F-keys work while it has
the keyboard.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desk_app.callerid.base import SourceState, SourceStatus
from desk_app.services import operators
from desk_app.ui.core.context import Navigation
from desk_app.ui.customers.card import CustomerCardView
from desk_app.ui.desk.call_log import (
    CallLogRecorder,
    CallLogView,
    MissedCallsView,
    RecentCallsPanel,
)
from desk_app.ui.desk.popup_manager import PopupManager
from desk_app.ui.desk.search_panel import SearchPanel
from desk_app.ui.desk.source_slot import SourceSlot
from desk_app.ui.desk.voices import VoicesView
from desk_app.ui.kit import domain_text
from desk_app.ui.kit.screens import present
from desk_app.ui.orders.entry import open_order

log = logging.getLogger(__name__)


class ShellNavigation(Navigation):
    """How features open each other's screens: through the main window."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window

    def open_customer(self, customer_id: int) -> None:
        self.window.open_customer(customer_id)

    def open_order(self, parent: QWidget | None, customer_id: int | None,
                   repeat_last: bool = False, call_id: int | None = None,
                   order_id: int | None = None) -> bool:
        return open_order(parent or self.window, self.window.services, customer_id, repeat_last,
                          call_id, order_id)

    def register_customer(self, parent: QWidget | None, number: str | None = None,
                          call_id: int | None = None) -> QWidget | None:
        from desk_app.ui.customers.registration import RegisterDialog

        dialog = RegisterDialog(self.window.services, number=number, call_id=call_id,
                                parent=parent or self.window)
        return present(dialog)

    def edit_customer(self, parent: QWidget | None, card) -> QWidget | None:
        from desk_app.ui.customers.edit import open_customer_edit

        return open_customer_edit(parent or self.window, self.window.services, card)

    def focus_search(self) -> None:
        self.window.focus_search()

    def fallback_action(self, action: str) -> None:
        self.window.fallback_action(action)

    def show_status(self, text: str) -> None:
        self.window.statusBar().showMessage(text, 8000)


class MainWindow(QMainWindow):
    def __init__(self, services) -> None:
        super().__init__()
        self.services = services
        self.close_to_tray = False
        self.source_slot = SourceSlot(services.bridge, services.tasks)  # app.run starts it
        self.setWindowTitle(self.tr("Phone Order Desk"))
        self.search = SearchPanel(services)
        self.card = CustomerCardView(services)
        # 最近の着信 under the search results, as wide as they are: a column of its own at
        # the right edge was clipped to a few characters and took the room of the card
        self.recent = RecentCallsPanel(services)
        recent_box = QWidget(objectName="recentCalls")
        recent_layout = QVBoxLayout(recent_box)
        recent_layout.setContentsMargins(0, 0, 0, 0)
        recent_layout.setSpacing(2)
        caption = QLabel(self.tr("Recent calls"))
        caption.setProperty("role", "section")
        recent_layout.addWidget(caption)
        recent_layout.addWidget(self.recent, 1)
        self.left = QSplitter(Qt.Orientation.Vertical)
        self.left.addWidget(self.search)
        self.left.addWidget(recent_box)
        self.left.setStretchFactor(0, 3)
        self.left.setStretchFactor(1, 2)
        self.left.setChildrenCollapsible(False)
        split = QSplitter()
        split.addWidget(self.left)
        split.addWidget(self.card)
        split.setChildrenCollapsible(False)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setSizes([600, 800])
        self.call_log = CallLogView(services)
        self.missed = MissedCallsView(services)
        self.voices = VoicesView(services)
        self.tabs = QTabWidget()
        self.tabs.addTab(split, self.tr("Customers"))
        self.tabs.addTab(self.call_log, self.tr("Call log"))
        self.tabs.addTab(self.missed, self.tr("Missed calls"))
        self.tabs.addTab(self.voices, self.tr("Customer voices"))
        self.setCentralWidget(self.tabs)
        self.search.box.setFocus()  # a name typed at start goes into the search, not the tabs

        self.source_label = QLabel(self.tr("Caller ID: not connected"))
        self.operator_label = QLabel()
        self.statusBar().addPermanentWidget(self.operator_label)
        self.statusBar().addPermanentWidget(self.source_label)
        self.set_operator_label()

        for view in (self.search, self.call_log, self.missed, self.voices, self.recent):
            view.customer_activated.connect(self.open_customer)
        self.missed.register_number.connect(self.register_customer)
        self.missed.waiting_changed.connect(
            lambda n: self.tabs.setTabText(2, self.tr("Missed calls") + (f" ({n})" if n else "")))
        self.card.action_requested.connect(self._card_action)
        # the selected search row and the card shown are always the same customer
        self.card.opened.connect(self.search.show_customer)
        self.search.customer_selected.connect(self.card.load)
        self.tabs.currentChanged.connect(self._tab_changed)
        services.bridge.source_status.connect(self.show_source_status)
        self._build_menu()
        services.navigation = ShellNavigation(self)
        services.hub.calls_changed.connect(self._calls_changed)  # a bound slot: dropped
        # with the window, where a lambda would outlive it
        self.popups = PopupManager(services, self)
        self.log_recorder = CallLogRecorder(services, self)  # NCID's log lines: rows, no pop-up
        self.split = split
        self.fit_to_screen()
        # Esc on the main window closes the newest pop-up nobody worked on
        QShortcut(QKeySequence("Esc"), self, activated=self._escape)

    def fit_to_screen(self) -> None:
        """At most 1360×1000, inside the screen beside the pop-ups' column (1280×800 and
        1366×768 laptops included); the window never grows past the screen."""
        from desk_app.ui.kit.screens import fit_to_screen

        fit_to_screen(self, 1360, 1000)

    def _escape(self) -> None:
        if self.search.table.hasFocus():
            self.search.focus_search()  # Esc in the results goes back to the search box
            return
        self.popups.close_newest_untouched()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        width = self.split.width()
        left = int(width * (0.55 if width >= 1000 else 0.45))  # the search's columns, the card
        self.split.setSizes([left, width - left])

    def _build_menu(self) -> None:
        files = self.menuBar().addMenu(self.tr("&File"))
        history = QAction(self.tr("Import history…"), self, objectName="importHistory")
        history.triggered.connect(lambda _c=False: self.import_history())
        files.addAction(history)
        imports = QAction(self.tr("Import list…"), self, objectName="importList")
        imports.triggered.connect(lambda _c=False: self.import_list())
        files.addAction(imports)
        desk = self.menuBar().addMenu(self.tr("&Desk"))
        new = QAction(self.tr("Register new customer"), self, shortcut=QKeySequence("Ctrl+N"))
        new.triggered.connect(lambda: self.register_customer(None))
        desk.addAction(new)
        desk.addSeparator()
        for text, key, slot in ((self.tr("New order"), "Ctrl+O", self.new_order),
                                (self.tr("Product catalogue…"), "Ctrl+M", self.open_products),
                                (self.tr("Order list…"), "Ctrl+Shift+L", self.open_order_list),
                                (self.tr("Payment check…"), "Ctrl+Shift+P",
                                 lambda: self.open_order_list(awaiting=True)),
                                (self.tr("Yamato B2 CSV export…"), "Ctrl+Shift+E",
                                 self.export_yamato),
                                (self.tr("Delivery slips for a ship date…"), "Ctrl+Shift+D",
                                 self.open_day_slips),
                                (self.tr("Analysis…"), "F9", self.open_analysis),
                                (self.tr("Today's follow-ups…"), "Ctrl+L", self.open_follow_ups),
                                (self.tr("Follow-up rules and templates…"), "",
                                 self.open_follow_rules)):
            action = QAction(text, self, shortcut=QKeySequence(key))
            action.triggered.connect(lambda _c=False, fn=slot: fn())
            desk.addAction(action)
        desk.addSeparator()
        settings = QAction(self.tr("Caller ID settings…"), self, shortcut=QKeySequence("Ctrl+,"))
        settings.triggered.connect(self.open_settings)
        desk.addAction(settings)
        shop = QAction(self.tr("Shop details…"), self)  # 店舗情報: ご依頼主 and the letters' sender
        shop.triggered.connect(self.open_shop_settings)
        desk.addAction(shop)
        stages = QAction(self.tr("Customer stages…"), self, objectName="stageSettings")
        stages.triggered.connect(lambda _c=False: self.open_stage_settings())
        desk.addAction(stages)
        quit_action = QAction(self.tr("Quit"), self, shortcut=QKeySequence("Ctrl+Q"))
        quit_action.triggered.connect(self._quit)
        desk.addSeparator()
        desk.addAction(quit_action)
        view = self.menuBar().addMenu(self.tr("&View"))
        search = QAction(self.tr("Search"), self)
        search.setShortcuts([QKeySequence("Ctrl+F"), QKeySequence("F7")])
        search.triggered.connect(self.focus_search)
        view.addAction(search)
        for n in range(self.tabs.count()):
            action = QAction(self.tabs.tabText(n), self, shortcut=QKeySequence(f"Ctrl+{n + 1}"))
            action.triggered.connect(lambda _c=False, i=n: self.show_tab(i))
            view.addAction(action)
        to_popup = QAction(self.tr("Go to the call pop-up"), self)
        to_popup.setShortcut(QKeySequence("F8"))
        to_popup.setEnabled(False)  # F8 itself is bound by the pop-up manager
        view.addAction(to_popup)
        QShortcut(QKeySequence("F5"), self, activated=self.refresh_all)

    # -- navigation ------------------------------------------------------------------
    def show_tab(self, index: int) -> None:
        self.tabs.setCurrentIndex(index)
        page = self.tabs.currentWidget()
        target = {1: self.call_log.table, 2: self.missed.table, 3: self.voices.table}.get(index)
        (target or page).setFocus()

    def _tab_changed(self, index: int) -> None:
        {1: self.call_log.refresh, 2: self.missed.refresh, 3: self.voices.refresh}.get(
            index, lambda: None)()

    def bring_up(self) -> None:
        if self.isMinimized() or not self.isVisible():
            self.showNormal()
        self.raise_()
        self.activateWindow()

    def focus_search(self) -> None:
        self.bring_up()
        self.tabs.setCurrentIndex(0)
        self.search.focus_search()

    def open_customer(self, customer_id: int) -> None:
        self.tabs.setCurrentIndex(0)
        self.card.load(customer_id)
        self.bring_up()

    def current_customer(self) -> tuple[int, str] | None:
        card = self.card.card
        return (card.summary.customer_id, card.summary.name) if card else None

    def register_customer(self, number: str | None = None) -> None:
        dialog = self.services.navigation.register_customer(self, number)
        dialog.registered.connect(lambda card: self.card.set_card(card))

    def open_settings(self):
        from desk_app.ui.settings.dialog import SettingsDialog

        dialog = SettingsDialog(self.services, self.source_slot, parent=self)
        dialog.saved.connect(lambda: self.apply_source_settings() if dialog.source_changed
                             else None)
        dialog.open()
        return dialog

    def open_shop_settings(self):
        from desk_app.ui.settings.shop import open_shop_settings

        return open_shop_settings(self, self.services)

    def open_stage_settings(self):
        """顧客ステージ: the thresholds of every stage and RFM score (the hub tells the screens)."""
        from desk_app.ui.settings.stages import StageSettingsDialog

        dialog = StageSettingsDialog(self.services, parent=self)
        dialog.saved.connect(self._stages_saved)
        dialog.open()
        return dialog

    def _stages_saved(self) -> None:
        """The card on screen shows its stage under the new thresholds at once."""
        card = self.card.card
        if card is not None:
            self.open_customer(card.summary.customer_id)

    def open_follow_ups(self, loaded=None):
        """本日のフォロー (Ctrl+L): one window, raised when already open. *loaded*: the
        list already worked out (the morning check's)."""
        from desk_app.ui.letters.follow_window import FollowWindow

        window = getattr(self, "follow_window", None)
        if window is None:
            window = self.follow_window = FollowWindow(self.services, self, loaded)
            window.finished.connect(lambda _r: setattr(self, "follow_window", None))
            window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        return present(window)

    def open_follow_rules(self):
        from desk_app.ui.letters.rules_editor import open_rules

        return open_rules(self.services, self)

    def open_follow_ups_if_due(self, morning_until: int = 12) -> None:
        """At start in the morning: open 本日のフォロー when anything is due today."""
        from desk_app.ui.letters.follow_window import morning_check

        morning_check(self.services, self.open_follow_ups, morning_until)

    def new_order(self) -> bool:
        """新規受注 from the menu: the empty form, which starts on its customer search."""
        return open_order(self, self.services, None, False, None)

    def open_order_list(self, awaiting: bool = False):
        """受注一覧 (Ctrl+Shift+L) / 入金確認 (Ctrl+Shift+P: every order still 入金待ち)."""
        from desk_app.ui.orders.order_list import open_order_list

        return open_order_list(self, self.services, awaiting=awaiting)

    def open_products(self):
        from desk_app.ui.orders.products import open_products_dialog

        return open_products_dialog(self, self.services)

    def import_history(self):
        """ファイル › 取り込み…: past sales and the customer master from CSV; one dialog per
        desk, raised when already open (an import keeps running while the desk is used)."""
        from desk_app.ui.imports import open_import_dialog

        return open_import_dialog(self, self.services)

    def import_list(self):
        """ファイル › 取込の履歴…: the imports so far, each to undo as a whole."""
        from desk_app.ui.imports.history import open_import_history

        return open_import_history(self, self.services)

    def export_yamato(self):
        from desk_app.ui.orders.yamato_export import open_yamato_export

        return open_yamato_export(self, self.services)

    def open_day_slips(self):
        """出荷分の納品書 (Ctrl+Shift+D): the slips of every order leaving on a day."""
        from desk_app.ui.orders.slip_print import open_day_slips

        return open_day_slips(self, self.services)

    def open_analysis(self):
        """分析 (F9): one window per desk, raised when already open; kept warm."""
        from desk_app.ui.analysis.open import open_analysis

        return open_analysis(self, self.services)

    def apply_source_settings(self) -> None:
        """Settings saved: listen with the new configuration, built as at start."""
        from desk_app.ui.app import start_failure_text
        from desk_app.ui.core.sources import build_source

        try:
            source = build_source(None, self.services.config, self.services.store)
        except Exception as exc:  # noqa: BLE001 - a wrong setting must not stop the desk
            log.warning("caller ID could not start: %s", exc)
            self.statusBar().showMessage(start_failure_text(exc), 15000)
            source = None
        self.source_slot.replace(source)

    # -- actions ---------------------------------------------------------------------
    def _card_action(self, action: str) -> None:
        self.fallback_action(action)

    def fallback_action(self, action: str) -> None:
        """F1–F4 with no pop-up to act on: the open card."""
        current = self.current_customer()
        if action == "order":  # with no customer open the form starts on its chooser
            open_order(self, self.services, current[0] if current else None, False, None)
        elif action == "repeat" and current:
            open_order(self, self.services, current[0], True, None)
        elif action == "note" and current:
            self.card.focus_note()
        elif action == "register":
            self.register_customer(None)
        elif action == "card" and current:
            self.open_customer(current[0])
        elif action == "edit" and current:
            self.edit_customer()

    def edit_customer(self):
        """顧客情報の修正 (F11) for the card shown."""
        from desk_app.ui.customers.edit import open_customer_edit

        return open_customer_edit(self, self.services, self.card.card)

    def _calls_changed(self, _call_ids: frozenset[int]) -> None:
        self.calls_changed()

    def calls_changed(self) -> None:
        self.recent.refresh()
        self.missed.refresh()
        if self.tabs.currentWidget() is self.call_log:
            self.call_log.refresh()

    def refresh_all(self) -> None:
        self.calls_changed()
        self.call_log.refresh()
        self.voices.refresh()
        self.services.tasks.submit(operators.list_operators,
                                    on_done=self.call_log.set_operators)

    def set_operator_label(self) -> None:
        self.operator_label.setText(self.tr("Operator: %1").replace(
            "%1", self.services.operator_name or "—"))

    def show_source_status(self, status: SourceStatus) -> None:
        words = {SourceState.CONNECTED: self.tr("connected"),
                 SourceState.RECONNECTING: self.tr("reconnecting"),
                 SourceState.DISCONNECTED: self.tr("not connected"),
                 SourceState.ERROR: self.tr("error")}
        text = self.tr("Caller ID (%1): %2").replace(
            "%1", domain_text.source_name(status.source)).replace(
            "%2", words.get(status.state, status.state.value))
        self.source_label.setText(text)
        self.source_label.setToolTip(domain_text.source_detail(status))

    def _quit(self) -> None:
        self.close_to_tray = False
        self.close()

    def closeEvent(self, event) -> None:
        if self.close_to_tray:
            event.ignore()
            self.hide()
            return
        for popup in list(self.popups.popups):
            popup.close()
        super().closeEvent(event)
