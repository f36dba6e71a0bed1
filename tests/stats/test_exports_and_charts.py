"""Excel and CSV exports of the ranking and of ticket lists, and the statistics page's chart data."""

import io
import json
import re
from datetime import datetime

import pytest
from django.test import Client
from django.utils import timezone

from tickets.services import transitions

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(users):
    def make(username):
        client = Client()
        client.force_login(users[username])
        return client

    return make


def _workbook(response):
    from openpyxl import load_workbook

    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def test_ticket_list_exports_to_excel_with_chinese_headers_and_real_dates(staff, make_ticket, users):
    ticket = make_ticket(title="裕华路路灯不亮").ticket
    transitions.run_transition(ticket.pk, "dispatch", by=users["dispatcher1"], payload={"department": "housing"})
    response = staff("dispatcher1").get("/api/v1/tickets/?format=xlsx&status=dispatched")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    sheet = _workbook(response).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("信件编号", "工单号", "受理时间")
    assert rows[1][0] == ticket.letter_number and rows[1][7] == "裕华路路灯不亮"
    assert isinstance(rows[1][2], datetime)  # a date cell, not text
    assert rows[1][9] == "市住房和城乡建设局"
    # The phone is masked as on screen.
    assert rows[1][15] == "138****5678"


def test_export_follows_the_lists_visibility(staff, make_ticket, users):
    mine = make_ticket(title="住建的").ticket
    theirs = make_ticket(title="城管的").ticket
    transitions.run_transition(mine.pk, "dispatch", by=users["dispatcher1"], payload={"department": "housing"})
    transitions.run_transition(theirs.pk, "dispatch", by=users["dispatcher1"], payload={"department": "urban"})
    body = b"".join(staff("housing1").get("/api/v1/tickets/?format=csv").streaming_content).decode("utf-8-sig")
    assert "住建的" in body and "城管的" not in body
    assert body.splitlines()[0].startswith("信件编号,工单号,受理时间")


def test_export_is_capped_and_says_so(staff, make_ticket, settings):
    settings.HOTLINE_EXPORTS = {"MAX_ROWS": 2}
    for n in range(3):
        make_ticket(title=f"第{n}件")
    lines = b"".join(staff("dispatcher1").get("/api/v1/tickets/?format=csv").streaming_content) \
        .decode("utf-8-sig").splitlines()
    assert len(lines) == 1 + 2 + 1 and "仅导出最新的 2 件" in lines[-1]


def test_bad_filter_on_an_export_is_a_json_error_not_a_file(staff):
    response = staff("dispatcher1").get("/api/v1/tickets/?format=xlsx&status=nonsense")
    assert response.status_code == 400 and response.json()["error"]["fields"]["status"]


def test_export_needs_login():
    assert Client().get("/api/v1/tickets/?format=xlsx").status_code in (401, 403)


def test_ranking_exports_to_excel_and_csv(staff, make_ticket, users):
    ticket = make_ticket().ticket
    transitions.run_transition(ticket.pk, "dispatch", by=users["dispatcher1"], payload={"department": "housing"})
    today = timezone.localdate().isoformat()
    response = staff("leader1").get(f"/api/v1/stats/departments/?from={today}&to={today}&format=xlsx")
    assert response.status_code == 200
    book = _workbook(response)
    ranking, city = book.worksheets
    header, first = list(ranking.iter_rows(values_only=True))[:2]
    assert header[:4] == ("名次", "单位", "单位代码", "派单量") and first[2] == "housing"
    assert ranking.cell(row=2, column=5).number_format == "0.0%"
    assert ("受理量", 1) in list(city.iter_rows(values_only=True))
    csv_body = b"".join(staff("leader1").get(
        f"/api/v1/stats/departments/?from={today}&to={today}&format=csv").streaming_content).decode("utf-8-sig")
    assert csv_body.startswith("名次,单位,单位代码,派单量")
    bad = staff("leader1").get("/api/v1/stats/departments/?from=2026-13-01&format=xlsx")
    assert bad.status_code == 400


def test_statistics_page_carries_chart_data_for_every_day_and_the_previous_period(staff, make_ticket):
    make_ticket(type="consultation")
    make_ticket(type="complaint", channel="phone")
    today = timezone.localdate()
    first = today.replace(day=1)
    page = staff("leader1").get(f"/stats/?from={first.isoformat()}&to={today.isoformat()}").content.decode()
    assert "/static/vendor/echarts/echarts.min.js" in page and "导出 Excel" in page
    data = json.loads(re.search(r'<script id="chart-data" type="application/json">(.*?)</script>', page, re.S)
                      .group(1))
    days = (today - first).days + 1
    assert len(data["trend"]["days"]) == days and len(data["trend"]["previous"]) == days
    assert data["trend"]["current"][-1] == 2
    assert {row["name"] for row in data["by_type"]} == {"咨询", "投诉"}
    assert {row["name"] for row in data["by_channel"]} == {"网站", "电话"}
    assert data["comparison"]["current"][0] == 2 and data["comparison"]["previous"][0] == 0
