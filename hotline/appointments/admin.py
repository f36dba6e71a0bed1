"""The service items and time ranges are configured here; bookings and the blacklist are read here
(the hall's staff act on them in the console, so every change goes through the services)."""

from django.contrib import admin

from hotline.appointments.models import BlacklistEntry, Booking, BookingEvent, Period, Service
from tickets.privacy import mask_id_number, mask_phone


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "department", "is_active", "sort_order")
    list_editable = ("is_active", "sort_order")
    search_fields = ("name", "code")


@admin.register(Period)
class PeriodAdmin(admin.ModelAdmin):
    list_display = ("__str__", "is_active")
    list_editable = ("is_active",)


class EventInline(admin.TabularInline):
    model = BookingEvent
    extra = 0
    can_delete = False
    readonly_fields = ("at", "action", "from_status", "to_status", "by", "note")

    def has_add_permission(self, request, obj=None):
        return False


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Booking)
class BookingAdmin(ReadOnly):
    list_display = ("number", "service", "name", "masked_id", "masked_phone", "date", "period", "status")
    list_filter = ("status", "date", "service")
    search_fields = ("number",)
    exclude = ("id_number", "phone")
    readonly_fields = ("masked_id", "masked_phone")
    inlines = [EventInline]

    @admin.display(description="身份证号")
    def masked_id(self, obj):
        return mask_id_number(obj.id_number)

    @admin.display(description="联系电话")
    def masked_phone(self, obj):
        return mask_phone(obj.phone)


@admin.register(BlacklistEntry)
class BlacklistAdmin(ReadOnly):
    list_display = ("name", "masked_id", "no_shows", "created_at", "lifted_at", "lifted_by", "lift_reason")
    list_filter = ("lifted_at",)
    exclude = ("id_number",)

    @admin.display(description="身份证号")
    def masked_id(self, obj):
        return mask_id_number(obj.id_number)
