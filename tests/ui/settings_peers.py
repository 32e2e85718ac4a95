"""Shared by the settings tests: the desk with its source slot, opening the dialog, and the
real peers tests/callerid and tests/sip already drive (socat pty pairs, the modem emulator,
kamailio), imported from their folders rather than copied."""

from __future__ import annotations

import importlib
import sys
from types import ModuleType

from support import ROOT, SHARED, require_tool  # noqa: F401  (re-exported for the tests)


def load(name: str, folder: str) -> ModuleType:
    """Import helper module *name* from tests/*folder* (e.g. ``sip_peers`` from ``sip``)."""
    if name in sys.modules:
        return sys.modules[name]
    path = str(ROOT / "tests" / folder)
    sys.path.insert(0, path)
    try:
        return importlib.import_module(name)
    finally:
        sys.path.remove(path)


def open_dialog(qtbot, window):
    """Open the settings as the menu does (Ctrl+,) and wait for the port list."""
    from desk_app.ui.settings.dialog import SettingsDialog

    dialog = window.open_settings()
    assert isinstance(dialog, SettingsDialog) and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.device.refresh_button.isEnabled(), timeout=3000)
    return dialog


def choose(dialog, kind: str) -> None:
    dialog.kind.setCurrentIndex(dialog.kind.findData(kind))
