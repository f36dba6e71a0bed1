"""The dispatch desk: each tab lists its work, and each of its actions runs through the services,
for the dispatcher and for no one else."""

import pytest

from tickets.models import ExtensionRequest, Reply, Status, Ticket

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}


def act(client, ticket, name, data=None, **extra):
    return client.post(f"/console/tickets/{ticket.pk}/do/{name}/", data or {}, **extra)


def reload(ticket):
    return Ticket.objects.get(pk=ticket.pk)


def test_received_tab_lists_waiting_tickets_with_the_suggested_unit(login, make_ticket):
    make_ticket(title="噪音扰民", category="800100")
    body = login("dispatcher1").get("/console/dispatch/").content.decode()
    assert "噪音扰民" in body and "建议主办：市生态环境局" in body
    # The lead department picker is preselected with the category's unit.
    assert 'name="department" value="ecology"' in body


def test_the_desk_offers_every_unit_once_in_one_shared_picker_not_in_every_row(login, make_ticket):
    from tickets.models import Category, Department

    for i in range(5):
        make_ticket(title=f"待派单{i}")
    body = login("dispatcher1").get("/console/dispatch/").content.decode()
    units = Department.objects.filter(is_active=True).count()
    categories = Category.objects.filter(is_active=True).count()
    assert body.count('<datalist id="unit-options">') == 1
    assert body.count('<datalist id="category-options">') == 1
    # The two shared lists, plus the few other choices on the page (the search box's states, types…).
    assert body.count("<option") <= units + categories + 40
    assert body.count('list="unit-options"') >= 10  # lead and co-handling pickers of every row
    assert body.count('list="category-options"') >= 5  # the category picker of every row


def test_returns_tab_shows_the_departments_reason(login, ticket_in):
    ticket_in(Status.RETURN_REQUESTED, title="退回的工单")
    body = login("dispatcher1").get("/console/dispatch/?tab=returns").content.decode()
    assert "退回的工单" in body and "该路段由城管局负责" in body and "同意退单" in body


def test_replies_tab_shows_the_reply_text(login, ticket_in):
    ticket_in(Status.REPLIED, title="待审核答复的工单")
    body = login("dispatcher1").get("/console/dispatch/?tab=replies").content.decode()
    assert "已联系物业更换灯泡，今晚恢复照明。" in body and "审核通过" in body and "退回重办" in body


def test_extensions_tab_shows_pending_requests(login, pending_extension):
    body = login("dispatcher1").get("/console/dispatch/?tab=extensions").content.decode()
    assert "申请延期 3 个工作日" in body and "需要业主委员会表决维修资金" in body
    assert 'value="approve"' in body and 'value="refuse"' in body


def test_tab_counts_are_served_as_json(login, make_ticket, ticket_in, pending_extension):
    make_ticket()
    ticket_in(Status.REPLIED)
    counts = login("dispatcher1").get("/console/dispatch/counts/").json()
    assert counts == {"received": 1, "returns": 0, "replies": 1, "extensions": 1, "transfers": 0}


def test_dispatcher_dispatches_to_lead_and_co_departments(login, make_ticket):
    ticket = make_ticket().ticket
    response = act(login("dispatcher1"), ticket, "dispatch",
                   {"department": "housing", "co_departments": ["urban", "market"], "note": "请协同处理",
                    "version": ticket.version, "next": "/console/dispatch/"})
    assert response.status_code == 302 and response.url == "/console/dispatch/"
    ticket = reload(ticket)
    assert ticket.status == Status.DISPATCHED and ticket.lead_department.code == "housing"
    assert sorted(d.code for d in ticket.co_departments.all()) == ["market", "urban"]


def test_dispatch_answers_json_for_the_pages_script(login, make_ticket):
    ticket = make_ticket().ticket
    response = act(login("dispatcher1"), ticket, "dispatch", {"department": "urban"}, **JSON)
    assert response.status_code == 200
    assert response.json()["ticket"]["status"] == "dispatched"
    assert response.json()["message"] == "已派单。"


def test_next_pointing_elsewhere_is_ignored(login, make_ticket):
    ticket = make_ticket().ticket
    response = act(login("dispatcher1"), ticket, "dispatch", {"department": "urban", "next": "https://evil.example/"})
    assert response.url == f"/console/tickets/{ticket.pk}/"


def test_handler_cannot_dispatch(login, make_ticket):
    ticket = make_ticket().ticket
    response = act(login("housing1"), ticket, "dispatch", {"department": "housing"}, **JSON)
    # Not even visible to the department before dispatch: it looks like a missing ticket.
    assert response.status_code == 404
    assert reload(ticket).status == Status.RECEIVED


def test_supervisor_is_refused_dispatch_in_chinese(login, make_ticket):
    ticket = make_ticket().ticket
    response = act(login("supervisor1"), ticket, "dispatch", {"department": "housing"}, **JSON)
    assert response.status_code == 403
    assert response.json()["error"]["message"] == "您无权对该工单执行“派单”。"


def test_approve_return_sends_the_ticket_back_to_intake(login, ticket_in):
    ticket = ticket_in(Status.RETURN_REQUESTED)
    response = act(login("dispatcher1"), ticket, "approve_return", {"note": "改派城管"}, **JSON)
    assert response.status_code == 200
    ticket = reload(ticket)
    assert ticket.status == Status.RECEIVED and ticket.lead_department is None


def test_reject_return_needs_a_reason(login, ticket_in):
    ticket = ticket_in(Status.RETURN_REQUESTED)
    client = login("dispatcher1")
    refused = act(client, ticket, "reject_return", {"reason": ""}, **JSON)
    assert refused.status_code == 400
    assert refused.json()["error"]["fields"]["reason"] == ["请填写驳回理由。"]
    assert act(client, ticket, "reject_return", {"reason": "属于住建职责"}, **JSON).status_code == 200
    assert reload(ticket).status == Status.ACCEPTED


def test_approve_reply_resolves(login, ticket_in):
    ticket = ticket_in(Status.REPLIED)
    assert act(login("dispatcher1"), ticket, "approve_reply", {}, **JSON).status_code == 200
    assert reload(ticket).status == Status.RESOLVED
    assert Reply.objects.get(ticket=ticket).review == Reply.Review.APPROVED


def test_reject_reply_sends_it_back_to_the_department(login, ticket_in):
    ticket = ticket_in(Status.REPLIED)
    assert act(login("dispatcher1"), ticket, "reject_reply", {"reason": "未说明维修时间"}, **JSON).status_code == 200
    assert reload(ticket).status == Status.ACCEPTED
    assert Reply.objects.get(ticket=ticket).review == Reply.Review.REJECTED


def test_handler_cannot_approve_its_own_reply(login, ticket_in):
    ticket = ticket_in(Status.REPLIED)
    response = act(login("housing1"), ticket, "approve_reply", {}, **JSON)
    assert response.status_code == 403
    assert reload(ticket).status == Status.REPLIED


def test_dispatcher_approves_an_extension(login, pending_extension):
    before = pending_extension.reply_due
    response = act(login("dispatcher1"), pending_extension, "decide_extension", {"decision": "approve"}, **JSON)
    assert response.status_code == 200
    assert ExtensionRequest.objects.get().decision == ExtensionRequest.Decision.APPROVED
    assert reload(pending_extension).reply_due > before


def test_refusing_an_extension_needs_a_reason(login, pending_extension):
    client = login("dispatcher1")
    refused = act(client, pending_extension, "decide_extension", {"decision": "refuse"}, **JSON)
    assert refused.status_code == 400
    assert refused.json()["error"]["fields"]["reason"] == ["不批准时请说明理由。"]
    ok = act(client, pending_extension, "decide_extension", {"decision": "refuse", "reason": "可先行处理"}, **JSON)
    assert ok.status_code == 200
    assert ExtensionRequest.objects.get().decision == ExtensionRequest.Decision.REFUSED


def test_handler_cannot_decide_its_own_extension(login, pending_extension):
    response = act(login("housing1"), pending_extension, "decide_extension", {"decision": "approve"}, **JSON)
    assert response.status_code == 403
    assert ExtensionRequest.objects.get().decision == ExtensionRequest.Decision.PENDING


def test_merge_a_duplicate_by_letter_number(login, make_ticket):
    original, duplicate = make_ticket().ticket, make_ticket().ticket
    response = act(login("dispatcher1"), duplicate, "merge", {"into": original.letter_number}, **JSON)
    assert response.status_code == 200
    duplicate = reload(duplicate)
    assert duplicate.status == Status.MERGED and duplicate.merged_into_id == original.pk


def test_merge_a_duplicate_by_ticket_id(login, make_ticket):
    original, duplicate = make_ticket().ticket, make_ticket().ticket
    assert act(login("dispatcher1"), duplicate, "merge", {"into": str(original.pk)}, **JSON).status_code == 200
    assert reload(duplicate).merged_into_id == original.pk


@pytest.mark.parametrize("into,message", [("99999999999999", "要并入的工单不存在。"), ("abc", "请填写数字形式的信件编号或工单号。")])
def test_merge_into_an_unknown_ticket_is_refused(login, make_ticket, into, message):
    duplicate = make_ticket().ticket
    response = act(login("dispatcher1"), duplicate, "merge", {"into": into}, **JSON)
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["into"] == [message]


def test_merge_into_itself_is_refused(login, make_ticket):
    ticket = make_ticket().ticket
    response = act(login("dispatcher1"), ticket, "merge", {"into": ticket.letter_number}, **JSON)
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["into"] == ["不能并入自身。"]


def test_agent_cannot_merge(login, make_ticket):
    original, duplicate = make_ticket().ticket, make_ticket().ticket
    response = act(login("agent1"), duplicate, "merge", {"into": original.letter_number}, **JSON)
    assert response.status_code == 403
    assert reload(duplicate).status == Status.RECEIVED


def test_mark_invalid(login, make_ticket):
    ticket = make_ticket().ticket
    assert act(login("dispatcher1"), ticket, "mark_invalid", {"reason": "空白来电"}, **JSON).status_code == 200
    assert reload(ticket).status == Status.INVALID


def test_stale_version_gets_a_conflict_message(login, make_ticket, users):
    from tickets.services import transitions

    ticket = make_ticket().ticket
    stale_version = ticket.version
    transitions.dispatch(ticket.pk, by=users["agent1"], department="urban")
    response = act(login("dispatcher1"), ticket, "dispatch", {"department": "housing", "version": stale_version},
                   **JSON)
    assert response.status_code == 409
    assert response.json()["error"]["message"] == "工单已被他人处理，请刷新后重试。"
    assert reload(ticket).lead_department.code == "urban"


def test_error_without_script_renders_next_to_the_form(login, ticket_in):
    ticket = ticket_in(Status.RETURN_REQUESTED)
    response = act(login("dispatcher1"), ticket, "reject_return", {"reason": ""})
    assert response.status_code == 400
    body = response.content.decode()
    assert "请填写驳回理由。" in body
    assert 'data-action="reject_return"' in body


def test_dispatch_desk_query_count_does_not_grow_with_the_page(login, make_ticket, django_assert_max_num_queries):
    client = login("dispatcher1")
    make_ticket()
    client.get("/console/dispatch/")  # warm caches (calendar, session)
    for _ in range(15):
        make_ticket(category="300200")
    with django_assert_max_num_queries(13):
        response = client.get("/console/dispatch/")
    assert response.content.decode().count("data-ticket=") >= 16
