import pytest
from django.core.management import call_command


@pytest.fixture(autouse=True)
def _static_files_from_the_source_tree(settings):
    """Serve static files from the app and project folders, without a collectstatic run first.

    Production's manifest storage is tested on its own in tests/test_static_files.py.
    """
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _empty_cache():
    """Dashboards keep what they computed in the cache (reports/snapshots.py): every test starts without it."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings, request):
    """Argon2 is slow on purpose; tests that are not about passwords use a fast hasher.

    Tests marked `argon2` keep the production hashers.
    """
    if "argon2" not in request.keywords:
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _load_criteria():
    from criteria.models import Edition

    call_command("load_criteria", verbosity=0)
    return Edition.objects.get(code="pmqa-4-0")


@pytest.fixture
def criteria(db):
    """The PMQA 4.0 edition, Government 4.0 and the default mapping, loaded as `make run` loads them."""
    return _load_criteria()


@pytest.fixture
def live_criteria(transactional_db):
    """The same, committed, for tests whose live server reads the database from another thread."""
    return _load_criteria()


@pytest.fixture
def english(client):
    """Switch the test client to English, as the language switch does."""
    from django.conf import settings

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


class Roles:
    """One person per role around agency A (ddc, Ministry of Public Health); B (chiangmai) is another agency."""


@pytest.fixture
def roles(criteria):
    return _make_roles(criteria)


@pytest.fixture
def live_roles(live_criteria):
    return _make_roles(live_criteria)


def _make_roles(criteria):
    import datetime
    import zoneinfo

    from accounts.models import ExecutiveScope, Membership, ReviewerAssignment, User
    from agencies.models import Agency, Ministry
    from assessments.models import Cycle

    r = Roles()
    moph = Ministry.objects.create(code="moph", name_th="กระทรวงสาธารณสุข", name_en="Ministry of Public Health")
    moi = Ministry.objects.create(code="moi", name_th="กระทรวงมหาดไทย", name_en="Ministry of Interior")
    r.agency = Agency.objects.create(
        code="ddc", name_th="กรมควบคุมโรค", name_en="Department of Disease Control", ministry=moph
    )
    r.other_agency = Agency.objects.create(
        code="chiangmai", name_th="จังหวัดเชียงใหม่", name_en="Chiang Mai Province", kind=Agency.Kind.PROVINCE, ministry=moi
    )
    r.cycle = Cycle.objects.create(
        fiscal_year=2570,
        edition=criteria,
        opens_on=datetime.date(2026, 10, 1),
        status=Cycle.Status.OPEN,
        deadline=datetime.datetime(2027, 3, 31, 16, 30, tzinfo=zoneinfo.ZoneInfo("Asia/Bangkok")),
    )

    def person(name, **extra):
        return User.objects.create_user(
            email=f"{name}@pmqa.test", password="correct-horse-9", first_name=name, last_name="Test", **extra
        )

    r.member = person("member")
    Membership.objects.create(user=r.member, agency=r.agency, role=Membership.Role.MEMBER)
    r.coordinator = person("coordinator")
    Membership.objects.create(user=r.coordinator, agency=r.agency, role=Membership.Role.COORDINATOR)
    r.outsider = person("outsider")
    Membership.objects.create(user=r.outsider, agency=r.other_agency, role=Membership.Role.COORDINATOR)
    r.reviewer = person("reviewer", is_reviewer=True)
    ReviewerAssignment.objects.create(reviewer=r.reviewer, agency=r.agency, cycle=r.cycle, is_lead=True)
    r.other_reviewer = person("otherreviewer", is_reviewer=True)
    ReviewerAssignment.objects.create(reviewer=r.other_reviewer, agency=r.other_agency, cycle=r.cycle)
    r.executive = person("executive")
    ExecutiveScope.objects.create(user=r.executive, scope=ExecutiveScope.Scope.MINISTRY, ministry=moph)
    r.other_executive = person("otherexecutive")
    ExecutiveScope.objects.create(user=r.other_executive, scope=ExecutiveScope.Scope.AGENCY, agency=r.other_agency)
    r.administrator = person("administrator", is_staff=True, is_superuser=True)
    r.password = "correct-horse-9"
    from assessments.cycles import cycle_open
    from assessments.models import Assessment

    cycle_open(cycle=r.cycle)
    r.assessment = Assessment.objects.get(cycle=r.cycle, agency=r.agency)
    return r
