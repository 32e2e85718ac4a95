"""Every shared corpus case through the parser API and through `desk-app callerid parse`."""

from __future__ import annotations

import subprocess
import sys

import pytest
from callerid_helpers import CORPORA, CORPUS, CORPUS_2, corpus_cases, expected, parse_all
from support import APP, APP_SHELL, SHARED

CASES = corpus_cases()


def test_corpus_is_there():
    assert len(corpus_cases((CORPUS,))) >= 40, f"shared corpus missing or short at {CORPUS}"
    assert len(corpus_cases((CORPUS_2,))) >= 4, f"second corpus missing or short at {CORPUS_2}"


@pytest.mark.parametrize("case", CASES, ids=[f'{c["corpus"].name}/{c["id"]}' for c in CASES])
def test_parser_api_matches_corpus(case):
    assert parse_all(case["format"], [case["raw"]]) == expected(case), case["note"]


@pytest.mark.parametrize("corpus", CORPORA, ids=[c.name for c in CORPORA])
def test_cli_passes_shared_corpus_checker(corpus):
    out = subprocess.run(
        [sys.executable, str(SHARED / "corpus-check.py"), "--corpus", str(corpus),
         "--ids", "all", "--cmd", f"{APP_SHELL} callerid parse"],
        capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-2000:]
    count = len(corpus_cases((corpus,)))
    assert out.stdout.strip().splitlines()[-1] == f"{count} passed, 0 failed"


def test_cli_prints_contract_keys_and_flushes_at_eof():
    out = subprocess.run([*APP, "callerid", "parse", "--format", "modem"],
                         input=b"NMBR = 0312345678\r\n", capture_output=True, timeout=30)
    assert out.returncode == 0
    assert out.stdout.decode().strip() == (
        '{"number": "0312345678", "name": null, "withheld": null, "line": null, '
        '"raw": "NMBR = 0312345678"}')


def test_cli_rejects_unknown_format():
    out = subprocess.run([*APP, "callerid", "parse", "--format", "fax"],
                         input=b"", capture_output=True, timeout=30)
    assert out.returncode == 2
