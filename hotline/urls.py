from django.urls import include, path

urlpatterns: list = [
    path("", include("hotline.sms.urls")),
    path("", include("hotline.wechat.urls")),
    path("", include("hotline.telephony.urls")),
]
