"""The folder a file dialog proposes: the one the desk last used for that kind of file.

Kept per desk in the settings file, one ``last_folder`` in a section of ``config.toml``
(``desk_app.config``: ``[imports]``, ``[printing]``): the PC that opens or saves the files
is the one whose folders they are. The first time, or when that folder is gone, the home
folder (not the program's working folder).
"""

from __future__ import annotations

import dataclasses
import logging
from pathlib import Path

from PySide6.QtCore import QDir

log = logging.getLogger(__name__)


def last_folder(services, kind: type) -> str:
    """The folder to propose for files of *kind* (a settings section with ``last_folder``)."""
    folder = services.config.section(kind).last_folder
    return folder if folder and Path(folder).is_dir() else QDir.homePath()


def remember_folder(services, kind: type, path: str | Path) -> None:
    """After a file of *kind* was opened or written at *path*: its folder is proposed next
    time (a settings file that cannot be written only loses that)."""
    folder = str(Path(path).resolve().parent)
    config = services.config
    section = config.section(kind)
    if folder == section.last_folder:
        return
    try:
        services.save_config(config.with_section(dataclasses.replace(section,
                                                                     last_folder=folder)))
    except OSError as exc:
        log.warning("%s folder not remembered: %s", kind.SECTION, exc)
