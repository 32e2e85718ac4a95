"""売上履歴の取込 / 顧客情報の取込: a shop's past sales and customer master from CSV or TSV.

The desk (ファイル › 取り込み…) and the CLI (``desk-app import orders|customers``) call the
same three steps:

1. :func:`preview` — the file's format (encoding, delimiter), headers, first rows, the
   mapping recognised from the headers and the one remembered for this header set;
2. :func:`run` — the whole file, as a dry run (counts and every bad row, nothing written)
   or for real; bad rows never stop the rest;
3. :func:`undo` — an import removed as a whole; :func:`history` lists them.

The pipeline's stages, one module each: :mod:`.reading` (the file, the preview, the
mapping), :mod:`.staging` (the rows streamed into staging tables), :mod:`.job` (resolving,
counting and writing in checkpoints), :mod:`.records` (undo, history, rejected rows) and
:mod:`.results` (reports, progress, message codes).

Cancel and checkpoints: **nothing is written on cancel while the file is read, nor by a
dry run.** The file is streamed into staging tables only this import's connection sees
(on SQLite the store is not locked meanwhile). New customers (of a sales file or the
customer master), then sales, are written in checkpoints of about a second each (see
:mod:`.job`); cancelling then keeps everything up to the last checkpoint, recorded as the
import (undo removes it as a whole; importing the same file again adds only the rest). The
store's write lock is held for one checkpoint at a time, so the desks save orders and
notes while a million customers or a 5M-row history go in.

Idempotency, matching and aggregates are explained in ``desk_app.store.history_import``.
"""

from desk_app.services.history_import.job import CHECKPOINT_SECONDS, run
from desk_app.services.history_import.reading import PREVIEW_ROWS, preview, resolve_mapping
from desk_app.services.history_import.records import history, undo, write_rejected
from desk_app.services.history_import.results import (
    READ_SHARE,
    FilePreview,
    ImportCancelled,
    ImportReport,
    ImportSummary,
    Progress,
    RowProblem,
    UndoReport,
)
from desk_app.services.history_import.staging import BATCH

__all__ = [
    "BATCH", "CHECKPOINT_SECONDS", "PREVIEW_ROWS", "READ_SHARE", "FilePreview",
    "ImportCancelled", "ImportReport", "ImportSummary", "Progress", "RowProblem",
    "UndoReport", "history", "preview", "resolve_mapping", "run", "undo", "write_rejected",
]
