from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from api.v1 import views
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
    path("tokens/", views.TokenListApi.as_view(), name="v1_token_list"),
    path("tokens/<int:token_id>/", views.TokenDetailApi.as_view(), name="v1_token_detail"),
    path("schema/", SpectacularAPIView.as_view(api_version="v1"), name="v1_schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="v1_schema"), name="v1_docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="v1_schema"), name="v1_redoc"),
    # Anything else under /api/v1/ (an id that is not a number, say): a 404 in the API's error shape.
    re_path(r"^", views.not_found),
]
