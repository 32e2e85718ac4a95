"""After an import: undo it as a whole, list the imports, save the rejected rows."""

from __future__ import annotations

import csv
import getpass
import os
from pathlib import Path

from desk_app.domain.importing.sniff import FileFormat
from desk_app.services.base import Changes, Result, ServiceContext, ServiceError
from desk_app.services.history_import.reading import FileRows
from desk_app.services.history_import.results import ImportReport, ImportSummary, UndoReport
from desk_app.store import history_import as store_import


def os_user() -> str | None:
    """Who runs the desk or the CLI, as the OS knows them (recorded with the operator)."""
    try:
        return getpass.getuser()[:60]
    except Exception:  # no login name (a service account): the operator id still says who
        return None


def undo(ctx: ServiceContext, import_id: int) -> Result[UndoReport]:
    from desk_app.store.models import ImportRecord

    with ctx.transaction() as session:
        record = session.get(ImportRecord, import_id)
        if record is None:
            raise ServiceError.one("import.not_found", id=import_id)
        if record.undone_at is not None:
            raise ServiceError.one("import.already_undone", id=import_id)
        counts = store_import.undo(session.connection(), import_id,
                                   operator_id=ctx.operator_id, user=os_user())
        session.expire_all()
    report = UndoReport(import_id, counts.orders, counts.customers_removed,
                        counts.customers_kept, counts.customers_restored)
    return Result(report, Changes(imports=True, customers=frozenset(counts.customer_ids)))


def history(ctx: ServiceContext, limit: int = 100) -> list[ImportSummary]:
    with ctx.reading() as session:
        return [ImportSummary(r.id, r.kind, r.file_name, r.file_hash, r.rows, r.imported,
                              r.skipped_duplicates, r.new_customers, r.matched_customers,
                              r.errors, r.created_at, r.created_by, r.operator_id, r.undone_at,
                              r.undone_by, r.undone_operator_id)
                for r in store_import.records(session.connection(), limit)]


def rejected_encoding(encoding: str) -> str:
    """The codec of the rejected-rows file, which the clerk opens in Excel: CP932 stays
    CP932; anything else is written as UTF-8 with a BOM, which Excel needs to read UTF-8
    (without it Japanese Excel takes the file for CP932 and shows mojibake)."""
    return "cp932" if encoding == "cp932" else "utf-8-sig"


def write_rejected(report: ImportReport, path: str | os.PathLike, out: str | os.PathLike,
                   lang: str = "ja") -> int:
    """The rejected rows of *report* as a CSV in the file's own delimiter and columns, plus
    a reason column (エラー理由) and the row's line in the original file: fix them in Excel
    and import the file again. Returns the rows written.

    The reason and the line are always the two columns after the header's: a row with too
    few columns is padded with empty cells to the header's width, and the extra cells of a
    row with too many come after the line, kept (nothing of the row is lost) but never
    under the reason's heading. Written in :func:`rejected_encoding`."""
    reasons = {e.line: e.reason(lang) for e in report.errors}
    fmt = FileFormat(report.encoding, report.delimiter, detected=False)
    rows = FileRows(Path(path), fmt)
    width = len(rows.headers)
    written = 0
    try:
        with open(out, "w", encoding=rejected_encoding(report.encoding), errors="replace",
                  newline="") as f:
            writer = csv.writer(f, delimiter=report.delimiter, lineterminator="\r\n")
            writer.writerow([*rows.headers, "エラー理由" if lang == "ja" else "reason",
                             "元の行" if lang == "ja" else "line"])
            for line, fields, _bad in rows:
                reason = reasons.get(line)
                if reason is not None:
                    cells = list(fields or ())
                    cells += [""] * (width - len(cells))
                    writer.writerow([*cells[:width], reason, line, *cells[width:]])
                    written += 1
    finally:
        rows.close()
    return written
