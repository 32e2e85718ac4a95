"""The roles a column can play and how they are recognised from headers.

A mapping is ``role → column`` (``phone`` and ``address`` may take several columns: carts
export 電話番号1, 電話番号2 and 都道府県, 市区町村, 番地, 建物名 apart). Headers are compared after
folding (NFKC, lower case, no spaces, brackets or underscores, a trailing number dropped),
against the aliases below in order of preference: a file with both 合計金額 and 金額 takes
合計金額 as the amount. Each column plays at most one role.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from desk_app.domain import messages

ORDERS = "orders"
CUSTOMERS = "customers"
KINDS = (ORDERS, CUSTOMERS)

# The CLI's --mapping keys, in the order the mapping dialog lists them.
ROLES = ("order_id", "customer_id", "date", "amount", "name", "kana", "company", "phone",
         "postal_code", "address", "email", "birthday", "dm_allowed", "caution", "product",
         "quantity")
MULTI_ROLES = frozenset({"phone", "address"})
REQUIRED: dict[str, tuple[str, ...]] = {
    ORDERS: ("customer_id", "date", "amount"),
    CUSTOMERS: ("customer_id", "name"),
}
ORDER_ONLY = frozenset({"order_id", "date", "amount", "product", "quantity"})
# An imported sale's key (``orders.import_key``) when the file gives its order id: the
# prefix and the id as the shop's earlier system wrote it (else a fingerprint's key)
ORDER_REF_PREFIX = "o:"

messages.register({
    "import.role_missing": ("必須の列が割り当てられていません: {roles}",
                            "Required columns are not assigned: {roles}"),
    "import.role_unknown": ("列の役割が分かりません: {role}", "Unknown column role: {role}"),
    "import.column_unknown": ("ファイルに「{column}」という列はありません。",
                              "The file has no column “{column}”."),
    "import.column_twice": ("「{column}」が2つの役割に割り当てられています。",
                            "“{column}” is assigned to two roles."),
    "import.role_not_for_kind": ("{role} は顧客情報の取込では使えません。",
                                 "{role} cannot be used in a customer import."),
    "import.product_needs_quantity": ("商品コードの列には数量の列も必要です。",
                                      "A product column needs a quantity column too."),
})

# Role labels for the desk and the CLI's notes (Japanese per the glossary, English).
ROLE_LABELS: dict[str, tuple[str, str]] = {
    "order_id": ("受注番号", "Order id"), "customer_id": ("顧客番号", "Customer id"),
    "date": ("受注日", "Order date"), "amount": ("金額", "Amount"),
    "name": ("氏名", "Name"), "kana": ("フリガナ", "Reading (kana)"),
    "company": ("会社名", "Company"), "phone": ("電話番号", "Phone"),
    "postal_code": ("郵便番号", "Postal code"), "address": ("住所", "Address"),
    "email": ("メール", "E-mail"), "birthday": ("生年月日", "Birthday"),
    "dm_allowed": ("DM送付", "DM allowed"), "caution": ("注意", "Caution"),
    "product": ("商品コード", "Product code"), "quantity": ("数量", "Quantity"),
}

# Folded aliases per role, most preferred first.
ALIASES: dict[str, tuple[str, ...]] = {
    "order_id": ("受注番号", "注文番号", "受注id", "注文id", "受注no", "注文no", "伝票番号",
                 "受注コード", "orderid", "orderno", "ordernumber", "order"),
    "customer_id": ("顧客番号", "顧客id", "顧客コード", "会員番号", "会員id", "お客様番号",
                    "顧客no", "会員no", "customerid", "customercode", "customerno", "memberid",
                    "customer"),
    "date": ("受注日", "注文日", "購入日", "売上日", "受注日時", "注文日時", "購入日時", "売上日時",
             "orderdate", "purchasedate", "saledate", "orderedat", "date"),
    "amount": ("合計金額", "売上金額", "購入金額", "受注金額", "請求金額", "総合計", "税込合計",
               "合計金額税込", "金額", "ordertotal", "total", "amount", "totalamount"),
    "name": ("氏名", "お名前", "名前", "顧客名", "購入者名", "注文者名", "会員名", "name",
             "customername", "fullname"),
    "kana": ("フリガナ", "ふりがな", "氏名カナ", "氏名フリガナ", "カナ", "お名前カナ", "顧客名カナ",
             "kana", "furigana", "namekana"),
    "company": ("会社名", "法人名", "勤務先", "company", "companyname"),
    "phone": ("電話番号", "電話", "tel", "携帯電話", "携帯電話番号", "携帯番号", "携帯", "自宅電話",
              "phone", "phonenumber", "mobile", "telephone"),
    "postal_code": ("郵便番号", "〒", "郵便", "zip", "zipcode", "postalcode", "postcode"),
    "address": ("住所", "都道府県", "市区町村", "番地", "建物名", "ご住所", "住所建物名", "address",
                "prefecture", "city", "street", "building"),
    "email": ("メールアドレス", "メール", "eメール", "email", "mail", "emailaddress"),
    "birthday": ("生年月日", "誕生日", "birthday", "birthdate", "dateofbirth"),
    "dm_allowed": ("dm可否", "dm送付", "dm送付可否", "dm希望", "dm", "ダイレクトメール", "dm許可",
                   "dmallowed", "directmail"),
    "caution": ("注意", "注意事項", "要注意", "注意フラグ", "caution", "warning"),
    "product": ("商品コード", "商品番号", "品番", "sku", "商品id", "productcode", "productid",
                "product", "itemcode"),
    "quantity": ("数量", "個数", "購入数", "注文数", "quantity", "qty"),
}

_DROP = re.compile(r"[\s_\-‐・:：()（）\[\]【】「」/／.]+")
_TRAILING_NUMBER = re.compile(r"\d+$")


def fold_header(header: str) -> str:
    folded = unicodedata.normalize("NFKC", header or "").strip().lower()
    folded = _DROP.sub("", folded)
    return _TRAILING_NUMBER.sub("", folded) or folded


_LOOKUP: dict[str, tuple[str, int]] = {}
for _role, _aliases in ALIASES.items():
    for _rank, _alias in enumerate(_aliases):
        _LOOKUP.setdefault(_alias, (_role, _rank))


@dataclass(frozen=True, slots=True)
class Mapping_:
    """role → column indexes (one for most roles, several for phone and address)."""

    columns: dict[str, tuple[int, ...]]

    def get(self, role: str) -> int | None:
        cols = self.columns.get(role)
        return cols[0] if cols else None

    def all(self, role: str) -> tuple[int, ...]:
        return self.columns.get(role, ())

    def __contains__(self, role: str) -> bool:
        return bool(self.columns.get(role))

    def by_header(self, headers: Sequence[str]) -> dict[str, str | list[str]]:
        """The CLI's --mapping form: role → header (a list for several columns)."""
        out: dict[str, str | list[str]] = {}
        for role in ROLES:
            cols = self.columns.get(role)
            if cols:
                names = [headers[i] for i in cols]
                out[role] = names if len(names) > 1 else names[0]
        return out


def recognise(headers: Sequence[str], kind: str = ORDERS) -> Mapping_:
    """The automatic choice: each header's role by the alias table; for single roles the
    best-ranked column wins, the rest stay unassigned."""
    best: dict[str, tuple[int, int]] = {}  # role → (rank, column)
    multi: dict[str, list[int]] = {}
    for index, header in enumerate(headers):
        hit = _LOOKUP.get(fold_header(header))
        if hit is None:
            continue
        role, rank = hit
        if kind == CUSTOMERS and role in ORDER_ONLY:
            continue
        if role in MULTI_ROLES:
            multi.setdefault(role, []).append(index)
        elif role not in best or rank < best[role][0]:
            best[role] = (rank, index)
    columns: dict[str, tuple[int, ...]] = {role: (index,) for role, (_rank, index) in best.items()}
    columns.update({role: tuple(idx) for role, idx in multi.items()})
    return Mapping_(columns)


class MappingError(messages.CodedError):
    """The column mapping cannot drive an import (a role missing, a header not in the file)."""


def from_headers(spec: Mapping[str, str | Sequence[str]], headers: Sequence[str]) -> Mapping_:
    """A mapping given as role → header name(s) (the CLI's --mapping, a remembered one)."""
    index: dict[str, int] = {}
    for i, header in enumerate(headers):
        index.setdefault(header.strip(), i)
    columns: dict[str, tuple[int, ...]] = {}
    for role, names in spec.items():
        if role not in ROLES:
            raise MappingError("import.role_unknown", role=role)
        name_list = [names] if isinstance(names, str) else list(names)
        cols = []
        for name in name_list:
            if name is None or str(name).strip() == "":
                continue
            col = index.get(str(name).strip())
            if col is None:
                raise MappingError("import.column_unknown", column=name)
            cols.append(col)
        if cols:
            columns[role] = tuple(cols)
    return Mapping_(columns)


def check(mapping: Mapping_, kind: str, headers: Sequence[str]) -> None:
    """Raise :class:`MappingError` unless the mapping can drive an import of *kind*."""
    missing = [r for r in REQUIRED[kind] if r not in mapping]
    if missing:
        raise MappingError("import.role_missing",
                           roles="、".join(ROLE_LABELS[r][0] for r in missing))
    seen: dict[int, str] = {}
    for role, cols in mapping.columns.items():
        if kind == CUSTOMERS and role in ORDER_ONLY:
            raise MappingError("import.role_not_for_kind", role=ROLE_LABELS[role][0])
        for col in cols:
            if col in seen and seen[col] != role:
                raise MappingError("import.column_twice", column=headers[col])
            seen[col] = role
    if "product" in mapping and "quantity" not in mapping:
        raise MappingError("import.product_needs_quantity")


def header_key(headers: Sequence[str]) -> str:
    """Identifies a header set (a cart's export layout) for remembering its mapping:
    the same columns in the same order, whatever their width or spacing."""
    joined = "\x1f".join(unicodedata.normalize("NFKC", h).strip() for h in headers)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:32]
