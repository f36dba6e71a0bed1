"""WeChat keeps the letter rules' caps (tickets.letter_rules), not its own: a text the web form would
refuse is refused here too, with a message saying the limit, as a real account answers."""

import pytest

from tests.sms.helpers import resolve
from tickets.letter_rules import COMMENT_MAX, CONTENT_MAX, LOCATION_LABEL_MAX
from tickets.models import Ticket

pytestmark = pytest.mark.django_db

ALICE = "oAlice000000000000000000000"


def test_a_text_of_exactly_the_content_cap_registers_a_letter(wechat):
    text = "路灯不亮。" + "长" * (CONTENT_MAX - 5)
    wechat.send_text(ALICE, text)
    assert Ticket.objects.get(citizen_openid=ALICE).content == text


@pytest.mark.parametrize("safe", [True, False], ids=["safe-mode", "plain"])
def test_one_character_over_the_cap_is_refused_naming_the_cap(wechat, safe):
    reply = wechat.send_text(ALICE, "长" * (CONTENT_MAX + 1), safe=safe).reply["Content"]
    assert f"最多{CONTENT_MAX}字" in reply
    assert not Ticket.objects.exists()


def test_a_burst_that_would_pass_the_cap_starts_a_letter_of_its_own(wechat):
    wechat.send_text(ALICE, "路灯不亮。" + "长" * (CONTENT_MAX - 100))
    wechat.send_text(ALICE, "补充：" + "短" * 200)
    contents = list(Ticket.objects.filter(citizen_openid=ALICE).values_list("content", flat=True))
    assert len(contents) == 2 and all(len(content) <= CONTENT_MAX for content in contents)


def test_a_rating_comment_is_kept_up_to_the_rating_cap(wechat, users):
    wechat.send_text(ALICE, "路灯不亮")
    ticket = Ticket.objects.get(citizen_openid=ALICE)
    resolve(ticket.pk, users)
    comment = "好" * (COMMENT_MAX + 50)
    wechat.send_text(ALICE, f"评价 {ticket.letter_number} 1 {comment}")
    assert ticket.ratings.get().comment == "好" * COMMENT_MAX


def test_a_location_label_is_kept_up_to_the_label_cap(wechat):
    from hotline.wechat.handlers import on_media
    from hotline.wechat.models import Follower

    on_media(ALICE, lat=38.04, lon=114.51, label="路" * (LOCATION_LABEL_MAX + 30))
    assert Follower.objects.get(openid=ALICE).pending_media[0]["label"] == "路" * LOCATION_LABEL_MAX
