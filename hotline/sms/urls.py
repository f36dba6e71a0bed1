from django.urls import path

from hotline.sms.views import inbound_sms

urlpatterns = [
    path("api/v1/sms/inbound/", inbound_sms, name="sms-inbound"),
]
