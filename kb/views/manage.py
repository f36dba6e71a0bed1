"""The editors' pages (/kb/manage/): list, create, edit, the review workflow, version history.
Knowledge editors see every entry; a department handler sees and edits their department's."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from kb import selectors, services
from kb.forms import ArticleForm
from kb.models import Article
from kb.richtext import clean_answer
from tickets.errors import HotlineError

PAGE_SIZE = 30


def _editor(request):
    if not services.can_manage(request.user):
        raise PermissionDenied("您无权维护知识库。")


def _managed(request, article_id) -> Article:
    return get_object_or_404(selectors.managed_articles(request.user), pk=article_id)


@login_required
def article_list(request):
    _editor(request)
    qs = selectors.managed_articles(request.user)
    status = request.GET.get("status") or ""
    if status in Article.Status.values:
        qs = qs.filter(status=status)
    q = (request.GET.get("q") or "").strip()[:100]
    if q:
        qs = qs.filter(Q(question__icontains=q) | Q(keywords__icontains=q))
    if request.GET.get("flag") == "review":
        qs = qs.filter(Q(outdated_flagged_at__isnull=False) | Q(review_due__lt=timezone.localdate()))
    counts = {value: selectors.managed_articles(request.user).filter(status=value).count()
              for value in Article.Status.values}
    page = Paginator(qs.order_by("-updated_at"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "kb/manage_list.html", {
        "page": page, "status": status, "q": q, "flag": request.GET.get("flag") or "",
        "statuses": [(value, label, counts[value]) for value, label in Article.Status.choices],
        "is_reviewer": services.is_reviewer(request.user),
    })


def _save(request, form: ArticleForm, article: Article | None):
    try:
        if article is None:
            saved = services.create_article(by=request.user, note=form.cleaned_data["note"], **form.service_fields())
            messages.success(request, "已保存为草稿。修改完成后请提交审核。")
        else:
            was_published = article.status == Article.Status.PUBLISHED
            saved = services.update_article(article.pk, by=request.user, note=form.cleaned_data["note"],
                                            **form.service_fields())
            if was_published and saved.status == Article.Status.IN_REVIEW:
                messages.success(request, "已保存。条目已转入审核，审核通过后重新对外显示。")
            else:
                messages.success(request, "已保存。")
        return saved
    except HotlineError as exc:
        for field, texts in exc.fields.items():
            for text in texts:
                form.add_error(field if field in form.fields else None, text)
        if not exc.fields:
            form.add_error(None, exc.message)
        return None


def _preview_html(form: ArticleForm, article: Article | None) -> str:
    """The answer as citizens will see it, for the preview frame when the page opens: what was just
    typed (a form sent back with errors), else what is stored."""
    if form.is_bound:
        return clean_answer(form.data.get("answer", ""))
    return article.answer if article else ""


@login_required
@require_POST
def answer_preview(request):
    """The typed answer sanitised exactly as saving would (kb.richtext), for the live preview: the
    preview shows what citizens will see, not what the browser's editor produced."""
    _editor(request)
    return JsonResponse({"html": clean_answer(request.POST.get("answer", "")[:200_000])})


@login_required
def article_create(request):
    _editor(request)
    form = ArticleForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        saved = _save(request, form, None)
        if saved:
            return redirect("kb:manage-edit", article_id=saved.pk)
    return render(request, "kb/manage_form.html", {"form": form, "article": None,
                                                   "preview_html": _preview_html(form, None)})


@login_required
def article_edit(request, article_id: int):
    _editor(request)
    article = _managed(request, article_id)
    if request.method == "POST":
        form = ArticleForm(request.POST, instance=Article.objects.get(pk=article.pk), user=request.user)
        if form.is_valid() and _save(request, form, article):
            return redirect("kb:manage-edit", article_id=article.pk)
    else:
        form = ArticleForm(instance=article, user=request.user)
    is_reviewer = services.is_reviewer(request.user)
    awaiting_review = is_reviewer and article.status == Article.Status.IN_REVIEW
    return render(request, "kb/manage_form.html", {
        "form": form, "article": article, "actions": services.available_actions(request.user, article),
        "labels": services.ACTION_LABELS, "log": article.log.select_related("actor")[:10],
        "is_reviewer": is_reviewer, "preview_html": _preview_html(form, article),
        # Four eyes: the author sees why they cannot publish instead of a button that would refuse.
        "publish_refusal": services.publish_refusal(request.user, article) if awaiting_review else "",
    })


@login_required
@require_POST
def article_action(request, article_id: int, action: str):
    _editor(request)
    article = _managed(request, article_id)
    try:
        services.run_step(action, article.pk, by=request.user, note=request.POST.get("note", ""))
        messages.success(request, f"已{services.ACTION_LABELS.get(action, action)}。")
    except HotlineError as exc:
        detail = next(iter(exc.fields.values()), [exc.message])[0] if exc.fields else exc.message
        messages.error(request, detail)
    return redirect("kb:manage-edit", article_id=article.pk)


@login_required
def article_history(request, article_id: int):
    _editor(request)
    article = _managed(request, article_id)
    return render(request, "kb/manage_history.html", {
        "article": article, "versions": article.versions.select_related("editor", "department", "category"),
        "log": article.log.select_related("actor"), "labels": services.ACTION_LABELS,
        "statuses": dict(Article.Status.choices),
    })
