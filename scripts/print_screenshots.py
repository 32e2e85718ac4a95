"""Render one page of each printed document to PNG for the README (docs/screenshots/).

    .venv/bin/python scripts/print_screenshots.py [--out docs/screenshots]

Seeds a small deterministic demo shop in a temp folder (one customer's address removed, so
the 住所未登録 list shows), runs the real commands (`desk-app letters --pdf …`, `desk-app
slip`) and converts the first page of each PDF with pdftoppm: print-list, print-letter,
print-labels, print-postcard, print-slip.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DAY = "2026-12-01"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    with tempfile.TemporaryDirectory() as tmp:
        env["DESK_DATA_DIR"] = tmp
        db = f"{tmp}/demo.db"

        def desk(*argv: str) -> None:
            subprocess.run([sys.executable, "-m", "desk_app", *argv, "--db", db], check=True,
                           env=env, stdout=subprocess.DEVNULL)

        desk("seed", "--customers", "3000", "--today", DAY)
        with sqlite3.connect(db) as conn:  # one due customer whose address was never taken
            conn.execute("update customers set postal_code = null, city = null, address1 = null "
                         "where code = '0002573'")
            order = conn.execute("select id from orders where subtotal_8 > 0 and subtotal_10 > 0 "
                                 "and cod_fee > 0 order by id limit 1").fetchone()[0]
        jobs = [("list", ["letters", "--date", DAY, "--what", "list"]),
                ("letter", ["letters", "--date", DAY, "--what", "letters"]),
                ("labels", ["letters", "--date", DAY, "--what", "labels", "--start", "3",
                            "--outlines"]),
                ("postcard", ["letters", "--date", DAY, "--what", "postcards", "--frames"]),
                ("slip", ["slip", str(order)])]
        for name, argv in jobs:
            pdf = Path(tmp) / f"{name}.pdf"
            desk(*argv, "--pdf", str(pdf))
            stem = Path(tmp) / f"print-{name}"
            subprocess.run([shutil.which("pdftoppm") or "pdftoppm", "-r", "110", "-png",
                            "-singlefile", "-f", "1", "-l", "1", str(pdf), str(stem)],
                           check=True)
            shutil.copy(f"{stem}.png", out / f"print-{name}.png")
            print(out / f"print-{name}.png")


if __name__ == "__main__":
    main()
