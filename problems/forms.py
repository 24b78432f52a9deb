from __future__ import annotations

from django import forms


class TestDataUploadForm(forms.Form):
    archive = forms.FileField(
        label="Test data zip",
        help_text=(
            "Pairs like 1.in/1.ans or 1.in/1.out, optionally in group folders and under sample/ and "
            "secret/ (a Kattis data/ folder works too). Pairs outside sample/ are secret."
        ),
    )
