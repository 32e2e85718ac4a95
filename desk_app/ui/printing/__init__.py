"""Printing and PDF with Qt print support: today's list, letters, labels, postcards, 納品書.

The desk prints through ``QPrinter`` (print preview, printer choice); the CLI's ``--pdf``
writes the same pages through ``QPdfWriter`` on an offscreen Qt application. That is the
one place a module outside ``desk_app.ui`` reaches Qt: ``desk_app.commands.letters_cmd``
imports ``desk_app.ui.printing`` (and nothing else of ui), lazily, only when a PDF is
asked for. The import-linter contracts list exactly that import as an exception
(pyproject.toml, ``ignore_imports``); everything this package needs comes in as plain data
from ``desk_app.services.letters`` / ``desk_app.services.slips``.
"""

from __future__ import annotations

from pathlib import Path

from desk_app.ui.printing.base import ensure_app, pdf_writer
from desk_app.ui.printing.documents import (
    render_labels,
    render_letters,
    render_list,
    render_postcards,
    render_slips,
)

__all__ = ["ensure_app", "pdf_writer", "render_labels", "render_letters", "render_list",
           "render_postcards", "render_slips", "write_pdf"]

TITLES = {"list": "本日のフォロー", "letters": "フォロー状", "labels": "宛名ラベル",
          "postcards": "はがき", "slips": "納品書"}


def write_pdf(path: str | Path, what: str, render, *args, **kwargs) -> int:
    """Write one document kind to *path* with ``render(device, *args, **kwargs)``;
    returns the page count."""
    with pdf_writer(path, TITLES.get(what, what)) as writer:
        return render(writer, *args, **kwargs)
