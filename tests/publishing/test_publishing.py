"""Selecting letters for publication: only resolved or closed letters whose citizen consented (else
409); the editor works from a redacted draft, edits and confirms; publication and unpublication are
events in the ticket's history; the public column lists, searches and filters by unit."""

import pytest

from hotline.publishing.models import Publication
from tickets.models import EventKind, Ticket, TicketEvent
from tickets.services import transitions
from tickets.services.intake import register_ticket

pytestmark = pytest.mark.django_db


def publish(client, ticket, **body):
    return client.post(f"/api/v1/tickets/{ticket.pk}/actions/publish/", body, format="json")


def test_a_letter_without_consent_cannot_be_published(staff_api, resolved_letter):
    ticket = resolved_letter(consent=False)
    response = publish(staff_api("dispatcher1"), ticket)
    assert response.status_code == 409 and "未同意公开" in response.json()["error"]["message"]
    assert not Publication.objects.exists()


def test_a_letter_still_being_handled_cannot_be_published(staff_api, users):
    ticket = register_ticket(channel="web", type="complaint", title="路灯", content="坏了", phone="13812345678",
                             publish_consent=True).ticket
    transitions.dispatch(ticket.pk, by=users["dispatcher1"], department="urban")
    assert publish(staff_api("dispatcher1"), ticket).status_code == 409


def test_a_closed_consented_letter_can_be_published(staff_api, resolved_letter):
    ticket = resolved_letter()
    transitions.close(ticket.pk, by=transitions_user(ticket))
    assert publish(staff_api("dispatcher1"), ticket).status_code == 200


def transitions_user(ticket):
    from tickets.models import User

    return User.objects.get(username="dispatcher1")


def test_the_draft_has_personal_data_removed_before_the_editor_sees_it(staff_api, resolved_letter):
    ticket = resolved_letter()
    body = staff_api("dispatcher1").get(f"/api/v1/tickets/{ticket.pk}/publication/").json()
    draft = body["draft"]
    for secret in ("张三", "13812345678", "501", "王建国", "86001001"):
        assert secret not in draft["title"] + draft["content"] + draft["reply"], secret
    assert "翠苑小区" in draft["content"] and body["publishable"] is True
    assert draft["removed"]["电话号码"] == 2


def test_publishing_without_edits_publishes_the_redacted_draft(staff_api, resolved_letter):
    ticket = resolved_letter()
    response = publish(staff_api("dispatcher1"), ticket)
    assert response.status_code == 200 and response.json()["publication"]["is_published"]
    published = Publication.objects.get(ticket=ticket)
    assert "13812345678" not in published.content and "张三" not in published.content
    assert published.department.code == "urban"


def test_the_editor_edits_and_confirms_the_text(staff_api, resolved_letter):
    ticket = resolved_letter()
    response = publish(staff_api("dispatcher1"), ticket, title="翠苑小区门口路灯不亮", content="小区门口路灯坏了一周。",
                       reply="路灯已修复。")
    assert response.status_code == 200
    assert Publication.objects.get().title == "翠苑小区门口路灯不亮"


def test_an_edited_text_that_still_carries_personal_data_is_refused(staff_api, resolved_letter):
    ticket = resolved_letter()
    response = publish(staff_api("dispatcher1"), ticket, content="张三反映，电话13812345678。")
    assert response.status_code == 400 and "个人信息" in response.json()["error"]["fields"]["content"][0]
    assert not Publication.objects.exists()


def test_publication_and_unpublication_are_events_in_the_tickets_history(staff_api, resolved_letter):
    ticket = resolved_letter()
    client = staff_api("dispatcher1")
    publish(client, ticket)
    assert client.post(f"/api/v1/tickets/{ticket.pk}/actions/unpublish/", {"reason": "来信人撤回同意"},
                       format="json").status_code == 200
    kinds = list(TicketEvent.objects.filter(ticket=ticket, kind__in=[EventKind.PUBLISHED, EventKind.UNPUBLISHED])
                 .values_list("kind", "actor__username"))
    assert kinds == [("published", "dispatcher1"), ("unpublished", "dispatcher1")]
    history = client.get(f"/api/v1/tickets/{ticket.pk}/").json()["events"]
    assert [e["kind"] for e in history][-2:] == ["published", "unpublished"]
    assert Publication.objects.get().unpublish_reason == "来信人撤回同意"


def test_unpublishing_a_letter_that_is_not_published_is_409(staff_api, resolved_letter):
    ticket = resolved_letter()
    assert staff_api("dispatcher1").post(f"/api/v1/tickets/{ticket.pk}/actions/unpublish/", {},
                                         format="json").status_code == 409


def test_only_reviewers_and_supervisors_publish(staff_api, resolved_letter):
    ticket = resolved_letter()
    assert publish(staff_api("agent1"), ticket).status_code == 403
    assert publish(staff_api("supervisor1"), ticket).status_code == 200


def test_a_department_cannot_publish_someone_elses_ticket(staff_api, resolved_letter):
    ticket = resolved_letter()
    assert publish(staff_api("housing1"), ticket).status_code == 404


def test_the_public_list_shows_published_letters_with_reply_unit_and_dates(api_client, staff_api, resolved_letter):
    ticket = resolved_letter()
    publish(staff_api("dispatcher1"), ticket)
    body = api_client.get("/api/v1/letters/public/").json()
    assert body["count"] == 1
    item = body["results"][0]
    assert item["department"]["code"] == "urban" and item["reply"]["text"] and item["reply"]["at"]
    assert item["submitted_at"] and item["published_at"]
    assert "13812345678" not in str(item) and "letter_number" not in item


def test_an_unpublished_letter_leaves_the_public_list(api_client, staff_api, resolved_letter):
    ticket = resolved_letter()
    client = staff_api("dispatcher1")
    publish(client, ticket)
    client.post(f"/api/v1/tickets/{ticket.pk}/actions/unpublish/", {}, format="json")
    assert api_client.get("/api/v1/letters/public/").json()["count"] == 0


def test_the_public_list_searches_and_filters_by_unit(api_client, staff_api, resolved_letter):
    client = staff_api("dispatcher1")
    publish(client, resolved_letter())
    publish(client, resolved_letter(department="housing", title="物业不作为", content="物业推诿不处理漏水。",
                                    reply="已督促物业维修。"))
    assert api_client.get("/api/v1/letters/public/?q=漏水").json()["count"] == 1
    assert api_client.get("/api/v1/letters/public/?department=urban").json()["count"] == 1
    assert api_client.get("/api/v1/letters/public/?department=market").json()["count"] == 0
    assert api_client.get("/api/v1/letters/public/?column=nonsense").status_code == 400


def test_a_complaint_of_inaction_is_suggested_for_the_exposure_column(api_client, staff_api, resolved_letter):
    ticket = resolved_letter(department="housing", title="物业不作为", content="物业推诿不处理漏水。", reply="已督促物业维修。")
    response = publish(staff_api("dispatcher1"), ticket, outcome="物业已维修并向业主道歉。")
    assert response.json()["publication"]["column"] == "exposure"
    exposed = api_client.get("/api/v1/letters/public/?column=exposure").json()["results"]
    assert exposed[0]["outcome"] == "物业已维修并向业主道歉。"


def test_the_citizen_consents_on_the_api(api_client, reference_data):
    response = api_client.post("/api/v1/letters/", {"type": "complaint", "title": "路灯", "content": "坏了",
                                                    "phone": "13812345678", "publish_consent": True}, format="json")
    assert Ticket.objects.get(letter_number=response.json()["letter_number"]).publish_consent is True
    refused = api_client.post("/api/v1/letters/", {"type": "complaint", "title": "路灯", "content": "坏了",
                                                   "phone": "13812345678", "publish_consent": "yes"}, format="json")
    assert refused.status_code == 400


@pytest.fixture
def api_client():
    from rest_framework.test import APIClient

    return APIClient()
