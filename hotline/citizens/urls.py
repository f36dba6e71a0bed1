from django.urls import path, re_path

from hotline.citizens import api, views

app_name = "citizens"

LETTER = r"(?P<letter_number>[0-9]{10,16})"

urlpatterns = [
    path("api/v1/citizens/sms-code/", api.SmsCodeView.as_view(), name="api-sms-code"),
    path("api/v1/citizens/login/", api.SignInView.as_view(), name="api-login"),
    path("api/v1/citizens/logout/", api.SignOutView.as_view(), name="api-logout"),
    path("api/v1/citizens/me/", api.MeView.as_view(), name="api-me"),
    path("api/v1/citizens/me/real-name/", api.RealNameView.as_view(), name="api-real-name"),
    path("api/v1/citizens/me/legal-person/", api.LegalEntityView.as_view(), name="api-legal-person"),
    path("api/v1/citizens/me/letters/", api.MyLettersView.as_view(), name="api-my-letters"),
    re_path(rf"^api/v1/citizens/me/letters/{LETTER}/$", api.MyLetterView.as_view(), name="api-my-letter"),
    re_path(rf"^api/v1/citizens/me/letters/{LETTER}/rate/$", api.MyLetterRateView.as_view(),
            name="api-my-letter-rate"),
    path("citizens/login/", views.sign_in, name="login"),
    path("citizens/logout/", views.sign_out, name="logout"),
    path("citizens/letters/", views.my_letters, name="letters"),
    re_path(rf"^citizens/letters/{LETTER}/$", views.open_letter, name="letter"),
    path("citizens/profile/", views.profile, name="profile"),
    path("citizens/legal-person/", views.legal_person, name="legal-person"),
]
