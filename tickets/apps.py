from django.apps import AppConfig


class TicketsConfig(AppConfig):
    name = "tickets"
    verbose_name = "工单"

    def ready(self):
        from tickets import signals  # noqa: F401 — connects the calendar cache invalidation
        from tickets.routing import catalogue, learning, receivers  # noqa: F401 — caches; screening new letters
