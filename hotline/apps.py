from django.apps import AppConfig


class HotlineConfig(AppConfig):
    name = "hotline"
