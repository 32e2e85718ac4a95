"""Running the Qt-free use cases (``desk_app.services``) from a worker job.

The database worker hands each job the desk's service object; the use cases want a
:class:`ServiceContext` (store, operator, the desk's day). :func:`context_of` gives one for
either, so screens call ``worker.submit(lambda svc: edit_customer(context_of(svc), …))``.
"""

from __future__ import annotations

from desk_app.domain.clock import today_local
from desk_app.services.base import ServiceContext


def context_of(svc) -> ServiceContext:
    if isinstance(svc, ServiceContext):
        return svc
    return ServiceContext(svc.store, operator_id=getattr(svc, "operator_id", None),
                          today=getattr(svc, "today", None) or today_local)


def problem_texts(exc) -> dict[str, list[str]]:
    """A ServiceError's problems as field → messages (in the desk's language)."""
    from desk_app.domain import messages
    from desk_app.ui.kit.resources import is_japanese

    lang = "ja" if is_japanese() else "en"
    out: dict[str, list[str]] = {}
    for p in getattr(exc, "problems", ()):
        out.setdefault(p.field, []).append(messages.text(p.code, p.params, lang))
    return out
