from django.urls import path

from practices import views

app_name = "practices"
urlpatterns = [
    path("", views.browse, name="browse"),
    path("<int:year>/synthesis/", views.synthesis_index, name="synthesis_index"),
    path("<int:year>/synthesis/<str:item>/", views.synthesis_item, name="synthesis"),
    path("<int:year>/<slug:code>/consent/", views.consent_list, name="consent"),
    path("<int:year>/<slug:code>/consent/<str:item>/", views.consent_item, name="consent_item"),
]
