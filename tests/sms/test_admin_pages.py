"""The delivery side's admin pages open, in Chinese, with data in them."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", [
    "admin:tickets_outboundmessage_changelist", "admin:sms_messagetemplate_changelist",
    "admin:sms_inboundsms_changelist", "admin:wechat_follower_changelist", "admin:wechat_processedmessage_changelist",
])
def test_admin_list_opens(admin_client, make_ticket, name):
    from hotline.wechat.handlers import handle
    from wechatpy import parse_message

    make_ticket()
    handle(parse_message("<xml><FromUserName>oAdmin</FromUserName><ToUserName>gh</ToUserName><CreateTime>1</CreateTime>"
                         "<MsgType>text</MsgType><Content>路灯不亮</Content><MsgId>5</MsgId></xml>"))
    response = admin_client.get(reverse(name))
    assert response.status_code == 200
    assert "管理" in response.content.decode()
