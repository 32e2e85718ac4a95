"""Letter templates: plain text with ``{placeholder}`` fields, checked before anything prints.

A template is the body of one rule's letter or postcard (the layout adds the address, the
name with 様, the date and the shop's sender block). Placeholders are written in braces,
``{氏名}``; a literal brace is doubled (``{{``). The set is fixed (:data:`PLACEHOLDERS`):
a template that names anything else, or has an unbalanced brace, is refused with the
field's name, so a letter is never printed half-filled.

Template files live in the package's ``resources/letters/<name>.txt``; the desk's template
editor stores an edited copy in the store (shared by every desk), which wins over the file.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass

from desk_app.domain import messages

# name → what it is (shown in the template editor's list, and in the README)
PLACEHOLDERS: dict[str, str] = {
    "宛名": "氏名＋様（例: 山田 花子 様）",
    "氏名": "お客様の氏名",
    "郵便番号": "お客様の郵便番号（123-4567）",
    "住所": "お客様の住所（都道府県から）",
    "日付": "差出日（2026年12月1日）",
    "和暦日付": "差出日の和暦（令和8年12月1日）",
    "店名": "店舗情報の店名",
    "店舗郵便番号": "店舗の郵便番号",
    "店舗住所": "店舗の住所",
    "店舗電話": "店舗の電話番号",
    "初回購入日": "初回購入日（2026年11月28日）",
    "最終購入日": "最終購入日",
    "購入回数": "これまでの購入回数",
    "商品名": "補充案内の商品名（補充案内以外は空欄）",
    "誕生月": "お誕生月（5月）",
    "理由": "フォローの理由（初回購入 11/28 など）",
}

messages.register({
    "letters.template.unknown": ("テンプレート「{template}」の差し込み項目「{name}」は使えません。"
                                 "使える項目: {known}",
                                 "Template \"{template}\" uses the unknown field \"{name}\". "
                                 "Known fields: {known}"),
    "letters.template.syntax": ("テンプレート「{template}」の波かっこ {{ }} が閉じていません"
                                "（文字をそのまま書くときは {{{{ と }}}}）。",
                                "Template \"{template}\" has an unbalanced brace "
                                "(write {{{{ and }}}} for a literal brace)."),
    "letters.template.empty": ("テンプレート「{template}」が空です。",
                               "Template \"{template}\" is empty."),
    "letters.template.missing": ("テンプレート「{template}」が見つかりません。",
                                 "Template \"{template}\" was not found."),
    "letters.template.name": ("テンプレート名は英数字・ハイフン・下線で入力してください。",
                              "A template name uses letters, digits, hyphens and underscores."),
})


@dataclass(frozen=True, slots=True)
class TemplateProblem(Exception):
    code: str
    params: dict

    def __str__(self) -> str:
        return messages.text(self.code, self.params)


def fields_of(body: str) -> list[str]:
    """The placeholder names *body* uses, in order; raises on a syntax error."""
    out = []
    for _literal, name, spec, conversion in string.Formatter().parse(body):
        if name is not None:
            out.append(name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec
                                                                         else ""))
    return out


def check(name: str, body: str) -> TemplateProblem | None:
    """None when *body* can be printed, else the first problem."""
    if not body.strip():
        return TemplateProblem("letters.template.empty", {"template": name})
    try:
        used = fields_of(body)
    except ValueError:
        return TemplateProblem("letters.template.syntax", {"template": name})
    for field in used:
        if field not in PLACEHOLDERS:
            return TemplateProblem("letters.template.unknown",
                                   {"template": name, "name": field,
                                    "known": "、".join(PLACEHOLDERS)})
    return None


def valid_name(name: str) -> bool:
    return bool(name) and len(name) <= 40 and all(c.isascii() and (c.isalnum() or c in "-_")
                                                  for c in name)


def render(name: str, body: str, values: Mapping[str, str]) -> str:
    """The filled-in text; raises :class:`TemplateProblem` for a template that cannot print
    (never returns a half-filled letter)."""
    problem = check(name, body)
    if problem is not None:
        raise problem
    complete = {key: str(values.get(key, "") or "") for key in PLACEHOLDERS}
    return body.format_map(complete)
