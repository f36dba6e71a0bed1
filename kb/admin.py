from django.contrib import admin

from kb.models import Article


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ("question", "department", "status", "is_public", "updated_at")
    list_filter = ("status", "is_public", "department")
    search_fields = ("question", "keywords")
