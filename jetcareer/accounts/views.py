"""Account pages of our own, beside allauth's (e-mail address, password): the language of
the e-mails and the account type."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from jetcareer.web.redirects import safe_next

from . import services
from .adapter import landing_url
from .forms import EmailLanguageForm
from .models import User


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


@login_required
@require_http_methods(["GET", "POST"])
def account_type(request: HttpRequest) -> HttpResponse:
    """Show the account type and change it to the other one while the account is unused
    (services.account_type_change_refusal says why not once it is used)."""
    user = request.user
    other = (
        User.AccountType.EMPLOYER
        if user.account_type == User.AccountType.PARTICIPANT
        else User.AccountType.PARTICIPANT
    )
    next_path = safe_next(request)
    if request.method == "POST":
        try:
            user = services.change_account_type(user=user, to=request.POST.get("account_type", ""))
        except services.AccountTypeError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("Your account type is now “%(type)s”.")
                % {"type": user.get_account_type_display()},
            )
            return redirect(next_path or landing_url(user) or "accounts:account_type")
    return render(
        request,
        "account/account_type.html",
        {
            "current_type": user.get_account_type_display(),
            "other": other,
            "other_label": User.AccountType(other).label,
            "refusal": services.account_type_change_refusal(user=user, to=other),
            "has_profile": hasattr(user, "participant_profile"),
            "next": next_path,
        },
    )
