"""Who may do what, by role: each set of roles is named once here and imported everywhere.

A superuser holds every role. A department handler (`Role.HANDLER` with a department) acts only on
their own department's tickets; that is decided per ticket, not by these sets.
"""

from __future__ import annotations

from tickets.models.org import Role

# Register tickets, answer on the call, dispatch, mark invalid: the agent console.
INTAKE = (Role.AGENT, Role.DISPATCHER)
# Rule on returns, replies, extensions, merges; reopen and close: the dispatch desk.
DISPATCHERS = (Role.DISPATCHER,)
# Urge (催办) and supervise (督办) overdue work.
SUPERVISION = (Role.SUPERVISOR, Role.DISPATCHER)
# Watch the live counters and the statistics: the wallboard.
WALLBOARD = (Role.SUPERVISOR, Role.DISPATCHER, Role.LEADER)
# The hotline's own staff: they see every ticket (a department sees only its own).
HOTLINE_STAFF = (Role.AGENT, Role.DISPATCHER, Role.SUPERVISOR, Role.LEADER)
# Keep the knowledge base: review and publish any entry (departments edit their own).
KNOWLEDGE_EDITORS = (Role.KB_EDITOR,)
# Run the government service hall's weekend appointments (双休日预约): review bookings, the window, the blacklist.
APPOINTMENT_HALL = (Role.DISPATCHER, Role.SUPERVISOR)
# Select resolved letters for publication (来信选登) and edit or withdraw them: reviewers and supervisors.
PUBLISHERS = (Role.DISPATCHER, Role.SUPERVISOR)
# Those who talk to citizens: they see a confidential caller's identity and take ratings by phone.
CITIZEN_CONTACT = (Role.AGENT, Role.DISPATCHER, Role.SUPERVISOR)


def has_any(user, roles) -> bool:
    """True when an active, signed-in user holds one of `roles` (a superuser holds them all)."""
    return bool(user and getattr(user, "is_authenticated", False) and user.is_active and user.has_role(*roles))


def is_staff_member(user) -> bool:
    """Anyone with a role — hotline staff, department handlers, knowledge editors — or a superuser."""
    return bool(user and getattr(user, "is_authenticated", False) and user.is_active
                and (user.is_superuser or user.role))


def is_department_handler(user) -> bool:
    return bool(user and getattr(user, "is_authenticated", False) and user.is_active and user.is_handler)
