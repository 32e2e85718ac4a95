"""The wheel carries the fonts, their licences, the translations and the migrations, and the app
installed from it (not editable, in a fresh venv, run from outside the checkout) finds them.

Offline and quick: the wheel is built with the test venv's setuptools (``--no-build-isolation``),
the fresh venv borrows the test venv's installed libraries through a ``.pth`` line instead of
downloading them, and the wheel itself is installed with ``--no-deps --no-index``. fontconfig
is shown an empty configuration, so no font of this machine can stand in for the bundled ones.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
from support import ROOT

HERE = Path(__file__).resolve().parent
FONTS = ["ipaexg.ttf", "NotoSansJP-JIS2004-Regular.otf"]
LICENCES = ["IPA_Font_License_Agreement_v1.0.txt", "OFL-NotoSansCJK.txt"]
TRANSLATIONS = ["desk_ja.qm", "desk_en.qm"]
NOT_COPIED = shutil.ignore_patterns(".git", ".venv", "build", "dist", "*.egg-info", "__pycache__",
                                    ".pytest_cache", ".hypothesis", ".mypy_cache", ".ruff_cache",
                                    "var", "*.db", "screenshots")


def run(*args, **kwargs) -> subprocess.CompletedProcess:
    done = subprocess.run([str(a) for a in args], capture_output=True, text=True, **kwargs)
    assert done.returncode == 0, f"{args[:4]} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """desk_app-*.whl built from a copy of the working tree (the checkout stays clean)."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "src"
    shutil.copytree(ROOT, source, ignore=NOT_COPIED)
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
        "-q", "-w", work / "dist", source, cwd=work)
    (built,) = (work / "dist").glob("desk_app-*.whl")
    return built


def test_wheel_carries_fonts_licences_translations_and_migrations(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    res = "desk_app/resources/"
    for name in FONTS + LICENCES:
        assert res + "fonts/" + name in names
    for name in TRANSLATIONS:
        assert res + "i18n/" + name in names
    assert res + "__init__.py" in names
    assert res + "letters/thanks.txt" in names  # the follow-up letter templates
    migrations = ROOT / "desk_app" / "store" / "migrations"
    for path in [migrations / "env.py", migrations / "script.py.mako",
                 *(migrations / "versions").glob("*.py")]:
        assert path.relative_to(ROOT).as_posix() in names
    assert not {n for n in names if n.startswith(("tests/", "bench/", "scripts/", "resources/"))}


def test_installed_wheel_starts_with_its_font_and_japanese(wheel, tmp_path):
    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", "--without-pip", venv)
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    site = Path(run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])")
                .stdout.strip())
    # the libraries the app needs, from the test venv (its editable desk_app is not among them:
    # a .pth line adds a folder to sys.path but runs none of the .pth files inside it)
    borrowed = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (site / "zz_test_venv_libraries.pth").write_text("\n".join(sorted(borrowed)) + "\n")
    run(sys.executable, "-m", "pip", "--python", python, "install", "-q", "--no-deps",
        "--no-index", wheel)

    outside = tmp_path / "elsewhere"
    outside.mkdir()
    fontconfig = tmp_path / "fonts.conf"
    fontconfig.write_text('<?xml version="1.0"?>\n<fontconfig><cachedir>'
                          f'{tmp_path / "fc-cache"}</cachedir></fontconfig>\n')
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env.update(QT_QPA_PLATFORM="offscreen", FONTCONFIG_FILE=str(fontconfig))
    cli = venv / ("Scripts/desk-app.exe" if os.name == "nt" else "bin/desk-app")
    assert "run" in run(cli, "--help", cwd=outside, env=env).stdout
    probe = shutil.copy(HERE / "probe_app.py", outside / "probe_app.py")
    out = run(python, probe, tmp_path / "data", cwd=outside, env=env, timeout=120).stdout
    report = json.loads(out.strip().splitlines()[-1])

    installed = site.resolve()
    assert Path(report["package"]).resolve().is_relative_to(installed), report["package"]
    assert Path(report["resources"]).resolve().is_relative_to(installed), report["resources"]
    assert report["app_families"] == ["IPAexGothic", "Noto Sans CJK JP"]
    runs = report["window_runs"]
    assert runs and all(0 not in ids for _family, ids in runs), runs  # 0: the missing box
    (family, ids), = report["yoshi_runs"]
    assert family == "Noto Sans CJK JP" and ids != [0]  # 𠮷 from the bundled fallback
    assert report["title"] == "電話受注デスク"  # desk_ja.qm from the wheel
    assert (tmp_path / "data" / "desk.db").exists()  # migrations ran from the wheel
