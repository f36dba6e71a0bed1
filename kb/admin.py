"""Admin for the knowledge base. Day-to-day editing happens on /kb/manage/ through the workflow;
the admin is for administrators. Saves here are indexed like any other (kb.signals)."""

from django.contrib import admin
from django.shortcuts import redirect

from kb.models import (Article, ArticleFeedback, ArticleLog, ArticleUsage, ArticleVersion, KnowledgeSettings,
                       SearchEntry, TermStat)
from tickets.admin import ReadOnlyAdmin


class ArticleVersionInline(admin.TabularInline):
    model = ArticleVersion
    extra = 0
    can_delete = False
    fields = ("number", "question", "editor", "note", "created_at")
    readonly_fields = fields
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False


class ArticleLogInline(admin.TabularInline):
    model = ArticleLog
    extra = 0
    can_delete = False
    fields = ("action", "from_status", "to_status", "actor", "note", "created_at")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ("question", "department", "category", "status", "is_public", "version", "helpful_count",
                    "outdated_count", "review_due", "updated_at")
    list_filter = ("status", "is_public", "department", "category")
    search_fields = ("question", "keywords", "synonyms")
    readonly_fields = ("version", "helpful_count", "outdated_count", "outdated_flagged_at", "published_at",
                       "created_at", "updated_at")
    list_select_related = ("department", "category")
    inlines = [ArticleVersionInline, ArticleLogInline]


@admin.register(ArticleFeedback)
class ArticleFeedbackAdmin(admin.ModelAdmin):
    list_display = ("article", "kind", "user", "created_at")
    list_filter = ("kind",)
    raw_id_fields = ("article", "user")


@admin.register(ArticleVersion)
class ArticleVersionAdmin(ReadOnlyAdmin):
    list_display = ("article", "number", "editor", "note", "created_at")
    list_select_related = ("article", "editor")
    search_fields = ("question",)


@admin.register(ArticleLog)
class ArticleLogAdmin(ReadOnlyAdmin):
    list_display = ("article", "action", "from_status", "to_status", "actor", "created_at")
    list_filter = ("action",)
    list_select_related = ("article", "actor")


@admin.register(SearchEntry)
class SearchEntryAdmin(ReadOnlyAdmin):
    list_display = ("article", "is_public", "category_path", "question_len", "answer_len")
    list_select_related = ("article",)
    search_fields = ("title_plain",)
    fields = ("article", "question_terms", "keywords_terms", "answer_terms", "title_plain", "is_public",
              "category_path", "valid_from", "valid_until")


@admin.register(TermStat)
class TermStatAdmin(ReadOnlyAdmin):
    list_display = ("term", "df")
    search_fields = ("term",)
    ordering = ("-df",)


@admin.register(KnowledgeSettings)
class KnowledgeSettingsAdmin(admin.ModelAdmin):
    list_display = ("__str__", "allow_self_approval", "updated_at")

    def has_add_permission(self, request):
        return not KnowledgeSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        row, _ = KnowledgeSettings.objects.get_or_create(pk=1)
        return redirect("admin:kb_knowledgesettings_change", row.pk)


@admin.register(ArticleUsage)
class ArticleUsageAdmin(ReadOnlyAdmin):
    list_display = ("article", "day", "searches", "views", "helpful")
    list_select_related = ("article",)
    date_hierarchy = "day"
    ordering = ("-day", "-searches")
