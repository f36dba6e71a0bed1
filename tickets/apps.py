from django.apps import AppConfig


class TicketsConfig(AppConfig):
    name = "tickets"
    verbose_name = "工单"

    def ready(self):
        from tickets import signals  # noqa: F401 — connects the calendar cache invalidation
        from tickets.search import indexing

        signals.ticket_event_committed.connect(indexing.on_event_committed, dispatch_uid="tickets_search_index")
