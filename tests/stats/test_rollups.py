"""The statistics' daily roll-ups: kept current by the service layer, rebuilt by a command, and always
giving the same figures as counting the tickets themselves (tickets.selectors.rankings)."""

from datetime import datetime, time, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from tickets.models import DailyTicketStat, Ticket
from tickets.selectors.rankings import Period, city_kpis, daily_trend, department_rankings, hot_topics
from tickets.services import rollups, transitions
from tickets.services.ratings import rate

pytestmark = pytest.mark.django_db


def days_around(before: int, after: int = 1) -> Period:
    tz = timezone.get_default_timezone()
    today = timezone.localdate()
    return Period(start=datetime.combine(today - timedelta(days=before), time.min, tz),
                  end=datetime.combine(today + timedelta(days=after), time.min, tz))


def assert_same_figures(period: Period, now=None):
    now = now or timezone.now()
    assert department_rankings(period, now, source="rollup") == department_rankings(period, now, source="raw")
    assert city_kpis(period, source="rollup") == city_kpis(period, source="raw")
    assert hot_topics(period, source="rollup") == hot_topics(period, source="raw")
    assert daily_trend(period, source="rollup") == daily_trend(period, source="raw")


def stored_rollups():
    """The finest grain as stored; the coarser tables are checked through the figures they give."""
    return {(r.day, r.department_id, r.category_id, r.type): {name: getattr(r, name) for name in rollups.FACTS
                                                              if getattr(r, name)}
            for r in DailyTicketStat.objects.all() if any(getattr(r, name) for name in rollups.FACTS)}


def computed_rollups():
    rows, _ = rollups.computed()
    return {key: {name: n for name, n in counts.items() if n} for key, counts in rows.items() if any(counts.values())}


def a_busy_day(make_ticket, users):
    """Every path a ticket can take through the services, on a handful of tickets."""
    dispatcher, agent = users["dispatcher1"], users["agent1"]
    for satisfaction, solved in [("satisfied", True), ("basic", True), ("unsatisfied", False)]:
        ticket = make_ticket(category="200200").ticket
        transitions.dispatch(ticket.pk, by=dispatcher, department="housing")
        transitions.accept(ticket.pk, by=users["housing1"])
        transitions.reply(ticket.pk, by=users["housing1"], text="已处理")
        transitions.approve_reply(ticket.pk, by=dispatcher)
        rate(ticket.pk, solved=solved, satisfaction=satisfaction, source="web")  # the unsatisfied one reopens
    late = make_ticket(type="help").ticket
    transitions.dispatch(late.pk, by=dispatcher, department="urban")
    Ticket.objects.filter(pk=late.pk).update(sign_due=timezone.now() - timedelta(minutes=1))
    transitions.accept(late.pk, by=users["urban1"])  # signed after its deadline
    waiting = make_ticket().ticket
    transitions.dispatch(waiting.pk, by=dispatcher, department="urban")
    overdue = make_ticket().ticket
    transitions.dispatch(overdue.pk, by=dispatcher, department="market")
    Ticket.objects.filter(pk=overdue.pk).update(sign_due=timezone.now() - timedelta(hours=1),
                                                reply_due=timezone.now() - timedelta(minutes=5))
    for _ in range(2):
        direct = make_ticket(channel="phone", type="consultation", category="100100").ticket
        transitions.resolve_directly(direct.pk, by=agent, answer="已解答")
    transitions.mark_invalid(make_ticket().ticket.pk, by=agent, reason="测试来电")
    first = make_ticket().ticket
    transitions.merge(make_ticket().ticket.pk, by=dispatcher, into=first.pk)
    returned = make_ticket().ticket
    transitions.dispatch(returned.pk, by=dispatcher, department="hrss")
    transitions.request_return(returned.pk, by=users["hrss1"], reason="不属于本单位职责")
    transitions.approve_return(returned.pk, by=dispatcher)
    transitions.dispatch(returned.pk, by=dispatcher, department="market")
    again = make_ticket(channel="wechat").ticket
    again.repeat_of = first
    again.save()
    transitions.dispatch(again.pk, by=dispatcher, department="market")


def test_the_service_layer_keeps_the_rollups_equal_to_a_rebuild(make_ticket, users):
    a_busy_day(make_ticket, users)
    assert stored_rollups() == computed_rollups()
    assert stored_rollups(), "the day left counts in the roll-ups"


def test_rollup_figures_equal_the_raw_computation_after_every_path(make_ticket, users):
    a_busy_day(make_ticket, users)
    assert_same_figures(days_around(0))
    assert_same_figures(days_around(30, 2))
    # Judged tickets depend on the moment asked about; so do both paths.
    assert_same_figures(days_around(0), now=timezone.now() + timedelta(days=40))


def test_rollup_figures_equal_the_raw_computation_on_a_generated_city(reference_data):
    """Two thousand tickets over a year as the city-scale benchmark loads them (bulk, no service
    layer), then the rebuild command: every period gives the raw figures."""
    from bench import city_scale

    city_scale._reference_data()
    city_scale.load(2000)
    call_command("rebuild_rollups", verbosity=0)
    assert stored_rollups() == computed_rollups()
    for before, after in [(0, 1), (6, 1), (29, 1), (364, 1), (120, -90)]:
        assert_same_figures(days_around(before, after))
    assert sum(row["count"] for row in daily_trend(days_around(366))) == Ticket.objects.count()


def test_rebuilding_recent_days_leaves_older_days_alone(make_ticket, users):
    a_busy_day(make_ticket, users)
    before = stored_rollups()
    old = DailyTicketStat.objects.create(day=timezone.localdate() - timedelta(days=40), type="help", registered=5)
    call_command("rebuild_rollups", "--days", "2", verbosity=0)
    assert DailyTicketStat.objects.filter(pk=old.pk).exists()
    DailyTicketStat.objects.filter(pk=old.pk).delete()
    assert stored_rollups() == before


def test_a_period_of_part_days_is_counted_from_the_tickets(make_ticket, users):
    a_busy_day(make_ticket, users)
    now = timezone.now()
    part = Period(start=now - timedelta(hours=1), end=now + timedelta(hours=1))
    with pytest.raises(ValueError):
        department_rankings(part, source="rollup")
    assert department_rankings(part) == department_rankings(part, source="raw")
