from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

urlpatterns = [
    path("", include("problems.urls")),
    path("", include("judge.urls")),
    path("api/v1/", include("api.v1.urls")),
    path("judge0/", include("api.judge0.urls")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("django-rq/", include("django_rq.urls")),
    path("", include("django_prometheus.urls")),
]
