from django.urls import path

from problems import views

urlpatterns = [
    path("problems/<slug:slug>/attachments/<path:name>", views.problem_attachment, name="problem_attachment"),
    path(
        "problems/<slug:slug>/statement/<path:name>",
        views.problem_statement_file,
        name="problem_statement_file",
    ),
]
