from django.contrib import admin

from staticanalysis.models import Finding, Screening, ScreeningPolicy


@admin.register(ScreeningPolicy)
class ScreeningPolicyAdmin(admin.ModelAdmin[ScreeningPolicy]):
    list_display = ["problem", "mode", "show_to_contestant", "override_finished"]
    list_filter = ["mode"]
    autocomplete_fields = ["problem"]


class FindingInline(admin.TabularInline[Finding, Screening]):
    model = Finding
    extra = 0
    can_delete = False
    readonly_fields = ["rule", "severity", "line", "column", "snippet", "message"]


@admin.register(Screening)
class ScreeningAdmin(admin.ModelAdmin[Screening]):
    list_display = ["submission", "status", "analysed", "blocked", "finished_at"]
    list_filter = ["blocked", "analysed", "status"]
    readonly_fields = ["submission", "status", "analysed", "blocked", "note", "finished_at"]
    inlines = [FindingInline]


@admin.register(Finding)
class FindingAdmin(admin.ModelAdmin[Finding]):
    list_display = ["rule", "severity", "screening", "line", "column", "message"]
    list_filter = ["severity", "rule"]
    search_fields = ["rule", "snippet"]
