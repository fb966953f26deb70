from django.urls import path

from reports import views

app_name = "reports"
urlpatterns = [
    path("", views.home, name="home"),
    path("agency/<slug:code>/", views.agency_dashboard, name="agency"),
    path("<int:year>/", views.cycle_dashboard, name="cycle"),
    path("<int:year>/portfolio.pdf", views.portfolio, name="portfolio"),
    path("<int:year>/portfolio/<uuid:job>/", views.portfolio_job, name="portfolio_job"),
    path("<int:year>/portfolio/<uuid:job>.pdf", views.portfolio_file, name="portfolio_file"),
    path("<int:year>/export/<slug:table>.<slug:fmt>", views.export, name="export"),
    path("<int:year>/<slug:code>/report.pdf", views.gap_report, name="gap_report"),
    path("<int:year>/<slug:code>/sar.<slug:fmt>", views.sar_document, name="sar"),
]
