"""What a history import reports: results, progress, problems; the message codes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from desk_app.domain import messages
from desk_app.domain.importing.sniff import FileFormat
from desk_app.services.base import Problem, ServiceError

# Share of a run's time spent reading the file, as bench/bench_import.py measured it for
# 5M rows (about 270 s of 1,360 s; the rest is resolving and writing the checkpoints);
# progress and the time left use it.
READ_SHARE = 0.25

messages.register({
    "import.file_unreadable": ("ファイルを読めません: {reason}", "Cannot read the file: {reason}"),
    "import.file_excel": (
        "Excelのファイルです。Excelで「CSV UTF-8」または「CSV（コンマ区切り）」で保存してから"
        "取り込んでください。",
        "This is an Excel workbook. Save it from Excel as “CSV UTF-8” or “CSV (Comma"
        " delimited)”, then import that file."),
    "import.file_zip": ("ZIPで圧縮されたファイルです。展開してから中のCSVを取り込んでください。",
                        "This is a ZIP archive. Extract it, then import the CSV inside."),
    "import.file_utf16": (
        "Unicode テキスト（UTF-16）のファイルです。Excelで「CSV UTF-8」で保存してから"
        "取り込んでください。",
        "This file is UTF-16 (Excel's “Unicode Text”). Save it from Excel as “CSV UTF-8”,"
        " then import that file."),
    "import.file_binary": (
        "CSVやTSVのファイルではありません（文字でないデータが入っています）。"
        "CSVかTSVで書き出したファイルを選んでください。",
        "This is not a CSV or TSV file (it holds binary data). Choose a file exported as"
        " CSV or TSV."),
    "import.encoding_garbled": (
        "文字コード {encoding} では読めない文字があります（見出しか最初の行、文字化け）。"
        "ファイルを確かめてください。",
        "Some characters cannot be read as {encoding} (in the header or the first rows):"
        " check the file."),
    "import.encoding_garbled_try": (
        "文字コード {encoding} では読めない文字があります（見出しか最初の行、文字化け）。"
        "このファイルは {detected} のようです。文字コードを「自動判定」か {detected} に"
        "してください。",
        "Some characters cannot be read as {encoding} (in the header or the first rows)."
        " The file looks like {detected}: choose Detect or {detected}."),
    "import.file_empty": ("ファイルが空です（見出しの行がありません）。",
                          "The file is empty (no header row)."),
    "import.encoding_unknown": ("文字コード「{encoding}」は使えません（auto / utf-8 / cp932）。",
                                "Unknown encoding “{encoding}” (auto, utf-8 or cp932)."),
    "import.mapping_invalid": ("列の割り当てが読めません: {reason}",
                               "The column mapping cannot be read: {reason}"),
    "import.cancelled": ("取込を中止しました。何も書き込んでいません。",
                         "The import was cancelled. Nothing was written."),
    "import.cancelled_at_checkpoint": (
        "取込を中止しました。最後の区切りまでの{rows}件は書き込み済みです（取込 No.{id}）。"
        "同じファイルをもう一度取り込むと残りだけが入ります。全部を戻すには取り消してください。",
        "The import was cancelled. The {rows} sales up to the last checkpoint are written"
        " (import No. {id}). Importing the same file again adds only the rest; undo removes"
        " all of it."),
    "import.cancelled_at_customer_checkpoint": (
        "取込を中止しました。最後の区切りまでの新規顧客{customers}件は登録済みです（取込 No.{id}）。"
        "同じファイルをもう一度取り込むと残りだけが入ります。全部を戻すには取り消してください。",
        "The import was cancelled. The {customers} new customers up to the last checkpoint are"
        " registered (import No. {id}). Importing the same file again adds only the rest; undo"
        " removes all of it."),
    "import.cancelled_before_sales": (
        "取込を中止しました。新規顧客{customers}件は登録済みですが、売上はまだ1件も書き込んでいません"
        "（取込 No.{id}）。同じファイルをもう一度取り込むと残りだけが入ります。"
        "全部を戻すには取り消してください。",
        "The import was cancelled. {customers} new customers are registered, but no sales are"
        " written yet (import No. {id}). Importing the same file again adds only the rest; undo"
        " removes all of it."),
    "import.not_found": ("取込 No.{id} はありません。", "Import No. {id} does not exist."),
    "import.already_undone": ("取込 No.{id} は取り消し済みです。",
                              "Import No. {id} has already been undone."),
    "import.row_unreadable": ("この行は CSV として読めません（NUL 文字など）。",
                              "This row cannot be read as CSV (a NUL character or similar)."),
    "import.kind_unknown": ("取込の種類は orders か customers です。",
                            "The import kind is orders or customers."),
})


class ImportCancelled(ServiceError):
    """The clerk cancelled. While the file was read (and for a dry run) nothing was
    written; once new customers and then sales are written in checkpoints, everything up
    to the last committed one stays, recorded as import *import_id* (undo removes it as a
    whole, and the same file imported again adds only the rest): *rows_written* sales,
    or, cancelled while the customers were written (*customers_written* given), that many
    new customers and no sales (*sales_follow*: the file has sales)."""

    def __init__(self, import_id: int | None = None, rows_written: int = 0,
                 customers_written: int | None = None, *, sales_follow: bool = False) -> None:
        self.import_id = import_id
        self.rows_written = rows_written
        self.customers_written = customers_written
        if import_id is None:
            super().__init__([_problem("import.cancelled")])
        elif customers_written is not None:
            code = ("import.cancelled_before_sales" if sales_follow
                    else "import.cancelled_at_customer_checkpoint")
            super().__init__([_problem(code, id=import_id, customers=f"{customers_written:,}")])
        else:
            super().__init__([_problem("import.cancelled_at_checkpoint", id=import_id,
                                       rows=f"{rows_written:,}")])


def _problem(code: str, **params: Any) -> Problem:
    return Problem(code, params)


# --- results ---------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class RowProblem:
    """A rejected row: its first line in the file (header = line 1) and why."""

    line: int
    code: str
    params: dict[str, Any] = field(default_factory=dict)

    def reason(self, lang: str = "ja") -> str:
        return messages.text(self.code, self.params, lang)


@dataclass(frozen=True)
class ImportReport:
    kind: str
    file_name: str
    file_hash: str
    encoding: str
    delimiter: str
    mapping: dict[str, str | list[str]]  # role → header(s)
    mapping_source: str  # given / remembered / recognised
    rows: int
    imported: int
    skipped_duplicates: int
    new_customers: int
    matched_customers: int
    matched_by_phone: int
    orders: int  # orders written (or that would be): rows per order line share one
    errors: tuple[RowProblem, ...]
    dry_run: bool
    import_id: int | None
    seconds: float
    # a customer import: matched customers whose empty fields or missing phones it filled
    # (counted in imported, not in skipped_duplicates)
    completed_customers: int = 0

    def to_json_dict(self, lang: str = "ja") -> dict[str, Any]:
        """The CLI contract: counts in data rows (rows = imported + skipped_duplicates +
        len(errors)); each error's line is the row's first line, the header being line 1."""
        out: dict[str, Any] = {
            "rows": self.rows, "imported": self.imported,
            "skipped_duplicates": self.skipped_duplicates, "new_customers": self.new_customers,
            "matched_customers": self.matched_customers,
            "errors": [{"line": e.line, "reason": e.reason(lang)} for e in self.errors]}
        if self.kind == "customers":  # beside the contract's keys: imported = new + completed
            out["completed_customers"] = self.completed_customers
        return out


@dataclass(frozen=True)
class FilePreview:
    path: str
    kind: str
    format: FileFormat
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]  # the first data rows
    lines: tuple[int, ...]  # each row's first line in the file (header = line 1)
    recognised: dict[str, str | list[str]]
    remembered: dict[str, str | list[str]] | None
    header_key: str
    garbled: bool  # the header or a first row has bytes the encoding cannot read
    detected_encoding: str  # what ``auto`` reads the file as (sniffed again only if garbled)

    @property
    def encoding_warning(self) -> Problem | None:
        """When the header or the first rows do not decode cleanly: say so, and suggest
        the detected encoding if the clerk chose another one."""
        if not self.garbled:
            return None
        label = self.format.label
        detected = FileFormat(self.detected_encoding, self.format.delimiter, True).label
        if self.detected_encoding and detected != label:
            return _problem("import.encoding_garbled_try", encoding=label, detected=detected)
        return _problem("import.encoding_garbled", encoding=label)

    @property
    def suggested(self) -> dict[str, str | list[str]]:
        """What the dialog starts from: the remembered mapping, else the recognised one."""
        return self.remembered if self.remembered is not None else self.recognised


@dataclass(frozen=True)
class Progress:
    """Where a run is: reading (by bytes of the file), then writing new customers
    (phase ``customers``) and sales (``writing``), by one count over both: *step* of
    *steps* staged rows, first the ids the store did not know, then the sale rows."""

    phase: str  # reading / customers / writing / done
    rows: int
    bytes_done: int
    bytes_total: int
    elapsed: float
    step: int = 0  # customers, writing: codes and rows done of *steps*
    steps: int = 1

    @property
    def fraction(self) -> float:
        if self.phase == "done":
            return 1.0
        if self.phase == "reading":
            share = self.bytes_done / self.bytes_total if self.bytes_total else 1.0
            return READ_SHARE * min(share, 1.0)
        return READ_SHARE + (1 - READ_SHARE) * min(self.step / max(self.steps, 1), 1.0)

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.elapsed if self.elapsed > 0 else 0.0

    @property
    def seconds_left(self) -> float | None:
        """Estimated from the share done so far (see READ_SHARE)."""
        f = self.fraction
        if f <= 0.01 or self.elapsed <= 0:
            return None
        return max(0.0, self.elapsed * (1 - f) / f)


@dataclass(frozen=True)
class ImportSummary:
    id: int
    kind: str
    file_name: str
    file_hash: str
    rows: int
    imported: int
    skipped_duplicates: int
    new_customers: int
    matched_customers: int
    errors: int
    created_at: Any
    created_by: str | None
    operator_id: int | None
    undone_at: Any
    undone_by: str | None  # the OS user who undid it
    undone_operator_id: int | None  # the desk's operator who undid it


@dataclass(frozen=True)
class UndoReport:
    import_id: int
    orders_removed: int
    customers_removed: int
    customers_kept: int
    customers_restored: int  # customers already there whose filled fields were taken back
