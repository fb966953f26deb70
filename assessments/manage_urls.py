from django.urls import path

from assessments import manage_views

app_name = "manage_cycles"
urlpatterns = [
    path("", manage_views.cycle_list, name="list"),
    path("new/", manage_views.cycle_create, name="create"),
    path("<int:year>/open/", manage_views.cycle_open, name="open"),
    path("<int:year>/deadline/", manage_views.cycle_deadline, name="deadline"),
    path("<int:year>/close/", manage_views.cycle_close, name="close"),
    path("<int:year>/assignments/", manage_views.assignments, name="assignments"),
    path("<int:year>/assignments/<int:assignment_id>/lead/", manage_views.assignment_lead, name="assignment_lead"),
    path(
        "<int:year>/assignments/<int:assignment_id>/remove/", manage_views.assignment_remove, name="assignment_remove"
    ),
]
