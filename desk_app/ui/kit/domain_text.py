"""Domain words and messages in the desk's language.

The domain and the store speak Japanese: validation messages (``FieldError.message``), fee
problems, suggestion reasons, payment and time-slot labels are data that the CLI prints
too, and the domain must stay free of Qt. A Japanese desk shows them exactly as they are.
For an English desk this module recognises each message by its fixed wording (the Japanese
template below, ``%1`` marking the variable parts) and rewrites it from the English source
string, keeping the variable parts (a product code, a date); known terms inside them (the
carrier, slot labels) are translated too. A message nobody taught it is shown unchanged:
Japanese is better than nothing. ``tests/orders/test_domain_text.py`` makes the domain
produce every message it can send and fails when one is not recognised, and checks that the
Japanese translations of the English strings are the domain's own wording.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from desk_app.domain import money
from desk_app.domain.delivery import DEFAULT_CARRIER
from desk_app.domain.orders import FieldError
from desk_app.ui.kit.fmt import arg
from desk_app.ui.kit.resources import is_japanese

CONTEXT = "DomainText"

# (the domain's Japanese wording, the English source string); %N are the same values.
RULES: tuple[tuple[str, str], ...] = (
    # orders: desk_app.domain.orders.validate
    ("ご注文者（顧客）を選んでください。",
     QT_TRANSLATE_NOOP("DomainText", "Choose the customer who is ordering.")),
    ("お支払い方法を選んでください。",
     QT_TRANSLATE_NOOP("DomainText", "Choose the payment method.")),
    ("お届け先を選んでください。", QT_TRANSLATE_NOOP("DomainText", "Choose where to deliver.")),
    ("お届け先の氏名が未入力です。",
     QT_TRANSLATE_NOOP("DomainText", "Enter the recipient's name.")),
    ("ご注文者の住所が未登録です。住所を伺って「別のお届け先」に入力してください。",
     QT_TRANSLATE_NOOP("DomainText", "The orderer has no address on file. Ask for it and "
                                     "enter it under “Another address”.")),
    ("お届け先の住所が未入力です。",
     QT_TRANSLATE_NOOP("DomainText", "Enter the delivery address.")),
    ("住所は都道府県から入力してください。",
     QT_TRANSLATE_NOOP("DomainText", "Start the address with the prefecture.")),
    ("郵便番号は7桁で入力してください。",
     QT_TRANSLATE_NOOP("DomainText", "Enter the 7-digit postal code.")),
    ("お届け先の電話番号が未入力です。",
     QT_TRANSLATE_NOOP("DomainText", "Enter the recipient's phone number.")),
    ("電話番号が正しくありません（例: 03-1234-5678）。",
     QT_TRANSLATE_NOOP("DomainText", "The phone number is not valid (e.g. 03-1234-5678).")),
    ("商品を1つ以上入力してください。",
     QT_TRANSLATE_NOOP("DomainText", "Enter at least one product.")),
    ("商品コード「%1」は登録されていません。商品名やフリガナで検索してください。",
     QT_TRANSLATE_NOOP("DomainText", "Product code “%1” is not registered. Search by name or "
                                     "reading instead.")),
    ("「%1」は販売を終了しています。", QT_TRANSLATE_NOOP("DomainText", "“%1” is no longer sold.")),
    ("数量は1〜%1の整数で入力してください。",
     QT_TRANSLATE_NOOP("DomainText", "Enter a whole-number quantity from 1 to %1.")),
    ("単価は0円以上の整数で入力してください。",
     QT_TRANSLATE_NOOP("DomainText", "Enter the unit price in whole yen (0 or more).")),
    ("のしの表書きを入力してください。",
     QT_TRANSLATE_NOOP("DomainText", "Enter the noshi inscription.")),
    ("のしの文字が長すぎます。", QT_TRANSLATE_NOOP("DomainText", "The noshi text is too long.")),
    ("カード番号は保存できません。削除してください。",
     QT_TRANSLATE_NOOP("DomainText", "Card numbers must not be stored. Please delete it.")),
    ("%1。別のお支払い方法を選んでください。",
     QT_TRANSLATE_NOOP("DomainText", "%1. Choose another payment method.")),
    # delivery dates and fees: desk_app.domain.delivery, desk_app.domain.money
    ("お届け希望日が過ぎています。今日以降の日付を選んでください。",
     QT_TRANSLATE_NOOP("DomainText", "That delivery date has passed. Choose today or later.")),
    ("%1月%2日以降の日付を選んでください（%3の最短お届け日）。",
     QT_TRANSLATE_NOOP("DomainText", "Choose %1/%2 or later (the earliest %3 can deliver).")),
    ("お届け希望日は%1日先（%2月%3日）までです。",
     QT_TRANSLATE_NOOP("DomainText", "The delivery date can be at most %1 days ahead (%2/%3).")),
    ("%1ではこの時間帯は指定できません（%2）。",
     QT_TRANSLATE_NOOP("DomainText", "%1 does not offer this time slot (%2).")),
    ("送料はお届け先の都道府県で決まります",
     QT_TRANSLATE_NOOP("DomainText", "Shipping depends on the delivery prefecture")),
    ("代金引換でお預かりできるのは%1円までです",
     QT_TRANSLATE_NOOP("DomainText", "Cash on delivery can collect at most ¥%1")),
    # saving, editing, cancelling: desk_app.store.order_service
    ("顧客が見つかりません。顧客番号を確かめてください。",
     QT_TRANSLATE_NOOP("DomainText", "Customer not found. Check the customer code.")),
    ("受注番号 %1 が見つかりません。", QT_TRANSLATE_NOOP("DomainText", "Order %1 was not found.")),
    ("受注番号 %1 は取消済みです。",
     QT_TRANSLATE_NOOP("DomainText", "Order %1 is already cancelled.")),
    ("受注の顧客は変更できません。取り消して新しく受注してください。",
     QT_TRANSLATE_NOOP("DomainText", "The customer of an order cannot be changed. Cancel it "
                                     "and take a new order.")),
    # products: desk_app.store.products, desk_app.exports.products_csv
    ("商品コードは英数字とハイフンで40文字までです。",
     QT_TRANSLATE_NOOP("DomainText", "Product codes use letters, digits and hyphens, up to 40 "
                                     "characters.")),
    ("商品名を120文字以内で入力してください。",
     QT_TRANSLATE_NOOP("DomainText", "Enter a product name of up to 120 characters.")),
    ("フリガナは120文字以内です。",
     QT_TRANSLATE_NOOP("DomainText", "The reading can be up to 120 characters.")),
    ("価格（税込）は0円以上の整数で入力してください。",
     QT_TRANSLATE_NOOP("DomainText", "Enter the price (tax incl.) in whole yen (0 or more).")),
    ("税率は8か10です（食品は8%）。",
     QT_TRANSLATE_NOOP("DomainText", "The tax rate is 8 or 10 (8 for food).")),
    ("消費日数は1〜3650日か空欄です。",
     QT_TRANSLATE_NOOP("DomainText", "Days of use: 1 to 3650, or empty.")),
    ("上位商品に自分自身は指定できません。",
     QT_TRANSLATE_NOOP("DomainText", "A product cannot be its own upgrade.")),
    ("商品コード「%1」は既に使われています。",
     QT_TRANSLATE_NOOP("DomainText", "Product code “%1” is already used.")),
    ("上位商品「%1」が見つかりません。",
     QT_TRANSLATE_NOOP("DomainText", "Upgrade product “%1” not found.")),
    ("商品が見つかりません。", QT_TRANSLATE_NOOP("DomainText", "Product not found.")),
    ("商品コード「%1」は登録されていません。",
     QT_TRANSLATE_NOOP("DomainText", "Product code “%1” is not registered.")),
    ("商品コード「%1」が%2行目と重複しています。",
     QT_TRANSLATE_NOOP("DomainText", "Product code “%1” repeats line %2.")),
    ("文字コードが判別できません。UTF-8かShift_JISで保存してください。",
     QT_TRANSLATE_NOOP("DomainText", "The text encoding is not recognised. Save the file as "
                                     "UTF-8 or Shift_JIS.")),
    ("「%1」は整数ではありません。",
     QT_TRANSLATE_NOOP("DomainText", "“%1” is not a whole number.")),
    ("見出し行に %1 がありません（必要な列: %2）。",
     QT_TRANSLATE_NOOP("DomainText", "The header line lacks %1 (columns needed: %2).")),
    ("active は 1 か 0 です。", QT_TRANSLATE_NOOP("DomainText", "active is 1 or 0.")),
    # B2 export warnings: desk_app.exports.yamato_b2
    ("受注番号 %1: %2がB2の文字数を超えています（%3）",
     QT_TRANSLATE_NOOP("DomainText", "Order %1: the %2 is longer than B2 allows (%3)")),
    ("受注番号 %1: Shift_JISにない文字 %2 を〓にしました",
     QT_TRANSLATE_NOOP("DomainText", "Order %1: %2 cannot be written in Shift_JIS and became 〓")),
    # suggestion reasons: desk_app.store.suggestions
    ("前回分がなくなった頃（%1/%2頃）",
     QT_TRANSLATE_NOOP("DomainText", "Should have run out (around %1/%2)")),
    ("そろそろなくなる頃（%1/%2頃）",
     QT_TRANSLATE_NOOP("DomainText", "Running out soon (around %1/%2)")),
    ("大容量・セットあり（%1）",
     QT_TRANSLATE_NOOP("DomainText", "Larger size or set available (%1)")),
    ("よく一緒に購入されています", QT_TRANSLATE_NOOP("DomainText", "Often bought together")),
)
ROW_FIELD = ("行%1.%2", QT_TRANSLATE_NOOP("DomainText", "line %1, %2"))  # CSV import fields

PAYMENTS = {"cod": QT_TRANSLATE_NOOP("DomainText", "Cash on delivery"),
            "postpaid": QT_TRANSLATE_NOOP("DomainText", "Pay later"),
            "bank": QT_TRANSLATE_NOOP("DomainText", "Bank transfer"),
            "card": QT_TRANSLATE_NOOP("DomainText", "Credit card"),
            "postal": QT_TRANSLATE_NOOP("DomainText", "Postal transfer"),
            "konbini": QT_TRANSLATE_NOOP("DomainText", "Convenience store (prepaid)")}
SLOTS = {"": QT_TRANSLATE_NOOP("DomainText", "No preference"),
         "0812": QT_TRANSLATE_NOOP("DomainText", "Morning"),
         "1416": QT_TRANSLATE_NOOP("DomainText", "14:00–16:00"),
         "1618": QT_TRANSLATE_NOOP("DomainText", "16:00–18:00"),
         "1820": QT_TRANSLATE_NOOP("DomainText", "18:00–20:00"),
         "1921": QT_TRANSLATE_NOOP("DomainText", "19:00–21:00")}
CARRIERS = {"yamato": QT_TRANSLATE_NOOP("DomainText", "Yamato Transport")}
B2_COLUMNS = {"お届け先住所": QT_TRANSLATE_NOOP("DomainText", "delivery address"),
              "お届け先アパートマンション名": QT_TRANSLATE_NOOP("DomainText", "building name"),
              "お届け先名": QT_TRANSLATE_NOOP("DomainText", "recipient name"),
              "品名１": QT_TRANSLATE_NOOP("DomainText", "item name 1"),
              "品名２": QT_TRANSLATE_NOOP("DomainText", "item name 2")}


def _pattern(template: str) -> re.Pattern:
    parts = re.split(r"%([1-9])", template)
    return re.compile("".join(re.escape(p) if i % 2 == 0 else f"(?P<g{p}>.+?)"
                              for i, p in enumerate(parts)))


_COMPILED = [(_pattern(ja), en) for ja, en in RULES]


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def _terms() -> dict[str, str]:
    """Japanese words that appear inside messages (carrier, slot labels, B2 columns)."""
    out = {DEFAULT_CARRIER.name_ja: tr(CARRIERS.get(DEFAULT_CARRIER.key, ""))}
    out.update({ja: tr(en) for ja, en in B2_COLUMNS.items()})
    out.update({s.label_ja: tr(SLOTS[s.code]) for s in DEFAULT_CARRIER.slots if s.code in SLOTS})
    return out


def _english(text: str, terms: dict[str, str]) -> str | None:
    for pattern, en in _COMPILED:
        m = pattern.fullmatch(text)
        if m is not None:
            values = sorted(m.groupdict().items())  # g1, g2, …
            return _fill(tr(en), [_value(v, terms) for _k, v in values])
    return None


def _value(text: str, terms: dict[str, str]) -> str:
    if text in terms:
        return terms[text]
    if "・" in text and all(p in terms for p in text.split("・")):
        return ", ".join(terms[p] for p in text.split("・"))
    return _english(text, terms) or text  # a message inside a message (the COD limit)


def _fill(template: str, values: list[str]) -> str:
    return arg(template, *values)


def message(text: str) -> str:
    """One domain message (or suggestion reason, fee problem) in the desk's language."""
    if is_japanese() or not text:
        return text
    return _english(text, _terms()) or text


def field_name(name: str) -> str:
    """A CSV import field ("行3.tax_rate") in the desk's language; others are unchanged."""
    m = _pattern(ROW_FIELD[0]).fullmatch(name)
    if is_japanese() or m is None:
        return name
    return _fill(tr(ROW_FIELD[1]), [m.group("g1"), m.group("g2")])


def localize(errors: Iterable[FieldError]) -> list[FieldError]:
    """Field errors with their messages in the desk's language (fields stay as they are:
    the form routes messages by field name)."""
    return [FieldError(e.field, message(e.message)) for e in errors]


def describe(errors: Iterable[FieldError]) -> str:
    """"field: message" lines, as the store's exceptions print them, translated."""
    return "\n".join(f"{field_name(e.field)}: {message(e.message)}" for e in errors)


def payment_label(code: str) -> str:
    if is_japanese() or code not in PAYMENTS:
        return money.PAYMENT_LABELS_JA.get(code, code)
    return tr(PAYMENTS[code])


def slot_label(code: str | None, label_ja: str | None = None) -> str:
    """A delivery time slot; a code the carrier no longer offers shows as the code."""
    if is_japanese() or (code or "") not in SLOTS:
        return label_ja if label_ja is not None else DEFAULT_CARRIER.slot_label(code)
    return tr(SLOTS[code or ""])
