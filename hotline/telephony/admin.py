from django.contrib import admin

from hotline.telephony.models import Call


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    """Calls are the platform's record: viewable, never edited by hand."""

    list_display = ("call_id", "caller", "agent", "state", "started_at", "duration", "ticket")
    list_filter = ("state",)
    search_fields = ("call_id", "caller", "agent__username")
    date_hierarchy = "started_at"
    raw_id_fields = ("agent", "ticket")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
