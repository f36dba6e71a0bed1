from django.urls import path

from hotline.wechat.views import callback

urlpatterns = [
    path("wechat/callback/", callback, name="wechat-callback"),
]
