"""No stock Django or DRF message reaches a citizen: the project's locale/ corrections word them."""

import pytest

pytestmark = pytest.mark.django_db

STOCK = ("该字段", "这个字段", "确保该变量", "请确保", "字符数", "合法的整数", "合法选项", "布尔值", "输入整数",
         "输入一个有效", "选择一个有效的选项")


def stock_in(text: str) -> list[str]:
    return [phrase for phrase in STOCK if phrase in text]


def test_the_letter_form_words_its_errors_itself(client, reference_data):
    response = client.post("/letters/new/", {"type": "complaint", "title": "", "content": "长" * 6000})
    html = response.content.decode()
    assert "不能超过5000字（现在是6000字）。" in html and "请填写此项。" in html
    assert not stock_in(html)


def test_the_letters_api_words_its_errors_itself(client, reference_data):
    response = client.post("/api/v1/letters/", {"type": "complaint", "title": "", "content": "长" * 6000,
                                                "lat": "北纬"}, content_type="application/json")
    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert fields["title"] == ["请填写此项。"] and fields["content"] == ["不能超过5000字。"]
    assert not stock_in(response.content.decode("utf-8"))


def test_the_lookup_form_words_its_errors_itself(client, reference_data):
    html = client.post("/letters/lookup/", {"letter_number": "", "password": ""}).content.decode()
    assert not stock_in(html)
