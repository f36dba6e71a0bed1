from django.urls import path

from kb import api
from kb.views import manage, public, staff

app_name = "kb"

urlpatterns = [
    path("api/v1/kb/search/", api.KbSearchView.as_view(), name="api-search"),
    path("api/v1/kb/articles/<int:article_id>/", api.KbArticleView.as_view(), name="api-article"),
    path("api/v1/kb/articles/<int:article_id>/feedback/", api.KbFeedbackView.as_view(), name="api-feedback"),
    path("faq/", public.faq, name="faq"),
    path("faq/<int:article_id>/", public.faq_article, name="faq-article"),
    path("faq/<int:article_id>/helpful/", public.faq_helpful, name="faq-helpful"),
    path("kb/", staff.staff_search, name="staff-search"),
    path("kb/<int:article_id>/", staff.staff_article, name="staff-article"),
    path("kb/manage/", manage.article_list, name="manage"),
    path("kb/manage/new/", manage.article_create, name="manage-new"),
    path("kb/manage/preview/", manage.answer_preview, name="manage-preview"),
    path("kb/manage/<int:article_id>/", manage.article_edit, name="manage-edit"),
    path("kb/manage/<int:article_id>/history/", manage.article_history, name="manage-history"),
    path("kb/manage/<int:article_id>/<slug:action>/", manage.article_action, name="manage-action"),
]
