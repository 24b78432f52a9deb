from django.urls import path

from judge import views

urlpatterns = [
    path("problems/<slug:slug>/submit", views.submit, name="submit"),
    path("submissions/", views.submissions, name="submission_list"),
    path("submissions/<int:submission_id>/", views.submission_detail, name="submission_detail"),
]
