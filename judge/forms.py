from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.conf import settings

from grading.answers import AnswerLayoutError, encode_answers, read_answer_zip
from grading.verdicts import Verdict
from judge.selectors import language_list
from problems.models import Difficulty

UPLOAD_NOT_TEXT = "The uploaded file is not UTF-8 text."
UPLOAD_TOO_LARGE = "The uploaded file is larger than {limit} KiB."
UPLOAD_BAD_ZIP = "The uploaded answers cannot be used:"
# The language field's value on a submit-answer problem (judge/judging.py's pseudo-language).
ANSWER_CHOICE = "answer"


class SubmitForm(forms.Form):
    language = forms.ChoiceField()
    # Not required here: an empty source gets the service's own message, and a file may replace it.
    source = forms.CharField(
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 18, "spellcheck": "false", "class": "code"}),
    )
    source_file = forms.FileField(required=False, label="or upload a file")

    def __init__(self, *args: Any, answers: bool = False, **kwargs: Any) -> None:
        """`answers`: a submit-answer problem's form; the submission is the answer text or a zip of
        `<test case>.ans` files, and the only "language" is the pseudo-language Answer."""
        super().__init__(*args, **kwargs)
        self.answers = answers
        language = self.fields["language"]
        assert isinstance(language, forms.ChoiceField)
        if answers:
            language.choices = [(ANSWER_CHOICE, "Answer")]
            language.initial = ANSWER_CHOICE
            self.initial["language"] = ANSWER_CHOICE
            self.fields["source"].label = "Answer"
            self.fields["source_file"].label = "or upload a zip of <test case>.ans files"
        else:
            language.choices = [(lang.key, lang.name) for lang in language_list()]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload = data.get("source_file")
        if upload:
            limit = settings.SUBMISSION_MAX_SOURCE_BYTES
            if upload.size > limit:
                raise forms.ValidationError(UPLOAD_TOO_LARGE.format(limit=limit // 1024))
            raw = upload.read()
            if self.answers and upload.name.lower().endswith(".zip"):
                try:
                    data["source"] = encode_answers(read_answer_zip(raw))
                except AnswerLayoutError as exc:
                    raise forms.ValidationError(f"{UPLOAD_BAD_ZIP} {exc}.") from exc
                return data
            try:
                data["source"] = raw.decode()
            except UnicodeDecodeError as exc:
                raise forms.ValidationError(UPLOAD_NOT_TEXT) from exc
        return data


class SubmissionFilterForm(forms.Form):
    problem = forms.CharField(required=False, label="Problem", widget=forms.TextInput(attrs={"size": 12}))
    verdict = forms.ChoiceField(required=False, label="Verdict")
    language = forms.ChoiceField(required=False, label="Language")
    contest = forms.ChoiceField(required=False, label="Contest")

    def __init__(self, *args: Any, contests: Sequence[tuple[str, str]] = (), **kwargs: Any) -> None:
        """`contests`: (slug, title) of the contests to offer, e.g. those the listed submissions were in."""
        super().__init__(*args, **kwargs)
        verdict = self.fields["verdict"]
        language = self.fields["language"]
        contest = self.fields["contest"]
        assert isinstance(verdict, forms.ChoiceField) and isinstance(language, forms.ChoiceField)
        assert isinstance(contest, forms.ChoiceField)
        verdict.choices = [("", "Any verdict"), *((v.value, v.label) for v in Verdict)]
        language.choices = [("", "Any language"), *((lang.key, lang.name) for lang in language_list())]
        contest.choices = [("", "Any contest"), *contests]


class ProblemFilterForm(forms.Form):
    q = forms.CharField(required=False, label="Search")
    tag = forms.ChoiceField(required=False, label="Tag")
    difficulty = forms.TypedChoiceField(required=False, label="Difficulty", coerce=int, empty_value=None)

    def __init__(self, *args: Any, tags: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        tag = self.fields["tag"]
        difficulty = self.fields["difficulty"]
        assert isinstance(tag, forms.ChoiceField) and isinstance(difficulty, forms.ChoiceField)
        tag.choices = [("", "Any tag"), *tags]
        difficulty.choices = [("", "Any difficulty"), *Difficulty.choices]
