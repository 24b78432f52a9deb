"""Contestants' Java, Kotlin and Scala on the site: the class to run is found from the source."""

import pytest

from judge.services import submission_create

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.docker]

JAVA = """import java.util.*;

public class Solution {
    public static void main(String[] args) {
        Scanner in = new Scanner(System.in);
        System.out.println(in.nextLong() + in.nextLong());
    }
}
"""


def judged(run_worker, alice, problem, language_key, source):
    submission = submission_create(user=alice, problem=problem, language_key=language_key, source=source)
    run_worker()
    submission.refresh_from_db()
    return submission


def test_contestant_java_class_named_solution_is_accepted(aplusb, alice, run_worker, settings):
    problem = aplusb
    problem.time_limit_ms = 5000  # a JVM on a busy machine
    problem.save()

    assert judged(run_worker, alice, problem, "java", JAVA).verdict == "AC"


def test_contestant_java_without_main_gets_a_compile_error_saying_so(aplusb, alice, run_worker):
    submission = judged(run_worker, alice, aplusb, "java", "public class Solution { }\n")

    assert submission.verdict == "CE"
    assert "cannot find where the program starts: no class with" in submission.compile_output
