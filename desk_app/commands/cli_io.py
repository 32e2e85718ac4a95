"""What the commands share at their edges: a JSON object read from a file or stdin, and one
JSON document printed as a line (the contract's form: UTF-8, no ASCII escapes)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from desk_app.usage import UsageError


def read_json_object(source: str, what: str) -> dict:
    """The JSON object in the file *source* (``-``: stdin); *what* names it in the usage
    error (「注文JSONを読めません: …」, 「注文JSONはオブジェクト {...} です」)."""
    try:
        text = sys.stdin.read() if source == "-" else Path(source).read_text("utf-8")
        data = json.loads(text)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UsageError(f"{what}を読めません: {exc}") from None
    if not isinstance(data, dict):
        raise UsageError(f"{what}はオブジェクト {{...}} です")
    return data


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False)
    print()
