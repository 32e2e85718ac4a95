"""取込の履歴: the imports made so far (file, when, who, counts; once undone, when and by
whom) and 取り消し, which removes one as a whole — the same ``history`` and ``undo`` as
``desk-app import list`` / ``undo``.

取り消し asks first, with いいえ the default (Enter and Esc keep the import). The undo runs
on the task pool with a context of its own (``tasks.beside``: a large import's orders take
seconds to delete, the pop-ups' lookups must not wait behind it); its Changes reload the
cards, the pop-ups and this list.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.importing import columns as cols
from desk_app.services import history_import as hi
from desk_app.services import operators
from desk_app.ui.imports.cells import cell
from desk_app.ui.kit import domain_text, fmt
from desk_app.ui.kit.keys import ask_discard
from desk_app.ui.kit.screens import fit_to_screen, present


class ImportHistoryDialog(QDialog):
    def __init__(self, services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.imports: list[hi.ImportSummary] = []
        self._undoing = False
        self.setWindowTitle(self.tr("Import list"))
        self.table = QTableWidget(0, 10, objectName="imports")
        self.table.setHorizontalHeaderLabels([
            self.tr("No."), self.tr("Imported at"), self.tr("Contents"), self.tr("File"),
            self.tr("Rows"), self.tr("Imported"), self.tr("New customers"),
            self.tr("Rows with errors"), self.tr("Operator"), self.tr("Undone")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        head = self.table.horizontalHeader()
        for c in range(self.table.columnCount()):
            head.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        head.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)  # the file name
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.message = QLabel(objectName="importListMessage", wordWrap=True)
        self.undo_button = QPushButton(self.tr("Undo import…"), objectName="undoImport",
                                       autoDefault=False)
        self.undo_button.clicked.connect(self.undo_selected)
        close = QPushButton(self.tr("Close"), objectName="close", autoDefault=False)
        close.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.undo_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        services.hub.imports_changed.connect(self.reload)
        fit_to_screen(self, 1000, 480)
        self._update_buttons()
        self.reload()

    def reload(self) -> None:
        def read(ctx):
            return hi.history(ctx), {o.id: o.name for o in operators.list_operators(ctx)}

        self.services.tasks.submit(read, self._show)

    def _show(self, loaded) -> None:
        imports, names = loaded
        selected = self.selected()
        self.imports = imports
        self.table.setRowCount(len(imports))
        kinds = {cols.ORDERS: self.tr("Past sales"), cols.CUSTOMERS: self.tr("Customer master")}
        for r, s in enumerate(imports):
            values = (str(s.id), fmt.when(s.created_at), kinds.get(s.kind, s.kind), s.file_name,
                      f"{s.rows:,}", f"{s.imported:,}", f"{s.new_customers:,}",
                      f"{s.errors:,}",
                      # the desk's operator; the OS user for the CLI (or one since removed)
                      names.get(s.operator_id) or s.created_by or "",
                      self._undone_text(s, names))
            for c, text in enumerate(values):
                item = cell(text)
                if c in (0, 4, 5, 6, 7):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, c, item)
        ids = [s.id for s in imports]
        row = ids.index(selected.id) if selected is not None and selected.id in ids else 0
        if imports:
            self.table.selectRow(row)
        if not imports:
            self.message.setText(self.tr("Nothing has been imported yet."))
        self._update_buttons()

    def _undone_text(self, s: hi.ImportSummary, names: dict[int, str]) -> str:
        """When the import was undone, and by whom (as for who imported it)."""
        if s.undone_at is None:
            return ""
        who = names.get(s.undone_operator_id) or s.undone_by
        when = fmt.when(s.undone_at)
        return fmt.arg(self.tr("%1 (%2)"), when, who) if who else when

    def selected(self) -> hi.ImportSummary | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.imports):
            return None
        return self.imports[rows[0].row()]

    def _update_buttons(self) -> None:
        s = self.selected()
        self.undo_button.setEnabled(s is not None and s.undone_at is None
                                    and not self._undoing)

    def confirm(self, question: str) -> bool:
        return ask_discard(self, self.tr("Undo import"), question)

    def undo_selected(self) -> bool:
        """取り消し of the selected import, after the question (default いいえ)."""
        s = self.selected()
        if s is None or s.undone_at is not None or self._undoing:
            return False
        completed = s.imported - s.new_customers  # a master's imported = new + completed
        if s.kind == cols.CUSTOMERS and not completed:
            text = self.tr("Undo import No. %1 (%2, %3 imported)?\nThe customers it brought in "
                           "are removed, unless they have since had an order, a note or a call.")
        elif s.kind == cols.CUSTOMERS and not s.new_customers:
            text = self.tr("Undo import No. %1 (%2, %3 imported)?\nWhat it filled in for "
                           "customers already in the store is taken back.")
        elif s.kind == cols.CUSTOMERS:
            text = self.tr("Undo import No. %1 (%2, %3 imported)?\nThe customers it brought in "
                           "are removed, unless they have since had an order, a note or a call; "
                           "what it filled in for customers already in the store is taken back.")
        else:
            text = self.tr("Undo import No. %1 (%2, %3 imported)?\nIts sales are removed, and "
                           "the customers it brought in unless they have since had an order, a "
                           "note or a call.")
        question = fmt.arg(text, s.id, s.file_name, f"{s.imported:,}")
        if not self.confirm(question):
            return False
        self._undoing = True
        self._update_buttons()
        self.message.setText(fmt.arg(self.tr("Undoing import No. %1…"), s.id))
        import_id = s.id
        self.services.tasks.beside(lambda ctx: hi.undo(ctx, import_id), self._undone,
                                   self._undo_failed, name="import-undo")
        return True

    def _undone(self, report: hi.UndoReport) -> None:
        # the list, the cards and the pop-ups reload from the Changes the task API published
        self._undoing = False
        text = fmt.arg(self.tr("Import No. %1 undone: sales removed %2, customers removed %3."),
                       report.import_id, f"{report.orders_removed:,}",
                       f"{report.customers_removed:,}")
        if report.customers_kept:
            text += "\n" + fmt.arg(self.tr(
                "Customers it brought in and kept, as they have since had an order, a note "
                "or a call: %1"), f"{report.customers_kept:,}")
        if report.customers_restored:
            text += "\n" + fmt.arg(self.tr(
                "Customers whose filled-in details were taken back: %1"),
                f"{report.customers_restored:,}")
        self.message.setText(text)
        self._update_buttons()

    def _undo_failed(self, exc: BaseException) -> None:
        self._undoing = False
        self.message.setText(fmt.arg(self.tr("Could not undo the import: %1"),
                                     domain_text.error_text(exc)))
        self._update_buttons()


def open_import_history(parent: QWidget | None, services) -> ImportHistoryDialog:
    dialog = ImportHistoryDialog(services, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    return present(dialog)
