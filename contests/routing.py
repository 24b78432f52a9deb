from django.urls import path

from contests import consumers

websocket_urlpatterns = [
    path("ws/contests/<slug:slug>/", consumers.ContestConsumer.as_asgi()),
]
