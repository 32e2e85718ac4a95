"""Fonts, translations, icons and the look, loaded once at start.

Kanji must never render as boxes, whatever fonts the PC (or the offscreen renderer used for
screenshots) has: the app ships IPAexGothic in ``resources/fonts`` and registers it with
Qt's font database before any widget is built, falling back to Debian's IPA fonts. Sizes
are chosen for eight-hour shifts: 11 pt body text, larger names and numbers on the pop-up.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[3] / "resources"
FONT_CANDIDATES = (
    ROOT / "fonts" / "ipaexg.ttf",
    ROOT / "fonts" / "ipag.ttf",
    Path("/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf"),
    Path("/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf"),
    Path("/usr/share/fonts/truetype/fonts-japanese-gothic.ttf"),
)
I18N = ROOT / "i18n"
ICONS = ROOT / "icons"
BASE_POINT_SIZE = 11
_installed: list[QTranslator] = []  # what install_translations put on the app

STYLE = """
QWidget { font-size: 11pt; }
QLineEdit, QPlainTextEdit, QComboBox, QDateEdit { padding: 3px; }
QPushButton { padding: 5px 12px; }
QTableView, QListWidget { alternate-background-color: #f4f6f8; }
QLineEdit#searchBox { font-size: 15pt; padding: 6px; }
QLabel[role="title"] { font-size: 15pt; font-weight: bold; }
QLabel[role="name"] { font-size: 20pt; font-weight: bold; }
QLabel[role="kana"] { color: #555; font-size: 11pt; }
QLabel[role="muted"] { color: #666; }
QLabel[role="section"] { font-weight: bold; color: #234; border-bottom: 1px solid #cdd; }
QLabel[role="big"] { font-size: 22pt; font-weight: bold; color: #a33; }
QLabel[chip="stage"] { background: #e3edf7; color: #134; border-radius: 4px; padding: 2px 8px; }
QLabel[chip="caution"] { background: #c62828; color: white; border-radius: 4px;
                         padding: 2px 8px; font-weight: bold; }
QLabel[chip="dm-yes"] { background: #e6f4ea; color: #1e5e2e; border-radius: 4px; padding: 2px 8px; }
QLabel[chip="dm-no"] { background: #eee; color: #555; border-radius: 4px; padding: 2px 8px; }
QLabel[chip="state"] { background: #fff3cd; color: #6b4e00; border-radius: 4px; padding: 2px 8px; }
QFrame#followUps { background: #fdecea; border: 1px solid #e0a8a0; border-radius: 4px; }
QFrame#callPopup { background: #ffffff; border: 2px solid #2b5d8a; }
QFrame#popupHeader { background: #2b5d8a; }
QFrame#popupHeader QLabel { color: white; }
QFrame#popupHeader QLabel[chip="state"] { color: #6b4e00; }
"""


def load_fonts(app: QApplication) -> str | None:
    """Register the first Japanese font found and make it the application font."""
    family = None
    for path in FONT_CANDIDATES:
        if path.exists():
            font_id = QFontDatabase.addApplicationFont(str(path))
            families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
            if families:
                family = families[0]
                break
    if family is None:
        log.warning("no Japanese font found; kanji may render as boxes")
        return None
    font = QFont(family, BASE_POINT_SIZE)
    font.setStyleHint(QFont.StyleHint.SansSerif)
    app.setFont(font)
    return family


def install_translations(app: QApplication, language: str) -> list[QTranslator]:
    """Japanese is the default; English is the source text and only needs its plural forms.

    Calling it again replaces the previous language's translators (the tests switch to
    English and back). English loads ``desk_en.qm``, which holds nothing but the %n plural
    forms (``lupdate -pluralonly``), so "1 time" and "22 times" read right.
    """
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    if language != "ja":
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        _install(app, str(I18N / "desk_en.qm"))
        return list(_installed)
    QLocale.setDefault(QLocale(QLocale.Language.Japanese, QLocale.Country.Japan))
    if not _install(app, str(I18N / "desk_ja.qm")):
        log.warning("Japanese translation not found in %s", I18N)
    # standard dialog buttons (OK / キャンセル)
    _install(app, "qtbase_ja", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    return list(_installed)


def _install(app: QApplication, name: str, folder: str = "") -> bool:
    translator = QTranslator(app)
    if not translator.load(name, folder):
        return False
    app.installTranslator(translator)
    _installed.append(translator)
    return True


def is_japanese() -> bool:
    """Whether the UI speaks Japanese (the language :func:`install_translations` chose).

    Domain messages are Japanese already; the UI only rewrites them for an English desk.
    """
    return QLocale().language() == QLocale.Language.Japanese


def app_icon() -> QIcon:
    icon = QIcon()
    for name in ("desk.svg", "desk-64.png"):
        path = ICONS / name
        if path.exists():
            icon.addFile(str(path))
    return icon


def setup_app(app: QApplication, language: str = "ja") -> None:
    """Everything a QApplication needs before the first window (also used by tests)."""
    QCoreApplication.setOrganizationName("PhoneOrderDesk")
    QCoreApplication.setApplicationName("PhoneOrderDesk")
    load_fonts(app)
    install_translations(app, language)
    app.setStyleSheet(STYLE)
    app.setWindowIcon(app_icon())
