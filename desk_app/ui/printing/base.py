"""Drawing on paper in millimetres, with the app's Japanese fonts embedded.

Every renderer takes a ``QPagedPaintDevice`` (a ``QPdfWriter`` for PDF files, a
``QPrinter`` from the print dialog or the print preview), sets each page's size with no
margins (coordinates are measured from the paper's corner, as label sheets and postcards
are specified) and draws through :class:`Paper`. Qt embeds the used glyphs of the
TrueType fonts as subsets in the PDF, so a file opens the same on any PC.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QByteArray, QMarginsF, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QFontMetricsF,
    QGuiApplication,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
)

PDF_DPI = 600
_families: list[str] = []


def ensure_app() -> QGuiApplication:
    """The running Qt application, or an offscreen one for the CLI (no display needed)."""
    app = QGuiApplication.instance()
    if app is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QGuiApplication(["desk-app"])
    load_print_fonts()
    return app  # type: ignore[return-value]


def load_print_fonts() -> list[str]:
    """The app's font chain, registered once: IPAexGothic, then the fallback that draws the
    JIS X 0213 kanji it lacks (𠮷); both are embedded (as subsets) in every PDF. Found
    through ``desk_app.resources`` (Qt-free), so the CLI needs nothing else of the desk."""
    if _families:
        return _families
    from desk_app import resources

    found: list[str] = []
    for relative in (resources.PRIMARY_FONT, resources.FALLBACK_FONT):
        path = resources.path(relative)
        if path is None:
            continue
        data = _without_radicals(path) if relative == resources.PRIMARY_FONT else None
        fid = (QFontDatabase.addApplicationFontFromData(QByteArray(data)) if data
               else QFontDatabase.addApplicationFont(str(path)))
        for family in QFontDatabase.applicationFontFamilies(fid) if fid >= 0 else ():
            if family not in found:
                found.append(family)
    if len(found) > 1:
        QFont.insertSubstitution(found[0], found[1])
    _families.extend(found or ["sans-serif"])
    return _families


# Kangxi Radicals and CJK Radicals Supplement
RADICALS = range(0x2E80, 0x2FE0)


def _without_radicals(path: Path) -> bytes | None:
    """IPAexGothic as printing loads it: its character map without the 267 radicals it
    draws with the glyph of an ideograph (⽯ U+2F6F and 石 U+77F3, ⼿ and 手). Qt's PDF
    writer names each embedded glyph after the lowest code point that maps to it, so every
    PDF said ⽯井 and ⼿紙 where the page shows 石井 and 手紙, and a name could not be found
    or copied out of a PDF. Without those entries each glyph has one code point, the
    ideograph. Only this copy in memory changes (the licence lets printed matter use the
    font with modification); None when fontTools cannot read the file (Qt then loads it
    as it is)."""
    import io

    try:
        from fontTools.ttLib import TTFont

        face = TTFont(str(path))
        for table in face["cmap"].tables:
            if table.isUnicode():
                for code in [c for c in table.cmap if c in RADICALS]:
                    del table.cmap[code]
        out = io.BytesIO()
        face.save(out)
        return out.getvalue()
    except Exception:  # a damaged or unexpected file: print with the font as shipped
        return None


def font(point_size: float, bold: bool = False, vertical: bool = False) -> QFont:
    """The print font at *point_size*; *vertical* turns on the OpenType ``vert`` feature
    (ー, brackets and small kana take their vertical forms)."""
    f = QFont()
    f.setFamilies(load_print_fonts())
    f.setPointSizeF(point_size)
    f.setBold(bold)
    f.setStyleStrategy(QFont.StyleStrategy.PreferOutline)
    f.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    if vertical:
        f.setFeature(QFont.Tag("vert"), 1)
        f.setFeature(QFont.Tag("vrt2"), 1)
    return f


class Paper:
    """A painter on one device, in millimetres from the paper's top-left corner."""

    def __init__(self, device: QPagedPaintDevice, size_mm: tuple[float, float]) -> None:
        self.device = device
        self.size_mm = size_mm
        set_page(device, size_mm)
        self.painter = QPainter()
        if not self.painter.begin(device):
            raise OSError("cannot paint on the printer or file")
        self.painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        self.dpi = device.logicalDpiX()
        self.pen(0.25)

    # -- pages ----------------------------------------------------------------------------
    def new_page(self, size_mm: tuple[float, float] | None = None) -> None:
        if size_mm and size_mm != self.size_mm:
            self.size_mm = size_mm
            set_page(self.device, size_mm)
        self.device.newPage()

    def end(self) -> None:
        self.painter.end()

    # -- units ----------------------------------------------------------------------------
    def u(self, mm: float) -> float:
        return mm * self.dpi / 25.4

    def rect(self, x: float, y: float, w: float, h: float) -> QRectF:
        return QRectF(self.u(x), self.u(y), self.u(w), self.u(h))

    def pen(self, width_mm: float, color: str = "#000000") -> None:
        pen = QPen(QColor(color))
        pen.setWidthF(self.u(width_mm))
        self.painter.setPen(pen)

    # -- drawing --------------------------------------------------------------------------
    def line(self, x1: float, y1: float, x2: float, y2: float) -> None:
        self.painter.drawLine(QPointF(self.u(x1), self.u(y1)), QPointF(self.u(x2), self.u(y2)))

    def box(self, x: float, y: float, w: float, h: float) -> None:
        self.painter.setBrush(Qt.BrushStyle.NoBrush)
        self.painter.drawRect(self.rect(x, y, w, h))

    def text(self, x: float, y: float, w: float, h: float, text: str, f: QFont,
             flags: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
             wrap: bool = False, color: str = "#000000") -> None:
        self.painter.setFont(f)
        pen = self.painter.pen()
        self.pen(0.2, color)
        options = int(flags) | (int(Qt.TextFlag.TextWordWrap) if wrap else 0)
        self.painter.drawText(self.rect(x, y, w, h), options, text)
        self.painter.setPen(pen)

    def fitted(self, text: str, f: QFont, width_mm: float, min_pt: float = 6.0) -> QFont:
        """*f*, shrunk until *text* fits in *width_mm* on one line (never below *min_pt*)."""
        f = QFont(f)
        while f.pointSizeF() > min_pt and self.text_width(text, f) > width_mm:
            f.setPointSizeF(f.pointSizeF() - 0.5)
        return f

    def text_width(self, text: str, f: QFont) -> float:
        metrics = QFontMetricsF(f, self.device)
        return metrics.horizontalAdvance(text) * 25.4 / self.dpi

    def line_height(self, f: QFont) -> float:
        return QFontMetricsF(f, self.device).height() * 25.4 / self.dpi

    def vertical(self, x_center: float, y_top: float, text: str, f: QFont,
                 step: float | None = None, color: str = "#000000") -> float:
        """Write *text* top to bottom, one character per cell, centred on *x_center*; the
        font should have ``vert`` on. Returns the y below the last character."""
        size = f.pointSizeF() * 25.4 / 72
        step = step or size
        y = y_top
        for ch in text:
            if ch != "\u3000":
                self.text(x_center - size / 2 - 0.5, y, size + 1, step, ch, f,
                          Qt.AlignmentFlag.AlignCenter, color=color)
            y += step
        return y


def set_page(device: QPagedPaintDevice, size_mm: tuple[float, float]) -> None:
    w, h = size_mm
    orientation = QPageLayout.Orientation.Portrait
    size = QPageSize(QSizeF(w, h), QPageSize.Unit.Millimeter, "", QPageSize.SizeMatchPolicy.ExactMatch)
    if w > h:  # landscape A4: the portrait size turned
        size = QPageSize(QSizeF(h, w), QPageSize.Unit.Millimeter, "",
                         QPageSize.SizeMatchPolicy.ExactMatch)
        orientation = QPageLayout.Orientation.Landscape
    layout = QPageLayout(size, orientation, QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)
    layout.setMode(QPageLayout.Mode.FullPageMode)
    device.setPageLayout(layout)


@contextmanager
def pdf_writer(path: str | Path, title: str) -> Iterator[QPdfWriter]:
    """A PDF file being written (closed and complete when the block ends)."""
    ensure_app()
    writer = QPdfWriter(str(path))
    writer.setResolution(PDF_DPI)
    writer.setCreator("Phone Order Desk")
    writer.setTitle(title)
    yield writer
    del writer
