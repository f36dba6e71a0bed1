"""After booking: staff review and the notice, the citizen's confirmation, cancelling (half a day
before, or by staff with a reason), the day at the window, no-shows and the blacklist."""

from datetime import datetime, time, timedelta

import pytest

from hotline.appointments import rules, services
from hotline.appointments.errors import Blacklisted, NotAllowedNow, TooLateToCancel
from hotline.appointments.models import BlacklistEntry, Booking, BookingEvent, CancelReason, Status
from tests.appointments.conftest import SATURDAY, SUNDAY, resident_id
from tickets.errors import InvalidInput, NotFound
from tickets.models import OutboundMessage

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(hall):
    return hall["dispatcher1"]


@pytest.fixture
def reviewed(book, staff):
    booking = book()
    return services.review(booking.pk, by=staff, confirmed_time=time(9, 30), window="二楼预约窗口3号",
                           materials="身份证原件\n营业执照", note="请提前10分钟到达")


# --- review and the notice ----------------------------------------------------------------------

def test_staff_review_sets_time_and_materials_and_texts_the_notice(reviewed, staff):
    assert reviewed.status == Status.NOTIFIED and reviewed.confirmed_time == time(9, 30)
    sms = OutboundMessage.objects.get(dedupe_key=f"appt-notice:{reviewed.pk}:1")
    assert "告知单" in sms.body and "09:30" in sms.body and "营业执照" in sms.body and "二楼预约窗口3号" in sms.body
    event = BookingEvent.objects.filter(booking=reviewed, action="review").get()
    assert event.by == staff and event.from_status == Status.PENDING


def test_a_time_outside_the_booked_range_is_refused(book, staff):
    booking = book()
    with pytest.raises(InvalidInput) as error:
        services.review(booking.pk, by=staff, confirmed_time=time(11, 0))
    assert "09:00-10:30" in error.value.message
    assert Booking.objects.get(pk=booking.pk).status == Status.PENDING


def test_reviewing_again_sends_a_new_notice_and_asks_for_a_new_confirmation(reviewed, staff):
    services.confirm_notice(reviewed.pk, id_number=reviewed.id_number)
    with pytest.raises(NotAllowedNow):  # confirmed: the time is settled
        services.review(reviewed.pk, by=staff, confirmed_time=time(10, 0))
    other = services.review(services.book(service="food-license", name="赵六", id_number=resident_id(3),
                                           phone="13900000003", date=SUNDAY, period="13:30-15:00").pk, by=staff)
    again = services.review(other.pk, by=staff, confirmed_time=time(14, 0))
    assert again.citizen_confirmed_at is None
    assert OutboundMessage.objects.filter(dedupe_key__startswith=f"appt-notice:{other.pk}:").count() == 2


def test_the_citizen_confirms_the_notice_with_their_id_number(reviewed):
    booking = services.confirm_notice(reviewed.pk, id_number=reviewed.id_number.lower())
    assert booking.status == Status.CONFIRMED and booking.citizen_confirmed_at is not None


def test_a_wrong_id_number_cannot_confirm_or_cancel(reviewed):
    for act in (services.confirm_notice, services.citizen_cancel):
        with pytest.raises(NotFound):
            act(reviewed.pk, id_number=resident_id(9))


def test_an_unreviewed_booking_has_no_notice_to_confirm(book):
    booking = book()
    with pytest.raises(NotAllowedNow):
        services.confirm_notice(booking.pk, id_number=booking.id_number)


# --- cancelling ---------------------------------------------------------------------------------

def test_the_citizen_may_cancel_until_half_a_day_before(reviewed, clock):
    clock.set(datetime(2026, 12, 4, 21, 30, tzinfo=rules.tz()))  # exactly 12 h before 09:30 on Saturday
    booking = services.citizen_cancel(reviewed.pk, id_number=reviewed.id_number)
    assert booking.status == Status.CANCELLED and booking.cancel_reason == CancelReason.CITIZEN


def test_a_cancellation_later_than_half_a_day_before_is_refused_with_the_reason(reviewed, clock):
    clock.set(datetime(2026, 12, 4, 21, 31, tzinfo=rules.tz()))
    with pytest.raises(TooLateToCancel) as error:
        services.citizen_cancel(reviewed.pk, id_number=reviewed.id_number)
    assert error.value.code == "too_late_to_cancel" and "半天" in error.value.message
    assert "12月04日 21:30" in error.value.message
    assert Booking.objects.get(pk=reviewed.pk).status == Status.NOTIFIED


@pytest.mark.parametrize("reason,note,texted", [
    (CancelReason.MATERIALS_INCOMPLETE, "缺少经营场所证明", "当前资料不完备（缺少经营场所证明）"),
    (CancelReason.OUT_OF_SCOPE, "", "不在本大厅业务范围内"),
    (CancelReason.OTHER, "窗口设备检修", "窗口设备检修"),
])
def test_staff_cancel_with_a_reason_that_is_texted_to_the_citizen(reviewed, staff, clock, reason, note, texted):
    clock.at(SATURDAY, 9, 0)  # staff may cancel even on the day
    booking = services.staff_cancel(reviewed.pk, by=staff, reason=reason, note=note)
    assert booking.status == Status.CANCELLED
    sms = OutboundMessage.objects.get(dedupe_key=f"appt-cancelled:{booking.pk}")
    assert texted in sms.body and sms.recipient == reviewed.phone


def test_staff_must_give_a_reason(reviewed, staff):
    with pytest.raises(InvalidInput):
        services.staff_cancel(reviewed.pk, by=staff, reason="citizen")
    with pytest.raises(InvalidInput):
        services.staff_cancel(reviewed.pk, by=staff, reason=CancelReason.OTHER, note=" ")


# --- the day at the window ------------------------------------------------------------------------

def test_check_in_by_id_number_takes_a_number_and_then_done(reviewed, staff, book, clock):
    second = services.review(book(id_number=resident_id(2)).pk, by=staff)
    clock.at(SATURDAY, 9, 20)
    first_in = services.check_in(id_number=reviewed.id_number, by=staff)
    second_in = services.check_in(id_number=second.id_number, by=staff)
    assert (first_in.status, first_in.queue_number, second_in.queue_number) == (Status.CHECKED_IN, "Y001", "Y002")
    assert services.finish(first_in.pk, by=staff).status == Status.DONE


def test_check_in_only_on_the_booked_day_and_only_after_review(book, reviewed, staff, clock):
    with pytest.raises(NotFound):  # Wednesday: nothing booked for today
        services.check_in(id_number=reviewed.id_number, by=staff)
    pending = book(id_number=resident_id(2))
    clock.at(SATURDAY, 9, 0)
    with pytest.raises(NotAllowedNow) as error:
        services.check_in(id_number=pending.id_number, by=staff)
    assert "审核" in error.value.message


def test_window_list_shows_the_days_bookings_without_cancelled_ones(reviewed, book, staff):
    from hotline.appointments import selectors

    cancelled = book(id_number=resident_id(2))
    services.staff_cancel(cancelled.pk, by=staff, reason=CancelReason.OUT_OF_SCOPE)
    assert [b.number for b in selectors.window_list(SATURDAY)] == [reviewed.number]


# --- no-shows and the blacklist ---------------------------------------------------------------------

def test_a_no_show_can_be_marked_only_30_minutes_after_the_start(reviewed, staff, clock):
    clock.at(SATURDAY, 9, 59)
    with pytest.raises(NotAllowedNow) as error:
        services.mark_no_show(reviewed.pk, by=staff)
    assert "半小时" in error.value.message
    clock.at(SATURDAY, 10, 0)
    assert services.mark_no_show(reviewed.pk, by=staff).status == Status.NO_SHOW


def _no_show_on(weekend_saturday, clock, staff, id_number, sequence):
    """Book in the week of `weekend_saturday`, get reviewed, and not turn up."""
    clock.set(datetime.combine(weekend_saturday - timedelta(days=3), time(9), rules.tz()))
    booking = services.book(service="business-license", name="王小明", id_number=id_number, phone="13912345678",
                            date=weekend_saturday, period="09:00-10:30")
    services.review(booking.pk, by=staff)
    clock.at(weekend_saturday, 10, 0)
    return services.mark_no_show(booking.pk, by=staff)


def test_more_than_two_no_shows_blacklist_the_applicant(hall, clock, staff):
    id_number = resident_id(5)
    saturdays = [SATURDAY + timedelta(weeks=n) for n in range(4)]
    for n in range(2):
        _no_show_on(saturdays[n], clock, staff, id_number, n)
    assert not BlacklistEntry.objects.exists()  # two are tolerated
    _no_show_on(saturdays[2], clock, staff, id_number, 2)
    entry = BlacklistEntry.objects.get(id_number=id_number)
    assert entry.is_active and entry.no_shows == 3
    assert OutboundMessage.objects.filter(dedupe_key=f"appt-blacklisted:{entry.pk}").exists()
    clock.set(datetime.combine(saturdays[3] - timedelta(days=3), time(9), rules.tz()))
    with pytest.raises(Blacklisted):
        services.book(service="business-license", name="王小明", id_number=id_number, phone="13912345678",
                      date=saturdays[3], period="09:00-10:30")


def test_a_timely_cancellation_never_counts_as_a_no_show(hall, clock, staff):
    id_number = resident_id(6)
    for n in range(2):
        _no_show_on(SATURDAY + timedelta(weeks=n), clock, staff, id_number, n)
    saturday = SATURDAY + timedelta(weeks=2)
    clock.set(datetime.combine(saturday - timedelta(days=3), time(9), rules.tz()))
    booking = services.book(service="business-license", name="王小明", id_number=id_number, phone="13912345678",
                            date=saturday, period="09:00-10:30")
    services.review(booking.pk, by=staff)
    services.citizen_cancel(booking.pk, id_number=id_number)
    assert services.no_shows_counted(id_number) == 2 and not BlacklistEntry.objects.exists()


def test_staff_lift_a_blacklist_entry_with_a_reason_and_the_count_starts_afresh(hall, clock, staff):
    id_number = resident_id(8)
    for n in range(3):
        _no_show_on(SATURDAY + timedelta(weeks=n), clock, staff, id_number, n)
    entry = BlacklistEntry.objects.get(id_number=id_number)
    with pytest.raises(InvalidInput):
        services.lift_blacklist(entry.pk, by=hall["supervisor1"], reason="")
    lifted = services.lift_blacklist(entry.pk, by=hall["supervisor1"], reason="申请人说明因住院未能到达，已核实")
    assert lifted.lifted_by == hall["supervisor1"] and lifted.lifted_at and "住院" in lifted.lift_reason
    assert services.no_shows_counted(id_number) == 0
    saturday = SATURDAY + timedelta(weeks=5)  # (4 weeks on is the New Year holiday)
    clock.set(datetime.combine(saturday - timedelta(days=3), time(9), rules.tz()))
    assert services.book(service="business-license", name="王小明", id_number=id_number, phone="13912345678",
                         date=saturday, period="09:00-10:30").status == Status.PENDING
    with pytest.raises(NotAllowedNow):
        services.lift_blacklist(entry.pk, by=staff, reason="再次解除")


def test_every_change_is_logged_with_who_and_when(reviewed, staff, clock):
    clock.at(SATURDAY, 9, 10)
    services.check_in(id_number=reviewed.id_number, by=staff)
    services.finish(reviewed.pk, by=staff)
    actions = list(BookingEvent.objects.filter(booking=reviewed).values_list("action", "to_status"))
    assert actions == [("book", "pending"), ("review", "notified"), ("check_in", "checked_in"), ("finish", "done")]
