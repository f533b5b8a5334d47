from django.urls import path

from . import views

app_name = "internships"
urlpatterns = [
    path("", views.programme_list, name="list"),
    path("hosting/", views.hosting, name="hosting"),
    path("positions/<int:pk>/edit/", views.edit_position, name="edit_position"),
    path("positions/<int:pk>/withdraw/", views.withdraw_position, name="withdraw_position"),
    path("applications/<int:pk>/", views.application_detail, name="application"),
    path("applications/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("results/<int:pk>/respond/", views.respond, name="respond"),
    path("results/<int:pk>/decline/", views.decline, name="decline"),
    path("results/<int:pk>/report/", views.report, name="report"),
    path("results/<int:pk>/evaluate/", views.evaluate, name="evaluate"),
    path("<slug:slug>/", views.programme_detail, name="programme"),
    path("<slug:slug>/apply/", views.apply, name="apply"),
    path("<slug:slug>/positions/new/", views.post_position, name="post_position"),
]
