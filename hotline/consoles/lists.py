"""The live lists of the consoles. Each list is defined once here — who may read it, which tickets
belong in it, in what order, and the template of one row — so the page that shows the list and the
endpoint that re-renders one row after a WebSocket event can never disagree about membership."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from django.contrib.auth import get_user_model
from django.db.models import F, Func, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from tickets import privacy
from tickets.models import (
    OPEN_STATUSES, REPLY_CLOCK_STATUSES, SIGN_CLOCK_STATUSES, ExtensionRequest, Reply, Status, Ticket, TicketEvent,
)
from tickets.errors import InvalidInput
from tickets.search import RANKING, TicketFilters, search
from tickets.selectors import visible_tickets
from tickets.services.deadlines import sla_filter, sla_state

from .access import AGENT_CONSOLE, DISPATCH_DESK, HANDLERS, WALLBOARD, may_use
from .actions import ACTIONS, actions_for
from .forms import ConsoleChoices
from .keyset import Page, seek
from .search import is_searching

PAGE_SIZE = 20

# What a department holds: assignments it must sign, handle or has answered and awaits review on.
INBOX_STATUSES = (Status.DISPATCHED, Status.ACCEPTED, Status.RETURN_REQUESTED, Status.REPLIED)

# Which open tickets belong to each dispatch-desk list: the lists filter by it and ``open_counts``
# counts by it, so a tab's badge and its list always agree.
RECEIVED = Q(status=Status.RECEIVED)
RETURN_REQUESTED = Q(status=Status.RETURN_REQUESTED)
REPLIED = Q(status=Status.REPLIED)
TRANSFERRED = Q(status=Status.TRANSFERRED)
# A request stays pending if the ticket moves on before the decision; once the ticket is archived
# there is nothing left to extend, so the desk (and its counter) keep to the open work.
AWAITING_EXTENSION = Q(status__in=OPEN_STATUSES, pk__in=ExtensionRequest.objects.filter(
    decision=ExtensionRequest.Decision.PENDING).values("ticket_id"))


@dataclass(frozen=True)
class TicketList:
    name: str
    roles: tuple | str
    row_template: str
    queryset: Callable[[object], QuerySet]
    empty: str
    # Statuses a ticket of this list can have: the page's script asks the server about a ticket it
    # does not show yet only when an event puts it in one of these.
    statuses: tuple = ()
    # The list's condition among the user's open tickets, when one condition says it: then
    # ``open_counts`` counts the list in its one query.
    member: Q | None = None
    row_actions: tuple = ()  # forms each row offers, when the user may run them
    open_action: str = ""  # the one shown unfolded


def _pending_extensions():
    return ExtensionRequest.objects.filter(decision=ExtensionRequest.Decision.PENDING).select_related("department")


def _tickets(user) -> QuerySet:
    """Every list starts here: the user's visible tickets with what every row shows — the category
    path, the co-handling units and any pending extension request — in two extra queries per page."""
    return (visible_tickets(user).select_related("category__parent__parent")
            .prefetch_related("co_departments", "attachments",
                              Prefetch("extension_requests", queryset=_pending_extensions(),
                                       to_attr="pending_extensions")))


def _own_unit(user) -> QuerySet:
    """The inbox lists start from the unit's own lead or co-handling set, whose filters already imply
    visibility: without visible_tickets' `lead = X OR id IN (co-handled)`, which keeps PostgreSQL
    from starting at the small set and makes it scan the archive (issue 11)."""
    if not getattr(user, "is_handler", False):
        return Ticket.objects.none()
    return (Ticket.objects.select_related("lead_department", "category__parent__parent").defer("password_hash")
            .prefetch_related("co_departments", "attachments",
                              Prefetch("extension_requests", queryset=_pending_extensions(),
                                       to_attr="pending_extensions")))


def _intake(user) -> QuerySet:
    return _tickets(user).filter(RECEIVED).order_by("-created_at", "-id")


def _dispatch_received(user) -> QuerySet:
    return (_tickets(user).filter(RECEIVED)
            .select_related("category__default_department").order_by("-priority", "created_at", "id"))


def _dispatch_returns(user) -> QuerySet:
    requests = TicketEvent.objects.filter(transition="request_return").select_related("department").order_by("-id")
    return (_tickets(user).filter(RETURN_REQUESTED)
            .prefetch_related(Prefetch("events", queryset=requests, to_attr="return_requests"))
            .order_by("updated_at", "id"))


def _dispatch_replies(user) -> QuerySet:
    pending = (Reply.objects.filter(review=Reply.Review.PENDING).select_related("department", "author")
               .prefetch_related("attachments").order_by("-id"))
    return (_tickets(user).filter(REPLIED)
            .prefetch_related(Prefetch("replies", queryset=pending, to_attr="pending_replies"))
            .order_by(F("replied_at").asc(nulls_last=True), "id"))


def _dispatch_extensions(user) -> QuerySet:
    return (_tickets(user).filter(AWAITING_EXTENSION)
            .order_by(F("reply_due").asc(nulls_last=True), "id"))


def _dispatch_transfers(user) -> QuerySet:
    sent = TicketEvent.objects.filter(transition="transfer").order_by("-id")
    return (_tickets(user).filter(TRANSFERRED)
            .prefetch_related(Prefetch("events", queryset=sent, to_attr="transfer_events"))
            .order_by("updated_at", "id"))


def _inbox(user) -> QuerySet:
    # Whatever is due soonest first: the signature deadline while unsigned, then the reply deadline.
    return (_own_unit(user).filter(lead_department_id=user.department_id, status__in=INBOX_STATUSES)
            .order_by(F("sign_due").asc(nulls_last=True), F("reply_due").asc(nulls_last=True), "id"))


def _inbox_co(user) -> QuerySet:
    co = Ticket.co_departments.through.objects.filter(department_id=user.department_id).values("ticket_id")
    return (_own_unit(user).filter(id__in=co, status__in=REPLY_CLOCK_STATUSES + (Status.REPLIED,))
            .exclude(lead_department_id=user.department_id).order_by(F("reply_due").asc(nulls_last=True), "id"))


def _overdue(user) -> QuerySet:
    return (_tickets(user).filter(sla_filter("overdue"))
            .order_by(F("sign_due").asc(nulls_last=True), F("reply_due").asc(nulls_last=True), "id"))


LISTS: dict[str, TicketList] = {spec.name: spec for spec in [
    TicketList("intake", AGENT_CONSOLE, "consoles/rows/intake.html", _intake, "暂无待处理的来信。",
               statuses=(Status.RECEIVED,), member=RECEIVED),
    TicketList("dispatch_received", DISPATCH_DESK, "consoles/rows/dispatch_received.html", _dispatch_received,
               "没有待派单的工单。", statuses=(Status.RECEIVED,), member=RECEIVED,
               row_actions=("dispatch", "merge", "mark_invalid", "transfer"), open_action="dispatch"),
    TicketList("dispatch_returns", DISPATCH_DESK, "consoles/rows/dispatch_returns.html", _dispatch_returns,
               "没有待审核的退单申请。", statuses=(Status.RETURN_REQUESTED,), member=RETURN_REQUESTED,
               row_actions=("approve_return", "reject_return")),
    TicketList("dispatch_replies", DISPATCH_DESK, "consoles/rows/dispatch_replies.html", _dispatch_replies,
               "没有待审核的答复。", statuses=(Status.REPLIED,), member=REPLIED, row_actions=("approve_reply", "reject_reply")),
    TicketList("dispatch_extensions", DISPATCH_DESK, "consoles/rows/dispatch_extensions.html",
               _dispatch_extensions, "没有待审批的延期申请。", statuses=OPEN_STATUSES, member=AWAITING_EXTENSION,
               row_actions=("decide_extension",), open_action="decide_extension"),
    TicketList("dispatch_transfers", DISPATCH_DESK, "consoles/rows/dispatch_transfers.html", _dispatch_transfers,
               "没有等待外部平台答复的工单。", statuses=(Status.TRANSFERRED,), member=TRANSFERRED,
               row_actions=("transfer_resolved", "transfer_refused")),
    TicketList("inbox", HANDLERS, "consoles/rows/inbox.html", _inbox, "本单位暂无待办工单。",
               statuses=INBOX_STATUSES, row_actions=("accept", "reply", "request_return", "request_extension")),
    TicketList("inbox_co", HANDLERS, "consoles/rows/inbox_co.html", _inbox_co, "暂无协办工单。",
               statuses=INBOX_STATUSES),
    TicketList("overdue", WALLBOARD, "consoles/rows/overdue.html", _overdue, "当前没有超时工单。",
               statuses=REPLY_CLOCK_STATUSES, row_actions=("urge", "supervise")),
]}


def filtered(queryset: QuerySet, params, user=None) -> QuerySet:
    """The page's search box (?q= and the filters of ``tickets.search``), applied alike to the page
    and to a re-rendered row. With ``q`` the list is ranked by relevance, newest first among equals.
    Bad filter values raise ``InvalidInput`` (the page shows the message)."""
    if not is_searching(params):
        return queryset
    filters = TicketFilters.from_params(params)
    queryset = search(queryset, filters, user)
    return queryset.order_by(*RANKING) if filters.q else queryset


def _point_state(due, warn, now) -> str:
    if due is None:
        return ""
    if now >= due:
        return "overdue"
    return "warning" if warn is not None and now >= warn else "ok"


def decorate(tickets, user, spec: TicketList | None = None, choices: ConsoleChoices | None = None,
             now=None) -> list[Ticket]:
    """Attach what a row shows besides the model fields: the citizen as this user may see them, the
    state of each running deadline, the actions this user may run and, for a list, their forms.
    Works on an already-fetched page of tickets."""
    now = now or timezone.now()
    choices = choices or ConsoleChoices()
    for ticket in tickets:
        ticket.citizen = privacy.citizen_view(ticket, user)
        # The citizen's own files; a department's evidence is shown with its reply.
        ticket.citizen_files = [a for a in ticket.attachments.all() if a.reply_id is None]
        ticket.sla = sla_state(ticket, now)
        ticket.sign_running = ticket.status in SIGN_CLOCK_STATUSES
        ticket.reply_running = ticket.status in REPLY_CLOCK_STATUSES
        ticket.sign_state = _point_state(ticket.sign_due, ticket.sign_warn_at, now) if ticket.sign_running else ""
        ticket.reply_state = _point_state(ticket.reply_due, ticket.reply_warn_at, now) if ticket.reply_running else ""
        ticket.actions = actions_for(ticket, user)
        ticket.row_forms = [
            (ACTIONS[name], ACTIONS[name].form(ticket=ticket, user=user, choices=choices))
            for name in (spec.row_actions if spec else ()) if name in ticket.actions
        ]
    return tickets


def page_of(spec: TicketList, user, cursor, params=None, choices: ConsoleChoices | None = None,
            total: int | None = None) -> Page:
    """One page of a list from its cursor (``hotline.consoles.keyset``: one LIMIT query, no OFFSET
    and no COUNT), rows decorated. ``total`` is the list's size when a counter the page reads anyway
    has it (``open_counts``, the inbox and wallboard counters); it stands for the unfiltered list
    only, so a search shows what it has seen instead ("20+"). A search the filters reject shows the
    whole list with the reason in ``page.search_error``."""
    error = ""
    params = params or {}
    try:
        queryset = filtered(spec.queryset(user), params, user)
    except InvalidInput as exc:
        queryset, error = spec.queryset(user), "；".join(m for ms in exc.fields.values() for m in ms) or exc.message
    searching = is_searching(params) and not error
    page = seek(queryset, cursor, size=PAGE_SIZE, salt=f"consoles.list.{spec.name}",
                total=None if searching else total)
    page.object_list = decorate(page.object_list, user, spec, choices=choices)
    page.search_error = error
    return page


def one_row(spec: TicketList, user, ticket_id: int, params=None) -> Ticket | None:
    """The ticket as a row of this list, or None if it does not (or no longer) belong in it."""
    try:
        queryset = filtered(spec.queryset(user), params or {}, user)
    except InvalidInput:
        queryset = spec.queryset(user)
    ticket = queryset.filter(pk=ticket_id).first()
    return decorate([ticket], user, spec)[0] if ticket else None


def open_counts(user, only: tuple[str, ...] | None = None) -> dict[str, int]:
    """The size of every list that has a ``member`` condition, keyed by list name, in one query:
    one scalar COUNT per list, each reading only its own open state through the status index, so
    the figures grow with the open work, never with the archive. (A conditional aggregate over the
    states the lists span would read all accepted work to count a few pending extensions.) The
    anchor row is the user's own, so the query answers one row even when every list is empty. The
    pages show these as the lists' totals instead of counting a list again for its pager. ``only``:
    the lists a page shows (the agent console needs one count, not the desk's five)."""
    wanted = {name: spec for name, spec in LISTS.items() if spec.member is not None and (only is None or name in only)}
    first = {}  # lists sharing a condition (the intake and the desk's received tab) share its count
    for name, spec in wanted.items():
        first.setdefault(id(spec.member), name)
    visible = visible_tickets(user).order_by()
    counted = get_user_model().objects.filter(pk=user.pk).values(**{
        name: Subquery(visible.filter(LISTS[name].member).annotate(n=Func(F("pk"), function="COUNT")).values("n"))
        for name in first.values()}).first() or {}
    return {name: counted.get(first[id(spec.member)]) or 0 for name, spec in wanted.items()}


def may_read(spec: TicketList, user) -> bool:
    return may_use(user, spec.roles)


__all__ = ["INBOX_STATUSES", "LISTS", "PAGE_SIZE", "TicketList", "decorate", "filtered", "may_read", "one_row",
           "open_counts", "page_of"]
