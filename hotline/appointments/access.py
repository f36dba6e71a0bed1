"""Who runs the hall's weekend appointments: `tickets.roles.APPOINTMENT_HALL` — the hotline's
dispatchers (they review intake, as they review these bookings) and supervisors (they run the floor
on the day). Superusers too."""

from tickets import roles

HALL_STAFF = roles.APPOINTMENT_HALL


def runs_the_hall(user) -> bool:
    return roles.has_any(user, HALL_STAFF)
