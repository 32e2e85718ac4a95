"""Starting the desk: fonts and language, the store, the operator, the window, the source.

``build_desk`` wires one desk (bridge, worker, services, main window) around a store; the
``run`` command, the tests, the screenshot script and the benchmark all use it, so what is
tested is what the clerk runs. ``--demo`` uses its own database in the data folder, seeded on
first use, and plays simulated calls.
"""

from __future__ import annotations

import logging
import sys

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox

from desk_app.domain.clock import today_local
from desk_app.services import operators
from desk_app.services.base import ServiceContext
from desk_app.store.db import Store, data_dir
from desk_app.store.drafts import DraftStore
from desk_app.ui.bridge import Bridge
from desk_app.ui.resources import setup_app
from desk_app.ui.services import Services
from desk_app.ui.worker import Worker

log = logging.getLogger(__name__)
DEMO_CUSTOMERS = 5000


def settings() -> QSettings:
    return QSettings(str(data_dir() / "settings.ini"), QSettings.Format.IniFormat)


def build_desk(store: Store, *, operator_id: int | None = None, operator_name: str = "",
               language: str = "ja", today=None, qsettings: QSettings | None = None):
    """(services, window) for *store*; the caller shows the window and starts a source."""
    from desk_app.ui.main_window import MainWindow

    bridge = Bridge()
    window_ref = {}
    worker = Worker(store, bridge, operator_id=operator_id, today=today,
                    on_error=lambda exc: _show_error(window_ref.get("w"), exc))
    services = Services(store=store, bridge=bridge, worker=worker,
                        settings=qsettings or settings(),
                        drafts=DraftStore(data_dir() / "drafts"), operator_id=operator_id,
                        operator_name=operator_name, language=language,
                        today=today or today_local)
    window = MainWindow(services)
    window_ref["w"] = window
    return services, window


def _show_error(window, exc: BaseException) -> None:
    log.error("database job failed: %s", exc)
    if window is not None:
        window.statusBar().showMessage(
            QApplication.translate("App", "Database error: %1").replace("%1", str(exc)), 15000)


def demo_store() -> Store:
    """The demo's own database (never the user's real store), seeded on first use."""
    from desk_app.store.customers import count_customers
    from desk_app.store.seed import seed

    store = Store(f"sqlite:///{data_dir() / 'demo.db'}")
    with store.new_session() as s:
        empty = count_customers(s) == 0
    if empty:
        splash = QLabel(QApplication.translate(
            "App", "Creating the demo shop (%1 customers)…").replace("%1", f"{DEMO_CUSTOMERS:,}"))
        splash.setMargin(24)
        splash.show()
        QApplication.processEvents()
        print(f"desk-app: creating the demo shop ({DEMO_CUSTOMERS:,} customers)…",
              file=sys.stderr)
        seed(store, DEMO_CUSTOMERS, seed=1,
             progress=lambda text: (splash.setText(text), QApplication.processEvents()))
        splash.close()
    return store


def choose_operator(store: Store, qsettings: QSettings, preset: str | None):
    """(id, name) from --operator, or the chooser (last choice preselected)."""
    from desk_app.ui.operator_dialog import OperatorDialog

    ctx = ServiceContext(store)  # before the event loop: nothing to block yet
    if preset:
        op = operators.add_operator(ctx, preset).value
        return op.id, op.name
    last = qsettings.value("operator/id")
    dialog = OperatorDialog(operators.list_operators(ctx), int(last) if last else None)
    if not dialog.exec():
        return None
    op_id, name = dialog.choice()
    if op_id is None and name:
        op = operators.add_operator(ctx, name).value
        op_id, name = op.id, op.name
    if op_id is None:
        return None
    qsettings.setValue("operator/id", op_id)
    return op_id, name


def run(args) -> int:
    from desk_app.ui.restore import restore_drafts
    from desk_app.ui.sources import build_source
    from desk_app.ui.tray import DeskTray

    app = QApplication.instance() or QApplication(sys.argv[:1])
    qsettings = settings()
    language = args.lang or str(qsettings.value("language", "ja"))
    if args.lang:
        qsettings.setValue("language", args.lang)
    setup_app(app, language)
    store = demo_store() if args.demo else Store(args.db)
    chosen = choose_operator(store, qsettings, args.operator)
    if chosen is None:
        return 1
    services, window = build_desk(store, operator_id=chosen[0], operator_name=chosen[1],
                                  language=language, qsettings=qsettings)
    if DeskTray.available():
        window.tray = DeskTray(window)
        window.tray.show()
        window.close_to_tray = True
    window.show()
    window.refresh_all()
    restore_drafts(window, services)
    source = None
    try:
        source = build_source("demo" if args.demo else args.source, qsettings, store,
                              demo_interval=args.interval, port=args.port, host=args.host)
    except Exception as exc:  # noqa: BLE001 - a wrong setting must not stop the desk
        QMessageBox.warning(window, QApplication.translate("App", "Phone Order Desk"),
                            QApplication.translate("App", "Caller ID could not start: %1")
                            .replace("%1", str(exc)))
    window.source_slot.replace(source)  # attach and start; the settings screen swaps it
    try:
        return app.exec()
    finally:
        window.source_slot.shutdown()
        services.worker.stop()
