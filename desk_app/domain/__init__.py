"""Pure domain logic: no Qt, no database sessions, no device I/O.

Everything here is importable and testable without a display or a database, so that
parsers, stores and the UI can all share one vocabulary.
"""
