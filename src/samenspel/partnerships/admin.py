from django.contrib import admin

from samenspel.partnerships.models import Membership, Partnership, RecognitionPeriod


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["municipality"]


class RecognitionInline(admin.TabularInline):
    model = RecognitionPeriod
    extra = 0


@admin.register(Partnership)
class PartnershipAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "legal_form", "confidence"]
    list_filter = ["legal_form", "confidence"]
    search_fields = ["name", "slug"]
    inlines = [RecognitionInline, MembershipInline]
