"""Pure, incremental caller-ID parsers: one module per wire format, no I/O, no clock reads.

Import them through :mod:`desk_app.callerid.formats`, which maps a format name to its parser.
"""
