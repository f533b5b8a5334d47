"""The contact form: an inquiry to the CLAIR division of its topic, with spam traps and an
hourly limit per sender. Thin: parse, check, call a service, render."""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from jetcareer.accounts.adapter import client_ip

from . import services
from .forms import ContactForm
from .services import InquiryRateLimited, PortalError

logger = logging.getLogger(__name__)


def contact(request: HttpRequest) -> HttpResponse:
    form = ContactForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            # The address the login limits count too (one reading, behind the proxy as well).
            services.consume_inquiry_allowance(ip=client_ip(request), email=data["email"])
        except InquiryRateLimited as error:
            context = {"form": form, "refusal": error.message}
            return render(request, "portal/contact.html", context, status=429)
        if form.is_spam:
            # Answered like a success so the bot learns nothing; nothing is stored or sent.
            logger.info("Contact form honeypot filled; submission discarded.")
            return redirect("portal:contact_sent")
        try:
            services.submit_inquiry(
                name=data["name"],
                email=data["email"],
                topic=data["topic"],
                message=data["message"],
                language=data["language"],
            )
        except PortalError as error:
            form.add_error(None, error.message)
        else:
            return redirect("portal:contact_sent")
    return render(request, "portal/contact.html", {"form": form})


def contact_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/contact_sent.html")
