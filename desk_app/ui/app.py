"""Starting the desk: fonts and language, the store, the operator, the window, the source.

``build_desk`` wires one desk (its :class:`DeskContext` and main window) around a store; the
``run`` command, the tests, the screenshot script and the benchmark all use it, so what is
tested is what the clerk runs. ``--demo`` uses its own database in the data folder, seeded on
first use, and plays simulated calls.
"""

from __future__ import annotations

import dataclasses
import logging
import shutil
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtWidgets import QApplication, QLabel, QMessageBox

from desk_app import config as config_file
from desk_app.config import ConfigError, DeskConfig
from desk_app.domain.clock import today_local
from desk_app.services import calls, operators
from desk_app.services.base import ServiceContext
from desk_app.store.db import Store, data_dir
from desk_app.store.drafts import DraftStore
from desk_app.store.seed import DEMO_CUSTOMERS
from desk_app.ui.core.context import DeskContext, Operator, desk_context
from desk_app.ui.kit import domain_text
from desk_app.ui.kit.resources import setup_app

log = logging.getLogger(__name__)


def service_context(desk: DeskContext) -> ServiceContext:
    """What every database job receives as ``fn(ctx)``: the one place that decides it."""
    return ServiceContext(desk.store, operator_id=desk.operator_id, today=desk.today,
                          config=desk.config)


def desk_for(store: Store, *, operator_id: int | None = None, operator_name: str = "",
             language: str = "ja", today=None, config: DeskConfig | None = None,
             config_path: Path | None = None, on_error=None) -> DeskContext:
    """The desk context for *store* (its task threads run until ``stop()``): what the desk
    runs with, and what tests of a single screen build. *config* defaults to the one in
    *config_path* (default: the data folder's ``config.toml``)."""
    from desk_app.ui.orders.form_tasks import REFRESH_MS, keep_suggestions_fresh

    if config is None:
        config = config_file.load(config_path)
    desk = desk_context(store, service_context, config=config, config_path=config_path,
                        drafts=DraftStore(data_dir() / "drafts"),
                        operator=Operator(operator_id, operator_name), language=language,
                        today=today or today_local, on_error=on_error)
    desk.repeat(REFRESH_MS, lambda: keep_suggestions_fresh(desk))  # stopped by desk.stop()
    return desk


def build_desk(store: Store, *, operator_id: int | None = None, operator_name: str = "",
               language: str = "ja", today=None, config: DeskConfig | None = None,
               config_path: Path | None = None):
    """(desk context, window) for *store*; the caller shows the window and starts a source."""
    from desk_app.ui.main_window import MainWindow

    window_ref = {}
    desk = desk_for(store, operator_id=operator_id, operator_name=operator_name,
                    language=language, today=today, config=config, config_path=config_path,
                    on_error=lambda exc: _show_error(window_ref.get("w"), exc))
    window = MainWindow(desk)
    window_ref["w"] = window
    return desk, window


def _show_error(window, exc: BaseException) -> None:
    log.error("database job failed: %s", exc)
    if window is not None:
        window.statusBar().showMessage(
            QApplication.translate("App", "Database error: %1").replace("%1", str(exc)), 15000)


def demo_store() -> Store:
    """The demo's own database (never the user's real store), seeded on first use."""
    from desk_app.store.customers import count_customers
    from desk_app.store.db import demo_url
    from desk_app.store.seed import open_demo

    store = Store(demo_url())
    with store.new_session() as s:
        empty = count_customers(s) == 0
    if not empty:
        return store
    splash = QLabel(QApplication.translate(
        "App", "Creating the demo shop (%1 customers)…").replace("%1", f"{DEMO_CUSTOMERS:,}"))
    splash.setMargin(24)
    splash.show()
    QApplication.processEvents()
    print(f"desk-app: creating the demo shop ({DEMO_CUSTOMERS:,} customers)…",
          file=sys.stderr)
    store.dispose()
    store = open_demo(progress=lambda text: (splash.setText(text),
                                             QApplication.processEvents()))
    splash.close()
    return store


def choose_operator(store: Store, last: int | None, preset: str | None):
    """(id, name) from --operator, or the chooser (*last* preselected)."""
    from desk_app.ui.desk.operator_dialog import OperatorDialog

    ctx = ServiceContext(store)  # before the event loop: nothing to block yet
    if preset:
        op = operators.add_operator(ctx, preset).value
        return op.id, op.name
    dialog = OperatorDialog(operators.list_operators(ctx), last)
    if not dialog.exec():
        return None
    op_id, name = dialog.choice()
    if op_id is None and name:
        op = operators.add_operator(ctx, name).value
        op_id, name = op.id, op.name
    if op_id is None:
        return None
    return op_id, name


def load_config() -> tuple[DeskConfig, ConfigError | None]:
    """The settings, and why they could not be read (None when they could): then the desk
    starts with the defaults and a copy of the unreadable file is kept beside it (saving
    settings later writes a new file). :func:`config_problem` words the reason for staff."""
    try:
        return config_file.load(), None
    except ConfigError as exc:
        path = config_file.default_path()
        keep = path.with_name(path.name + ".unreadable")
        try:
            shutil.copy2(path, keep)
        except OSError:
            keep = path
        log.error("settings file unreadable, defaults used (copy kept as %s): %s", keep, exc)
        return DeskConfig(), exc


def config_problem(exc: ConfigError) -> str:
    """What staff read about unreadable settings, in the desk's language: what happened and
    why, never where the file is (the log says that)."""
    return QApplication.translate(
        "App", "The settings could not be read, so the desk starts with default settings. "
        "The old settings were kept for your administrator (the log says where).\n\n%1"
        ).replace("%1", domain_text.message(exc.without_file().problem))


def start_failure_text(exc: BaseException) -> str:
    """What the clerk reads when the caller-ID source cannot start: the reason's message
    code in the desk's language (never the exception's English)."""
    return QApplication.translate("App", "Caller ID could not start: %1").replace(
        "%1", domain_text.callerid_failure(exc))


def keep_closing_stale_rings(services: DeskContext):
    """Rings a closed or crashed desk left ringing become missed (the call-back list): at
    start, and once more when every ring left from before the start is over
    (``STALE_RING`` later): a desk killed during a call and started again at once found
    that ring too young, and it stayed 呼出中 for good. Returns the second look's timer."""
    from PySide6.QtCore import QTimer

    from desk_app.store.calls import STALE_RING

    def sweep() -> None:
        services.tasks.submit(lambda ctx: calls.close_stale_rings(ctx))

    sweep()
    later = QTimer(services.hub, singleShot=True,
                   interval=int(STALE_RING.total_seconds() * 1000) + 5_000)
    later.timeout.connect(sweep)
    later.start()
    return later


def run(args) -> int:
    from desk_app.ui.core.sources import build_source
    from desk_app.ui.customers.restore import restore_drafts
    from desk_app.ui.desk.tray import DeskTray
    from desk_app.ui.letters.rules_editor import reopen_with_draft

    app = QApplication.instance() or QApplication(sys.argv[:1])
    config, problem = load_config()
    language = args.lang or config.desk.language
    setup_app(app, language)
    if problem is not None:
        QMessageBox.warning(None, QApplication.translate("App", "Phone Order Desk"),
                            config_problem(problem))
    store = demo_store() if args.demo else Store(args.db)
    chosen = choose_operator(store, config.desk.operator_id, args.operator)
    if chosen is None:
        return 1
    desk_prefs = dataclasses.replace(  # --operator is for this start only
        config.desk, language=language,
        operator_id=config.desk.operator_id if args.operator else chosen[0])
    if desk_prefs != config.desk:  # remembered for the next start
        config = dataclasses.replace(config, desk=desk_prefs)
        config_file.save(config)
    services, window = build_desk(store, operator_id=chosen[0], operator_name=chosen[1],
                                  language=language, config=config)
    if DeskTray.available():
        window.tray = DeskTray(window)
        window.tray.show()
        window.close_to_tray = True
    window.show()
    keep_closing_stale_rings(services)
    window.refresh_all()
    restore_drafts(window, services)
    reopen_with_draft(window, services)  # フォローの設定 left with unsaved edits
    window.open_follow_ups_if_due()
    source = None
    try:
        source = build_source("demo" if args.demo else args.source, config, store,
                              demo_interval=args.interval, port=args.port, host=args.host)
    except Exception as exc:  # noqa: BLE001 - a wrong setting must not stop the desk
        log.warning("caller ID could not start: %s", exc)
        QMessageBox.warning(window, QApplication.translate("App", "Phone Order Desk"),
                            start_failure_text(exc))
    window.source_slot.replace(source)  # attach and start; the settings screen swaps it
    try:
        with _quit_on_stop_signals(app, window._quit):
            return app.exec()
    finally:
        window.source_slot.shutdown()
        services.stop()


@contextmanager
def _quit_on_stop_signals(app: QApplication, quit_desk: Callable[[], None]) -> Iterator[None]:
    """SIGINT/SIGTERM quit the desk like its Quit menu, whatever disposition was inherited.
    Qt's idle loop runs no Python, so a socket notifier watches the signal wake-up byte."""
    import socket

    from PySide6.QtCore import QSocketNotifier, QTimer

    from desk_app.stop_signals import StopSignals

    def quit_now() -> None:
        quit_desk()
        app.quit()

    def on_stop(signum: int) -> None:
        log.info("signal %d: quitting", signum)
        QTimer.singleShot(0, quit_now)  # app.quit() is lost if the loop has not started yet

    reader, writer = socket.socketpair()
    reader.setblocking(False)
    writer.setblocking(False)
    notifier = QSocketNotifier(reader.fileno(), QSocketNotifier.Type.Read, app)

    def drain(*_: object) -> None:  # running this Python code is what runs the handler
        try:
            reader.recv(256)
        except OSError:
            pass

    notifier.activated.connect(drain)
    try:
        with StopSignals(on_stop, wakeup_fd=writer.fileno()):
            log.debug("desk running: SIGINT or SIGTERM quits")
            yield
    finally:
        notifier.setEnabled(False)
        reader.close()
        writer.close()
