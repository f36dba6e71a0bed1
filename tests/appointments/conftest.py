"""Fixtures of the weekend appointment tests: the demo services and periods, a frozen clock, valid
ID numbers, and a helper that books as a citizen would."""

from datetime import date, datetime, time

import pytest
from django.core.cache import cache

from hotline.appointments import rules
from tickets.identity import resident_id_check_character

# Wednesday 2 December 2026, 10:00 in the hall's time zone: bookings are open for 5–6 December.
WEDNESDAY = datetime(2026, 12, 2, 10, 0, tzinfo=rules.tz())
SATURDAY, SUNDAY = date(2026, 12, 5), date(2026, 12, 6)


def resident_id(sequence: int = 1, born: str = "19850612") -> str:
    first17 = f"130102{born}{sequence:03d}"
    return first17 + resident_id_check_character(first17)


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def clock(monkeypatch):
    """Freeze `rules.now()` (every door reads the clock through it); `clock.set(...)` moves it."""

    class Clock:
        moment = WEDNESDAY

        def set(self, moment: datetime) -> datetime:
            self.moment = moment
            return moment

        def at(self, day: date, hour: int, minute: int = 0) -> datetime:
            return self.set(datetime.combine(day, time(hour, minute), rules.tz()))

    frozen = Clock()
    monkeypatch.setattr(rules, "now", lambda: frozen.moment)
    return frozen


@pytest.fixture
def hall(users):
    from hotline.appointments.demo import seed_appointments

    seed_appointments()
    return users


@pytest.fixture
def book(hall, clock):
    from hotline.appointments import services

    def make(**overrides):
        fields = {"service": "business-license", "name": "王小明", "id_number": resident_id(1),
                  "phone": "13912345678", "date": SATURDAY, "period": "09:00-10:30"}
        fields.update(overrides)
        return services.book(**fields)

    return make
