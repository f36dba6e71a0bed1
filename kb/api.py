"""The knowledge base's JSON endpoints under /api/v1/kb/. Thin: they parse, call kb.search /
kb.services / kb.selectors, and shape the answer. Errors are domain errors, turned into the
contract's {"error": {...}} shape by the project's DRF exception handler.

- GET  /api/v1/kb/search/?q=&limit=&department=&category=  (CONTRACT.md; anyone, staff also see internal entries;
  a result's "department" is the owning unit's name, ready to show; filters take department and category codes)
- GET  /api/v1/kb/articles/<id>/                           (one entry, same visibility)
- POST /api/v1/kb/articles/<id>/feedback/ {"kind": "helpful"|"outdated"}  (staff, from the agent console)
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from kb import selectors, services
from kb.richtext import answer_text
from kb.search import MAX_LIMIT, search
from tickets.errors import InvalidInput

MAX_QUERY_LENGTH = 200


def department_payload(department) -> dict | None:
    return {"code": department.code, "name": department.name} if department else None


def _limit(value) -> int:
    if value in (None, ""):
        return 10
    try:
        limit = int(value)
    except (TypeError, ValueError):
        limit = 0
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput(f"limit 应为 1 到 {MAX_LIMIT} 之间的整数。",
                           fields={"limit": [f"应为 1 到 {MAX_LIMIT} 之间的整数。"]})
    return limit


class KbSearchView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(tags=["kb"], summary="知识库检索", responses=OpenApiTypes.OBJECT)
    def get(self, request):
        q = (request.query_params.get("q") or "").strip()
        if not q:
            raise InvalidInput("请输入要搜索的内容。", fields={"q": ["请输入要搜索的内容。"]})
        if len(q) > MAX_QUERY_LENGTH:
            raise InvalidInput(f"搜索内容不能超过{MAX_QUERY_LENGTH}字。",
                               fields={"q": [f"不能超过{MAX_QUERY_LENGTH}字。"]})
        limit = _limit(request.query_params.get("limit"))
        department = selectors.department_by_code(request.query_params.get("department"))
        category = selectors.category_by_code(request.query_params.get("category"))
        result = search(q, include_internal=services.is_staff_reader(request.user), department=department,
                        category=category, limit=limit)
        return Response({
            "results": [
                {"id": hit.article.pk, "question": hit.article.question, "answer": hit.answer_text,
                 "department": hit.article.department.name if hit.article.department_id else None,
                 "score": hit.score}
                for hit in result.hits
            ],
            "backend": result.backend,
            "took_ms": result.took_ms,
        })


class KbArticleView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(tags=["kb"], summary="知识条目", responses=OpenApiTypes.OBJECT)
    def get(self, request, article_id: int):
        article = selectors.readable_article(request.user, article_id)
        return Response({
            "id": article.pk, "question": article.question, "answer": answer_text(article.answer),
            "answer_html": article.answer, "department": department_payload(article.department),
            "category": {"code": article.category.code, "name": article.category.full_name}
            if article.category_id else None,
            "keywords": article.keyword_list(), "is_public": article.is_public,
            "version": article.version, "updated_at": article.updated_at,
            "needs_review": article.needs_review, "helpful": article.helpful_count,
            "outdated": article.outdated_count,
        })


class KbFeedbackView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(tags=["kb"], summary="条目反馈", request=OpenApiTypes.OBJECT, responses=OpenApiTypes.OBJECT)
    def post(self, request, article_id: int):
        data = request.data if isinstance(request.data, dict) else {}
        article = services.record_feedback(article_id, by=request.user, kind=data.get("kind"))
        return Response({"id": article.pk, "helpful": article.helpful_count, "outdated": article.outdated_count,
                         "needs_review": article.needs_review})
