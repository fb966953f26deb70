"""Files in S3-compatible object storage (django-storages), against a real S3 API on localhost (moto's server):
evidence uploads and downloads, stored gap reports and the health check go through it, downloads stay
access-checked, nothing is public."""

import datetime
import socket
import subprocess
import sys
import time
from pathlib import Path

import boto3
import pytest
from botocore.exceptions import ClientError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from assessments.evidence import evidence_file_add
from reports.models import StoredReport
from reviews.workflow import assessment_finalise
from tests.test_review_workflow import _consensus_everywhere, _submit
from tests.test_submission import _claim_everything

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
BUCKET = "pmqa-evidence"
KEYS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing", "region_name": "ap-southeast-1"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def s3_server():
    """moto in server mode: S3 over HTTP on a port of 127.0.0.1, for this module's tests."""
    port = _free_port()
    binary = Path(sys.executable).with_name("moto_server")
    process = subprocess.Popen(
        [str(binary), "-H", "127.0.0.1", "-p", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            time.sleep(0.2)
    else:
        process.kill()
        pytest.fail("moto_server did not start")
    yield url
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def s3(s3_server, settings):
    client = boto3.client("s3", endpoint_url=s3_server, **KEYS)
    try:
        client.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": KEYS["region_name"]})
    except ClientError:
        pass
    for entry in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=entry["Key"])
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": s3_server,
                "access_key": KEYS["aws_access_key_id"],
                "secret_key": KEYS["aws_secret_access_key"],
                "region_name": KEYS["region_name"],
                "location": "pmqa",
                "default_acl": None,
                "file_overwrite": False,
            },
        },
    }
    return client


def _keys(client) -> list[str]:
    return sorted(entry["Key"] for entry in client.list_objects_v2(Bucket=BUCKET).get("Contents", []))


def test_evidence_is_stored_in_the_bucket_and_downloaded_through_the_access_check(s3, roles, client):
    response = roles.assessment.responses.get(item__code="1.1")
    upload = SimpleUploadedFile("แผนปฏิบัติราชการ.pdf", PDF, content_type="application/pdf")
    evidence = evidence_file_add(response=response, upload=upload, title="แผน", by=roles.member)
    keys = _keys(s3)
    assert len(keys) == 1 and keys[0].startswith("pmqa/")
    assert s3.get_object(Bucket=BUCKET, Key=keys[0])["Body"].read() == PDF
    acl = s3.get_object_acl(Bucket=BUCKET, Key=keys[0])
    assert not [g for g in acl["Grants"] if g["Grantee"].get("URI", "").endswith("AllUsers")]  # not public

    url = reverse("evidence:evidence_download", kwargs={"evidence_id": evidence.pk})
    client.force_login(roles.member)
    download = client.get(url)
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    client.force_login(roles.outsider)
    assert client.get(url).status_code == 404


def test_a_file_missing_from_the_bucket_is_a_clear_404(s3, roles, client):
    response = roles.assessment.responses.get(item__code="1.1")
    upload = SimpleUploadedFile("plan.pdf", PDF, content_type="application/pdf")
    evidence = evidence_file_add(response=response, upload=upload, title="แผน", by=roles.member)
    for key in _keys(s3):
        s3.delete_object(Bucket=BUCKET, Key=key)
    client.force_login(roles.member)
    assert client.get(reverse("evidence:evidence_download", kwargs={"evidence_id": evidence.pk})).status_code == 404


def test_stored_gap_reports_live_in_the_bucket(s3, roles, client, django_capture_on_commit_callbacks):
    roles.cycle.deadline = timezone.now() + datetime.timedelta(days=30)
    roles.cycle.save(update_fields=["deadline"])
    _claim_everything(roles.assessment)
    _submit(roles)
    _consensus_everywhere(roles)
    with django_capture_on_commit_callbacks(execute=True):
        assessment_finalise(assessment=roles.assessment, by=roles.reviewer)
    assert [k.rsplit("/", 1)[1] for k in _keys(s3) if "/reports/gap/" in k] == [
        "pmqa-2570-ddc-gap-report-en.pdf",
        "pmqa-2570-ddc-gap-report-th.pdf",
    ]
    stored = StoredReport.objects.get(assessment=roles.assessment, language="th")
    client.force_login(roles.member)
    served = client.get(reverse("reports:gap_report", kwargs={"year": 2570, "code": "ddc"})).content
    assert served == s3.get_object(Bucket=BUCKET, Key=f"pmqa/{stored.file.name}")["Body"].read()


def test_the_health_check_reaches_the_bucket(s3, client, settings, db):
    assert client.get("/health/").json() == {
        "status": "ok",
        "checks": {"database": "ok", "storage": "ok", "queue": "ok"},
    }
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            **settings.STORAGES["default"],
            "OPTIONS": {**settings.STORAGES["default"]["OPTIONS"], "endpoint_url": "http://127.0.0.1:1"},
        },
    }
    failing = client.get("/health/")
    assert failing.status_code == 503 and failing.json()["checks"]["storage"] == "failing"
