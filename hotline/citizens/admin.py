from django.contrib import admin

from hotline.citizens.models import CitizenAccount, LegalEntity, WechatBinding
from tickets.privacy import mask_id_number


@admin.register(CitizenAccount)
class CitizenAccountAdmin(admin.ModelAdmin):
    list_display = ("phone", "real_name", "masked_id_number", "real_name_at", "is_active", "created_at", "last_login_at")
    list_filter = ("is_active",)
    search_fields = ("phone", "real_name")
    fields = ("phone", "real_name", "masked_id_number", "real_name_at", "is_active", "created_at", "last_login_at")
    readonly_fields = ("phone", "real_name", "masked_id_number", "real_name_at", "created_at", "last_login_at")

    @admin.display(description="身份证号")
    def masked_id_number(self, obj):
        return mask_id_number(obj.id_number)

    def has_add_permission(self, request):
        return False  # accounts are created by signing in with an SMS code


@admin.register(LegalEntity)
class LegalEntityAdmin(admin.ModelAdmin):
    list_display = ("name", "credit_code", "kind", "legal_rep_name", "created_at")
    search_fields = ("name", "credit_code")
    readonly_fields = ("account", "credit_code", "legal_rep_id_number", "created_at")

    def has_add_permission(self, request):
        return False


@admin.register(WechatBinding)
class WechatBindingAdmin(admin.ModelAdmin):
    list_display = ("openid", "account", "bound_at")
    readonly_fields = ("openid", "account", "bound_at")

    def has_add_permission(self, request):
        return False
