from django.urls import path

from api import views

app_name = "api"
urlpatterns = [
    path("schema/", views.Schema.as_view(), name="schema"),
    path("docs/", views.Docs.as_view(), name="docs"),
    path("editions/", views.EditionList.as_view(), name="editions"),
    path("editions/<slug:edition>/", views.EditionDetail.as_view(), name="edition"),
    path("cycles/", views.CycleList.as_view(), name="cycles"),
    path("cycles/<int:year>/", views.CycleDetail.as_view(), name="cycle"),
    path("cycles/<int:year>/results/", views.ResultList.as_view(), name="results"),
    path("cycles/<int:year>/results/categories/", views.CategoryResultList.as_view(), name="results_categories"),
    path("cycles/<int:year>/results/items/", views.ItemResultList.as_view(), name="results_items"),
    path("cycles/<int:year>/agencies/<slug:code>/", views.AssessmentResult.as_view(), name="result"),
    path("cycles/<int:year>/indicators/", views.IndicatorList.as_view(), name="indicators"),
    path("agencies/", views.AgencyList.as_view(), name="agencies"),
    path("agencies/<slug:code>/", views.AgencyDetail.as_view(), name="agency"),
]
