"""The import's column mapping: the file's columns with their first values, each with the
role chosen for it, and below them the first rows as a table.

A role chosen automatically (recognised from the header) or remembered for this header set
is marked as such, so the clerk sees what the desk decided; a role the clerk changes is
marked 変更. One column per role, except the roles that take several (a role given to a
column leaves the column that had it). Stepping through a box's roles with ↑↓ takes each
role from its column only once the keyboard leaves the box on it: the roles passed on the
way stay where they were.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.importing import columns as cols
from desk_app.services import history_import as hi
from desk_app.ui.imports.cells import cell
from desk_app.ui.kit import fmt

SAMPLE_VALUES = 3


class MappingPage(QWidget):
    changed = Signal()  # the clerk chose another role for a column

    def __init__(self, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self.preview: hi.FilePreview | None = None  # the file shown (None: none yet)
        self.role_boxes: list[QComboBox] = []
        self._source_label = ""
        self._stepping: QComboBox | None = None  # a box whose role ↑↓ changed, not yet left

        self.table = QTableWidget(0, 4, objectName="mapping")
        self.table.setHorizontalHeaderLabels(
            [self.tr("Column"), self.tr("First values"), self.tr("Role"), self.tr("Chosen by")])
        self.table.verticalHeader().hide()
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        # Tab goes from role to role (see _chain_roles), never round the read-only cells
        self.table.setTabKeyNavigation(False)
        head = self.table.horizontalHeader()
        head.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        head.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        head.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        head.setSectionResizeMode(3, QHeaderView.ResizeMode.Interactive)
        self.table.setColumnWidth(0, 180)
        self.table.setColumnWidth(2, 170)
        self.table.setColumnWidth(3, 110)
        self.rows_table = QTableWidget(0, 0, objectName="previewRows")
        self.rows_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.rows_table.setTabKeyNavigation(False)
        self.rows_table.setWordWrap(False)
        self.rows_table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.note = QLabel(objectName="mappingNote", wordWrap=True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 3)
        layout.addWidget(self.note)
        layout.addWidget(self.rows_table, 2)

    def show_preview(self, preview: hi.FilePreview) -> None:
        """The file's columns with the roles the service suggests, and its first rows."""
        self.preview = preview
        self._fill_mapping(preview)
        self._fill_rows(preview)

    def clear(self) -> None:
        """No file shown (the one chosen could not be read)."""
        self.preview = None
        self.role_boxes = []
        self._stepping = None
        self.table.setRowCount(0)
        self.rows_table.clear()
        self.rows_table.setRowCount(0)
        self.rows_table.setColumnCount(0)
        self.note.setText("")

    def _fill_mapping(self, preview: hi.FilePreview) -> None:
        chosen = _columns_by_role(preview.suggested, preview.headers)
        source = self.tr("remembered") if preview.remembered is not None else self.tr("automatic")
        self._source_label = source
        self.table.setRowCount(len(preview.headers))
        self.role_boxes = []
        self._stepping = None
        roles = [r for r in cols.ROLES
                 if not (preview.kind == cols.CUSTOMERS and r in cols.ORDER_ONLY)]
        for row, header in enumerate(preview.headers):
            self.table.setItem(row, 0, cell(header))
            values = [r[row] for r in preview.rows[:SAMPLE_VALUES] if row < len(r)]
            self.table.setItem(row, 1, cell(" / ".join(v.replace("\n", " ") for v in values)))
            box = QComboBox(objectName=f"role{row}")
            box.addItem(self.tr("(not imported)"), "")
            for role in roles:
                ja, en = cols.ROLE_LABELS[role]
                label = ja if self.lang == "ja" else en
                if role in cols.REQUIRED[preview.kind]:
                    label += " *"
                box.addItem(label, role)
            role = chosen.get(row, "")
            box.setCurrentIndex(max(0, box.findData(role)))
            box.setProperty("suggested", role)
            box.currentIndexChanged.connect(lambda _i, r=row: self._role_changed(r))
            box.installEventFilter(self)
            self.table.setCellWidget(row, 2, box)
            self.table.setItem(row, 3, cell(source if role else ""))
            self.role_boxes.append(box)
        self._chain_roles()

    def _chain_roles(self) -> None:
        """Tab order: the mapping table, each column's role in the file's order (the boxes
        are made after the dialog's buttons, so they would come last), then the first rows."""
        chain = [self.table, *self.role_boxes, self.rows_table]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def _fill_rows(self, preview: hi.FilePreview) -> None:
        self.rows_table.clear()
        self.rows_table.setColumnCount(len(preview.headers))
        self.rows_table.setHorizontalHeaderLabels(list(preview.headers))
        self.rows_table.setRowCount(len(preview.rows))
        # numbered by their first line in the file, as the check reports a bad row
        self.rows_table.setVerticalHeaderLabels([str(n) for n in preview.lines])
        for r, values in enumerate(preview.rows):
            for c, value in enumerate(values[:len(preview.headers)]):
                self.rows_table.setItem(r, c, cell(value.replace("\n", " ")))
        self.rows_table.resizeColumnsToContents()
        for c in range(self.rows_table.columnCount()):
            self.rows_table.setColumnWidth(c, min(self.rows_table.columnWidth(c), 220))

    def _role_changed(self, row: int) -> None:
        box = self.role_boxes[row]
        role = box.currentData()
        if box.hasFocus() and not box.view().isVisible():
            self._stepping = box  # ↑↓ on the closed box: the role moves when it is left
        else:
            self._take_role(row)
        suggested = box.property("suggested") or ""
        self.table.item(row, 3).setText(self.tr("changed") if role != suggested
                                        else (self._source_label if role else ""))
        self.changed.emit()

    def _take_role(self, row: int) -> None:
        """One column per role: the role of box *row* leaves the column that had it."""
        role = self.role_boxes[row].currentData()
        if not role or role in cols.MULTI_ROLES:
            return
        for other, other_box in enumerate(self.role_boxes):
            if other != row and other_box.currentData() == role:
                other_box.blockSignals(True)
                other_box.setCurrentIndex(0)
                other_box.blockSignals(False)
                self.table.item(other, 3).setText(self.tr("changed"))

    def eventFilter(self, watched, event) -> bool:
        if (event.type() == QEvent.Type.FocusOut and watched is self._stepping
                and watched in self.role_boxes):
            self._stepping = None
            self._take_role(self.role_boxes.index(watched))
            self.changed.emit()
        return super().eventFilter(watched, event)

    def current_mapping(self) -> dict[str, str | list[str]]:
        """role → header(s), the service's and the CLI's --mapping form."""
        if self.preview is None:
            return {}
        headers = self.preview.headers
        out: dict[str, list[str]] = {}
        for row, box in enumerate(self.role_boxes):
            role = box.currentData()
            if role:
                out.setdefault(role, []).append(headers[row])
        stepping = self._stepping
        if stepping is not None and stepping.currentData() not in ("", *cols.MULTI_ROLES):
            # the box being stepped through holds its role already; the other column
            # gives it up when the keyboard leaves the box
            out[stepping.currentData()] = [headers[self.role_boxes.index(stepping)]]
        return {role: names if len(names) > 1 else names[0] for role, names in out.items()}

    def missing_roles(self, kind: str) -> list[str]:
        """The roles a file of *kind* requires that no column has."""
        mapping = self.current_mapping()
        return [r for r in cols.REQUIRED[kind] if r not in mapping]

    def update_note(self, kind: str, step: str | None = None) -> None:
        """Below the mapping: the required roles still without a column, else what comes
        next: the check, or (*step* "checked") the import, or (*step* "imported") nothing
        more for this file."""
        missing = self.missing_roles(kind) if self.preview else []
        if missing:
            names = "、".join(cols.ROLE_LABELS[r][0 if self.lang == "ja" else 1] for r in missing)
            self.note.setText(fmt.arg(self.tr("Choose a column for: %1"), names))
        elif self.preview is None:
            self.note.setText("")
        elif step == "checked":
            self.note.setText(self.tr("Checked with these roles. Changing one asks for the "
                                      "check again."))
        elif step == "imported":
            self.note.setText(self.tr("Imported with these roles (remembered for files with "
                                      "the same headers)."))
        else:
            self.note.setText(self.tr("Columns marked * are required. Check the "
                                      "roles, then run the check."))

    def set_busy(self, busy: bool) -> None:
        """No role changes while a job of the dialog runs."""
        for box in self.role_boxes:
            box.setEnabled(not busy)


def _columns_by_role(mapping: dict, headers) -> dict[int, str]:
    """column index → role from a role → header(s) mapping."""
    index = {h: i for i, h in reversed(list(enumerate(headers)))}
    out: dict[int, str] = {}
    for role, names in mapping.items():
        for name in ([names] if isinstance(names, str) else names):
            if name in index:
                out[index[name]] = role
    return out
