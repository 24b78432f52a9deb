from django.urls import path

from judge import problem_views, views

urlpatterns = [
    path("", problem_views.home, name="home"),
    # The problem pages carry figures of judging and the submit form: judge composes them.
    path("problems/", problem_views.problems, name="problem_list"),
    path("problems/<slug:slug>/", problem_views.problem_detail, name="problem_detail"),
    path("problems/<slug:slug>/submit", problem_views.submit, name="submit"),
    path("submissions/", views.submissions, name="submission_list"),
    path("submissions/all/", views.all_submissions, name="all_submissions"),
    path("submissions/<int:submission_id>/", views.submission_detail, name="submission_detail"),
    path("submissions/<int:submission_id>/rejudge", views.rejudge, name="submission_rejudge"),
    path("staff/queue/", views.staff_queue, name="staff_queue"),
]
