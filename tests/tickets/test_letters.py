"""Letter numbers and query passwords."""

import pytest
from django.conf import settings

from tickets import letter_numbers, passwords
from tickets.errors import InvalidInput, NotFound
from tickets.selectors import lookup_letter


@pytest.mark.django_db
def test_letter_numbers_are_15_digits_with_a_check_digit_and_unique():
    numbers = [letter_numbers.next_letter_number() for _ in range(50)]
    assert len(set(numbers)) == 50
    for number in numbers:
        assert len(number) == 15 and number.isdigit()
        assert letter_numbers.is_well_formed(number)


def test_a_mistyped_digit_fails_the_check():
    good = "20261122000001" + letter_numbers.luhn_digit("20261122000001")
    bad = good[:5] + str((int(good[5]) + 1) % 10) + good[6:]
    assert letter_numbers.is_well_formed(good)
    assert not letter_numbers.is_well_formed(bad)


def test_password_is_hashed_and_verifiable():
    encoded = passwords.hash_password("secret-123")
    assert "secret-123" not in encoded and encoded.startswith(f"pbkdf2_letter${settings.LETTER_PASSWORD_ITERATIONS}$")
    assert passwords.check_password("secret-123", encoded)
    assert not passwords.check_password("secret-124", encoded)


def test_a_password_hashed_at_the_former_cost_still_verifies():
    encoded = passwords.LetterPasswordHasher().encode("secret-123", "fixedsalt123456", iterations=20_000)
    assert encoded.startswith("pbkdf2_letter$20000$")
    assert passwords.check_password("secret-123", encoded)
    assert not passwords.check_password("secret-124", encoded)


def test_generated_passwords_avoid_look_alike_characters():
    for _ in range(100):
        generated = passwords.generate_password()
        assert len(generated) == 8 and not set(generated) & set("01ilo")


@pytest.mark.django_db
def test_registration_returns_the_password_once_and_stores_only_its_hash(make_ticket):
    registration = make_ticket(password="my-pass-9")
    assert registration.password == "my-pass-9"
    assert "my-pass-9" not in registration.ticket.password_hash
    assert lookup_letter(registration.ticket.letter_number, "my-pass-9") == registration.ticket


@pytest.mark.django_db
def test_unknown_number_and_wrong_password_raise_the_same_error(make_ticket):
    registration = make_ticket()
    with pytest.raises(NotFound) as wrong_password:
        lookup_letter(registration.ticket.letter_number, "wrong-password")
    with pytest.raises(NotFound) as unknown_number:
        lookup_letter("999999999999999", registration.password)
    assert wrong_password.value.message == unknown_number.value.message
    assert wrong_password.value.code == unknown_number.value.code


@pytest.mark.django_db
def test_short_password_is_refused(make_ticket):
    with pytest.raises(InvalidInput) as error:
        make_ticket(password="12345")
    assert "password" in error.value.fields


@pytest.mark.django_db
def test_bad_coordinates_are_refused(make_ticket):
    with pytest.raises(InvalidInput) as error:
        make_ticket(lat=95, lon=114.5)
    assert "lat" in error.value.fields


@pytest.mark.django_db
def test_registration_queues_the_letter_number_sms(make_ticket):
    from tickets.models import OutboundMessage

    registration = make_ticket(phone="13900001111")
    message = OutboundMessage.objects.get(ticket=registration.ticket, template="letter_received")
    assert message.recipient == "13900001111"
    assert registration.ticket.letter_number in message.body


def test_a_letter_number_typed_with_a_chinese_input_method_is_found(make_ticket):
    from tickets.selectors import lookup_letter

    registration = make_ticket()
    number = registration.ticket.letter_number
    full_width = "".join(chr(ord(d) + 0xFEE0) for d in number)
    spaced = f"{full_width[:8]} {full_width[8:]}"
    assert lookup_letter(spaced, registration.password).pk == registration.ticket.pk
