"""Letters through WeChat: registration, retries, bursts, queries, pictures, locations, ratings and the
reply pushed back as a customer-service message."""

from datetime import timedelta

import pytest
from django.utils import timezone

from hotline.sms import delivery
from hotline.wechat import client as wechat_client
from hotline.wechat.models import Follower, ProcessedMessage
from hotline.wechat.tasks import scrub_processed_messages
from tests.sms.helpers import resolve
from tickets.models import EventKind, OutboundMessage, Ticket
from tickets.selectors.letters import lookup_letter
from tickets.services import transitions

pytestmark = pytest.mark.django_db

ALICE = "oAlice000000000000000000000"
BOB = "oBob00000000000000000000000"


def password_in(reply: str) -> str:
    return reply.split("查询密码：")[1].split("\n")[0]


def test_text_registers_a_letter_whose_password_opens_it(wechat):
    reply = wechat.send_text(ALICE, "裕华路12号小区门口路灯不亮。晚上很黑，老人出行不便。").reply["Content"]
    ticket = Ticket.objects.get(citizen_openid=ALICE)
    assert (ticket.channel, ticket.status) == ("wechat", "received")
    assert ticket.title == "裕华路12号小区门口路灯不亮"
    assert "老人出行不便" in ticket.content
    assert lookup_letter(ticket.letter_number, password_in(reply)) == ticket
    assert ticket.events.get(kind=EventKind.CREATED).data["channel"] == "wechat"


@pytest.mark.parametrize("text,expected", [
    ("我要投诉某饭店油烟扰民", "complaint"), ("举报有人违规占道经营", "report"),
    ("请问居住证怎么办理？", "consultation"), ("建议在公园增加座椅", "suggestion"),
    ("感谢社区工作人员的耐心帮助", "praise"), ("楼道的灯坏了", "help"),
])
def test_request_type_is_inferred_from_the_words(wechat, text, expected):
    wechat.send_text(ALICE, text)
    assert Ticket.objects.get(citizen_openid=ALICE).type == expected


def test_retried_message_id_makes_one_ticket_and_gets_the_same_reply(wechat):
    msg_id = wechat.next_msg_id()
    first = wechat.send_text(ALICE, "路灯不亮", msg_id=msg_id)
    retry = wechat.send_text(ALICE, "路灯不亮", msg_id=msg_id)
    third = wechat.send_text(ALICE, "路灯不亮", msg_id=msg_id, safe=False)
    assert Ticket.objects.filter(citizen_openid=ALICE).count() == 1
    assert first.reply["Content"] == retry.reply["Content"] == third.reply["Content"]
    assert ProcessedMessage.objects.filter(key=f"msg:{msg_id}").count() == 1


def test_burst_of_messages_becomes_one_letter(wechat):
    first = wechat.send_text(ALICE, "小区门口的路灯不亮")
    second = wechat.send_text(ALICE, "已经坏了一个星期")
    third = wechat.send_text(ALICE, "地址是裕华路12号")
    ticket = Ticket.objects.get(citizen_openid=ALICE)
    assert ticket.content == "小区门口的路灯不亮\n已经坏了一个星期\n地址是裕华路12号"
    assert ticket.letter_number in first.reply["Content"]
    assert second.reply["Content"] == third.reply["Content"] == f"已补充到信件{ticket.letter_number}。"
    assert ticket.events.filter(kind=EventKind.UPDATED).count() == 2


def test_bursts_of_two_followers_stay_apart(wechat):
    wechat.send_text(ALICE, "路灯不亮")
    wechat.send_text(BOB, "噪音扰民")
    wechat.send_text(ALICE, "在裕华路")
    assert Ticket.objects.get(citizen_openid=ALICE).content == "路灯不亮\n在裕华路"
    assert Ticket.objects.get(citizen_openid=BOB).content == "噪音扰民"


def test_text_after_the_merge_window_opens_a_new_letter(wechat):
    wechat.send_text(ALICE, "路灯不亮")
    Follower.objects.filter(openid=ALICE).update(last_message_at=timezone.now() - timedelta(minutes=3))
    wechat.send_text(ALICE, "另外，小区垃圾没人清运")
    assert Ticket.objects.filter(citizen_openid=ALICE).count() == 2


def test_text_after_dispatch_opens_a_new_letter(wechat, users):
    wechat.send_text(ALICE, "路灯不亮")
    ticket = Ticket.objects.get(citizen_openid=ALICE)
    transitions.dispatch(ticket.pk, by=users["dispatcher1"], department="urban")
    wechat.send_text(ALICE, "还有一件事：井盖丢了")
    ticket.refresh_from_db()
    assert ticket.content == "路灯不亮"
    assert Ticket.objects.filter(citizen_openid=ALICE).count() == 2


def test_query_lists_only_the_senders_letters_with_their_states(wechat, users):
    wechat.send_text(ALICE, "路灯不亮")
    Follower.objects.filter(openid=ALICE).update(last_message_at=None)
    wechat.send_text(ALICE, "噪音扰民")
    wechat.send_text(BOB, "井盖丢了")
    first, second = Ticket.objects.filter(citizen_openid=ALICE).order_by("id")
    transitions.dispatch(first.pk, by=users["dispatcher1"], department="urban")
    reply = wechat.send_text(ALICE, "查询").reply["Content"]
    assert first.letter_number in reply and second.letter_number in reply
    assert "已转交承办单位" in reply and "已受理" in reply
    assert Ticket.objects.get(citizen_openid=BOB).letter_number not in reply


def test_query_without_letters_says_so(wechat):
    assert "还没有" in wechat.send_text(ALICE, "查询").reply["Content"]
    assert not Ticket.objects.exists()


def test_query_one_letter_shows_its_reply(wechat, users):
    wechat.send_text(ALICE, "路灯不亮")
    ticket = Ticket.objects.get(citizen_openid=ALICE)
    resolve(ticket.pk, users, reply_text="经核查，路灯已于今日修复。")
    reply = wechat.send_text(ALICE, f"查询 {ticket.letter_number}").reply["Content"]
    assert "经核查，路灯已于今日修复。" in reply
    assert "市住房和城乡建设局" in reply
    assert f"评价 {ticket.letter_number} 1" in reply


def test_query_of_someone_elses_letter_looks_like_a_missing_one(wechat):
    wechat.send_text(BOB, "井盖丢了")
    bobs = Ticket.objects.get(citizen_openid=BOB)
    stolen = wechat.send_text(ALICE, f"查询 {bobs.letter_number}").reply["Content"]
    missing = wechat.send_text(ALICE, "查询 202601010000019").reply["Content"]
    assert stolen == missing
    assert "井盖" not in stolen


def test_follower_rates_a_resolved_letter(wechat, users):
    wechat.send_text(ALICE, "路灯不亮")
    ticket = Ticket.objects.get(citizen_openid=ALICE)
    resolve(ticket.pk, users)
    reply = wechat.send_text(ALICE, f"评价 {ticket.letter_number} 1").reply["Content"]
    assert "满意" in reply
    ticket.refresh_from_db()
    assert ticket.status == "closed"
    rating = ticket.ratings.get()
    assert (rating.source, rating.satisfaction, rating.solved) == ("wechat", "satisfied", True)


def test_approved_reply_is_pushed_as_a_customer_service_message(wechat, users):
    wechat.send_text(ALICE, "路灯不亮")
    ticket = Ticket.objects.get(citizen_openid=ALICE)
    resolve(ticket.pk, users, reply_text="路灯已修复，感谢您的反映。")
    message = OutboundMessage.objects.get(channel="wechat", ticket=ticket)
    assert message.recipient == ALICE
    delivery.deliver_due()
    sent = wechat_client.recorder().sent_texts()
    assert len(sent) == 1
    assert sent[0]["touser"] == ALICE
    assert "路灯已修复，感谢您的反映。" in sent[0]["content"] and ticket.letter_number in sent[0]["content"]
    message.refresh_from_db()
    assert message.state == "sent"


def test_reply_waits_while_wechat_is_unreachable_and_goes_out_later(wechat, users):
    import requests

    wechat.send_text(ALICE, "路灯不亮")
    ticket = Ticket.objects.get(citizen_openid=ALICE)
    resolve(ticket.pk, users)
    recorder = wechat_client.recorder()
    recorder.script.extend([requests.ConnectionError("api.weixin.qq.com unreachable")] * 2)
    delivery.deliver_due()
    message = OutboundMessage.objects.get(channel="wechat", ticket=ticket)
    assert message.state == "pending" and "不可达" in message.last_error
    assert ticket.__class__.objects.get(pk=ticket.pk).status == "resolved"  # the approval stood
    OutboundMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
    recorder.script.clear()
    delivery.deliver_due()
    message.refresh_from_db()
    assert message.state == "sent"
    assert [m["touser"] for m in recorder.sent_texts()] == [ALICE]


def test_follower_outside_the_48_hour_window_is_parked_at_once(wechat, users):
    wechat.send_text(ALICE, "路灯不亮")
    ticket = Ticket.objects.get(citizen_openid=ALICE)
    resolve(ticket.pk, users)
    wechat_client.recorder().script.append({"errcode": 45015, "errmsg": "response out of time limit"})
    delivery.deliver_due()
    message = OutboundMessage.objects.get(channel="wechat", ticket=ticket)
    assert (message.state, message.attempts) == ("failed", 1)
    assert "48小时" in message.last_error


def test_image_is_attached_to_the_open_letter(wechat):
    wechat.send_text(ALICE, "路灯不亮")
    xml = wechat.message_xml(ALICE, "image", {"PicUrl": "http://mmbiz.qpic.cn/abc", "MediaId": "media-1"},
                             msg_id=wechat.next_msg_id())
    reply = wechat.post(xml).reply["Content"]
    ticket = Ticket.objects.get(citizen_openid=ALICE)
    assert ticket.letter_number in reply
    media = ticket.events.get(kind=EventKind.UPDATED).data["media"]
    assert (media["media_id"], media["pic_url"]) == ("media-1", "http://mmbiz.qpic.cn/abc")


def test_location_sets_the_letters_coordinates(wechat):
    wechat.send_text(ALICE, "路灯不亮")
    xml = wechat.message_xml(ALICE, "location", {"Location_X": "38.042307", "Location_Y": "114.514860",
                                                 "Scale": "15", "Label": "裕华路12号"}, msg_id=wechat.next_msg_id())
    wechat.post(xml)
    ticket = Ticket.objects.get(citizen_openid=ALICE)
    assert (str(ticket.lat), str(ticket.lon)) == ("38.042307", "114.514860")
    assert ticket.events.get(kind=EventKind.UPDATED).data["label"] == "裕华路12号"


def test_picture_sent_before_any_text_joins_the_next_letter(wechat):
    xml = wechat.message_xml(ALICE, "image", {"PicUrl": "http://mmbiz.qpic.cn/x", "MediaId": "m-2"},
                             msg_id=wechat.next_msg_id())
    assert "文字描述" in wechat.post(xml).reply["Content"]
    assert not Ticket.objects.exists()
    wechat.send_text(ALICE, "路面塌陷，很危险")
    ticket = Ticket.objects.get(citizen_openid=ALICE)
    assert ticket.events.get(kind=EventKind.UPDATED).data["media"]["media_id"] == "m-2"
    assert Follower.objects.get(openid=ALICE).pending_media == []


def test_bad_coordinates_get_a_chinese_answer_not_an_error(wechat):
    wechat.send_text(ALICE, "路灯不亮")
    xml = wechat.message_xml(ALICE, "location", {"Location_X": "abc", "Location_Y": "500", "Label": ""},
                             msg_id=wechat.next_msg_id())
    response = wechat.post(xml)
    assert response.status_code == 200
    assert "坐标" in response.reply["Content"]


def test_subscribe_is_welcomed_and_unsubscribe_recorded(wechat):
    welcome = wechat.post(wechat.message_xml(ALICE, "event", {"Event": "subscribe", "EventKey": ""}))
    assert "欢迎关注" in welcome.reply["Content"]
    assert Follower.objects.get(openid=ALICE).subscribed
    goodbye = wechat.post(wechat.message_xml(BOB, "event", {"Event": "subscribe"}))
    assert goodbye.status_code == 200
    left = wechat.post(wechat.message_xml(ALICE, "event", {"Event": "unsubscribe"}))
    assert left.status_code == 200 and left.content == b"success"
    assert not Follower.objects.get(openid=ALICE).subscribed


def test_voice_with_recognition_counts_as_text(wechat):
    xml = wechat.message_xml(ALICE, "voice", {"MediaId": "v1", "Format": "amr", "Recognition": "路灯不亮了"},
                             msg_id=wechat.next_msg_id())
    wechat.post(xml)
    assert Ticket.objects.get(citizen_openid=ALICE).content == "路灯不亮了"


def test_unsupported_message_gets_guidance(wechat):
    xml = wechat.message_xml(ALICE, "link", {"Title": "t", "Description": "d", "Url": "http://x"},
                             msg_id=wechat.next_msg_id())
    assert "文字" in wechat.post(xml).reply["Content"]
    assert not Ticket.objects.exists()


def test_stored_reply_loses_its_password_once_retries_are_over(wechat):
    reply = wechat.send_text(ALICE, "路灯不亮").reply["Content"]
    password = password_in(reply)
    record = ProcessedMessage.objects.get(openid=ALICE)
    ProcessedMessage.objects.filter(pk=record.pk).update(created_at=timezone.now() - timedelta(minutes=11))
    assert scrub_processed_messages() == 1
    record.refresh_from_db()
    assert password not in record.reply and "******" in record.reply


def test_welcome_wording_is_editable_in_the_admin(wechat):
    from hotline.sms.models import MessageTemplate

    MessageTemplate.objects.create(name="wechat_welcome", text="欢迎关注测试市12345!")
    welcome = wechat.post(wechat.message_xml(ALICE, "event", {"Event": "subscribe"}))
    assert welcome.reply["Content"] == "欢迎关注测试市12345!"
