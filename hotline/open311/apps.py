from django.apps import AppConfig


class Open311Config(AppConfig):
    name = "hotline.open311"
    label = "open311"
    verbose_name = "Open311 开放接口"

    def ready(self):
        from hotline.open311.keys import seed_demo_key
        from hotline.open311.models import ApiKey
        from tickets.demo import register_demo_seeder

        register_demo_seeder("Open311 API keys", lambda: (seed_demo_key(), ApiKey.objects.count())[1])
