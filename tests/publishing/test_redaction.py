"""Personal data is removed before an editor sees a letter: names, phone numbers, ID numbers, plate
numbers and house numbers below the community (and e-mails, long account numbers)."""

import pytest

from hotline.publishing.redaction import personal_data_left, redact


@pytest.mark.parametrize("text, gone", [
    ("电话13812345678", "13812345678"), ("手机 138 1234 5678", "138 1234 5678"), ("+86-138-1234-5678", "1234"),
    ("座机0311-86001001", "86001001"), ("电话：86001001", "86001001"),
])
def test_phone_numbers_are_removed(text, gone):
    result = redact(text)
    assert gone not in result.text and result.found["phone"] == 1


def test_resident_id_numbers_are_removed():
    result = redact("身份证号130102199003071234，请核实")
    assert "130102199003071234" not in result.text and result.found == {"id_number": 1}


@pytest.mark.parametrize("plate", ["冀A12345", "冀A·12345", "冀AD12345", "京N88888"])
def test_plate_numbers_are_removed(plate):
    result = redact(f"车牌{plate}的车长期占道")
    assert plate not in result.text and result.found["plate"] == 1


def test_house_numbers_go_but_the_community_stays():
    result = redact("裕华路12号翠苑小区3号楼2单元501室")
    assert result.text == "裕华路××翠苑小区××"
    assert "翠苑小区" in result.text and "501" not in result.text


@pytest.mark.parametrize("text", ["5栋1202", "3-2-501", "12号院3号楼"])
def test_other_ways_of_writing_a_flat_are_removed(text):
    assert not any(ch.isdigit() for ch in redact(f"住在{text}").text)


def test_dates_and_metro_lines_are_not_mistaken_for_house_numbers():
    assert redact("3月12号起地铁1号线停运").text == "3月12号起地铁1号线停运"


def test_the_citizens_own_name_and_named_people_are_removed():
    result = redact("我叫李四，张三说王先生和联系人：赵建国都知道", names=("张三",))
    assert "张三" not in result.text and "李四" not in result.text and "王先生" not in result.text
    assert "赵建国" not in result.text and "×先生" in result.text


def test_email_and_bank_card_numbers_are_removed():
    result = redact("邮箱 a.b@example.com，卡号6222021234567890123")
    assert "@" not in result.text and "6222" not in result.text


def test_the_summary_says_what_was_removed():
    assert redact("电话13812345678，车牌冀A12345").summary() == "电话号码1处、车牌号1处"


def test_a_text_with_a_phone_number_left_is_not_clean():
    assert personal_data_left("请拨打13812345678") == ["电话号码"]
    assert personal_data_left("张三反映", names=("张三",)) == ["姓名"]
    assert personal_data_left("翠苑小区路灯已修复") == []
