from django.urls import path

from accounts import views as accounts_views
from agencies import views

app_name = "agencies"
urlpatterns = [
    path("", views.agency_list, name="list"),
    path("<slug:code>/", views.agency_detail, name="detail"),
    path("<slug:code>/members/", accounts_views.agency_members, name="members"),
    path("<slug:code>/members/add/", accounts_views.member_add, name="member_add"),
    path("<slug:code>/members/<int:membership_id>/remove/", accounts_views.member_remove, name="member_remove"),
]
