from django.urls import path

from contests import jury_views, views

urlpatterns = [
    path("contests/", views.contest_list, name="contest_list"),
    path("contests/<slug:slug>/", views.contest_detail, name="contest_detail"),
    path("contests/<slug:slug>/register", views.register, name="contest_register"),
    path("contests/<slug:slug>/virtual", views.virtual_start, name="contest_virtual_start"),
    path("contests/<slug:slug>/window", views.window_start, name="contest_window_start"),
    path("contests/<slug:slug>/problems/", views.problem_list, name="contest_problems"),
    path("contests/<slug:slug>/problems/<str:label>/", views.problem_detail, name="contest_problem"),
    path("contests/<slug:slug>/problems/<str:label>/submit", views.submit, name="contest_submit"),
    path("contests/<slug:slug>/submissions/", views.submission_list, name="contest_submissions"),
    path("contests/<slug:slug>/scoreboard/", views.scoreboard, name="contest_scoreboard"),
    path(
        "contests/<slug:slug>/scoreboard.<str:shape>",
        views.scoreboard_export,
        name="contest_scoreboard_export",
    ),
    path("contests/<slug:slug>/clarifications/", views.clarification_list, name="contest_clarifications"),
    path("contests/<slug:slug>/clarifications/ask", views.clarification_create, name="contest_ask"),
    path(
        "contests/<slug:slug>/clarifications/<int:clarification_id>.json",
        views.clarification_detail,
        name="contest_clarification",
    ),
    path("contests/<slug:slug>/jury/", jury_views.jury, name="contest_jury"),
    path(
        "contests/<slug:slug>/jury/clarifications/<int:clarification_id>/answer",
        jury_views.answer,
        name="contest_answer",
    ),
    path("contests/<slug:slug>/jury/announce", jury_views.announce, name="contest_announce"),
    path(
        "contests/<slug:slug>/jury/board/<str:action>", jury_views.board_action, name="contest_board_action"
    ),
]
