from django.urls import path

from . import views

app_name = "participants"
urlpatterns = [
    path("profile/", views.profile, name="profile"),
]
