"""The staff consoles, mounted at /console/."""

from django.urls import path

from . import views

app_name = "consoles"

urlpatterns = [
    path("", views.console_home, name="home"),
    path("agent/", views.agent_console, name="agent"),
    path("dispatch/", views.dispatch_desk, name="dispatch"),
    path("dispatch/counts/", views.dispatch_counts, name="dispatch-counts"),
    path("inbox/", views.department_inbox, name="inbox"),
    path("inbox/counts/", views.inbox_counts, name="inbox-counts"),
    path("wallboard/", views.wallboard, name="wallboard"),
    path("wallboard/counters/", views.wallboard_counters_json, name="wallboard-counters"),
    path("tickets/<int:ticket_id>/", views.ticket_page, name="ticket"),
    path("tickets/<int:ticket_id>/print/", views.ticket_print, name="ticket-print"),
    path("tickets/<int:ticket_id>/do/<slug:name>/", views.run_ticket_action, name="act"),
    path("tickets/<int:ticket_id>/reveal/", views.reveal_personal_data, name="reveal"),
    path("rows/<slug:list_name>/<int:ticket_id>/", views.list_row, name="row"),
]
