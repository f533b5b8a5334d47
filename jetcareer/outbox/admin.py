"""Admin of the outbox: staff see failed mail and send it again through the outbox."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from post_office.admin import EmailAdmin as PostOfficeEmailAdmin
from post_office.models import STATUS, Email

from .models import MailBatch
from .services import request_delivery_after_commit


def send_again(queryset: QuerySet[Email]) -> int:
    """Queue messages again with a fresh count of retries; a worker sends them after commit."""
    with transaction.atomic():
        count = queryset.update(status=STATUS.queued, number_of_retries=0, scheduled_time=None)
        request_delivery_after_commit()
    return count


admin.site.unregister(Email)


@admin.register(Email)
class EmailAdmin(PostOfficeEmailAdmin):
    """post_office's admin, newest first, whose "send again" goes through the outbox workers
    (post_office's own resend sends inside the request)."""

    ordering = ["-id"]
    list_display = ["to_display", "shortened_subject", "status", "number_of_retries",
                    "last_updated", "scheduled_time"]  # fmt: skip
    actions = ["send_again_action"]

    @admin.action(description=_("Send selected e-mails again"), permissions=["change"])
    def send_again_action(self, request: HttpRequest, queryset: QuerySet[Email]) -> None:
        count = send_again(queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d e-mail will be sent again.",
                "%(count)d e-mails will be sent again.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    def resend(self, request: HttpRequest, pk: str) -> HttpResponse:
        instance = self._get_object_or_deny(request, pk, "change")
        send_again(Email.objects.filter(pk=instance.pk))
        self.message_user(request, _("The e-mail will be sent again."), messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:post_office_email_change", args=[instance.pk]))


@admin.register(MailBatch)
class MailBatchAdmin(admin.ModelAdmin):
    list_display = ["pk", "mailer", "created_at", "queued_at", "messages"]
    list_filter = [("queued_at", admin.EmptyFieldListFilter)]
    ordering = ["-id"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: MailBatch | None = None) -> bool:
        return False
