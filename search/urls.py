from django.urls import path

from search import views

app_name = "search"
urlpatterns = [
    path("", views.search_across, name="search"),
    path("<int:year>/<slug:code>/", views.search_assessment, name="assessment"),
]
