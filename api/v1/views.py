"""The v1 REST API: parse, call one service or selector, render (the pages' own selectors, so the
API shows nothing a page would not)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db.models import QuerySet
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, generics, status
from rest_framework.pagination import CursorPagination
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.authentication import TokenScopeAllows
from api.ratelimits import write_retry_after
from api.tokens import token_create, token_list, token_revoke
from api.v1 import serializers as s
from api.v1.filters import SubmissionFilter
from common.access import signed_in_user
from judge.custom_runs import MAX_STDIN_BYTES, custom_run_enqueue, custom_run_get
from judge.models import Language, Submission
from judge.permissions import can_rejudge
from judge.selectors import access_submission, language_list, submission_list
from judge.services import submission_create, submission_rejudge
from problems.models import Problem
from problems.selectors import access_problem, problem_list

REQUEST_TOO_LARGE = "The request is larger than {limit} KiB."


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"


def check_write(request: Request, *, max_bytes: int, judging: bool = False) -> None:
    """Every write: the body within its cap (413), then the per-user and per-address rate limits
    (429); `judging` writes (submissions, runs) also count against the pages' submission rate."""
    try:
        size = len(request.body)
    except RequestDataTooBig:  # over Django's DATA_UPLOAD_MAX_MEMORY_SIZE
        size = max_bytes + 1
    if size > max_bytes:
        raise RequestTooLarge(REQUEST_TOO_LARGE.format(limit=max_bytes // 1024))
    retry_after = write_retry_after(request._request, signed_in_user(request).pk, judging=judging)
    if retry_after is not None:
        raise exceptions.Throttled(wait=retry_after)


def source_cap() -> int:
    # JSON escaping can double a source's size; anything beyond is refused before parsing.
    return 2 * settings.SUBMISSION_MAX_SOURCE_BYTES + 4096


@csrf_exempt
def not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
    return JsonResponse({"detail": "Not found.", "code": "not_found", "fields": {}}, status=404)


class IdCursorPagination(CursorPagination):
    ordering = "-id"
    page_size = 50
    max_page_size = 200
    page_size_query_param = "page_size"


class SlugCursorPagination(IdCursorPagination):
    ordering = "slug"


class LanguageListApi(generics.ListAPIView[Language]):
    serializer_class = s.LanguageSerializer
    pagination_class = None

    def get_queryset(self) -> QuerySet[Language]:
        return language_list()


class ProblemListApi(generics.ListAPIView[Problem]):
    serializer_class = s.ProblemSerializer
    pagination_class = SlugCursorPagination

    def get_queryset(self) -> QuerySet[Problem]:
        return problem_list(user=self.request.user)


class ProblemDetailApi(generics.RetrieveAPIView[Problem]):
    serializer_class = s.ProblemDetailSerializer

    def get_object(self) -> Problem:
        return access_problem(user=self.request.user, slug=self.kwargs["slug"])


WAIT_PARAMETER = OpenApiParameter(
    "wait",
    bool,
    description=f"Answer once judged (at most {settings.API_WAIT_MAX_S:g} s; then as it stands).",
)


SUMMARY_FIELDS = (
    *s.SubmissionSerializer.Meta.fields,
    "user__username",
    "problem__slug",
    "language__key",
)


class SubmissionListApi(generics.ListCreateAPIView[Submission]):
    pagination_class = IdCursorPagination
    filterset_class = SubmissionFilter

    def get_serializer_class(self) -> type[Any]:
        return s.SubmissionSerializer

    def get_queryset(self) -> QuerySet[Submission]:
        # A page of summaries: not the sources, outputs and problem statements the rows carry.
        return submission_list(user=self.request.user).only(*SUMMARY_FIELDS)

    @extend_schema(
        request=s.SubmissionCreateSerializer,
        responses={201: s.SubmissionDetailSerializer},
        parameters=[WAIT_PARAMETER],
    )
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        check_write(request, max_bytes=source_cap(), judging=True)
        serializer = s.SubmissionCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        user = signed_in_user(request)
        problem = access_problem(user=user, slug=data["problem"])
        submission = submission_create(
            user=user, problem=problem, language_key=data["language"], source=data["source"]
        )
        submission = access_submission(user=user, submission_id=submission.pk)
        body = s.SubmissionDetailSerializer(submission, context={"request": request}).data
        return Response(body, status=status.HTTP_201_CREATED)


class SubmissionDetailApi(generics.RetrieveAPIView[Submission]):
    serializer_class = s.SubmissionDetailSerializer

    def get_object(self) -> Submission:
        return access_submission(user=self.request.user, submission_id=self.kwargs["submission_id"])


class CanRejudge(BasePermission):
    """The jury's permission, not staff status (judge/permissions.py)."""

    message = "You may not rejudge submissions."

    def has_permission(self, request: Request, view: object) -> bool:
        return can_rejudge(request.user)


class SubmissionRejudgeApi(APIView):
    permission_classes = [IsAuthenticated, CanRejudge, TokenScopeAllows]

    @extend_schema(request=None, responses={202: s.RejudgeSerializer})
    def post(self, request: Request, submission_id: int) -> Response:
        check_write(request, max_bytes=1024)
        submission = access_submission(user=request.user, submission_id=submission_id)
        queued = submission_rejudge(submission_ids=[submission.pk])
        return Response({"queued": bool(queued)}, status=status.HTTP_202_ACCEPTED)


class RunListApi(APIView):
    @extend_schema(request=s.RunCreateSerializer, responses={202: s.RunSerializer})
    def post(self, request: Request) -> Response:
        check_write(request, max_bytes=source_cap() + 2 * MAX_STDIN_BYTES, judging=True)
        serializer = s.RunCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        run_id = custom_run_enqueue(
            user=signed_in_user(request),
            language_key=data["language"],
            source=data["source_code"],
            stdin=data["stdin"],
        )
        return Response({"id": run_id, "status": "queued"}, status=status.HTTP_202_ACCEPTED)


class RunDetailApi(APIView):
    @extend_schema(responses={200: s.RunSerializer})
    def get(self, request: Request, run_id: str) -> Response:
        run = custom_run_get(user=signed_in_user(request), run_id=run_id)
        if run is None:
            raise exceptions.NotFound("No such run.")
        return Response(run)


class TokenListApi(APIView):
    @extend_schema(responses={200: s.TokenSerializer(many=True)})
    def get(self, request: Request) -> Response:
        return Response(s.TokenSerializer(token_list(user=signed_in_user(request)), many=True).data)

    @extend_schema(request=s.TokenCreateSerializer, responses={201: s.NewTokenSerializer})
    def post(self, request: Request) -> Response:
        check_write(request, max_bytes=4096)
        serializer = s.TokenCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        token, key = token_create(user=signed_in_user(request), **serializer.validated_data)
        body = {**s.TokenSerializer(token).data, "key": key}
        return Response(body, status=status.HTTP_201_CREATED)


class TokenDetailApi(APIView):
    @extend_schema(responses={204: None})
    def delete(self, request: Request, token_id: int) -> Response:
        check_write(request, max_bytes=1024)
        if token_revoke(user=signed_in_user(request), token_id=token_id) is None:
            raise exceptions.NotFound("No such token.")
        return Response(status=status.HTTP_204_NO_CONTENT)
