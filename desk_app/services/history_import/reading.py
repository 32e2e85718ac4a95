"""Reading the file: bytes through a hash and a counter, one decoder, the csv module; the
preview (first rows, the recognised and the remembered mapping) and the mapping chosen."""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import itertools
import os
from collections.abc import Iterator, Sequence
from pathlib import Path

from desk_app.domain.importing import columns as cols
from desk_app.domain.importing.sniff import (
    SAMPLE_BYTES,
    FileFormat,
    detect_encoding,
    not_text,
    sniff,
)
from desk_app.services.base import ServiceContext, ServiceError
from desk_app.services.history_import.results import FilePreview
from desk_app.store import history_import as store_import

PREVIEW_ROWS = 20


class _Counting(io.RawIOBase):
    """The file's bytes through a SHA-256 and a counter (progress and the import record)."""

    def __init__(self, raw) -> None:
        self.raw = raw
        self.hash = hashlib.sha256()
        self.done = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        n = self.raw.readinto(buffer)
        if n:
            self.hash.update(memoryview(buffer)[:n])
            self.done += n
        return n or 0


_BAD_BYTES = [0]


def _count_bad(error: UnicodeError) -> tuple[str, int]:
    _BAD_BYTES[0] += 1
    return "\ufffd", error.end  # type: ignore[attr-defined]


codecs.register_error("desk_import", _count_bad)


class FileRows:
    """(first line, fields) for every row of the file after the header."""

    def __init__(self, path: Path, fmt: FileFormat) -> None:
        self.file = open(path, "rb", buffering=0)  # noqa: SIM115 (closed in close())
        self.size = os.fstat(self.file.fileno()).st_size
        self.counting = _Counting(self.file)
        self.text = io.TextIOWrapper(io.BufferedReader(self.counting, 1 << 20),
                                     encoding=fmt.encoding, errors="desk_import", newline="")
        self.reader = csv.reader(self.text, delimiter=fmt.delimiter)
        self.bad_at_start = _BAD_BYTES[0]
        try:
            self.headers = tuple(h.strip() for h in next(self.reader))
        except StopIteration:
            self.close()
            raise ServiceError.one("import.file_empty") from None
        except csv.Error as exc:
            self.close()
            raise ServiceError.one("import.file_unreadable", reason=str(exc)) from None
        if not any(self.headers):
            self.close()
            raise ServiceError.one("import.file_empty")
        # the header read bytes the encoding could not decode (each became U+FFFD)
        self.header_garbled = (_BAD_BYTES[0] != self.bad_at_start
                               and any("\ufffd" in h for h in self.headers))

    def __iter__(self) -> Iterator[tuple[int, list[str] | None, bool]]:
        """(first line, fields, garbled?) per non-blank row; fields is None for a row the
        csv module could not split."""
        reader = self.reader
        prev = reader.line_num
        while True:
            try:
                fields = next(reader)
            except StopIteration:
                return
            except csv.Error:  # e.g. a NUL byte; the rest of the file is still read
                first, prev = prev + 1, reader.line_num
                yield first, None, True
                continue
            first, prev = prev + 1, reader.line_num
            if not fields or (len(fields) == 1 and not fields[0].strip()):
                continue
            garbled = (_BAD_BYTES[0] != self.bad_at_start
                       and any("\ufffd" in f for f in fields))
            yield first, fields, garbled

    def batches(self, size: int) -> Iterator[tuple[int, list, list[int] | None, bool]]:
        """The same rows as iterating, *size* at a time and without a Python step per row:
        (start, rows, lines, garbled?). ``rows`` holds the csv module's lists as they
        come, blank rows included (the caller skips them, as iterating does), and None for
        a row the csv module could not split. ``lines`` is None when row *i* is on line
        ``start + 1 + i`` (the usual case: no row spans lines); else it holds each row's
        first line. *garbled* says that undecodable bytes have been met in the file by now
        (the caller then looks for U+FFFD in each row, as iterating does)."""
        reader = self.reader
        islice = itertools.islice
        prev = reader.line_num
        while True:
            rows: list = []
            lines: list[int] | None = None
            start = prev
            while len(rows) < size:
                before = len(rows)
                error = False
                try:
                    rows.extend(islice(reader, size - before))
                except csv.Error:  # the rows before it are kept; the rest is still read
                    error = True
                now = reader.line_num
                if lines is None and (error or now - prev != len(rows) - before):
                    lines = list(range(start + 1, start + 1 + before))
                if lines is not None:
                    prev = _first_lines(rows, before, prev, lines)
                    if error:  # it began after the last row read, and ends where the reader is
                        rows.append(None)
                        lines.append(prev + 1)
                prev = now
                if not error:
                    break
            if not rows:
                return
            yield start, rows, lines, _BAD_BYTES[0] != self.bad_at_start
            if len(rows) < size:  # the end of the file
                return

    def close(self) -> None:
        self.file.close()


def _first_lines(rows: list, begin: int, prev: int, lines: list[int]) -> int:
    """Append the first line of rows[begin:] to *lines*, *prev* being the last line
    before them: a row spans one line more for each line break in its fields (CR LF, CR
    or LF, as the text layer splits lines). Returns the last line of the last row."""
    for i in range(begin, len(rows)):
        lines.append(prev + 1)
        extra = 0
        for f in rows[i]:
            if "\n" in f or "\r" in f:
                extra += f.count("\n") + f.count("\r") - f.count("\r\n")
        prev += 1 + extra
    return prev


def _sample(p: Path) -> bytes:
    try:
        with open(p, "rb") as f:
            return f.read(SAMPLE_BYTES)
    except OSError as exc:
        raise ServiceError.one("import.file_unreadable", reason=exc.strerror or str(exc)) from None


def open_file(path: str | os.PathLike, encoding: str) -> tuple[Path, FileFormat]:
    """The file's format; refused (as a file that cannot be read) when it is no text: an
    Excel workbook, a ZIP, UTF-16 or other binary data (``sniff.not_text``)."""
    p = Path(path)
    sample = _sample(p)
    kind = not_text(sample)
    if kind is not None:
        raise ServiceError.one(f"import.file_{kind}")
    try:
        return p, sniff(sample, encoding)
    except LookupError:
        raise ServiceError.one("import.encoding_unknown", encoding=encoding) from None


def check_kind(kind: str) -> None:
    if kind not in cols.KINDS:
        raise ServiceError.one("import.kind_unknown")


def preview(ctx: ServiceContext, path: str | os.PathLike, kind: str = cols.ORDERS,
            encoding: str = "auto", n_rows: int = PREVIEW_ROWS) -> FilePreview:
    """The first rows and the suggested mapping; reads only the start of the file."""
    check_kind(kind)
    p, fmt = open_file(path, encoding)
    rows = FileRows(p, fmt)
    try:
        first: list[tuple[str, ...]] = []
        lines: list[int] = []
        garbled = rows.header_garbled
        for line, fields, bad in rows:
            first.append(tuple(fields or ()))
            lines.append(line)
            garbled = garbled or (bad and fields is not None)  # None: a row not split
            if len(first) >= n_rows:
                break
    finally:
        rows.close()
    # what auto would read the file as, to suggest when the chosen encoding garbles it
    detected = detect_encoding(_sample(p)) if garbled and not fmt.detected else fmt.encoding
    key = cols.header_key(rows.headers)
    recognised = cols.recognise(rows.headers, kind).by_header(rows.headers)
    with ctx.reading() as session:
        remembered = store_import.remembered_mapping(session.connection(), key, kind)
    if remembered is not None:
        try:
            cols.from_headers(remembered, rows.headers)
        except cols.MappingError:
            remembered = None
    return FilePreview(str(p), kind, fmt, rows.headers, tuple(first), tuple(lines),
                       recognised, remembered, key, garbled, detected)


def resolve_mapping(headers: Sequence[str], kind: str, given: dict | None,
                    remembered: dict | None) -> tuple[cols.Mapping_, str]:
    if given is not None:
        if not isinstance(given, dict):
            raise ServiceError.one("import.mapping_invalid", reason="JSON object expected")
        mapping, source = cols.from_headers(given, headers), "given"
    elif remembered is not None:
        mapping, source = cols.from_headers(remembered, headers), "remembered"
    else:
        mapping, source = cols.recognise(headers, kind), "recognised"
    cols.check(mapping, kind, headers)
    return mapping, source
