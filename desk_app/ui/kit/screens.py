"""The screen a window is on, as :class:`placement.Rect`, and sizing windows to it.

Windows never assume a size: the main window, the order form and the customer forms ask
:func:`fit_to_screen` for at most what they would like, inside the available screen (less
the task bar, and less the call column the pop-ups use, see ``placement``). Tests replace
:func:`available` to check 1280×800 and 1366×768 without such a screen.
"""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from desk_app.ui.kit.placement import Rect, fit_window

W = TypeVar("W", bound=QWidget)
FRAME_TOP, FRAME_SIDE = 32, 4  # a title bar and borders (the frame is unknown before show)


def available(widget: QWidget | None = None) -> Rect:
    screen = None
    if widget is not None and widget.windowHandle() is not None:
        screen = widget.windowHandle().screen()
    screen = screen or QGuiApplication.primaryScreen()
    if screen is None:
        return Rect(0, 0, 1280, 760)
    g = screen.availableGeometry()
    return Rect(g.x(), g.y(), g.width(), g.height())


def fit_to_screen(widget: QWidget, wanted_w: int, wanted_h: int, *,
                  in_work_area: bool = True) -> Rect:
    """Size and place *widget* inside the screen (the work area by default) and keep it
    from growing past it."""
    from desk_app.ui.kit import screens  # through the module, so tests can swap available()

    screen = screens.available(widget)
    rect = fit_window(screen, wanted_w, wanted_h, in_work_area=in_work_area,
                      min_w=min(480, widget.minimumSizeHint().width() or 480))
    # the window manager's frame (title bar, borders) comes on top of the client size
    client_w, client_h = rect.w - 2 * FRAME_SIDE, rect.h - FRAME_TOP - FRAME_SIDE
    widget.setMaximumSize(screen.w - 2 * FRAME_SIDE, screen.h - FRAME_TOP - FRAME_SIDE)
    widget.resize(client_w, client_h)
    widget.move(rect.x + FRAME_SIDE, rect.y + FRAME_SIDE)
    return rect


def present(widget: W) -> W:
    """Show *widget* in front with the keyboard: a window the clerk opened with a key must
    take the keys at once (without it, Enter and Ctrl+S went to the window behind — on a
    desktop whose window manager does not focus new windows, or without one)."""
    widget.show()
    widget.raise_()
    widget.activateWindow()
    return widget
