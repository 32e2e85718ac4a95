"""Helpers shared by test modules (imported as ``support``; conftest modules are not
importable by name once several folders have one)."""

from __future__ import annotations

import os
import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# ../shared beside the project; a checkout elsewhere (a worktree) names it in DESK_SHARED_DIR
SHARED = Path(os.environ.get("DESK_SHARED_DIR") or ROOT.parent / "shared")


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


@contextmanager
def ui_language(app, language: str):
    """Run a block with the desk in *language* ("ja" or "en"), then back to Japanese (the
    language the session's other UI tests expect)."""
    from desk_app.ui.resources import install_translations

    install_translations(app, language)
    try:
        yield app
    finally:
        install_translations(app, "ja")
