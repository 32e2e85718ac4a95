"""Fonts, translations, icons and the look, loaded once at start.

Kanji must never render as boxes, whatever fonts the PC (or the offscreen renderer used for
screenshots) has: the app ships IPAexGothic in ``resources/fonts`` and registers it with
Qt's font database before any widget is built (Debian's IPA fonts if it is missing), then a
subset of Noto Sans CJK JP as the fallback for the JIS X 0213 kanji IPAexGothic lacks (𠮷).
The files are found through :mod:`desk_app.resources` (importlib.resources), so an installed
wheel finds them as a checkout does. Sizes are chosen for eight-hour shifts: 11 pt body
text, larger names and numbers on the pop-up.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication

from desk_app import resources

log = logging.getLogger(__name__)

FONT_CANDIDATES = (
    resources.path(resources.PRIMARY_FONT),
    Path("/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf"),
    Path("/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf"),
    Path("/usr/share/fonts/truetype/fonts-japanese-gothic.ttf"),
)
FALLBACK_FONT = resources.path(resources.FALLBACK_FONT)
I18N = resources.path(resources.TRANSLATIONS) or Path(resources.TRANSLATIONS)
ICONS = resources.path(resources.ICONS) or Path(resources.ICONS)
BASE_POINT_SIZE = 11
# Application-wide on purpose (not desk state): translators are installed on the one
# QApplication and every desk of the process shows the same language; a font file is
# registered with Qt's process-wide font database once, whatever desk asks.
_installed: list[QTranslator] = []  # what install_translations put on the app
_registered: dict[Path, str | None] = {}  # font file → its family, added to Qt once

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
    """Register the first Japanese font found and the fallback, and make them the application
    font: the families list puts the fallback behind the primary for every widget, and the
    substitution does the same for a QFont made by family name (PDF letters, labels)."""
    family = next(filter(None, map(_register, FONT_CANDIDATES)), None)
    fallback = _register(FALLBACK_FONT)
    if family is None:
        log.warning("no Japanese font found; kanji may render as boxes")
        family = fallback
    if family is None:
        return None
    if fallback is None:
        log.warning("fallback font missing: JIS X 0213 kanji (𠮷) may render as boxes")
    elif fallback != family:
        QFont.insertSubstitution(family, fallback)
    font = QFont(family, BASE_POINT_SIZE)
    font.setFamilies(font_families(family, fallback))
    font.setStyleHint(QFont.StyleHint.SansSerif)
    app.setFont(font)
    return family


def font_families(family: str, fallback: str | None) -> list[str]:
    """The app's font chain: the primary face, then the fallback for what it lacks."""
    return [family] + ([fallback] if fallback and fallback != family else [])


def _register(path: Path | None) -> str | None:
    """The family of the font file at *path*, registered with Qt once per process."""
    if path is None or not path.exists():
        return None
    if path not in _registered:
        font_id = QFontDatabase.addApplicationFont(str(path))
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        _registered[path] = families[0] if families else None
    return _registered[path]


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
    # Qt's own strings: standard dialog buttons (OK / キャンセル), Qt's file dialog
    qtbase = QTranslator(app)
    has_qtbase = qtbase.load("qtbase_ja",
                             QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    if has_qtbase:  # installed first, so searched last (the newest is searched first)
        _add(app, MnemonicFallback(qtbase, app))
    if not _install(app, str(I18N / "desk_ja.qm")):
        log.warning("Japanese translation not found in %s", I18N)
    if has_qtbase:
        _add(app, qtbase)
    return list(_installed)


class MnemonicFallback(QTranslator):
    """Qt's own labels that qtbase_ja has only without their mnemonic.

    Qt 6's file dialog asks for 「&Look in:」 and 「Files of &type:」; qtbase_ja was written
    when they read "Look in:" and "Files of type:", so they showed in English beside
    ファイル名(&N):. Such a label is looked up without its "&", in Qt's own contexts only,
    and its letter put back the Japanese way: アドレス(&L):, ファイルの種類(&T):.
    """

    def __init__(self, qtbase: QTranslator, parent=None) -> None:
        super().__init__(parent)
        self.qtbase = qtbase

    def isEmpty(self) -> bool:
        return False

    def translate(self, context, source, disambiguation=None, n=-1):
        at = source.find("&")
        if not context.startswith("Q") or at < 0 or at + 1 >= len(source) or "&&" in source:
            return None  # None: not found here (an empty text would be taken as found)
        text = self.qtbase.translate(context, source.replace("&", "", 1), disambiguation, n)
        if not text:
            return None
        key = "(&" + source[at + 1].upper() + ")"
        return text[:-1] + key + ":" if text.endswith(":") else text + key


def _install(app: QApplication, name: str, folder: str = "") -> bool:
    translator = QTranslator(app)
    if not translator.load(name, folder):
        return False
    _add(app, translator)
    return True


def _add(app: QApplication, translator: QTranslator) -> None:
    app.installTranslator(translator)
    _installed.append(translator)


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
    from desk_app.ui.kit.keys import install_enter_guard

    install_enter_guard(app)  # Enter never presses a save/replace/discard button
    from desk_app.ui.kit.wheel import install_wheel_guard

    install_wheel_guard(app)  # the wheel scrolls forms, never changes an unfocused box
