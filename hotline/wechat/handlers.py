"""What a follower's message does. The door only translates: every letter is registered, added to,
looked up and rated through the ticket services and selectors.

- text: a new letter, or more words for the letter the follower started moments ago (a burst
  within settings.WECHAT_MERGE_WINDOW_SECONDS while it is still `received`); "查询" lists the
  follower's letters, "查询 <信件编号>" shows one with its reply, "评价 <信件编号> <1|2|3>" rates it;
- voice with WeChat's speech recognition: as text;
- image and location: added to the follower's open letter (or held for the next one);
- subscribe / unsubscribe: the follower record, and a welcome.

`handle` stores each message id in the same transaction as what it did, so WeChat's retries of
one message get the first answer and never a second letter.
"""

from __future__ import annotations

import re
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from wechatpy.messages import BaseMessage

from hotline.citizens import wechat as accounts
from hotline.citizens.selectors import letter_of_follower, letters_of_follower
from hotline.sms.inbound import CHOICES
from hotline.wechat.models import Follower, ProcessedMessage
from tickets.errors import HotlineError
from tickets.letter_rules import COMMENT_MAX, CONTENT_MAX, LOCATION_LABEL_MAX
from tickets.models import Channel, Rating, Status, Ticket, TicketType
from tickets.selectors.letters import PUBLIC_STATUS_LABELS, public_view
from tickets.services import notifications
from tickets.services.intake import append_to_ticket, register_ticket
from tickets.services.ratings import rate

HELP = ("直接发送文字即可反映诉求，可附图片和位置。\n发送“查询”查看您的信件；发送“查询 信件编号”查看办理情况和答复；"
        "信件办结后发送“评价 信件编号 1”表示满意，2 为基本满意，3 为不满意。\n"
        "发送“绑定 手机号”可绑定市民账号，用“查询”查看该手机号通过电话、网站等反映的全部信件。")
UNSUPPORTED = "暂不支持此类消息，请用文字描述您的诉求，也可发送图片和位置。"
MAX_PENDING_MEDIA = 9
MAX_REPLY_QUOTE = 500
# Media may join a letter while someone can still act on it.
ATTACHABLE = (Status.RECEIVED, Status.DISPATCHED, Status.ACCEPTED, Status.RETURN_REQUESTED, Status.REPLIED)

_QUERY = re.compile(r"^查询\s*(\S*)$")
_RATE = re.compile(r"^评价\s*(\d{15,16})\s*([123])?\s*(.*)$", re.S)
# Words that tell the request type (first match wins; the order settles texts with several).
TYPE_WORDS = (
    (TicketType.REPORT, ("举报",)),
    (TicketType.COMPLAINT, ("投诉",)),
    (TicketType.SUGGESTION, ("建议",)),
    (TicketType.PRAISE, ("表扬", "感谢", "点赞")),
    (TicketType.HELP, ("求助", "帮忙", "帮助", "救")),
    (TicketType.CONSULTATION, ("咨询", "请问", "怎么", "如何", "哪里", "能否", "是否", "吗", "?", "?")),
)
_SENTENCE_END = re.compile(r"[。!?！？\n;；,，]")


def handle(message: BaseMessage) -> str:
    """The passive reply for this message (may hold a secret: see notifications.outgoing_text)."""
    key = message_key(message)
    with transaction.atomic():
        done = ProcessedMessage.objects.filter(key=key).first()
        if done is not None:
            return done.reply
        try:
            with transaction.atomic():
                record = ProcessedMessage.objects.create(key=key, openid=message.source[:64], kind=kind_of(message))
        except IntegrityError:
            # The same message is being answered by a parallel request that just committed.
            return ProcessedMessage.objects.get(key=key).reply
        reply, ticket = route(message)
        record.reply, record.ticket = reply, ticket
        record.save(update_fields=["reply", "ticket"])
    return reply


def message_key(message: BaseMessage) -> str:
    if message.id:
        return f"msg:{message.id}"
    # Events carry no MsgId; WeChat's advice is sender + CreateTime.
    return f"event:{message.source[:64]}:{message.time}:{kind_of(message)}"[:120]


def kind_of(message: BaseMessage) -> str:
    return f"event:{message.event}"[:40] if message.type == "event" else message.type[:40]


def route(message: BaseMessage) -> tuple[str, Ticket | None]:
    openid = message.source[:64]
    try:
        if message.type == "text":
            return on_text(openid, message.content or "")
        if message.type == "voice":
            return on_text(openid, message.recognition) if message.recognition else (UNSUPPORTED, None)
        if message.type == "image":
            media = {"kind": "image", "media_id": message.media_id or "", "pic_url": message.image or "",
                     "msg_id": str(message.id)}
            return on_media(openid, media=media)
        if message.type == "location":
            return on_media(openid, lat=message.location_x, lon=message.location_y, label=message.label or "")
        if message.type == "event":
            if message.event in ("subscribe", "subscribe_scan"):
                return on_subscribe(openid), None
            if message.event == "unsubscribe":
                return on_unsubscribe(openid), None
            return "", None
    except HotlineError as exc:
        return explain(exc), None
    return UNSUPPORTED, None


def explain(exc: HotlineError) -> str:
    """A domain refusal in words a follower can act on: the field's own message when there is one."""
    details = [text for texts in exc.fields.values() for text in texts]
    return details[0] if details else exc.message


# --- text -------------------------------------------------------------------------------------------

def on_text(openid: str, text: str) -> tuple[str, Ticket | None]:
    text = text.strip()
    if not text or text in ("帮助", "help", "?", "?"):
        return HELP, None
    if accounts.is_account_command(text):
        return accounts.on_command(openid, text), None
    query = _QUERY.match(text)
    if query:
        # "查询 <编号>" shows one letter; "查询", "查询进度" and the like list them all.
        number = query.group(1)
        return (query_one(openid, number) if number.isdigit() else query_all(openid)), None
    rating = _RATE.match(text)
    if rating:
        return rate_letter(openid, *rating.groups())
    if text.startswith("评价"):
        return "请发送“评价 信件编号 1”表示满意，2 为基本满意，3 为不满意。", None
    return submit(openid, text)


def submit(openid: str, text: str, *, now=None) -> tuple[str, Ticket | None]:
    """A new letter, or more words for the letter this follower started moments ago."""
    if len(text) > CONTENT_MAX:
        # The same cap as the web form and the API: a longer text is refused, not stored.
        return f"内容过长（最多{CONTENT_MAX}字），请精简后重新发送，或分几条发送。", None
    now = now or timezone.now()
    follower = locked_follower(openid)
    ticket = _burst_letter(follower, now)
    if ticket is not None:
        try:
            append_to_ticket(ticket.pk, text=text, source="wechat")
        except HotlineError:
            ticket = None  # dispatched a moment ago, or too long to append: a letter of its own
        else:
            _touch(follower, now, open_ticket=ticket)
            return notifications.render("wechat_appended", letter_number=ticket.letter_number), ticket
    registration = register_ticket(channel=Channel.WECHAT, type=infer_type(text), title=title_from(text),
                                   content=text, openid=openid)
    ticket = registration.ticket
    for item in follower.pending_media:
        _attach(ticket, item)
    follower.pending_media = []
    _touch(follower, now, open_ticket=ticket)
    reply = notifications.render("wechat_registered", letter_number=ticket.letter_number,
                                 password=notifications.secret(registration.password),
                                 window=max(settings.WECHAT_MERGE_WINDOW_SECONDS // 60, 1))
    return reply, ticket


def _burst_letter(follower: Follower, now) -> Ticket | None:
    window = timedelta(seconds=settings.WECHAT_MERGE_WINDOW_SECONDS)
    if follower.open_ticket_id is None or follower.last_message_at is None or now - follower.last_message_at > window:
        return None
    return Ticket.objects.filter(pk=follower.open_ticket_id, status=Status.RECEIVED).first()


def infer_type(text: str) -> str:
    for ticket_type, words in TYPE_WORDS:
        if any(word in text for word in words):
            return ticket_type
    return TicketType.HELP


def title_from(text: str, limit: int = 30) -> str:
    """The first sentence, or the first `limit` characters of it."""
    first = _SENTENCE_END.split(text.strip(), maxsplit=1)[0].strip()
    if len(first) < 4:
        first = " ".join(text.split())
    return first if len(first) <= limit else first[:limit - 1] + "…"


# --- queries and ratings ------------------------------------------------------------------------------

def query_all(openid: str) -> str:
    # A follower who bound a citizen account sees that account's letters from every channel.
    letters = letters_of_follower(openid, limit=10)
    if not letters:
        return "您还没有通过本公众号提交过信件。直接发送文字即可反映诉求。"
    lines = [f"{i}. {t.letter_number}\n{t.title[:20]}【{PUBLIC_STATUS_LABELS.get(t.status, t.get_status_display())}】"
             for i, t in enumerate(letters, 1)]
    return "您的信件（最近10封）：\n" + "\n".join(lines) + "\n\n发送“查询 信件编号”查看办理情况和答复。"


def query_one(openid: str, letter_number: str) -> str:
    view = public_view(letter_of_follower(openid, letter_number))
    lines = [f"信件编号：{view['letter_number']}", f"标题：{view['title']}", f"状态：{view['status_label']}",
             f"受理时间：{view['submitted_at'][:16].replace('T', ' ')}"]
    reply = view["reply"]
    if reply:
        text = reply["text"] if len(reply["text"]) <= MAX_REPLY_QUOTE else reply["text"][:MAX_REPLY_QUOTE] + "…（完整答复请登录12345网站查看）"
        lines.append(f"答复单位：{reply['department']}\n答复内容：{text}")
    if view["can_rate"]:
        lines.append(f"欢迎评价：发送“评价 {view['letter_number']} 1”表示满意，2 为基本满意，3 为不满意。")
    return "\n".join(lines)


def rate_letter(openid: str, letter_number: str, choice: str | None, comment: str) -> tuple[str, Ticket | None]:
    if not choice:
        return f"请发送“评价 {letter_number} 1”表示满意，2 为基本满意，3 为不满意。", None
    ticket = letter_of_follower(openid, letter_number)
    solved, satisfaction = CHOICES[choice]
    rate(ticket.pk, solved=solved, satisfaction=satisfaction, comment=comment.strip()[:COMMENT_MAX], source=Rating.Source.WECHAT)
    return f"感谢您对信件{letter_number}的评价“{satisfaction.label}”。", ticket


# --- pictures and locations ------------------------------------------------------------------------

def on_media(openid: str, *, media: dict | None = None, lat=None, lon=None, label: str = "") -> tuple[str, Ticket | None]:
    item = media or {"kind": "location", "lat": lat, "lon": lon, "label": label[:LOCATION_LABEL_MAX]}
    what = "图片" if item["kind"] == "image" else "位置"
    now = timezone.now()
    follower = locked_follower(openid)
    ticket = _open_letter(follower)
    if ticket is None:
        if len(follower.pending_media) >= MAX_PENDING_MEDIA:
            return "已收到多张图片或位置，请用文字描述您的诉求后再继续发送。", None
        follower.pending_media = [*follower.pending_media, item]
        _touch(follower, now)
        return f"已收到{what}。请再用文字描述您的诉求，{what}将随信件一并提交。", None
    _attach(ticket, item)
    _touch(follower, now)
    return f"已将{what}添加到信件{ticket.letter_number}。", ticket


def _open_letter(follower: Follower) -> Ticket | None:
    letters = Ticket.objects.filter(citizen_openid=follower.openid, status__in=ATTACHABLE)
    if follower.open_ticket_id is not None:
        burst = letters.filter(pk=follower.open_ticket_id).first()
        if burst is not None:
            return burst
    return letters.order_by("-created_at", "-id").first()


def _attach(ticket: Ticket, item: dict) -> None:
    if item["kind"] == "location":
        append_to_ticket(ticket.pk, lat=item["lat"], lon=item["lon"], location_label=item.get("label", ""),
                         source="wechat")
    else:
        append_to_ticket(ticket.pk, media=item, source="wechat")


# --- followers ----------------------------------------------------------------------------------------

def locked_follower(openid: str) -> Follower:
    """The follower row, locked: one follower's messages are handled one at a time, so a burst
    cannot open two letters."""
    Follower.objects.get_or_create(openid=openid)
    return Follower.objects.select_for_update().get(openid=openid)


def _touch(follower: Follower, now, **changes) -> None:
    for field, value in changes.items():
        setattr(follower, field, value)
    follower.last_message_at = now
    follower.save(update_fields=["last_message_at", "pending_media", *changes])


def on_subscribe(openid: str) -> str:
    follower = locked_follower(openid)
    follower.subscribed, follower.subscribed_at = True, timezone.now()
    follower.save(update_fields=["subscribed", "subscribed_at"])
    return notifications.render("wechat_welcome")


def on_unsubscribe(openid: str) -> str:
    follower = locked_follower(openid)
    follower.subscribed, follower.unsubscribed_at = False, timezone.now()
    follower.save(update_fields=["subscribed", "unsubscribed_at"])
    return ""
