"""The public FAQ on the citizen portal: search and browse public entries. No login.

What citizens find and open is counted (kb.services.record_public_use) and feeds "大家都在问"."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from kb import selectors, services
from kb.search import search
from tickets.errors import HotlineError

PAGE_SIZE = 20
# The entries this browser already called helpful, kept in its session so that a reload or a second
# click does not count again.
VOTED_SESSION_KEY = "kb_helpful_votes"


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


def _public_article(article_id):
    try:
        return selectors.readable_article(None, article_id)
    except HotlineError:
        raise Http404("知识条目不存在。") from None


def faq_article(request, article_id: int):
    article = _public_article(article_id)
    services.record_public_use(article.pk, kind="view")
    related = []
    if article.category_id:
        related = selectors.live_articles().filter(category_id=article.category_id).exclude(pk=article.pk)[:6]
    voted = article.pk in request.session.get(VOTED_SESSION_KEY, [])
    return render(request, "kb/faq_article.html", {"article": article, "related": related, "voted": voted})


@require_POST
def faq_helpful(request, article_id: int):
    """A citizen says this entry answered their question: counted once per browser session."""
    article = _public_article(article_id)
    voted = request.session.get(VOTED_SESSION_KEY, [])
    if article.pk not in voted:
        services.record_public_use(article.pk, kind="helpful")
        request.session[VOTED_SESSION_KEY] = voted[-199:] + [article.pk]
    return redirect("kb:faq-article", article_id=article.pk)
