"""Staff sign-in and sign-out pages. After sign-in each role lands on its own desk."""

from django.contrib.auth import views as auth_views
from django.shortcuts import render

from hotline.consoles.access import home_url
from tickets import roles


def home_for(user) -> str:
    """Where a member of staff lands after sign-in: the admin, their console, or the editors' desk."""
    if user.is_superuser:
        return "/admin/"
    if roles.has_any(user, roles.KNOWLEDGE_EDITORS):
        return "/kb/manage/"
    return home_url(user) or "/"


class StaffLoginView(auth_views.LoginView):
    """Failed sign-ins are counted by django-axes (user name + address); a locked pair gets its page (429)."""

    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        return home_for(self.request.user)


class StaffLogoutView(auth_views.LogoutView):
    """Signing out is a POST (Django 5); a plain visit shows a button instead of an error page."""

    http_method_names = ["get", "post", "options"]

    def get(self, request, *args, **kwargs):
        return render(request, "registration/logout_confirm.html")
