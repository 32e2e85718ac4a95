"""Where windows and call pop-ups go on the screen: pure geometry, no Qt.

The screen is split into the work area and a *call column* along one edge. Windows the
clerk works in (the main window, the order form, the forms) size themselves to the work
area, so a pop-up in the column never covers them; pop-ups stack in the column, at most
:data:`MAX_SHOWN`, each fully on the screen, the rest collapsed into one 「他 N 件の着信」
entry. When the clerk has moved a window into the column, the column moves to the other
edge if that one is free; only when neither is (a maximised window on a small screen) does
a pop-up overlap, and then it takes the spot that covers least.
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_SHOWN = 3
GAP = 8
SUMMARY_HEIGHT = 44  # the 「他 N 件の着信」 entry


@dataclass(frozen=True, slots=True)
class Rect:
    x: int
    y: int
    w: int
    h: int

    @property
    def right(self) -> int:  # exclusive
        return self.x + self.w

    @property
    def bottom(self) -> int:  # exclusive
        return self.y + self.h

    def intersects(self, other: Rect) -> bool:
        return (self.x < other.right and other.x < self.right and self.y < other.bottom
                and other.y < self.bottom)

    def overlap(self, other: Rect) -> int:
        w = min(self.right, other.right) - max(self.x, other.x)
        h = min(self.bottom, other.bottom) - max(self.y, other.y)
        return max(0, w) * max(0, h)

    def contains(self, other: Rect) -> bool:
        return (self.x <= other.x and self.y <= other.y and other.right <= self.right
                and other.bottom <= self.bottom)


def popup_width(screen: Rect) -> int:
    """Narrower pop-ups on laptop screens (1280/1366 wide), roomier ones on big screens."""
    return 380 if screen.w < 1500 else 480


def column_width(screen: Rect) -> int:
    return popup_width(screen) + 2 * GAP


def work_area(screen: Rect) -> Rect:
    """The part of the screen working windows fill by default (the call column left free).
    A screen too narrow for both (under 1024 px) gets no column."""
    col = column_width(screen)
    if screen.w - col < 640:
        return screen
    return Rect(screen.x, screen.y, screen.w - col, screen.h)


def fit_window(screen: Rect, wanted_w: int, wanted_h: int, *, in_work_area: bool = True,
               min_w: int = 480, min_h: int = 360) -> Rect:
    """A window of at most *wanted* size inside the work area (or the screen), centred."""
    area = work_area(screen) if in_work_area else screen
    w = max(min(wanted_w, area.w), min(min_w, area.w))
    h = max(min(wanted_h, area.h), min(min_h, area.h))
    return Rect(area.x + (area.w - w) // 2, area.y + (area.h - h) // 2, w, h)


def _column(screen: Rect, side: str, width: int) -> Rect:
    x = screen.right - width - GAP if side == "right" else screen.x + GAP
    return Rect(x, screen.y + GAP, width, screen.h - 2 * GAP)


def place_popups(screen: Rect, work: Rect | None, heights: list[int], width: int | None = None,
                 *, summary: bool = False) -> tuple[list[Rect], Rect | None]:
    """Rectangles for the pop-ups shown (newest last in *heights*, stacked from the top) and
    for the summary entry when *summary*. Every rectangle lies inside *screen*; heights are
    cut so that all fit (the pop-up scrolls inside)."""
    width = min(width or popup_width(screen), screen.w - 2 * GAP)
    sides = ("right", "left")
    columns = {side: _column(screen, side, width) for side in sides}
    if work is not None:
        free = [s for s in sides if not columns[s].intersects(work)]
        side = free[0] if free else min(sides, key=lambda s: columns[s].overlap(work))
    else:
        side = "right"
    col = columns[side]
    room = col.h - (SUMMARY_HEIGHT + GAP if summary else 0) - GAP * max(0, len(heights) - 1)
    wanted = [max(60, h) for h in heights]
    if sum(wanted) > room and wanted:
        # share the room: small pop-ups keep their height, big ones are cut evenly
        share = room // len(wanted)
        small = [h for h in wanted if h <= share]
        big = len(wanted) - len(small)
        cap = (room - sum(small)) // big if big else share
        wanted = [min(h, cap) for h in wanted]
    rects, y = [], col.y
    for h in wanted:
        rects.append(Rect(col.x, y, width, h))
        y += h + GAP
    summary_rect = Rect(col.x, y, width, SUMMARY_HEIGHT) if summary else None
    return rects, summary_rect
