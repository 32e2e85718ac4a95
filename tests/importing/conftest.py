"""Helpers for import tests: files as shops have them, a context on a fresh store."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from desk_app.services.base import ServiceContext

TODAY = date(2026, 12, 1)


def write_csv(path, rows, encoding="cp932", delimiter=",", bom=False, tail=""):
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    data = (buf.getvalue() + tail).encode(encoding)
    if bom:
        data = b"\xef\xbb\xbf" + data
    path.write_bytes(data)
    return path


@pytest.fixture
def ctx(store):
    return ServiceContext(store, today=lambda: TODAY)
