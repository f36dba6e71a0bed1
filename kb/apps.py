from django.apps import AppConfig


class KbConfig(AppConfig):
    name = "kb"
    verbose_name = "知识库"

    def ready(self):
        from kb import signals  # noqa: F401  (connects the index receivers)
        from kb.demo import seed_articles
        from tickets.demo import register_demo_seeder

        register_demo_seeder("knowledge entries", seed_articles, order=50)
        from kb.routing import provider, segment
        from tickets.routing.hooks import register_knowledge_provider, register_segmenter

        # Smart dispatch asks the knowledge base through these; the core never imports kb.
        register_knowledge_provider(provider)
        register_segmenter(segment)
