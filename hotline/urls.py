from django.urls import include, path

urlpatterns: list = [
    path("", include("hotline.api.urls")),
    path("", include("hotline.appointments.urls")),  # weekend appointments: API, portal, console
    path("", include("hotline.telephony.urls")),
    path("", include("hotline.portal.urls")),
    path("", include("hotline.sms.urls")),
    path("", include("hotline.wechat.urls")),
    path("console/", include("hotline.consoles.urls")),
    path("", include("hotline.stats.urls")),
]
