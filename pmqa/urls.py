from django.contrib import admin
from django.urls import include, path

from accounts import views as accounts_views
from pmqa import health, views

urlpatterns = [
    path("", views.home, name="home"),
    path("criteria/", include("criteria.urls")),
    path("agencies/", include("agencies.urls")),
    path("assessments/", include("assessments.urls")),
    path("evidence/", include("assessments.evidence_urls")),
    path("reviews/", include("reviews.urls")),
    path("reports/", include("reports.urls")),
    path("search/", include("search.urls")),
    path("practices/", include("practices.urls")),
    path("manage/editions/", include("criteria.manage_urls")),
    path("manage/cycles/", include("assessments.manage_urls")),
    path("manage/", include("accounts.manage_urls")),
    path("accounts/tokens/", include("api.token_urls")),
    path("accounts/", include("accounts.urls")),
    path("language/", accounts_views.language_choose, name="set_language"),
    path("admin/", admin.site.urls),
    path("health/", health.health, name="health"),
    path("api/v1/", include("api.urls")),
]
