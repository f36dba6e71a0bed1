"""Every console list has a search box with the filters; visibility stays the list's own."""

import pytest
from django.test import Client

from tickets.models import Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def login(users):
    def make(username):
        client = Client()
        client.force_login(users[username])
        return client

    return make


@pytest.mark.parametrize("username, path", [
    ("dispatcher1", "/console/dispatch/"), ("housing1", "/console/inbox/"), ("agent1", "/console/agent/"),
    ("supervisor1", "/console/wallboard/"),
])
def test_every_console_list_has_a_search_box_with_filters(login, path, username):
    body = login(username).get(path).content.decode()
    assert 'role="search"' in body and 'name="q"' in body
    for name in ("category", "channel", "type", "priority", "sla", "from", "to", "district", "street"):
        assert f'name="{name}"' in body, name


def test_the_dispatch_desk_search_keeps_the_tab_and_finds_by_words_in_any_order(login, indexed):
    fund = indexed(title="公积金提取咨询")
    indexed(title="路灯不亮")
    body = login("dispatcher1").get("/console/dispatch/", {"tab": "received", "q": "提取公积金"}).content.decode()
    assert f'data-ticket="{fund.pk}"' in body and "路灯不亮" not in body
    assert 'name="tab" value="received"' in body


def test_the_inbox_search_shows_only_the_departments_own_tickets(login, indexed, users):
    from tickets.services import transitions

    ours, theirs = indexed(title="地铁施工噪音（住建）"), indexed(title="地铁施工噪音（城管）")
    transitions.dispatch(ours.pk, by=users["dispatcher1"], department="housing")
    transitions.dispatch(theirs.pk, by=users["dispatcher1"], department="urban")
    body = login("housing1").get("/console/inbox/", {"q": "地铁噪音"}).content.decode()
    assert f'data-ticket="{ours.pk}"' in body and f'data-ticket="{theirs.pk}"' not in body
    assert 'name="department"' not in body  # a department sees only its own: no lead-unit filter


def test_the_agent_console_intake_search_filters_by_channel(login, indexed):
    web, phone = indexed(title="社保卡补办", channel="web"), indexed(title="社保卡补办", channel="phone")
    body = login("agent1").get("/console/agent/", {"q": "社保卡", "channel": "web"}).content.decode()
    assert f'data-ticket="{web.pk}"' in body and f'data-ticket="{phone.pk}"' not in body


def test_a_bad_filter_shows_a_message_not_an_error_page(login, indexed):
    indexed(title="路灯不亮")
    response = login("dispatcher1").get("/console/dispatch/", {"from": "2026-99-01", "q": "x" * 500})
    assert response.status_code == 200
    body = response.content.decode()
    assert "日期格式应为" in body and "搜索词不能超过" in body


def test_the_wallboard_drill_down_searches_overdue_work(login, indexed, users):
    from tickets.models import Ticket
    from tickets.services import transitions

    late = indexed(title="下水道堵塞")
    other = indexed(title="路灯不亮")
    for ticket in (late, other):
        transitions.dispatch(ticket.pk, by=users["dispatcher1"], department="housing")
    Ticket.objects.filter(status=Status.DISPATCHED).update(sign_due="2020-01-01T00:00:00Z",
                                                           sign_warn_at="2019-12-31T00:00:00Z")
    body = login("supervisor1").get("/console/wallboard/", {"q": "下水道"}).content.decode()
    assert f'data-ticket="{late.pk}"' in body and f'data-ticket="{other.pk}"' not in body
