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
