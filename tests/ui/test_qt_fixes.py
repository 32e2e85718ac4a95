"""A long shift emits hundreds of thousands of signals; none may cost a reference to True
(PySide6 6.12.0 on CPython 3.11 drops one per emit and aborts the app after a few thousand)."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Source(QObject):
    fired = Signal(object)


def test_emit_keeps_reference_counts(qapp):
    import desk_app.ui  # noqa: F401  (applies the work-around)

    source = _Source()
    source.fired.connect(lambda _x: None)
    before = sys.getrefcount(True)
    for _ in range(50_000):
        assert source.fired.emit(1) is True
    assert abs(sys.getrefcount(True) - before) < 10
