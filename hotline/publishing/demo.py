"""Demo published letters for `seed_demo`: three consenting letters taken through the real loop and
published through the editor's service (one in 曝光纠错). Only when nothing is published yet."""

from django.db import transaction

from hotline.publishing import services
from hotline.publishing.models import Publication
from tickets.models import User
from tickets.services import transitions
from tickets.services.intake import register_ticket
from tickets.services.ratings import rate

# (type, department, title, content, reply, outcome, solved)
DEMO_LETTERS = [
    ("complaint", "urban", "东苑小区门口路灯不亮", "我是东苑小区居民王建华，电话13831100021，住5号楼2单元301室。"
     "小区东门外两盏路灯坏了半个月，晚上出行很不方便。",
     "经现场核查，路灯因电缆老化断路，已于次日更换电缆并恢复照明。", "", True),
    ("consultation", "hrss", "灵活就业人员怎样参加养老保险", "我叫李秀英，今年45岁，没有单位，想以灵活就业人员身份缴纳养老保险，需要带什么材料？",
     "可携带居民身份证到户籍所在区社保经办窗口，或通过网上办事大厅办理灵活就业人员参保登记，缴费基数可在规定范围内自选。", "", True),
    ("complaint", "housing", "物业推诿不处理楼顶漏水", "翠苑小区3号楼顶层漏水两个月，多次找物业，物业推诿说不归他们管，一直不处理。"
     "联系电话0311-86001234。",
     "已约谈物业公司负责人，责令限期维修；物业已完成楼顶防水层修补，并向业主致歉。",
     "住建局约谈物业并责令整改，楼顶防水已修复，物业书面致歉，纳入物业服务信用记录。", True),
]


def seed_publications() -> int:
    """Returns how many letters are published (idempotent: nothing is added once there are some)."""
    if Publication.objects.exists():
        return Publication.objects.filter(is_published=True).count()
    people = {u.username: u for u in User.objects.filter(username__in=[
        "dispatcher1", "urban1", "hrss1", "housing1"])}
    if len(people) < 4:
        return 0
    count = 0
    with transaction.atomic():
        for type_, department, title, content, reply, outcome, solved in DEMO_LETTERS:
            ticket = register_ticket(channel="web", type=type_, title=title, content=content, phone="13831100021",
                                     name="王建华", publish_consent=True, notify_citizen=False).ticket
            handler = people[f"{department}1"]
            transitions.dispatch(ticket.pk, by=people["dispatcher1"], department=department)
            transitions.accept(ticket.pk, by=handler)
            transitions.reply(ticket.pk, by=handler, text=reply)
            transitions.approve_reply(ticket.pk, by=people["dispatcher1"])
            rate(ticket.pk, solved=solved, satisfaction="satisfied", source="web")
            services.publish(ticket.pk, by=people["dispatcher1"], outcome=outcome)
            count += 1
    return count
