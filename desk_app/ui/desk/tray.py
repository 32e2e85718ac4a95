"""The system-tray icon: the desk can sit out of the way all day and still pop up.

Closing the main window hides it to the tray (when the desktop has one); pop-ups appear on
every call regardless, because they are top-level windows of their own.
"""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QMenu, QSystemTrayIcon, QWidget

from desk_app.ui.kit.resources import app_icon


class DeskTray(QSystemTrayIcon):
    def __init__(self, window: QWidget) -> None:
        super().__init__(app_icon(), window)
        self.window = window
        self.setToolTip(self.tr("Phone Order Desk"))
        menu = QMenu(window)
        menu.addAction(self.tr("Show"), self.show_window)
        menu.addSeparator()
        menu.addAction(self.tr("Quit"), QApplication.quit)
        self.setContextMenu(menu)
        self.activated.connect(self._activated)

    @staticmethod
    def available() -> bool:
        return QSystemTrayIcon.isSystemTrayAvailable()

    def show_window(self) -> None:
        self.window.showNormal()
        self.window.raise_()
        self.window.activateWindow()

    def _activated(self, reason) -> None:
        if reason in (QSystemTrayIcon.ActivationReason.Trigger,
                      QSystemTrayIcon.ActivationReason.DoubleClick):
            self.show_window()
