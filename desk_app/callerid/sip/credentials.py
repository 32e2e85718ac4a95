"""The extension password on disk, readable by the user only.

The settings screen stores the router password here rather than in the settings database or
a world-readable config file: the file is created with mode 0600 from the start (not chmod-ed
afterwards, which would leave a window) and replaced atomically. On Windows the mode bits are
ignored by the OS; the file then lives in the user's profile, which only the user can read.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

from desk_app.fileio import atomic_write

FILE_NAME = "sip-password"


class CredentialError(Exception):
    """The password file is missing, empty or unreadable."""


def default_path() -> Path:
    from platformdirs import user_config_dir

    return Path(user_config_dir("desk-app", appauthor=False)) / FILE_NAME


def save_password(password: str, path: str | os.PathLike[str] | None = None) -> Path:
    """Write *password* to *path* (default: the user's config folder) with mode 0600."""
    target = Path(path) if path is not None else default_path()
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    atomic_write(target, password.encode("utf-8"), mode=0o600, prefix=".sip-password-")
    return target


def load_password(path: str | os.PathLike[str] | None = None,
                  warn: Callable[[str], None] | None = None) -> str:
    """Read the password (one trailing newline removed, so ``echo pw > file`` works).

    A file that others can read still works, but *warn* is told so the user can fix it.
    """
    source = Path(path) if path is not None else default_path()
    try:
        mode = source.stat().st_mode
        text = source.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CredentialError(f"password file not found: {source}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise CredentialError(f"cannot read password file {source}: {exc}") from None
    if warn and os.name == "posix" and mode & (stat.S_IRWXG | stat.S_IRWXO):
        warn(f"warning: {source} can be read by other users; run: chmod 600 {source}")
    password = text.removesuffix("\n")
    password = password.removesuffix("\r")
    if not password:
        raise CredentialError(f"password file is empty: {source}")
    return password
