"""The product's URLs and the floor view, for the benchmark only (bench/settings.py)."""

from django.urls import path

from bench.views import floor
from pmqa.urls import urlpatterns as product_urlpatterns

urlpatterns = [*product_urlpatterns, path("bench/floor/", floor, name="bench_floor")]
