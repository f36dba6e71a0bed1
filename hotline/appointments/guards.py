"""Abuse limits of the citizen side, on the counters of hotline.api.guards: a booking is opened by
its number and an ID number, so misses are counted per address and per number; submissions are
capped per address."""

from __future__ import annotations

from dataclasses import dataclass

from hotline.api import guards
from tickets.errors import NotFound


@dataclass(frozen=True)
class Limit(guards.Counter):
    attempts: int = 10
    seconds: int = 15 * 60

    @property
    def limit(self) -> tuple[int, int]:
        return self.attempts, self.seconds


MISSES_PER_BOOKING = Limit("appointment_misses_per_booking", 5, 15 * 60)
MISSES_PER_ADDRESS = Limit("appointment_misses_per_address", 30, 60 * 60)
BOOKINGS_PER_ADDRESS = Limit("appointment_bookings_per_address", 30, 60 * 60)


def lookup_attempt(request, number: str):
    pairs = [(MISSES_PER_BOOKING, str(number)), (MISSES_PER_ADDRESS, guards.client_address(request))]
    return guards._attempt(pairs, "查询失败次数过多，请{wait}后再试。", count_success=False, count_errors=(NotFound,))


def booking_attempt(request):
    """Count a booking that went through against the address; a refused one gives its slot back."""
    return guards._attempt([(BOOKINGS_PER_ADDRESS, guards.client_address(request))],
                           "预约提交过于频繁，请{wait}后再试。", count_success=True)
