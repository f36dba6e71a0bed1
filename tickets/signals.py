"""Signals the domain core sends. Other apps listen; the core never imports them."""

import django.dispatch
from django.db.models.signals import post_delete, post_save, pre_save
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


# --- the statistics' daily roll-ups follow every saved ticket and every new rating ----------------
# (tickets.services.rollups; the ticket's counted fields as loaded are kept by Ticket.from_db)

@receiver(pre_save, sender="tickets.Ticket")
def _ticket_about_to_be_saved(sender, instance, **kwargs):
    if not instance._state.adding and getattr(instance, "_rollup_loaded", None) is None and instance.pk:
        from tickets.services.rollups import FIELDS

        instance._rollup_loaded = sender.objects.filter(pk=instance.pk).values(*FIELDS).first()


@receiver(post_save, sender="tickets.Ticket")
def _ticket_saved(sender, instance, created, update_fields=None, raw=False, **kwargs):
    from tickets.services import rollups

    if raw:
        return  # fixtures: rebuild_rollups after loading them
    if update_fields is not None and not created and not set(update_fields) & {
            name.removesuffix("_id") for name in rollups.FIELDS} | set(rollups.FIELDS):
        return
    rollups.ticket_saved(instance, created, getattr(instance, "_rollup_loaded", None))


@receiver(post_delete, sender="tickets.Ticket")
def _ticket_deleted(sender, instance, **kwargs):
    from tickets.services import rollups

    rollups.ticket_deleted(instance, getattr(instance, "_rollup_loaded", None))


@receiver(post_save, sender="tickets.Rating")
def _rating_saved(sender, instance, created, raw=False, **kwargs):
    from tickets.services import rollups

    if created and not raw:
        rollups.rating_created(instance)


# Sent after commit when a hot-topic spike alert was stored (`alert` is the TopicAlert row);
# realtime listens and tells the wallboards.
topic_alert_raised = django.dispatch.Signal()
