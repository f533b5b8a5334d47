from django.urls import path

from . import views

app_name = "participants"
# My page ("me/", `participants:my_page`) reads every domain app: portal/participant_urls.py
# adds it to these, and the root URLconf includes that module.
urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("cv/", views.cv_upload, name="cv_upload"),
    path("cv/remove/", views.cv_remove, name="cv_remove"),
    path("<int:pk>/cv/", views.cv_download, name="cv_download"),
    path("consent/", views.consent, name="consent"),
    path("advisor/", views.advisor, name="advisor"),
    path("data/export/", views.export, name="export"),
    path("data/delete/", views.delete_account, name="delete_account"),
]
