"""Letter numbers (信件编号): easy to read out on the phone and type on a keypad.

Shape: YYYYMMDD + a 6-digit daily sequence + one Luhn check digit = 15 digits (16 on a day with more
than 999,999 letters). The check digit catches a mistyped or misheard digit before any lookup.
The sequence comes from a per-day counter row incremented with an UPDATE, so two processes never
get the same number; a registration that then fails leaves a gap, which is harmless.
"""

from django.db import transaction
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
    with transaction.atomic():
        LetterSequence.objects.get_or_create(day=day)
        LetterSequence.objects.filter(day=day).update(last=F("last") + 1)
        sequence = LetterSequence.objects.get(day=day).last
    body = f"{day:%Y%m%d}{sequence:06d}"
    return body + luhn_digit(body)
