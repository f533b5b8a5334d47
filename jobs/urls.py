from django.urls import path

from . import views

app_name = "jobs"
urlpatterns = [
    path("", views.job_list, name="list"),
    path("<int:pk>/", views.job_detail, name="detail"),
    path("<int:pk>/save/", views.save_job, name="save"),
    path("<int:pk>/unsave/", views.unsave_job, name="unsave"),
    path("<int:pk>/apply/", views.apply, name="apply"),
    path("saved/", views.saved_jobs, name="saved"),
    path("digest/", views.alert, name="alert"),
    path("applications/", views.my_applications, name="my_applications"),
    path("applications/<int:pk>/", views.application_detail, name="application"),
    path("applications/<int:pk>/message/", views.application_message, name="message"),
    path("applications/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    # An employer's jobs and applicants.
    path("mine/", views.my_jobs, name="mine"),
    path("new/", views.post_job, name="post"),
    path("<int:pk>/edit/", views.edit_job, name="edit"),
    path("<int:pk>/submit/", views.submit_job, name="submit"),
    path("<int:pk>/close/", views.close_job, name="close"),
    path("<int:pk>/reopen/", views.reopen_job, name="reopen"),
    path("<int:pk>/applicants/", views.pipeline, name="pipeline"),
    path("applicants/<int:pk>/", views.applicant, name="applicant"),
    path("applicants/<int:pk>/move/", views.move, name="move"),
    path("applicants/<int:pk>/note/", views.note, name="note"),
    path("applicants/<int:pk>/message/", views.employer_message, name="employer_message"),
]
