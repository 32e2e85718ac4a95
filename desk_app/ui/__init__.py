"""The desktop app (PySide6). The only package that imports Qt.

Grouped by feature over a shared kit and core: ``app``/``main_window`` (the shell) →
``desk``, ``customers``, ``orders``, ``settings`` (features; later ``imports``, ``analysis``,
``letters``, ``printing``) → ``kit`` → ``core``.

Threads: caller-ID sources call back from their I/O threads into the one :mod:`core.bridge`
object, which re-emits on the GUI thread; all database work runs on the one background
:mod:`core.worker`. Widgets receive domain read models only. :mod:`kit.qt_fixes` is applied first,
so every screen (the order form included) runs on a binding whose known bugs are handled.
"""

from desk_app.ui.kit import qt_fixes  # noqa: F401  (applies the work-arounds at import)
