"""The commands' shared JSON edges: the object a command reads and the line it prints."""

import io
import json

import pytest

from desk_app.commands.cli_io import print_json, read_json_object
from desk_app.usage import UsageError


def test_reads_an_object_from_a_file_or_stdin(tmp_path, monkeypatch):
    path = tmp_path / "order.json"
    path.write_text('{"customer_code": "0000001"}', "utf-8")
    assert read_json_object(str(path), "注文JSON") == {"customer_code": "0000001"}
    monkeypatch.setattr("sys.stdin", io.StringIO('{"name": "山田"}'))
    assert read_json_object("-", "修正内容のJSON") == {"name": "山田"}


@pytest.mark.parametrize("content, message", [
    ("[1, 2]", "注文JSONはオブジェクト {...} です"),
    ("{broken", "注文JSONを読めません: "),
    (b"\xff\xfe", "注文JSONを読めません: "),
])
def test_what_is_not_an_object_is_a_usage_error_naming_it(tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    with pytest.raises(UsageError) as info:
        read_json_object(str(path), "注文JSON")
    assert str(info.value).startswith(message)
    with pytest.raises(UsageError, match="^注文JSONを読めません"):
        read_json_object(str(tmp_path / "missing.json"), "注文JSON")


def test_prints_one_line_of_utf8_json(capsys):
    print_json({"name": "山田 太郎", "total": 1200})
    out = capsys.readouterr().out
    assert out == '{"name": "山田 太郎", "total": 1200}\n' and json.loads(out)["total"] == 1200


def test_cli_log_lines_are_timed_in_the_shops_zone_and_say_so(tmp_path):
    """Whatever the machine's zone (here UTC), a log line reads in Japan time with +0900."""
    import os
    import re
    import subprocess

    from support import APP

    env = {**os.environ, "TZ": "UTC"}
    done = subprocess.run([*APP, "-v", "migrate", "--db", f"sqlite:///{tmp_path / 'd.db'}"],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    first = done.stderr.splitlines()[0]
    assert re.match(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} \+0900 (DEBUG|INFO) ", first), first


def test_the_log_time_is_the_shops_whatever_the_zone():
    import logging

    from desk_app.cli import ShopTimeFormatter

    record = logging.LogRecord("x", logging.INFO, __file__, 1, "m", None, None)
    record.created, record.msecs = 1798729500.0, 7.0  # 2026-12-31 15:05:00 UTC
    assert ShopTimeFormatter().formatTime(record) == "2027-01-01 00:05:00,007 +0900"
