from django.urls import path

from hotline.transfers import views

app_name = "transfers"

urlpatterns = [
    path("api/v1/transfers/inbound/", views.inbound, name="inbound"),
]
