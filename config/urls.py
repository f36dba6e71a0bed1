from django.contrib import admin
from django.urls import include, path

from config.health import healthz

admin.site.site_header = "12345 政务服务便民热线 · 管理后台"
admin.site.site_title = "12345 热线管理"
admin.site.index_title = "数据管理"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("", include("hotline.urls")),
    path("", include("kb.urls")),
]
