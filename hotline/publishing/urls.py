from django.urls import path

from hotline.publishing import api, views

app_name = "publishing"

# Listed before hotline.api's generic `actions/<name>/` so these two actions land here.
urlpatterns = [
    path("api/v1/letters/public/", api.PublicLettersView.as_view(), name="api-public-letters"),
    path("api/v1/letters/public/<int:publication_id>/", api.PublicLetterView.as_view(), name="api-public-letter"),
    path("api/v1/tickets/<int:ticket_id>/actions/publish/", api.PublishView.as_view(), name="api-publish"),
    path("api/v1/tickets/<int:ticket_id>/actions/unpublish/", api.UnpublishView.as_view(), name="api-unpublish"),
    path("api/v1/tickets/<int:ticket_id>/publication/", api.PublicationDraftView.as_view(), name="api-draft"),
    path("letters/public/", views.public_letters, name="public-letters"),
    path("letters/public/<int:publication_id>/", views.public_letter, name="public-letter"),
    path("letters/exposure/", views.exposure, name="exposure"),
    path("console/publishing/", views.editor_queue, name="editor-queue"),
    path("console/publishing/<int:ticket_id>/", views.editor, name="editor"),
]
