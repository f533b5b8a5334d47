"""Account pages of our own, beside allauth's (e-mail address, password)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import services
from .forms import EmailLanguageForm


@login_required
@require_http_methods(["GET", "POST"])
def email_language(request: HttpRequest) -> HttpResponse:
    """Show and change the language of the person's e-mails (not of the pages)."""
    user = request.user
    form = EmailLanguageForm(
        request.POST if request.method == "POST" else None,
        initial={"preferred_language": user.preferred_language},
    )
    if form.is_valid():
        language = form.cleaned_data["preferred_language"]
        services.set_email_language(user, language)
        name = dict(settings.LANGUAGES)[language]
        messages.success(
            request, _("Saved. Your e-mails will be sent in %(language)s.") % {"language": name}
        )
        return redirect("accounts:email_language")
    return render(
        request,
        "account/email_language.html",
        {"form": form, "current_language": user.get_preferred_language_display()},
    )
