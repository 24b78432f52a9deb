"""Contests, their problems and participants (teams), judgements, clarifications and the stored board.

Everything that can come from a CLICS event feed keeps its CLICS id (`clics_id`, blank for what was
created here), unique within its contest when set. The scoreboard is computed from ContestSubmission
rows only, whether their judgements were copied from the judge or imported as given.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse

from contests.formats import FORMAT_CHOICES
from problems.models import Problem


class Visibility(models.TextChoices):
    PUBLIC = "public", "Public"
    UNLISTED = "unlisted", "Unlisted"
    PRIVATE = "private", "Private"


class Registration(models.TextChoices):
    OPEN = "open", "Open"
    CODE = "code", "Invitation code"
    CLOSED = "closed", "Closed"


class ScoreboardVisibility(models.TextChoices):
    ALWAYS = "always", "Always"
    AFTER_END = "after_end", "After the end"
    NEVER = "never", "Never for contestants"


class TeamKind(models.TextChoices):
    CONTESTANT = "contestant", "Contestant"
    OBSERVER = "observer", "Observer"
    STAFF = "staff", "Staff"


CONTEST_END_BEFORE_START = "The contest must end after it starts."
CONTEST_NEEDS_CODE = "Registration by invitation code needs a code."


def _unique_clics_id(model: str) -> models.UniqueConstraint:
    return models.UniqueConstraint(
        fields=["contest", "clics_id"], condition=~Q(clics_id=""), name=f"unique_{model}_clics_id"
    )


class Contest(models.Model):
    # Also the contest's CLICS id.
    slug = models.SlugField(max_length=100, unique=True)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True, help_text="Markdown")
    start = models.DateTimeField()
    end = models.DateTimeField()
    # The last freeze_minutes of the contest: the public board shows new results as pending.
    freeze_minutes = models.PositiveIntegerField(default=0)
    # A key of contests.formats.FORMATS: icpc, ioi, atcoder.
    format = models.CharField(max_length=16, choices=FORMAT_CHOICES, default="icpc")
    format_options = models.JSONField(default=dict, blank=True)
    penalty_minutes = models.PositiveIntegerField(default=20)
    visibility = models.CharField(max_length=16, choices=Visibility.choices, default=Visibility.PUBLIC)
    registration = models.CharField(max_length=16, choices=Registration.choices, default=Registration.OPEN)
    invitation_code = models.CharField(max_length=64, blank=True)
    scoreboard_visibility = models.CharField(
        max_length=16, choices=ScoreboardVisibility.choices, default=ScoreboardVisibility.ALWAYS
    )
    # After the end contestants may still submit, as practice, off the board.
    upsolving = models.BooleanField(default=False)
    # Windowed contest: each participant has this many minutes from their own start, inside the window.
    window_minutes = models.PositiveIntegerField(null=True, blank=True)
    # After the end, anyone may replay the contest as a virtual participant.
    virtual_allowed = models.BooleanField(default=True)
    thawed_at = models.DateTimeField(null=True, blank=True)
    finalized_at = models.DateTimeField(null=True, blank=True)
    # CLICS state the native clock does not give (imported contests).
    end_of_updates_at = models.DateTimeField(null=True, blank=True)
    # The board's first solves per view, kept with its rows: {"public"|"jury": {problem id: [team ids]}}.
    first_solves = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("contest_detail", args=[self.slug])

    @property
    def clics_id(self) -> str:
        return self.slug

    def clean(self) -> None:
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": CONTEST_END_BEFORE_START})
        if self.registration == Registration.CODE and not self.invitation_code:
            raise ValidationError({"invitation_code": CONTEST_NEEDS_CODE})


class ContestProblem(models.Model):
    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="problems")
    problem = models.ForeignKey(Problem, on_delete=models.PROTECT, related_name="contest_entries")
    label = models.CharField(max_length=16)
    order = models.PositiveIntegerField(default=0)
    # An HTML colour (#rrggbb) or empty.
    color = models.CharField(max_length=32, blank=True)
    points = models.FloatField(default=1)
    clics_id = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["contest", "order", "label"]
        constraints = [
            models.UniqueConstraint(fields=["contest", "label"], name="unique_contest_problem_label"),
            models.UniqueConstraint(fields=["contest", "problem"], name="unique_contest_problem"),
            _unique_clics_id("contest_problem"),
        ]

    def __str__(self) -> str:
        return f"{self.label}: {self.problem.title}"


class Organization(models.Model):
    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="organizations")
    clics_id = models.CharField(max_length=100, blank=True)
    name = models.CharField(max_length=200)
    formal_name = models.CharField(max_length=300, blank=True)
    # ISO 3166-1 alpha-3, as CLICS has it.
    country = models.CharField(max_length=3, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [_unique_clics_id("organization")]

    def __str__(self) -> str:
        return self.name


class Group(models.Model):
    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="groups")
    clics_id = models.CharField(max_length=100, blank=True)
    name = models.CharField(max_length=200)
    # Teams of a hidden group are left off the public board.
    hidden = models.BooleanField(default=False)

    class Meta:
        ordering = ["name"]
        constraints = [_unique_clics_id("group")]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    """A participant: one or more users (a solo contestant is a one-member team)."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="teams")
    clics_id = models.CharField(max_length=100, blank=True)
    display_name = models.CharField(max_length=200)
    organization = models.ForeignKey(
        Organization, on_delete=models.SET_NULL, null=True, blank=True, related_name="teams"
    )
    groups = models.ManyToManyField(Group, blank=True, related_name="teams")
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="contest_teams")
    kind = models.CharField(max_length=16, choices=TeamKind.choices, default=TeamKind.CONTESTANT)
    # The participant's own start: windowed contests and virtual participation (None: the contest's).
    starts_at = models.DateTimeField(null=True, blank=True)
    virtual = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["display_name"]
        constraints = [_unique_clics_id("team")]

    def __str__(self) -> str:
        return self.display_name


class JudgementType(models.Model):
    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="judgement_types")
    clics_id = models.CharField(max_length=100)
    name = models.CharField(max_length=200)
    penalty = models.BooleanField(default=True)
    solved = models.BooleanField(default=False)

    class Meta:
        ordering = ["contest", "clics_id"]
        constraints = [
            models.UniqueConstraint(fields=["contest", "clics_id"], name="unique_judgement_type_clics_id")
        ]

    def __str__(self) -> str:
        return self.clics_id


class ContestSubmission(models.Model):
    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="submissions")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="submissions")
    contest_problem = models.ForeignKey(ContestProblem, on_delete=models.CASCADE, related_name="submissions")
    clics_id = models.CharField(max_length=100, blank=True)
    submitted_at = models.DateTimeField()
    # Milliseconds since the participant's own start (the contest's, unless windowed or virtual):
    # what scoring reads, as an integer.
    contest_time_ms = models.BigIntegerField(default=0)
    language = models.CharField(max_length=32, blank=True)
    # Imported submissions have no judge submission: their judgement is stored as given.
    submission = models.OneToOneField(
        "judge.Submission", on_delete=models.SET_NULL, null=True, blank=True, related_name="contest_entry"
    )
    # None: pending.
    # RESTRICT, not PROTECT: a judgement type in use cannot go alone, but with its contest it can.
    judgement_type = models.ForeignKey(
        JudgementType, on_delete=models.RESTRICT, null=True, blank=True, related_name="+"
    )
    score = models.FloatField(default=0)
    # Per subtask (test group) scores, in group order, for IOI's subtask sum.
    subtask_scores = models.JSONField(default=list, blank=True)
    judged_at = models.DateTimeField(null=True, blank=True)
    virtual = models.BooleanField(default=False)
    # Upsolving after the end: judged, never on the board.
    practice = models.BooleanField(default=False)
    # Revealed one cell at a time after the freeze (the resolver).
    revealed = models.BooleanField(default=False)

    class Meta:
        ordering = ["contest", "submitted_at", "pk"]
        indexes = [models.Index(fields=["contest", "team"]), models.Index(fields=["team", "contest_problem"])]
        constraints = [_unique_clics_id("submission")]

    def __str__(self) -> str:
        return f"{self.contest.slug} #{self.pk}"


class Clarification(models.Model):
    """A question from a team (from_team set) or a message from the jury (from_team None), to one team
    (to_team) or to everyone (to_all). An announcement is a jury message to all with no reply_to."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="clarifications")
    clics_id = models.CharField(max_length=100, blank=True)
    from_team = models.ForeignKey(Team, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    to_team = models.ForeignKey(Team, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    to_all = models.BooleanField(default=False)
    problem = models.ForeignKey(ContestProblem, on_delete=models.SET_NULL, null=True, blank=True)
    reply_to = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    text = models.TextField()
    created_at = models.DateTimeField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    answered = models.BooleanField(default=False)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [_unique_clics_id("clarification")]

    def __str__(self) -> str:
        return self.text[:50]


class ClarificationRead(models.Model):
    clarification = models.ForeignKey(Clarification, on_delete=models.CASCADE, related_name="reads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["clarification", "user"], name="unique_clarification_read")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} read {self.clarification_id}"


class Award(models.Model):
    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="awards")
    clics_id = models.CharField(max_length=100)
    citation = models.CharField(max_length=500)
    teams = models.ManyToManyField(Team, blank=True, related_name="awards")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["contest", "clics_id"], name="unique_award_clics_id")]

    def __str__(self) -> str:
        return self.citation


class ScoreboardRow(models.Model):
    """One team's stored row, in the public (frozen) or the jury view: kept current per verdict.

    Rank order is (-score, penalty, tiebreak) whatever the format; equal triples share a rank. `html`
    is the row's cells, rendered once when the row changes.
    """

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="scoreboard_rows")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="scoreboard_rows")
    jury = models.BooleanField(default=False)
    score = models.FloatField(default=0)
    penalty = models.BigIntegerField(default=0)
    tiebreak = models.BigIntegerField(default=0)
    cells = models.JSONField(default=list)
    html = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["contest", "jury", "-score", "penalty", "tiebreak"])]
        constraints = [models.UniqueConstraint(fields=["team", "jury"], name="unique_scoreboard_row")]

    def __str__(self) -> str:
        return f"{self.team_id} ({'jury' if self.jury else 'public'})"


class ContestLanguage(models.Model):
    """A language of an imported (CLICS) contest, as the feed gave it; native contests offer the judge's."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="clics_languages")
    clics_id = models.CharField(max_length=100)
    name = models.CharField(max_length=200)
    extensions = models.JSONField(default=list, blank=True)
    entry_point_required = models.BooleanField(default=False)
    entry_point_name = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["contest", "clics_id"]
        constraints = [
            models.UniqueConstraint(fields=["contest", "clics_id"], name="unique_contest_language")
        ]

    def __str__(self) -> str:
        return self.name
