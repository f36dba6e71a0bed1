"""A living demo: a few tickets in every stage, made through the real services, so a fresh `make run`
shows queues, countdowns and history. Only loaded into an empty ticket table."""

from django.db import transaction

from tickets.models import Ticket, User
from tickets.services import actions, transitions
from tickets.services.intake import register_ticket
from tickets.services.ratings import rate

# (channel, type, priority, title, content, phone, name, category, path)
# path: the steps after intake, as (transition or action, actor, payload)
DEMO_TICKETS = [
    ("web", "complaint", "normal", "小区门口路灯不亮", "裕华路12号院门口两盏路灯坏了一周，晚上出行不安全，希望尽快维修。",
     "13831100001", "王先生", "300200", []),
    ("wechat", "help", "normal", "楼道墙皮脱落", "东苑小区3号楼2单元楼道墙皮大面积脱落，担心砸伤老人孩子。",
     "13831100002", "", "200300", []),
    ("phone", "consultation", "normal", "灵活就业人员如何缴纳养老保险", "市民咨询灵活就业人员参加职工养老保险的办理地点和所需材料。",
     "13831100003", "李女士", "100100", [("resolve_directly", "agent1", {"answer": "可携带身份证到户籍所在区社保窗口或通过网上办事大厅办理灵活就业参保登记。"})]),
    ("phone", "complaint", "urgent", "燃气管道疑似泄漏", "新华区革新街小区5号楼楼下闻到明显燃气味，请立即派人处理。",
     "13831100004", "赵先生", "850300", [("dispatch", "agent1", {"department": "urban", "co_departments": ["gas_supply"]})]),
    ("phone", "complaint", "normal", "物业擅自提高停车费", "小区物业未经业主大会同意，将地面停车费由每月100元涨到200元。",
     "13831100005", "孙女士", "200200", [("dispatch", "dispatcher1", {"department": "housing"})]),
    ("web", "report", "normal", "餐馆后厨卫生问题", "槐安路一家餐馆后厨脏乱，有老鼠出没，就餐后多人腹泻。",
     "13831100006", "", "400100", [("dispatch", "dispatcher1", {"department": "market"}), ("accept", "market1", {})]),
    ("phone", "help", "normal", "工地拖欠农民工工资", "在桥西区某建筑工地干了三个月，老板拖欠工资两万元不给。",
     "13831100007", "周师傅", "100302", [("dispatch", "dispatcher1", {"department": "hrss"}), ("accept", "hrss1", {}),
                                          ("urge", "supervisor1", {"text": "涉及欠薪，请优先办理。"})]),
    ("phone", "complaint", "normal", "夜间施工噪音扰民", "长安区建北街道附近工地每晚11点后仍在施工，噪音很大。",
     "13831100008", "吴女士", "800100", [("dispatch", "dispatcher1", {"department": "urban"}), ("accept", "urban1", {}),
                                          ("reply", "urban1", {"text": "经核查，该工地未办理夜间施工许可，已责令停止夜间施工并处罚款。"})]),
    ("web", "suggestion", "normal", "建议增设公交线路", "建议在裕华区东苑片区增设一条通往火车站的公交线路。",
     "13831100009", "郑先生", "700100", [("dispatch", "dispatcher1", {"department": "urban"}),
                                          ("request_return", "urban1", {"reason": "公交线路规划属市交通运输局职责。"})]),
    ("phone", "complaint", "normal", "公租房申请迟迟没有结果", "去年提交的公租房申请至今没有审核结果，多次询问无答复。",
     "13831100010", "陈女士", "200100", [("dispatch", "dispatcher1", {"department": "housing"}), ("accept", "housing1", {}),
                                          ("reply", "housing1", {"text": "您的申请已通过资格审核，已进入轮候，预计下季度配租。"}),
                                          ("approve_reply", "dispatcher1", {})]),
    ("phone", "help", "normal", "失业登记办理", "刚失业，想办理失业登记和领取失业保险金。",
     "13831100011", "刘先生", "100301", [("dispatch", "dispatcher1", {"department": "hrss"}), ("accept", "hrss1", {}),
                                          ("reply", "hrss1", {"text": "已电话联系市民，指导其通过网上办事大厅办理失业登记，材料齐全当日可办结。"}),
                                          ("approve_reply", "dispatcher1", {}),
                                          ("rate", None, {"solved": True, "satisfaction": "satisfied", "comment": "办得很快，谢谢！"})]),
    ("phone", "praise", "normal", "表扬出入境窗口工作人员", "出入境大厅窗口工作人员耐心细致，帮我解决了护照加急问题。",
     "13831100012", "马女士", "500200", [("resolve_directly", "agent2", {"answer": "感谢您的肯定，已将表扬转达相关单位。"})]),
]


def seed_tickets() -> int:
    if Ticket.objects.exists():
        return 0
    people = {user.username: user for user in User.objects.filter(username__in=[
        "agent1", "agent2", "dispatcher1", "supervisor1", "housing1", "hrss1", "market1", "urban1"])}
    with transaction.atomic():
        for channel, type_, priority, title, content, phone, name, category, path in DEMO_TICKETS:
            registration = register_ticket(
                channel=channel, type=type_, priority=priority, title=title, content=content, phone=phone, name=name,
                category=category, by=people["agent1"] if channel == "phone" else None, notify_citizen=False)
            ticket_id = registration.ticket.pk
            for step, actor, payload in path:
                if step == "rate":
                    rate(ticket_id, source="web", **payload)
                elif step in transitions.TRANSITIONS:
                    transitions.run_transition(ticket_id, step, by=people[actor], payload=payload)
                else:
                    actions.run_action(ticket_id, step, by=people[actor], payload=payload)
    return len(DEMO_TICKETS)
