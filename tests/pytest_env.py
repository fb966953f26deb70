"""Environment for the test run, set before Django reads its settings.

Loaded with `-p tests.pytest_env` (pyproject addopts), which pytest imports
before pytest-django configures Django, so plain `pytest` works as `make test` does.
Tests run with production settings (DEBUG off) except for what the test client
and the live server cannot do: they speak plain HTTP on localhost.
"""

import os

os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "tests-only-secret-key-not-for-production-use-0123456789")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("SESSION_COOKIE_SECURE", "false")
os.environ.setdefault("CSRF_COOKIE_SECURE", "false")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("TASKS_BACKEND", "immediate")
