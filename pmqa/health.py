"""/health/ for load balancers and monitoring: can this app server reach the database, the file storage and the
task queue? 200 with {"status": "ok", …} when all three answer, else 503 naming what failed (the details go to the
log, not to the caller). No login: it reveals nothing but which part is down."""

import logging
import os

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _storage() -> None:
    location = getattr(default_storage, "location", None)
    if location is not None and not getattr(default_storage, "bucket_name", None):
        if not (os.path.isdir(location) and os.access(location, os.W_OK)):
            raise OSError(f"MEDIA_ROOT {location} is not a writable folder")
        return
    default_storage.exists("health/probe")  # object storage: a HEAD request, which needs the bucket and the keys


def _queue() -> None:
    backend = settings.TASKS["default"]["BACKEND"]
    if backend == "django_tasks_db.DatabaseBackend":
        from django_tasks_db.models import DBTaskResult

        DBTaskResult.objects.exists()
    elif backend == "django_tasks_rq.RQBackend":
        import django_rq

        django_rq.get_connection("default").ping()


CHECKS = {"database": _database, "storage": _storage, "queue": _queue}


@never_cache
@require_GET
def health(request):
    results = {}
    for name, check in CHECKS.items():
        try:
            check()
            results[name] = "ok"
        except Exception:
            logger.exception("Health check: the %s is not reachable.", name)
            results[name] = "failing"
    healthy = all(value == "ok" for value in results.values())
    return JsonResponse({"status": "ok" if healthy else "failing", "checks": results}, status=200 if healthy else 503)
