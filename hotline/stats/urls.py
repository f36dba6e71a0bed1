from django.urls import path

from hotline.stats import views

urlpatterns = [
    path("stats/", views.statistics_page, name="statistics"),
    path("api/v1/stats/departments/", views.DepartmentStatisticsView.as_view(), name="api-statistics"),
]
