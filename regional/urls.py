"""Regional URLs, under /regional/ (namespace "regional")."""

from __future__ import annotations

from django.urls import path

from . import views

app_name = "regional"
urlpatterns = [
    path("host/", views.host_dashboard, name="host"),
    path("host/applications/new/", views.application_new, name="application_new"),
    path("host/applications/<int:pk>/", views.application_detail, name="application"),
    path("host/applications/<int:pk>/edit/", views.application_edit, name="application_edit"),
    path("host/applications/<int:pk>/activity/", views.create_activity, name="create_activity"),
    path("host/applications/<int:pk>/report/", views.result_report, name="report"),
    path("host/events/<slug:slug>/", views.event_edit, name="event_edit"),
    path("host/events/<slug:slug>/publish/", views.event_publish, name="event_publish"),
    path("invitations/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path("furusato/", views.furusato, name="furusato"),
    path("furusato/<slug:slug>/", views.furusato_propose, name="furusato_propose"),
]
