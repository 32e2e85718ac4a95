"""Trial on a fresh clone (issue 10): for a 代引不可 customer, choosing 代金引換 said nothing
until 保存 (the clerk had already told the caller 「代引きで承ります」). The refusal now
shows at the payment field as soon as 代金引換 is chosen, from the payment check alone (not
the whole draft's validation on every change), and 保存 still refuses it."""

from __future__ import annotations

from test_caution_and_layout import caution_customer, loaded_form
from ui_helpers import numbers, open_card, settle

from desk_app.domain.orders import validate


def test_choosing_cod_for_a_no_cod_customer_says_so_at_once(qtbot, desk, store, monkeypatch):
    from desk_app.ui.orders import form as form_module

    validated = []

    def counted(*args, **kwargs):
        validated.append(args[0])
        return validate(*args, **kwargs)

    monkeypatch.setattr(form_module, "validate", counted)
    services, window = desk
    single, _, _ = numbers(store)
    cid = caution_customer(store, single)
    open_card(qtbot, window, cid)
    window.fallback_action("order")
    form = loaded_form(qtbot)
    form.payment.setCurrentIndex(form.payment.findData("cod"))
    assert "代引不可" in form.payment_errors.text("payment")  # before any 保存
    # only that: the fields not filled yet are not marked before the clerk saves
    assert form.customer_error.isHidden()
    form.payment.setCurrentIndex(form.payment.findData("bank"))
    assert form.payment_errors.text("payment") == ""
    assert validated == []  # the changes asked only whether the orderer may pay so
    form.payment.setCurrentIndex(form.payment.findData("cod"))
    assert form.save() is False  # 保存 refuses it, with whatever else is missing
    assert "代引不可" in form.payment_errors.text("payment")
    assert [d.payment for d in validated] == ["cod"]
    form.ctx = None
    form.close()
    settle(qtbot, services)
