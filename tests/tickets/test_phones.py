import pytest

from tickets.phones import ascii_digits, is_mobile, mask_phone, normalize_phone


@pytest.mark.parametrize("typed", [
    "13812345678", "138 1234 5678", "138-1234-5678", "+86 138 1234 5678", "+8613812345678",
    "0086 13812345678", "8613812345678", "１３８１２３４５６７８", "＋８６ １３８－１２３４－５６７８",
])
def test_every_way_of_writing_a_mobile_reads_as_its_eleven_digits(typed):
    assert normalize_phone(typed) == "13812345678"


@pytest.mark.parametrize("typed", [
    "031186001001", "0311-86001001", "(0311) 8600 1001", "0311 8600-1001", "+86 311 8600 1001",
    "8600 1001", "86001001", "０３１１－８６００１００１",
])
def test_every_way_of_writing_a_landline_reads_as_area_code_and_number(typed):
    assert normalize_phone(typed) == "031186001001"


def test_a_beijing_landline_keeps_its_three_digit_area_code():
    assert normalize_phone("010-6512 3456") == "01065123456"
    assert mask_phone("01065123456") == "010-****3456"


def test_service_numbers_are_kept_as_they_are():
    assert normalize_phone("12345") == "12345"
    assert normalize_phone("400-810-1234") == "4008101234"


@pytest.mark.parametrize("text", ["", "abc", "123", "1381234567a", "+44 20 7946 0958", "1" * 40, None, 13812345678,
                                  "13812345678\x00"])
def test_text_that_is_not_a_chinese_phone_number_is_refused(text):
    assert normalize_phone(text) is None


def test_a_local_number_takes_the_configured_area_code(settings):
    settings.PHONE_DEFAULT_AREA_CODE = "0755"
    assert normalize_phone("8600 1001") == "075586001001"


def test_masks_keep_a_mobiles_prefix_and_a_landlines_area_code():
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("031186001001") == "0311-****1001"
    assert mask_phone("") == ""


def test_only_mobiles_can_receive_an_sms():
    assert is_mobile("13812345678")
    assert not is_mobile("031186001001")


def test_full_width_digits_read_as_ascii():
    assert ascii_digits("２０２６１２０１") == "20261201"
