"""GB 11643 resident ID numbers: the check character and the birth date are verified."""

import pytest

from tests.appointments.conftest import resident_id
from tickets.identity import InvalidIdentity, validate_resident_id


def test_the_published_example_number_is_valid():
    assert validate_resident_id("11010519491231002X") == "11010519491231002X"


def test_a_lower_case_x_is_accepted_and_normalised():
    assert validate_resident_id(" 11010519491231002x ") == "11010519491231002X"


@pytest.mark.parametrize("value", ["110105194912310021", "11010519491231002", "1101051949123100211",
                                   "A10105194912310021", "11010519491331002X", "11010518001231002X", "", None, 42])
def test_wrong_check_digit_length_characters_or_birth_date_are_refused(value):
    with pytest.raises(InvalidIdentity) as error:
        validate_resident_id(value)
    assert "身份证" in error.value.message


def test_generated_numbers_of_the_tests_are_valid():
    assert validate_resident_id(resident_id(7)) == resident_id(7)
