"""A long shift makes hundreds of thousands of Qt calls; none may run the interpreter out of
references (PySide6 6.12.0 on CPython 3.11 drops one per void call and per emit, and the app
aborted after a few thousand of them: none_dealloc / bool_dealloc)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel


class _Source(QObject):
    fired = Signal(object)


def test_many_void_calls_and_emits_do_not_abort(qapp):
    import desk_app.ui  # noqa: F401  (applies the work-around)

    source = _Source()
    source.fired.connect(lambda _x: None)
    label = QLabel()
    for i in range(100_000):  # well past the few thousand that used to abort
        label.setText(str(i % 7))
        assert source.fired.emit(1) is True
    assert label.text() == str(99_999 % 7)


def test_reserve_is_only_added_when_references_are_lost():
    import sys

    from desk_app.ui.kit import qt_fixes

    if qt_fixes.PATCHED:
        assert sys.getrefcount(None) > qt_fixes.RESERVE // 2
    else:
        assert not any(n >= 8 for n in qt_fixes.lost_references().values())
