"""The console lists page by cursor (issue 11): forward and back through every row exactly once, a
tampered cursor starts over at the first page, and a page neither counts nor skips over the archive."""

import html
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hotline.consoles import lists
from hotline.consoles.keyset import INVALID_CURSOR, seek
from tickets.models import Status, Ticket

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr(lists, "PAGE_SIZE", 3)


def rows(body: str) -> list[int]:
    """The tickets of the rows in ``body``, in order (a row's forms repeat its id)."""
    return list(dict.fromkeys(int(pk) for pk in re.findall(r'data-ticket="(\d+)"', body)))


def link(body: str, rel: str) -> str | None:
    found = re.search(rf'rel="{rel}" href="([^"]*)"', body)
    return html.unescape(found.group(1)) if found else None


def walk(client, url: str, rel: str, body: str | None = None) -> list[str]:
    """Every page's body from ``url`` on, following the 下一页 (next) or 上一页 (prev) links."""
    bodies = [body or client.get(url).content.decode()]
    while (href := link(bodies[-1], rel)) is not None:
        bodies.append(client.get(url.split("?")[0] + href).content.decode())
        assert len(bodies) < 20, "the pager goes round in circles"
    return bodies


def test_the_intake_pages_forward_and_back_through_every_ticket_once(login, make_ticket, small_pages):
    for i in range(8):
        make_ticket(title=f"来信{i}")
    expected = list(Ticket.objects.filter(status=Status.RECEIVED).order_by("-created_at", "-id")
                    .values_list("id", flat=True))
    client = login("agent1")
    forward = walk(client, "/console/agent/", "next")
    assert [rows(body) for body in forward] == [expected[:3], expected[3:6], expected[6:]]
    assert "第 2 页，共 8 件" in forward[1] and 'data-page="2"' in forward[1]
    backward = walk(client, "/console/agent/", "prev", body=forward[-1])
    assert [rows(body) for body in reversed(backward)] == [rows(body) for body in forward]
    # Back at the start the list is page 1 again: new letters are put on top only there.
    assert 'data-page="1"' in backward[-1] and link(backward[-1], "prev") is None


def test_the_inbox_and_its_co_handling_list_page_by_their_own_cursors(login, ticket_in, small_pages, users):
    from tickets.services import transitions

    for i in range(4):
        ticket_in(Status.DISPATCHED, title=f"主办{i}")
    for i in range(4):
        ticket = ticket_in(Status.RECEIVED, title=f"协办{i}")
        transitions.dispatch(ticket.pk, by=users["dispatcher1"], department="urban", co_departments=["housing"])
    client = login("housing1")
    first = client.get("/console/inbox/").content.decode()
    own, co = first.split('data-list="inbox_co"')
    [co_next] = re.findall(r'href="(\?[^"]*co_cursor=[^"]*)"', co)
    later_own, later_co = client.get("/console/inbox/" + html.unescape(co_next)).content.decode().split(
        'data-list="inbox_co"')
    # The co-handling list moved on to its second page; the unit's own list stayed on its first.
    assert rows(later_own) == rows(own) and len(rows(own)) == 3
    assert len(rows(co)) == 3 and rows(later_co) and not set(rows(later_co)) & set(rows(co))
    assert "第 2 页，共 4 件" in later_co


ORDERS = [
    (F("replied_at").asc(nulls_last=True), "id"),
    (F("replied_at").desc(nulls_first=True), "-id"),
    (F("replied_at").asc(nulls_first=True), F("reply_due").desc(nulls_last=True), "id"),
    ("-priority", "created_at", "id"),
    ("-created_at",),
]


@pytest.mark.parametrize("order", ORDERS, ids=range(len(ORDERS)))
def test_a_cursor_walk_gives_the_full_order_whatever_the_nulls_and_ties(make_ticket, order):
    ids = [make_ticket().ticket.pk for _ in range(7)]
    now = timezone.now()
    Ticket.objects.filter(pk__in=ids[:2]).update(replied_at=now)
    Ticket.objects.filter(pk__in=ids[2:4]).update(replied_at=now - timedelta(hours=1), reply_due=now,
                                                  priority="urgent")
    Ticket.objects.filter(pk=ids[4]).update(reply_due=now + timedelta(days=1))
    queryset = Ticket.objects.filter(pk__in=ids).order_by(*order)
    expected = list(queryset.values_list("id", flat=True))

    pages = [seek(queryset, None, size=2, salt="test")]
    while pages[-1].has_next:
        pages.append(seek(queryset, pages[-1].next_cursor, size=2, salt="test"))
    assert [ticket.pk for page in pages for ticket in page] == expected
    back = [pages[-1]]
    while back[-1].has_previous:
        back.append(seek(queryset, back[-1].previous_cursor, size=2, salt="test"))
    assert [[t.pk for t in page] for page in reversed(back)] == [[t.pk for t in page] for page in pages]


def test_an_order_that_leaves_nulls_to_the_database_is_refused(db):
    with pytest.raises(ValueError):
        seek(Ticket.objects.order_by("replied_at"), None, size=2, salt="test")


@pytest.mark.parametrize("how", ["garbage", "edited", "another_list"])
def test_a_tampered_cursor_shows_the_first_page_with_a_notice(login, make_ticket, small_pages, how):
    for i in range(5):
        make_ticket(title=f"来信{i}")
    agent, dispatcher = login("agent1"), login("dispatcher1")
    first = agent.get("/console/agent/").content.decode()
    cursor = link(first, "next").split("cursor=")[1]
    forged = {
        "garbage": "not-a-cursor",
        "edited": cursor[:10] + ("A" if cursor[10] != "A" else "B") + cursor[11:],
        # The desk's received tab signs its own cursors: one list's cursor does not open another.
        "another_list": link(dispatcher.get("/console/dispatch/").content.decode(), "next").split("cursor=")[1],
    }[how]
    response = agent.get("/console/agent/", {"cursor": forged})
    assert response.status_code == 200
    body = response.content.decode()
    assert INVALID_CURSOR in body
    assert rows(body) == rows(first)


def test_a_live_row_still_renders_with_the_cursor_in_the_query_string(login, make_ticket, small_pages):
    tickets = [make_ticket(title=f"来信{i}").ticket for i in range(5)]
    client = login("dispatcher1")
    href = link(client.get("/console/dispatch/").content.decode(), "next")
    response = client.get(f"/console/rows/dispatch_received/{tickets[0].pk}/{href}")
    assert response.status_code == 200 and f'data-ticket="{tickets[0].pk}"' in response.content.decode()


def test_a_search_says_how_many_it_has_seen_instead_of_counting(login, make_ticket, small_pages):
    for i in range(4):
        make_ticket(title=f"来信{i}", channel="web")
    client = login("agent1")
    plain = client.get("/console/agent/").content.decode()
    assert 'data-list-count="intake">4<' in plain and "共 4 件" in plain
    searched = client.get("/console/agent/", {"channel": "web"}).content.decode()
    # Not a number the live script could add to: the badge is left alone while filtering.
    assert "data-list-count" not in searched and ">3+<" in searched and "共 3+ 件" in searched


def _ticket_sql(client, url: str) -> list[str]:
    client.get(url)  # warm the session and the per-process caches
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in captured.captured_queries if 'FROM "tickets_ticket"' in q["sql"]]


def _counts(sql: list[str]) -> list[str]:
    return [statement for statement in sql if "COUNT(" in statement.upper()]


def _each_count_keeps_to_open_states(statement: str) -> bool:
    """Every read of the ticket table in ``statement`` is limited by a ticket state."""
    reads = re.findall(r'FROM "tickets_ticket"(.*?)(?:\) AS "|$)', statement)
    return bool(reads) and all('"status" IN (' in read or '"status" = ' in read for read in reads)


def test_a_later_dispatch_page_seeks_and_counts_only_the_open_work_once(login, make_ticket, small_pages):
    for i in range(8):
        make_ticket(title=f"来信{i}")
    client = login("dispatcher1")
    href = link(client.get("/console/dispatch/").content.decode(), "next")
    sql = _ticket_sql(client, "/console/dispatch/" + href)
    assert not [statement for statement in sql if "OFFSET" in statement.upper()]
    [counters] = _counts(sql)  # every tab's badge and the pager's total, in one statement
    assert counters.count("COUNT(") == 5 and _each_count_keeps_to_open_states(counters)


@pytest.mark.parametrize("username,url", [("agent1", "/console/agent/"), ("housing1", "/console/inbox/")])
def test_the_other_lists_count_only_through_their_counters(login, ticket_in, small_pages, username, url):
    for _ in range(4):
        ticket_in(Status.RECEIVED)
        ticket_in(Status.DISPATCHED)
    sql = _ticket_sql(login(username), url)
    assert not [statement for statement in sql if "OFFSET" in statement.upper()]
    [counters] = _counts(sql)
    assert counters.count("COUNT(") == 1 and _each_count_keeps_to_open_states(counters)


def test_the_wallboard_counts_nothing_beyond_its_counters(login, ticket_in, small_pages):
    for _ in range(4):
        ticket_in(Status.ACCEPTED)
    client = login("supervisor1")
    page = _counts(_ticket_sql(client, "/console/wallboard/"))
    counters = _counts(_ticket_sql(client, "/console/wallboard/counters/"))
    assert len(page) == len(counters)


def test_the_tab_counters_are_one_query(login, make_ticket, pending_extension, django_assert_num_queries):
    make_ticket()
    client = login("dispatcher1")
    client.get("/console/dispatch/counts/")
    with django_assert_num_queries(3):  # the session, the user, the counters
        counts = client.get("/console/dispatch/counts/").json()
    assert counts == {"received": 1, "returns": 0, "replies": 0, "extensions": 1, "transfers": 0}


def test_a_text_search_pages_by_relevance_and_refuses_a_cursor_of_the_plain_list(
        login, make_ticket, small_pages, django_capture_on_commit_callbacks):
    for i in range(5):
        with django_capture_on_commit_callbacks(execute=True):  # the search index is kept after commit
            make_ticket(title=f"公积金提取咨询{i}")
    make_ticket(title="路灯不亮")
    client = login("agent1")
    forward = walk(client, "/console/agent/?q=公积金", "next")
    found = [pk for body in forward for pk in rows(body)]
    assert len(forward) == 2 and len(found) == len(set(found)) == 5
    assert "共 3+ 件" in forward[0]
    # A cursor of the list in its own order means nothing in the ranking: start over, say so.
    plain_cursor = link(client.get("/console/agent/").content.decode(), "next").split("cursor=")[1]
    body = client.get("/console/agent/", {"q": "公积金", "cursor": plain_cursor}).content.decode()
    assert INVALID_CURSOR in body and rows(body) == rows(forward[0])
