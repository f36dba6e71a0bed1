"""What the knowledge base tells smart dispatch: its live entries and the unit owning each.
Registered with the core in KbConfig.ready(), so ``tickets.routing`` never imports kb."""

from __future__ import annotations

from django.db.models import Count, Max

from tickets.routing.hooks import KnowledgeArticle, KnowledgeProvider


def _articles() -> list[KnowledgeArticle]:
    from kb.selectors import live_articles

    rows = live_articles(include_internal=True).values_list(
        "pk", "question", "keywords", "synonyms", "department__code", "department__name", "category__code")
    return [KnowledgeArticle(id=pk, question=question, text=" ".join((question, question, keywords, synonyms)),
                             department_code=code or "", department_name=name or "", category_code=category or "")
            for pk, question, keywords, synonyms, code, name, category in rows]


def _revision() -> tuple:
    from kb.models import Article

    stats = Article.objects.aggregate(n=Count("id"), latest=Max("updated_at"))
    return stats["n"], stats["latest"]


def segment(text: str) -> list[str]:
    from kb.text import tokenizer

    return tokenizer().lcut(text)


provider = KnowledgeProvider(articles=_articles, revision=_revision)
