from django.apps import AppConfig


class RealtimeConfig(AppConfig):
    name = "realtime"
    verbose_name = "实时推送"

    def ready(self):
        from realtime.publishing import on_ticket_event_committed, on_topic_alert_raised
        from tickets.signals import ticket_event_committed, topic_alert_raised

        ticket_event_committed.connect(on_ticket_event_committed, dispatch_uid="realtime.publish_ticket_event")
        topic_alert_raised.connect(on_topic_alert_raised, dispatch_uid="realtime.publish_topic_alert")
