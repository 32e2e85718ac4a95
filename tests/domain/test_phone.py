"""Phone normalisation: what clerks type and devices send, to national, E.164 and display."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desk_app.domain.phone import PhoneNumberError, normalize, try_normalize

CASES = [
    # input, national, e164, display
    ("03-1234-5678", "0312345678", "+81312345678", "03-1234-5678"),
    ("０３（１２３４）５６７８", "0312345678", "+81312345678", "03-1234-5678"),
    ("+81312345678", "0312345678", "+81312345678", "03-1234-5678"),
    ("+81 3 1234 5678", "0312345678", "+81312345678", "03-1234-5678"),
    ("0471234567", "0471234567", "+81471234567", "04-7123-4567"),
    ("0126712345", "0126712345", "+81126712345", "01267-1-2345"),
    ("09012345678", "09012345678", "+819012345678", "090-1234-5678"),
    ("080 1234 5678", "08012345678", "+818012345678", "080-1234-5678"),
    ("070-1234-5678", "07012345678", "+817012345678", "070-1234-5678"),
    ("0120123456", "0120123456", "+81120123456", "0120-123-456"),
    ("0120-123-456", "0120123456", "+81120123456", "0120-123-456"),
    ("05012345678", "05012345678", "+815012345678", "050-1234-5678"),
    ("06-6123-4567", "0661234567", "+81661234567", "06-6123-4567"),
    ("011-123-4567", "0111234567", "+81111234567", "011-123-4567"),
    ("0467-12-3456", "0467123456", "+81467123456", "0467-12-3456"),
    ("０９０－１２３４－５６７８", "09012345678", "+819012345678", "090-1234-5678"),
    ("090ー1234ー5678", "09012345678", "+819012345678", "090-1234-5678"),  # 長音 as hyphen
    ("0081312345678", "0312345678", "+81312345678", "03-1234-5678"),
    (" 03.1234.5678 ", "0312345678", "+81312345678", "03-1234-5678"),
]


@pytest.mark.parametrize("text,national,e164,display", CASES)
def test_normalize(text, national, e164, display):
    n = normalize(text)
    assert (n.national, n.e164, n.display) == (national, e164, display)
    assert n.input == text


def test_foreign_number_keeps_country_digits():
    n = normalize("+1 212 555 9384")
    assert n.e164 == "+12125559384" and n.national == "12125559384"


@pytest.mark.parametrize("bad", ["", "   ", "abc", "03-1234", "123", "03-1234-5678-9999-1",
                                 "山田", "+", "０３－ＡＢＣＤ", "03-1234-56789", "0466-12-34567"])
def test_invalid_input_is_a_clear_error(bad):
    with pytest.raises(PhoneNumberError) as exc:
        normalize(bad)
    assert str(exc.value)


@given(st.text(max_size=30))
def test_never_crashes(text):
    try:
        n = normalize(text)
    except PhoneNumberError:
        return
    assert n.e164.startswith("+") and n.national.isdigit()


def test_try_normalize_returns_none_for_garbage():
    assert try_normalize(None) is None
    assert try_normalize("P") is None
    assert try_normalize("0312345678").display == "03-1234-5678"


@pytest.mark.parametrize("uri, national", [
    ("tel:+81-75-123-4567", "0751234567"),
    ("tel:+81-3-1234-5678;ext=21", "0312345678"),  # the extension is not part of the number
    ("TEL:+81312345678", "0312345678"),
    ("tel:%2B81-3-1234-5678", "0312345678"),  # %-escaped '+', as some web pages write it
    ("tel:03-1234-5678;phone-context=example.jp", "0312345678"),
    ("tel:03-1234-5678;phone-context=+81", "0312345678"),  # national form stands alone
    ("tel:3-1234-5678;phone-context=+81", "0312345678"),  # joins a +CC context
    ("tel:1234-5678;phone-context=+81-3", "0312345678"),
    ("tel:(090)1234-5678", "09012345678"),
    ("ｔｅｌ：＋８１－７５－１２３－４５６７", "0751234567"),  # full width, as pasted from a page
    ("  tel:+1-212-555-9384  ", "12125559384"),
])
def test_rfc3966_tel_uri_is_read_as_its_number(uri, national):
    assert normalize(uri).national == national


@pytest.mark.parametrize("bad", ["tel:", "tel:;phone-context=+81", "tel:yamada", "tel:+81-3-12"])
def test_tel_uri_without_a_number_is_a_clear_error(bad):
    with pytest.raises(PhoneNumberError):
        normalize(bad)


def test_tel_uri_in_search_input_is_a_phone_query():
    from desk_app.domain.phone import fold_digits, looks_like_phone_query

    assert fold_digits("tel:+81-75-123-4567") == "+81751234567"
    assert looks_like_phone_query("tel:03-1234-5678;phone-context=example.jp")
    assert fold_digits("hotel:03") != "03"  # only a URI that starts with tel: is one
