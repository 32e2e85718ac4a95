"""Typed SQLAlchemy 2 models: the schema of the shop's store.

Money is integer yen everywhere. Phone numbers are stored three ways on purpose: national
digits (what devices send), E.164 (exact match across formats) and reversed national digits
(indexed, so "ends with 5678" is an index range scan even at a million customers).
Search keys (``name_key``, ``kana_key``) are folded copies kept by the repository.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Text,
    event,
    extract,
    func,
    select,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.sql.functions import FunctionElement

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Operator(Base):
    __tablename__ = "operators"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class birth_month(FunctionElement[Any]):
    """The month (1–12) of a date column. PostgreSQL: ``EXTRACT(month FROM …)``; SQLite,
    which stores dates as ISO text, reads the two digits (``strftime`` parses the whole
    date first: a third of the birthday query's time over a million customers). Indexed on
    customers (``ix_customers_birth_month``, migration 0009_let4): the birthday letter's
    query reads one month's entries instead of every customer; change this and that
    migration together."""

    inherit_cache = True
    name = "birth_month"
    type = Integer()


@compiles(birth_month)
def _birth_month_default(element, compiler, **kw):
    return compiler.process(extract("month", *element.clauses), **kw)


@compiles(birth_month, "sqlite")
def _birth_month_sqlite(element, compiler, **kw):
    return f"CAST(substr({compiler.process(element.clauses, **kw)}, 6, 2) AS INTEGER)"


class Customer(Base):
    __tablename__ = "customers"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    name_key: Mapped[str] = mapped_column(String(100), index=True)
    kana: Mapped[str] = mapped_column(String(100), default="")
    kana_key: Mapped[str] = mapped_column(String(100), index=True, default="")
    postal_code: Mapped[str | None] = mapped_column(String(8))  # 7 digits, no hyphen
    prefecture: Mapped[str | None] = mapped_column(String(10))
    city: Mapped[str | None] = mapped_column(String(60))
    address1: Mapped[str | None] = mapped_column(String(120))  # town, block, number
    address2: Mapped[str | None] = mapped_column(String(120))  # building, room
    email: Mapped[str | None] = mapped_column(String(254))
    birthday: Mapped[date | None] = mapped_column(Date)
    dm_allowed: Mapped[bool] = mapped_column(Boolean, default=True)
    caution: Mapped[bool] = mapped_column(Boolean, default=False)
    caution_note: Mapped[str | None] = mapped_column(Text)
    # enforced caution flags, comma-separated codes (no_cod, no_dm): domain.customer_rules
    caution_flags: Mapped[str] = mapped_column(String(40), default="", server_default="")
    company: Mapped[str | None] = mapped_column(String(100))
    department: Mapped[str | None] = mapped_column(String(60))
    # the history import that created this customer (undo removes it with the import)
    import_id: Mapped[int | None] = mapped_column(ForeignKey("imports.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now())

    phones: Mapped[list[Phone]] = relationship(
        back_populates="customer", cascade="all, delete-orphan", order_by="Phone.id")
    addresses: Mapped[list[ShipAddress]] = relationship(
        back_populates="customer", cascade="all, delete-orphan", order_by="ShipAddress.id")
    stats: Mapped[CustomerStats | None] = relationship(
        back_populates="customer", cascade="all, delete-orphan", uselist=False)


# the birthday letter's query (store.letters): one month's customers, not a scan (0009_let4)
Index("ix_customers_birth_month", birth_month(Customer.birthday),
      sqlite_where=Customer.birthday.is_not(None),
      postgresql_where=Customer.birthday.is_not(None))


class Phone(Base):
    __tablename__ = "phones"
    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(
        ForeignKey("customers.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(10), default="home")  # home/mobile/work/fax
    national: Mapped[str] = mapped_column(String(20), index=True)
    e164: Mapped[str] = mapped_column(String(20), index=True)
    national_rev: Mapped[str] = mapped_column(String(20), index=True)
    customer: Mapped[Customer] = relationship(back_populates="phones")


class ShipAddress(Base):
    """A saved ship-to of a customer (gifts to family, an office)."""

    __tablename__ = "ship_addresses"
    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(
        ForeignKey("customers.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    postal_code: Mapped[str | None] = mapped_column(String(8))
    prefecture: Mapped[str | None] = mapped_column(String(10))
    city: Mapped[str | None] = mapped_column(String(60))
    address1: Mapped[str | None] = mapped_column(String(120))
    address2: Mapped[str | None] = mapped_column(String(120))
    phone: Mapped[str | None] = mapped_column(String(20))
    customer: Mapped[Customer] = relationship(back_populates="addresses")


class CustomerStats(Base):
    """Per-customer RFM aggregates, written in the same transaction as the orders."""

    __tablename__ = "customer_stats"
    customer_id: Mapped[int] = mapped_column(
        ForeignKey("customers.id", ondelete="CASCADE"), primary_key=True)
    first_order_date: Mapped[date | None] = mapped_column(Date, index=True)
    last_order_date: Mapped[date | None] = mapped_column(Date, index=True)
    # indexed for the RFM quintile bounds of one-customer screens (store/rfm_bounds.py)
    orders_count: Mapped[int] = mapped_column(Integer, default=0, index=True)
    total_amount: Mapped[int] = mapped_column(Integer, default=0, index=True)
    customer: Mapped[Customer] = relationship(back_populates="stats")


class Product(Base):
    __tablename__ = "products"
    id: Mapped[int] = mapped_column(primary_key=True)
    sku: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    kana: Mapped[str] = mapped_column(String(120), default="")
    kana_key: Mapped[str] = mapped_column(String(120), default="", index=True)
    price: Mapped[int] = mapped_column(Integer)  # tax-inclusive yen (総額表示)
    tax_rate: Mapped[int] = mapped_column(Integer)  # 8 or 10
    consumption_days: Mapped[int | None] = mapped_column(Integer)
    upgrade_sku: Mapped[str | None] = mapped_column(String(40))  # larger size / set
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now())


class Order(Base):
    __tablename__ = "orders"
    __table_args__ = (
        Index("ix_orders_customer_date", "customer_id", "order_date"),
        # covering index for the analysis engine's pass over the active orders (0004_rfm)
        Index("ix_orders_rfm", "status", "customer_id", "order_date", "total"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)  # shown as 受注番号
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    order_date: Mapped[date] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(12), default="active")  # active/cancelled
    payment: Mapped[str] = mapped_column(String(12), default="cod")
    ship_name: Mapped[str | None] = mapped_column(String(100))
    ship_postal_code: Mapped[str | None] = mapped_column(String(8))
    ship_prefecture: Mapped[str | None] = mapped_column(String(10))
    ship_address: Mapped[str | None] = mapped_column(String(250))
    ship_phone: Mapped[str | None] = mapped_column(String(20))
    delivery_date: Mapped[date | None] = mapped_column(Date, index=True)
    delivery_slot: Mapped[str | None] = mapped_column(String(8))
    noshi_omote: Mapped[str | None] = mapped_column(String(40))
    noshi_name: Mapped[str | None] = mapped_column(String(60))
    noshi_kind: Mapped[str | None] = mapped_column(String(4))  # soto (外のし) / uchi (内のし)
    sender_name: Mapped[str | None] = mapped_column(String(100))  # ご依頼主 of a gift
    gift_wrap: Mapped[bool] = mapped_column(Boolean, default=False)
    memo: Mapped[str | None] = mapped_column(Text)
    subtotal_8: Mapped[int] = mapped_column(Integer, default=0)
    subtotal_10: Mapped[int] = mapped_column(Integer, default=0)
    tax_8: Mapped[int] = mapped_column(Integer, default=0)
    tax_10: Mapped[int] = mapped_column(Integer, default=0)
    shipping_fee: Mapped[int] = mapped_column(Integer, default=0)
    cod_fee: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[int] = mapped_column(Integer, default=0)
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    call_id: Mapped[int | None] = mapped_column(ForeignKey("calls.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now())
    cancelled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # when the order went out in a shipping export (then it can no longer take a 同梱)
    exported_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # imported history: the import it came with and its idempotency key (the file's order
    # id, else a fingerprint of customer, date, amount and position among identical rows)
    import_id: Mapped[int | None] = mapped_column(ForeignKey("imports.id"), index=True)
    import_key: Mapped[str | None] = mapped_column(String(160), unique=True)

    lines: Mapped[list[OrderLine]] = relationship(
        back_populates="order", cascade="all, delete-orphan", order_by="OrderLine.line_no")


class OrderLine(Base):
    __tablename__ = "order_lines"
    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    line_no: Mapped[int] = mapped_column(Integer)
    product_id: Mapped[int | None] = mapped_column(ForeignKey("products.id"), index=True)
    sku: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(120))
    unit_price: Mapped[int] = mapped_column(Integer)
    quantity: Mapped[int] = mapped_column(Integer)
    tax_rate: Mapped[int] = mapped_column(Integer)
    amount: Mapped[int] = mapped_column(Integer)
    # the day this line runs out (order date + the product's consumption days × quantity),
    # fixed when the order is saved: the replenishment reminder's trigger (domain.letters)
    runs_out_on: Mapped[date | None] = mapped_column(Date, index=True)
    order: Mapped[Order] = relationship(back_populates="lines")


class Call(Base):
    __tablename__ = "calls"
    id: Mapped[int] = mapped_column(primary_key=True)
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    source: Mapped[str] = mapped_column(String(20))
    line: Mapped[str | None] = mapped_column(String(40))
    raw: Mapped[str | None] = mapped_column(Text)
    number: Mapped[str | None] = mapped_column(String(32), index=True)
    withheld: Mapped[str | None] = mapped_column(String(12))
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"), index=True)
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    # ringing / answered / note / order / missed / answered_elsewhere / internal (the
    # call's life at the desk: store/calls.py); call-log records a source reported (NCID):
    # log / hangup / blocked / outgoing / ended
    outcome: Mapped[str] = mapped_column(String(20), default="ringing")
    callback_done_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


# the calls still ringing, which the desk's start closes (store.calls.close_stale_rings):
# a handful of entries instead of the whole call history (0011_calls)
Index("ix_calls_ringing", Call.received_at, sqlite_where=Call.outcome == "ringing",
      postgresql_where=Call.outcome == "ringing")


class Note(Base):
    """応対履歴: what was said on a call."""

    __tablename__ = "notes"
    __table_args__ = (Index("ix_notes_customer_created", "customer_id", "created_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    # None while the note belongs to an unknown number (資料請求, a wrong number): it is
    # attached to the customer when the caller is registered
    customer_id: Mapped[int | None] = mapped_column(
        ForeignKey("customers.id", ondelete="CASCADE"))
    number: Mapped[str | None] = mapped_column(String(20), index=True)  # national digits
    call_id: Mapped[int | None] = mapped_column(ForeignKey("calls.id"))
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    category: Mapped[str] = mapped_column(String(12), default="other")
    body: Mapped[str] = mapped_column(Text)
    # answer to "how likely are you to recommend us" (0–10), asked on follow-up calls
    nps: Mapped[int | None] = mapped_column(SmallInteger)
    needs_follow_up: Mapped[bool] = mapped_column(Boolean, default=False)
    done_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    done_by_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))  # 対応済み by
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


class DataExport(Base):
    """A deliberate export of personal data (a customer list to CSV, letters, labels …):
    who, when, what and how many rows. Never the rows themselves."""

    __tablename__ = "data_exports"
    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    actor: Mapped[str] = mapped_column(String(100))  # the desk's clerk, or the OS user (CLI)
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    kind: Mapped[str] = mapped_column(String(30))  # e.g. rfm_list, letters, import_errors
    description: Mapped[str] = mapped_column(String(300), default="")  # what was selected
    rows: Mapped[int] = mapped_column(Integer)
    destination: Mapped[str] = mapped_column(String(300), default="")  # file name
    encoding: Mapped[str] = mapped_column(String(12), default="")


class CustomerChange(Base):
    """変更履歴: one changed field of a customer record, who changed it and when (a desk's
    edit, or a customer import filling what the record had empty)."""

    __tablename__ = "customer_changes"
    __table_args__ = (Index("ix_customer_changes_customer_at", "customer_id", "changed_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"))
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    field: Mapped[str] = mapped_column(String(30))
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)
    # the customer import that filled this field (undo of the import takes it back)
    import_id: Mapped[int | None] = mapped_column(ForeignKey("imports.id"), index=True)


class Payment(Base):
    """入金: money received for an order paid in advance (or after delivery)."""

    __tablename__ = "payments"
    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"),
                                          index=True)
    amount: Mapped[int] = mapped_column(Integer)
    paid_on: Mapped[date] = mapped_column(Date, index=True)
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))


class LetterRule(Base):
    """A follow-up rule (domain.letters.Rule as JSON), shared by every desk of the shop."""

    __tablename__ = "letter_rules"
    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    data: Mapped[str] = mapped_column(Text)  # Rule.to_dict() as JSON
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now())


class LetterRuleChange(Base):
    """Who changed the follow-up rules, when, why, and the whole rule set afterwards."""

    __tablename__ = "letter_rule_changes"
    id: Mapped[int] = mapped_column(primary_key=True)
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    reason: Mapped[str] = mapped_column(Text)
    rules: Mapped[str] = mapped_column(Text)  # JSON list of Rule.to_dict()


class LetterTemplate(Base):
    """A template edited in the desk; overrides the file of the same name in resources."""

    __tablename__ = "letter_templates"
    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    body: Mapped[str] = mapped_column(Text)
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now())


class LetterPrint(Base):
    """A follow-up letter (or call-list line) printed: what was printed never comes again;
    a reprint is another row with ``reprint`` set."""

    __tablename__ = "letter_prints"
    __table_args__ = (Index("ix_letter_prints_customer_day", "customer_id", "printed_on"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    letter_key: Mapped[str] = mapped_column(String(120), index=True)
    rule_key: Mapped[str] = mapped_column(String(40))
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"))
    channel: Mapped[str] = mapped_column(String(10))
    due_date: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(String(200), default="")  # as the list showed it
    printed_on: Mapped[date] = mapped_column(Date, index=True)  # the desk's day
    printed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    output: Mapped[str] = mapped_column(String(12))  # letters / postcards / labels / list
    reprint: Mapped[bool] = mapped_column(Boolean, default=False)


class ShopSetting(Base):
    """Shop-wide settings every desk must share (the business calendar): key → JSON."""

    __tablename__ = "shop_settings"
    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now())



class ImportRecord(Base):
    """One history import (売上履歴の取込 / 顧客情報の取込): what came in, from which file,
    by whom; undone as a whole (``undone_at``, by ``undone_operator_id`` / ``undone_by``)."""

    __tablename__ = "imports"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(12))  # orders / customers
    file_name: Mapped[str] = mapped_column(String(255))
    file_hash: Mapped[str] = mapped_column(String(64), index=True)  # SHA-256 of the bytes
    file_size: Mapped[int] = mapped_column(Integer, default=0)
    encoding: Mapped[str] = mapped_column(String(20))
    mapping: Mapped[str] = mapped_column(Text)  # JSON role → header
    rows: Mapped[int] = mapped_column(Integer, default=0)
    imported: Mapped[int] = mapped_column(Integer, default=0)
    skipped_duplicates: Mapped[int] = mapped_column(Integer, default=0)
    new_customers: Mapped[int] = mapped_column(Integer, default=0)
    matched_customers: Mapped[int] = mapped_column(Integer, default=0)
    errors: Mapped[int] = mapped_column(Integer, default=0)
    orders_written: Mapped[int] = mapped_column(Integer, default=0)
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    created_by: Mapped[str | None] = mapped_column(String(60))  # OS user for the CLI
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    undone_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    undone_operator_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    undone_by: Mapped[str | None] = mapped_column(String(60))  # OS user for the CLI

class ImportMapping(Base):
    """The column mapping last used for a header set (a cart's export layout)."""

    __tablename__ = "import_mappings"
    header_key: Mapped[str] = mapped_column(String(40), primary_key=True)
    kind: Mapped[str] = mapped_column(String(12), primary_key=True)
    mapping: Mapped[str] = mapped_column(Text)  # JSON role → header
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now())

class ImportAlias(Base):
    """An imported customer id that was matched to an existing customer by phone and name:
    later files with the same id find the customer by it."""

    __tablename__ = "import_aliases"
    code: Mapped[str] = mapped_column(String(20), primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"),
                                             index=True)
    import_id: Mapped[int] = mapped_column(ForeignKey("imports.id"), index=True)


class AnalysisChange(Base):
    """The log the analysis cache checks itself against (``services/analysis/cache.py``).

    Written by database triggers (migration ``0006_rfm2``): one row per update of an
    order's customer, date, status or total, per update of a customer's registration
    date, and for deletes of either (``deleted``: ids may be reused, so the cache is
    rebuilt) one row per run of deletes on SQLite (``0007_rfm2``), one per statement and
    customer on PostgreSQL (``0010_rfm3``). New rows need no entry: their ids are above
    the cached maxima. Holds ids only. The app writes one kind of row itself: customer id
    ``rfm_load.SETTLED``, after a run of deletes a change marker is taken at (SQLite).
    Pruned when a cache is written (``rfm_load.prune_changes``): the row left where it
    was cut has customer id ``rfm_load.CUT``."""

    __tablename__ = "analysis_changes"
    seq: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(Integer)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)


@event.listens_for(OrderLine, "before_insert")
def _line_runs_out_on(_mapper, connection, line: OrderLine) -> None:
    """Fix the line's runs-out date when it is written (by the desk, the CLI or an edit,
    which writes new lines): the replenishment rule reads it through an index. Bulk
    imports that insert through Core set the column themselves
    (``desk_app.domain.letters.runs_out_on``)."""
    if line.runs_out_on is not None or line.product_id is None or line.order is None:
        return
    days = connection.execute(select(Product.consumption_days)
                              .where(Product.id == line.product_id)).scalar()
    from desk_app.domain.letters import runs_out_on

    line.runs_out_on = runs_out_on(line.order.order_date, days, line.quantity)
