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
