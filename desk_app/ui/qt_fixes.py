"""Work-arounds for bugs of the installed Qt binding, applied once when ``desk_app.ui`` loads.

PySide6 6.12.0 on CPython 3.11: ``SignalInstance.emit()`` returns ``True`` without taking a
reference, so every emit from Python code drops one reference to ``True``. After a few
thousand emits (a morning of calls: each call and each database answer is an emit) the
count reaches zero and the interpreter aborts with "bool_dealloc: deallocating True or
False". (CPython 3.12+ makes ``True`` immortal, which hides the bug there.)

The fix is measured, not assumed: one probe emit at import tells whether the binding drops
the reference; only then does ``emit`` get a wrapper that gives the reference back. A fixed
binding is left alone.
"""

from __future__ import annotations

import ctypes
import logging
import sys

from PySide6.QtCore import QObject, Signal, SignalInstance

log = logging.getLogger(__name__)


class _Probe(QObject):
    fired = Signal(object)


def emit_drops_true_reference() -> bool:
    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(8):
        probe.fired.emit(None)
    lost = before - sys.getrefcount(True)
    if lost > 0:  # give back what the probe itself cost
        for _ in range(lost):
            ctypes.pythonapi.Py_IncRef(ctypes.py_object(True))
    return lost >= 8


def install() -> bool:
    """Patch ``SignalInstance.emit`` if (and only if) it loses references; True if patched."""
    if getattr(SignalInstance.emit, "_desk_fixed", False):
        return True
    if not emit_drops_true_reference():
        return False
    original = SignalInstance.emit
    incref = ctypes.pythonapi.Py_IncRef
    true_object = ctypes.py_object(True)

    def emit(self, *args):
        result = original(self, *args)
        if result is True:
            incref(true_object)
        return result

    emit._desk_fixed = True
    SignalInstance.emit = emit
    log.info("PySide6 SignalInstance.emit reference leak worked around")
    return True


PATCHED = install()
