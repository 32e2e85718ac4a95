"""The product's resources — fonts, translations, icons — installed as ``desk_app.resources``.

The folder stays at the top of the repository (``resources/``, where translators and the
installer look for it); pyproject.toml maps it into the package (``[tool.setuptools.package-dir]``),
so the wheel, the editable install of scripts/test and scripts/demo, and a frozen installer all
find the files the same way: through :mod:`importlib.resources`, never by counting parent
folders. Qt-free, so the CLI and PDF writers can use it too.
"""

from __future__ import annotations

import atexit
from contextlib import ExitStack
from importlib.resources import as_file, files
from importlib.resources.abc import Traversable
from pathlib import Path

# The Japanese fonts the app registers at start, in order: the face every text uses, then the
# fallback for what it lacks (JIS X 0213 kanji such as 𠮷). Licences sit beside them.
PRIMARY_FONT = "fonts/ipaexg.ttf"
FALLBACK_FONT = "fonts/NotoSansJP-JIS2004-Regular.otf"
FONT_LICENCES = ("fonts/IPA_Font_License_Agreement_v1.0.txt", "fonts/OFL-NotoSansCJK.txt")
TRANSLATIONS = "i18n"  # desk_<language>.qm
ICONS = "icons"

_keep = ExitStack()  # extracted copies (zip imports) live until the process ends
atexit.register(_keep.close)


def resource(relative: str) -> Traversable:
    """The resource at *relative* (``"fonts/ipaexg.ttf"``), as importlib.resources sees it."""
    node = files(__name__)
    for part in relative.split("/"):
        node = node / part
    return node


def path(relative: str) -> Path | None:
    """A real file-system path of the resource (what Qt's loaders need), or None if it is not
    there. Installed wheels and editable installs give the file itself; from a zip the file
    is extracted once and kept until the process exits."""
    node = resource(relative)
    if not node.is_file() and not node.is_dir():
        return None
    if isinstance(node, Path):
        return node
    return _keep.enter_context(as_file(node))
