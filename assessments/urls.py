from django.urls import path

from assessments import views

app_name = "assessments"
urlpatterns = [
    path("", views.assessment_list, name="list"),
    path("<int:year>/<slug:code>/", views.workspace, name="workspace"),
    path("<int:year>/<slug:code>/owners/", views.owner_set, name="owner_set"),
    path("<int:year>/<slug:code>/target/", views.target_set, name="target_set"),
    path("<int:year>/<slug:code>/check/", views.check, name="check"),
    path("<int:year>/<slug:code>/submit/", views.submit, name="submit"),
    path("<int:year>/<slug:code>/items/<str:item>/", views.item, name="item"),
    path("<int:year>/<slug:code>/items/<str:item>/comments/", views.comment_add, name="comment_add"),
    path("<int:year>/<slug:code>/items/<str:item>/carry-over/", views.carry_over, name="carry_over"),
]
