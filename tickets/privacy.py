"""Personal data (保密): masking, withholding for confidential tickets, and the access log.

Rules (DOMAIN.md): a confidential ticket shows the handling unit no name, phone or ID number;
elsewhere phone and ID numbers are masked (138****5678). Seeing the unmasked values is an explicit,
logged act (`reveal_personal_data`).
"""

from __future__ import annotations

from tickets import roles
from tickets.models import PersonalDataAccess, Ticket
from tickets.phones import mask_phone  # noqa: F401  (re-exported: privacy is where callers look for masking)


def mask_id_number(number: str) -> str:
    if not number:
        return ""
    return f"{number[:4]}{'*' * (len(number) - 8)}{number[-4:]}" if len(number) > 8 else "*" * len(number)


def withheld_from(ticket: Ticket, user) -> bool:
    """True when this viewer may not see the citizen's identity at all: a department handler (or any
    non-hotline viewer) on a confidential ticket."""
    if not ticket.confidential:
        return False
    return not roles.has_any(user, roles.CITIZEN_CONTACT)


def citizen_view(ticket: Ticket, user) -> dict:
    """The citizen block of a ticket as this viewer may see it, masked."""
    if withheld_from(ticket, user):
        return {"name": "", "phone": "", "confidential": True, "withheld": True}
    return {
        "name": ticket.citizen_name,
        "phone": mask_phone(ticket.citizen_phone),
        "confidential": ticket.confidential,
        "withheld": False,
    }


def reveal_personal_data(ticket: Ticket, user, *, via: str, ip_address: str | None = None) -> dict:
    """The full personal data, for a viewer allowed to see it; every call is logged."""
    from tickets.errors import PermissionDenied

    if withheld_from(ticket, user):
        raise PermissionDenied("该诉求人要求信息保密，您无权查看其个人信息。")
    PersonalDataAccess.objects.create(ticket=ticket, user=user, via=via, fields="name,phone,id_number,address",
                                      ip_address=ip_address)
    return {
        "name": ticket.citizen_name, "phone": ticket.citizen_phone, "id_number": ticket.citizen_id_number,
        "address": ticket.citizen_address, "confidential": ticket.confidential,
    }


def log_access(ticket: Ticket | None, user, *, via: str, fields: str, ip_address: str | None = None,
               call_id: str = "") -> None:
    """Record that `user` saw personal data: of a ticket, or of a caller on call `call_id`."""
    PersonalDataAccess.objects.create(ticket=ticket, call_id=call_id, user=user, via=via, fields=fields,
                                      ip_address=ip_address)
