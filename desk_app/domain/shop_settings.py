"""店舗情報 as the settings page enters it: the shop's name, 郵便番号, address, phone, the
適格請求書 registration number and the 差出人 line, checked field by field.

The same values are the ご依頼主 of every B2 export and the sender block of letters, postcards
and 納品書, so a wrong digit here is printed on every parcel: the phone must be a Japanese
number, the postal code seven digits, the registration number ``T`` + 13 digits with a
matching check digit (:func:`desk_app.domain.shop.registration_problem`). An entirely empty
form is allowed (the desk then prints as the demo shop and says so); once anything is set,
name, address and phone are required, because a parcel label needs all three.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from desk_app.domain import messages
from desk_app.domain.phone import try_normalize
from desk_app.domain.postal import clean_code
from desk_app.domain.shop import clean_registration, registration_problem
from desk_app.domain.text import clean

FIELDS = ("name", "postal_code", "address", "building", "phone", "invoice_number", "sender")
REQUIRED = ("name", "address", "phone")
LIMITS = {"name": 40, "postal_code": 10, "address": 120, "building": 60, "phone": 20,
          "invoice_number": 20, "sender": 40}

messages.register({
    "shop.required_name": ("店名を入力してください。", "Enter the shop's name."),
    "shop.required_address": ("住所を入力してください（ご依頼主として送り状に印字されます）。",
                              "Enter the address (it is printed on every parcel label)."),
    "shop.required_phone": ("電話番号を入力してください（送り状に必要です）。",
                            "Enter the phone number (parcel labels need it)."),
    "shop.postal_format": ("郵便番号は7桁で入力してください（例: 123-4567）。",
                           "A postal code is 7 digits (123-4567)."),
    "shop.phone_invalid": ("電話番号が正しくありません（例: 03-1234-5678）。",
                           "The phone number is not valid (03-1234-5678)."),
    "shop.too_long": ("{limit}文字以内で入力してください。", "At most {limit} characters."),
    "shop.unknown_field": ("店舗情報に {name} という項目はありません。",
                           "The shop details have no field {name}."),
})


def check_shop(values: Mapping[str, Any]) -> tuple[dict[str, str], list[messages.Problem]]:
    """(cleaned values, problems): postal code as 7 digits, phone as national digits, the
    registration number as ``T`` + 13 digits; every field of :data:`FIELDS` in the result."""
    out = {name: clean(str(values.get(name) or "")) for name in FIELDS}
    problems: list[messages.Problem] = []
    for name in FIELDS:
        if len(out[name]) > LIMITS[name]:
            problems.append(messages.Problem("shop.too_long", {"limit": LIMITS[name]}, name))
    if any(out.values()):
        for name in REQUIRED:
            if not out[name]:
                problems.append(messages.Problem(f"shop.required_{name}", {}, name))
    if out["postal_code"]:
        code = clean_code(out["postal_code"])
        if code is None:
            problems.append(messages.Problem("shop.postal_format", {}, "postal_code"))
        else:
            out["postal_code"] = code
    if out["phone"]:
        number = try_normalize(out["phone"])
        if number is None:
            problems.append(messages.Problem("shop.phone_invalid", {}, "phone"))
        else:
            out["phone"] = number.national
    if out["invoice_number"]:
        code = registration_problem(out["invoice_number"])
        if code:
            problems.append(messages.Problem(code, {}, "invoice_number"))
        else:
            out["invoice_number"] = clean_registration(out["invoice_number"])
    return out, problems
