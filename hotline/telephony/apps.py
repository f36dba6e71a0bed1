from django.apps import AppConfig


class TelephonyConfig(AppConfig):
    name = "hotline.telephony"
    label = "telephony"
    verbose_name = "电话接入（CTI）"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from hotline.telephony.services import link_ticket_to_call
        from tickets.signals import ticket_event_committed

        ticket_event_committed.connect(link_ticket_to_call, dispatch_uid="telephony.link_ticket_to_call")
