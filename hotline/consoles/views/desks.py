"""The dispatch desk (派单审核台), the department inbox (单位待办) and the supervisor wallboard (监控大屏)."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.db.models import Count
from django.http import JsonResponse
from django.shortcuts import redirect, render

from tickets.models import Status
from tickets.selectors.stats import wallboard_counters

from ..access import DISPATCH_DESK, HANDLERS, WALLBOARD, console_for, forbidden, home_url
from ..forms import ConsoleChoices
from ..lists import INBOX_STATUSES, LISTS, open_counts, page_of
from ..search import search_box
from .common import live

DISPATCH_TABS = [
    ("received", "待派单", "dispatch_received"),
    ("returns", "退单申请", "dispatch_returns"),
    ("replies", "答复审核", "dispatch_replies"),
    ("extensions", "延期申请", "dispatch_extensions"),
    ("transfers", "转办中", "dispatch_transfers"),
]


def console_home(request):
    """/console/: each role's own desk."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    target = home_url(request.user)
    return redirect(target) if target else forbidden(request, "您的账号没有可用的工作台。")


def _dispatch_counts(user) -> dict:
    """Every tab's count, from the one query of ``open_counts``."""
    counts = open_counts(user)
    return {key: counts[name] for key, _, name in DISPATCH_TABS}


@console_for(DISPATCH_DESK)
def dispatch_desk(request):
    tabs = {key: (label, name) for key, label, name in DISPATCH_TABS}
    tab = request.GET.get("tab") if request.GET.get("tab") in tabs else "received"
    spec = LISTS[tabs[tab][1]]
    counts = _dispatch_counts(request.user)
    choices = ConsoleChoices.of(request)
    context = {
        "tab": tab,
        "tabs": [(key, label, counts[key]) for key, label, _ in DISPATCH_TABS],
        "spec": spec,
        "page": (page := page_of(spec, request.user, request.GET.get("cursor"), request.GET, choices,
                                 total=counts[tab])),
        "search": search_box(request.GET, request.user, keep={"tab": tab}, statuses=spec.statuses,
                             error=page.search_error, choices=choices),
        **live("/ws/agent/"),
    }
    return render(request, "consoles/dispatch.html", context)


@console_for(DISPATCH_DESK)
def dispatch_counts(request):
    return JsonResponse(_dispatch_counts(request.user))


def _inbox_counts(user) -> dict:
    """The department's assignments per state, in one GROUP BY query, plus their total."""
    by_status = dict(LISTS["inbox"].queryset(user).order_by().values_list("status").annotate(n=Count("id")))
    return {"all": sum(by_status.values()), **{value: by_status.get(value, 0) for value in INBOX_STATUSES}}


@console_for(HANDLERS)
def department_inbox(request):
    user = request.user
    spec = LISTS["inbox"]
    counts = _inbox_counts(user)
    choices = ConsoleChoices.of(request)
    context = {
        "spec": spec,
        "co_spec": LISTS["inbox_co"],
        "page": (page := page_of(spec, user, request.GET.get("cursor"), request.GET, choices, total=counts["all"])),
        "co_page": page_of(LISTS["inbox_co"], user, request.GET.get("co_cursor"), request.GET, choices),
        "search": search_box(request.GET, user, statuses=spec.statuses, error=page.search_error, choices=choices),
        "filters": [(value, Status(value).label, counts[value]) for value in INBOX_STATUSES],
        "total": counts["all"],
        "status_filter": request.GET.get("status", ""),
        "sla_filter": request.GET.get("sla", ""),
        "department": user.department,
        **live("/ws/department/"),
    }
    return render(request, "consoles/inbox.html", context)


@console_for(HANDLERS)
def inbox_counts(request):
    return JsonResponse(_inbox_counts(request.user))


@console_for(WALLBOARD)
def wallboard(request):
    spec = LISTS["overdue"]
    choices = ConsoleChoices.of(request)
    counters = wallboard_counters()
    context = {
        "counters": counters,
        "spec": spec,
        # The wallboard's overdue counter is this list's size: the pager does not count it again.
        "page": (page := page_of(spec, request.user, request.GET.get("cursor"), request.GET, choices,
                                 total=counters["overdue"])),
        "search": search_box(request.GET, request.user, statuses=spec.statuses, error=page.search_error,
                             choices=choices),
        **live("/ws/wallboard/"),
    }
    return render(request, "consoles/wallboard.html", context)


@console_for(WALLBOARD)
def wallboard_counters_json(request):
    return JsonResponse(wallboard_counters())
