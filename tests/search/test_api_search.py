"""GET /api/v1/tickets/?q= and its filters: ranked, cursor-paginated, bad input a 400, never a 500."""

import datetime as dt

import pytest

from tickets.models import Ticket

pytestmark = pytest.mark.django_db


def ids(response):
    assert response.status_code == 200, response.content
    return [t["id"] for t in response.json()["results"]]


def every_page(client, q):
    """The ids of every page of a search, two at a time, following the ``next`` links."""
    body = client.get("/api/v1/tickets/", {"q": q, "page_size": 2}).json()
    seen = [t["id"] for t in body["results"]]
    while body["next"]:
        body = client.get(body["next"]).json()
        seen += [t["id"] for t in body["results"]]
    return seen


def test_search_results_are_ranked_and_cursor_paginated_without_repeats(staff_api, indexed):
    weak = [indexed(title="小区问题", content="地铁施工噪音").pk for _ in range(3)]
    strong = [indexed(title="地铁施工噪音扰民", content="地铁施工噪音").pk for _ in range(3)]
    seen = every_page(staff_api("dispatcher1"), "地铁噪音")
    assert seen == strong[::-1] + weak[::-1]


def test_paging_through_capped_ranked_results_is_stable(staff_api, indexed, rank_cap):
    rank_cap(5)
    weak = [indexed(title="小区问题", content="地铁施工").pk for _ in range(4)]
    strong = [indexed(title="地铁施工扰民", content="地铁施工").pk for _ in range(3)]
    seen = every_page(staff_api("dispatcher1"), "地铁")
    # The newest five matches, best first, each once: the three title matches (newest first among
    # equals), then the two newest body matches.
    assert seen[:3] == strong[::-1]
    assert sorted(seen[3:]) == weak[2:]


def test_without_q_the_list_stays_newest_first(staff_api, indexed):
    first, second = indexed(title="地铁噪音"), indexed(title="路灯")
    assert ids(staff_api("dispatcher1").get("/api/v1/tickets/")) == [second.pk, first.pk]


def test_a_category_filter_includes_its_subtree(staff_api, indexed):
    leaf = indexed(title="养老金资格认证怎么办", category="100101")
    other = indexed(title="养老金资格认证怎么办", category="200100")
    client = staff_api("dispatcher1")
    assert ids(client.get("/api/v1/tickets/?category=100000")) == [leaf.pk]
    assert ids(client.get("/api/v1/tickets/?category=100000&q=养老金")) == [leaf.pk]
    assert ids(client.get("/api/v1/tickets/?category=200000")) == [other.pk]


def test_channel_type_priority_district_and_street_filters_combine_with_q(staff_api, indexed):
    match = indexed(title="地铁口积水", channel="phone", type="help", priority="urgent")
    Ticket.objects.filter(pk=match.pk).update(district="裕华区", street="东苑街道")
    indexed(title="地铁口积水", channel="web", type="complaint")
    client = staff_api("dispatcher1")
    for params in ("channel=phone", "type=help", "priority=urgent", "district=裕华区", "street=东苑街道",
                   "channel=phone,web&type=help"):
        assert ids(client.get(f"/api/v1/tickets/?q=积水&{params}")) == [match.pk], params


def test_created_date_range_filters_by_local_day(staff_api, indexed):
    old = indexed(title="地铁噪音")
    Ticket.objects.filter(pk=old.pk).update(created_at=dt.datetime(2026, 3, 1, 2, tzinfo=dt.timezone.utc))
    new = indexed(title="地铁噪音")
    client = staff_api("dispatcher1")
    assert ids(client.get("/api/v1/tickets/?q=地铁&from=2026-03-01&to=2026-03-01")) == [old.pk]
    assert new.pk in ids(client.get("/api/v1/tickets/?q=地铁&from=2026-03-02"))
    assert old.pk not in ids(client.get("/api/v1/tickets/?q=地铁&from=2026-03-02"))


def test_a_department_searches_only_its_own_tickets(staff_api, indexed, users):
    from tickets.services import transitions

    ours, theirs = indexed(title="地铁噪音"), indexed(title="地铁噪音")
    transitions.dispatch(ours.pk, by=users["dispatcher1"], department="housing")
    transitions.dispatch(theirs.pk, by=users["dispatcher1"], department="urban")
    assert ids(staff_api("housing1").get("/api/v1/tickets/?q=地铁")) == [ours.pk]


@pytest.mark.parametrize("query, field", [
    ("status=nope", "status"), ("channel=fax", "channel"), ("type=x", "type"), ("priority=high", "priority"),
    ("sla=late", "sla"), ("from=2026-13-01", "from"), ("to=yesterday", "to"), ("from=2026-05-02&to=2026-05-01", "to"),
    ("department=nowhere", "department"), ("category=999999", "category"), ("district=" + "区" * 31, "district"),
    ("q=" + "x" * 100_000, "q"), ("q=abc%00def", "q"), ("street=a%00", "street"),
])
def test_invalid_filters_are_a_400_with_the_contract_error_shape(staff_api, reference_data, query, field):
    response = staff_api("dispatcher1").get(f"/api/v1/tickets/?{query}")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] and error["message"] and field in error["fields"]


@pytest.mark.parametrize("q", ["😀", "'", '"', "\\", "%", "_", "*", "(a", "a OR b", "NEAR(a b)", "a:b", "!&|", "{x}"])
def test_odd_queries_answer_200(staff_api, indexed, q):
    indexed(title="路灯")
    assert staff_api("dispatcher1").get("/api/v1/tickets/", {"q": q}).status_code == 200
