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
