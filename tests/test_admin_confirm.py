"""The admin's one confirmation mechanism and the object-page buttons (jetcareer/admin_confirm.py),
tried on a model admin of their own so the mechanism is tested apart from any domain's actions."""

from __future__ import annotations

import pytest
from django import forms
from django.contrib import admin, messages
from django.urls import path, reverse

from jetcareer import urls as project_urls
from jetcareer.admin_confirm import ObjectActionsMixin, confirm_page, submitted
from portal.models import Inquiry
from tests.portal.factories import InquiryFactory

site = admin.AdminSite(name="confirmtest")


class NoteForm(forms.Form):
    note = forms.CharField(label="Note")


@admin.register(Inquiry, site=site)
class InquiryActionsAdmin(ObjectActionsMixin, admin.ModelAdmin):
    actions = ["answer", "answer_with_note", "forbidden"]
    object_actions = ["answer", "answer_with_note", "forbidden"]

    @admin.action(description="Mark answered")
    def answer(self, request, queryset):
        for inquiry in queryset:
            inquiry.status, inquiry.answered_at = "answered", inquiry.created_at
            inquiry.save()
        self.message_user(request, f"{queryset.count()} answered", messages.SUCCESS)

    @admin.action(description="Answer with a note")
    def answer_with_note(self, request, queryset):
        form = NoteForm(submitted(request))
        if form.is_bound and form.is_valid():
            queryset.update(status="answered", answered_at="2026-01-01T00:00:00Z")
            return None
        return confirm_page(
            self,
            request,
            action="answer_with_note",
            objects=queryset,
            form=form,
            title="Answer",
            intro=f"{queryset.count()} people will be told.",
            button="Answer now",
        )

    def object_actions_for(self, request, inquiry):
        if inquiry.status == "answered":
            return {"forbidden": None}  # nothing left to answer
        return {"answer": "Answer this one", "answer_with_note": None, "forbidden": None}

    @admin.action(description="Needs a permission nobody has", permissions=["nobody"])
    def forbidden(self, request, queryset):  # pragma: no cover - must never run
        queryset.update(status="answered")

    def has_nobody_permission(self, request):
        return False


# The project's own URLs too: the 403 and 404 pages link to them.
urlpatterns = [path("confirmtest/", site.urls), *project_urls.urlpatterns]

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


def act_url(inquiry, name):
    return reverse("confirmtest:portal_inquiry_act", args=[inquiry.pk, name])


@pytest.fixture
def client_staff(client, staff):
    client.force_login(staff)
    return client


def test_change_page_shows_the_buttons_the_user_may_use(client_staff):
    inquiry = InquiryFactory()
    page = client_staff.get(reverse("confirmtest:portal_inquiry_change", args=[inquiry.pk]))
    html = page.content.decode()
    assert act_url(inquiry, "answer") in html
    assert act_url(inquiry, "answer_with_note") in html
    assert act_url(inquiry, "forbidden") not in html  # the action menu would not offer it


def test_a_button_runs_the_action_on_that_object_only(client_staff):
    inquiry, other = InquiryFactory(), InquiryFactory()
    response = client_staff.post(act_url(inquiry, "answer"), follow=True)
    assert response.redirect_chain[-1][0] == reverse(
        "confirmtest:portal_inquiry_change", args=[inquiry.pk]
    )
    assert "1 answered" in response.content.decode()
    inquiry.refresh_from_db(), other.refresh_from_db()
    assert (inquiry.status, other.status) == ("answered", "new")


def test_an_action_that_asks_first_shows_its_page_then_runs_when_applied(client_staff):
    inquiry = InquiryFactory()
    page = client_staff.post(act_url(inquiry, "answer_with_note"))
    html = page.content.decode()
    assert "1 people will be told." in html
    assert "Answer now" in html
    # "Cancel" goes back to the object, not to the list
    assert reverse("confirmtest:portal_inquiry_change", args=[inquiry.pk]) in html
    inquiry.refresh_from_db()
    assert inquiry.status == "new"  # asking changed nothing

    refused = client_staff.post(act_url(inquiry, "answer_with_note"), {"apply": "1", "note": ""})
    assert refused.status_code == 200
    assert "This field is required" in refused.content.decode()
    inquiry.refresh_from_db()
    assert inquiry.status == "new"

    client_staff.post(act_url(inquiry, "answer_with_note"), {"apply": "1", "note": "done"})
    inquiry.refresh_from_db()
    assert inquiry.status == "answered"


def test_doors_refuse_what_the_menu_would_refuse(client_staff):
    inquiry = InquiryFactory()
    assert client_staff.post(act_url(inquiry, "forbidden")).status_code == 403
    assert client_staff.post(act_url(inquiry, "delete_selected")).status_code == 404
    assert client_staff.get(act_url(inquiry, "answer")).status_code == 405
    missing = reverse("confirmtest:portal_inquiry_act", args=[999999, "answer"])
    assert client_staff.post(missing).status_code == 404
    inquiry.refresh_from_db()
    assert inquiry.status == "new"


def test_anonymous_is_sent_to_log_in(client):
    inquiry = InquiryFactory()
    response = client.post(act_url(inquiry, "answer"))
    assert response.status_code == 302
    assert "login" in response["Location"]
    inquiry.refresh_from_db()
    assert inquiry.status == "new"


def test_an_object_page_shows_only_what_its_state_allows_worded_for_one(client_staff):
    inquiry = InquiryFactory()
    change = reverse("confirmtest:portal_inquiry_change", args=[inquiry.pk])
    html = client_staff.get(change).content.decode()
    assert "Answer this one" in html  # the page's own wording
    assert "Mark answered" not in html
    assert "css/admin_actions.css" in html
    client_staff.post(act_url(inquiry, "answer"))
    html = client_staff.get(change).content.decode()
    assert act_url(inquiry, "answer") not in html
    assert act_url(inquiry, "answer_with_note") not in html
