from __future__ import annotations

import posixpath
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile

from problems.models import ProblemFile, TestCase
from problems.storage import blob_put


class TestDataUploadForm(forms.Form):
    archive = forms.FileField(
        label="Test data zip",
        help_text=(
            "Pairs like 1.in/1.ans or 1.in/1.out, optionally in group folders and under sample/ and "
            "secret/ (a Kattis data/ folder works too). Pairs outside sample/ are secret."
        ),
    )


def _read(upload: UploadedFile[Any]) -> bytes:
    return b"".join(upload.chunks())


class TestCaseForm(forms.ModelForm[TestCase]):
    """A test case in the admin: the input and answer are replaced by uploading files, never edited
    in the form, so large tests are not loaded into the page."""

    input_file = forms.FileField(required=False, label="Replace input")
    answer_file = forms.FileField(required=False, label="Replace answer")

    class Meta:
        model = TestCase
        fields = ["order", "name", "group", "is_sample"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.instance.pk is None:
            for name in ("input_file", "answer_file"):
                if not cleaned.get(name):
                    self.add_error(name, "A new test needs an input and an answer file.")
        return cleaned

    def save(self, commit: bool = True) -> TestCase:
        # Blobs are content-addressed: writing one before the row is saved only risks an orphan.
        if upload := self.cleaned_data.get("input_file"):
            self.instance.input_sha256 = blob_put(_read(upload))
        if upload := self.cleaned_data.get("answer_file"):
            self.instance.answer_sha256 = blob_put(_read(upload))
        return super().save(commit)


class AttachmentForm(forms.ModelForm[ProblemFile]):
    """An attachment shown on the problem page, stored as `attachments/<file name>`."""

    upload = forms.FileField(required=False, label="File")

    class Meta:
        model = ProblemFile
        fields: list[str] = []

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        upload = cleaned.get("upload")
        if self.instance.pk is None and not upload:
            self.add_error("upload", "Choose a file to attach.")
        elif upload:
            name = posixpath.basename((upload.name or "").replace("\\", "/"))
            path = f"attachments/{name}"
            others = ProblemFile.objects.filter(problem_id=self.instance.problem_id, path=path)
            if not name or name.startswith("."):
                self.add_error("upload", "The file needs a name.")
            elif others.exclude(pk=self.instance.pk).exists():
                self.add_error("upload", f"The problem already has a file {path}.")
            cleaned["path"] = path
        return cleaned

    def save(self, commit: bool = True) -> ProblemFile:
        if upload := self.cleaned_data.get("upload"):
            self.instance.kind = ProblemFile.Kind.ATTACHMENT
            self.instance.path = self.cleaned_data["path"]
            self.instance.sha256 = blob_put(_read(upload))
        return super().save(commit)
