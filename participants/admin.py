from django.contrib import admin

from .models import ParticipantProfile


@admin.register(ParticipantProfile)
class ParticipantProfileAdmin(admin.ModelAdmin):
    list_display = ["full_name", "status", "position", "prefecture", "jlpt_level"]
    list_filter = ["status", "position", "prefecture", "jlpt_level"]
    search_fields = ["full_name", "full_name_kana", "user__email"]
    raw_id_fields = ["user"]
