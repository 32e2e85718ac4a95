"""Bulk writes of a history import, set-based: staging tables first, then a few statements.

The pipeline's stages, one module each:

- :mod:`.staging` — TEMP tables private to the import's connection (on SQLite the desk's
  store is not even locked while millions of rows are read), the bulk insert into them
  (executemany on SQLite, COPY on PostgreSQL), the store's code → customer map, and the
  import connection's own settings;
- :mod:`.resolving` — SQL over whole sets, run once: which customer each imported id is (by
  code, by an alias a phone match left, by phone and name), the idempotency key of every
  sale, what the store already has;
- :mod:`.writing` — customers, phones and aliases (over ranges of the staged ids), then
  the orders and their lines with the aggregates merged (over ranges of customers), **in
  checkpoints**: each a short transaction, so the store's write lock is never held for
  more than about a second and the aggregates equal a recompute from the orders after
  every checkpoint;
- :mod:`.completing` — a customer import filling what the customers it matched have
  empty (and adding their missing phones), recorded in customer_changes and undone;
- :mod:`.records` — undo, the import records, remembered mappings.

Both SQLite and PostgreSQL run the same statements (window functions, UPDATE … FROM).
"""

from desk_app.store.history_import.completing import complete as complete_customers
from desk_app.store.history_import.completing import plan as plan_completion
from desk_app.store.history_import.completing import undo_completion
from desk_app.store.history_import.indexes import build as build_deferred_indexes
from desk_app.store.history_import.indexes import deferring as deferring_indexes
from desk_app.store.history_import.indexes import drop as drop_deferred_indexes
from desk_app.store.history_import.records import (
    UndoCounts,
    known_skus,
    records,
    remember_mapping,
    remembered_mapping,
    sql_ids,
    undo,
)
from desk_app.store.history_import.resolving import (
    already_imported,
    code_counts,
    fingerprint_keys,
    match_new_codes,
    order_count,
    resolve_sales,
    sale_counts,
    staged_errors,
)
from desk_app.store.history_import.staging import (
    CODE_COLUMNS,
    KNOWN_CODE_COLUMNS,
    PERSON_COLUMNS,
    PHONE_COLUMNS,
    SALE_COLUMNS,
    begin_read,
    begin_write,
    bulk_insert,
    code_map,
    commit,
    create_staging,
    drop_staging,
    has_imported_orders,
    max_customer_id,
    orders_estimate,
    rollback,
    tune_connection,
)
from desk_app.store.history_import.writing import (
    IMPORTED_LINE_NAME,
    chunk_bounds,
    code_bounds,
    create_record,
    fill_runs_out,
    finish_record,
    index_new_codes,
    index_sales_by_customer,
    merge_stats,
    recompute_stats_for,
    resolve_new_ids,
    write_customers,
    write_orders_chunk,
    write_sales_chunk,
)

__all__ = [
    "complete_customers", "deferring_indexes", "plan_completion", "undo_completion",
    "CODE_COLUMNS", "KNOWN_CODE_COLUMNS", "IMPORTED_LINE_NAME", "PERSON_COLUMNS", "PHONE_COLUMNS", "SALE_COLUMNS",
    "UndoCounts", "already_imported", "begin_read", "begin_write", "build_deferred_indexes",
    "bulk_insert", "drop_deferred_indexes",
    "chunk_bounds", "code_bounds", "code_counts", "code_map", "commit", "create_record", "create_staging",
    "drop_staging", "fill_runs_out", "has_imported_orders", "fingerprint_keys", "finish_record",
    "index_new_codes", "index_sales_by_customer", "known_skus", "match_new_codes", "max_customer_id",
    "merge_stats", "order_count", "orders_estimate", "recompute_stats_for", "records", "remember_mapping",
    "remembered_mapping", "resolve_new_ids", "resolve_sales", "rollback", "sale_counts", "sql_ids",
    "staged_errors", "tune_connection", "undo", "write_customers", "write_orders_chunk",
    "write_sales_chunk",
]
