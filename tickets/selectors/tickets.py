"""Which tickets a member of staff may see."""

from django.db.models import Q, QuerySet

from tickets import roles
from tickets.errors import NotFound
from tickets.models import Ticket
from tickets.phones import normalize_phone


def visible_tickets(user) -> QuerySet[Ticket]:
    """Hotline staff see every ticket; a department handler sees only tickets their department leads
    or co-handles; anyone else sees none."""
    # Staff never need the query password's hash: lists and pages leave it in the database.
    qs = Ticket.objects.select_related("lead_department", "category").defer("password_hash")
    if not (user and user.is_authenticated):
        return qs.none()
    if roles.has_any(user, roles.HOTLINE_STAFF):
        return qs
    if user.is_handler:
        co = Ticket.co_departments.through.objects.filter(department_id=user.department_id).values("ticket_id")
        return qs.filter(Q(lead_department_id=user.department_id) | Q(id__in=co))
    return qs.none()


def visible_ticket(user, ticket_id) -> Ticket:
    try:
        ticket_id = int(ticket_id)
    except (TypeError, ValueError):
        raise NotFound("工单不存在。") from None
    ticket = visible_tickets(user).filter(pk=ticket_id).first()
    if ticket is None:
        raise NotFound("工单不存在。")  # another department's ticket looks exactly like a missing one
    return ticket


def caller_history(phone: str, *, limit: int = 10) -> list[Ticket]:
    """The caller's previous tickets, newest first, for the agent's screen pop (来电弹屏)."""
    phone = normalize_phone(phone) if phone else None
    if not phone:
        return []
    return list(Ticket.objects.filter(citizen_phone=phone).select_related("lead_department")
                .order_by("-created_at")[:limit])
