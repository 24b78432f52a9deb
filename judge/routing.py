from django.urls import path

from judge import consumers

websocket_urlpatterns = [
    path("ws/submissions/<int:submission_id>/", consumers.SubmissionConsumer.as_asgi()),
    path("ws/queue/", consumers.QueueConsumer.as_asgi()),
    path("ws/problems/<slug:slug>/mine/", consumers.ProblemUserConsumer.as_asgi()),
]
