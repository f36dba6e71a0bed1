from django.apps import AppConfig


class TransfersConfig(AppConfig):
    name = "hotline.transfers"
    label = "transfers"
    verbose_name = "平台转办"

    def ready(self):
        from hotline.transfers import answers, services
        from tickets.services.transitions import register_transfer_carrier
        from tickets.signals import ticket_event_committed

        register_transfer_carrier(services)
        ticket_event_committed.connect(answers.on_event_committed, dispatch_uid="transfers.answer_when_done")

    def seed_demo(self) -> str:
        from hotline.transfers.demo import seed_platforms

        return f"{seed_platforms()} platforms"
