"""Domain messages on an English desk: every message the domain, the store and the CSV
reader can send is recognised and rewritten in English, and the Japanese desk shows each one
exactly as the domain wrote it (ui/kit/domain_text.py)."""

import re
from collections import Counter
from datetime import date, timedelta

import pytest
from PySide6.QtCore import QCoreApplication

from desk_app.domain import money
from desk_app.domain.delivery import YAMATO
from desk_app.domain.orders import (
    DraftLine,
    Noshi,
    OrderDraft,
    OrderRefused,
    ProductInfo,
    ShipTo,
    preview,
    validate,
)
from desk_app.exports.products_csv import CsvError, parse
from desk_app.exports.yamato_b2 import export_b2
from desk_app.store import order_service, orders
from desk_app.store import products as store_products
from desk_app.store.products import Catalogue, ProductInput, validate_product
from desk_app.store.suggestions import CoPurchase, suggest
from desk_app.ui.kit import domain_text

TODAY = date(2026, 12, 1)
CAT = Catalogue([
    ProductInfo("F001", "Aojiru", 3240, 8, upgrade_sku="F002", consumption_days=30, id=1),
    ProductInfo("F002", "Aojiru 90", 8640, 8, id=2),
    ProductInfo("G001", "Lotion", 3300, 10, id=3),
    ProductInfo("OLD1", "Old one", 1000, 10, active=False, id=4),
    ProductInfo("BIG1", "Big one", 150_000, 10, id=5),
])
SHIP = ShipTo("Hanako", "150-0001", "東京都渋谷区神宮前1-2-3", "03-1234-5678")
JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff01-\uff5e]")


def draft(**kw) -> OrderDraft:
    base = dict(customer_id=1, payment="cod", ship_to=SHIP, lines=(DraftLine("F001", 1),))
    base.update(kw)
    return OrderDraft(**base)


def validation_messages() -> list[str]:
    drafts = [
        draft(customer_id=None, payment="", ship_to=None, lines=()),
        draft(ship_to=ShipTo("", "", "", "")),
        draft(ship_to=ShipTo("a", "1", "", "12"), ship_to_source="new"),
        draft(ship_to=ShipTo("a", "1500001", "Shibuya 1", "03-1234-5678")),
        draft(lines=(DraftLine("NOPE", 1), DraftLine("OLD1", 0), DraftLine("G001", 1, -5))),
        draft(delivery_date=TODAY - timedelta(days=1), slot="9999"),
        draft(delivery_date=TODAY + timedelta(days=1)),
        draft(delivery_date=TODAY + timedelta(days=60)),
        draft(noshi=Noshi("", "Yamada")),
        draft(noshi=Noshi("x" * 41), memo="card 4111 1111 1111 1111"),
        draft(lines=(DraftLine("BIG1", 2),)),
    ]
    out = [e.message for d in drafts for e in validate(d, CAT, TODAY)]
    out.append(preview(draft(ship_to=None), CAT).problem)
    out.append(preview(draft(lines=(DraftLine("BIG1", 2),)), CAT).problem)  # the totals note
    return out


def store_messages(session) -> list[str]:
    out = []

    def refused(fn):
        try:
            fn()
        except (OrderRefused, store_products.ProductRefused, CsvError) as exc:
            out.extend(e.message for e in exc.errors)
        else:
            raise AssertionError("not refused")

    ship = orders.orderer_ship_to(session, 1)
    refused(lambda: order_service.place_order(session, draft(customer_id=999), today=TODAY))
    saved = order_service.place_order(session, draft(ship_to=ship, payment="card"), today=TODAY)
    refused(lambda: order_service.edit_order(session, saved.order_id,
                                             draft(customer_id=2, ship_to=ship), today=TODAY))
    order_service.cancel_order(session, saved.order_id)
    refused(lambda: order_service.cancel_order(session, saved.order_id))
    refused(lambda: order_service.cancel_order(session, 999_999))
    wide = ShipTo("X" * 40 + "\U0001f375", "1500001", "東京都" + "A" * 150, "03-1234-5678")
    order_service.place_order(session, draft(ship_to=wide, payment="card", ship_to_source="new"),
                              today=TODAY)
    out += export_b2(session, YAMATO.ship_date(TODAY, None, "東京都")).warnings
    bad = ProductInput(sku="A B", name="", kana="x" * 121, price=-1, tax_rate=7,
                       consumption_days=0, upgrade_sku="a b")
    out += [e.message for e in validate_product(bad)]
    refused(lambda: store_products.save_product(
        session, ProductInput("F001", "x", 100, 8, upgrade_sku="ZZZ9")))
    refused(lambda: store_products.save_product(session, ProductInput("N1", "x", 1, 8), 10**6))
    refused(lambda: store_products.set_active(session, "ZZZ9", False))
    refused(lambda: store_products.import_products(
        session, [ProductInput("N1", "x", 1, 8), ProductInput("N1", "y", 1, 8)]))
    refused(lambda: parse(b"sku\x81"))
    refused(lambda: parse(b"sku,name\r\n"))
    refused(lambda: parse(b"sku,name,kana,price,tax_rate,consumption_days,active\r\n"
                          b"N1,x,,ten,8,,maybe\r\n"))
    return out


def suggestion_reasons() -> list[str]:
    pairs = {"F001": Counter({"G001": 5})}
    together = CoPurchase(pairs, Counter({"F001": 5, "G001": 5}), 10)
    due = [("G001", TODAY - timedelta(days=3)), ("F002", TODAY + timedelta(days=3))]
    reasons = [s.reason for s in suggest(CAT, ["F001"], together, due, today=TODAY)]
    reasons += [s.reason for s in suggest(CAT, ["F001"], together, [], today=TODAY)]
    return reasons


@pytest.fixture
def every_message(shop):
    with shop.new_session() as session:
        messages = validation_messages() + store_messages(session) + suggestion_reasons()
        session.rollback()
    return list(dict.fromkeys(messages))


def test_every_domain_message_reads_in_english(en_app, every_message):
    unused = [ja for ja, _en in domain_text.RULES
              if not any(domain_text._pattern(ja).fullmatch(m) for m in every_message)]
    assert not unused, f"the domain no longer sends these (wording changed?): {unused}"
    names = ("Aojiru 90", "Aojiru", "Lotion", "Old one", "Big one")
    for text in every_message:
        english = domain_text.message(text)
        assert english != text, f"not recognised, shown in Japanese: {text}"
        rest = english
        for name in names:
            rest = rest.replace(name, "")
        assert not JAPANESE.search(rest), f"{text} → {english}"
    cod = next(m for m in every_message if m.endswith("別のお支払い方法を選んでください。"))
    assert domain_text.message(cod) == ("Cash on delivery can collect at most ¥300,000. "
                                        "Choose another payment method.")
    assert domain_text.message("12月3日以降の日付を選んでください（ヤマト運輸の最短お届け日）。") \
        == "Choose 12/3 or later (the earliest Yamato Transport can deliver)."
    assert domain_text.field_name("行3.tax_rate") == "line 3, tax_rate"
    assert domain_text.message("知らないメッセージ") == "知らないメッセージ"  # shown as it is


def test_a_japanese_desk_shows_the_domain_wording(ja_app, every_message):
    for text in every_message:
        assert domain_text.message(text) == text
    assert domain_text.field_name("行3.tax_rate") == "行3.tax_rate"
    assert [domain_text.payment_label(c) for c in money.PAYMENTS] == \
        [money.PAYMENT_LABELS_JA[c] for c in money.PAYMENTS]
    assert [domain_text.slot_label(s.code) for s in YAMATO.slots] == \
        [s.label_ja for s in YAMATO.slots]


def test_the_catalogue_holds_the_domain_wording(ja_app):
    """The Japanese translations of DomainText are the domain's own templates, so a
    translator reading desk_ja.ts sees what the Japanese desk shows."""
    for ja, en in domain_text.RULES:
        assert QCoreApplication.translate("DomainText", en) == ja, en
    assert QCoreApplication.translate("DomainText", domain_text.SLOTS["1921"]) == "19〜21時"


def test_labels_in_english(en_app):
    assert domain_text.payment_label("cod") == "Cash on delivery"
    assert domain_text.slot_label(None) == "No preference"
    assert domain_text.slot_label("0812") == "Morning"
    assert domain_text.slot_label("1214", "12〜14時") == "12〜14時"  # no longer offered
