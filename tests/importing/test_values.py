"""Cells of a shop's export: every date and amount form, yes/no, ids, phones, headers."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desk_app.domain import phone, wareki
from desk_app.domain.importing import columns as cols
from desk_app.domain.importing import sniff
from desk_app.domain.importing import values as v

TODAY = date(2026, 12, 1)


@pytest.mark.parametrize("text", [
    "2024/1/5", "2024-01-05", "20240105", "2024年1月5日", "令和6年1月5日", "R6.1.5", "r6.1.5",
    "2024.1.5", "2024/01/05 10:30", "2024-01-05 10:30:15", "2024-01-05T10:30:00",
    "令和6年1月5日 9:05", "R6.1.5 23:59:59", "R060105", "２０２４／１／５", "令和６年１月５日",
    "2024年 1月 5日", " 2024/1/5 ", "2024/1/5 0:00", "2024-01-05T10:30:00.123",
])
def test_every_date_form_of_5_january_2024(text):
    assert v.parse_date(text) == date(2024, 1, 5)


@pytest.mark.parametrize("text, expected", [
    ("H31.4.30", date(2019, 4, 30)), ("平成31年4月30日", date(2019, 4, 30)),
    ("令和元年5月1日", date(2019, 5, 1)), ("R1.5.1", date(2019, 5, 1)),
    ("S64.1.7", date(1989, 1, 7)), ("平成元年1月8日", date(1989, 1, 8)),
    ("2024/2/29", date(2024, 2, 29)),
])
def test_era_boundaries(text, expected):
    assert v.parse_date(text) == expected


@pytest.mark.parametrize("text, code", [
    ("2024/13/45", "import.date_no_such_day"), ("2023/2/29", "import.date_no_such_day"),
    ("H31.5.1", "import.date_era"), ("平成31年5月1日", "import.date_era"),
    ("昭和64年1月8日", "import.date_era"), ("R1.4.30", "import.date_era"),
    ("abc", "import.date_invalid"), ("24/1/5", "import.date_invalid"), ("", "import.date_empty"),
    ("2024/1/5 25:00", "import.time_invalid"), ("2024/1/5 10:61", "import.time_invalid"),
    ("1700/1/1", "import.date_invalid"),
])
def test_impossible_dates_say_why(text, code):
    with pytest.raises(v.CellError) as err:
        v.parse_date(text)
    assert err.value.code == code
    assert err.value.text("ja") and err.value.text("en")


def test_future_dates_are_refused():
    with pytest.raises(v.CellError) as err:
        v.parse_date("2026/12/2", TODAY)
    assert err.value.code == "import.date_future"
    assert v.parse_date("2026/12/1", TODAY) == TODAY


DAYS = st.dates(min_value=date(1873, 1, 1), max_value=date(2099, 12, 31))


@given(DAYS, st.sampled_from(["{y}/{m}/{d}", "{y}-{m:02}-{d:02}", "{y}{m:02}{d:02}",
                              "{y}年{m}月{d}日", "{y}/{m:02}/{d:02} 12:34", "{y}-{m:02}-{d:02}T01:02:03"]))
def test_western_forms_round_trip(day, form):
    assert v.parse_date(form.format(y=day.year, m=day.month, d=day.day)) == day


@given(DAYS, st.booleans())
def test_japanese_era_forms_round_trip(day, letter):
    era = wareki.era_of(day)
    year = day.year - era.start.year + 1
    text = (f"{era.letter}{year}.{day.month}.{day.day}" if letter else wareki.to_wareki(day))
    assert v.parse_date(text) == day


@given(DAYS)
def test_full_width_dates(day):
    text = f"{day.year}/{day.month}/{day.day}".translate(
        str.maketrans("0123456789/", "０１２３４５６７８９／"))
    assert v.parse_date(text) == day


@pytest.mark.parametrize("text", ["1200", "1,200", "¥1,200", "￥1,200", "1200円", "１２００",
                                  "１，２００", "\\1,200", "\\1200", "¥ 1,200", "1,200円", "1200.0",
                                  " 1200 "])
def test_every_amount_form(text):
    assert v.parse_amount(text) == 1200


@pytest.mark.parametrize("text, code", [
    ("abc", "import.amount_invalid"), ("12,00", "import.amount_invalid"),
    ("1200.5", "import.amount_invalid"), ("", "import.amount_empty"),
    ("-100", "import.amount_negative"), ("▲1,000", "import.amount_negative"),
    ("1000000000", "import.amount_too_large"),
])
def test_bad_amounts(text, code):
    with pytest.raises(v.CellError) as err:
        v.parse_amount(text)
    assert err.value.code == code


@given(st.integers(min_value=0, max_value=v.MAX_AMOUNT),
       st.sampled_from(["{n}", "{c}", "¥{c}", "￥{c}", "{n}円", "\\{c}", "{c}円"]),
       st.booleans())
def test_amounts_round_trip(n, form, wide):
    text = form.format(n=n, c=f"{n:,}")
    if wide:
        text = text.translate(str.maketrans("0123456789,", "０１２３４５６７８９，"))
    assert v.parse_amount(text) == n


@pytest.mark.parametrize("yes, no", [("1", "0"), ("可", "不可"), ("する", "しない"),
                                     ("希望する", "希望しない"), ("○", "×"), ("true", "false"),
                                     ("TRUE", "FALSE"), ("yes", "no"), ("〇", "✕"), ("１", "０"),
                                     ("はい", "いいえ"), ("要", "不要")])
def test_yes_no(yes, no):
    assert v.parse_yes_no(yes) is True
    assert v.parse_yes_no(no) is False


def test_yes_no_empty_and_unknown():
    assert v.parse_yes_no("") is None
    with pytest.raises(v.CellError):
        v.parse_yes_no("たぶん")


def test_customer_codes_keep_leading_zeros_and_fold_width():
    assert v.parse_customer_code(" ０００１２ ") == "00012"
    with pytest.raises(v.CellError):
        v.parse_customer_code("  ")
    with pytest.raises(v.CellError):
        v.parse_customer_code("x" * 21)


@pytest.mark.parametrize("text", ["ﾔﾏﾀﾞ ﾀﾛｳ", "やまだ たろう", "ヤマダ　タロウ", "ﾔﾏﾀﾞ　ﾀﾛｳ"])
def test_kana_in_any_width_or_script(text):
    assert v.name_keys("", v.reading(text))[1] == "ヤマダタロウ"


@given(st.sampled_from(["03", "045", "0466", "04992", "090", "080", "070", "050", "0120"]),
       st.integers(min_value=0, max_value=10 ** 8 - 1), st.booleans())
def test_fast_phone_path_equals_the_lookup_normaliser(prefix, rest, hyphens):
    digits = (prefix + str(rest).zfill(8))[:11 if prefix[:3] in ("090", "080", "070", "050") else 10]
    text = f"{digits[:3]}-{digits[3:6]}-{digits[6:]}" if hyphens else digits
    try:
        expected = phone.normalize(text)
    except phone.PhoneNumberError:
        with pytest.raises(ValueError):
            v.phone_national_e164(text)
        return
    assert v.phone_national_e164(text) == (expected.national, expected.e164)


@pytest.mark.parametrize("text", ["03-1234-56789", "0312345678901", "06-1234-56789",
                                  "011-123-45678"])
def test_a_geographic_number_of_eleven_digits_is_refused_as_the_desk_refuses_it(text):
    from desk_app.domain import customer_rules

    with pytest.raises(ValueError):
        v.phone_national_e164(text)
    _values, issues = customer_rules.check({"phones": [text]}, date(2026, 12, 1), partial=True)
    assert [i.code for i in issues] == ["customer.phone_invalid"]


@pytest.mark.parametrize("text", ["020-1234-5678", "060-1234-5678", "0800-123-4567"])
def test_the_eleven_digit_ranges_stay(text):
    assert len(v.phone_national_e164(text)[0]) == 11


def test_postal_codes_are_checked_against_japan_post():
    assert v.parse_postal("〒160-0023") == "1600023"
    assert v.parse_postal("") is None
    with pytest.raises(v.CellError) as err:
        v.parse_postal("999-9999")
    assert (err.value.code, err.value.params) == ("import.postal_unknown", {"text": "999-9999"})
    with pytest.raises(v.CellError) as err:
        v.parse_postal("1234")
    assert err.value.code == "import.postal_invalid"


def test_phones_in_other_forms_go_through_phonenumbers():
    assert v.phone_national_e164("+81 3-1234-5678") == ("0312345678", "+81312345678")
    assert v.phone_national_e164("（０３）１２３４－５６７８") == ("0312345678", "+81312345678")
    with pytest.raises(ValueError):
        v.phone_national_e164("abc")


def test_memo_keeps_errors_and_none():
    calls = []

    def fn(text):
        calls.append(text)
        if text == "bad":
            raise v.CellError("import.amount_invalid", text=text)
        return None if text == "" else int(text)

    memo = v.Memo(fn, limit=2)
    assert memo("") is None and memo("") is None
    for _ in range(2):
        with pytest.raises(v.CellError):
            memo("bad")
    assert calls == ["", "bad"]
    memo("1")  # over the limit: starts again, still right
    assert memo("1") == 1


@pytest.mark.parametrize("headers, expected", [
    (["顧客番号", "受注日", "合計金額"], {"customer_id": "顧客番号", "date": "受注日", "amount": "合計金額"}),
    (["顧客ID", "注文日", "売上金額"], {"customer_id": "顧客ID", "date": "注文日", "amount": "売上金額"}),
    (["会員番号", "購入日", "購入金額"], {"customer_id": "会員番号", "date": "購入日", "amount": "購入金額"}),
    (["customer_id", "order_date", "total"], {"customer_id": "customer_id", "date": "order_date",
                                              "amount": "total"}),
    (["Customer ID", "Order Date", "Total"], {"customer_id": "Customer ID", "date": "Order Date",
                                              "amount": "Total"}),
    (["顧客番号", "売上日", "金額", "合計金額"], {"customer_id": "顧客番号", "date": "売上日",
                                          "amount": "合計金額"}),
])
def test_headers_are_recognised(headers, expected):
    assert cols.recognise(headers).by_header(headers) == expected


def test_several_phone_and_address_columns_and_the_rest():
    headers = ["受注番号", "顧客番号", "氏名", "フリガナ", "電話番号1", "電話番号2", "〒", "都道府県",
               "住所", "メールアドレス", "生年月日", "DM可否", "注意事項", "商品コード", "数量", "備考"]
    m = cols.recognise(headers).by_header(headers)
    assert m["phone"] == ["電話番号1", "電話番号2"]
    assert m["address"] == ["都道府県", "住所"]
    assert m["postal_code"] == "〒" and m["dm_allowed"] == "DM可否" and m["caution"] == "注意事項"
    assert m["product"] == "商品コード" and m["quantity"] == "数量" and "備考" not in str(m)
    customers = cols.recognise(headers, cols.CUSTOMERS).by_header(headers)
    assert "order_id" not in customers and "product" not in customers


def test_mapping_checks():
    headers = ["顧客番号", "受注日", "金額"]
    with pytest.raises(cols.MappingError) as err:
        cols.check(cols.from_headers({"customer_id": "顧客番号", "date": "受注日"}, headers),
                   cols.ORDERS, headers)
    assert err.value.code == "import.role_missing" and "金額" in err.value.text()
    with pytest.raises(cols.MappingError):
        cols.from_headers({"amount": "合計"}, headers)
    with pytest.raises(cols.MappingError):
        cols.from_headers({"price": "金額"}, headers)
    with pytest.raises(cols.MappingError):
        cols.check(cols.from_headers({"customer_id": "顧客番号", "date": "受注日", "amount": "金額",
                                      "name": "金額"}, headers), cols.ORDERS, headers)


def test_header_key_ignores_width_not_order():
    assert cols.header_key(["顧客番号", "ＴＥＬ"]) == cols.header_key(["顧客番号 ", "TEL"])
    assert cols.header_key(["a", "b"]) != cols.header_key(["b", "a"])


TEXT = "顧客番号,氏名,受注日,金額\r\n0001,山田 髙子 ①,令和6年1月5日,\"1,200\"\r\n"


@pytest.mark.parametrize("data, encoding", [
    (TEXT.encode("cp932"), "cp932"),
    (TEXT.encode("utf-8"), "utf-8"),
    (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8-sig"),
    (TEXT.encode("euc_jp", errors="replace"), "euc_jp"),
    (b"customer_id,date,amount\r\n1,2024-01-05,1200\r\n", "utf-8"),
])
def test_encodings_are_detected(data, encoding):
    fmt = sniff.sniff(data)
    assert fmt.encoding == encoding and fmt.delimiter == "," and fmt.detected


def test_requested_encoding_wins_and_utf8_skips_a_bom():
    assert sniff.sniff(TEXT.encode("cp932"), "cp932").encoding == "cp932"
    assert sniff.sniff(b"\xef\xbb\xbfa,b\r\n", "utf-8").encoding == "utf-8-sig"
    with pytest.raises(LookupError):
        sniff.sniff(b"a,b", "latin-9")


def test_requested_utf8_is_called_bom_only_with_one():
    """Trial: UTF-8 chosen for a CP932 file was shown as 「UTF-8 (BOM)」, a BOM it has not."""
    fmt = sniff.sniff(TEXT.encode("cp932"), "utf-8")
    assert fmt.encoding == "utf-8" and fmt.label == "UTF-8" and not fmt.detected
    assert sniff.sniff(b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8").label == "UTF-8 (BOM)"


def _zip(*names: str) -> bytes:
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name in names:
            z.writestr(name, "<x/>")
    return buf.getvalue()


@pytest.mark.parametrize("data, kind", [
    (_zip("[Content_Types].xml", "_rels/.rels", "xl/workbook.xml"), "excel"),  # .xlsx
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504), "excel"),  # .xls
    (_zip("売上.csv"), "zip"),
    ("顧客番号\t氏名\r\n".encode("utf-16"), "utf16"),  # Excel's 「Unicode テキスト」
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    (TEXT.encode("cp932"), None),
    (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), None),
    (TEXT.encode("cp932") * 400 + b"1,a\x00b,2\r\n", None),  # a stray NUL far in: a row error
])
def test_files_that_are_no_text_are_told_apart(data, kind):
    assert sniff.not_text(data) == kind


def test_tsv_is_detected():
    assert sniff.sniff("顧客番号\t氏名\t金額\r\n1\t山田, 太郎\t1,200\r\n".encode("cp932")).delimiter == "\t"
    assert sniff.detect_delimiter('"a\tb",c,d') == ","
