from django.contrib import admin

from hotline.publishing.models import Publication


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    """Read-only: publishing goes through the editor's desk, so the ticket's history records it."""

    list_display = ("title", "column", "department", "is_published", "published_at", "published_by")
    list_filter = ("column", "is_published")
    search_fields = ("title", "content")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
