"""The password file helper the settings screen uses."""

from __future__ import annotations

import os
import stat

import pytest

from desk_app.callerid.sip.credentials import CredentialError, load_password, save_password

pytestmark = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_save_creates_a_user_only_file_and_round_trips(tmp_path):
    target = save_password("pä ss\nword", tmp_path / "conf" / "sip-password")
    assert mode(target) == 0o600
    assert load_password(target) == "pä ss\nword"
    assert not [p for p in target.parent.iterdir() if p.name.startswith(".sip-password-")]


def test_save_tightens_an_existing_readable_file(tmp_path):
    target = tmp_path / "pw"
    target.write_text("old")
    os.chmod(target, 0o644)
    save_password("new", target)
    assert mode(target) == 0o600 and load_password(target) == "new"


def test_load_strips_one_newline_and_warns_about_loose_modes(tmp_path):
    target = tmp_path / "pw"
    target.write_text("secret\n")
    os.chmod(target, 0o640)
    warnings = []
    assert load_password(target, warn=warnings.append) == "secret"
    assert warnings and "chmod 600" in warnings[0]
    os.chmod(target, 0o600)
    warnings.clear()
    load_password(target, warn=warnings.append)
    assert warnings == []


def test_missing_and_empty_files_are_clear_errors(tmp_path):
    with pytest.raises(CredentialError, match="not found"):
        load_password(tmp_path / "nope")
    (tmp_path / "empty").write_text("\n")
    with pytest.raises(CredentialError, match="empty"):
        load_password(tmp_path / "empty")
