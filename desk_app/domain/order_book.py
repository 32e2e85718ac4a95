"""受注一覧 and 入金確認: an order as a row of the day's list, and when it has been paid.

前払い orders (銀行振込, 郵便振替, コンビニ前払い) wait as 入金待ち until the money has
arrived and only then leave the shop: the shipping export leaves them out, and their ship
date counts from the day of payment. 後払い payments are recorded the same way but never
hold the parcel. 代金引換 and クレジットカード need no 入金確認.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from desk_app.domain import messages
from desk_app.domain.money import PAYMENT_LABELS_JA, PREPAID_PAYMENTS, RECORDED_PAYMENTS

AWAITING, PAID = "awaiting", "paid"
PAYMENT_STATE_LABELS = {AWAITING: ("入金待ち", "Awaiting payment"), PAID: ("入金済み", "Paid")}
# --status of `order list` and the list window's filter
STATUS_FILTERS = ("active", "cancelled", "awaiting_payment", "paid")
MAX_PAYMENT = 10_000_000

messages.register({
    "order.cancelled": ("受注番号 {number} は取消済みです。", "Order {number} is cancelled."),
    "payment.not_recorded": (
        "受注番号 {number} のお支払い方法（{payment}）は入金確認の対象ではありません。",
        "Order {number} is paid by {payment}: no payment to record."),
    "payment.amount": ("入金額は1円以上{max}円以下の整数で入力してください。",
                       "Enter the amount received in whole yen (1 to {max})."),
    "payment.already_paid": ("受注番号 {number} は入金済みです（{paid}円）。",
                             "Order {number} is already paid ({paid} yen)."),
    "payment.future": ("入金日が未来の日付です。", "The payment date is in the future."),
    "order.status_filter": ("状態は active・cancelled・awaiting_payment・paid のどれかです。",
                            "The status is active, cancelled, awaiting_payment or paid."),
    "order.payment_filter": ("お支払い方法は cod・postpaid・bank・card・postal・konbini のどれかです。",
                             "The payment is cod, postpaid, bank, card, postal or konbini."),
    "order.not_open": ("受注番号 {number} は出荷済みか取消済みのため、同梱できません。",
                       "Order {number} has shipped or is cancelled: nothing can be added."),
})


def needs_payment(payment: str) -> bool:
    """True for payments a clerk confirms (前払い and 後払い)."""
    return payment in RECORDED_PAYMENTS


def holds_shipping(payment: str) -> bool:
    """True when the parcel waits for the money (前払い)."""
    return payment in PREPAID_PAYMENTS


def payment_state(payment: str, status: str, total: int, paid: int) -> str | None:
    """入金待ち / 入金済み for orders whose payment is confirmed; None otherwise."""
    if status != "active" or not needs_payment(payment):
        return None
    return PAID if paid >= total else AWAITING


def may_ship(payment: str, status: str, total: int, paid: int) -> bool:
    """An active order ships unless it is 前払い and not paid in full."""
    return status == "active" and (not holds_shipping(payment) or paid >= total)


def payment_problem(number: int, payment: str, status: str, total: int, paid: int,
                    amount: object) -> tuple[str, dict] | None:
    """Why a payment of *amount* cannot be recorded for the order (code, params), or None."""
    if status != "active":
        return "order.cancelled", {"number": number}
    if not needs_payment(payment):
        return "payment.not_recorded", {"number": number,
                                        "payment": PAYMENT_LABELS_JA.get(payment, payment)}
    if not isinstance(amount, int) or isinstance(amount, bool) or not 0 < amount <= MAX_PAYMENT:
        return "payment.amount", {"max": f"{MAX_PAYMENT:,}"}
    if paid >= total:
        return "payment.already_paid", {"number": number, "paid": f"{paid:,}"}
    return None


@dataclass(frozen=True, slots=True)
class PaymentRecord:
    """One 入金 as recorded: how much, the day it arrived, who recorded it and when."""

    amount: int
    paid_on: date
    recorded_at: datetime
    operator_name: str = ""  # "" when no clerk was signed in


@dataclass(frozen=True, slots=True)
class OrderRow:
    """One order in 受注一覧 / 入金確認 (and `desk-app order list`)."""

    number: int
    order_date: date
    customer_id: int
    customer_code: str
    customer_name: str
    total: int
    payment: str
    status: str  # active / cancelled
    paid_amount: int = 0
    paid_on: date | None = None
    delivery_date: date | None = None
    slot: str | None = None
    ship_name: str = ""
    items: int = 0  # number of lines
    exported: bool = False

    @property
    def payment_state(self) -> str | None:
        return payment_state(self.payment, self.status, self.total, self.paid_amount)

    @property
    def balance(self) -> int:
        """Still to be paid (negative: overpaid); 0 for payments not confirmed here."""
        return self.total - self.paid_amount if needs_payment(self.payment) else 0

    def matches(self, status: str | None, payment: str | None = None) -> bool:
        if payment and self.payment != payment:
            return False
        if status in (None, ""):
            return True
        if status == "awaiting_payment":
            return self.payment_state == AWAITING
        if status == "paid":
            return self.payment_state == PAID
        return self.status == status

    def to_json_dict(self) -> dict:
        return {
            "number": self.number, "order_date": self.order_date.isoformat(),
            "customer_code": self.customer_code, "customer_name": self.customer_name,
            "total": self.total, "payment": self.payment,
            "payment_label": PAYMENT_LABELS_JA.get(self.payment), "status": self.status,
            "payment_state": self.payment_state, "paid_amount": self.paid_amount,
            "paid_on": self.paid_on.isoformat() if self.paid_on else None,
            "balance": self.balance,
            "delivery_date": self.delivery_date.isoformat() if self.delivery_date else None,
            "slot": self.slot,
        }
