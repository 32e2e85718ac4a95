"""Work-arounds for bugs of the installed Qt binding, applied once when ``desk_app.ui`` loads.

PySide6 6.12.0 on CPython 3.11 drops references to the singletons it returns: every Qt
method that returns nothing (``setText``, ``clear``, ``beginResetModel`` …) costs one
reference to ``None``, and every ``Signal.emit()`` one reference to ``True``. The binding
seems to assume CPython 3.12's immortal singletons. On 3.11 the counts reach zero after some
thousands of calls (a morning at the desk; minutes of search-as-you-type) and the
interpreter aborts with "none_dealloc" / "bool_dealloc".

The fix is measured, not assumed: probes at import tell whether the binding drops
references. Only then are ``None``, ``True`` and ``False`` given a reserve of 2**40 extra
references, which is what 3.12 does by making them immortal; a lost reference then costs
nothing, and the singletons were never going to be freed anyway. A fixed binding, or
Python 3.12+, is left alone. The better cure is a binding without the bug (PySide6 6.11 was
measured clean on 3.11; see the report in the commit log).
"""

from __future__ import annotations

import ctypes
import logging
import sys

from PySide6.QtCore import QObject, Signal

log = logging.getLogger(__name__)
RESERVE = 1 << 40
SINGLETONS = (None, True, False)


class _Probe(QObject):
    fired = Signal(object)


def lost_references(rounds: int = 16) -> dict[object, int]:
    """References each singleton loses over *rounds* void calls and emits."""
    probe = _Probe()
    before = {s: sys.getrefcount(s) for s in SINGLETONS}
    for _ in range(rounds):
        probe.setObjectName("probe")
        probe.fired.emit(None)
    return {s: before[s] - sys.getrefcount(s) for s in SINGLETONS}


def _add_references(obj: object, count: int) -> None:
    # ob_refcnt is the first field of every object (CPython 3.11 layout).
    refcnt = ctypes.c_ssize_t.from_address(id(obj))
    refcnt.value += count


def install() -> bool:
    """Give the singletons a reserve if the binding loses references; True if it did."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False  # immortal singletons: nothing can run out
    lost = lost_references()
    if not any(n >= 8 for n in lost.values()):
        return False
    for singleton in SINGLETONS:
        if sys.getrefcount(singleton) < RESERVE:
            _add_references(singleton, RESERVE)
    log.info("Qt binding drops references to None/True/False (%s); reserve added", lost)
    return True


PATCHED = install()
