"""Streaming the file into the staging tables: the import's inner loop.

Each row is read by the domain's :class:`RowReader` (memoised cell readers), its customer
id resolved against the store's code map in Python, and the row staged in batches. Ids
the store does not know get a provisional negative id and, the first time they appear,
the row's person fields; matching them (by code, by phone and name) and every aggregate
are left to set-based SQL afterwards.
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Callable, Iterator

from desk_app.domain.importing import columns as cols
from desk_app.domain.importing.rows import RowError, RowReader, plain_cells
from desk_app.domain.importing.values import MAX_CODE_LENGTH, MAX_ORDER_REF_LENGTH, CellError
from desk_app.services.base import no_automatic_gc
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
        self.sales = 0  # good sale rows (counted when only their keys are staged)

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
          tick: Callable[[str, int], None], keys_only: bool = False) -> Staged:
    """Stream the file into the staging tables, resolving known customer ids on the way.

    With *keys_only* (a dry run of sales without products, see ``job``) a sale stages only
    its order id's key, which is all its counts need: repeats in the file are dropped by
    the key's primary key, the store's sales found by its unique index.

    Sales without products are read a batch at a time, column by column (:class:`_Batch`):
    only a row with something not seen before (a date or amount text, a customer id the
    store does not have, a cell that is not plain) takes the row-by-row path, which is
    the one every row took before and gives the same answer."""
    reader = RowReader(mapping, rows.headers, today)
    orders = kind == cols.ORDERS
    codes = store_import.code_map(conn)
    st = Staged(store_import.max_customer_id(conn))
    one = _Rows(conn, st, reader, codes, orders=orders, per_line=per_line,
                keys_only=keys_only)
    with no_automatic_gc():
        if orders and reader.i_sku is None and reader.width > 1:
            batch = _Batch(one, codes)
            for start, chunk, lines, garbled in rows.batches(BATCH):
                batch.take(start, chunk, lines, garbled)
                one.flush()
                tick("reading", one.n)
        else:
            for line, fields, garbled in rows:
                one.take(line, fields, garbled)
                if one.full():
                    one.flush()
                    tick("reading", one.n)
        one.flush()
    st.rows = one.n
    st.known_customers = st.bits.count(1)
    tick("reading", one.n)
    return st


class _Rows:
    """The row-by-row path: one row read, resolved and queued for staging."""

    def __init__(self, conn, st: Staged, reader: RowReader, codes: dict[str, int], *,
                 orders: bool, per_line: bool, keys_only: bool) -> None:
        self.conn, self.st, self.reader, self.codes = conn, st, reader, codes
        self.orders, self.keys_only = orders, keys_only
        self.people = reader.has_person or not orders
        self.unique_refs = orders and not per_line
        self.sales: list[tuple] = []
        self.persons: list[tuple] = []
        self.phones: list[tuple] = []
        self.codes_rows: list[tuple] = []
        self.known_rows: list[tuple] = []  # a customer import's known customers
        self.seen_people: set[str] = set()
        self.keys = _Keys(conn) if keys_only else None
        self.n = 0  # rows read (blank ones are not rows)
        self.since = 0  # rows read since the last flush

    def take(self, line: int, fields: list[str] | None, garbled: bool) -> None:
        """One row (blank rows already skipped): its sale or customer queued, or its
        error recorded."""
        item = self.read(line, fields, garbled)
        if item:
            self.sales.append(item)

    def read(self, line: int, fields: list[str] | None, garbled: bool) -> tuple | None:
        """One row (blank rows already skipped), counted: the sale to stage (with
        *keys_only* its key alone, ``()`` without an order id); None for a row in error
        (recorded) and for a customer row (queued here)."""
        self.n += 1
        self.since += 1
        reader, st = self.reader, self.st
        try:
            if fields is None:
                raise RowError("import.row_unreadable")
            if garbled:
                raise RowError("import.undecodable")
            if len(fields) != reader.width:
                reader.check_width(fields)
            if self.orders:
                ref, code, day, amount, sku, qty = reader.sale(fields, line)
                cid = self.codes.get(code)
                if cid is None:
                    cid = self._new_code(code, fields, line)
                else:
                    st.bits[cid] = 1
                if self.keys_only:
                    st.sales += 1
                    return (cols.ORDER_REF_PREFIX + ref,) if ref is not None else ()  # () is no key
                return (line, cid, day, amount, ref, cols.ORDER_REF_PREFIX + ref if ref is not None else None,
                        sku, qty)
            pr = reader.person(fields, line, name_required=True)
            if pr.code in self.seen_people:
                st.repeats += 1
                return None
            self.seen_people.add(pr.code)
            # a known customer's row is staged too: the import fills what it has empty
            _person(pr, self.persons, self.phones)
            pid = -(len(st.new_codes) + 1)
            st.new_codes[pr.code] = pid
            cid = self.codes.get(pr.code)
            if cid is not None:
                st.bits[cid] = 1
                self.known_rows.append((pr.code, pid, line, cid, "known"))
            else:
                self.codes_rows.append((pr.code, pid, line))
        except RowError as exc:
            st.errors.append(RowProblem(line, exc.code, exc.params))
        return None

    def _new_code(self, code: str, fields: list[str], line: int) -> int:
        """The provisional id of an imported id the store does not know (its person
        fields staged the first time it appears)."""
        new_codes = self.st.new_codes
        cid = new_codes.get(code)
        if cid is None:
            if self.people:
                _person(self.reader.person(fields, line, name_required=False),
                        self.persons, self.phones)
            cid = -(len(new_codes) + 1)
            new_codes[code] = cid
            self.codes_rows.append((code, cid, line))
        return cid

    def full(self) -> bool:
        return (len(self.sales) >= BATCH or len(self.persons) >= BATCH
                or (self.keys_only and self.since >= BATCH))

    def flush(self) -> None:
        if self.keys is not None:
            self.st.dropped_repeats += self.keys.add([key for (key,) in self.sales])
            self.sales.clear()
        self.st.dropped_repeats += _flush(self.conn, self.sales, self.persons, self.phones,
                                          self.codes_rows, self.unique_refs)
        store_import.bulk_insert(self.conn, "imp_codes", store_import.KNOWN_CODE_COLUMNS,
                                 self.known_rows)
        self.known_rows.clear()
        self.since = 0


class _Keys:
    """The order ids' keys of a keys-only dry run, and how many repeat an earlier one.

    Shops export sales sorted by order id more often than not. While the keys come in
    strictly ascending order none can repeat, so they are only kept, packed into one
    string per batch (a few bytes a key), in case a later one is out of order; from the
    first batch that is, every key goes to imp_keys, whose primary key drops repeats (the
    packed ones first). Past PACKED_MAX characters the packed keys go there too."""

    PACKED_MAX = 64 << 20

    def __init__(self, conn) -> None:
        self.conn = conn
        self.last: str | None = None
        self.packed: list[str] = []
        self.size = 0
        self.in_table = False

    def add(self, keys: list[str]) -> int:
        """Take a batch of keys in file order; returns how many repeat an earlier key."""
        if not keys:
            return 0
        if not self.in_table:
            if ((self.last is None or self.last < keys[0])
                    and all(map(operator.lt, keys, itertools.islice(keys, 1, None)))):
                self.last = keys[-1]
                blob = "\0".join(keys)  # a csv field never holds NUL
                self.packed.append(blob)
                self.size += len(blob)
                if self.size > self.PACKED_MAX:
                    self._unpack()
                return 0
            self._unpack()
            self.in_table = True
        kept = store_import.bulk_insert(self.conn, "imp_keys", ("import_key",),
                                        list(zip(keys)), ignore_duplicates=True)
        return len(keys) - kept

    def _unpack(self) -> None:
        """The packed keys into imp_keys (all different, in order: appended)."""
        for blob in self.packed:
            store_import.bulk_insert(self.conn, "imp_keys", ("import_key",),
                                     list(zip(blob.split("\0"))), ignore_duplicates=True)
        self.packed.clear()
        self.size = 0


class _Batch:
    """Sales without products, a batch of rows at a time, column by column: the customer
    ids looked up in the store's codes, the dates and amounts in what the reader has seen
    (:meth:`RowReader.sale_cells`), the order ids checked plain for the whole batch. A row
    any of that misses goes through :class:`_Rows` in its place in the file, so the new
    customers' provisional ids, the staged order and the errors are those of reading the
    rows one by one."""

    def __init__(self, one: _Rows, codes: dict[str, int]) -> None:
        self.one = one
        self.reader = one.reader
        self.width = one.reader.width
        self.pad = [""] * self.width
        # only plain codes are taken as they are (see RowReader.sale); the others are
        # folded first, so a row naming one takes the row-by-row path
        plain = list(codes)
        self.codes = (codes if plain_cells(plain, MAX_CODE_LENGTH) and "" not in codes
                      else {c: i for c, i in codes.items()
                            if c and plain_cells([c], MAX_CODE_LENGTH)})

    def take(self, start: int, rows: list, lines: list[int] | None, garbled: bool) -> None:
        one, reader, width = self.one, self.reader, self.width
        k = len(rows)
        slow: set[int] = set()
        cells = rows
        if lines is not None or garbled or list(map(len, rows)).count(width) != k:
            # an irregular batch: blank, short or long, unreadable or garbled rows go one
            # by one
            cells = list(rows)
            for i, fields in enumerate(rows):
                if (fields is None or len(fields) != width
                        or (garbled and any("\ufffd" in f for f in fields))):
                    slow.add(i)
                    cells[i] = self.pad
        codes, days, amounts, refs = reader.sale_cells(cells)
        cids = list(map(self.codes.get, codes))
        _add_nones(cids, slow)
        # dates and amounts not seen before, read now: a bad one sends its row one by one
        # (which reports the row's first bad cell, as the customer id comes before them)
        for column, i_cell, read in ((days, reader.i_date, reader.day),
                                     (amounts, reader.i_amount, reader.amount)):
            missed: set[int] = set()
            _add_nones(column, missed)
            for i in missed - slow:
                try:
                    column[i] = read(cells[i][i_cell])
                except CellError:
                    slow.add(i)
        keys: list | None = None
        if refs is not None:
            if not plain_cells(refs, MAX_ORDER_REF_LENGTH):
                slow.update(i for i, r in enumerate(refs)
                            if not plain_cells([r], MAX_ORDER_REF_LENGTH))
            if "" in refs:
                refs = [r or None for r in refs]
                keys = [cols.ORDER_REF_PREFIX + r if r is not None else None for r in refs]
            else:
                keys = list(map(cols.ORDER_REF_PREFIX.__add__, refs))
        first = range(start + 1, start + 1 + k) if lines is None else lines
        # rows one by one where needed, in file order (new customers' provisional ids)
        items: dict[int, tuple | None] = {}
        for i in sorted(slow):
            fields = rows[i]
            if fields is not None and (not fields or (len(fields) == 1
                                                      and not fields[0].strip())):
                items[i] = None  # a blank row is not a row
                continue
            items[i] = one.read(first[i], fields, garbled and fields is not None
                                and any("\ufffd" in f for f in fields))
        fast = k - len(slow)
        if fast:
            bits = one.st.bits
            if slow:  # a customer the batch names stands in for the rows read one by one
                filler = next(c for c in cids if c is not None)
                for i in slow:
                    cids[i] = filler
            for cid in cids:
                bits[cid] = 1  # type: ignore[index]  # no None left
        one.n += fast
        one.since += fast
        if one.keys_only:
            one.st.sales += fast
            if keys is None:  # no order ids: nothing to stage but the rows read one by one
                out: list = [()] * k
            else:
                out = list(zip(keys)) if None not in keys else [
                    (key,) if key is not None else () for key in keys]
        else:
            if refs is None or keys is None:
                refs = keys = [None] * k
            out = list(zip(first, cids, days, amounts, refs, keys, itertools.repeat(None),
                           itertools.repeat(None)))
        for i, item in items.items():
            out[i] = item
        if items or (one.keys_only and (keys is None or None in keys)):
            out = [item for item in out if item]  # errors, blank rows, sales without a key
        one.sales.extend(out)


def _add_nones(column: list, into: set[int]) -> None:
    """The positions of None in *column*, added to *into* (list.index: no Python step
    per element)."""
    i = -1
    try:
        while True:
            i = column.index(None, i + 1)
            into.add(i)
    except ValueError:
        pass


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
