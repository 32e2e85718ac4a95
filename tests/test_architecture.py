"""The layering of the guide and the code's hygiene, enforced by the test command: the import
contracts (import-linter, pyproject.toml), ruff on everything, mypy on the Qt-free layers.

It stays at the top of tests/ on purpose: it checks the whole tree, no one package."""

import subprocess
import sys
from pathlib import Path

from support import ROOT

BIN = Path(sys.executable).parent


def run(tool: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / tool), *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=300)


def test_import_contracts_hold():
    out = run("lint-imports", "--no-cache")
    assert out.returncode == 0, out.stdout + out.stderr


def test_mypy_is_clean_on_domain_store_callerid_and_services():
    out = run("mypy")  # files and settings: [tool.mypy] in pyproject.toml
    assert out.returncode == 0, out.stdout + out.stderr


def test_ruff_is_clean():
    out = run("ruff", "check", "--no-cache", ".")  # rules: [tool.ruff] in pyproject.toml
    assert out.returncode == 0, out.stdout + out.stderr


# -- only ui/core makes threads ---------------------------------------------------------
# Background work in the desk goes through one task API (desk_app/ui/core/tasks.py: the
# database queue and the pool, with progress, cancel and change publication). A screen that
# starts a thread of its own bypasses all of that; this check finds one.

UI = ROOT / "desk_app" / "ui"
THREAD_MODULES = {"concurrent", "concurrent.futures", "multiprocessing", "_thread",
                  "PySide6.QtConcurrent"}
THREAD_NAMES = {"threading": {"Thread", "Timer"},
                "PySide6.QtCore": {"QThread", "QThreadPool", "QRunnable"}}
THREAD_ATTRS = {name for names in THREAD_NAMES.values() for name in names}


def thread_uses(source: str) -> list[str]:
    """What in *source* starts threads outside the task API (locks and events are fine)."""
    import ast

    found = []
    for node in ast.walk(ast.parse(source)):
        what: list[str] = []
        if isinstance(node, ast.Import):
            what = [f"import {a.name}" for a in node.names
                    if a.name in THREAD_MODULES or a.name.split(".")[0] == "multiprocessing"]
        elif isinstance(node, ast.ImportFrom) and node.module:
            if node.module in THREAD_MODULES:
                what.append(f"from {node.module} import …")
            what += [f"from {node.module} import {a.name}" for a in node.names
                     if a.name in THREAD_NAMES.get(node.module, ())]
        elif isinstance(node, ast.Attribute) and node.attr in THREAD_ATTRS:
            what.append(f"….{node.attr}")
        found += [f"line {node.lineno}: {w}" for w in what]  # type: ignore[attr-defined]
    return found


def test_the_thread_check_finds_threads():
    assert thread_uses("import threading\nthreading.Thread(target=f).start()")
    assert thread_uses("from PySide6.QtCore import QObject, QThread")
    assert thread_uses("from concurrent.futures import ThreadPoolExecutor")
    assert thread_uses("from PySide6 import QtCore\nQtCore.QThreadPool.globalInstance()")
    assert not thread_uses("import threading\nlock = threading.Lock()\nev = threading.Event()")


def test_only_ui_core_creates_threads():
    offenders = {}
    for path in sorted(UI.rglob("*.py")):
        if path.parent == UI / "core":
            continue
        uses = thread_uses(path.read_text("utf-8"))
        if uses:
            offenders[str(path.relative_to(ROOT))] = uses
    assert not offenders, ("threads outside desk_app/ui/core (use desk.tasks.submit / "
                           f"desk.tasks.start): {offenders}")
