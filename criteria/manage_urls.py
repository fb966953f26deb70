from django.urls import path

from criteria import manage_views

app_name = "manage_editions"
urlpatterns = [
    path("", manage_views.edition_list, name="list"),
    path("<slug:code>/", manage_views.edition_edit, name="edit"),
    path("<slug:code>/copy/", manage_views.edition_copy, name="copy"),
    path("<slug:code>/items/<str:item>/", manage_views.item_edit, name="item"),
    path("<slug:code>/texts/<slug:part>/", manage_views.part_edit, name="part"),
    path("<slug:code>/changes/", manage_views.edition_changes, name="changes"),
    path("<slug:code>/publish/", manage_views.edition_publish, name="publish"),
]
