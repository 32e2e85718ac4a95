"""Drafts of what a clerk types during a call, kept on disk so nothing is ever lost.

A note typed while the customer talks is worth more than anything else on the desk: if the
app crashes, the machine loses power or someone kills the process, the note must come back
at the next start. The editors call :meth:`DraftStore.save` (debounced to a few hundred
milliseconds) on every change; each draft is one small JSON file written atomically (temp
file, fsync, ``os.replace``), so a kill at any moment leaves either the old or the new text,
never a torn file. A draft is deleted only after what it holds was saved in the store.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from desk_app.fileio import atomic_write

log = logging.getLogger(__name__)

NOTE = "note"
REGISTER = "register"
FOLLOW_SETTINGS = "follow_settings"  # 設定 › フォロー: the unsaved tabs' values
_SAFE_KEY = re.compile(r"[^A-Za-z0-9_.-]")


@dataclass(frozen=True)
class Draft:
    """Unsaved input of one editor.

    ``key`` names the editor instance (``note-call-12``, ``note-customer-345``,
    ``register-call-12``); ``fields`` holds the editor's values as plain JSON.
    """

    key: str
    kind: str  # NOTE, REGISTER or FOLLOW_SETTINGS
    fields: dict = field(default_factory=dict)
    customer_id: int | None = None
    customer_name: str = ""
    call_id: int | None = None
    operator_id: int | None = None
    updated_at: str = ""

    def is_empty(self) -> bool:
        if self.kind == FOLLOW_SETTINGS:  # one entry per tab with unsaved edits
            return not any(self.fields.values())
        return not any(str(v).strip() for k, v in self.fields.items()
                       if isinstance(v, str) and k not in ("category", "phone_kind"))


def safe_key(key: str) -> str:
    return _SAFE_KEY.sub("_", key)[:120] or "draft"


class DraftStore:
    """One JSON file per draft in *folder* (``data_dir()/drafts`` in the app)."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)

    def path(self, key: str) -> Path:
        return self.folder / f"{safe_key(key)}.json"

    def save(self, draft: Draft) -> None:
        """Write atomically; an empty draft removes the file instead."""
        if draft.is_empty():
            self.delete(draft.key)
            return
        stamped = Draft(**{**asdict(draft),
                           "updated_at": datetime.now(UTC).isoformat()})
        data = json.dumps(asdict(stamped), ensure_ascii=False, indent=1).encode("utf-8")
        atomic_write(self.path(draft.key), data)

    def delete(self, key: str) -> None:
        try:
            self.path(key).unlink()
        except FileNotFoundError:
            pass

    def load(self, key: str) -> Draft | None:
        return self._read(self.path(key))

    def load_all(self) -> list[Draft]:
        """Every readable draft, oldest first; leftovers of interrupted writes are removed."""
        drafts = []
        for path in sorted(self.folder.glob("*.json")):
            if path.name.startswith(".tmp-"):
                try:
                    path.unlink()
                except OSError:
                    pass
                continue
            draft = self._read(path)
            if draft is not None and not draft.is_empty():
                drafts.append(draft)
        return sorted(drafts, key=lambda d: d.updated_at)

    def _read(self, path: Path) -> Draft | None:
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            known = {k: raw[k] for k in Draft.__dataclass_fields__ if k in raw}
            return Draft(**known)
        except FileNotFoundError:
            return None
        except (ValueError, TypeError, OSError):
            log.warning("draft %s is unreadable; kept on disk for support", path)
            return None
