"""Our account pages, under /accounts/ beside allauth's (included before allauth.urls)."""

from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("email-language/", views.email_language, name="email_language"),
    path("account-type/", views.account_type, name="account_type"),
]
