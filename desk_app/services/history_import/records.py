"""After an import: undo it as a whole, list the imports, save the rejected rows."""

from __future__ import annotations

import csv
import os
from pathlib import Path

from desk_app.domain.importing.sniff import FileFormat
from desk_app.services.base import Changes, Result, ServiceContext, ServiceError
from desk_app.services.history_import.reading import FileRows
from desk_app.services.history_import.results import ImportReport, ImportSummary, UndoReport
from desk_app.store import history_import as store_import


def undo(ctx: ServiceContext, import_id: int) -> Result[UndoReport]:
    from desk_app.store.models import ImportRecord

    with ctx.transaction() as session:
        record = session.get(ImportRecord, import_id)
        if record is None:
            raise ServiceError.one("import.not_found", id=import_id)
        if record.undone_at is not None:
            raise ServiceError.one("import.already_undone", id=import_id)
        counts = store_import.undo(session.connection(), import_id,
                                   operator_id=ctx.operator_id)
        session.expire_all()
    report = UndoReport(import_id, counts.orders, counts.customers_removed,
                        counts.customers_kept)
    return Result(report, Changes(imports=True, customers=frozenset(counts.customer_ids)))


def history(ctx: ServiceContext, limit: int = 100) -> list[ImportSummary]:
    with ctx.reading() as session:
        return [ImportSummary(r.id, r.kind, r.file_name, r.file_hash, r.rows, r.imported,
                              r.skipped_duplicates, r.new_customers, r.matched_customers,
                              r.errors, r.created_at, r.created_by, r.operator_id, r.undone_at)
                for r in store_import.records(session.connection(), limit)]


def write_rejected(report: ImportReport, path: str | os.PathLike, out: str | os.PathLike,
                   lang: str = "ja") -> int:
    """The rejected rows of *report* as a CSV in the file's own encoding, delimiter and
    columns, plus a reason column (エラー理由) and the row's line in the original file: fix
    them in Excel and import the file again. Returns the rows written."""
    reasons = {e.line: e.reason(lang) for e in report.errors}
    fmt = FileFormat(report.encoding, report.delimiter, detected=False)
    rows = FileRows(Path(path), fmt)
    written = 0
    try:
        with open(out, "w", encoding=report.encoding, errors="replace", newline="") as f:
            writer = csv.writer(f, delimiter=report.delimiter, lineterminator="\r\n")
            writer.writerow([*rows.headers, "エラー理由" if lang == "ja" else "reason",
                             "元の行" if lang == "ja" else "line"])
            for line, fields, _bad in rows:
                reason = reasons.get(line)
                if reason is not None:
                    writer.writerow([*(fields or ()), reason, line])
                    written += 1
    finally:
        rows.close()
    return written
