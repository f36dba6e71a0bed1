from django.apps import AppConfig


class KbConfig(AppConfig):
    name = "kb"
    verbose_name = "知识库"

    def ready(self):
        from kb import signals  # noqa: F401  (connects the index receivers)
        from kb.demo import seed_articles
        from tickets.demo import register_demo_seeder

        register_demo_seeder("knowledge entries", seed_articles, order=50)
