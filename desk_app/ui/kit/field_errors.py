"""Validation messages shown right under the field they are about, the field framed in red.

Forms route ``Problem`` values (message codes) by their field name: ``FieldErrors.show(errors_by_field(...))``.
"""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget


def error_label(name: str) -> QLabel:
    label = QLabel(objectName=name)
    label.setStyleSheet("color: #c62828;")
    label.setWordWrap(True)
    label.hide()
    return label


class FieldErrors:
    """Field name → (label under the field, the input to mark red)."""

    def __init__(self) -> None:
        self.fields: dict[str, tuple[QLabel, QWidget]] = {}

    def add(self, layout: QFormLayout, field: str, title: str, widget: QWidget,
            mark: QWidget | None = None) -> None:
        """*widget* goes into the form row; *mark* (default: the same) is framed in red."""
        label = error_label(f"error:{field}")
        box = QVBoxLayout()
        box.setSpacing(1)
        box.addWidget(widget)
        box.addWidget(label)
        layout.addRow(title, box)
        self.fields[field] = (label, mark or widget)

    def text(self, field: str) -> str:
        """The message shown under *field* ("" when none)."""
        label = self.fields.get(field, (None, None))[0]
        return label.text() if label is not None and label.isVisible() else ""

    def first(self, errors: dict[str, list[str]]) -> QWidget | None:
        """The first input (in the order the fields were added) that *errors* are about."""
        return next((widget for field, (_label, widget) in self.fields.items()
                     if errors.get(field)), None)

    def show(self, errors: dict[str, list[str]]) -> None:
        for field, (label, widget) in self.fields.items():
            messages = errors.get(field, [])
            label.setText("\n".join(messages))
            label.setVisible(bool(messages))
            if not widget.objectName():
                widget.setObjectName("input_" + field.replace(".", "_"))
            # an id selector, so the frame does not cascade into child widgets
            widget.setStyleSheet(f"#{widget.objectName()} {{ border: 2px solid #c62828; }}"
                                 if messages else "")
