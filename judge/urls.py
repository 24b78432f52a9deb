from django.urls import path

from judge import apis, views

urlpatterns = [
    # The problem page carries the submit form: judge composes it from problems' parts.
    path("problems/<slug:slug>/", views.problem_detail, name="problem_detail"),
    path("problems/<slug:slug>/submit", views.submit, name="submit"),
    path("submissions/", views.submissions, name="submission_list"),
    path("submissions/<int:submission_id>/", views.submission_detail, name="submission_detail"),
    path("api/runs/", apis.RunListApi.as_view(), name="api_run_list"),
    path("api/runs/<str:run_id>/", apis.RunDetailApi.as_view(), name="api_run_detail"),
]
