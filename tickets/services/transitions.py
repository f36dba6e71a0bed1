"""The ticket's transitions, one function each, all through the engine (`tickets.services.engine`).

Each public function: locks the row, checks the state and the person (TransitionNotAllowed → 409,
PermissionDenied → 403), changes the ticket through its FSM method, records one event, and leaves
pushes and messages to run after commit. `run_transition` maps a transition name and a payload
(the REST body) onto these functions for the doors.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from tickets.errors import Conflict, InvalidInput, NotFound, TransitionNotAllowed
from tickets.letter_rules import optional_text, required_text
from tickets.models import TRANSITION_NAMES, Department, EventKind, Rating, Reply, Status, Ticket
from tickets.selectors.transitions import available_transitions
from tickets.services import deadlines, notifications
from tickets.services.attachments import CheckedUpload, check_uploads, store_attachments
from tickets.services.engine import apply_transition, check_transition, conditions_met, locked_ticket
from tickets.services.events import record_event

__all__ = ["TRANSITIONS", "available_transitions", "locked_ticket", "run_transition", "settle_after_rating"]


def _department(code, field: str = "department") -> Department:
    if not isinstance(code, str) or not code:
        raise InvalidInput(fields={field: ["请选择承办单位。"]})
    department = Department.objects.filter(code=code, is_active=True).first()
    if department is None:
        raise InvalidInput(fields={field: [f"承办单位“{code}”不存在或已停用。"]})
    return department


# --- the transitions -----------------------------------------------------------------------------

def resolve_directly(ticket_id: int, *, by, answer: str, kb_article=None, version=None) -> Ticket:
    """直接办结: the agent answered on the call (often from the knowledge base)."""
    answer = required_text(answer, "answer", "答复内容")
    article = None
    if kb_article not in (None, ""):
        # The knowledge base is another app: reach its entries through the relation the ticket
        # declares, not by importing it.
        articles = Ticket._meta.get_field("kb_article").related_model.objects
        article = articles.filter(pk=kb_article).first() if str(kb_article).isascii() and str(kb_article).isdigit() else None
        if article is None:
            raise InvalidInput(fields={"kb_article": ["知识条目不存在。"]})
    with locked_ticket(ticket_id, expected_version=version) as ticket:
        return apply_transition(ticket, "resolve_directly", by, answer=answer, kb_article=article, reason=answer,
                           public_label="已直接答复办结", event_data={"kb_article": article.pk if article else None})


def dispatch(ticket_id: int, *, by, department, co_departments=(), note: str = "", version=None,
             facts: dict | None = None) -> Ticket:
    """派单: give the ticket to a lead department (and co-handlers); the clocks start now. ``facts``
    go into the event's data beside the units (auto-dispatch records its score and reasons there)."""
    lead = department if isinstance(department, Department) else _department(department)
    if not isinstance(co_departments, (list, tuple)):
        raise InvalidInput(fields={"co_departments": ["应为单位代码列表。"]})
    co = [d if isinstance(d, Department) else _department(d, "co_departments") for d in co_departments]
    co = [d for d in dict.fromkeys(co) if d != lead]
    note = optional_text(note, "note")
    with locked_ticket(ticket_id, expected_version=version) as ticket:
        now = timezone.now()
        sign = deadlines.deadline_for("sign", ticket, now)
        reply = deadlines.deadline_for("reply", ticket, now)
        check_transition(ticket, "dispatch", by)
        ticket.co_departments.set(co)
        return apply_transition(
            ticket, "dispatch", by, department=lead, reason=note, public_label=f"已转交{lead.label}办理",
            sign_due=sign.due, sign_warn_at=sign.warn_at, reply_due=reply.due, reply_warn_at=reply.warn_at,
            return_due=deadlines.return_due(now), event_data={**(facts or {}), "co_departments": [d.code for d in co]},
        )


def accept(ticket_id: int, *, by, version=None) -> Ticket:
    with locked_ticket(ticket_id, expected_version=version) as ticket:
        return apply_transition(ticket, "accept", by, public_label=lambda t: f"{t.lead_department.label}已签收，正在办理")


def request_return(ticket_id: int, *, by, reason: str, version=None) -> Ticket:
    reason = required_text(reason, "reason", "退单理由")
    with locked_ticket(ticket_id, expected_version=version) as ticket:
        if ticket.status in (Status.DISPATCHED, Status.ACCEPTED) and not conditions_met(ticket, "request_return"):
            raise TransitionNotAllowed("已超过退单时限（派单后2个工作日内），不能退单，可申请延期或联系派单员。",
                                       available=available_transitions(ticket, by))
        return apply_transition(ticket, "request_return", by, reason=reason)


def approve_return(ticket_id: int, *, by, note: str = "", version=None) -> Ticket:
    note = optional_text(note, "note")
    with locked_ticket(ticket_id, expected_version=version) as ticket:
        previous = ticket.lead_department
        co = list(ticket.co_departments.all())
        ticket.co_departments.clear()
        return apply_transition(ticket, "approve_return", by, reason=note, event_department=previous,
                           extra_departments=[previous, *co], public_label="正在重新确定承办单位")


def reject_return(ticket_id: int, *, by, reason: str, version=None) -> Ticket:
    reason = required_text(reason, "reason", "驳回理由")
    with locked_ticket(ticket_id, expected_version=version) as ticket:
        return apply_transition(ticket, "reject_return", by, reason=reason)


def reply(ticket_id: int, *, by, text: str, attachments=(), version=None) -> Ticket:
    """答复: the lead department's answer, held for review before the citizen sees it. `attachments`
    are the department's evidence (photos, PDF), checked like a citizen's uploads and stored with the
    reply in the same transaction."""
    text = required_text(text, "text", "答复内容")
    files = _reply_files(attachments)
    with locked_ticket(ticket_id, expected_version=version) as ticket:
        check_transition(ticket, "reply", by)
        answer = Reply.objects.create(ticket=ticket, department=ticket.lead_department, author=by, text=text)
        if files:
            store_attachments(ticket, files, reply=answer, by=by)
        return apply_transition(ticket, "reply", by, reason=text, public_label=lambda t: f"{t.lead_department.label}已答复，待审核")


def _reply_files(attachments) -> list[CheckedUpload]:
    if not attachments:
        return []
    if not isinstance(attachments, (list, tuple)) or not all(
            isinstance(f, CheckedUpload) or (hasattr(f, "read") and hasattr(f, "seek")) for f in attachments):
        raise InvalidInput(fields={"attachments": ["附件应以文件形式上传。"]})
    unchecked = [f for f in attachments if not isinstance(f, CheckedUpload)]
    return [f for f in attachments if isinstance(f, CheckedUpload)] + (check_uploads(unchecked) if unchecked else [])


def approve_reply(ticket_id: int, *, by, note: str = "", version=None) -> Ticket:
    note = optional_text(note, "note")
    with locked_ticket(ticket_id, expected_version=version) as ticket:
        check_transition(ticket, "approve_reply", by)
        pending = ticket.replies.filter(review=Reply.Review.PENDING).order_by("-id").first()
        if pending is not None:
            pending.review, pending.review_note = Reply.Review.APPROVED, note
            pending.reviewed_by, pending.reviewed_at = by, timezone.now()
            pending.save(update_fields=["review", "review_note", "reviewed_by", "reviewed_at"])
        ticket = apply_transition(ticket, "approve_reply", by, reason=note, public_label="已办结，欢迎评价")
        notifications.queue_reply_notice(ticket, pending.text if pending else "", ticket.reopen_count)
        return ticket


def reject_reply(ticket_id: int, *, by, reason: str, version=None) -> Ticket:
    reason = required_text(reason, "reason", "退回理由")
    with locked_ticket(ticket_id, expected_version=version) as ticket:
        check_transition(ticket, "reject_reply", by)
        ticket.replies.filter(review=Reply.Review.PENDING).update(
            review=Reply.Review.REJECTED, review_note=reason, reviewed_by=by, reviewed_at=timezone.now())
        return apply_transition(ticket, "reject_reply", by, reason=reason, public_label="答复需完善，承办单位继续办理")


def _reopen(ticket: Ticket, by, reason: str) -> Ticket:
    reply_deadline = deadlines.deadline_for("reply", ticket, timezone.now())
    return apply_transition(ticket, "reopen", by, reason=reason, public_label="已重新交办",
                       reply_due=reply_deadline.due, reply_warn_at=reply_deadline.warn_at)


def reopen(ticket_id: int, *, by, reason: str, version=None) -> Ticket:
    reason = required_text(reason, "reason", "重办理由")
    with locked_ticket(ticket_id, expected_version=version) as ticket:
        return _reopen(ticket, by, reason)


def close(ticket_id: int, *, by, note: str = "", version=None) -> Ticket:
    note = optional_text(note, "note")
    with locked_ticket(ticket_id, expected_version=version) as ticket:
        return apply_transition(ticket, "close", by, reason=note, public_label="已归档")


def merge(ticket_id: int, *, by, into, version=None) -> Ticket:
    """并单: a duplicate folds into the ticket that carries on; its citizen follows that one."""
    if isinstance(into, bool) or not isinstance(into, (int, str)) or not (str(into).isascii() and str(into).isdigit()):
        raise InvalidInput(fields={"into": ["请填写要并入的工单编号。"]})
    into_id = int(into)
    if into_id == ticket_id:
        raise InvalidInput(fields={"into": ["不能并入自身。"]})
    with transaction.atomic():
        # Lock both rows in id order so two opposite merges cannot deadlock.
        locked = {t.pk: t for t in Ticket.objects.select_for_update(of=("self",)).filter(pk__in=sorted([ticket_id, into_id]))
                  .order_by("pk")}
        if ticket_id not in locked:
            raise NotFound("工单不存在。")
        target = locked.get(into_id)
        if target is None:
            raise InvalidInput(fields={"into": ["要并入的工单不存在。"]})
        ticket = locked[ticket_id]
        if version is not None and ticket.version != version:
            raise Conflict()
        if target.status in (Status.MERGED, Status.INVALID, Status.CLOSED):
            raise InvalidInput(fields={"into": ["要并入的工单已结束，不能并入。"]})
        ticket = apply_transition(ticket, "merge", by, into=target, public_label=f"已与信件{target.letter_number}合并办理",
                             event_data={"into": target.pk, "into_letter_number": target.letter_number})
        record_event(target, EventKind.MERGED_IN, actor=by, text=f"信件{ticket.letter_number}已并入本工单",
                     data={"merged": ticket.pk, "merged_letter_number": ticket.letter_number})
        return ticket


def mark_invalid(ticket_id: int, *, by, reason: str, version=None) -> Ticket:
    reason = required_text(reason, "reason", "无效原因")
    with locked_ticket(ticket_id, expected_version=version) as ticket:
        return apply_transition(ticket, "mark_invalid", by, reason=reason, public_label="经核实为无效诉求")


# --- transfers to other platforms (转办 / 即时转) ------------------------------------------------------
# The platforms and their webhooks live in a door (hotline.transfers), which registers itself here as
# the carrier. The core asks it to name a platform and to queue the delivery inside the transition's
# transaction: a transfer is never recorded without its delivery, nor delivered without its record.

_transfer_carrier = None


def register_transfer_carrier(carrier) -> None:
    """`carrier.platform_label(code) -> str | None` names an active platform; `carrier.platform_choices()`
    lists them as (code, name, emergency); `carrier.queue_transfer(ticket, platform=, reason=, by=) -> dict`
    writes the delivery (its dict joins the event's data)."""
    global _transfer_carrier
    _transfer_carrier = carrier


def transfer_platforms() -> list[tuple[str, str, bool]]:
    """(code, name, emergency) of the platforms a ticket may be transferred to now."""
    return _transfer_carrier.platform_choices() if _transfer_carrier else []


def transfer(ticket_id: int, *, by, platform, reason: str, version=None) -> Ticket:
    """转办: hand the ticket to another platform; its answer comes back as one of the two below."""
    reason = required_text(reason, "reason", "转办理由")
    label = _transfer_carrier.platform_label(platform) if _transfer_carrier and isinstance(platform, str) else None
    if label is None:
        raise InvalidInput(fields={"platform": ["外部平台不存在或已停用。"]})
    with locked_ticket(ticket_id, expected_version=version) as ticket:
        check_transition(ticket, "transfer", by)
        data = _transfer_carrier.queue_transfer(ticket, platform=platform, reason=reason, by=by)
        return apply_transition(ticket, "transfer", by, reason=reason, public_label=f"已转{label}办理",
                                event_data={"platform": platform, **data})


def transfer_refused(ticket_id: int, *, by, reason: str, version=None) -> Ticket:
    """The other platform would not take it: back to intake for the hotline to handle."""
    reason = required_text(reason, "reason", "退回理由")
    with locked_ticket(ticket_id, expected_version=version) as ticket:
        return apply_transition(ticket, "transfer_refused", by, reason=reason, public_label="外部平台未受理，由热线继续办理")


def transfer_resolved(ticket_id: int, *, by, answer: str, version=None) -> Ticket:
    """The other platform resolved it: its reply is the answer the citizen reads and rates."""
    answer = required_text(answer, "answer", "办理结果")
    with locked_ticket(ticket_id, expected_version=version) as ticket:
        ticket = apply_transition(ticket, "transfer_resolved", by, answer=answer, reason=answer,
                                  public_label="已办结，欢迎评价")
        notifications.queue_reply_notice(ticket, answer, ticket.reopen_count)
        return ticket


# --- outcomes of a rating --------------------------------------------------------------------------

def settle_after_rating(ticket: Ticket, rating: Rating, by=None) -> Ticket:
    """A rating decides what happens next (the caller holds the lock): an unsatisfied verdict reopens
    the ticket to the same unit while reopens remain (重办, at most HOTLINE["MAX_REOPENS"]); anything
    else, or an unsatisfied verdict after that, closes it with the rating standing."""
    unsatisfied = rating.satisfaction == "unsatisfied" or not rating.solved
    if (unsatisfied and ticket.lead_department_id is not None
            and ticket.reopen_count < settings.HOTLINE["MAX_REOPENS"]):
        return _reopen(ticket, None, f"市民评价不满意：{rating.comment}".rstrip("："))
    return apply_transition(ticket, "close", None, reason="市民已评价", public_label="已归档")


# --- the doors' entry point ------------------------------------------------------------------------

def _payload_fields(name: str, payload: dict) -> dict:
    spec = {
        "resolve_directly": ("answer", "kb_article"),
        "dispatch": ("department", "co_departments", "note"),
        "accept": (),
        "request_return": ("reason",),
        "approve_return": ("note",),
        "reject_return": ("reason",),
        "reply": ("text", "attachments"),
        "approve_reply": ("note",),
        "reject_reply": ("reason",),
        "reopen": ("reason",),
        "close": ("note",),
        "merge": ("into",),
        "mark_invalid": ("reason",),
        "transfer": ("platform", "reason"),
        "transfer_refused": ("reason",),
        "transfer_resolved": ("answer",),
    }[name]
    required = {"answer", "department", "reason", "text", "into", "platform"}
    kwargs = {}
    missing = {}
    for field in spec:
        if field in payload:
            kwargs[field] = payload[field]
        elif field in required:
            missing[field] = ["此字段为必填项。"]
    if missing:
        raise InvalidInput(fields=missing)
    if "version" in payload:
        kwargs["version"] = payload_version(payload)
    return kwargs


def payload_version(payload: dict) -> int | None:
    """The ticket version a door's payload says its user saw (None: not given); stale → 409 later."""
    version = payload.get("version")
    if version is not None and (isinstance(version, bool) or not isinstance(version, int)):
        raise InvalidInput(fields={"version": ["应为整数。"]})
    return version


TRANSITIONS: dict[str, Callable[..., Ticket]] = {
    "resolve_directly": resolve_directly, "dispatch": dispatch, "accept": accept, "request_return": request_return,
    "approve_return": approve_return, "reject_return": reject_return, "reply": reply, "approve_reply": approve_reply,
    "reject_reply": reject_reply, "reopen": reopen, "close": close, "merge": merge, "mark_invalid": mark_invalid,
    "transfer": transfer, "transfer_refused": transfer_refused, "transfer_resolved": transfer_resolved,
}
assert set(TRANSITIONS) == set(TRANSITION_NAMES)


def run_transition(ticket_id: int, name: str, *, by, payload: dict | None = None) -> Ticket:
    """Run transition `name` with a door's payload (the REST body or a form's cleaned data)."""
    if name not in TRANSITIONS:
        raise NotFound(f"未知的操作“{name}”。")
    if payload is not None and not isinstance(payload, dict):
        raise InvalidInput("请求体应为 JSON 对象。")
    return TRANSITIONS[name](ticket_id, by=by, **_payload_fields(name, payload or {}))
