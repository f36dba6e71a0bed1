"""Admin of smart dispatch: the catalogue (with spreadsheet import/export), the routing settings
(one row), the stored models (read-only, retrain on demand), hot-topic alerts and 每月一题."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone

from tickets import models
from tickets.errors import InvalidInput
from tickets.gazetteer import DISTRICTS
from tickets.routing import spreadsheet

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class CatalogueEntryForm(forms.ModelForm):
    class Meta:
        model = models.CatalogueEntry
        fields = "__all__"
        widgets = {"keywords": forms.Textarea(attrs={"rows": 3}), "duty_text": forms.Textarea(attrs={"rows": 3})}

    def clean(self):
        data = super().clean()
        district, street = data.get("district", ""), data.get("street", "")
        if district and district not in DISTRICTS:
            self.add_error("district", "区县不在本市行政区划中。")
        elif street and (not district or street not in DISTRICTS[district]):
            self.add_error("street", "街道不属于所填区县（先填区县）。")
        return data


class ImportForm(forms.Form):
    file = forms.FileField(label="派单目录表格（.xlsx）")
    replace = forms.BooleanField(label="停用表格中没有的条目", required=False)


@admin.register(models.CatalogueEntry)
class CatalogueEntryAdmin(admin.ModelAdmin):
    form = CatalogueEntryForm
    list_display = ("category", "short_keywords", "area", "lead_department", "is_active")
    list_filter = ("is_active", "district", "category__parent")
    search_fields = ("keywords", "duty_text", "category__name", "lead_department__name")
    autocomplete_fields = ("category", "lead_department", "co_departments")
    change_list_template = "admin/tickets/catalogueentry/change_list.html"

    @admin.display(description="关键词")
    def short_keywords(self, entry):
        return entry.keywords[:40] + ("…" if len(entry.keywords) > 40 else "")

    @admin.display(description="区域")
    def area(self, entry):
        return entry.area_label

    def get_urls(self):
        own = [
            path("export/", self.admin_site.admin_view(self.export_view), name="tickets_catalogueentry_export"),
            path("import/", self.admin_site.admin_view(self.import_view), name="tickets_catalogueentry_import"),
        ]
        return own + super().get_urls()

    def export_view(self, request):
        if not self.has_view_permission(request):
            return redirect("admin:index")
        response = HttpResponse(spreadsheet.export_workbook(), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="dispatch-catalogue-{timezone.localdate()}.xlsx"'
        return response

    def import_view(self, request):
        if not self.has_change_permission(request):
            return redirect("admin:index")
        form = ImportForm(request.POST or None, request.FILES or None)
        report = None
        if request.method == "POST" and form.is_valid():
            try:
                report = spreadsheet.import_workbook(form.cleaned_data["file"].read(),
                                                     replace=form.cleaned_data["replace"])
            except InvalidInput as exc:
                form.add_error("file", exc.message)
            else:
                if not report.errors:
                    self.message_user(request, f"导入完成：新增 {report.created} 条，更新 {report.updated} 条，"
                                               f"停用 {report.deactivated} 条。", messages.SUCCESS)
                    return redirect("admin:tickets_catalogueentry_changelist")
        return render(request, "admin/tickets/catalogueentry/import.html", {
            **self.admin_site.each_context(request), "form": form, "report": report,
            "opts": self.model._meta, "title": "导入派单目录",
        })


@admin.register(models.RoutingSettings)
class RoutingSettingsAdmin(admin.ModelAdmin):
    list_display = ("__str__", "auto_dispatch_enabled", "auto_dispatch_threshold", "duplicate_window_days")

    def has_add_permission(self, request):
        return not models.RoutingSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        row, _ = models.RoutingSettings.objects.get_or_create(pk=1)
        return redirect("admin:tickets_routingsettings_change", row.pk)


@admin.register(models.DispatchModel)
class DispatchModelAdmin(admin.ModelAdmin):
    list_display = ("trained_at", "samples", "classes", "negatives")
    exclude = ("payload",)
    readonly_fields = ("trained_at", "samples", "classes", "negatives", "metrics")
    actions = ["retrain_now"]

    def has_add_permission(self, request):
        return False

    @admin.action(description="立即用最新派单历史重新训练")
    def retrain_now(self, request, queryset):
        from tickets.routing.learning import retrain

        row = retrain()
        if row is None:
            self.message_user(request, "派单历史不足，暂不训练（至少需要 20 件已签收工单）。", messages.WARNING)
        else:
            self.message_user(request, f"已训练：{row.samples} 件工单，{row.classes} 个单位。", messages.SUCCESS)


@admin.register(models.TopicAlert)
class TopicAlertAdmin(admin.ModelAdmin):
    list_display = ("day", "label", "count", "usual", "reason")
    list_filter = ("day",)
    readonly_fields = [f.name for f in models.TopicAlert._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(models.MonthlyTopic)
class MonthlyTopicAdmin(admin.ModelAdmin):
    list_display = ("month", "label", "owner", "status", "created_by")
    list_filter = ("status", "month")
    autocomplete_fields = ("owner", "category")
