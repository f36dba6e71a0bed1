"""Admin: message wording, the outbox (with 重新发送 for what failed) and the inbound SMS log."""

from django.contrib import admin, messages
from django.template.defaultfilters import linebreaksbr

from hotline.sms import delivery
from hotline.sms.models import InboundSms, MessageTemplate
from tickets.admin import ReadOnlyAdmin
from tickets.models import OutboundMessage
from tickets.services import notifications


@admin.register(MessageTemplate)
class MessageTemplateAdmin(admin.ModelAdmin):
    list_display = ("name", "is_active", "updated_at", "updated_by")
    list_filter = ("is_active",)
    readonly_fields = ("default_wording", "placeholders", "updated_at", "updated_by")
    fields = ("name", "text", "is_active", "placeholders", "default_wording", "updated_at", "updated_by")

    @admin.display(description="默认内容")
    def default_wording(self, obj):
        return linebreaksbr(obj.default_text, autoescape=True) if obj and obj.name else "保存后显示"

    @admin.display(description="可用占位符")
    def placeholders(self, obj):
        if not (obj and obj.name in notifications.DEFAULT_TEMPLATES):
            return "选择消息并保存后显示"
        return "、".join("{" + name + "}" for name in sorted(notifications.template_fields(obj.name)))

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(OutboundMessage)
class OutboundMessageAdmin(admin.ModelAdmin):
    list_display = ("id", "channel", "recipient", "template", "state", "attempts", "next_attempt_at", "sent_at",
                    "short_error")
    list_filter = ("state", "channel", "template")
    raw_id_fields = ("ticket",)
    search_fields = ("recipient", "=ticket__letter_number")
    show_full_result_count = False
    actions = ["resend"]
    fields = ("channel", "recipient", "template", "ticket", "shown_body", "state", "attempts", "next_attempt_at",
              "last_error", "provider_id", "dedupe_key", "created_at", "sent_at")
    readonly_fields = fields

    @admin.display(description="内容")
    def shown_body(self, obj):
        # The query password stays hidden even here: staff never need it to help a citizen.
        return obj.redacted_body

    @admin.display(description="最近错误")
    def short_error(self, obj):
        return obj.last_error[:40]

    @admin.action(description="重新发送所选的发送失败消息", permissions=["change"])
    def resend(self, request, queryset):
        ids = delivery.resend(queryset)
        skipped = queryset.count() - len(ids)
        if ids:
            self.message_user(request, f"已将 {len(ids)} 条消息重新加入发送队列。", messages.SUCCESS)
        if skipped:
            self.message_user(request, f"{skipped} 条消息不是“发送失败”状态，未重复发送。", messages.WARNING)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        # Viewing only (the action needs the change permission on the list, not the form).
        return obj is None and super().has_change_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(InboundSms)
class InboundSmsAdmin(ReadOnlyAdmin):
    list_display = ("received_at", "sender", "text", "outcome", "ticket")
    list_filter = ("outcome",)
    search_fields = ("sender", "=ticket__letter_number")
    raw_id_fields = ("ticket",)
