"""Who runs the hall's weekend appointments: the hotline's dispatchers (they review intake, as they
review these bookings) and supervisors (they run the floor on the day). Superusers too."""

from tickets.models import Role

HALL_STAFF = (Role.DISPATCHER, Role.SUPERVISOR)


def runs_the_hall(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.has_role(*HALL_STAFF))
