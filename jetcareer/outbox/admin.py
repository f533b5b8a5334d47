"""Admin of the outbox: staff see failed mail and send it again through the outbox."""

from __future__ import annotations

from email.utils import make_msgid

from django.contrib import admin, messages
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy
from post_office.admin import AttachmentAdmin as PostOfficeAttachmentAdmin
from post_office.admin import AttachmentInline as PostOfficeAttachmentInline
from post_office.admin import EmailAdmin as PostOfficeEmailAdmin
from post_office.admin import EmailTemplateAdmin as PostOfficeEmailTemplateAdmin
from post_office.admin import LogAdmin as PostOfficeLogAdmin
from post_office.admin import LogInline
from post_office.models import STATUS, Attachment, Email, EmailTemplate, Log
from post_office.settings import get_message_id_fqdn

from jetcareer.admin_lookups import SafeFormFieldsMixin, SafeLookupsMixin
from jetcareer.pagination import EstimatedCountAdminMixin

from .models import MailBatch
from .services import request_delivery_after_commit


def send_again(queryset: QuerySet[Email]) -> int:
    """Queue messages again with a fresh count of retries; a worker sends them after commit."""
    with transaction.atomic():
        count = 0
        for email in queryset.select_for_update(of=("self",)):
            # A fresh Message-ID: a mail sent before and sent again is a new message, which mail
            # providers would otherwise drop as a duplicate.
            email.message_id = make_msgid(domain=get_message_id_fqdn())
            email.status, email.number_of_retries, email.scheduled_time = STATUS.queued, 0, None
            email.save(update_fields=["message_id", "status", "number_of_retries",
                                      "scheduled_time", "last_updated"])  # fmt: skip
            count += 1
        request_delivery_after_commit()
    return count


# post_office ships no Japanese; the columns staff read are labelled here, in our catalogue.
DELIVERY_STATES = {
    STATUS.queued: pgettext_lazy("e-mail delivery", "waiting to be sent"),
    STATUS.requeued: pgettext_lazy("e-mail delivery", "waiting for a retry"),
    STATUS.sent: pgettext_lazy("e-mail delivery", "sent"),
    STATUS.failed: pgettext_lazy("e-mail delivery", "failed"),
}


class DeliveryStateFilter(admin.SimpleListFilter):
    title = pgettext_lazy("e-mail delivery", "state")
    parameter_name = "status__exact"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list:
        return [(str(value), label) for value, label in DELIVERY_STATES.items()]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Email]) -> QuerySet[Email]:
        return queryset.filter(status=self.value()) if self.value() else queryset


class AttachmentInline(SafeFormFieldsMixin, PostOfficeAttachmentInline):
    """post_office's, whose autocomplete shows an id that is none without a server error."""


# post_office's admins, with the portal's guard against lookups and ids that name nothing.
admin.site.unregister(Email)
admin.site.unregister(Attachment)
admin.site.unregister(Log)
admin.site.unregister(EmailTemplate)


@admin.register(Attachment)
class AttachmentAdmin(SafeLookupsMixin, PostOfficeAttachmentAdmin):
    pass


@admin.register(EmailTemplate)
class EmailTemplateAdmin(SafeLookupsMixin, PostOfficeEmailTemplateAdmin):
    pass


@admin.register(Log)
class LogAdmin(SafeLookupsMixin, PostOfficeLogAdmin):
    """The record of delivery attempts, written by the sender only: post_office's add form
    has no e-mail field (Log.email is not editable), so adding one by hand always failed."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(Email)
class EmailAdmin(SafeLookupsMixin, EstimatedCountAdminMixin, PostOfficeEmailAdmin):
    """post_office's admin, newest first, whose "send again" goes through the outbox workers
    (post_office's own resend sends inside the request). A mail per registration: the count is
    PostgreSQL's estimate once the table is large (jetcareer.pagination)."""

    ordering = ["-id"]
    list_display = ["recipients", "subject_line", "delivery_state", "retries", "updated",
                    "next_attempt"]  # fmt: skip
    list_filter = [DeliveryStateFilter]
    actions = ["send_again_action"]
    inlines = [AttachmentInline, LogInline]

    @admin.display(description=_("To"))
    def recipients(self, email: Email) -> str:
        return ", ".join(email.to)

    @admin.display(description=_("Subject"))
    def subject_line(self, email: Email) -> str:
        return email.subject if len(email.subject) <= 80 else email.subject[:79] + "…"

    @admin.display(description=pgettext_lazy("e-mail delivery", "state"), ordering="status")
    def delivery_state(self, email: Email) -> str:
        return DELIVERY_STATES.get(email.status, "-")

    @admin.display(description=_("Failed attempts"), ordering="number_of_retries")
    def retries(self, email: Email) -> int:
        return email.number_of_retries or 0

    @admin.display(description=_("Last change"), ordering="last_updated")
    def updated(self, email: Email):
        return email.last_updated

    @admin.display(description=_("Next attempt"), ordering="scheduled_time")
    def next_attempt(self, email: Email):
        return email.scheduled_time if email.status == STATUS.requeued else None

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
class MailBatchAdmin(SafeLookupsMixin, EstimatedCountAdminMixin, admin.ModelAdmin):
    list_display = ["pk", "mailer", "created_at", "queued_at", "messages"]
    list_filter = [("queued_at", admin.EmptyFieldListFilter)]
    ordering = ["-id"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: MailBatch | None = None) -> bool:
        return False
