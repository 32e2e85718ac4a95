"""The message catalogue: every code in both languages, every code raised is in it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from desk_app.domain import messages
from desk_app.domain.delivery import CARRIERS
from desk_app.domain.messages import CATALOGUE, Problem, placeholders
from desk_app.domain.money import PAYMENT_LABELS_JA, PAYMENTS

PACKAGE = Path(messages.__file__).resolve().parent.parent
# calls whose first string argument (or ``code=``) is a message code
CODE_TAKERS = {"Problem", "one", "FieldError"}


def _import_all() -> None:
    """Modules register their own codes at import time (``messages.register``)."""
    import importlib
    import pkgutil

    import desk_app
    for info in pkgutil.walk_packages(desk_app.__path__, "desk_app."):
        if ".ui" in info.name or ".migrations" in info.name or info.name.endswith("__main__"):
            continue  # Qt, Alembic scripts, the entry point: no codes of their own
        importlib.import_module(info.name)


def raised_codes() -> dict[str, str]:
    """Literal codes passed to Problem(...) / ServiceError.one(...) anywhere in desk_app,
    with where they are."""
    found: dict[str, str] = {}
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(
                node.func, "id", "")
            if name not in CODE_TAKERS:
                continue
            args = [a for a in node.args[:1]] + [k.value for k in node.keywords if k.arg == "code"]
            for arg in args:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    found[arg.value] = f"{path.relative_to(PACKAGE)}:{node.lineno}"
    return found


def test_every_code_has_both_languages_with_the_same_placeholders():
    _import_all()
    assert len(CATALOGUE) > 60
    for code, wording in CATALOGUE.items():
        assert len(wording) == len(messages.LANGUAGES), code
        ja, en = wording
        assert ja.strip() and en.strip(), code
        assert placeholders(ja) == placeholders(en), code


def test_every_code_raised_is_in_the_catalogue():
    _import_all()
    codes = raised_codes()
    assert "order.sku_unknown" in codes and "csv.encoding" in codes  # the scan works
    missing = {code: where for code, where in codes.items() if code not in CATALOGUE}
    assert missing == {}


def test_words_built_from_data_are_in_the_catalogue():
    """Codes made from data (carriers, slots, payments) exist for every value of the data,
    and their Japanese is the data's own label."""
    for carrier in CARRIERS.values():
        assert carrier.word.text("ja") == carrier.name_ja
        assert carrier.slot_word(None).text("ja") == carrier.slot_label(None)
        for slot in carrier.slots:
            assert carrier.slot_word(slot.code).code in CATALOGUE
            assert carrier.slot_word(slot.code).text("ja") == slot.label_ja
    for payment in PAYMENTS:
        assert Problem(f"payment.{payment}").text("ja") == PAYMENT_LABELS_JA[payment]
    for column in ("address", "building", "name", "item1", "item2"):
        assert f"b2.column.{column}" in CATALOGUE


def test_parameters_nested_messages_and_lists_are_worded_in_each_language():
    cod = Problem("money.cod_limit", {"limit": 300_000})
    refused = Problem("order.payment_refused", {"reason": cod}, "payment")
    assert refused.message == "代金引換でお預かりできるのは300,000円までです。別のお支払い方法を選んでください。"
    assert refused.text("en") == ("Cash on delivery can collect at most ¥300,000. "
                                  "Choose another payment method.")
    slots = Problem("delivery.slot_unavailable", {
        "carrier": Problem("carrier.yamato"), "offered": (Problem("slot.0812"), Problem("slot.1416"))})
    assert slots.message == "ヤマト運輸ではこの時間帯は指定できません（午前中・14〜16時）。"
    assert slots.text("en") == "Yamato Transport does not offer this time slot (Morning, 14:00–16:00)."


def test_unknown_codes_and_missing_parameters_never_crash():
    assert messages.text("no.such.code") == "no.such.code"
    assert messages.text("order.sku_unknown", {}) == CATALOGUE["order.sku_unknown"][0]
    assert messages.text("order.sku_unknown", {"sku": "F1"}, "en").startswith("Product code “F1”")


def test_a_code_cannot_be_registered_twice_with_other_wording():
    messages.register({"order.lines_required": CATALOGUE["order.lines_required"]})  # same: fine
    with pytest.raises(ValueError):
        messages.register({"order.lines_required": ("別の文", "Other words")})


def test_refusals_print_field_and_message_lines():
    refusal = messages.Refused([Problem("order.postal_code", field="ship_to.postal_code"),
                                Problem("order.lines_required", field="lines")])
    assert str(refusal) == ("ship_to.postal_code: 郵便番号は7桁で入力してください。\n"
                            "lines: 商品を1つ以上入力してください。")
    assert messages.describe(refusal.problems, "en") == (
        "ship_to.postal_code: Enter the 7-digit postal code.\nlines: Enter at least one product.")
