"""The REST API (CONTRACT.md) and its OpenAPI schema and docs."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from hotline.api.views import auth, letters, suggestions, tickets

app_name = "api"

urlpatterns = [
    path("api/v1/auth/token/", auth.TokenView.as_view(), name="token"),
    path("api/v1/letters/", letters.LetterCreateView.as_view(), name="letters"),
    path("api/v1/letters/lookup/", letters.LetterLookupView.as_view(), name="letter-lookup"),
    path("api/v1/letters/rate/", letters.LetterRateView.as_view(), name="letter-rate"),
    path("api/v1/tickets/", tickets.TicketListView.as_view(), name="tickets"),
    path("api/v1/tickets/<int:ticket_id>/", tickets.TicketDetailView.as_view(), name="ticket"),
    path("api/v1/tickets/<int:ticket_id>/transitions/<str:name>/", tickets.TicketTransitionView.as_view(),
         name="ticket-transition"),
    path("api/v1/tickets/<int:ticket_id>/actions/<str:name>/", tickets.TicketActionView.as_view(),
         name="ticket-action"),
    path("api/v1/tickets/<int:ticket_id>/personal/", tickets.TicketPersonalDataView.as_view(), name="ticket-personal"),
    path("api/v1/suggestions/", suggestions.SuggestionsView.as_view(), name="suggestions"),
    path("api/v1/tickets/<int:ticket_id>/suggestions/", suggestions.TicketSuggestionsView.as_view(),
         name="ticket-suggestions"),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
]
