from django.urls import path

from hotline.telephony.views import cti_events

urlpatterns = [
    path("api/v1/cti/events/", cti_events, name="cti-events"),
]
