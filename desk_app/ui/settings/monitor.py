"""The raw monitor: the bytes a device really sends, as escaped text or as hex.

When calls do not pop, the installer has to see what arrives: nothing (wrong port), garbage
(wrong speed), or well-formed lines the chosen format does not read. A source's ``on_raw``
callback runs on its I/O thread, possibly hundreds of times a second on a noisy line, so
:class:`RawFeed` collects into a bounded buffer and asks the bridge for one GUI-thread flush
at a time: a flood costs one queued call and a fixed amount of memory, never a frozen window.
"""

from __future__ import annotations

import codecs
import threading
from collections.abc import Callable

from PySide6.QtGui import QFont, QFontDatabase, QTextCursor
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

MAX_BYTES = 64 * 1024  # history kept for re-rendering (and the most one flush carries)
MAX_LINES = 2000  # lines the view keeps
_NAMED = {"\r": "\\r", "\n": "\\n\n", "\t": "\\t", "\\": "\\\\"}


def escape(text: str) -> str:
    """Printable text as is; control characters and undecodable bytes as escapes. ``\\n``
    also breaks the line, so a modem's CRLF lines stay lines."""
    out = []
    for ch in text:
        code = ord(ch)
        if ch in _NAMED:
            out.append(_NAMED[ch])
        elif 0xDC80 <= code <= 0xDCFF:  # a byte that is not UTF-8 (surrogateescape)
            out.append(f"\\x{code - 0xDC00:02x}")
        elif code < 0x20 or code == 0x7F:
            out.append(f"\\x{code:02x}")
        else:
            out.append(ch)
    return "".join(out)


def monospace(base: QFont) -> QFont:
    """The system's fixed-width font a point smaller than *base* (kanji fall back to the
    app's Japanese font)."""
    mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    mono.setPointSize(max(8, base.pointSize() - 1))
    mono.setStyleHint(QFont.StyleHint.Monospace)
    return mono


class RawFeed:
    """The ``on_raw`` callback: any thread in, batched GUI-thread deliveries out."""

    def __init__(self, bridge, deliver: Callable[[bytes, int], None]) -> None:
        self._bridge, self._deliver = bridge, deliver
        self._lock = threading.Lock()
        self._pending = bytearray()
        self._dropped = 0
        self._scheduled = False
        self.closed = False

    def __call__(self, data: bytes) -> None:
        with self._lock:
            self._pending += data
            excess = len(self._pending) - MAX_BYTES
            if excess > 0:
                del self._pending[:excess]
                self._dropped += excess
            if self._scheduled:
                return
            self._scheduled = True
        self._bridge.post_call(self._flush)

    def _flush(self) -> None:
        with self._lock:
            data, dropped = bytes(self._pending), self._dropped
            self._pending.clear()
            self._dropped, self._scheduled = 0, False
        if not self.closed:
            self._deliver(data, dropped)


class RawMonitor(QWidget):
    """Bounded view of raw bytes with a hex switch; the history survives the switch."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._history = bytearray()
        self._decoder = codecs.getincrementaldecoder("utf-8")("surrogateescape")
        self._column = 0  # hex: bytes already on the current line
        self.view = QPlainTextEdit()
        self.view.setReadOnly(True)
        self.view.setMaximumBlockCount(MAX_LINES)
        self.view.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.view.setFont(monospace(self.font()))
        self.view.setPlaceholderText(self.tr("Bytes from the device appear here during a test."))
        self.hex = QCheckBox(self.tr("Hex"))
        self.hex.setToolTip(self.tr("Show every byte as a hexadecimal number"))
        self.hex.toggled.connect(lambda _on: self._render_all())
        self.count = QLabel()
        self.count.setProperty("role", "muted")
        clear = QPushButton(self.tr("Clear"))
        clear.clicked.connect(self.clear)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Raw data")))
        bar.addStretch(1)
        bar.addWidget(self.count)
        bar.addWidget(self.hex)
        bar.addWidget(clear)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.view)
        self._received = 0
        self._show_count()

    def text(self) -> str:
        return self.view.toPlainText()

    def append(self, data: bytes, dropped: int = 0) -> None:
        if dropped:
            self._insert(self.tr("[%1 bytes skipped]").replace("%1", str(dropped)) + "\n")
            self._column = 0
        if not data:
            return
        self._received += len(data)
        self._history += data
        if len(self._history) > MAX_BYTES:
            del self._history[:len(self._history) - MAX_BYTES]
        self._insert(self._render(data))
        self._show_count()

    def clear(self) -> None:
        self._history.clear()
        self._received = 0
        self._render_all()
        self._show_count()

    def _render(self, data: bytes) -> str:
        if not self.hex.isChecked():
            return escape(self._decoder.decode(data))
        out = []
        for byte in data:
            out.append(f"{byte:02x}")
            self._column += 1
            out.append("\n" if self._column % 16 == 0 else " ")
        return "".join(out)

    def _render_all(self) -> None:
        self.view.clear()
        self._decoder.reset()
        self._column = 0
        if self._history:
            self._insert(self._render(bytes(self._history)))

    def _insert(self, text: str) -> None:
        cursor = self.view.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.insertText(text)
        self.view.setTextCursor(cursor)
        self.view.ensureCursorVisible()

    def _show_count(self) -> None:
        self.count.setText(self.tr("%1 bytes").replace("%1", f"{self._received:,}"))
