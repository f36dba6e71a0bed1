"""The agent console: registration with its two endings, errors in Chinese, the live intake queue."""

import pytest

from tickets.models import OutboundMessage, Status, Ticket, TicketEvent

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}


def registration(**overrides):
    data = {"channel": "phone", "type": "complaint", "priority": "normal", "category": "300200",
            "title": "裕华路路灯不亮", "content": "裕华路与体育大街交口路灯一周不亮，夜间行人不便。",
            "name": "王先生", "phone": "13912345678", "address": "裕华路与体育大街交口", "ending": "dispatch",
            "department": "urban", "co_departments": ["urban_lighting"], "note": "请尽快处理",
            "call_id": "C20261122-0001"}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_agent_registers_and_dispatches_in_one_step(login):
    response = login("agent1").post("/console/agent/", registration())
    assert response.status_code == 201
    ticket = Ticket.objects.get()
    assert ticket.status == Status.DISPATCHED
    assert ticket.lead_department.code == "urban"
    assert [d.code for d in ticket.co_departments.all()] == ["urban_lighting"]
    assert ticket.call_id == "C20261122-0001" and ticket.channel == "phone"
    assert ticket.created_by.username == "agent1"
    body = response.content.decode()
    assert "已登记并派单" in body and ticket.letter_number in body
    # The password is read out to the caller once and also sent by SMS.
    assert OutboundMessage.objects.filter(ticket=ticket).exists()


def test_registration_answers_json_for_the_pages_script(login):
    response = login("agent2").post("/console/agent/", registration(), **JSON)
    assert response.status_code == 201
    data = response.json()
    ticket = Ticket.objects.get()
    assert data["ok"] is True and data["letter_number"] == ticket.letter_number
    assert len(data["password"]) >= 6
    assert data["url"] == f"/console/tickets/{ticket.pk}/"
    assert data["ticket"]["status"] == "dispatched"


def test_agent_resolves_directly_with_a_knowledge_base_answer(login):
    from kb.models import Article

    article = Article.objects.create(question="社保卡丢了怎么补办？", answer="<p>携带身份证到社保卡服务网点办理。</p>",
                                     status=Article.Status.PUBLISHED)
    response = login("agent1").post("/console/agent/", registration(
        type="consultation", ending="resolve", answer="携带身份证到社保卡服务网点办理。", kb_article=article.pk,
        department="", co_departments=None), **JSON)
    assert response.status_code == 201, response.content
    ticket = Ticket.objects.get()
    assert ticket.status == Status.RESOLVED
    assert ticket.kb_article_id == article.pk
    assert ticket.direct_answer == "携带身份证到社保卡服务网点办理。"
    assert response.json()["message"] == "已登记并直接办结"


def test_registration_only_leaves_the_ticket_for_the_dispatchers(login):
    response = login("agent1").post("/console/agent/", registration(ending="register", department=""))
    assert response.status_code == 201
    assert Ticket.objects.get().status == Status.RECEIVED


def test_missing_title_is_shown_in_chinese_next_to_the_field(login):
    response = login("agent1").post("/console/agent/", registration(title=""))
    assert response.status_code == 400
    assert "请填写标题。" in response.content.decode()
    assert not Ticket.objects.exists()


def test_dispatch_without_a_department_registers_nothing(login):
    response = login("agent1").post("/console/agent/", registration(department=""), **JSON)
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["department"] == ["派单时请选择主办单位。"]
    assert not Ticket.objects.exists()


def test_resolve_without_an_answer_is_refused(login):
    response = login("agent1").post("/console/agent/", registration(ending="resolve", department=""), **JSON)
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["answer"] == ["直接办结时请填写答复内容。"]


def test_a_refused_ending_rolls_back_the_registration(login):
    """The knowledge entry does not exist: the service refuses, and no ticket or event is left."""
    response = login("agent1").post("/console/agent/", registration(
        ending="resolve", answer="见知识库", kb_article=999999, department=""), **JSON)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid" and error["fields"]["kb_article"] == ["知识条目不存在。"]
    assert not Ticket.objects.exists() and not TicketEvent.objects.exists()


def test_unknown_department_is_refused_in_chinese(login):
    response = login("agent1").post("/console/agent/", registration(department="nowhere"), **JSON)
    assert response.status_code == 400
    assert "承办单位不存在或已停用。" in response.json()["error"]["fields"]["department"]


def test_bad_phone_number_is_refused(login):
    response = login("agent1").post("/console/agent/", registration(phone="call me"))
    assert response.status_code == 400
    assert "请填写有效的电话号码" in response.content.decode()


def test_handler_cannot_register_tickets(login):
    response = login("housing1").post("/console/agent/", registration())
    assert response.status_code == 403
    assert not Ticket.objects.exists()


def test_intake_queue_lists_letters_waiting_with_masked_phone(login, make_ticket, ticket_in):
    waiting = make_ticket(title="网上来信：公积金提取", channel="web").ticket
    ticket_in(Status.DISPATCHED, title="已派走的工单")
    body = login("agent1").get("/console/agent/").content.decode()
    assert "网上来信：公积金提取" in body
    assert "已派走的工单" not in body.split('data-list="intake"')[1].split("</tbody>")[0]
    assert "138****5678" in body and "13812345678" not in body
    assert f'data-ticket="{waiting.pk}"' in body


def test_call_answered_prefill_link_fills_phone_and_call_id(login):
    body = login("agent1").get("/console/agent/?phone=13700001111&call_id=C-42").content.decode()
    assert 'value="13700001111"' in body and 'value="C-42"' in body


def test_category_picker_offers_the_tree_with_default_departments(login):
    body = login("agent1").get("/console/agent/").content.decode()
    assert 'value="300200" data-department="urban_lighting"' in body
    assert "路灯照明" in body
