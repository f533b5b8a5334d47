"""The page an invitation link opens, for every kind of invitation (the apps' URLs call it)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode

from . import services
from .services import InvitationKind


def accept_page(
    request: HttpRequest,
    token: str,
    *,
    kind: InvitationKind,
    template: str,
    welcome: str,
    joined_url: str,
    never_joins: Callable[[Any], bool] | None = None,
) -> HttpResponse:
    """Anyone may open the link and see who invites them and to what; the invited person
    accepts with a POST (an anonymous POST goes to the login page) and is sent to `joined_url`
    with `welcome`. Any refusal is shown on the page, which extends
    invitations/invitation_accept.html. A POST by an account that `never_joins` (whatever the
    invitation) answers 403, as a permission refusal."""
    user = request.user
    problem = None
    if request.method == "POST":
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        try:
            services.accept(kind=kind, user=user, token=token)
        except kind.error as error:
            problem = error.message
        else:
            messages.success(request, welcome)
            return redirect(joined_url)

    invitation = None
    try:
        invitation = services.from_token(token, kind=kind)
    except kind.error as error:
        problem = problem or error.message
    if invitation is not None and user.is_authenticated and problem is None:
        try:
            kind.check(user=user, invitation=invitation)
        except kind.error as error:
            problem = error.message

    context: dict[str, Any] = {"invitation": invitation, "problem": problem}
    if invitation is not None and not user.is_authenticated:
        here = request.get_full_path()
        context["signup_url"] = services.signup_path(email=invitation.email, next_path=here)
        context["login_url"] = reverse("account_login") + "?" + urlencode({"next": here})
    refused = request.method == "POST" and never_joins is not None and never_joins(user)
    return render(request, template, context, status=403 if refused else 200)
