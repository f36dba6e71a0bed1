"""A filtered ticket list as a spreadsheet (工单导出): the columns staff read in the consoles, the
citizen masked exactly as the list shows them to this user."""

from __future__ import annotations

from django.utils import timezone

from tickets import privacy
from tickets.models import Ticket
from tickets.services.deadlines import sla_state

from .spreadsheet import Column, Sheet, max_rows

SLA_LABELS = {"ok": "正常", "warning": "临期", "overdue": "超期"}
COLUMNS = [
    Column("信件编号", width=20), Column("工单号", "int", 8), Column("受理时间", "datetime", 17),
    Column("渠道", width=8), Column("诉求类型", width=9), Column("紧急程度", width=8), Column("状态", width=14),
    Column("标题", width=30), Column("诉求分类", width=28), Column("主办单位", width=22),
    Column("协办单位", width=22), Column("签收时限", "datetime", 17), Column("答复时限", "datetime", 17),
    Column("时限状态", width=8), Column("来信人", width=10), Column("联系电话", width=14),
    Column("办结时间", "datetime", 17),
]


def _row(ticket: Ticket, user, now) -> list:
    citizen = privacy.citizen_view(ticket, user)
    return [
        ticket.letter_number, ticket.pk, ticket.created_at, ticket.get_channel_display(), ticket.get_type_display(),
        ticket.get_priority_display(), ticket.get_status_display(), ticket.title,
        ticket.category.full_name if ticket.category_id else "未分类",
        ticket.lead_department.name if ticket.lead_department_id else "",
        "、".join(d.name for d in ticket.co_departments.all()), ticket.sign_due, ticket.reply_due,
        SLA_LABELS.get(sla_state(ticket, now), ""),
        "（保密）" if citizen["withheld"] else citizen["name"], citizen["phone"], ticket.resolved_at,
    ]


def ticket_sheet(queryset, user) -> Sheet:
    """The first max_rows() tickets of an already filtered and ordered queryset, read in chunks."""
    cap = max_rows()
    queryset = queryset.select_related("lead_department", "category__parent__parent")
    total = queryset.count()
    now = timezone.now()
    rows = (_row(t, user, now) for t in queryset[:cap].iterator(chunk_size=1000))
    note = f"共 {total} 件，仅导出最新的 {cap} 件，请缩小筛选范围后分批导出。" if total > cap else ""
    return Sheet("工单列表", COLUMNS, rows, note)
