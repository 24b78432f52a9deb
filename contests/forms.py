from __future__ import annotations

from typing import Any

from django import forms

from contests.models import ContestProblem


class RegisterForm(forms.Form):
    code = forms.CharField(required=False, max_length=64, label="Invitation code")


class QuestionForm(forms.Form):
    problem = forms.ChoiceField(required=False, label="About")
    text = forms.CharField(max_length=4000, widget=forms.Textarea(attrs={"rows": 4}), label="Question")

    def __init__(self, *args: Any, problems: list[ContestProblem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["problem"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "General")] + [(p.label, f"{p.label}: {p.problem.title}") for p in problems]


class AnswerForm(forms.Form):
    text = forms.CharField(max_length=4000, widget=forms.Textarea(attrs={"rows": 3}), label="Answer")
    to_all = forms.BooleanField(required=False, label="Answer everyone")


class AnnouncementForm(forms.Form):
    text = forms.CharField(max_length=4000, widget=forms.Textarea(attrs={"rows": 3}), label="Announcement")
