from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from api.clics.views import ApiInformationApi
from common.throttling import throttle_logins

urlpatterns = [
    path("", include("problems.urls")),
    path("", include("accounts.urls")),
    path("", include("judge.urls")),
    path("", include("contests.urls")),
    path("api/v1/", include("api.v1.urls")),
    path("judge0/", include("api.judge0.urls")),
    path("api/contests/", include("api.clics.urls")),
    # The CLICS Contest API's information endpoint: its base URL is /api.
    path("api/", ApiInformationApi.as_view(), name="clics_api_information"),
    path("accounts/login/", throttle_logins(auth_views.LoginView.as_view()), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    # Before the admin's own URLs, so that its login is throttled like the site's.
    path("admin/login/", throttle_logins(admin.site.login)),
    path("admin/", admin.site.urls),
    path("django-rq/", include("django_rq.urls")),
    path("", include("django_prometheus.urls")),
]
