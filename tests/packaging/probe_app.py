"""Start the desk offscreen as a clerk's PC would, and print what it found as one JSON object.

Run as a script (``python probe_app.py DATA_DIR``) by the packaging and font tests: from a
folder outside the checkout against an installed wheel, or with fontconfig shown no system
fonts, so only what the app carries can draw the kanji. It builds the real desk around a new
SQLite store (the Alembic migrations run from wherever the package is installed), shows the main
window, and reports the font chain, which font draws 𠮷田, and the window title's language.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["DESK_DATA_DIR"] = sys.argv[1]

from PySide6.QtGui import QFontDatabase, QTextLayout  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

SAMPLE = "𠮷田"  # U+20BB7: beyond JIS X 0208, so beyond IPAexGothic


def glyphs(font, text: str) -> list[tuple[str, list[int]]]:
    """(family, glyph ids) of each run Qt lays *text* out with; glyph 0 is the missing box."""
    layout = QTextLayout(text, font)
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    return [(run.rawFont().familyName(), list(run.glyphIndexes())) for run in layout.glyphRuns()]


def main() -> int:
    app = QApplication([])
    system_families = len(QFontDatabase.families())

    import desk_app
    from desk_app import resources
    from desk_app.store.db import Store
    from desk_app.ui.app import build_desk
    from desk_app.ui.kit.resources import setup_app

    setup_app(app, "ja")
    store = Store(f"sqlite:///{Path(sys.argv[1]) / 'desk.db'}")
    services, window = build_desk(store, operator_name="probe")
    window.show()
    app.processEvents()
    report = {
        "package": desk_app.__file__,
        "resources": resources.__file__,
        "system_families": system_families,
        "app_families": app.font().families(),
        "window_runs": glyphs(window.font(), SAMPLE),
        "yoshi_runs": glyphs(window.font(), SAMPLE[0]),
        "title": window.windowTitle(),
    }
    window.close()
    services.worker.stop()
    store.dispose()
    print(json.dumps(report, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
