import pytest
from django.core.management import call_command

from judge.models import Language

pytestmark = [pytest.mark.django_db, pytest.mark.docker]


def test_it_checks_languages_and_records_their_versions(languages, capsys):
    call_command("check_languages", "py3", "cpp17")
    out = capsys.readouterr().out
    assert "2 of 2 languages ok" in out
    assert "Python 3." in Language.objects.get(key="py3").version
    assert (
        "g++" in Language.objects.get(key="cpp17").version
        or "12." in Language.objects.get(key="cpp17").version
    )
