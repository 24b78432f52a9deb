"""REST endpoints of the judge app: parse, call one service, render."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.utils.decorators import method_decorator
from django_ratelimit.decorators import ratelimit
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from judge.custom_runs import MAX_STDIN_BYTES, RunRejected, custom_run_enqueue, custom_run_get


def _user(request: Request) -> User:
    user = request.user
    assert isinstance(user, User)  # IsAuthenticated
    return user


@method_decorator(
    ratelimit(key="user", rate=settings.SUBMISSION_RATE, method="POST", block=False), name="post"
)
class RunListApi(APIView):
    class InputSerializer(serializers.Serializer[dict[str, Any]]):
        language = serializers.CharField(max_length=32)
        source_code = serializers.CharField(trim_whitespace=False)
        stdin = serializers.CharField(trim_whitespace=False, allow_blank=True, required=False, default="")

    def post(self, request: Request) -> Response:
        if getattr(request, "limited", False):
            return Response(
                {"detail": "Too many runs; wait a minute."}, status=status.HTTP_429_TOO_MANY_REQUESTS
            )
        if len(request.body) > settings.SUBMISSION_MAX_SOURCE_BYTES + 2 * MAX_STDIN_BYTES:
            return Response({"detail": "Request too large."}, status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            run_id = custom_run_enqueue(
                user=_user(request),
                language_key=data["language"],
                source=data["source_code"],
                stdin=data["stdin"],
            )
        except RunRejected as exc:
            return Response({"detail": exc.message}, status=status.HTTP_422_UNPROCESSABLE_ENTITY)
        return Response({"id": run_id, "status": "queued"}, status=status.HTTP_202_ACCEPTED)


class RunDetailApi(APIView):
    def get(self, request: Request, run_id: str) -> Response:
        run = custom_run_get(user=_user(request), run_id=run_id)
        if run is None:
            return Response({"detail": "No such run."}, status=status.HTTP_404_NOT_FOUND)
        return Response(run)
