from django.urls import path

from assessments import evidence_views

app_name = "evidence"
urlpatterns = [
    path("<int:evidence_id>/download/", evidence_views.evidence_download, name="evidence_download"),
]
