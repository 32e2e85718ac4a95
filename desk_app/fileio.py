"""Atomic file writes for the small files the desk keeps beside its database.

Standard library only, so that every layer may use it (the store's drafts, the SIP
password in ``callerid/sip/credentials.py``) without importing another layer.

Drafts typed during a call and the SIP password are written through a temp file in the same
folder, flushed to disk and renamed over the old file, so a crash or a kill at any moment
leaves either the old or the new content, never a torn file. ``mkstemp`` creates the temp
file readable by its owner only, which the password relies on.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def atomic_write(path: str | os.PathLike[str], data: bytes, *, mode: int | None = None,
                 prefix: str = ".tmp-") -> Path:
    target = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=prefix, dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return target
