"""Who may open which console. The services still decide every action; these checks only keep people
off pages that are not theirs (a handler has no business on the dispatch desk)."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render

from tickets.models import Role

AGENT_CONSOLE = (Role.AGENT, Role.DISPATCHER)
DISPATCH_DESK = (Role.DISPATCHER,)
WALLBOARD = (Role.SUPERVISOR, Role.DISPATCHER, Role.LEADER)
HOTLINE_STAFF = (Role.AGENT, Role.DISPATCHER, Role.SUPERVISOR, Role.LEADER)
URGERS = (Role.SUPERVISOR, Role.DISPATCHER)


def may_use(user, roles) -> bool:
    """`roles` is a tuple of Role values, or "handler" for a department's own staff."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    if roles == "handler":
        return user.is_handler
    return user.has_role(*roles)


def is_staff_member(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and (user.is_superuser or user.role))


def home_url(user) -> str | None:
    """The console a user lands on after login (/console/)."""
    if may_use(user, DISPATCH_DESK):
        return "/console/dispatch/"
    if may_use(user, (Role.AGENT,)):
        return "/console/agent/"
    if may_use(user, "handler"):
        return "/console/inbox/"
    if may_use(user, WALLBOARD):
        return "/console/wallboard/"
    return None


def forbidden(request, message: str = "您的账号无权使用此工作台。", status: int = 403):
    return render(request, "consoles/refused.html", {"message": message, "home": home_url(request.user)},
                  status=status)


def console_for(roles):
    """Decorate a view: anonymous visitors go to the login page, others without the role get a 403 page."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not may_use(request.user, roles):
                return forbidden(request)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def staff_only(view):
    """Any member of staff; which tickets they see is still decided by tickets.selectors."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_staff_member(request.user):
            return forbidden(request)
        return view(request, *args, **kwargs)

    return wrapped
