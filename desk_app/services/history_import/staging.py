"""Streaming the file into the staging tables: the import's inner loop.

Each row is read by the domain's :class:`RowReader` (memoised cell readers), its customer
id resolved against the store's code map in Python, and the row staged in batches. Ids
the store does not know get a provisional negative id and, the first time they appear,
the row's person fields; matching them (by code, by phone and name) and every aggregate
are left to set-based SQL afterwards.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator

from desk_app.domain.importing import columns as cols
from desk_app.domain.importing.rows import RowError, RowReader
from desk_app.services.history_import.reading import FileRows
from desk_app.services.history_import.results import RowProblem
from desk_app.store import history_import as store_import

BATCH = 20_000


class Staged:
    """What streaming the file found: counts, errors, and which known customers (by id, a
    byte each: a million customers take 1 MB) the file names."""

    def __init__(self, max_id: int) -> None:
        self.bits = bytearray(max_id + 1)
        self.new_codes: dict[str, int] = {}
        self.errors: list[RowProblem] = []
        self.rows = 0
        self.repeats = 0
        self.dropped_repeats = 0
        self.known_customers = 0

    def known_ids(self) -> Iterator[int]:
        bits = self.bits
        start = bits.find(1)
        while start >= 0:
            yield start
            start = bits.find(1, start + 1)

    def touched(self, conn) -> list[int]:
        """Customer ids for the change hub (at most 100,000: beyond that a screen reloads)."""
        ids = list(itertools.islice(self.known_ids(), 100_000))
        ids += conn.exec_driver_sql("SELECT customer_id FROM imp_codes WHERE customer_id IS NOT"
                                    " NULL LIMIT 100000").scalars()
        return ids


def stage(conn, rows: FileRows, kind: str, mapping: cols.Mapping_, today, *, per_line: bool,
          tick: Callable[[str, int], None]) -> Staged:
    """Stream the file into the staging tables, resolving known customer ids on the way."""
    si = store_import
    reader = RowReader(mapping, rows.headers, today)
    orders = kind == cols.ORDERS
    people = reader.has_person or not orders
    width = reader.width
    sale, person, check_width = reader.sale, reader.person, reader.check_width
    codes = si.code_map(conn)
    st = Staged(si.max_customer_id(conn))
    bits = st.bits
    new_codes = st.new_codes
    errors = st.errors
    sales: list[tuple] = []
    persons: list[tuple] = []
    phones: list[tuple] = []
    codes_rows: list[tuple] = []
    unique_refs = orders and not per_line
    seen_people: set[str] = set()
    n = 0
    for line, fields, garbled in rows:
        n += 1
        try:
            if fields is None:
                raise RowError("import.row_unreadable")
            if garbled:
                raise RowError("import.undecodable")
            if len(fields) != width:
                check_width(fields)
            if orders:
                ref, code, day, amount, sku, qty = sale(fields, line)
                cid = codes.get(code)
                if cid is None:
                    cid = new_codes.get(code)
                    if cid is None:
                        if people:
                            _person(person(fields, line, name_required=False), persons, phones)
                        cid = -(len(new_codes) + 1)
                        new_codes[code] = cid
                        codes_rows.append((code, cid, line))
                else:
                    bits[cid] = 1
                sales.append((line, cid, day, amount, ref,
                              "o:" + ref if ref is not None else None, sku, qty))
            else:
                pr = person(fields, line, name_required=True)
                if pr.code in seen_people:
                    st.repeats += 1
                    continue
                seen_people.add(pr.code)
                cid = codes.get(pr.code)
                if cid is not None:
                    bits[cid] = 1
                    continue
                _person(pr, persons, phones)
                pid = -(len(new_codes) + 1)
                new_codes[pr.code] = pid
                codes_rows.append((pr.code, pid, line))
        except RowError as exc:
            errors.append(RowProblem(line, exc.code, exc.params))
            continue
        if len(sales) >= BATCH or len(persons) >= BATCH:
            st.dropped_repeats += _flush(conn, sales, persons, phones, codes_rows, unique_refs)
            tick("reading", n)
    st.dropped_repeats += _flush(conn, sales, persons, phones, codes_rows, unique_refs)
    st.rows = n
    st.known_customers = bits.count(1)
    tick("reading", n)
    return st


def _person(pr, persons: list, phones: list) -> None:
    persons.append((pr.line, pr.code, pr.name, pr.name_key, pr.kana, pr.kana_key,
                    pr.company, pr.postal_code, pr.prefecture, pr.city, pr.address1,
                    pr.address2, pr.email,
                    pr.birthday.isoformat() if pr.birthday else None, pr.dm_allowed,
                    pr.caution, pr.caution_note))
    for seq, (national, e164) in enumerate(pr.phones):
        kind = "mobile" if national[:3] in ("070", "080", "090") else "home"
        phones.append((pr.code, seq, kind, national, e164, national[::-1]))


def _flush(conn, sales: list, persons: list, phones: list, codes_rows: list,
           unique_refs: bool) -> int:
    """Write the staged batch; returns the rows a repeated order id dropped (SQLite)."""
    si = store_import
    kept = si.bulk_insert(conn, "imp_sales", si.SALE_COLUMNS, sales,
                          ignore_duplicates=unique_refs)
    dropped = len(sales) - kept
    si.bulk_insert(conn, "imp_people", si.PERSON_COLUMNS, persons)
    si.bulk_insert(conn, "imp_phones", si.PHONE_COLUMNS, phones)
    si.bulk_insert(conn, "imp_codes", si.CODE_COLUMNS, codes_rows)
    for batch in (sales, persons, phones, codes_rows):
        batch.clear()
    return dropped
