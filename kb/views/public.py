"""The public FAQ on the citizen portal: search and browse public entries. No login.

What citizens find and open is counted (kb.services.record_public_use) and feeds "大家都在问"."""

from django.http import Http404
from django.shortcuts import render

from kb import selectors, services
from kb.search import search
from tickets.errors import HotlineError

PAGE_SIZE = 20


def faq(request):
    q = (request.GET.get("q") or "").strip()[:200]
    category = None
    try:
        category = selectors.category_by_code(request.GET.get("category"))
    except HotlineError:
        category = None
    context = {"q": q, "category": category, "sections": selectors.faq_sections()}
    if q:
        context["result"] = result = search(q, category=category, limit=PAGE_SIZE)
        if result.hits:
            # The first hit is the answer shown open on the page: the one this citizen was asking for.
            services.record_public_use(result.hits[0].article.pk, kind="search")
    elif category is not None:
        context["articles"] = selectors.in_category(selectors.live_articles(), category).order_by("question")
    else:
        context["popular"] = selectors.popular_articles()
    return render(request, "kb/faq.html", context)


def faq_article(request, article_id: int):
    try:
        article = selectors.readable_article(None, article_id)
    except HotlineError:
        raise Http404("知识条目不存在。") from None
    services.record_public_use(article.pk, kind="view")
    related = []
    if article.category_id:
        related = selectors.live_articles().filter(category_id=article.category_id).exclude(pk=article.pk)[:6]
    return render(request, "kb/faq_article.html", {"article": article, "related": related})
