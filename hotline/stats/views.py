"""Leadership statistics: the department ranking (三率), city KPIs, hot topics and the daily trend.
The figures and their formulas live in tickets.selectors.rankings; these views only present them."""

from datetime import date

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response

from hotline.api.schema import errors
from hotline.api.views.base import JsonView
from hotline.consoles.access import WALLBOARD, console_for, may_use
from hotline.exports.negotiation import ExportAwareNegotiation, export_format
from hotline.exports.spreadsheet import SPREADSHEET_RESPONSES, export_response
from hotline.exports.statistics import statistics_sheets
from hotline.stats.charts import chart_data, previous_range
from hotline.stats.period import period_from
from tickets.errors import HotlineError, InvalidInput, PermissionDenied
from tickets.models import TicketType
from tickets.selectors import rankings
from tickets.topics import selectors as topic_selectors
from tickets.topics import services as topic_services


def _report(params) -> dict:
    period, first, last = period_from(params)
    return {
        "from": first.isoformat(),
        "to": last.isoformat(),
        "departments": rankings.department_rankings(period),
        "city": rankings.city_kpis(period),
        "hot_topics": rankings.hot_topics(period),
        "trend": rankings.daily_trend(period),
        "weights": rankings.WEIGHTS,
    }


def _topics(params) -> dict:
    _, first, last = period_from(params)
    return topic_selectors.hot_topics(first, last)


@console_for(WALLBOARD)
def statistics_page(request, monthly_error: str = "", status: int = 200):
    try:
        report, error = _report(request.GET), None
        topics = _topics(request.GET)
    except InvalidInput as exc:
        report, error = _report({}), next(iter(exc.fields.values()))[0]
        topics = _topics({})
    type_labels = dict(TicketType.choices)
    by_type = sorted(((type_labels.get(k, k), v) for k, v in report["city"]["by_type"].items()), key=lambda kv: -kv[1])
    first, last = date.fromisoformat(report["from"]), date.fromisoformat(report["to"])
    before_first, before_last = previous_range(first, last)
    before = period_from({"from": before_first.isoformat(), "to": before_last.isoformat()})[0]
    previous = {"city": rankings.city_kpis(before), "trend": rankings.daily_trend(before)}
    return render(request, "stats/statistics.html", {
        "report": report, "error": error, "by_type": by_type, "charts": chart_data(report, previous, first, last),
        "min_sample": rankings.min_sample(),
        "topics": topics, "monthly": topic_selectors.followed_monthly_topics(), "monthly_error": monthly_error,
    }, status=status)


@require_POST
@console_for(WALLBOARD)
def choose_monthly_topic(request):
    """每月一题 from the statistics page's topic list."""
    try:
        topic_services.choose_monthly_topic(
            by=request.user, label=request.POST.get("label", ""), owner=request.POST.get("owner", ""),
            key=request.POST.get("key", ""), category=request.POST.get("category", ""),
            area=request.POST.get("area", ""), note=request.POST.get("note", ""),
            ticket_ids=request.POST.get("ticket_ids", "").split(","))
    except HotlineError as exc:
        message = next(iter(exc.fields.values()))[0] if exc.fields else exc.message
        return statistics_page(request, monthly_error=message, status=exc.status)
    messages.success(request, "已确定为每月一题，将在本页跟踪办理情况。")
    return redirect(reverse("statistics") + "#hot-topics")


class HotTopicsView(JsonView):
    @extend_schema(
        summary="热点话题与预警",
        parameters=[OpenApiParameter("from", OpenApiTypes.DATE, description="开始日期（含）"),
                    OpenApiParameter("to", OpenApiTypes.DATE, description="结束日期（含）")],
        responses={200: inline_serializer("HotTopics", {
            "topics": serializers.ListField(child=serializers.DictField()),
            "alerts": serializers.ListField(child=serializers.DictField()),
        }), **errors(400, 401, 403)},
    )
    def get(self, request):
        if not may_use(request.user, WALLBOARD):
            raise PermissionDenied("只有督办、派单审核和领导岗位可以查看热点话题。")
        return Response(_topics(request.query_params))


class DepartmentStatisticsView(JsonView):
    content_negotiation_class = ExportAwareNegotiation

    @extend_schema(
        summary="部门排名与全市指标（三率）",
        parameters=[OpenApiParameter("from", OpenApiTypes.DATE, description="开始日期（含）"),
                    OpenApiParameter("to", OpenApiTypes.DATE, description="结束日期（含）"),
                    OpenApiParameter("format", str, enum=["json", "xlsx", "csv"],
                                     description="xlsx / csv：下载表格（部门排名；xlsx 另含全市指标）")],
        responses={**SPREADSHEET_RESPONSES, (200, "application/json"): inline_serializer("StatisticsReport", {
            "from": serializers.DateField(), "to": serializers.DateField(),
            "departments": serializers.ListField(child=serializers.DictField()),
            "city": serializers.DictField(), "hot_topics": serializers.ListField(child=serializers.DictField()),
            "trend": serializers.ListField(child=serializers.DictField()), "weights": serializers.DictField(),
        }), **errors(400, 401, 403)},
    )
    def get(self, request):
        if not may_use(request.user, WALLBOARD):
            raise PermissionDenied("只有督办、派单审核和领导岗位可以查看统计排名。")
        report = _report(request.query_params)
        fmt = export_format(request)
        if fmt:
            return export_response(fmt, "部门排名", statistics_sheets(report))
        return Response(report)
