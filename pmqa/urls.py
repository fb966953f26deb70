from django.contrib import admin
from django.urls import include, path

from pmqa import views

urlpatterns = [
    path("", views.home, name="home"),
    path("criteria/", include("criteria.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
