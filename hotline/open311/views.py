"""The GeoReport v2 door: thin views that read the call, ask selectors/services, and answer in the
format the URL names (`.json` or `.xml`). Every failure is the specification's error list with a
fitting status (400, 403, 404; 405, 413 and 429 where HTTP has the better word), never a 500."""

from __future__ import annotations

import functools

from django.core.exceptions import RequestDataTooBig
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt

from hotline.open311 import keys, selectors, services
from hotline.open311.formats import Open311Error, error_response, respond



def georeport(*methods: str):
    """Method check, jurisdiction check and error shape for one GeoReport method."""
    def decorate(view):
        @csrf_exempt
        @functools.wraps(view)
        def wrapper(request, fmt: str, **kwargs):
            try:
                if request.method not in methods:
                    response = error_response(fmt, Open311Error(405, f"该接口不支持 {request.method} 方法。"))
                    response["Allow"] = ", ".join(methods)
                    return response
                if request.method == "GET":
                    selectors.check_jurisdiction(request.GET.get("jurisdiction_id", "").strip())
                return view(request, fmt, **kwargs)
            except Open311Error as exc:
                return error_response(fmt, exc)
            except RequestDataTooBig:
                return error_response(fmt, Open311Error(413, "请求内容过大。"))
        return wrapper
    return decorate


def _extensions(request) -> bool:
    return request.GET.get("extensions", "").lower() == "true"


@georeport("GET")
def discovery(request, fmt):
    base = request.build_absolute_uri(reverse("open311:root"))
    return respond(fmt, "discovery", selectors.discovery(base.rstrip("/")))


@georeport("GET")
def service_list(request, fmt):
    return respond(fmt, "services", selectors.service_list())


@georeport("GET")
def service_definition(request, fmt, service_code):
    return respond(fmt, "service_definition", selectors.service_definition(service_code))


@georeport("GET", "POST")
def requests_view(request, fmt):
    if request.method == "POST":
        return _post_request(request, fmt)
    found = selectors.find_requests(**selectors.request_filters(request.GET))
    return respond(fmt, "service_requests", selectors.request_views(found, extensions=_extensions(request)))


def _post_request(request, fmt):
    form = request.POST
    api_key = keys.check_key(form.get("api_key") or request.GET.get("api_key"))
    ip = request.META.get("REMOTE_ADDR")
    try:
        keys.spend_call(api_key)
        created = services.submit_service_request(form, api_key=api_key)
    except Open311Error as exc:
        keys.log_use(api_key, method="POST", path=request.path, status_code=exc.status, ip_address=ip,
                     detail=exc.errors[0]["description"])
        raise
    keys.log_use(api_key, method="POST", path=request.path, status_code=201, ticket=created.ticket, ip_address=ip,
                 detail=created.ticket.letter_number)
    return respond(fmt, "service_requests", [services.created_view(created)], status=201)


@georeport("GET")
def request_detail(request, fmt, service_request_id):
    ticket = selectors.find_request(service_request_id)
    return respond(fmt, "service_requests", selectors.request_views([ticket], extensions=_extensions(request)))


@georeport("GET")
def token_detail(request, fmt, token):
    return respond(fmt, "service_requests", [selectors.token_view(token)])


@csrf_exempt
def not_found(request, rest=""):
    fmt = "json" if rest.endswith(".json") else "xml"
    return error_response(fmt, Open311Error(404, f"没有这个 Open311 资源：{request.path}"))
