from __future__ import annotations

import django_filters

from judge.models import STATUS_CHOICES, VERDICT_CHOICES, Submission


class SubmissionFilter(django_filters.FilterSet):  # type: ignore[misc]
    problem = django_filters.CharFilter(field_name="problem__slug")
    language = django_filters.CharFilter(field_name="language__key")
    user = django_filters.CharFilter(field_name="user__username")
    verdict = django_filters.ChoiceFilter(choices=VERDICT_CHOICES)
    status = django_filters.ChoiceFilter(choices=STATUS_CHOICES)
    created_after = django_filters.IsoDateTimeFilter(field_name="created_at", lookup_expr="gte")
    created_before = django_filters.IsoDateTimeFilter(field_name="created_at", lookup_expr="lt")

    class Meta:
        model = Submission
        fields = ["problem", "language", "user", "verdict", "status"]
