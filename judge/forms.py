from __future__ import annotations

from typing import Any

from django import forms

from judge.selectors import language_list


class SubmitForm(forms.Form):
    language = forms.ChoiceField()
    source = forms.CharField(
        strip=False, widget=forms.Textarea(attrs={"rows": 18, "spellcheck": "false", "class": "code"})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        language = self.fields["language"]
        assert isinstance(language, forms.ChoiceField)
        language.choices = [(lang.key, lang.name) for lang in language_list()]
