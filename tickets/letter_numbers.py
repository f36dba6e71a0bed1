"""Letter numbers (信件编号): easy to read out on the phone and type on a keypad.

Shape: YYYYMMDD + a 6-digit daily sequence + one Luhn check digit = 15 digits (16 on a day with more
than 999,999 letters). The check digit catches a mistyped or misheard digit before any lookup.
Where the daily sequence comes from:
- PostgreSQL: a database sequence per day (`tickets_letter_seq_YYYYMMDD`). `nextval` takes no row
  lock and is not rolled back, so concurrent intakes in the whole city never queue on each other
  (a per-day counter row stays locked until the intake's transaction commits: every letter of the
  city waited for the previous one). The day's sequence is created by its first letter.
- SQLite (the embedded default): the per-day counter row, incremented with an UPDATE; SQLite
  serialises writers anyway.
Either way two processes never get the same number; a registration that then fails leaves a gap,
which is harmless.
"""

import time

from django.db import DatabaseError, connection, transaction
from django.db.models import F
from django.utils import timezone

from tickets.models import LetterSequence


def luhn_digit(digits: str) -> str:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 0:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return str((10 - total % 10) % 10)


def is_well_formed(number: str) -> bool:
    return (
        isinstance(number, str) and number.isascii() and number.isdigit() and 15 <= len(number) <= 16
        and luhn_digit(number[:-1]) == number[-1]
    )


def next_letter_number(now=None) -> str:
    day = timezone.localdate(now or timezone.now())
    sequence = _next_from_sequence(day) if connection.vendor == "postgresql" else _next_from_counter_row(day)
    body = f"{day:%Y%m%d}{sequence:06d}"
    return body + luhn_digit(body)


def _next_from_counter_row(day) -> int:
    with transaction.atomic():
        LetterSequence.objects.get_or_create(day=day)
        LetterSequence.objects.filter(day=day).update(last=F("last") + 1)
        return LetterSequence.objects.get(day=day).last


def _numbers_used(day) -> int:
    """The day's highest sequence already handed out (by the counter row, before this day's sequence
    existed, or by letters stored with the day's prefix), so a new sequence never repeats one."""
    from tickets.models import Ticket

    row = LetterSequence.objects.filter(day=day).values_list("last", flat=True).first() or 0
    newest = (Ticket.objects.filter(letter_number__startswith=f"{day:%Y%m%d}")
              .order_by("-letter_number").values_list("letter_number", flat=True).first())
    stored = int(newest[8:-1]) if newest and len(newest) >= 15 else 0
    return max(row, stored)


def sequence_name(day) -> str:
    return f"tickets_letter_seq_{day:%Y%m%d}"


def _next_from_sequence(day, attempts: int = 50) -> int:
    name = sequence_name(day)
    for attempt in range(attempts):
        # `to_regclass` is NULL (and so is `nextval` of it) while the day's sequence does not exist
        # yet, or was created by a transaction that has not committed: one statement, no savepoint
        # and no error to recover from on every letter but the day's first.
        with connection.cursor() as cursor:
            cursor.execute("SELECT nextval(to_regclass(%s))", [name])
            value = cursor.fetchone()[0]
        if value is not None:
            return value
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                start = _numbers_used(day) + 1
                cursor.execute(f"CREATE SEQUENCE IF NOT EXISTS {name} MINVALUE 1 START {int(start)}")
        except DatabaseError:
            time.sleep(0.02 * (attempt + 1))  # another intake is creating it right now
    raise DatabaseError(f"letter number sequence {name} could not be created")
