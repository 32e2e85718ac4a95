"""Follow-up letters and the call list: today's list, printing records, rules, templates.

Use cases the desk's 本日のフォロー window and ``desk-app letters`` share; callers use them
from here (``from desk_app.services import letters as svc``). By responsibility:

- ``follow``: today's list (``follow_list``, its lines built when read), the printing
  records (``mark_printed``, a reprint's lines) and the list's filters;
- ``schedule``: what decides when a letter comes: the rules and their change log, the shop's
  business calendar, the stage model the rules' segment filters use;
- ``texts``: the templates, shipped (``resources/letters``) and as the shop edited them;
- ``merging``: the shop's details (店舗情報) and the letters filled in, the editor's preview.

Rules, edited templates and the shop calendar are shop-wide data in the store, not per-desk
settings: every desk sharing one PostgreSQL prints the same list.
"""

from desk_app.services.letters.follow import (
    OUTPUT_CHANNELS,
    OUTPUTS,
    FollowLine,
    FollowLines,
    FollowList,
    filter_lines,
    follow_list,
    for_output,
    lines_for_reprint,
    mark_printed,
    prints_on,
)
from desk_app.services.letters.merging import (
    MergedLetter,
    check_shop,
    letter_values,
    merge_letters,
    preview_template,
    shop_info,
)
from desk_app.services.letters.schedule import (
    calendar,
    default_stage,
    rule_changes,
    rules,
    save_calendar,
    save_rules,
    with_rule_edit,
)
from desk_app.services.letters.texts import (
    LETTER_TEMPLATES,
    save_template,
    shipped_templates,
    template,
    template_names,
    templates,
)

__all__ = [
    "LETTER_TEMPLATES", "OUTPUTS", "OUTPUT_CHANNELS",
    "FollowLine", "FollowLines", "FollowList", "MergedLetter",
    "calendar", "check_shop", "default_stage", "filter_lines", "follow_list", "for_output",
    "letter_values", "lines_for_reprint", "mark_printed", "merge_letters", "preview_template",
    "prints_on", "rule_changes", "rules", "save_calendar", "save_rules", "save_template",
    "shipped_templates", "shop_info", "template", "template_names", "templates",
    "with_rule_edit",
]
