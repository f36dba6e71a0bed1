"""The seed's rules for booking (000 双休日预约服务 二、六), each through the service every door calls."""

from datetime import date, datetime, time

import pytest

from hotline.appointments import rules, services
from hotline.appointments.errors import (ActiveBookingExists, Blacklisted, BookingClosed, HolidayClosed,
                                         InvalidIdNumber)
from hotline.appointments.models import Booking, Status
from tests.appointments.conftest import SATURDAY, SUNDAY, resident_id
from tickets.errors import InvalidInput
from tickets.models import OutboundMessage, SpecialDay

pytestmark = pytest.mark.django_db


def test_a_booking_on_a_weekday_morning_for_this_saturday_waits_for_review(book):
    booking = book()
    assert booking.status == Status.PENDING and booking.date == SATURDAY
    assert len(booking.number) == 12 and booking.number.isdigit()
    assert booking.materials  # the service's materials are copied for the notice
    sms = OutboundMessage.objects.get(dedupe_key=f"appt-received:{booking.pk}")
    assert booking.number in sms.body and sms.recipient == "13912345678"


def test_sunday_of_the_same_week_can_be_booked_too(book):
    assert book(date=SUNDAY).date == SUNDAY


@pytest.mark.parametrize("moment", [datetime(2026, 12, 2, 12, 0), datetime(2026, 12, 4, 12, 0),
                                    datetime(2026, 12, 4, 18, 30)])
def test_bookings_close_at_noon(book, clock, moment):
    clock.set(moment.replace(tzinfo=rules.tz()))
    with pytest.raises(BookingClosed) as error:
        book()
    assert "12:00前" in error.value.message and error.value.code == "booking_closed"


def test_friday_just_before_noon_is_still_open(book, clock):
    clock.set(datetime(2026, 12, 4, 11, 59, 59, tzinfo=rules.tz()))
    assert book().status == Status.PENDING


def test_monday_at_midnight_opens_the_week(book, clock):
    clock.set(datetime(2026, 11, 30, 0, 0, tzinfo=rules.tz()))
    assert book().date == SATURDAY


@pytest.mark.parametrize("day,hour", [(5, 9), (6, 9), (5, 20)])
def test_nothing_can_be_booked_on_the_weekend_itself(book, clock, day, hour):
    clock.set(datetime(2026, 12, day, hour, 0, tzinfo=rules.tz()))
    with pytest.raises(BookingClosed) as error:
        book()
    assert "12月07日" in error.value.message  # says when the window opens next


def test_next_weeks_saturday_cannot_be_booked_yet(book):
    with pytest.raises(BookingClosed) as error:
        book(date=date(2026, 12, 12))
    assert "本周六、日" in error.value.message


def test_a_past_saturday_cannot_be_booked(book):
    with pytest.raises(BookingClosed):
        book(date=date(2026, 11, 28))


def test_a_weekday_is_not_a_weekend_appointment(book):
    with pytest.raises(InvalidInput) as error:
        book(date=date(2026, 12, 3))
    assert error.value.fields == {"date": ["请选择周六或周日。"]}


def test_a_public_holiday_weekend_refuses_bookings_with_its_name(book, clock):
    # 2026-10-03/04 fall in the National Day holiday of the demo calendar.
    clock.set(datetime(2026, 9, 28, 9, 0, tzinfo=rules.tz()))
    with pytest.raises(HolidayClosed) as error:
        book(date=date(2026, 10, 3))
    assert error.value.code == "holiday" and "国庆节" in error.value.message and "节假日" in error.value.message


def test_a_holiday_added_in_the_admin_refuses_that_weekend(book):
    SpecialDay.objects.create(date=SATURDAY, kind=SpecialDay.Kind.HOLIDAY, name="临时休息")
    with pytest.raises(HolidayClosed):
        book()
    assert book(date=SUNDAY).date == SUNDAY


def test_a_weekend_makeup_working_day_needs_no_appointment(book, clock):
    clock.set(datetime(2026, 10, 8, 9, 0, tzinfo=rules.tz()))  # Thursday; Saturday 10 October is 调休上班
    with pytest.raises(BookingClosed) as error:
        book(date=date(2026, 10, 10))
    assert "调休" in error.value.message


def test_the_id_number_is_validated(book):
    with pytest.raises(InvalidIdNumber) as error:
        book(id_number="130102198506120010")
    assert error.value.code == "invalid_id_number" and "校验位" in error.value.message


def test_the_id_number_is_recorded_normalised(book):
    number = "11010519491231002X"
    assert book(id_number=number.lower()).id_number == number


def test_one_active_booking_per_applicant(book):
    first = book()
    with pytest.raises(ActiveBookingExists) as error:
        book(date=SUNDAY, service="food-license")
    assert first.number in error.value.message


def test_another_applicant_may_book_the_same_slot(book):
    book()
    assert book(id_number=resident_id(2)).status == Status.PENDING


@pytest.mark.parametrize("ending", ["cancel", "done"])
def test_a_new_booking_is_allowed_once_the_first_is_done_or_cancelled(book, clock, hall, ending):
    first = book()
    if ending == "cancel":
        services.citizen_cancel(first.pk, id_number=first.id_number)
    else:
        services.review(first.pk, by=hall["dispatcher1"])
        clock.at(SATURDAY, 9, 5)
        services.check_in(id_number=first.id_number, by=hall["dispatcher1"])
        services.finish(first.pk, by=hall["dispatcher1"])
        clock.set(datetime(2026, 12, 7, 9, 0, tzinfo=rules.tz()))
    again = book(date=rules.this_weekend(clock.moment)[0])
    assert again.status == Status.PENDING and Booking.objects.filter(id_number=first.id_number).count() == 2


def test_a_blacklisted_applicant_cannot_book(book):
    from hotline.appointments.models import BlacklistEntry

    BlacklistEntry.objects.create(id_number=resident_id(1), name="王小明", no_shows=3)
    with pytest.raises(Blacklisted) as error:
        book()
    assert error.value.code == "blacklisted"


@pytest.mark.parametrize("field,value", [("service", "no-such-thing"), ("period", "08:00-09:00"),
                                         ("period", "garbage"), ("name", "  ")])
def test_unknown_service_or_period_and_a_blank_name_are_input_errors(book, field, value):
    with pytest.raises(InvalidInput) as error:
        book(**{field: value})
    assert field in error.value.fields


def test_a_booked_start_is_the_period_start_until_staff_set_a_time(book, hall):
    booking = book(period="10:30-12:00")
    assert booking.start_time == time(10, 30)
    booking = services.review(booking.pk, by=hall["dispatcher1"], confirmed_time=time(11, 0))
    assert booking.start_time == time(11, 0)
