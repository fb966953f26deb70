from django.urls import path

from accounts import manage_views

app_name = "manage"
urlpatterns = [
    path("", manage_views.manage_index, name="index"),
    path("people/", manage_views.people_list, name="people"),
    path("people/<int:person_id>/deactivate/", manage_views.person_active_set, {"active": False}, name="deactivate"),
    path("people/<int:person_id>/reactivate/", manage_views.person_active_set, {"active": True}, name="reactivate"),
    path("import/<slug:kind>/", manage_views.import_upload, name="import"),
    path("import/<slug:kind>/confirm/", manage_views.import_confirm, name="import_confirm"),
]
