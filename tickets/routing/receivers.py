"""Screening new letters once they are stored: connected in TicketsConfig.ready()."""

from django.dispatch import receiver

from tickets.models import EventKind
from tickets.signals import ticket_event_committed


@receiver(ticket_event_committed, dispatch_uid="tickets.routing.screen_new_letter")
def _letter_committed(sender, event, **kwargs):
    if event.kind != EventKind.CREATED:
        return
    from tickets.routing.services import SCREENED_CHANNELS
    from tickets.tasks import screen_new_letter

    if event.data.get("channel") in SCREENED_CHANNELS:
        screen_new_letter.delay(event.ticket_id)
