from django.urls import include, path

urlpatterns: list = [
    # Before hotline.api: publishing owns the `publish` / `unpublish` actions on a ticket.
    path("", include("hotline.publishing.urls")),
    path("", include("hotline.citizens.urls")),
    path("", include("hotline.api.urls")),
    path("", include("hotline.appointments.urls")),  # weekend appointments: API, portal, console
    path("", include("hotline.telephony.urls")),
    path("", include("hotline.portal.urls")),
    path("", include("hotline.sms.urls")),
    path("", include("hotline.wechat.urls")),
    path("console/", include("hotline.consoles.urls")),
    path("", include("hotline.stats.urls")),
    path("", include("hotline.open311.urls")),
    path("", include("hotline.transfers.urls")),
]
