"""Signals the domain core sends. Other apps listen; the core never imports them."""

import django.dispatch
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

# Sent after the transaction that stored a TicketEvent has committed. `event` is the stored row.
# realtime listens and pushes it; nothing hears of an event that was rolled back.
ticket_event_committed = django.dispatch.Signal()

# Sent after commit when OutboundMessage rows were queued; the delivery task listens.
outbound_messages_queued = django.dispatch.Signal()


@receiver([post_save, post_delete], sender="tickets.WorkingPeriod")
@receiver([post_save, post_delete], sender="tickets.SpecialDay")
def _calendar_changed(**kwargs):
    from tickets.working_time import invalidate_calendar

    invalidate_calendar()

# Sent after commit when a hot-topic spike alert was stored (`alert` is the TopicAlert row);
# realtime listens and tells the wallboards.
topic_alert_raised = django.dispatch.Signal()
