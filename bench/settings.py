"""Settings of the benchmark's processes (build, measuring, gunicorn): production's, read from the environment as
pmqa/settings.py reads them, with the bench's URLs (the product's and the floor view). Never used by the service."""

from pmqa.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
