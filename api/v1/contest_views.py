"""/api/v1/contests/: parse, call the contest pages' own selectors and services, render. A user sees
here what the pages show them: the same contests, problems, board and clarifications, the same jury
checks (contests.selectors.is_jury)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, generics, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.v1 import contest_serializers as cs
from api.v1.views import IdCursorPagination, check_write, source_cap
from common.access import signed_in_user
from contests.clarifications import CLARIFICATION_NOT_REGISTERED, MAX_TEXT, clarification_ask
from contests.exports import cells_json, export_problems, export_rows, first_solved
from contests.formats import get_format
from contests.models import (
    Contest,
    ContestProblem,
    ContestSubmission,
    ScoreboardRow,
    ScoreboardVisibility,
    Team,
)
from contests.selectors import (
    access_clarification,
    access_contest,
    access_contest_problem,
    board_groups,
    board_row,
    board_teams,
    clarification_data,
    clarifications_for,
    contest_list,
    contest_problems,
    is_jury,
    participation,
    registered_contest_ids,
    scoreboard_visible,
    team_marks,
    team_of,
    team_submissions,
)
from contests.services import ContestError, contest_submit
from problems.selectors import problem_list

SHOWN_AFTER_END = "{what} shown once the contest is over."
SHOWN_TO_JURY = "{what} shown to the jury only."
JURY_VIEW_ONLY = "Only the jury sees the jury's view of the board."
NO_SUCH_GROUP = "This board has no such group."
NO_SUCH_PROBLEM = "This contest has no problem labelled {label!r} (that you may see)."

AnyUser = User | AnonymousUser


class ContestCursorPagination(IdCursorPagination):
    # The newest first; the id orders contests that start together.
    ordering = ("-start", "-id")  # type: ignore[assignment]


class TeamCursorPagination(IdCursorPagination):
    ordering = "id"


def check_board_shown(contest: Contest, user: AnyUser, what: str) -> None:
    """The scoreboard (and the teams it lists) as the pages show it: 403 while hidden from this user."""
    if scoreboard_visible(contest=contest, user=user, now=timezone.now()):
        return
    after_end = contest.scoreboard_visibility == ScoreboardVisibility.AFTER_END
    message = (SHOWN_AFTER_END if after_end else SHOWN_TO_JURY).format(what=what)
    raise exceptions.PermissionDenied(message, code="scoreboard_hidden")


class ContestListApi(generics.ListAPIView[Contest]):
    serializer_class = cs.ContestSerializer
    pagination_class = ContestCursorPagination

    def get_queryset(self) -> QuerySet[Contest]:
        return contest_list(user=self.request.user)

    def get_serializer_context(self) -> dict[str, Any]:
        registered = registered_contest_ids(user=self.request.user)
        return {**super().get_serializer_context(), "registered": registered}


class ContestDetailApi(APIView):
    @extend_schema(responses={200: cs.ContestDetailSerializer})
    def get(self, request: Request, slug: str) -> Response:
        contest = access_contest(user=request.user, slug=slug)
        part = participation(contest=contest, user=request.user, now=timezone.now())
        context = {
            "request": request,
            "registered": {contest.pk} if part.team is not None else set(),
            "jury": is_jury(request.user),
            "participation": part,
        }
        return Response(cs.ContestDetailSerializer(contest, context=context).data)


def problems_context(request: Request, contest: Contest, problems: list[ContestProblem]) -> dict[str, Any]:
    """Which of these problems the user may open in the archive, and their team's marks."""
    ids = [entry.problem_id for entry in problems]
    return {
        "open_problems": set(problem_list(user=request.user).filter(pk__in=ids).values_list("pk", flat=True)),
        "marks": team_marks(team=team_of(contest=contest, user=request.user)),
    }


class ContestProblemListApi(APIView):
    @extend_schema(responses={200: cs.ContestProblemSerializer(many=True)})
    def get(self, request: Request, slug: str) -> Response:
        contest = access_contest(user=request.user, slug=slug)
        problems = contest_problems(contest=contest, user=request.user, now=timezone.now())
        context = problems_context(request, contest, problems)
        return Response(cs.ContestProblemSerializer(problems, many=True, context=context).data)


class ContestProblemDetailApi(APIView):
    """One problem of the contest, statement and samples included: 404 before the start (but for
    the jury), as on the contest's problem page."""

    @extend_schema(responses={200: cs.ContestProblemDetailSerializer})
    def get(self, request: Request, slug: str, label: str) -> Response:
        contest = access_contest(user=request.user, slug=slug)
        entry = access_contest_problem(contest=contest, user=request.user, label=label, now=timezone.now())
        context = problems_context(request, contest, [entry])
        return Response(cs.ContestProblemDetailSerializer(entry, context=context).data)


class ParticipantListApi(generics.ListAPIView[Team]):
    """The teams the board lists to you (all of them to the jury), while you may see the board."""

    serializer_class = cs.ParticipantSerializer
    pagination_class = TeamCursorPagination

    def get_queryset(self) -> QuerySet[Team]:
        if getattr(self, "swagger_fake_view", False):  # the schema's generation
            return Team.objects.none()
        user = self.request.user
        contest = access_contest(user=user, slug=self.kwargs["slug"])
        check_board_shown(contest, user, "The participants are")
        jury = is_jury(user)
        teams = board_teams(contest=contest, jury=jury)
        return teams.prefetch_related("members") if jury else teams

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "jury": is_jury(self.request.user)}


def _board_jury(user: AnyUser, view: str | None) -> bool:
    """Which view of the board: the jury's own live one unless it asks for the public one."""
    if not is_jury(user):
        if view == "jury":
            raise exceptions.PermissionDenied(JURY_VIEW_ONLY)
        return False
    return view != "public"


def _team(team_id: int, name: str, organization: str) -> dict[str, Any]:
    return {"id": team_id, "name": name, "organization": organization}


def _own_row(contest: Contest, team: Team | None) -> dict[str, Any] | None:
    """The page pins its own team's live row above the board (the freeze hides nothing of its own)."""
    own: ScoreboardRow | None = board_row(team=team, jury=True) if team is not None else None
    if team is None or own is None:
        return None
    organization = team.organization.name if team.organization else ""
    first = first_solved(contest, True).get(team.pk, set())
    return {
        "team": _team(team.pk, team.display_name, organization),
        "score": own.score,
        "penalty": own.penalty,
        "problems": cells_json(export_problems(contest), own.cells, first),
    }


class ScoreboardApi(APIView):
    @extend_schema(parameters=[cs.ScoreboardQuerySerializer], responses={200: cs.ScoreboardSerializer})
    def get(self, request: Request, slug: str) -> Response:
        contest = access_contest(user=request.user, slug=slug)
        check_board_shown(contest, request.user, "The scoreboard is")
        query = cs.ScoreboardQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        jury = _board_jury(request.user, query.validated_data.get("view"))
        groups = list(board_groups(contest=contest, jury=jury))
        group_id = query.validated_data.get("group")
        if group_id is not None and group_id not in {group.pk for group in groups}:
            raise exceptions.ValidationError({"group": [NO_SUCH_GROUP]})
        problems = export_problems(contest)
        first = first_solved(contest, jury)
        rows = [
            {
                "rank": row.rank,
                "team": _team(row.team_id, row.team_name, row.organization),
                "score": row.score,
                "penalty": row.penalty,
                "problems": cells_json(problems, row.cells, first.get(row.team_id, set())),
            }
            for row in export_rows(contest, jury=jury, group_id=group_id)
        ]
        body = {
            "contest": contest.slug,
            "view": "jury" if jury else "public",
            # As the page says it: the last minutes' results show as pending until the thaw.
            "frozen": bool(contest.freeze_minutes) and contest.thawed_at is None and not jury,
            "scoring": get_format(contest.format).scoring,
            "group": group_id,
            "groups": [{"id": group.pk, "name": group.name} for group in groups],
            "problems": [{"label": p.label, "color": p.color or None} for p in problems],
            "rows": rows,
            "own": _own_row(contest, team_of(contest=contest, user=request.user)),
        }
        return Response(cs.ScoreboardSerializer(body).data)


class ClarificationListApi(APIView):
    @extend_schema(responses={200: cs.ClarificationSerializer(many=True)})
    def get(self, request: Request, slug: str) -> Response:
        contest = access_contest(user=request.user, slug=slug)
        team = team_of(contest=contest, user=request.user)
        clarifications = clarifications_for(contest=contest, user=request.user, team=team)
        data = [clarification_data(c) for c in clarifications]
        return Response(cs.ClarificationSerializer(data, many=True).data)

    @extend_schema(request=cs.ClarificationAskSerializer, responses={201: cs.ClarificationSerializer})
    def post(self, request: Request, slug: str) -> Response:
        # JSON may escape each character of the text as six bytes.
        check_write(request, max_bytes=6 * MAX_TEXT + 1024)
        user = signed_in_user(request)
        contest = access_contest(user=user, slug=slug)
        team = team_of(contest=contest, user=user)
        if team is None:
            raise ContestError(CLARIFICATION_NOT_REGISTERED)
        serializer = cs.ClarificationAskSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        problem = None
        if data["problem"]:
            problems = contest_problems(contest=contest, user=user, now=timezone.now())
            problem = next((p for p in problems if p.label == data["problem"]), None)
            if problem is None:
                raise exceptions.ValidationError({"problem": [NO_SUCH_PROBLEM.format(label=data["problem"])]})
        question = clarification_ask(
            contest=contest, team=team, user=user, text=data["text"], problem=problem
        )
        body = cs.ClarificationSerializer(clarification_data(question)).data
        return Response(body, status=status.HTTP_201_CREATED)


class ClarificationDetailApi(APIView):
    @extend_schema(responses={200: cs.ClarificationSerializer})
    def get(self, request: Request, slug: str, clarification_id: int) -> Response:
        contest = access_contest(user=request.user, slug=slug)
        clarification = access_clarification(
            contest=contest, user=request.user, clarification_id=clarification_id
        )
        return Response(cs.ClarificationSerializer(clarification_data(clarification)).data)


class ContestSubmissionListApi(generics.ListAPIView[ContestSubmission]):
    """Your team's submissions (as "My submissions" shows them), and submitting one."""

    serializer_class = cs.ContestSubmissionSerializer
    pagination_class = IdCursorPagination

    def get_queryset(self) -> QuerySet[ContestSubmission]:
        if getattr(self, "swagger_fake_view", False):  # the schema's generation
            return ContestSubmission.objects.none()
        contest = access_contest(user=self.request.user, slug=self.kwargs["slug"])
        team = team_of(contest=contest, user=self.request.user)
        return team_submissions(team=team) if team is not None else ContestSubmission.objects.none()

    @extend_schema(request=cs.ContestSubmitSerializer, responses={201: cs.ContestSubmissionSerializer})
    def post(self, request: Request, slug: str) -> Response:
        check_write(request, max_bytes=source_cap(), judging=True)
        user = signed_in_user(request)
        contest = access_contest(user=user, slug=slug)
        serializer = cs.ContestSubmitSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        problem = access_contest_problem(
            contest=contest, user=user, label=data["problem"], now=timezone.now()
        )
        entry = contest_submit(
            contest=contest,
            user=user,
            contest_problem=problem,
            language_key=data["language"],
            source=data["source"],
        )
        body = cs.ContestSubmissionSerializer(team_submissions(team=entry.team).get(pk=entry.pk)).data
        return Response(body, status=status.HTTP_201_CREATED)
