"""What a member of staff can do to a ticket from the consoles: each action's label, form and the
tickets service that runs it. Pages ask `actions_for` which forms to show; the services still decide."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from django.db import transaction

from tickets import roles
from tickets.models import REPLY_CLOCK_STATUSES, TRANSITION_LABELS, ExtensionRequest, Status, Ticket
from tickets.selectors.transitions import available_transitions
from tickets.services.actions import ACTION_LABELS, may_set_category, run_action, set_category
from tickets.services.transitions import run_transition

from . import forms

from .access import may_use


@dataclass(frozen=True)
class ConsoleAction:
    name: str
    label: str
    form_class: type
    kind: str  # "transition" (tickets.services.transitions) or "action" (tickets.services.actions)
    style: str = "btn"
    success: str = ""

    def form(self, data=None, files=None, **kwargs) -> forms.HotlineForm:
        # Ids unique per action and ticket: a page shows many of these forms side by side.
        ticket = kwargs.get("ticket")
        kwargs.setdefault("auto_id", f"id_{self.name}_{ticket.pk if ticket else 'new'}_%s")
        form_class = self.form_class
        if form_class is forms.ReasonForm:
            form_class = partial(forms.ReasonForm, transition=self.name)
        return form_class(data, files, **kwargs)

    def run(self, ticket_id: int, user, payload: dict):
        runner = run_transition if self.kind == "transition" else run_action
        return runner(ticket_id, self.name, by=user, payload=payload)


class DispatchAction(ConsoleAction):
    """派单 with the category the dispatcher chose on the same card: the category is set first, under
    the version the card was drawn for, then the ticket is dispatched — both or neither."""

    def run(self, ticket_id: int, user, payload: dict):
        payload = dict(payload)
        category = payload.pop("category", None)
        with transaction.atomic():
            if category:
                ticket = set_category(ticket_id, by=user, category=category, version=payload.get("version"))
                if "version" in payload:
                    payload["version"] = ticket.version
            return run_transition(ticket_id, self.name, by=user, payload=payload)


def _transition(name, form_class, style="btn", success=""):
    return ConsoleAction(name, TRANSITION_LABELS[name], form_class, "transition", style,
                         success or f"已{TRANSITION_LABELS[name]}。")


def _action(name, form_class, style="btn btn-secondary", success=""):
    return ConsoleAction(name, ACTION_LABELS[name], form_class, "action", style,
                         success or f"已{ACTION_LABELS[name]}。")


ACTIONS: dict[str, ConsoleAction] = {a.name: a for a in [
    DispatchAction("dispatch", TRANSITION_LABELS["dispatch"], forms.DispatchForm, "transition",
                   success=f"已{TRANSITION_LABELS['dispatch']}。"),
    _transition("resolve_directly", forms.ResolveForm),
    _transition("accept", forms.EmptyTransitionForm, success="已签收，请在时限内答复。"),
    _transition("reply", forms.ReplyForm, success="已提交答复，等待热线审核。"),
    _transition("request_return", forms.ReasonForm, "btn btn-secondary", "已提交退单申请，等待派单员审核。"),
    _transition("approve_return", forms.NoteForm, success="已同意退单，工单回到待派单。"),
    _transition("reject_return", forms.ReasonForm, "btn btn-secondary", "已驳回退单，工单退回承办单位继续办理。"),
    _transition("approve_reply", forms.NoteForm, success="答复审核通过，工单已办结。"),
    _transition("reject_reply", forms.ReasonForm, "btn btn-secondary", "已退回重办。"),
    _transition("reopen", forms.ReasonForm, "btn btn-secondary"),
    _transition("close", forms.NoteForm, "btn btn-secondary"),
    _transition("merge", forms.MergeForm, "btn btn-secondary"),
    _transition("mark_invalid", forms.ReasonForm, "btn btn-danger", "已标记为无效件。"),
    _transition("transfer", forms.TransferForm, "btn btn-secondary", "已转办，等待对方平台答复。"),
    _transition("transfer_refused", forms.ReasonForm, "btn btn-secondary", "已登记对方退回，工单回到待派单。"),
    _transition("transfer_resolved", forms.ResolveForm, "btn", "已登记对方办结结果，工单已办结。"),
    _action("urge", forms.SupervisionForm),
    _action("supervise", forms.SupervisionForm),
    _action("request_extension", forms.ExtensionRequestForm, success="已提交延期申请，等待派单员审批。"),
    _action("decide_extension", forms.ExtensionDecisionForm, "btn", "已审批延期申请。"),
    _action("callback", forms.CallbackForm, success="已登记回访结果。"),
    _action("set_category", forms.SetCategoryForm, "btn btn-secondary", "已更新分类。"),
    _action("note", forms.InternalNoteForm, success="已添加内部备注。"),
]}


def has_pending_extension(ticket: Ticket) -> bool:
    cached = getattr(ticket, "pending_extensions", None)
    if cached is not None:
        return bool(cached)
    return ticket.extension_requests.filter(decision=ExtensionRequest.Decision.PENDING).exists()


def actions_for(ticket: Ticket, user) -> list[str]:
    """The console actions to offer this user on this ticket now, in the order a page shows them."""
    names = list(available_transitions(ticket, user))
    if may_use(user, roles.SUPERVISION) and ticket.status in REPLY_CLOCK_STATUSES:
        names += ["urge", "supervise"]
    lead_handler = user.is_handler and user.department_id == ticket.lead_department_id
    if lead_handler and ticket.status == Status.ACCEPTED and not ticket.extension_used \
            and not has_pending_extension(ticket):
        names.append("request_extension")
    if may_use(user, roles.DISPATCHERS) and has_pending_extension(ticket):
        names.append("decide_extension")
    if may_use(user, roles.CITIZEN_CONTACT) and ticket.status == Status.RESOLVED \
            and not ticket.ratings.filter(round=ticket.reopen_count).exists():
        names.append("callback")
    # The dispatch form carries the category picker; elsewhere it is an action of its own.
    if "dispatch" not in names and may_set_category(ticket, user):
        names.append("set_category")
    names.append("note")
    order = list(ACTIONS)
    return sorted(dict.fromkeys(n for n in names if n in ACTIONS), key=order.index)
