"""Shared by the settings tests: the desk with its source slot, opening the dialog, and the
real peers tests/callerid and tests/sip already drive (socat pty pairs, the modem emulator,
kamailio), reached from tests/ui without copying them.

Those helper modules import the root conftest by module name, but while tests/ui runs the
name "conftest" belongs to tests/ui/conftest.py; so the root one stands in while they import.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

TESTS = Path(__file__).resolve().parent.parent
ROOT_CONFTEST = TESTS / "conftest.py"
SHARED = TESTS.parent.parent / "shared"


def _root_conftest() -> ModuleType:
    current = sys.modules.get("conftest")
    if current is not None and Path(current.__file__).resolve() == ROOT_CONFTEST:
        return current
    spec = importlib.util.spec_from_file_location("desk_tests_root_conftest", ROOT_CONFTEST)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load(name: str, folder: str) -> ModuleType:
    """Import helper module *name* from tests/*folder* (e.g. ``sip_peers`` from ``sip``)."""
    if name in sys.modules:
        return sys.modules[name]
    saved = sys.modules.get("conftest")
    path = str(TESTS / folder)
    sys.modules["conftest"] = _root_conftest()
    sys.path.insert(0, path)
    try:
        return importlib.import_module(name)
    finally:
        sys.path.remove(path)
        if saved is None:
            sys.modules.pop("conftest", None)
        else:
            sys.modules["conftest"] = saved


def require_tool(name: str) -> str:
    return _root_conftest().require_tool(name)


@pytest.fixture
def slot_desk(desk, tmp_path, monkeypatch):
    """The desk fixture; its caller-ID source stopped afterwards. The SIP password file goes
    to a temp folder, never to the developer's own config."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    services, window = desk
    yield services, window
    window.source_slot.shutdown()


def open_dialog(qtbot, window):
    """Open the settings as the menu does (Ctrl+,) and wait for the port list."""
    from desk_app.ui.settings_dialog import SettingsDialog

    dialog = window.open_settings()
    assert isinstance(dialog, SettingsDialog) and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.device.refresh_button.isEnabled(), timeout=3000)
    return dialog


def choose(dialog, kind: str) -> None:
    dialog.kind.setCurrentIndex(dialog.kind.findData(kind))
