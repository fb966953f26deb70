from django.urls import path

from criteria import views

app_name = "criteria"
urlpatterns = [
    path("", views.criteria_current, name="current"),
    path("government-4-0/", views.government_40_current, name="government_40_current"),
    path("<slug:edition>/", views.edition_detail, name="edition"),
    path("<slug:edition>/government-4-0/", views.government_40, name="government_40"),
    path("<slug:edition>/items/<str:item>/", views.item_detail, name="item"),
]
