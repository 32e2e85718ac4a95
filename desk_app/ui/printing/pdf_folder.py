"""PDF保存's folder: where the last PDF went is proposed for the next one.

Kept in the settings file (``[printing]`` of ``config.toml``, ``desk_app.config``), per
desk as the Yamato export's and the history import's folders are: the PC that saves the
PDFs is the one whose folders they are.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from PySide6.QtWidgets import QFileDialog, QWidget

from desk_app.ui.kit.folders import last_folder, remember_folder


@dataclass(frozen=True)
class PdfSettings:
    """``[printing]`` of the settings file."""

    SECTION: ClassVar[str] = "printing"
    last_folder: str = ""  # the folder of the last PDF saved


def ask_pdf_path(parent: QWidget, services, title: str, file_name: str) -> str | None:
    """The save dialog on *file_name* in the folder of the last PDF (when it still exists,
    else the home folder); the path chosen, or None when the clerk cancelled."""
    start = str(Path(last_folder(services, PdfSettings)) / file_name)
    path, _filter = QFileDialog.getSaveFileName(parent, title, start, "PDF (*.pdf)")
    return path or None


def remember_pdf_folder(services, path: str | Path) -> None:
    """After a PDF was written to *path*: its folder is the one proposed next time."""
    remember_folder(services, PdfSettings, path)
