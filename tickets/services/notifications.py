"""Citizen and duty notices, written to the outbox (OutboundMessage) inside the caller's transaction.

Nothing here talks to a gateway: delivery is a task that reads the outbox after commit, so a broker,
SMS gateway or WeChat outage delays a notice but never loses it or the change that caused it.
`dedupe_key` makes queuing idempotent: the same cause never queues the same notice twice.

The default wording of every message the hotline sends a citizen lives here too (the WeChat passive
replies included). Edited wording is a door's business: the SMS app registers its admin-editable
templates with `register_wording` in its ready(), so the core never imports it.
"""

import re
import string
from collections.abc import Callable

from django.db import IntegrityError, transaction

from tickets.models import OutboundMessage, Ticket
from tickets.signals import outbound_messages_queued

# Default wording: what a fresh install sends, and what `render` falls back to.
DEFAULT_TEMPLATES = {
    "letter_received": "【12345热线】您的诉求已受理，信件编号{letter_number}，查询密码{password}，"
                       "可凭编号和密码在12345网站或公众号查询办理进度，请妥善保存。",
    "letter_replied": "【12345热线】您的信件{letter_number}已有答复，请凭信件编号和查询密码登录12345网站或公众号查看。",
    "rating_invitation": "【12345热线】请对信件{letter_number}的办理结果评价：回复“{letter_number} 1”满意，"
                         "“{letter_number} 2”基本满意，“{letter_number} 3”不满意。",
    "rating_thanks": "【12345热线】已收到您对信件{letter_number}的评价“{satisfaction}”，感谢您的监督。",
    "urgent_deadline_warning": "【12345热线】紧急工单{letter_number}（{title}）的{deadline}时限将于{due}到期，请尽快办理。",
    "wechat_reply": "您的信件{letter_number}已有答复：\n{reply}\n\n欢迎评价：发送“评价 {letter_number} 1”表示满意，"
                    "2 为基本满意，3 为不满意。",
    "wechat_welcome": "欢迎关注12345政务服务便民热线！\n直接发送文字即可反映诉求（可附图片和位置）；"
                      "发送“查询”查看您的信件办理进度。紧急情况请拨打110、119、120。",
    "wechat_registered": "您的诉求已受理。\n信件编号：{letter_number}\n查询密码：{password}\n"
                         "请妥善保存。{window}分钟内继续发送的文字、图片和位置将补充到这封信件；发送“查询”可查看办理进度。",
    "wechat_appended": "已补充到信件{letter_number}。",
    "citizen_sms_code": "【12345热线】您的验证码为{code}，{minutes}分钟内有效。请勿告诉他人，工作人员不会向您索要验证码。",
}

TEMPLATE_LABELS = {
    "letter_received": "短信·受理回执（含信件编号和查询密码）",
    "letter_replied": "短信·答复提醒",
    "rating_invitation": "短信·评价邀请",
    "rating_thanks": "短信·评价致谢",
    "urgent_deadline_warning": "短信·紧急工单时限预警（发往承办单位值班电话）",
    "wechat_reply": "微信·答复推送（客服消息）",
    "wechat_welcome": "微信·关注欢迎语",
    "wechat_registered": "微信·受理回复（含信件编号和查询密码）",
    "wechat_appended": "微信·补充内容回复",
    "citizen_sms_code": "短信·市民账号登录/绑定验证码",
}

# A secret (the query password) is wrapped in these two control characters inside a stored body, so
# delivery can send it in clear and then scrub it from the row once the message went out. Neither
# character can be typed into a template.
SECRET_OPEN, SECRET_CLOSE = "\x1e", "\x1f"
_SECRET = re.compile(f"{SECRET_OPEN}[^{SECRET_CLOSE}]*{SECRET_CLOSE}")
REDACTED = "******"


def secret(value: str) -> str:
    value = value.replace(SECRET_OPEN, "").replace(SECRET_CLOSE, "")
    return f"{SECRET_OPEN}{value}{SECRET_CLOSE}"


def outgoing_text(body: str) -> str:
    """The body as the citizen receives it: secrets in clear, markers gone."""
    return body.replace(SECRET_OPEN, "").replace(SECRET_CLOSE, "")


def redacted(body: str) -> str:
    """The body as it may be kept once delivered: secrets replaced by asterisks."""
    return _SECRET.sub(REDACTED, body)


def template_fields(template: str) -> set[str]:
    """The placeholders a template may use: those of its default wording."""
    return {name for _, name, _, _ in string.Formatter().parse(DEFAULT_TEMPLATES[template]) if name}


def _default_wording(name: str, default: str) -> str:
    return default


_wording: Callable[[str, str], str] = _default_wording


def register_wording(source: Callable[[str, str], str]) -> None:
    """Let a door supply edited wording: `source(name, default)` returns the text to send."""
    global _wording
    _wording = source


def render(template: str, **context) -> str:
    return _wording(template, DEFAULT_TEMPLATES[template]).format(**context)


def queue(*, channel: str, recipient: str, template: str, ticket: Ticket | None, dedupe_key: str,
          **context) -> OutboundMessage | None:
    """Write one message to the outbox. Returns None when this cause already queued it."""
    if not recipient:
        return None
    try:
        with transaction.atomic():
            rendered = render(template, **context)
            message = OutboundMessage.objects.create(
                channel=channel, recipient=recipient, template=template, ticket=ticket, dedupe_key=dedupe_key,
                body=outgoing_text(rendered), redacted_body=redacted(rendered),
            )
    except IntegrityError:
        return None
    transaction.on_commit(lambda: outbound_messages_queued.send_robust(sender=OutboundMessage, ids=[message.pk]))
    return message


def queue_letter_received(ticket: Ticket, password: str) -> None:
    queue(channel=OutboundMessage.Channel.SMS, recipient=ticket.citizen_phone, template="letter_received",
          ticket=ticket, dedupe_key=f"received:{ticket.pk}", letter_number=ticket.letter_number,
          password=secret(password))


# A customer-service message holds at most 2,048 bytes; a longer reply is cut and points to the lookup.
WECHAT_REPLY_QUOTE = 500


def queue_reply_notice(ticket: Ticket, reply_text: str, round_: int) -> None:
    queue(channel=OutboundMessage.Channel.SMS, recipient=ticket.citizen_phone, template="letter_replied",
          ticket=ticket, dedupe_key=f"replied:{ticket.pk}:{round_}", letter_number=ticket.letter_number)
    queue(channel=OutboundMessage.Channel.SMS, recipient=ticket.citizen_phone, template="rating_invitation",
          ticket=ticket, dedupe_key=f"rate:{ticket.pk}:{round_}", letter_number=ticket.letter_number)
    queue(channel=OutboundMessage.Channel.WECHAT, recipient=ticket.citizen_openid, template="wechat_reply",
          ticket=ticket, dedupe_key=f"wechat-reply:{ticket.pk}:{round_}", letter_number=ticket.letter_number,
          reply=reply_text if len(reply_text) <= WECHAT_REPLY_QUOTE
          else reply_text[:WECHAT_REPLY_QUOTE] + "…（完整答复请发送“查询 信件编号”或登录12345网站查看）")


def queue_rating_thanks(ticket: Ticket, rating) -> None:
    queue(channel=OutboundMessage.Channel.SMS, recipient=ticket.citizen_phone, template="rating_thanks",
          ticket=ticket, dedupe_key=f"rating-thanks:{ticket.pk}:{rating.round}", letter_number=ticket.letter_number,
          satisfaction=rating.get_satisfaction_display())


def queue_urgent_deadline_warning(ticket: Ticket, deadline: str) -> None:
    from django.utils import timezone

    department = ticket.lead_department
    if department is None or not department.duty_phone:
        return
    due = ticket.sign_due if deadline == "sign" else ticket.reply_due
    queue(channel=OutboundMessage.Channel.SMS, recipient=department.duty_phone, template="urgent_deadline_warning",
          ticket=ticket, dedupe_key=f"urgent-warning:{ticket.pk}:{deadline}:{due.isoformat()}",
          letter_number=ticket.letter_number, title=ticket.title[:20], deadline={"sign": "签收", "reply": "答复"}[deadline],
          due=timezone.localtime(due).strftime("%m-%d %H:%M"))
