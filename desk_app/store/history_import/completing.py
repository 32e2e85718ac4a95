"""A customer import completing the customers it matched: what the store has empty is filled.

A customer master is often imported after the sales history, whose rows carried little but
an id and a name: the customers the sales made have no reading, address or phone. What the
desk has corrected wins over an older export, so a matched customer is never *changed*:
the import only fills a field the store has empty (氏名, フリガナ, 会社名, 郵便番号, the address as
a whole — prefecture, city, address1 and address2 only when all four are empty —, メール,
生年月日, the caution's text) and adds phone numbers the customer does not have yet (up to
``MAX_PHONES``), never removing or replacing one. DM可否 always holds a value, so the file's
is taken only where the store's is a default nobody chose: the customer was created by an
import whose file had no DM column, nobody has changed DM since, and no 「DM不可」 caution
forbids it.

Every filled field is one ``customer_changes`` row (old and new value as text, as
``store.customer_changes`` records a desk's edit) naming the import, so 変更履歴 shows what
the import filled and :func:`undo_completion` takes back exactly that: each field the
import filled and nobody changed since returns to empty (to its old value for DM), and the
phones it added are removed unless the desk has changed the phones since.

Runs per checkpoint of customers, on the staged codes first seen on lines (after, upto]
(``imp_codes`` rows matched to a customer: known when the file was read, or matched by
code or by phone and name under the write lock).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, text

from desk_app.domain.customer_rules import (
    MAX_PHONES,
    NO_DM,
    PhoneInput,
    phones_from_text,
    phones_text,
)

_MATCHED = "c.how IN ('known', 'code', 'phone')"
_EMPTY = "COALESCE({}, '') = ''"
_TEXT_FIELDS = ("name", "kana", "company", "postal_code", "email", "caution_note")
_ADDRESS = ("prefecture", "city", "address1", "address2")


def _in_range(lines: tuple[int, int] | None) -> str:
    return "" if lines is None else " AND c.first_line > :after AND c.first_line <= :upto"


def _params(lines: tuple[int, int] | None) -> dict:
    return {} if lines is None else {"after": lines[0], "upto": lines[1]}


def plan(conn: Connection, lines: tuple[int, int] | None = None) -> int:
    """What the import would fill for the matched customers on *lines* (all without):
    imp_fills (one row per field) and imp_new_phones. Returns how many customers gain
    something (staging tables only: a dry run counts with it)."""
    params = _params(lines)
    where = f" WHERE {_MATCHED}{_in_range(lines)}"
    source = (" FROM imp_codes c JOIN imp_people p ON p.code = c.code"
              " JOIN customers u ON u.id = c.customer_id")
    conn.exec_driver_sql("DELETE FROM imp_fills")
    conn.exec_driver_sql("DELETE FROM imp_new_phones")
    insert = "INSERT INTO imp_fills (customer_id, code, field, old_value, new_value)"
    for field in _TEXT_FIELDS:
        conn.execute(text(
            f"{insert} SELECT c.customer_id, c.code, '{field}', u.{field}, p.{field}{source}"
            f"{where} AND {_EMPTY.format('u.' + field)} AND NOT {_EMPTY.format('p.' + field)}"),
            params)
    store_empty = " AND ".join(_EMPTY.format("u." + f) for f in _ADDRESS)
    for field in _ADDRESS:
        conn.execute(text(
            f"{insert} SELECT c.customer_id, c.code, '{field}', u.{field}, p.{field}{source}"
            f"{where} AND {store_empty} AND NOT {_EMPTY.format('p.' + field)}"), params)
    conn.execute(text(
        f"{insert} SELECT c.customer_id, c.code, 'birthday', NULL, CAST(p.birthday AS TEXT)"
        f"{source}{where} AND u.birthday IS NULL AND p.birthday IS NOT NULL"), params)
    as_text = "CASE WHEN {} THEN 'true' ELSE 'false' END"
    conn.execute(text(
        f"{insert} SELECT c.customer_id, c.code, 'dm_allowed', {as_text.format('u.dm_allowed')},"
        f" {as_text.format('p.dm_allowed')}{source}"
        " JOIN imports i ON i.id = u.import_id"
        f"{where} AND p.dm_allowed IS NOT NULL AND p.dm_allowed <> u.dm_allowed"
        " AND i.mapping NOT LIKE '%\"dm_allowed\"%'"
        " AND (p.dm_allowed = :false OR u.caution_flags NOT LIKE :no_dm)"
        " AND NOT EXISTS (SELECT 1 FROM customer_changes x WHERE x.customer_id = u.id"
        " AND x.field = 'dm_allowed')"), params | {"false": False, "no_dm": f"%{NO_DM}%"})
    # phones the customer does not have yet, in the file's order, up to MAX_PHONES in all
    conn.execute(text(
        "INSERT INTO imp_new_phones (customer_id, seq, kind, national, e164, national_rev)"
        " SELECT customer_id, seq, kind, national, e164, national_rev FROM (SELECT"
        " c.customer_id, ip.seq, ip.kind, ip.national, ip.e164, ip.national_rev,"
        " ROW_NUMBER() OVER (PARTITION BY c.customer_id ORDER BY c.first_line, ip.seq) AS n"
        " FROM imp_codes c JOIN imp_phones ip ON ip.code = c.code"
        f"{where} AND NOT EXISTS (SELECT 1 FROM phones ph WHERE ph.customer_id = c.customer_id"
        " AND ph.national = ip.national)) a"
        " WHERE a.n + (SELECT COUNT(*) FROM phones ph WHERE ph.customer_id = a.customer_id)"
        " <= :max_phones"), params | {"max_phones": MAX_PHONES})
    return int(conn.exec_driver_sql(
        "SELECT COUNT(*) FROM (SELECT customer_id FROM imp_fills UNION"
        " SELECT customer_id FROM imp_new_phones) x").scalar_one())


def complete(conn: Connection, import_id: int, *, lines: tuple[int, int], at: datetime,
             operator_id: int | None) -> int:
    """One checkpoint: fill what :func:`plan` found for the matched customers on *lines*,
    add their new phones, and record each change in customer_changes. Returns how many
    customers were completed."""
    completed = plan(conn, lines)
    if not completed:
        return 0
    for field in (*_TEXT_FIELDS, *_ADDRESS, "birthday", "dm_allowed"):
        also = ""
        if field in ("name", "kana"):
            also = f", {field}_key = p.{field}_key"
        elif field == "caution_note":
            also = ", caution = :true"
        conn.execute(text(
            f"UPDATE customers SET {field} = p.{field}{also}, updated_at = :at"
            " FROM imp_fills x, imp_people p WHERE x.customer_id = customers.id"
            f" AND x.field = '{field}' AND p.code = x.code"),
            {"at": at, "true": True})
    _record_phones(conn)
    conn.execute(text(
        "INSERT INTO phones (customer_id, kind, national, e164, national_rev)"
        " SELECT customer_id, kind, national, e164, national_rev FROM imp_new_phones"
        " ORDER BY customer_id, seq"))
    conn.execute(text(
        "UPDATE customers SET updated_at = :at WHERE id IN"
        " (SELECT customer_id FROM imp_new_phones)"), {"at": at})
    conn.execute(text(
        "INSERT INTO customer_changes (customer_id, changed_at, operator_id, field, old_value,"
        " new_value, import_id) SELECT customer_id, :at, :operator_id, field, old_value,"
        " new_value, :import_id FROM imp_fills ORDER BY customer_id, field"),
        {"at": at, "operator_id": operator_id, "import_id": import_id})
    return completed


def _record_phones(conn: Connection) -> None:
    """One imp_fills row ``phones`` per customer gaining phones: the list before and
    after, as a desk's edit of the phones is recorded."""
    added: dict[int, list[PhoneInput]] = {}
    for cid, kind, national in conn.exec_driver_sql(
            "SELECT customer_id, kind, national FROM imp_new_phones ORDER BY customer_id, seq"):
        added.setdefault(int(cid), []).append(PhoneInput(kind, national))
    if not added:
        return
    old: dict[int, list[PhoneInput]] = {cid: [] for cid in added}
    for cid, kind, national in conn.exec_driver_sql(
            "SELECT customer_id, kind, national FROM phones WHERE customer_id IN"
            " (SELECT customer_id FROM imp_new_phones) ORDER BY id"):
        old[int(cid)].append(PhoneInput(kind, national))
    conn.execute(text(
        "INSERT INTO imp_fills (customer_id, code, field, old_value, new_value)"
        " VALUES (:cid, '', 'phones', :old, :new)"),
        [{"cid": cid, "old": phones_text(old[cid]) or None,
          "new": phones_text(old[cid] + phones)} for cid, phones in added.items()])


# the import's changes that are still the last word on their field
_STANDING = (" FROM customer_changes cc WHERE cc.import_id = :import_id{where} AND NOT EXISTS"
             " (SELECT 1 FROM customer_changes later WHERE later.customer_id = cc.customer_id"
             " AND later.field = cc.field AND later.id > cc.id)")


def _standing(where: str = "") -> str:
    return _STANDING.format(where=where)


def undo_completion(conn: Connection, import_id: int, *, at: datetime,
                    operator_id: int | None) -> list[int]:
    """Take back what import *import_id* filled, field by field, where nobody changed the
    field since (a later customer_changes row of the same customer and field): a filled
    field becomes empty again (DM its old value), added phones are removed. Each reversal
    is recorded in customer_changes. Returns the customers changed."""
    params = {"import_id": import_id, "at": at, "operator_id": operator_id}
    changed = sorted(conn.execute(text(f"SELECT DISTINCT cc.customer_id{_standing()}"),
                                  params).scalars())
    if not changed:
        return []
    for field in (*_TEXT_FIELDS, *_ADDRESS, "birthday", "phones"):
        if field in ("name", "kana"):
            value = f"{field} = '', {field}_key = '', "
        elif field == "caution_note":
            value = "caution_note = NULL, caution = (caution_flags <> ''), "
        elif field == "phones":
            value = ""  # below
        else:
            value = f"{field} = NULL, "
        conn.execute(text(f"UPDATE customers SET {value}updated_at = :at WHERE id IN"
                          f" (SELECT cc.customer_id{_standing(f' AND cc.field = {field!r}')})"),
                     params)
    for was in (True, False):
        where = " AND cc.field = 'dm_allowed' AND cc.old_value = :was_text"
        conn.execute(text("UPDATE customers SET dm_allowed = :was, updated_at = :at WHERE id IN"
                          f" (SELECT cc.customer_id{_standing(where)})"),
                     params | {"was": was, "was_text": "true" if was else "false"})
    gone = []
    phones = _standing(" AND cc.field = 'phones'")
    for cid, old, new in conn.execute(text(
            f"SELECT cc.customer_id, cc.old_value, cc.new_value{phones}"), params):
        before = {p.national for p in phones_from_text(old)}
        gone += [{"cid": cid, "national": p.national} for p in phones_from_text(new)
                 if p.national not in before]
    if gone:
        conn.execute(text("DELETE FROM phones WHERE customer_id = :cid AND national = :national"),
                     gone)
    # the reversals, recorded as a desk's edit is (the phones: back to the list before) but
    # naming the import: its second row of a customer's field is its undo (変更履歴 says so)
    conn.execute(text(
        "INSERT INTO customer_changes (customer_id, changed_at, operator_id, field, old_value,"
        " new_value, import_id) SELECT cc.customer_id, :at, :operator_id, cc.field,"
        f" cc.new_value, cc.old_value, cc.import_id{_standing()} ORDER BY cc.id"), params)
    return changed
