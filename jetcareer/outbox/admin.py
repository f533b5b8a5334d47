"""Admin of the outbox: staff see failed mail and send it again through the outbox."""

from __future__ import annotations

from email.utils import make_msgid
from typing import Any

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
from post_office.admin import LogInline as PostOfficeLogInline
from post_office.models import PRIORITY, STATUS, Attachment, Email, EmailTemplate, Log
from post_office.settings import get_message_id_fqdn

from jetcareer.admin_lookups import SafeFormFieldsMixin, SafeLookupsMixin, presence_filter
from jetcareer.pagination import EstimatedCountAdminMixin
from jetcareer.web.dates import format_when

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
PRIORITIES = {
    PRIORITY.low: pgettext_lazy("e-mail priority", "low"),
    PRIORITY.medium: pgettext_lazy("e-mail priority", "medium"),
    PRIORITY.high: pgettext_lazy("e-mail priority", "high"),
    PRIORITY.now: pgettext_lazy("e-mail priority", "immediately"),
}
# The fields of an e-mail's page, in our words: post_office's are English, and some of them
# ("Status", "Message") are also our own messages, translated for our pages (区分, お問い合わせ
# 内容), which would show here. Labels of the form and of the columns below, not of the models:
# a model's field labels are part of its migrations.
EMAIL_LABELS = {
    "from_email": pgettext_lazy("e-mail", "From"),
    "to": _("To"),
    "cc": pgettext_lazy("e-mail", "Cc"),
    "bcc": pgettext_lazy("e-mail", "Bcc"),
    "priority": pgettext_lazy("e-mail", "priority"),
    "status": pgettext_lazy("e-mail delivery", "state"),
    "scheduled_time": _("Next attempt"),
}


class DeliveryStateFilter(admin.SimpleListFilter):
    title = pgettext_lazy("e-mail delivery", "state")
    parameter_name = "status__exact"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list:
        return [(str(value), label) for value, label in DELIVERY_STATES.items()]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Email]) -> QuerySet[Email]:
        return queryset.filter(status=self.value()) if self.value() else queryset


class AttachmentInline(SafeFormFieldsMixin, PostOfficeAttachmentInline):
    """post_office's, whose autocomplete shows an id that is none without a server error,
    named in our words (Django names the link table "Attachment-email relationship")."""

    verbose_name = _("attachment")
    verbose_name_plural = _("attachments")

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        kwargs.setdefault("label", _("attachment"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class DeliveryAttemptColumns:
    """A delivery attempt (post_office's Log) as staff read it, on the e-mail's page and in
    the list of attempts."""

    @admin.display(description=pgettext_lazy("e-mail delivery", "attempted at"), ordering="date")
    def attempted_at(self, log: Log) -> str:
        # Formatted here: a read-only column of an inline shows a value as str() gives it.
        return format_when(log.date)

    @admin.display(description=pgettext_lazy("e-mail delivery", "result"), ordering="status")
    def result(self, log: Log) -> str:
        return str(DELIVERY_STATES.get(log.status) or log.get_status_display())

    @admin.display(description=pgettext_lazy("e-mail delivery", "kind of error"))
    def error_type(self, log: Log) -> str:
        return log.exception_type

    @admin.display(description=pgettext_lazy("e-mail delivery", "error message"))
    def error_message(self, log: Log) -> str:
        return log.message if len(log.message) <= 200 else log.message[:199] + "…"


class LogInline(DeliveryAttemptColumns, PostOfficeLogInline):
    readonly_fields = fields = ["attempted_at", "result", "error_type", "error_message"]


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
class LogAdmin(SafeLookupsMixin, DeliveryAttemptColumns, PostOfficeLogAdmin):
    """The record of delivery attempts, written by the sender only: post_office's add form
    has no e-mail field (Log.email is not editable), so adding one by hand always failed."""

    # post_office names the e-mail column "Email address" (メールアドレス): it is the message.
    list_display = ["attempted_at", "mail", "result", "error_message"]
    list_select_related = ["email"]

    @admin.display(description=_("e-mail"), ordering="email")
    def mail(self, log: Log) -> Email:
        return log.email

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
    readonly_fields = [*PostOfficeEmailAdmin.readonly_fields, "text_body", "html_body"]
    # post_office's, with its "Resend" button in our words.
    change_form_template = "admin/outbox/email_change_form.html"

    def get_form(self, request: HttpRequest, obj: Email | None = None, change: bool = False,
                 **kwargs):  # fmt: skip
        kwargs["labels"] = {**EMAIL_LABELS, **kwargs.get("labels", {})}
        kwargs["help_texts"] = {"scheduled_time": "", **kwargs.get("help_texts", {})}  # English
        return super().get_form(request, obj, change, **kwargs)

    def formfield_for_choice_field(self, db_field, request: HttpRequest, **kwargs):
        names = {"status": DELIVERY_STATES, "priority": PRIORITIES}.get(db_field.name)
        if names is not None:
            kwargs["choices"] = [("", "---------"), *names.items()]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def get_fieldsets(self, request: HttpRequest, obj: Email | None = None) -> list:
        # post_office's sections, with the message's text and HTML under our names.
        renamed = {"render_plaintext_body": "text_body", "render_html_body": "html_body"}
        fieldsets = []
        for title, options in super().get_fieldsets(request, obj):
            fields = [renamed.get(f, f) if isinstance(f, str) else f for f in options["fields"]]
            if "html_body" in fields:
                title = pgettext_lazy("e-mail", "HTML version")
            elif "text_body" in fields:
                title = pgettext_lazy("e-mail", "Text version")
            fieldsets.append((title, {**options, "fields": fields}))
        return fieldsets

    @admin.display(description=pgettext_lazy("e-mail", "body"))
    def text_body(self, email: Email):
        return self.render_plaintext_body(email)

    @admin.display(description=pgettext_lazy("e-mail", "body"))
    def html_body(self, email: Email):
        return self.render_html_body(email)

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
    list_filter = [
        ("queued_at", presence_filter(_("delivery"), _("Queued for delivery"), _("Not queued yet")))
    ]
    ordering = ["-id"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: MailBatch | None = None) -> bool:
        return False
