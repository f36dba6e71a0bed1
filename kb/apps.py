from django.apps import AppConfig


class KbConfig(AppConfig):
    name = "kb"
    verbose_name = "知识库"

    def ready(self):
        from kb import signals  # noqa: F401  (connects the index receivers)
