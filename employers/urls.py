"""Employer URLs, under /employers/ (namespace "employers")."""

from __future__ import annotations

from django.urls import path

from . import views

app_name = "employers"
urlpatterns = [
    path("", views.public_list, name="list"),
    path("register/", views.register, name="register"),
    path("mine/", views.dashboard, name="dashboard"),
    path("mine/edit/", views.edit, name="edit"),
    path("mine/invite/", views.invite, name="invite"),
    path("mine/invitations/<int:pk>/revoke/", views.revoke_invitation, name="revoke_invitation"),
    path("mine/members/<int:pk>/remove/", views.remove_member, name="remove_member"),
    path("mine/members/<int:pk>/transfer/", views.transfer_ownership, name="transfer_ownership"),
    path("invitations/<str:token>/", views.accept_invitation, name="accept_invitation"),
    # Last: a slug never equals the words above (services.RESERVED_SLUGS).
    path("<slug:slug>/", views.public, name="public"),
]
