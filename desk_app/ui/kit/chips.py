"""Chips: small coloured labels (stage, caution, DM yes/no...).

The colours live in the app style sheet (``kit/resources.py``), keyed by the ``chip`` property,
so a chip is just a label that says what kind it is.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel


def chip(kind: str, text: str = "") -> QLabel:
    label = QLabel(text)
    label.setProperty("chip", kind)
    return label
