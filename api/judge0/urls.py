from django.urls import path

from api.judge0 import views

urlpatterns = [
    path("submissions", views.submissions, name="judge0_submissions"),
    path("submissions/", views.submissions),
    path("submissions/batch", views.batch, name="judge0_batch"),
    path("submissions/batch/", views.batch),
    path("submissions/<str:token>", views.submission_detail, name="judge0_submission"),
    path("submissions/<str:token>/", views.submission_detail),
    path("languages", views.languages, name="judge0_languages"),
    path("languages/", views.languages),
    path("languages/<int:language_id>", views.language_detail, name="judge0_language"),
    path("languages/<int:language_id>/", views.language_detail),
    path("statuses", views.statuses, name="judge0_statuses"),
    path("statuses/", views.statuses),
    path("about", views.about, name="judge0_about"),
    path("about/", views.about),
    path("config_info", views.config, name="judge0_config_info"),
    path("config_info/", views.config),
]
