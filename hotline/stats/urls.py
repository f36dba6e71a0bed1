from django.urls import path

from hotline.stats import views

urlpatterns = [
    path("stats/", views.statistics_page, name="statistics"),
    path("stats/monthly-topics/", views.choose_monthly_topic, name="monthly-topics"),
    path("api/v1/stats/hot-topics/", views.HotTopicsView.as_view(), name="api-hot-topics"),
    path("api/v1/stats/departments/", views.DepartmentStatisticsView.as_view(), name="api-statistics"),
]
