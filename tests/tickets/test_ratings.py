"""Ratings (评价): what a citizen's verdict does to the ticket, from any channel."""

import pytest

from tests.sms.helpers import resolve
from tickets.errors import AlreadyRated, InvalidInput, TransitionNotAllowed
from tickets.models import OutboundMessage, Rating, Status
from tickets.services.ratings import rate

pytestmark = pytest.mark.django_db


@pytest.fixture
def resolved(make_ticket, users):
    ticket = make_ticket().ticket
    resolve(ticket.pk, users)
    return ticket


def test_a_rating_records_the_department_that_answered(resolved):
    rating = rate(resolved.pk, solved=True, satisfaction="satisfied", source=Rating.Source.WEB)
    assert rating.department.code == "housing" and rating.round == 0


def test_an_sms_rating_thanks_the_citizen_in_the_same_transaction(resolved):
    rate(resolved.pk, solved=True, satisfaction="basic", source=Rating.Source.SMS, send_thanks=True)
    assert OutboundMessage.objects.filter(ticket=resolved, template="rating_thanks").count() == 1


def test_a_web_rating_sends_no_thanks_sms(resolved):
    rate(resolved.pk, solved=True, satisfaction="satisfied", source=Rating.Source.WEB)
    assert not OutboundMessage.objects.filter(ticket=resolved, template="rating_thanks").exists()


def test_a_refused_rating_sends_nothing(resolved):
    rate(resolved.pk, solved=True, satisfaction="satisfied", source=Rating.Source.WEB)
    with pytest.raises((AlreadyRated, TransitionNotAllowed)):
        rate(resolved.pk, solved=True, satisfaction="satisfied", source=Rating.Source.SMS, send_thanks=True)
    assert not OutboundMessage.objects.filter(ticket=resolved, template="rating_thanks").exists()


@pytest.mark.parametrize("fields", [{"solved": "yes"}, {"satisfaction": "great"}, {"comment": "评" * 1001},
                                    {"comment": 5}])
def test_bad_ratings_name_their_field(resolved, fields):
    body = {"solved": True, "satisfaction": "satisfied", "comment": "", **fields}
    with pytest.raises(InvalidInput) as raised:
        rate(resolved.pk, source=Rating.Source.WEB, **body)
    assert set(raised.value.fields) == set(fields)


def test_an_unsolved_verdict_reopens_even_when_satisfied(resolved):
    rate(resolved.pk, solved=False, satisfaction="satisfied", source=Rating.Source.WEB)
    resolved.refresh_from_db()
    assert resolved.status == Status.ACCEPTED and resolved.reopen_count == 1
