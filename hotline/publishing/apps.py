from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "hotline.publishing"
    label = "publishing"
    verbose_name = "来信选登"
