"""Persistence: SQLAlchemy 2 typed models, repositories and Alembic migrations.

SQLite in the user data folder for one desk, PostgreSQL for several desks sharing one store;
the same models and migrations serve both.
"""
