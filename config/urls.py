import django_prometheus.urls
import django_rq.urls
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from api.clics.views import ApiInformationApi
from common.access import guard_patterns, internal_only, superuser_only
from common.throttling import throttle_logins

urlpatterns = [
    path("", include("problems.urls")),
    path("", include("accounts.urls")),
    path("", include("judge.urls")),
    path("", include("contests.urls")),
    path("", include("api.page_urls")),
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
    # Every queued job, custom-run sources included: superusers only, not staff.
    path("django-rq/", include((guard_patterns(django_rq.urls.urlpatterns, superuser_only), "django_rq"))),
    # Prometheus scrapes from the internal network; nginx answers 404 to the public as well.
    path("", include(guard_patterns(django_prometheus.urls.urlpatterns, internal_only))),
]
