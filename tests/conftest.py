import django_rq
import pytest
from django.test import override_settings

AB_CASES = [
    (b"1 2\n", b"3\n", True),
    (b"10 -4\n", b"6\n", False),
    (b"1000000000 1000000000\n", b"2000000000\n", False),
]


@pytest.fixture(scope="session", autouse=True)
def fast_password_hashing():
    # Argon2 is slow on purpose; tests create many users. Argon2 stays available to verify with.
    hashers = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.Argon2PasswordHasher",
    ]
    with override_settings(PASSWORD_HASHERS=hashers):
        yield


@pytest.fixture
def alice(django_user_model):
    return django_user_model.objects.create_user("alice", password="alice-password")


@pytest.fixture
def bob(django_user_model):
    return django_user_model.objects.create_user("bob", password="bob-password")


def jury_group():
    """The jury group as migration judge 0005 creates it (a transactional test's flush removes it;
    the permissions themselves are created again after each flush)."""
    from django.contrib.auth.models import Group, Permission

    from judge.permissions import JURY_GROUP, JURY_PERMISSIONS

    group, _ = Group.objects.get_or_create(name=JURY_GROUP)
    for name in JURY_PERMISSIONS:
        app_label, codename = name.split(".")
        group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return group


@pytest.fixture
def staff(django_user_model):
    """A member of the jury (staff status alone grants nothing: see bare_staff)."""
    user = django_user_model.objects.create_user("staff", password="staff-password", is_staff=True)
    user.groups.add(jury_group())
    return user


@pytest.fixture
def bare_staff(django_user_model):
    """Staff status (the admin's login) and no permission."""
    return django_user_model.objects.create_user("bare-staff", password="bare-password", is_staff=True)


@pytest.fixture
def languages(db):
    from judge.services import language_sync

    return language_sync()


@pytest.fixture
def aplusb(db, languages, settings, tmp_path):
    from problems.services import problem_set_tests, problem_upsert

    settings.TESTDATA_ROOT = tmp_path / "testdata"
    problem = problem_upsert(
        slug="aplusb", title="A + B", statement="Add **two** numbers.", time_limit_ms=1000, is_visible=True
    )
    problem_set_tests(problem=problem, cases=AB_CASES)
    return problem


@pytest.fixture
def judge_queue():
    from common.queues import JUDGE_QUEUES

    queues = [django_rq.get_queue(name) for name in JUDGE_QUEUES]
    for queue in queues:
        queue.empty()
    yield django_rq.get_queue("judge")
    for queue in queues:
        queue.empty()


@pytest.fixture
def run_worker(judge_queue):
    def run() -> None:
        from common.queues import JUDGE_QUEUES, get_worker

        worker = get_worker(*JUDGE_QUEUES, worker_class="rq.worker.SimpleWorker")
        worker.work(burst=True)

    return run


class FrozenClock:
    """The rate limiter's clock, standing still until moved."""

    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def time(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def rate_limits(settings, monkeypatch):
    """Rate limits on, counted from an empty cache on a clock that stands still: the limiter counts
    in fixed windows, and no window boundary can then split a burst, however slowly the requests
    go. `rate_limits.advance(60)` moves to the next window."""
    import django_ratelimit.core
    from django.core.cache import cache

    cache.clear()
    settings.RATELIMIT_ENABLE = True
    clock = FrozenClock()
    monkeypatch.setattr(django_ratelimit.core, "time", clock)
    return clock
