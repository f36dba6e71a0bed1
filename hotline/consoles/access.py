"""Who may open which console. The services still decide every action; these checks only keep people
off pages that are not theirs (a handler has no business on the dispatch desk)."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render

from tickets import roles
from tickets.models import Role
from tickets.roles import is_staff_member

# The consoles by the role sets of the core (tickets.roles).
AGENT_CONSOLE = roles.INTAKE
DISPATCH_DESK = roles.DISPATCHERS
WALLBOARD = roles.WALLBOARD
HANDLERS = "handler"  # a department's own staff: decided by the user's department, not a role set


def may_use(user, allowed) -> bool:
    """`allowed` is a role set of tickets.roles, or HANDLERS for a department's own staff."""
    if allowed == HANDLERS:
        return roles.is_department_handler(user)
    return roles.has_any(user, allowed)


def home_url(user) -> str | None:
    """The console a user lands on after login (/console/)."""
    if may_use(user, DISPATCH_DESK):
        return "/console/dispatch/"
    if may_use(user, (Role.AGENT,)):
        return "/console/agent/"
    if may_use(user, HANDLERS):
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
