from unittest import mock

import pytest
from django.utils import timezone

from tickets.errors import InvalidInput, PermissionDenied
from tickets.models import EventKind, RoutingSettings, Status, Ticket
from tickets.routing.duplicates import find_duplicates
from tickets.routing.services import link_repeat
from tickets.services import transitions


def test_the_same_caller_about_a_similar_matter_is_a_likely_duplicate(make_ticket):
    first = make_ticket(channel="phone", phone="13812345678", title="门口路灯不亮",
                        content="东苑小区北门路灯坏了，晚上很黑").ticket
    found = find_duplicates(title="路灯又坏了", content="东苑小区北门那个路灯还是不亮", phone="138-1234-5678")
    assert [d.ticket.pk for d in found] == [first.pk]
    assert "同一来电号码" in found[0].reasons
    assert any(reason.startswith("内容相似度") for reason in found[0].reasons)


def test_similar_wording_from_another_caller_at_the_same_place_is_found(make_ticket):
    from tickets.gazetteer import locate

    first = make_ticket(channel="phone", phone="13800000001", title="楼下烧烤摊油烟太大",
                        content="革新街小区楼下的烧烤摊每天晚上油烟很大，熏得没法开窗", address="新华区革新街街道革新街小区5号楼").ticket
    found = find_duplicates(title="烧烤摊油烟", content="革新街小区楼下烧烤摊油烟很大，没法开窗",
                            phone="13900000002", address="新华区革新街街道革新街小区北门", place=locate("新华区革新街街道"))
    assert found and found[0].ticket.pk == first.pk
    assert "同一地点：新华区革新街街道" in found[0].reasons


def test_unrelated_letters_and_old_tickets_are_not_duplicates(make_ticket):
    old = make_ticket(channel="phone", title="门口路灯不亮", content="东苑小区北门路灯坏了").ticket
    Ticket.objects.filter(pk=old.pk).update(created_at=timezone.now() - timezone.timedelta(days=31))
    make_ticket(channel="phone", phone="13800000009", title="公积金怎么提取", content="离职后公积金提取要什么材料")
    assert find_duplicates(title="门口路灯不亮", content="东苑小区北门路灯坏了", phone="13812345678") == []


def test_the_window_is_configurable(make_ticket):
    old = make_ticket(channel="phone", title="门口路灯不亮", content="东苑小区北门路灯坏了").ticket
    Ticket.objects.filter(pk=old.pk).update(created_at=timezone.now() - timezone.timedelta(days=40))
    RoutingSettings.objects.create(duplicate_window_days=60)
    found = find_duplicates(title="门口路灯不亮", content="东苑小区北门路灯坏了", phone="13812345678")
    assert [d.ticket.pk for d in found] == [old.pk]


def test_linking_a_repeat_records_it_and_tells_the_earlier_unit(make_ticket, users):
    earlier = make_ticket(channel="phone").ticket
    transitions.dispatch(earlier.pk, by=users["dispatcher1"], department="urban")
    later = make_ticket(channel="phone").ticket
    link_repeat(later.pk, by=users["agent1"], of=earlier.pk)
    later.refresh_from_db()
    assert later.repeat_of_id == earlier.pk
    linked = later.events.get(kind=EventKind.REPEAT_LINKED)
    assert linked.data["repeat_of"] == earlier.pk
    notice = earlier.events.get(kind=EventKind.REPEAT_RECEIVED)
    assert "department:urban" in notice.audiences and later.letter_number in notice.text


def test_a_repeat_must_point_at_an_earlier_ticket_and_be_linked_by_hotline_staff(make_ticket, users):
    first, second = make_ticket(channel="phone").ticket, make_ticket(channel="phone").ticket
    with pytest.raises(InvalidInput):
        link_repeat(first.pk, by=users["agent1"], of=second.pk)
    with pytest.raises(InvalidInput):
        link_repeat(first.pk, by=users["agent1"], of=first.pk)
    with pytest.raises(InvalidInput):
        link_repeat(first.pk, by=users["agent1"], of="abc")
    with pytest.raises(PermissionDenied):
        link_repeat(second.pk, by=users["housing1"], of=first.pk)


def test_link_repeat_is_an_api_action(make_ticket, staff_api):
    first, second = make_ticket(channel="phone").ticket, make_ticket(channel="phone").ticket
    response = staff_api("dispatcher1").post(f"/api/v1/tickets/{second.pk}/actions/link_repeat/", {"of": first.pk},
                                             format="json")
    assert response.status_code == 200, response.content
    assert Ticket.objects.get(pk=second.pk).repeat_of_id == first.pk


@pytest.fixture(autouse=True)
def screening_in_process():
    """The screening task runs in this process in both modes (with REDIS_URL it would wait for a worker)."""
    from tickets import tasks

    with mock.patch.object(tasks.screen_new_letter, "delay", side_effect=lambda pk: tasks.screen_new_letter(pk)):
        yield


def test_a_new_web_letter_that_repeats_an_open_one_gets_a_note_for_the_dispatcher(
        make_ticket, django_capture_on_commit_callbacks):
    first = make_ticket(channel="phone").ticket
    with django_capture_on_commit_callbacks(execute=True):
        second = make_ticket(channel="web").ticket
    note = second.events.get(kind=EventKind.NOTE)
    assert first.letter_number in note.text and "疑似重复件" in note.text
    assert note.data["duplicates"][0]["id"] == first.pk


def test_auto_dispatch_is_off_by_default(catalogue, make_ticket, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ticket = make_ticket(channel="web", title="门口路灯不亮", content="东苑小区门口的路灯坏了").ticket
    ticket.refresh_from_db()
    assert ticket.status == Status.RECEIVED


def test_a_confident_suggestion_is_auto_dispatched_and_recorded_as_such(
        catalogue, make_ticket, django_capture_on_commit_callbacks):
    RoutingSettings.objects.create(auto_dispatch_enabled=True, auto_dispatch_threshold=0.3)
    with django_capture_on_commit_callbacks(execute=True):
        ticket = make_ticket(channel="web", title="门口路灯不亮", content="东苑小区门口的路灯坏了一个星期").ticket
    ticket.refresh_from_db()
    assert ticket.status == Status.DISPATCHED and ticket.lead_department.code == "urban_lighting"
    event = ticket.events.get(transition="dispatch")
    assert event.actor is None and event.actor_label == "系统" and event.text.startswith("智能派单（自动）")


def test_a_suggestion_below_the_threshold_is_left_for_the_dispatcher(
        catalogue, make_ticket, django_capture_on_commit_callbacks):
    RoutingSettings.objects.create(auto_dispatch_enabled=True, auto_dispatch_threshold=0.99)
    with django_capture_on_commit_callbacks(execute=True):
        ticket = make_ticket(channel="web", title="有个事情", content="想反映一下情况").ticket
    ticket.refresh_from_db()
    assert ticket.status == Status.RECEIVED
