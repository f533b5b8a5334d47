from django.urls import path

from . import views

app_name = "surveys"
urlpatterns = [
    path("<int:pk>/<str:token>/", views.answer, name="answer"),
]
