"""The Django admin for the domain core, in Chinese. The ticket's history is read-only here: states
change only through the services, never by editing a row."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from tickets import models


@admin.register(models.User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "first_name", "role", "department", "is_active", "is_staff")
    list_filter = ("role", "department", "is_active", "is_staff")
    fieldsets = BaseUserAdmin.fieldsets + (("热线岗位", {"fields": ("role", "department", "phone")}),)
    add_fieldsets = BaseUserAdmin.add_fieldsets + (("热线岗位", {"fields": ("role", "department")}),)
    autocomplete_fields = ("department",)


@admin.register(models.Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "parent", "duty_phone", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("code", "name", "short_name")
    autocomplete_fields = ("parent",)


@admin.register(models.Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "parent", "default_department", "is_active")
    list_filter = ("is_active",)
    search_fields = ("code", "name")
    autocomplete_fields = ("parent", "default_department")


@admin.register(models.WorkingPeriod)
class WorkingPeriodAdmin(admin.ModelAdmin):
    list_display = ("weekday", "start", "end")
    list_filter = ("weekday",)


@admin.register(models.SpecialDay)
class SpecialDayAdmin(admin.ModelAdmin):
    list_display = ("date", "kind", "name")
    list_filter = ("kind",)
    date_hierarchy = "date"
    search_fields = ("name",)


@admin.register(models.DeadlineRule)
class DeadlineRuleAdmin(admin.ModelAdmin):
    list_display = ("stage", "ticket_type", "priority", "amount", "unit")
    list_filter = ("stage", "unit")


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class EventInline(ReadOnlyInline):
    model = models.TicketEvent
    fields = ("created_at", "kind", "transition", "from_status", "to_status", "actor_label", "department", "text")
    readonly_fields = fields


class ReplyInline(ReadOnlyInline):
    model = models.Reply
    fields = ("created_at", "department", "author", "text", "review", "review_note")
    readonly_fields = fields


class RatingInline(ReadOnlyInline):
    model = models.Rating
    fields = ("created_at", "round", "solved", "satisfaction", "comment", "source")
    readonly_fields = fields


@admin.register(models.Ticket)
class TicketAdmin(admin.ModelAdmin):
    list_display = ("letter_number", "title", "type", "priority", "status", "channel", "lead_department",
                    "reply_due", "created_at")
    list_filter = ("status", "type", "priority", "channel", "lead_department")
    search_fields = ("letter_number", "title")
    date_hierarchy = "created_at"
    list_select_related = ("lead_department",)
    show_full_result_count = False  # a count(*) over millions of rows on every page is what kills admin lists
    readonly_fields = ("letter_number", "status", "password_hash", "version", "created_at", "updated_at",
                       "dispatched_at", "accepted_at", "replied_at", "resolved_at", "closed_at", "merged_into",
                       "sla_next_check_at", "created_by")
    raw_id_fields = ("category", "lead_department", "kb_article")
    filter_horizontal = ("co_departments",)
    inlines = [EventInline, ReplyInline, RatingInline]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(models.TicketEvent)
class TicketEventAdmin(admin.ModelAdmin):
    list_display = ("id", "ticket", "kind", "transition", "from_status", "to_status", "actor_label", "created_at")
    list_filter = ("kind",)
    raw_id_fields = ("ticket", "actor", "department")
    show_full_result_count = False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(models.ExtensionRequest)
class ExtensionRequestAdmin(admin.ModelAdmin):
    list_display = ("ticket", "department", "days", "decision", "created_at", "decided_at")
    list_filter = ("decision",)
    raw_id_fields = ("ticket", "requested_by", "decided_by")


@admin.register(models.Reply)
class ReplyAdmin(admin.ModelAdmin):
    list_display = ("ticket", "department", "review", "created_at")
    list_filter = ("review",)
    raw_id_fields = ("ticket", "author", "reviewed_by")


@admin.register(models.Rating)
class RatingAdmin(admin.ModelAdmin):
    list_display = ("ticket", "round", "solved", "satisfaction", "source", "department", "created_at")
    list_filter = ("satisfaction", "solved", "source")
    raw_id_fields = ("ticket", "recorded_by")


@admin.register(models.Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    list_display = ("ticket", "original_name", "content_type", "size", "created_at")
    raw_id_fields = ("ticket",)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Logs and history: written only by services, shown in the admin, never edited there."""

    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(models.PersonalDataAccess)
class PersonalDataAccessAdmin(ReadOnlyAdmin):
    list_display = ("at", "user", "ticket", "call_id", "via", "fields", "ip_address")
    list_filter = ("via",)
    search_fields = ("call_id",)
    raw_id_fields = ("ticket", "user")


@admin.register(models.SlaAlert)
class SlaAlertAdmin(admin.ModelAdmin):
    list_display = ("ticket", "deadline", "point", "due_at", "created_at")
    raw_id_fields = ("ticket",)


@admin.register(models.LetterSequence)
class LetterSequenceAdmin(admin.ModelAdmin):
    list_display = ("day", "last")

from tickets.routing import admin as routing_admin  # noqa: E402,F401 — the catalogue, settings, models, topics
