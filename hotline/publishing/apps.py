from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "hotline.publishing"
    label = "publishing"
    verbose_name = "来信选登"

    def ready(self):
        from hotline.publishing.demo import seed_publications
        from tickets.demo import register_demo_seeder

        # After the demo tickets (900): its letters are taken through the loop and published.
        register_demo_seeder("published letters", seed_publications, order=950)
