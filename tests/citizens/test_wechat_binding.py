"""A WeChat follower binds their citizen account (the openid) with an SMS code; 查询 then lists the
same letters as 我的信件 — from every channel, not only WeChat."""

import pytest

from hotline.citizens.models import WechatBinding
from tests.citizens.conftest import PHONE, sent_code
from tests.citizens.test_accounts import letter
from tests.wechat.conftest import FakeWeChatServer, clean_outbox_state  # noqa: F401 — the same isolation

pytestmark = pytest.mark.django_db

OPENID = "o-follower-binding-000000000001"


@pytest.fixture
def wechat(client, reference_data):
    return FakeWeChatServer(client)


def say(wechat, text):
    return wechat.send_text(OPENID, text).reply["Content"]


def test_binding_sends_a_code_and_the_code_binds_the_follower(wechat):
    assert "验证码已发送至138****5678" in say(wechat, f"绑定 {PHONE}")
    assert "绑定成功" in say(wechat, f"绑定 {sent_code()}")
    assert WechatBinding.objects.get(openid=OPENID).account.phone == PHONE


def test_a_wrong_code_binds_nothing(wechat):
    say(wechat, f"绑定 {PHONE}")
    wrong = "000000" if sent_code() != "000000" else "111111"
    assert "验证码错误或已失效" in say(wechat, f"绑定 {wrong}")
    assert not WechatBinding.objects.exists()


def test_once_bound_query_lists_the_accounts_letters_from_every_channel(wechat):
    by_phone = letter("phone")
    by_web = letter("web")
    say(wechat, f"绑定 {PHONE}")
    say(wechat, f"绑定 {sent_code()}")
    reply = say(wechat, "查询")
    assert by_phone.letter_number in reply and by_web.letter_number in reply


def test_a_bound_follower_can_open_one_of_the_accounts_letters(wechat):
    by_phone = letter("phone")
    say(wechat, f"绑定 {PHONE}")
    say(wechat, f"绑定 {sent_code()}")
    assert "状态：已受理" in say(wechat, f"查询 {by_phone.letter_number}")


def test_unbinding_returns_query_to_the_followers_own_letters(wechat):
    by_phone = letter("phone")
    say(wechat, f"绑定 {PHONE}")
    say(wechat, f"绑定 {sent_code()}")
    assert "已解除绑定" in say(wechat, "解绑")
    assert by_phone.letter_number not in say(wechat, "查询")


def test_binding_a_landline_is_refused_in_words(wechat):
    assert "11位手机号码" in say(wechat, "绑定 0311-86001001")
