"""The weekend appointment service's doors: REST API, citizen pages, hall console."""

from django.urls import path, re_path

from hotline.appointments import api, console, portal

app_name = "appointments"

NUMBER = r"(?P<number>[0-9]{8,16})"

urlpatterns = [
    path("api/v1/appointments/", api.BookingsView.as_view(), name="api-bookings"),
    path("api/v1/appointments/services/", api.ServicesView.as_view(), name="api-services"),
    path("api/v1/appointments/calendar/", api.CalendarView.as_view(), name="api-calendar"),
    path("api/v1/appointments/check-in/", api.CheckInView.as_view(), name="api-check-in"),
    re_path(rf"^api/v1/appointments/{NUMBER}/$", api.BookingDetailView.as_view(), name="api-booking"),
    re_path(rf"^api/v1/appointments/{NUMBER}/cancel/$", api.CancelView.as_view(), name="api-cancel"),
    re_path(rf"^api/v1/appointments/{NUMBER}/confirm/$", api.ConfirmView.as_view(), name="api-confirm"),
    re_path(rf"^api/v1/appointments/{NUMBER}/review/$", api.ReviewView.as_view(), name="api-review"),
    re_path(rf"^api/v1/appointments/{NUMBER}/finish/$", api.FinishView.as_view(), name="api-finish"),
    re_path(rf"^api/v1/appointments/{NUMBER}/no-show/$", api.NoShowView.as_view(), name="api-no-show"),

    path("appointments/", portal.index, name="index"),
    path("appointments/new/", portal.new_booking, name="new"),
    path("appointments/lookup/", portal.lookup, name="lookup"),
    re_path(rf"^appointments/{NUMBER}/$", portal.booking_page, name="booking"),
    re_path(rf"^appointments/{NUMBER}/cancel/$", portal.cancel, name="cancel"),
    re_path(rf"^appointments/{NUMBER}/confirm/$", portal.confirm, name="confirm"),

    path("console/appointments/", console.desk, name="console"),
    path("console/appointments/check-in/", console.check_in, name="console-check-in"),
    path("console/appointments/<int:pk>/", console.booking, name="console-booking"),
    path("console/appointments/<int:pk>/review/", console.review, name="console-review"),
    path("console/appointments/<int:pk>/cancel/", console.cancel, name="console-cancel"),
    path("console/appointments/<int:pk>/finish/", console.finish, name="console-finish"),
    path("console/appointments/<int:pk>/no-show/", console.no_show, name="console-no-show"),
    path("console/appointments/blacklist/<int:entry_id>/lift/", console.lift, name="console-lift"),
]
