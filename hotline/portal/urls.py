"""The citizen portal and the staff sign-in pages."""

from django.urls import path, re_path

from hotline.portal.views import accounts, files, letters, pages

app_name = "portal"

urlpatterns = [
    path("", pages.home, name="home"),
    path("letters/new/", letters.new_letter, name="letter-new"),
    path("letters/done/", letters.letter_done, name="letter-done"),
    path("letters/lookup/", letters.lookup, name="lookup"),
    re_path(r"^letters/(?P<letter_number>[0-9]{10,16})/$", letters.letter, name="letter"),
    re_path(r"^letters/(?P<letter_number>[0-9]{10,16})/rate/$", letters.rate_letter, name="letter-rate"),
    path("attachments/<int:attachment_id>/", files.attachment, name="attachment"),
    path("accounts/login/", accounts.StaffLoginView.as_view(), name="login"),
    path("accounts/logout/", accounts.StaffLogoutView.as_view(), name="logout"),
]
