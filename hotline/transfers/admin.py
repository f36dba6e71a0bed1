"""Platforms are configured here; transfers, the webhook outbox and the inbound log are shown."""

from django.contrib import admin, messages

from hotline.transfers import delivery
from hotline.transfers.models import Delivery, InboundMessage, InboundTransfer, Platform, Transfer
from tickets.admin import ReadOnlyAdmin


@admin.register(Platform)
class PlatformAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "kind", "url", "is_active", "sort_order")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "code")

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.base_fields["secret"].min_length = 16
        return form


@admin.register(Transfer)
class TransferAdmin(ReadOnlyAdmin):
    list_display = ("reference", "ticket", "platform", "emergency", "state", "created_at", "delivered_at", "answered_at")
    list_filter = ("state", "emergency", "platform")
    search_fields = ("reference", "ticket__letter_number")
    list_select_related = ("ticket", "platform")


@admin.register(InboundTransfer)
class InboundTransferAdmin(ReadOnlyAdmin):
    list_display = ("external_id", "platform", "ticket", "external_letter_number", "answered_round", "created_at")
    list_filter = ("platform",)
    search_fields = ("external_id", "external_letter_number", "ticket__letter_number")
    list_select_related = ("ticket", "platform")


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    list_display = ("id", "platform", "event", "state", "emergency", "attempts", "next_attempt_at", "response_status",
                    "last_error", "delivered_at")
    list_filter = ("state", "event", "platform", "emergency")
    search_fields = ("idempotency_key",)
    list_select_related = ("platform",)
    actions = ["retry_now"]

    @admin.action(description="立即重试所选待发送消息")
    def retry_now(self, request, queryset):
        count = delivery.retry_now(queryset)
        messages.success(request, f"已安排{count}条消息立即重试。")


@admin.register(InboundMessage)
class InboundMessageAdmin(ReadOnlyAdmin):
    list_display = ("received_at", "platform", "event", "status_code", "ticket", "idempotency_key")
    list_filter = ("platform", "event", "status_code")
    list_select_related = ("platform", "ticket")
