"""Department rankings: the 三率 formulas of tickets.selectors.rankings, the page and the JSON."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tickets.models import Ticket
from tickets.selectors.rankings import Period, city_kpis, department_rankings, hot_topics
from tickets.services import transitions
from tickets.services.ratings import rate

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def rank_on_few_tickets(settings):
    """These tests rank units on a handful of tickets; the minimum sample has tests of its own."""
    settings.HOTLINE = {**settings.HOTLINE, "RANKING_MIN_SAMPLE": 1}


def this_week():
    now = timezone.now()
    return Period(start=now - timedelta(days=3), end=now + timedelta(days=1))


def replied_and_rated(make_ticket, users, department, handler, *, satisfaction, solved=True, **fields):
    ticket = make_ticket(**fields).ticket
    transitions.dispatch(ticket.pk, by=users["dispatcher1"], department=department)
    transitions.accept(ticket.pk, by=users[handler])
    transitions.reply(ticket.pk, by=users[handler], text="已处理")
    transitions.approve_reply(ticket.pk, by=users["dispatcher1"])
    rate(ticket.pk, solved=solved, satisfaction=satisfaction, source="web")
    return ticket


def test_three_rates_and_score_follow_the_written_formulas(make_ticket, users):
    replied_and_rated(make_ticket, users, "housing", "housing1", satisfaction="satisfied")
    replied_and_rated(make_ticket, users, "housing", "housing1", satisfaction="basic")
    replied_and_rated(make_ticket, users, "housing", "housing1", satisfaction="unsatisfied", solved=False)
    late = make_ticket().ticket
    transitions.dispatch(late.pk, by=users["dispatcher1"], department="housing")
    Ticket.objects.filter(pk=late.pk).update(sign_due=timezone.now() - timedelta(minutes=1))
    transitions.accept(late.pk, by=users["housing1"])  # signed, but after its deadline

    housing = next(row for row in department_rankings(this_week()) if row["code"] == "housing")
    assert housing["assigned"] == 4
    assert housing["response_rate"] == 1.0           # all 4 signed for
    assert housing["on_time_sign_rate"] == 0.75      # 3 of 4 signed in time
    assert housing["samples"]["response_rate"] == 4 and housing["samples"]["satisfaction_rate"] == 3
    assert housing["resolution_rate"] == round(2 / 3, 4)
    assert housing["satisfaction_rate"] == round(2 / 3, 4)   # satisfied + basic of 3 ratings
    assert housing["score"] == round((1.0 * 10 + (2 / 3) * 45 + (2 / 3) * 45), 2)


def test_ranking_puts_the_better_unit_first_and_scales_missing_rates(make_ticket, users):
    replied_and_rated(make_ticket, users, "urban", "urban1", satisfaction="satisfied")
    replied_and_rated(make_ticket, users, "market", "market1", satisfaction="unsatisfied", solved=False)
    unrated = make_ticket().ticket
    transitions.dispatch(unrated.pk, by=users["dispatcher1"], department="hrss")
    transitions.accept(unrated.pk, by=users["hrss1"])
    rows = department_rankings(this_week())
    assert [row["code"] for row in rows][:3] == ["urban", "hrss", "market"]
    hrss = next(row for row in rows if row["code"] == "hrss")
    assert hrss["resolution_rate"] is None and hrss["score"] == 100.0   # only the response rate counts yet
    assert [row["rank"] for row in rows] == list(range(1, len(rows) + 1))


def test_direct_resolution_rate_counts_calls_answered_on_the_spot(make_ticket, users):
    for _ in range(3):
        ticket = make_ticket(channel="phone", type="consultation").ticket
        transitions.resolve_directly(ticket.pk, by=users["agent1"], answer="已解答")
    transitions.dispatch(make_ticket().ticket.pk, by=users["dispatcher1"], department="housing")
    kpis = city_kpis(this_week())
    assert kpis["registered"] == 4
    assert kpis["direct_resolution_rate"] == 0.75
    assert kpis["by_type"] == {"consultation": 3, "complaint": 1}


def test_hot_topics_rank_categories_by_volume(make_ticket):
    for _ in range(3):
        make_ticket(category="300200")
    make_ticket(category="200200")
    topics = hot_topics(this_week())
    assert topics[0] == {"code": "300200", "name": "城市管理 › 路灯照明", "count": 3}


def test_statistics_page_is_for_supervision_and_leadership(client, users):
    client.force_login(users["supervisor1"])
    response = client.get("/stats/")
    assert response.status_code == 200 and "承办单位排名" in response.content.decode()
    client.force_login(users["housing1"])
    assert client.get("/stats/").status_code == 403


def test_statistics_json_validates_the_period(client, users):
    client.force_login(users["dispatcher1"])
    body = client.get("/api/v1/stats/departments/").json()
    assert {"from", "to", "departments", "city", "hot_topics", "trend", "weights"} <= set(body)
    bad = client.get("/api/v1/stats/departments/?from=2026-13-01")
    assert bad.status_code == 400 and bad.json()["error"]["fields"]["from"]
    backwards = client.get("/api/v1/stats/departments/?from=2026-11-10&to=2026-11-01")
    assert backwards.status_code == 400
    client.force_login(users["agent1"])
    assert client.get("/api/v1/stats/departments/").status_code == 403


def test_a_ticket_still_within_its_signing_deadline_counts_for_neither_side(make_ticket, users):
    signed = make_ticket().ticket
    transitions.dispatch(signed.pk, by=users["dispatcher1"], department="housing")
    transitions.accept(signed.pk, by=users["housing1"])
    fresh = make_ticket().ticket
    transitions.dispatch(fresh.pk, by=users["dispatcher1"], department="housing")  # due tomorrow, unsigned
    housing = next(row for row in department_rankings(this_week()) if row["code"] == "housing")
    assert housing["assigned"] == 2 and housing["sign_judged"] == 1
    assert housing["response_rate"] == 1.0 and housing["on_time_sign_rate"] == 1.0
    later = next(row for row in department_rankings(this_week(), now=timezone.now() + timedelta(days=3))
                 if row["code"] == "housing")
    assert later["sign_judged"] == 2 and later["response_rate"] == 0.5   # its deadline passed unsigned


def test_a_unit_on_too_few_tickets_is_listed_unranked_below_the_ranked_ones(make_ticket, users, settings):
    settings.HOTLINE = {**settings.HOTLINE, "RANKING_MIN_SAMPLE": 2}
    for _ in range(2):
        replied_and_rated(make_ticket, users, "market", "market1", satisfaction="unsatisfied", solved=False)
    replied_and_rated(make_ticket, users, "urban", "urban1", satisfaction="satisfied")  # one perfect ticket
    rows = department_rankings(this_week())
    assert [(row["code"], row["rank"]) for row in rows] == [("market", 1), ("urban", None)]
    urban = rows[1]
    assert urban["insufficient_sample"] and urban["sample_note"] == "样本不足" and urban["score"] == 100.0


def test_repeat_rate_counts_tickets_that_repeat_an_earlier_one(make_ticket, users):
    first = make_ticket().ticket
    transitions.dispatch(first.pk, by=users["dispatcher1"], department="housing")
    again = make_ticket().ticket
    again.repeat_of = first
    again.save()
    transitions.dispatch(again.pk, by=users["dispatcher1"], department="housing")
    housing = next(row for row in department_rankings(this_week()) if row["code"] == "housing")
    assert housing["repeat_rate"] == 0.5 and housing["repeats"] == 1
    assert city_kpis(this_week())["repeat_rate"] == 0.5
