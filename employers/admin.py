from django.contrib import admin

from .models import Employer, Membership


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Employer)
class EmployerAdmin(admin.ModelAdmin):
    list_display = ["name_en", "name_ja", "industry", "prefecture", "status", "created_at"]
    list_filter = ["status", "industry", "prefecture"]
    search_fields = ["name_en", "name_ja"]
    inlines = [MembershipInline]
