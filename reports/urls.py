from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("fy/<year:year>/", views.fiscal_year, name="fiscal_year"),
    path("fy/<year:year>.csv", views.fiscal_year_csv, name="fiscal_year_csv"),
    path("events/<slug:slug>/", views.event_report, name="event"),
    path("events/<slug:slug>/publish/", views.publish, name="publish"),
    path("series/<slug:slug>/", views.series_report, name="series"),
    path("programmes/<slug:slug>/", views.programme_report, name="programme"),
    path("results/<slug:slug>/", views.public_results, name="results"),
]
