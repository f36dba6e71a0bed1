from django.apps import AppConfig


class SmsConfig(AppConfig):
    name = "hotline.sms"
    label = "sms"
    verbose_name = "短信与消息推送"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from hotline.sms import delivery, templates
        from tickets.services import notifications
        from tickets.signals import outbound_messages_queued

        notifications.register_wording(templates.template_text)
        outbound_messages_queued.connect(delivery.on_messages_queued, dispatch_uid="sms.deliver_on_commit")
        for signal in (post_save, post_delete):
            signal.connect(templates.forget_edits, sender="sms.MessageTemplate", dispatch_uid=f"sms.templates.{signal}")
