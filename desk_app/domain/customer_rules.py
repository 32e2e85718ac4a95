"""What a customer record may hold: the rules registration and 顧客情報の修正 share.

:func:`check` takes the fields as a form or the CLI's JSON give them (text, lists of phones,
a birthday as 西暦 or 和暦 text) and returns the cleaned, typed values plus every problem at
once, per field, as message codes — so the desk and ``desk-app customer edit`` refuse the same
input for the same reasons. A postal code must exist (Japan Post's data), not merely have
seven digits; a mobile number (070/080/090) defaults to 携帯; a caution carries flags the app
enforces (代引不可 refuses cash on delivery, DM不可 keeps the customer out of mailings).
A customer may be saved without an address; :func:`address_missing` is what marks it
住所未登録 where the clerk sees it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from desk_app.domain import messages, postal, wareki
from desk_app.domain.kana import to_katakana_reading
from desk_app.domain.money import PREFECTURES
from desk_app.domain.phone import PhoneNumberError, normalize
from desk_app.domain.text import FieldIssue, check_length, clean_field

PHONE_KINDS = ("home", "mobile", "work", "fax")
MOBILE_PREFIXES = ("070", "080", "090")
MAX_PHONES = 5

# Caution flags the app enforces; the text of a caution is free (shown in red).
NO_COD, NO_DM = "no_cod", "no_dm"
CAUTION_FLAGS = (NO_COD, NO_DM)
CAUTION_FLAG_LABELS = {NO_COD: ("代引不可", "No COD"), NO_DM: ("DM不可", "No DM")}

# The editable fields, in the order the edit screen and `customer show` list them.
TEXT_FIELDS = ("name", "kana", "company", "department", "postal_code", "prefecture", "city",
               "address1", "address2", "email", "caution_note")
FIELDS = (*TEXT_FIELDS, "phones", "birthday", "dm_allowed", "caution_flags")
REQUIRED = ("name", "kana")

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")

messages.register({
    "customer.required_name": ("氏名を入力してください。", "Enter the name."),
    "customer.required_kana": ("フリガナを入力してください。", "Enter the reading (フリガナ)."),
    "customer.postal_format": ("郵便番号は7桁で入力してください（例: 123-4567）。",
                               "The postal code has 7 digits (e.g. 123-4567)."),
    "customer.postal_unknown": ("郵便番号 {code} は見つかりません。番号を確かめてください。",
                                "Postal code {code} does not exist. Check the number."),
    "customer.postal_prefecture": ("郵便番号 {code} は{expected}です。都道府県を確かめてください。",
                                   "Postal code {code} is in {expected}. Check the prefecture."),
    "customer.prefecture_unknown": ("都道府県を一覧から選んでください。",
                                    "Choose the prefecture from the list."),
    "customer.email_format": ("メールアドレスが正しくありません（例: name@example.jp）。",
                              "The e-mail address is not valid (e.g. name@example.jp)."),
    "customer.birthday": ("{reason}", "Birthday: {reason}"),
    "customer.phone_invalid": ("電話番号が正しくありません（例: 03-1234-5678）。",
                               "The phone number is not valid (e.g. 03-1234-5678)."),
    "customer.phone_kind": ("電話番号の種別は 自宅・携帯・勤務先・FAX のどれかです。",
                            "The phone kind is home, mobile, work or fax."),
    "customer.phone_shape": ("電話番号は {{kind, number}} の形で指定してください。",
                             "Give each phone as {{kind, number}}."),
    "customer.too_many_phones": ("電話番号は{max}件までです。", "At most {max} phone numbers."),
    "customer.caution_flag": ("注意の区分「{flag}」はありません（代引不可・DM不可）。",
                              "There is no caution flag \"{flag}\" (no_cod, no_dm)."),
    "customer.dm_blocked": ("「DM不可」の注意があるため、DM送付は「可」にできません。",
                            "DM cannot be allowed while the caution says \"No DM\"."),
    "customer.not_text": ("文字で入力してください。", "Enter text."),
    "customer.not_bool": ("true か false で指定してください。", "Use true or false."),
    "customer.unknown_field": ("「{name}」は修正できる項目ではありません。",
                               "\"{name}\" is not a field that can be changed."),
    "customer.address_missing": ("住所未登録", "No address on file"),
    "customer.ask_address": ("住所を伺ってください", "Ask for the address"),
    "order.cod_refused": ("このお客様は「代引不可」です。代金引換以外のお支払い方法を選んでください。",
                          "This customer may not pay cash on delivery (caution: No COD). "
                          "Choose another payment method."),
})


@dataclass(frozen=True, slots=True)
class PhoneInput:
    kind: str
    national: str

    def as_text(self) -> str:
        """As 変更履歴 keeps a phone: ``kind:national``."""
        return f"{self.kind}:{self.national}"


def phones_text(phones) -> str:
    """A customer's phones as 変更履歴 keeps them: ``kind:national, kind:national``."""
    return ", ".join(p.as_text() for p in phones)


def phones_from_text(value: str | None) -> list[PhoneInput]:
    """The phones of a :func:`phones_text`."""
    out = []
    for part in (value or "").split(", "):
        kind, _sep, national = part.rpartition(":")
        if national:
            out.append(PhoneInput(kind, national))
    return out


def default_phone_kind(number: str) -> str:
    """携帯 for a mobile number (070/080/090, 11 digits), else 自宅."""
    digits = re.sub(r"\D", "", number or "")
    return "mobile" if digits.startswith(MOBILE_PREFIXES) and len(digits) == 11 else "home"


def normalize_flags(flags: Iterable[str] | str | None) -> tuple[str, ...]:
    """Flags in catalogue order, duplicates dropped (Japanese labels accepted too)."""
    if not flags:
        return ()
    if isinstance(flags, str):
        flags = [f for f in re.split(r"[,\s、]+", flags) if f]
    by_label = {ja: code for code, (ja, _en) in CAUTION_FLAG_LABELS.items()}
    wanted = {by_label.get(f, f) for f in flags}
    return tuple(f for f in CAUTION_FLAGS if f in wanted)


def refuses_cod(flags: Iterable[str]) -> bool:
    return NO_COD in set(flags)


def payment_issue(flags: Iterable[str], payment: str) -> FieldIssue | None:
    """代引不可 enforced: choosing 代金引換 for such a customer is refused at the field."""
    if payment == "cod" and refuses_cod(flags):
        return FieldIssue("payment", "order.cod_refused")
    return None


def _text(values: Mapping[str, Any], name: str, issues: list[FieldIssue]) -> str | None:
    raw = values.get(name)
    if raw is None:
        return None
    if not isinstance(raw, str):
        issues.append(FieldIssue(name, "customer.not_text"))
        return None
    value = clean_field(name, raw)
    issue = check_length(name, value)
    if issue:
        issues.append(issue)
    return value


def _phones(raw: Any, issues: list[FieldIssue]) -> list[PhoneInput]:
    """Phones as (kind, text) pairs or objects ``{kind, national|display|number|e164}``
    (what ``customer show`` prints); a missing kind follows the number."""
    if not isinstance(raw, (list, tuple)):
        issues.append(FieldIssue("phones", "customer.phone_shape"))
        return []
    out: list[PhoneInput] = []
    for i, item in enumerate(raw):
        path = f"phones[{i}]"
        if isinstance(item, Mapping):
            kind = item.get("kind")
            text = next((item[k] for k in ("number", "national", "display", "e164")
                         if item.get(k)), "")
        elif isinstance(item, (list, tuple)) and len(item) == 2:
            kind, text = item
        elif isinstance(item, str):
            kind, text = None, item
        else:
            issues.append(FieldIssue(path, "customer.phone_shape"))
            continue
        text = clean_field("phone", str(text or ""))
        if not text:
            continue  # an emptied row is a removed phone
        try:
            number = normalize(text)
        except PhoneNumberError:
            issues.append(FieldIssue(f"{path}.number", "customer.phone_invalid"))
            continue
        kind = kind or default_phone_kind(number.national)
        if kind not in PHONE_KINDS:
            issues.append(FieldIssue(f"{path}.kind", "customer.phone_kind"))
            continue
        if all(p.national != number.national for p in out):
            out.append(PhoneInput(kind, number.national))
    if len(out) > MAX_PHONES:
        issues.append(FieldIssue("phones", "customer.too_many_phones", {"max": MAX_PHONES}))
    return out


def _bool(values: Mapping[str, Any], name: str, issues: list[FieldIssue]) -> bool | None:
    raw = values.get(name)
    if raw is None:
        return None
    if not isinstance(raw, bool):
        issues.append(FieldIssue(name, "customer.not_bool"))
        return None
    return raw


def check(values: Mapping[str, Any], today: date, *, partial: bool = False,
          current_flags: Iterable[str] = ()) -> tuple[dict[str, Any], list[FieldIssue]]:
    """(cleaned values, issues) for the fields in *values*.

    *partial* (an edit): only the fields present are checked and returned, but a required
    field present and empty is still refused. Otherwise (registration) name and reading are
    required. Empty optional text becomes ``None``. *current_flags*: the record's caution
    flags, for the DM rule when the edit does not touch them.
    """
    issues: list[FieldIssue] = []
    out: dict[str, Any] = {}
    if partial:
        for name in values:
            if name not in FIELDS:
                issues.append(FieldIssue(name, "customer.unknown_field", {"name": name}))
    for name in TEXT_FIELDS:
        if partial and name not in values:
            continue
        value = _text(values, name, issues)
        if name == "kana" and value:
            value = to_katakana_reading(value)
        if name in REQUIRED and not value and not any(i.field == name for i in issues):
            issues.append(FieldIssue(name, f"customer.required_{name}"))
        out[name] = value or None
    postal_code = out.get("postal_code")
    if postal_code:
        code = postal.clean_code(postal_code)
        if code is None:
            issues.append(FieldIssue("postal_code", "customer.postal_format"))
        else:
            out["postal_code"] = code
            places = postal.lookup(code)
            if not places:
                issues.append(FieldIssue("postal_code", "customer.postal_unknown",
                                         {"code": f"{code[:3]}-{code[3:]}"}))
            elif out.get("prefecture") and out["prefecture"] not in {p.prefecture
                                                                     for p in places}:
                issues.append(FieldIssue("prefecture", "customer.postal_prefecture",
                                         {"code": f"{code[:3]}-{code[3:]}",
                                          "expected": places[0].prefecture}))
    if out.get("prefecture") and out["prefecture"] not in PREFECTURES:
        issues.append(FieldIssue("prefecture", "customer.prefecture_unknown"))
    if out.get("email") and not _EMAIL.match(out["email"]):
        issues.append(FieldIssue("email", "customer.email_format"))
    if not partial or "phones" in values:
        out["phones"] = _phones(values.get("phones") or [], issues)
    if not partial or "birthday" in values:
        raw = values.get("birthday")
        out["birthday"] = None
        if isinstance(raw, date):
            out["birthday"] = raw
        elif raw not in (None, ""):
            text = clean_field("birthday", str(raw))
            try:
                out["birthday"] = wareki.parse_birthday(text, today=today)
            except wareki.WarekiError as exc:
                issues.append(FieldIssue("birthday", "customer.birthday",
                                         {"reason": str(exc).split(" (")[0]}))
    flags = tuple(current_flags)
    if not partial or "caution_flags" in values:
        raw = values.get("caution_flags") or []
        if isinstance(raw, str):
            raw = [raw]
        known = {code for code in CAUTION_FLAGS} | {ja for ja, _en in
                                                     CAUTION_FLAG_LABELS.values()}
        for flag in raw:
            if flag not in known:
                issues.append(FieldIssue("caution_flags", "customer.caution_flag",
                                         {"flag": str(flag)}))
        flags = normalize_flags([f for f in raw if f in known])
        out["caution_flags"] = flags
    dm = _bool(values, "dm_allowed", issues)
    if NO_DM in flags:
        if dm is True:
            issues.append(FieldIssue("dm_allowed", "customer.dm_blocked"))
        out["dm_allowed"] = False
    elif dm is not None:
        out["dm_allowed"] = dm
    elif not partial:
        out["dm_allowed"] = True
    return out, issues


def caution_on(note: str | None, flags: Iterable[str]) -> bool:
    """A customer is marked 注意 when the caution has a text or a flag."""
    return bool((note or "").strip()) or bool(tuple(flags))
