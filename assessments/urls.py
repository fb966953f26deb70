from django.urls import path

from assessments import profile_views, results_views, views

app_name = "assessments"
A = "<int:year>/<slug:code>/"
urlpatterns = [
    path("", views.assessment_list, name="list"),
    path(A, views.workspace, name="workspace"),
    path(A + "owners/", views.owner_set, name="owner_set"),
    path(A + "target/", views.target_set, name="target_set"),
    path(A + "check/", views.check, name="check"),
    path(A + "submit/", views.submit, name="submit"),
    path(A + "items/<str:item>/", views.item, name="item"),
    path(A + "items/<str:item>/comments/", views.comment_add, name="comment_add"),
    path(A + "items/<str:item>/carry-over/", views.carry_over, name="carry_over"),
    # The organisation profile
    path(A + "profile/", profile_views.profile_overview, name="profile"),
    path(A + "profile/carry-over/", profile_views.profile_carry_over, name="profile_carry_over"),
    path(A + "profile/<slug:section>/", profile_views.profile_section, name="profile_section"),
    path(A + "profile/<slug:section>/owner/", profile_views.profile_owner_set, name="profile_owner_set"),
    # Category 7: results
    path(A + "results/", results_views.results_overview, name="results"),
    path(A + "results/<str:item>/", results_views.results_item, name="results_item"),
    path(A + "results/<str:item>/status/", results_views.results_item_status, name="results_item_status"),
    path(A + "results/<str:item>/owner/", results_views.results_owner_set, name="results_owner_set"),
    path(A + "results/<str:item>/carry-over/", results_views.results_carry_over, name="results_carry_over"),
    path(A + "results/<str:item>/indicators/<int:indicator_id>/", results_views.indicator_edit, name="indicator_edit"),
    path(
        A + "results/<str:item>/indicators/<int:indicator_id>/delete/",
        results_views.indicator_delete,
        name="indicator_delete",
    ),
]
