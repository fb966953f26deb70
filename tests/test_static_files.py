"""Production serves collected, hashed static files through WhiteNoise; every reference must resolve."""

from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management import call_command


def test_collectstatic_with_the_production_storage(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    # Post-processing fails if a stylesheet refers to a file that is not there (a font, say).
    call_command("collectstatic", interactive=False, verbosity=0)

    assert (tmp_path / "staticfiles.json").exists()
    css = staticfiles_storage.url("css/pmqa.css")
    assert css.startswith("/static/css/pmqa.") and css != "/static/css/pmqa.css"
    hashed_css = (tmp_path / css.removeprefix("/static/")).read_text()
    fonts = staticfiles_storage.url("css/fonts.css")
    assert f'@import url("{fonts.removeprefix("/static/css/")}")' in hashed_css
    hashed_fonts = (tmp_path / fonts.removeprefix("/static/")).read_text()
    regular = staticfiles_storage.url("fonts/sarabun/Sarabun_400Regular.ttf")
    assert regular != "/static/fonts/sarabun/Sarabun_400Regular.ttf"
    assert f"../fonts/sarabun/{regular.rsplit('/', 1)[1]}" in hashed_fonts
    assert (tmp_path / "fonts" / "sarabun" / "OFL.txt").exists()


def test_pages_use_no_cdn(client, criteria):
    page = client.get("/criteria/pmqa-4-0/").content.decode()
    assert "http://" not in page.replace("http://www.w3.org", "")
    assert "https://" not in page


SERVE = """
import re
from django.test import Client
client = Client()
page = client.get("/accounts/login/")  # a page that needs no database
css = re.search(r'href="(/static/css/pmqa[^"]*)"', page.content.decode()).group(1)
print(page.status_code, css, client.get(css).status_code)
"""


def test_production_without_collectstatic_still_serves_pages_and_their_files(tmp_path):
    from tests.test_settings import PRODUCTION, _manage

    env = {**PRODUCTION, "ALLOWED_HOSTS": "testserver", "SECURE_SSL_REDIRECT": "false", "STATIC_ROOT": str(tmp_path)}
    result = _manage("shell", "-c", SERVE, **env)
    assert result.stdout.split()[-3:] == ["200", "/static/css/pmqa.css", "200"], result.stderr
    assert "run `manage.py collectstatic`" in result.stderr  # and it says what is missing
    assert _manage("collectstatic", "--no-input", "-v", "0", **env).returncode == 0
    result = _manage("shell", "-c", SERVE, **env)
    status, css, served = result.stdout.split()[-3:]
    assert status == "200" and served == "200" and css != "/static/css/pmqa.css"  # hashed once collected
