"""A citizen's letter through the whole loop, driven only through the API as the contract describes."""

import pytest

from tickets.models import Ticket

pytestmark = pytest.mark.django_db


def run(client, ticket_id, name, body=None, expect=200):
    response = client.post(f"/api/v1/tickets/{ticket_id}/transitions/{name}/", body or {}, format="json")
    assert response.status_code == expect, response.content
    return response.json()


def rate(api, sent, satisfaction, solved=True, expect=200):
    response = api.post("/api/v1/letters/rate/", {"letter_number": sent["letter_number"], "password": sent["password"],
                                                  "solved": solved, "satisfaction": satisfaction,
                                                  "comment": "谢谢"}, format="json")
    assert response.status_code == expect, response.content
    return response.json()


def work_to_resolved(staff_api, ticket_id, dispatch=True):
    dispatcher, housing = staff_api("dispatcher1"), staff_api("housing1")
    if dispatch:
        assert run(dispatcher, ticket_id, "dispatch", {"department": "housing", "note": "请核实"})["status"] == "dispatched"
        assert run(housing, ticket_id, "accept")["status"] == "accepted"
    assert run(housing, ticket_id, "reply", {"text": "已安排维修，路灯已恢复。"})["status"] == "replied"
    assert run(dispatcher, ticket_id, "approve_reply", {"note": "答复完整"})["status"] == "resolved"


def test_letter_goes_from_submission_to_closed_by_a_satisfied_rating(api, staff_api, letter):
    sent = letter()
    ticket_id = Ticket.objects.get(letter_number=sent["letter_number"]).pk
    work_to_resolved(staff_api, ticket_id)

    looked_up = api.post("/api/v1/letters/lookup/", {"letter_number": sent["letter_number"],
                                                     "password": sent["password"]}, format="json").json()
    assert looked_up["status"] == "resolved" and looked_up["can_rate"] is True
    assert looked_up["reply"]["text"] == "已安排维修，路灯已恢复。"
    assert looked_up["reply"]["department"] == "市住房和城乡建设局"
    labels = [step["label"] for step in looked_up["timeline"]]
    assert labels[0] == "已受理" and any("市住建局" in label for label in labels)

    rated = rate(api, sent, "satisfied")
    assert rated["status"] == "closed" and rated["can_rate"] is False
    assert rated["rating"]["satisfaction"] == "satisfied"
    rate(api, sent, "satisfied", expect=409)

    detail = staff_api("dispatcher1").get(f"/api/v1/tickets/{ticket_id}/").json()
    transitions = [e["transition"] for e in detail["events"] if e["kind"] == "transition"]
    assert transitions == ["dispatch", "accept", "reply", "approve_reply", "close"]


def test_unsatisfied_rating_reopens_once_then_closes(api, staff_api, letter):
    sent = letter()
    ticket_id = Ticket.objects.get(letter_number=sent["letter_number"]).pk
    work_to_resolved(staff_api, ticket_id)

    reopened = rate(api, sent, "unsatisfied", solved=False)
    assert reopened["status"] == "accepted"
    ticket = staff_api("housing1").get(f"/api/v1/tickets/{ticket_id}/").json()
    assert ticket["reopen_count"] == 1 and ticket["lead_department"]["code"] == "housing"

    work_to_resolved(staff_api, ticket_id, dispatch=False)
    closed = rate(api, sent, "unsatisfied", solved=False)
    assert closed["status"] == "closed"
    assert closed["rating"]["satisfaction"] == "unsatisfied"
