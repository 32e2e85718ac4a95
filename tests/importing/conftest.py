"""Fixtures of the import tests: a service context on a fresh store (files: import_files.py)."""

from __future__ import annotations

import pytest
from import_files import TODAY

from desk_app.services.base import ServiceContext


@pytest.fixture
def ctx(store):
    return ServiceContext(store, today=lambda: TODAY)
