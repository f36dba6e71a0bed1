from django.apps import AppConfig


class TicketsConfig(AppConfig):
    name = "tickets"
    verbose_name = "工单"

    def ready(self):
        from tickets import signals  # noqa: F401 — connects the calendar cache invalidation
        from tickets.search import indexing

        signals.ticket_event_committed.connect(indexing.on_event_committed, dispatch_uid="tickets_search_index")

        from tickets.routing import catalogue, learning, receivers  # noqa: F401 — caches; screening new letters
        from tickets.demo import register_demo_seeder
        from tickets.routing.spreadsheet import seed_demo_catalogue

        # After the units and categories (seeded by the command itself), before the demo tickets.
        register_demo_seeder("dispatch catalogue entries", seed_demo_catalogue, order=40)
