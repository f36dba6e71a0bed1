"""The statistics report as a spreadsheet: the department ranking, and the city's figures."""

from __future__ import annotations

from tickets.models import Channel, TicketType

from .spreadsheet import Column, Sheet

# (key in tickets.selectors.rankings.department_rankings, header, kind)
RANKING = [
    ("rank", "名次", "int"), ("name", "单位", "text"), ("code", "单位代码", "text"), ("assigned", "派单量", "int"),
    ("response_rate", "响应率", "percent"), ("on_time_rate", "按期办结率", "percent"),
    ("resolution_rate", "解决率", "percent"), ("satisfaction_rate", "满意率", "percent"),
    ("rated", "评价数", "int"), ("avg_reply_hours", "平均办理（小时）", "number"), ("overdue_now", "当前超期", "int"),
    ("score", "综合得分", "number"),
]


def _percent(rate):
    return None if rate is None else round(rate * 100, 1)


def statistics_sheets(report: dict) -> list[Sheet]:
    ranking = Sheet(
        f"部门排名 {report['from']} 至 {report['to']}"[:31],
        [Column(header, kind, 22 if key == "name" else 12) for key, header, kind in RANKING],
        ([row.get(key) for key, _, _ in RANKING] for row in report["departments"]),
    )
    city = report["city"]
    types, channels = dict(TicketType.choices), dict(Channel.choices)
    figures = [["统计区间", f"{report['from']} 至 {report['to']}"], ["受理量", city["registered"]],
               ["直接办结率（%）", _percent(city["direct_resolution_rate"])],
               ["回访率（%）", _percent(city["callback_rate"])]]
    figures += [[f"诉求类型：{types.get(k, k)}", v] for k, v in city["by_type"].items()]
    figures += [[f"受理渠道：{channels.get(k, k)}", v] for k, v in city["by_channel"].items()]
    kpis = Sheet("全市指标", [Column("指标", width=24), Column("数值", "int", 24)], figures)
    return [ranking, kpis]
