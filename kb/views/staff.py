"""The staff knowledge page (/kb/): the same search with internal entries, filters, and the
helpful/outdated marks agents give from here or from the console."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render

from kb import selectors, services
from kb.search import search
from tickets.errors import HotlineError
from tickets.models import Department


def _staff(request):
    if not services.is_staff_reader(request.user):
        raise PermissionDenied("只有工作人员可以查看内部知识库。")


@login_required
def staff_search(request):
    _staff(request)
    q = (request.GET.get("q") or "").strip()[:200]
    errors = []
    department = category = None
    try:
        department = selectors.department_by_code(request.GET.get("department"))
        category = selectors.category_by_code(request.GET.get("category"))
    except HotlineError as exc:
        errors.append(exc.message)
    context = {
        "q": q, "department": department, "category": category, "errors": errors,
        "departments": Department.objects.filter(kb_articles__status="published").distinct().order_by("sort_order"),
        "sections": selectors.faq_sections(include_internal=True),
        "can_manage": services.can_manage(request.user),
    }
    if q:
        context["result"] = search(q, include_internal=True, department=department, category=category, limit=20)
    else:
        recent = selectors.live_articles(include_internal=True)
        if department:
            recent = recent.filter(department=department)
        if category:
            recent = selectors.in_category(recent, category)
        context["recent"] = recent.order_by("-published_at")[:20]
    return render(request, "kb/staff_search.html", context)


@login_required
def staff_article(request, article_id: int):
    _staff(request)
    try:
        article = selectors.readable_article(request.user, article_id)
    except HotlineError:
        raise Http404("知识条目不存在。") from None
    return render(request, "kb/staff_article.html", {
        "article": article, "can_edit": services.can_edit(request.user, article),
        "versions": article.versions.select_related("editor")[:5],
        "answered_tickets": article.answered_tickets.count(),
    })
