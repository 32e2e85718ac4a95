"""The desktop app (PySide6). The only package that imports Qt.

Threads: caller-ID sources call back from their I/O threads into the one :mod:`bridge`
object, which re-emits on the GUI thread; all database work runs on the one background
:mod:`worker`. Widgets receive domain read models only. :mod:`qt_fixes` is applied first,
so every screen (the order form included) runs on a binding whose known bugs are handled.
"""

from desk_app.ui import qt_fixes  # noqa: F401  (applies the work-arounds at import)
