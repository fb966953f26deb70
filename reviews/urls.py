from django.urls import path

from reviews import views

app_name = "reviews"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("<int:year>/<slug:code>/", views.assessment_review, name="assessment"),
    path("<int:year>/<slug:code>/return/", views.return_assessment, name="return"),
    path("<int:year>/<slug:code>/finalise/", views.finalise, name="finalise"),
    path("<int:year>/<slug:code>/reopen/", views.reopen, name="reopen"),
    path("<int:year>/<slug:code>/items/<str:item>/", views.item_review, name="item"),
    path("<int:year>/<slug:code>/results/", views.results, name="results"),
    path("<int:year>/<slug:code>/profile/", views.profile_review, name="profile"),
    path("<int:year>/<slug:code>/results/<str:item>/", views.results_item_review, name="results_item"),
]
