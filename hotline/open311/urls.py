"""Open311 GeoReport v2 under /open311/v2/ (CONTRACT.md): each resource as .json and .xml."""

from django.urls import path, re_path

from hotline.open311 import views

app_name = "open311"
FMT = r"\.(?P<fmt>json|xml)$"

urlpatterns = [
    path("open311/v2/", views.discovery, {"fmt": "xml"}, name="root"),
    re_path(r"^open311/v2/discovery" + FMT, views.discovery, name="discovery"),
    re_path(r"^open311/v2/services" + FMT, views.service_list, name="services"),
    re_path(r"^open311/v2/services/(?P<service_code>[^/]+?)" + FMT, views.service_definition, name="service"),
    re_path(r"^open311/v2/requests" + FMT, views.requests_view, name="requests"),
    re_path(r"^open311/v2/requests/(?P<service_request_id>[^/]+?)" + FMT, views.request_detail, name="request"),
    re_path(r"^open311/v2/tokens/(?P<token>[^/]+?)" + FMT, views.token_detail, name="token"),
    re_path(r"^open311/(?P<rest>.*)$", views.not_found),
]
