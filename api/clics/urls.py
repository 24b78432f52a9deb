from django.urls import re_path

from api.clics import views
from contests.clics.selectors import COLLECTIONS

_ID = r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,35}"
_COLLECTIONS = "|".join(COLLECTIONS)

urlpatterns = [
    re_path(r"^$", views.ContestListApi.as_view(), name="clics_contest_list"),
    re_path(rf"^(?P<slug>{_ID})/?$", views.ContestDetailApi.as_view(), name="clics_contest"),
    re_path(rf"^(?P<slug>{_ID})/access/?$", views.AccessApi.as_view(), name="clics_access"),
    re_path(rf"^(?P<slug>{_ID})/state/?$", views.StateApi.as_view(), name="clics_state"),
    re_path(rf"^(?P<slug>{_ID})/scoreboard/?$", views.ScoreboardApi.as_view(), name="clics_scoreboard"),
    re_path(rf"^(?P<slug>{_ID})/event-feed/?$", views.EventFeedApi.as_view(), name="clics_event_feed"),
    re_path(
        rf"^(?P<slug>{_ID})/(?P<endpoint>{_COLLECTIONS})/?$", views.CollectionApi.as_view(), name="clics_list"
    ),
    re_path(
        rf"^(?P<slug>{_ID})/submissions/(?P<object_id>{_ID})/files/?$",
        views.SubmissionFilesApi.as_view(),
        name="clics_submission_files",
    ),
    re_path(
        rf"^(?P<slug>{_ID})/(?P<endpoint>{_COLLECTIONS})/(?P<object_id>{_ID})/?$",
        views.CollectionApi.as_view(),
        name="clics_object",
    ),
]
