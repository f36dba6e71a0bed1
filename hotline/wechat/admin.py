from django.contrib import admin

from hotline.sms.admin import ReadOnlyAdmin
from hotline.wechat.models import Follower, ProcessedMessage


@admin.register(Follower)
class FollowerAdmin(ReadOnlyAdmin):
    list_display = ("openid", "subscribed", "subscribed_at", "last_message_at", "open_ticket")
    list_filter = ("subscribed",)
    search_fields = ("=openid",)
    raw_id_fields = ("open_ticket",)


@admin.register(ProcessedMessage)
class ProcessedMessageAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "key", "openid", "kind", "ticket")
    list_filter = ("kind",)
    search_fields = ("=openid", "=key")
    raw_id_fields = ("ticket",)
    exclude = ("reply",)  # may hold a query password for a few minutes
