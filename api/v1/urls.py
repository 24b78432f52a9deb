from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from api.v1 import contest_views, views
from api.v1.waiting import waiting

urlpatterns = [
    path("languages/", views.LanguageListApi.as_view(), name="v1_language_list"),
    path("problems/", views.ProblemListApi.as_view(), name="v1_problem_list"),
    path("problems/<slug:slug>/", views.ProblemDetailApi.as_view(), name="v1_problem_detail"),
    path("submissions/", waiting(views.SubmissionListApi.as_view()), name="v1_submission_list"),
    path(
        "submissions/<int:submission_id>/", views.SubmissionDetailApi.as_view(), name="v1_submission_detail"
    ),
    path(
        "submissions/<int:submission_id>/rejudge/",
        views.SubmissionRejudgeApi.as_view(),
        name="v1_submission_rejudge",
    ),
    path("runs/", views.RunListApi.as_view(), name="v1_run_list"),
    path("runs/<str:run_id>/", views.RunDetailApi.as_view(), name="v1_run_detail"),
    path("contests/", contest_views.ContestListApi.as_view(), name="v1_contest_list"),
    path("contests/<slug:slug>/", contest_views.ContestDetailApi.as_view(), name="v1_contest_detail"),
    path(
        "contests/<slug:slug>/problems/",
        contest_views.ContestProblemListApi.as_view(),
        name="v1_contest_problems",
    ),
    path(
        "contests/<slug:slug>/problems/<str:label>/",
        contest_views.ContestProblemDetailApi.as_view(),
        name="v1_contest_problem_detail",
    ),
    path(
        "contests/<slug:slug>/participants/",
        contest_views.ParticipantListApi.as_view(),
        name="v1_contest_participants",
    ),
    path(
        "contests/<slug:slug>/scoreboard/",
        contest_views.ScoreboardApi.as_view(),
        name="v1_contest_scoreboard",
    ),
    path(
        "contests/<slug:slug>/clarifications/",
        contest_views.ClarificationListApi.as_view(),
        name="v1_contest_clarifications",
    ),
    path(
        "contests/<slug:slug>/clarifications/<int:clarification_id>/",
        contest_views.ClarificationDetailApi.as_view(),
        name="v1_contest_clarification",
    ),
    path(
        "contests/<slug:slug>/submissions/",
        contest_views.ContestSubmissionListApi.as_view(),
        name="v1_contest_submissions",
    ),
    path("tokens/", views.TokenListApi.as_view(), name="v1_token_list"),
    path("tokens/<int:token_id>/", views.TokenDetailApi.as_view(), name="v1_token_detail"),
    path("schema/", SpectacularAPIView.as_view(api_version="v1"), name="v1_schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="v1_schema"), name="v1_docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="v1_schema"), name="v1_redoc"),
    # Anything else under /api/v1/ (an id that is not a number, say): a 404 in the API's error shape.
    re_path(r"^", views.not_found),
]
