"""The letters' templates: the shipped files in the package's resources
(``resources/letters``), overridden by the shop's edits (table ``letter_templates``, shop-wide
like the rules)."""

from __future__ import annotations

from pathlib import Path

from desk_app.domain import letter_templates
from desk_app.services.base import Changes, Problem, Result, ServiceContext, ServiceError
from desk_app.store import letter_records as rec

LETTER_TEMPLATES = "letters"  # the shipped templates: desk_app.resources/letters/<name>.txt


# -- templates ------------------------------------------------------------------------------

def _shipped_dir() -> Path | None:
    import desk_app.resources as package_resources  # (this form: see pyproject's mypy notes)

    return package_resources.path(LETTER_TEMPLATES)


def shipped_templates() -> dict[str, str]:
    folder = _shipped_dir()
    if folder is None:
        return {}
    return {p.stem: p.read_text("utf-8") for p in sorted(folder.glob("*.txt"))}


def templates(ctx: ServiceContext) -> dict[str, str]:
    """Every template by name: the shipped files, overridden by the shop's edits."""
    out = shipped_templates()
    with ctx.reading() as session:
        out.update(rec.stored_templates(session))
    return out


def template_names(ctx: ServiceContext) -> list[str]:
    return sorted(templates(ctx))


def template(ctx: ServiceContext, name: str) -> str:
    body = templates(ctx).get(name)
    if body is None:
        raise ServiceError.one("letters.template.missing", "template", template=name)
    return body


def save_template(ctx: ServiceContext, name: str, body: str | None) -> Result[None]:
    """Store an edited template (checked first: an unknown placeholder is refused);
    ``None`` restores the shipped file."""
    if not letter_templates.valid_name(name):
        raise ServiceError.one("letters.template.name", "name")
    if body is not None:
        problem = letter_templates.check(name, body)
        if problem is not None:
            raise ServiceError(Problem(problem.code, problem.params, "body"))
    with ctx.transaction() as session:
        rec.save_template(session, name, body, ctx.operator_id)
    return Result(None, Changes(letters=True))
