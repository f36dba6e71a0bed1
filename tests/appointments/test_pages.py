"""The citizen's pages and the hall's console pages, through the Django test client."""

from datetime import datetime

import pytest

from hotline.appointments import rules, services
from hotline.appointments.models import BlacklistEntry, Booking, Status
from tests.appointments.conftest import SATURDAY, resident_id

pytestmark = pytest.mark.django_db

FORM = {"service": "business-license", "name": "王小明", "id_number": resident_id(1), "phone": "13912345678",
        "date": "2026-12-05", "period": "09:00-10:30"}


# --- citizen ----------------------------------------------------------------------------------------

def test_the_index_lists_services_with_their_materials_and_the_rules(client, hall, clock):
    page = client.get("/appointments/").content.decode()
    assert "个体工商户设立登记" in page and "经营场所使用证明" in page
    assert "12:00前" in page and "半天" in page and "黑名单" in page
    assert "现在可以预约本周末" in page


def test_the_index_says_when_bookings_open_again(client, hall, clock):
    clock.set(datetime(2026, 12, 5, 9, 0, tzinfo=rules.tz()))
    assert "当前不在预约时间内" in client.get("/appointments/").content.decode()


def test_booking_on_the_portal_opens_the_booking_page(client, hall, clock):
    answer = client.post("/appointments/new/", FORM)
    booking = Booking.objects.get()
    assert answer.status_code == 302 and answer["Location"] == f"/appointments/{booking.number}/"
    page = client.get(answer["Location"]).content.decode()
    assert booking.number in page and "待审核" in page and "1301**********" in page


def test_a_refused_booking_shows_the_rule_next_to_the_form(client, hall, clock):
    clock.set(datetime(2026, 12, 2, 12, 30, tzinfo=rules.tz()))
    answer = client.post("/appointments/new/", FORM)
    assert answer.status_code == 409 and "12:00前" in answer.content.decode()
    bad = client.post("/appointments/new/", dict(FORM, id_number="130102198506120010"))
    assert bad.status_code == 400 and "校验位" in bad.content.decode()
    assert not Booking.objects.exists()


def test_lookup_with_number_and_id_number_then_confirm_and_cancel(client, hall, clock):
    booking = services.book(**dict(FORM, date=SATURDAY))
    services.review(booking.pk, by=hall["dispatcher1"], window="3号窗口")
    assert client.get(f"/appointments/{booking.number}/")["Location"].startswith("/appointments/lookup/")
    wrong = client.post("/appointments/lookup/", {"number": booking.number, "id_number": resident_id(2)})
    assert "未找到该预约" in wrong.content.decode()
    answer = client.post("/appointments/lookup/", {"number": booking.number, "id_number": resident_id(1)})
    assert answer["Location"] == f"/appointments/{booking.number}/"
    page = client.get(answer["Location"]).content.decode()
    assert "预约告知单" in page and "3号窗口" in page and "确认预约" in page
    client.post(f"/appointments/{booking.number}/confirm/")
    assert Booking.objects.get(pk=booking.pk).status == Status.CONFIRMED
    client.post(f"/appointments/{booking.number}/cancel/")
    assert Booking.objects.get(pk=booking.pk).status == Status.CANCELLED


def test_a_late_cancel_on_the_page_shows_why(client, hall, clock):
    booking = services.book(**dict(FORM, date=SATURDAY))
    client.post("/appointments/lookup/", {"number": booking.number, "id_number": resident_id(1)})
    clock.set(datetime(2026, 12, 5, 7, 0, tzinfo=rules.tz()))
    client.post(f"/appointments/{booking.number}/cancel/")
    page = client.get(f"/appointments/{booking.number}/").content.decode()
    assert Booking.objects.get(pk=booking.pk).status == Status.PENDING and "不足半天" in page


# --- staff ---------------------------------------------------------------------------------------

def test_the_console_is_for_the_roles_that_run_the_hall(client, hall):
    for username, status in (("dispatcher1", 200), ("supervisor1", 200), ("admin", 200), ("agent1", 403),
                             ("housing1", 403)):
        client.force_login(hall[username])
        assert client.get("/console/appointments/").status_code == status, username
    client.logout()
    assert client.get("/console/appointments/").status_code == 302


def test_the_staff_nav_links_the_console_for_hall_roles(client, hall):
    client.force_login(hall["dispatcher1"])
    assert 'href="/console/appointments/"' in client.get("/console/dispatch/").content.decode()
    client.force_login(hall["housing1"])
    assert 'href="/console/appointments/"' not in client.get("/console/inbox/").content.decode()


def test_review_queue_review_check_in_and_finish_in_the_console(client, hall, clock):
    booking = services.book(**dict(FORM, date=SATURDAY))
    client.force_login(hall["dispatcher1"])
    assert booking.number in client.get("/console/appointments/").content.decode()
    assert "审核：确定时间和材料" in client.get(f"/console/appointments/{booking.pk}/").content.decode()
    client.post(f"/console/appointments/{booking.pk}/review/",
                {"time": "09:30", "window": "二楼3号", "materials": "身份证原件\n租赁合同", "note": ""})
    booking.refresh_from_db()
    assert booking.status == Status.NOTIFIED and booking.window == "二楼3号"
    clock.at(SATURDAY, 9, 20)
    day = client.get("/console/appointments/?tab=day&date=2026-12-05").content.decode()
    assert booking.number in day and "未履约" in day
    answer = client.post("/console/appointments/check-in/", {"id_number": resident_id(1)}, follow=True)
    assert "取号成功：Y001" in answer.content.decode()
    client.post(f"/console/appointments/{booking.pk}/finish/", {"back": "/console/appointments/?tab=day"})
    assert Booking.objects.get(pk=booking.pk).status == Status.DONE


def test_staff_cancel_and_blacklist_lift_in_the_console(client, hall, clock):
    booking = services.book(**dict(FORM, date=SATURDAY))
    client.force_login(hall["supervisor1"])
    page = client.post(f"/console/appointments/{booking.pk}/cancel/", {"reason": "out_of_scope"}, follow=True)
    assert "已取消" in page.content.decode()
    entry = BlacklistEntry.objects.create(id_number=resident_id(3), name="赵六", no_shows=3)
    listed = client.get("/console/appointments/?tab=blacklist").content.decode()
    assert "赵六" in listed and resident_id(3) not in listed  # masked
    client.post(f"/console/appointments/blacklist/{entry.pk}/lift/", {"reason": ""})
    assert BlacklistEntry.objects.get(pk=entry.pk).is_active
    client.post(f"/console/appointments/blacklist/{entry.pk}/lift/", {"reason": "已核实系误标"})
    entry.refresh_from_db()
    assert not entry.is_active and entry.lifted_by == hall["supervisor1"] and entry.lift_reason == "已核实系误标"


def test_a_bad_console_date_falls_back_to_today(client, hall, clock):
    client.force_login(hall["dispatcher1"])
    assert client.get("/console/appointments/?tab=day&date=garbage").status_code == 200
