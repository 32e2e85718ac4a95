"""Layouts that wrap instead of widening their window.

Qt has no flow layout class (only an example in its documentation), so this is that
example's placement in a few lines, with one addition the desk needs: each row is *justified*,
its widgets stretched to fill the row, so a row of buttons looks like a button bar and a
button never gets less than its own size hint (its text is never clipped). A window with
these shrinks to the screen; the buttons move to a second row.

:class:`Columns` lays its widgets side by side when they fit and one below the other when
they do not (the card's details and figures on a narrow screen).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QRect, QSize
from PySide6.QtWidgets import QBoxLayout, QSizePolicy, QWidget


class FlowWidget(QWidget):
    """Its widgets left to right, wrapping to a new row when the next does not fit; with
    *justify* every row is stretched to the full width. Its height follows its width.

    The children are placed by hand in :meth:`resizeEvent` rather than by a QLayout
    subclass: a Python layout's items are deleted by Qt when a child widget goes (a
    pop-up closing), and their wrappers then deleted once more.
    """

    def __init__(self, widgets=(), parent: QWidget | None = None, spacing: int = 6,
                 justify: bool = True) -> None:
        super().__init__(parent)
        self._widgets: list[QWidget] = []
        self._spacing = spacing
        self._justify = justify
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        for w in widgets:
            self.add(w)

    def add(self, widget: QWidget) -> None:
        widget.setParent(self)
        self._widgets.append(widget)
        self.relayout()

    def spacing(self) -> int:
        return self._spacing

    def _shown(self) -> list[QWidget]:
        return [w for w in self._widgets if not w.isHidden()]

    def rows(self, width: int) -> list[list[QWidget]]:
        """The visible widgets, row by row, as placed at *width*: greedy, then as many rows
        evenly filled (2 + 2, not 3 + 1) when that fits too."""
        m = self.contentsMargins()
        room = width - m.left() - m.right()
        space = self._spacing

        def fits(row: list[QWidget]) -> bool:
            return sum(w.sizeHint().width() for w in row) + space * (len(row) - 1) <= room

        rows: list[list[QWidget]] = []
        for w in self._shown():
            if rows and fits([*rows[-1], w]):
                rows[-1].append(w)
            else:
                rows.append([w])
        if len(rows) > 1:
            shown = [w for r in rows for w in r]
            per = -(-len(shown) // len(rows))
            even = [shown[k:k + per] for k in range(0, len(shown), per)]
            if len(even) == len(rows) and all(fits(r) for r in even):
                return even
        return rows

    def _arrange(self, width: int, apply: bool) -> int:
        m = self.contentsMargins()
        room = width - m.left() - m.right()
        y = m.top()
        rows = self.rows(width)
        for row in rows:
            hints = [w.sizeHint() for w in row]
            height = max(h.height() for h in hints)
            natural = sum(h.width() for h in hints) + self._spacing * (len(row) - 1)
            extra = max(0, room - natural) if self._justify else 0
            x = m.left()
            for n, (w, hint) in enumerate(zip(row, hints, strict=True)):
                # the spare room shared out evenly; the last one takes the rounding
                share = extra // len(row) + (extra % len(row) if n == len(row) - 1 else 0)
                if apply:
                    w.setGeometry(QRect(QPoint(x, y), QSize(hint.width() + share, height)))
                x += hint.width() + share + self._spacing
            y += height + self._spacing
        if rows:
            y -= self._spacing
        return y + m.bottom()

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt's name
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return self._arrange(width, apply=False)

    def sizeHint(self) -> QSize:  # noqa: N802
        """One row of everything: what it would like with room enough."""
        shown = self._shown()
        m = self.contentsMargins()
        w = sum(x.sizeHint().width() for x in shown) + self._spacing * max(0, len(shown) - 1)
        h = max((x.sizeHint().height() for x in shown), default=0)
        return QSize(w + m.left() + m.right(), h + m.top() + m.bottom())

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        """The widest single widget: narrower than that nothing could be shown whole."""
        m = self.contentsMargins()
        w = max((x.sizeHint().width() for x in self._shown()), default=0)
        return QSize(w + m.left() + m.right(), self._arrange(max(1, self.width()), False))

    def relayout(self) -> None:
        self._arrange(self.width(), apply=True)
        wanted = self.heightForWidth(self.width())
        if self.minimumHeight() != wanted and self.maximumHeight() != self.minimumHeight():
            self.setMinimumHeight(wanted)  # a parent without height-for-width sees it too
        self.updateGeometry()

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self.relayout()

    def event(self, event) -> bool:
        # a child shown, hidden or given new text asks its parent to lay out again
        if event.type() == QEvent.Type.LayoutRequest:
            self.relayout()
        return super().event(event)


class Columns(QWidget):
    """Its widgets side by side while each gets at least its minimum width, else stacked."""

    def __init__(self, widgets, stretches=None, parent: QWidget | None = None,
                 spacing: int = 12) -> None:
        super().__init__(parent)
        self.box = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self.box.setContentsMargins(0, 0, 0, 0)
        self.box.setSpacing(spacing)
        self.parts = list(widgets)
        for w, s in zip(self.parts, stretches or [1] * len(self.parts), strict=True):
            self.box.addWidget(w, s)

    def side_by_side_width(self) -> int:
        return (sum(w.minimumSizeHint().width() for w in self.parts)
                + self.box.spacing() * (len(self.parts) - 1))

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        """Stacked, only the widest part sets the minimum."""
        hint = super().minimumSizeHint()
        widest = max((w.minimumSizeHint().width() for w in self.parts), default=0)
        return QSize(widest, hint.height())

    def stacked(self) -> bool:
        return self.box.direction() == QBoxLayout.Direction.TopToBottom

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        direction = (QBoxLayout.Direction.LeftToRight
                     if event.size().width() >= self.side_by_side_width()
                     else QBoxLayout.Direction.TopToBottom)
        if self.box.direction() != direction:
            self.box.setDirection(direction)
