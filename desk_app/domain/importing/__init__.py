"""Bringing in a shop's history from CSV: the pure rules.

- :mod:`.values` reads one cell: dates in every form shops export (西暦, 和暦, compact,
  with or without a time), amounts (¥, ￥, 円, commas, full-width digits, the ``\\`` that
  CP932 files show as ¥), yes/no columns, customer ids, kana, phone numbers.
- :mod:`.columns` knows the roles a column can play and recognises them from the usual
  Japanese and English headers.
- :mod:`.sniff` tells the encoding and the delimiter of a file from its first bytes.
- :mod:`.rows` turns a row of cells into a clean sale or customer, or into a row error.

Nothing here touches a file or the store: the service (``desk_app.services.history_import``)
streams the file through these rules and the store writes the result in bulk.
"""
