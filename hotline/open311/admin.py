"""Issuing and revoking Open311 API keys; the log of each key's use; requests that came in."""

from django.contrib import admin, messages

from hotline.open311 import keys
from hotline.open311.models import ApiKey, ApiKeyUse, ServiceRequest
from tickets.admin import ReadOnlyAdmin, ReadOnlyInline


class RecentUseInline(ReadOnlyInline):
    model = ApiKeyUse
    fields = ("at", "method", "path", "status_code", "ticket", "ip_address", "detail")
    readonly_fields = fields
    ordering = ("-id",)
    max_num = 50

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("ticket")


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    """A new key is generated when the row is saved and shown once in the message; only its digest is kept."""

    list_display = ("name", "key_prefix", "rate_limit_per_hour", "response_mode", "is_active", "revoked_at",
                    "last_used_at", "created_at")
    list_filter = ("is_active", "response_mode")
    search_fields = ("name", "contact", "key_prefix")
    fields = ("name", "contact", "rate_limit_per_hour", "response_mode", "is_active", "key_prefix", "created_at",
              "created_by", "revoked_at", "last_used_at")
    readonly_fields = ("key_prefix", "created_at", "created_by", "revoked_at", "last_used_at")
    inlines = [RecentUseInline]
    actions = ["revoke_keys"]

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        api_key, key = keys.issue_key(name=obj.name, contact=obj.contact, rate_limit_per_hour=obj.rate_limit_per_hour,
                                      response_mode=obj.response_mode, by=request.user)
        obj.pk = api_key.pk
        obj.refresh_from_db()
        messages.warning(request, f"已签发密钥（只显示这一次，请立即交给对方保存）：{key}")

    def has_delete_permission(self, request, obj=None):
        return False  # revoke instead: the log of use stays attached

    @admin.action(description="吊销所选密钥")
    def revoke_keys(self, request, queryset):
        count = keys.revoke(queryset)
        messages.success(request, f"已吊销{count}个密钥。")


@admin.register(ApiKeyUse)
class ApiKeyUseAdmin(ReadOnlyAdmin):
    list_display = ("at", "api_key", "method", "path", "status_code", "ticket", "ip_address", "detail")
    list_filter = ("status_code", "method", "api_key")
    date_hierarchy = "at"
    list_select_related = ("api_key", "ticket")


@admin.register(ServiceRequest)
class ServiceRequestAdmin(ReadOnlyAdmin):
    list_display = ("ticket", "service_code", "api_key", "address_string", "created_at")
    search_fields = ("ticket__letter_number", "token")
    list_select_related = ("ticket", "api_key")
