"""The pop-up's stage and RFM chip cost no heavy import: numpy (the analysis engine's
dependency) stays out of the lookup path, the pop-up widgets and `desk-app lookup`."""

import subprocess
import sys

CODE = """
import sys
from datetime import date
from desk_app.store.db import Store
from desk_app.store.caller_lookup import lookup_number, parse_query_number
import desk_app.services.rfm  # one customer's figures: no numpy either
store = Store(sys.argv[1])
with store.new_session() as s:
    lookup_number(s, parse_query_number("03-1234-5678"), date(2026, 11, 30))
import desk_app.ui.desk.popup
heavy = sorted(m for m in ("numpy", "pandas", "pyqtgraph") if m in sys.modules)
print(",".join(heavy))
"""


def test_lookup_and_popup_do_not_import_numpy(store):
    out = subprocess.run([sys.executable, "-c", CODE, store.url], capture_output=True,
                         text=True, timeout=120, env={"QT_QPA_PLATFORM": "offscreen",
                                                      **__import__("os").environ})
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == ""
