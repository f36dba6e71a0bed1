"""The details staff trip over in a working day: the category, knowledge suggestions on letters, a
truthful result after registration, the timeline's credits, the menu and the refused page."""

import pytest

from tickets.errors import InvalidInput, PermissionDenied, TransitionNotAllowed
from tickets.models import Category, EventKind, Status, Ticket
from tickets.services import actions, transitions

pytestmark = pytest.mark.django_db


def _leaf():
    return Category.objects.filter(is_active=True, parent__parent__isnull=False).order_by("code").first() \
        or Category.objects.filter(is_active=True).order_by("-code").first()


def test_dispatcher_sets_the_category_of_a_web_letter_with_one_event(make_ticket, users):
    ticket = make_ticket().ticket
    leaf = _leaf()
    actions.set_category(ticket.pk, by=users["dispatcher1"], category=leaf.code)
    ticket.refresh_from_db()
    assert ticket.category == leaf
    event = ticket.events.get(kind=EventKind.CATEGORIZED)
    assert event.actor == users["dispatcher1"] and event.data == {"from": None, "to": leaf.code}
    assert "未分类" in event.text and leaf.name in event.text


def test_department_cannot_set_the_category(make_ticket, users):
    ticket = make_ticket().ticket
    with pytest.raises(PermissionDenied):
        actions.set_category(ticket.pk, by=users["housing1"], category=_leaf().code)


def test_unknown_category_is_a_clear_error(make_ticket, users):
    ticket = make_ticket().ticket
    with pytest.raises(InvalidInput) as caught:
        actions.set_category(ticket.pk, by=users["agent1"], category="999999")
    assert "不存在" in caught.value.fields["category"][0]


def test_a_closed_ticket_keeps_its_category(ticket_in, users):
    ticket = ticket_in(Status.RESOLVED)
    transitions.run_transition(ticket.pk, "close", by=users["dispatcher1"], payload={})
    with pytest.raises(TransitionNotAllowed):
        actions.set_category(ticket.pk, by=users["dispatcher1"], category=_leaf().code)


def test_category_is_chosen_on_the_dispatch_card_and_dispatched_in_one_step(login, make_ticket):
    ticket = make_ticket().ticket
    leaf = _leaf()
    desk = login("dispatcher1")
    html = desk.get("/console/dispatch/").content.decode()
    # Every card's picker names the page's one shared list, whose options read as their whole
    # path, so a parent's name finds its children.
    assert 'list="category-options"' in html and html.count('<datalist id="category-options">') == 1
    assert f'<option value="{leaf.code}"' in html and f">{leaf.full_name}</option>" in html
    # Typed rather than picked, the whole path (or "code path") names the category too.
    response = desk.post(f"/console/tickets/{ticket.pk}/do/dispatch/", {
        "category": f" {leaf.full_name} ", "department": "urban", "version": ticket.version})
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.category == leaf and ticket.status == Status.DISPATCHED


def test_a_category_typed_that_names_nothing_is_refused_in_chinese(login, make_ticket):
    ticket = make_ticket().ticket
    response = login("dispatcher1").post(f"/console/tickets/{ticket.pk}/do/dispatch/", {
        "category": "不存在的分类", "department": "urban", "version": ticket.version},
        HTTP_ACCEPT="application/json")
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["category"] == ["诉求分类不存在或已停用。"]
    assert Ticket.objects.get(pk=ticket.pk).status == Status.RECEIVED


def test_set_category_from_the_ticket_page_after_dispatch(login, ticket_in):
    ticket = ticket_in(Status.ACCEPTED)
    leaf = _leaf()
    page = login("dispatcher1").get(f"/console/tickets/{ticket.pk}/").content.decode()
    assert "设置分类" in page
    response = login("dispatcher1").post(f"/console/tickets/{ticket.pk}/do/set_category/", {
        "category": leaf.code, "version": ticket.version})
    assert response.status_code == 302
    assert Ticket.objects.get(pk=ticket.pk).category == leaf
    assert "调整分类" in login("dispatcher1").get(f"/console/tickets/{ticket.pk}/").content.decode()


def test_set_category_through_the_api(make_ticket, users):
    from rest_framework.test import APIClient

    ticket = make_ticket().ticket
    api = APIClient()
    api.force_authenticate(users["agent1"])
    leaf = _leaf()
    response = api.post(f"/api/v1/tickets/{ticket.pk}/actions/set_category/", {"category": leaf.code}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["category"]["code"] == leaf.code
    bad = api.post(f"/api/v1/tickets/{ticket.pk}/actions/set_category/", {"category": ""}, format="json")
    assert bad.status_code == 400


def test_web_letter_page_offers_knowledge_suggestions(login, make_ticket):
    from kb.models import Article

    if not Article.objects.filter(status=Article.Status.PUBLISHED).exists():
        from kb.demo import seed_articles

        seed_articles()
    ticket = make_ticket(title="社保卡丢了怎么补办", content="社保卡遗失，想问补办地点和材料。").ticket
    page = login("dispatcher1").get(f"/console/tickets/{ticket.pk}/").content.decode()
    assert "知识库参考" in page and "data-kb-fill" in page


def test_registration_without_a_phone_does_not_claim_an_sms_was_sent(login):
    from tests.consoles.test_agent_console import registration

    response = login("agent1").post("/console/agent/", registration(phone=None), HTTP_ACCEPT="application/json")
    assert response.status_code == 201
    notice = response.json()["notice"]
    assert "未发送短信" in notice and "已同时短信发送" not in notice
    with_phone = login("agent1").post("/console/agent/", registration(call_id="C2"), HTTP_ACCEPT="application/json")
    assert "139****5678" in with_phone.json()["notice"]


def test_timeline_credits_a_dispatchers_approval_to_the_hotline(login, ticket_in):
    ticket = ticket_in(Status.RESOLVED)
    page = login("dispatcher1").get(f"/console/tickets/{ticket.pk}/").content.decode()
    timeline = page[page.index('class="timeline"'):]
    approval = timeline[timeline.index("审核通过"):][:200]
    assert "张敏 · 12345热线" in approval and "住房" not in approval
    reply = timeline[timeline.index("<strong>答复</strong>"):][:200]
    assert "赵磊 · " in reply


def test_admin_link_only_for_who_can_use_the_admin(login):
    assert "管理后台" not in login("agent1").get("/console/agent/").content.decode()
    assert "管理后台" not in login("housing1").get("/console/inbox/").content.decode()
    assert "管理后台" in login("admin").get("/console/dispatch/").content.decode()


def test_a_refused_page_does_not_claim_a_live_connection(login):
    response = login("housing1").get("/console/dispatch/")
    assert response.status_code == 403
    assert "实时连接中" not in response.content.decode()


def test_printable_ticket_has_the_whole_history(login, ticket_in):
    ticket = ticket_in(Status.RESOLVED)
    page = login("dispatcher1").get(f"/console/tickets/{ticket.pk}/print/").content.decode()
    assert "工单打印" in page and ticket.letter_number in page
    for label in ("受理", "派单", "签收", "答复", "审核通过"):
        assert f"<strong>{label}</strong>" in page
    assert "138****5678" in page and "13812345678" not in page
    assert login("market1").get(f"/console/tickets/{ticket.pk}/print/").status_code == 404
