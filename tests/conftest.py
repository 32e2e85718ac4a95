"""Shared fixtures.

Tests that need a real peer (socat, kamailio, sipp, PostgreSQL, Xvfb) call
:func:`require_tool`: locally a missing tool skips the test, but under CI=true it fails,
because CI must never go green by skipping the integration tests.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def require_tool(name: str) -> str:
    """Return the path of executable *name*; skip (or fail under CI=true) when it is missing."""
    path = shutil.which(name) or next(
        (str(p) for p in (Path("/usr/sbin") / name, Path("/usr/local/sbin") / name) if p.exists()),
        None,
    )
    if path:
        return path
    message = f"{name} is not installed (the test command installs it: scripts/test)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.fail(f"../shared not found at {SHARED}")
    return SHARED
