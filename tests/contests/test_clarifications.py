"""Clarifications: who reads what, unread counts, the jury's queue."""

import pytest

from contests.clarifications import (
    CLARIFICATION_EMPTY,
    announcement_post,
    clarification_answer,
    clarification_ask,
    clarifications_mark_read,
)
from contests.selectors import clarifications_for, jury_queue, unread_count
from contests.services import ContestError, contest_register

pytestmark = pytest.mark.django_db


def test_a_private_answer_reaches_only_the_team_that_asked(contest, alice, bob, staff):
    alice_team = contest_register(contest=contest, user=alice)
    bob_team = contest_register(contest=contest, user=bob)
    problem = contest.problems.get(label="A")
    question = clarification_ask(
        contest=contest, team=alice_team, user=alice, text="Is n > 0?", problem=problem
    )
    assert list(jury_queue(contest=contest)) == [question]
    assert unread_count(contest=contest, user=alice, team=alice_team) == 0
    assert unread_count(contest=contest, user=staff, team=None) == 1
    answer = clarification_answer(question=question, user=staff, text="Yes.")
    assert list(jury_queue(contest=contest)) == []
    assert list(clarifications_for(contest=contest, user=alice, team=alice_team)) == [question, answer]
    assert list(clarifications_for(contest=contest, user=bob, team=bob_team)) == []
    assert unread_count(contest=contest, user=alice, team=alice_team) == 1
    clarifications_mark_read(user=alice, clarification_ids=[answer.pk, answer.pk])
    assert unread_count(contest=contest, user=alice, team=alice_team) == 0


def test_answers_to_all_and_announcements_reach_everyone(contest, alice, bob, staff):
    alice_team = contest_register(contest=contest, user=alice)
    bob_team = contest_register(contest=contest, user=bob)
    question = clarification_ask(contest=contest, team=alice_team, user=alice, text="Typo in B?")
    answer = clarification_answer(question=question, user=staff, text="Fixed.", to_all=True)
    note = announcement_post(contest=contest, user=staff, text="One hour left.")
    assert list(clarifications_for(contest=contest, user=bob, team=bob_team)) == [answer, note]
    assert unread_count(contest=contest, user=bob, team=bob_team) == 2


def test_an_empty_question_is_refused(contest, alice):
    team = contest_register(contest=contest, user=alice)
    with pytest.raises(ContestError, match=CLARIFICATION_EMPTY):
        clarification_ask(contest=contest, team=team, user=alice, text="  ")
