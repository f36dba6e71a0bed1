"""Actions that change no state: urge (催办), supervise (督办), internal notes, extensions (延期),
and ratings taken by phone (回访). Each records one event under the ticket's row lock."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone

from tickets import roles
from tickets.errors import InvalidInput, NotFound, PermissionDenied, TransitionNotAllowed
from tickets.models import (
    FINAL_STATUSES, REPLY_CLOCK_STATUSES, Category, EventKind, ExtensionRequest, Rating, Status, Ticket,
)
from tickets.services import deadlines
from tickets.services.events import record_event
from tickets.services.ratings import rate
from tickets.letter_rules import optional_text, required_text
from tickets.services.engine import locked_ticket
from tickets.services.transitions import payload_version

ACTION_NAMES = ("urge", "supervise", "note", "request_extension", "decide_extension", "callback", "set_category",
                "link_repeat")
ACTION_LABELS = {"urge": "催办", "supervise": "督办", "note": "内部备注", "request_extension": "申请延期",
                 "decide_extension": "审批延期", "callback": "电话回访", "set_category": "设置分类",
                 "link_repeat": "关联重复件"}
# Who sets or corrects a ticket's subject category: the people who triage it.
CATEGORIZERS = roles.INTAKE


def _staff(by) -> None:
    if not roles.is_staff_member(by):
        raise PermissionDenied()


def _supervisor(by) -> None:
    if not roles.has_any(by, roles.SUPERVISION):
        raise PermissionDenied("只有督办班长或派单员可以催办、督办。")


def _being_handled(ticket: Ticket, action: str) -> None:
    if ticket.status not in REPLY_CLOCK_STATUSES:
        raise TransitionNotAllowed(f"工单当前状态为“{ticket.get_status_display()}”，不能{ACTION_LABELS[action]}。")


def _bump(ticket: Ticket, *fields: str) -> None:
    ticket.version += 1
    Ticket.objects.filter(pk=ticket.pk).update(version=ticket.version, updated_at=timezone.now(),
                                               **{f: getattr(ticket, f) for f in fields})


def urge(ticket_id: int, *, by, text: str = "", version: int | None = None) -> Ticket:
    _supervisor(by)
    text = optional_text(text, "text")
    with locked_ticket(ticket_id, expected_version=version) as ticket:
        _being_handled(ticket, "urge")
        ticket.urge_count += 1
        _bump(ticket, "urge_count")
        record_event(ticket, EventKind.URGED, actor=by, department=ticket.lead_department,
                     text=text or "请抓紧办理。", data={"count": ticket.urge_count}, public_label="热线已催办")
        return ticket


def supervise(ticket_id: int, *, by, text: str = "", version: int | None = None) -> Ticket:
    _supervisor(by)
    text = optional_text(text, "text")
    with locked_ticket(ticket_id, expected_version=version) as ticket:
        _being_handled(ticket, "supervise")
        ticket.is_supervised = True
        _bump(ticket, "is_supervised")
        record_event(ticket, EventKind.SUPERVISED, actor=by, department=ticket.lead_department,
                     text=text or "列入督办。", public_label="已列入督办")
        return ticket


def add_note(ticket_id: int, *, by, text: str, version: int | None = None) -> Ticket:
    _staff(by)
    text = required_text(text, "text", "备注内容")
    with locked_ticket(ticket_id, expected_version=version) as ticket:
        if by.is_handler and by.department_id not in _department_ids(ticket):
            raise PermissionDenied()
        _bump(ticket)
        record_event(ticket, EventKind.NOTE, actor=by, department=by.department if by.is_handler else None, text=text)
        return ticket


def may_set_category(ticket: Ticket, user) -> bool:
    return roles.has_any(user, CATEGORIZERS) and ticket.status not in FINAL_STATUSES


def set_category(ticket_id: int, *, by, category, version=None) -> Ticket:
    """设置/更正分类: an agent or dispatcher sets the subject category (a web letter arrives 未分类，
    or the citizen chose wrongly). One event records the old and the new category; the statistics
    by category read the ticket as it is now. `version` guards against a stale page, like a transition."""
    if not isinstance(category, str) or not category.strip():
        raise InvalidInput(fields={"category": ["请选择诉求分类。"]})
    chosen = Category.objects.filter(code=category.strip(), is_active=True).first()
    if chosen is None:
        raise InvalidInput(fields={"category": [f"诉求分类“{category.strip()[:20]}”不存在或已停用。"]})
    with locked_ticket(ticket_id, expected_version=version) as ticket:
        if not roles.has_any(by, CATEGORIZERS):
            raise PermissionDenied("只有话务员和派单员可以设置分类。")
        if ticket.status in FINAL_STATUSES:
            raise TransitionNotAllowed(f"工单当前状态为“{ticket.get_status_display()}”，不能{ACTION_LABELS['set_category']}。")
        if ticket.category_id == chosen.pk:
            return ticket
        before = ticket.category
        ticket.category = chosen
        _bump(ticket, "category")
        record_event(ticket, EventKind.CATEGORIZED, actor=by, department=None,
                     text=f"{before.full_name if before else '未分类'} → {chosen.full_name}",
                     data={"from": before.code if before else None, "to": chosen.code},
                     intake=ticket.status == Status.RECEIVED)
        return ticket


def _department_ids(ticket: Ticket) -> set[int]:
    return {ticket.lead_department_id, *ticket.co_departments.values_list("id", flat=True)} - {None}


def request_extension(ticket_id: int, *, by, days, reason: str, version: int | None = None) -> ExtensionRequest:
    """延期申请 by the lead department: once per ticket, up to HOTLINE["MAX_EXTENSION_WORKING_DAYS"]."""
    limit = settings.HOTLINE["MAX_EXTENSION_WORKING_DAYS"]
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= limit:
        raise InvalidInput(fields={"days": [f"延期天数应为 1 到 {limit} 之间的整数（工作日）。"]})
    reason = required_text(reason, "reason", "延期理由")
    with locked_ticket(ticket_id, expected_version=version) as ticket:
        if not (by and by.is_handler and by.department_id == ticket.lead_department_id):
            raise PermissionDenied("只有主办单位可以申请延期。")
        if ticket.status not in (Status.ACCEPTED,):
            raise TransitionNotAllowed("签收后、答复前才能申请延期。")
        if ticket.extension_used:
            raise TransitionNotAllowed("该工单已延期过一次，不能再次申请。")
        if ticket.extension_requests.filter(decision=ExtensionRequest.Decision.PENDING).exists():
            raise TransitionNotAllowed("已有待审批的延期申请。")
        request = ExtensionRequest.objects.create(ticket=ticket, department=ticket.lead_department,
                                                  requested_by=by, days=days, reason=reason,
                                                  old_reply_due=ticket.reply_due)
        _bump(ticket)
        record_event(ticket, EventKind.EXTENSION_REQUESTED, actor=by, department=ticket.lead_department,
                     text=reason, data={"days": days, "request": request.pk})
        return request


def decide_extension(ticket_id: int, *, by, approve, reason: str = "", version: int | None = None) -> ExtensionRequest:
    """A dispatcher rules on the pending request; approval moves `reply_due` by the asked working days."""
    if not roles.has_any(by, roles.DISPATCHERS):
        raise PermissionDenied("只有派单审核员可以审批延期。")
    if not isinstance(approve, bool):
        raise InvalidInput(fields={"approve": ["应为 true 或 false。"]})
    reason = optional_text(reason, "reason")
    if not approve and not reason:
        raise InvalidInput(fields={"reason": ["不批准时请说明理由。"]})
    with locked_ticket(ticket_id, expected_version=version) as ticket:
        request = ticket.extension_requests.filter(decision=ExtensionRequest.Decision.PENDING).first()
        if request is None:
            raise NotFound("没有待审批的延期申请。")
        request.decided_by, request.decided_at, request.decision_reason = by, timezone.now(), reason
        fields = []
        if approve and ticket.status in REPLY_CLOCK_STATUSES and ticket.reply_due:
            moved = deadlines.extend(ticket.reply_due, request.days)
            request.decision, request.new_reply_due = ExtensionRequest.Decision.APPROVED, moved.due
            ticket.reply_due, ticket.reply_warn_at, ticket.extension_used = moved.due, moved.warn_at, True
            deadlines.refresh_next_check(ticket)
            fields = ["reply_due", "reply_warn_at", "extension_used", "sla_next_check_at"]
        else:
            request.decision = ExtensionRequest.Decision.REFUSED
        request.save()
        _bump(ticket, *fields)
        approved = request.decision == ExtensionRequest.Decision.APPROVED
        record_event(ticket, EventKind.EXTENSION_DECIDED, actor=by, department=ticket.lead_department,
                     text=reason or ("同意延期" if approved else "不同意延期"),
                     public_label="办理时限已延长" if approved else "",
                     data={"approved": approved, "request": request.pk,
                           "reply_due": ticket.reply_due.isoformat() if ticket.reply_due else None})
        return request


def callback(ticket_id: int, *, by, solved, satisfaction, comment: str = "", version: int | None = None) -> Rating:
    """回访: a rating taken by phone, recorded by staff on the citizen's behalf."""
    if not roles.has_any(by, roles.CITIZEN_CONTACT):
        raise PermissionDenied("只有热线工作人员可以登记回访。")
    if version is not None:
        with locked_ticket(ticket_id, expected_version=version):
            pass  # a stale view of the ticket is refused before the rating takes its own lock
    return rate(ticket_id, solved=solved, satisfaction=satisfaction, comment=comment,
                source=Rating.Source.CALLBACK, recorded_by=by)


def run_action(ticket_id: int, name: str, *, by, payload: dict | None = None):
    payload = payload or {}
    if not isinstance(payload, dict):
        raise InvalidInput("请求体应为 JSON 对象。")
    version = payload_version(payload)
    if name == "link_repeat":
        from tickets.routing.services import link_repeat

        return link_repeat(ticket_id, by=by, of=payload.get("of"), version=version)
    if name == "urge":
        return urge(ticket_id, by=by, text=payload.get("text", payload.get("note", "")), version=version)
    if name == "supervise":
        return supervise(ticket_id, by=by, text=payload.get("text", payload.get("note", "")), version=version)
    if name == "note":
        return add_note(ticket_id, by=by, text=payload.get("text", payload.get("note")), version=version)
    if name == "request_extension":
        return request_extension(ticket_id, by=by, days=payload.get("days"), reason=payload.get("reason"), version=version)
    if name == "decide_extension":
        return decide_extension(ticket_id, by=by, approve=payload.get("approve"), reason=payload.get("reason", ""), version=version)
    if name == "callback":
        return callback(ticket_id, by=by, solved=payload.get("solved"), satisfaction=payload.get("satisfaction"),
                        comment=payload.get("comment", ""), version=version)
    if name == "set_category":
        return set_category(ticket_id, by=by, category=payload.get("category"), version=version)
    raise NotFound(f"未知的操作“{name}”。")


__all__ = ["ACTION_NAMES", "FINAL_STATUSES", "run_action"]
