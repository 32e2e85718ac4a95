"""Files as shops have them, for the import tests (imported by name: ``conftest`` modules
are not, once several folders have one)."""

from __future__ import annotations

import csv
import io
from datetime import date

TODAY = date(2026, 12, 1)


def write_csv(path, rows, encoding="cp932", delimiter=",", bom=False, tail=""):
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    data = (buf.getvalue() + tail).encode(encoding)
    if bom:
        data = b"\xef\xbb\xbf" + data
    path.write_bytes(data)
    return path
