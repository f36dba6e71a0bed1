"""Identity numbers: the resident ID number's GB 11643 check digit and the unified social credit
code's GB 32100 check character, shared by citizen accounts and weekend appointments."""

from datetime import date

import pytest

from tickets.identity import (
    InvalidIdentity, credit_code_check_character, is_valid_resident_id, resident_id_check_character,
    validate_credit_code, validate_resident_id,
)

# The standard's own example (GB 11643-1999, Appendix A) and its X check digit.
VALID_IDS = ["11010519491231002X", "130102199003071234"[:17] + resident_id_check_character("13010219900307123")]


@pytest.mark.parametrize("number", VALID_IDS)
def test_a_resident_id_with_the_right_check_digit_is_accepted(number):
    assert validate_resident_id(number) == number


def test_a_lower_case_x_and_spaces_are_read_as_the_same_number():
    assert validate_resident_id(" 11010519491231002x ") == "11010519491231002X"


def test_a_resident_id_with_a_wrong_check_digit_is_refused_with_the_reason():
    with pytest.raises(InvalidIdentity, match="校验位"):
        validate_resident_id("110105194912310021")


@pytest.mark.parametrize("number, reason", [
    ("11010519491231002", "18位"), ("110105194912310", "18位"), ("1101051949123100AX", "18位"),
    ("99010519491231002X", "地区码"), ("110105194902300028", "出生日期"),
])
def test_a_resident_id_of_the_wrong_shape_is_refused(number, reason):
    with pytest.raises(InvalidIdentity, match=reason):
        validate_resident_id(number)


def test_a_birth_date_in_the_future_is_refused():
    first17 = "11010520990101002"
    with pytest.raises(InvalidIdentity, match="出生日期"):
        validate_resident_id(first17 + resident_id_check_character(first17), today=date(2026, 12, 1))


def test_is_valid_resident_id_answers_yes_or_no():
    assert is_valid_resident_id("11010519491231002X") and not is_valid_resident_id("110105194912310021")


def test_a_credit_code_with_the_right_check_character_is_accepted():
    assert validate_credit_code("91350100m000100y43") == "91350100M000100Y43"
    assert credit_code_check_character("91130100MA0CDE123") == validate_credit_code(
        "91130100MA0CDE123" + credit_code_check_character("91130100MA0CDE123"))[-1]


def test_a_credit_code_with_a_wrong_check_character_is_refused():
    with pytest.raises(InvalidIdentity, match="校验位"):
        validate_credit_code("91350100M000100Y44")


@pytest.mark.parametrize("code", ["91350100M000100Y4", "91350100M000100I43", "9135A100M000100Y43"])
def test_a_credit_code_of_the_wrong_shape_is_refused(code):
    with pytest.raises(InvalidIdentity):
        validate_credit_code(code)
