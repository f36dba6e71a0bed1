"""Two simultaneous bookings for one ID number: exactly one succeeds (the partial unique index holds
the rule even when both passed the check before either wrote)."""

import threading

import pytest
from django.db import connection, connections

from hotline.appointments import services
from hotline.appointments.errors import ActiveBookingExists
from hotline.appointments.models import Booking
from tests.appointments.conftest import SATURDAY, SUNDAY, resident_id


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="needs concurrent writers; SQLite serialises all writers instead")
def test_two_simultaneous_bookings_for_one_id_number_have_exactly_one_winner(hall, clock, monkeypatch):
    barrier = threading.Barrier(2)
    outcomes = []
    # Both requests pass the "no active booking yet" check before either writes: the race the
    # database must decide.
    real_check = services.check_no_active_booking
    passed = threading.Barrier(2)

    def check_then_wait(id_number):
        real_check(id_number)
        try:
            passed.wait(timeout=5)
        except threading.BrokenBarrierError:
            pass

    monkeypatch.setattr(services, "check_no_active_booking", check_then_wait)

    def attempt(day, period):
        try:
            barrier.wait()
            services.book(service="business-license", name="王小明", id_number=resident_id(1),
                          phone="13912345678", date=day, period=period)
            outcomes.append("won")
        except ActiveBookingExists as error:
            outcomes.append(error.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(SATURDAY, "09:00-10:30")),
               threading.Thread(target=attempt, args=(SUNDAY, "13:30-15:00"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    assert sorted(outcomes) == ["active_booking_exists", "won"]
    assert Booking.objects.filter(id_number=resident_id(1)).count() == 1
