"""ファイル › 取り込み…: a shop's past sales and customer master from CSV (issue 11).

The dialog (:mod:`.dialog`) drives ``desk_app.services.history_import`` — the same preview,
dry run, import and rejected-rows file as ``desk-app import`` — as pool jobs of the desk's
task API (``desk.tasks.start``, with progress and cancel), so the desk's database queue keeps
serving pop-ups and searches while a five-million-row file is read. The dialog is the shell
(the file, the buttons, the jobs); it shows the column mapping (:mod:`.mapping`) and a run's
progress and report (:mod:`.report`). 取込の履歴 (:mod:`.history`) lists the imports and
undoes one as a whole.
"""

from desk_app.ui.imports.dialog import ImportDialog, open_import_dialog

__all__ = ["ImportDialog", "open_import_dialog"]
