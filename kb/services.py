"""Every change to a knowledge-base entry: creating, editing, the review workflow, agents' feedback.

Who may do what:
- a knowledge editor (kb_editor) or an administrator may create and edit any entry, and is the
  reviewer: publishes entries in review or sends them back;
- a department handler may create entries for their own department only, edit only their own
  department's entries, submit them for review and archive them;
- any member of staff may mark an entry helpful or outdated from the console;
- citizens' use of the public FAQ (which entry a search found first, which entry was opened, which
  one they found helpful) is counted per entry and day, for the FAQ's "大家都在问".

The workflow is draft → in_review → published → archived (archived → draft restores). A handler's
change to a published entry sends it back to review, and so does a reviewer's, unless they may approve their
own work (see below). Every published change keeps a version (``ArticleVersion``), every step a log line
(``ArticleLog``).

Four eyes: a reviewer cannot publish a version they wrote or edited; another reviewer must. Only when they
are the one active knowledge editor and an administrator has switched on
``KnowledgeSettings.allow_self_approval`` may they approve their own work.
Views and the API call these functions; they never save an entry themselves.
"""

from __future__ import annotations

from contextlib import contextmanager

import logging

from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django_fsm import can_proceed

from kb.models import Article, ArticleFeedback, ArticleLog, ArticleUsage, ArticleVersion, KnowledgeSettings
from kb.richtext import answer_text, clean_answer
from tickets import roles
from tickets.errors import InvalidInput, NotFound, PermissionDenied, TransitionNotAllowed
from tickets.models import Category, Department

log = logging.getLogger(__name__)

EDITABLE_FIELDS = ("question", "answer", "department", "category", "keywords", "synonyms", "is_public",
                   "valid_from", "valid_until", "review_due")
ACTION_LABELS = {
    "create": "新建", "edit": "修改", "submit": "提交审核", "publish": "审核发布", "send_back": "退回修改",
    "revise": "修改后重新审核", "archive": "归档", "restore": "恢复为草稿",
}
# Log actions that change an entry's content: whoever took one since the last publish wrote the pending version.
CONTENT_ACTIONS = ("create", "edit", "revise")


class SelfApprovalRefused(PermissionDenied):
    """Four eyes: the reviewer wrote or edited the version they tried to publish."""

    code, status, default_message = "self_approval", 403, "不能审核通过自己编写的条目，请由另一位审核人审核。"


# --- who may ------------------------------------------------------------------------------------

def is_reviewer(user) -> bool:
    return roles.has_any(user, roles.KNOWLEDGE_EDITORS)


def is_department_editor(user) -> bool:
    return roles.is_department_handler(user)


def can_manage(user) -> bool:
    return is_reviewer(user) or is_department_editor(user)


def can_edit(user, article: Article) -> bool:
    if is_reviewer(user):
        return True
    return is_department_editor(user) and article.department_id == user.department_id


def is_staff_reader(user) -> bool:
    """Staff may read internal entries; citizens never log in."""
    return roles.is_staff_member(user) or bool(user and user.is_authenticated and user.is_staff)


def pending_version_authors(article: Article) -> set[int]:
    """Ids of the people who wrote or edited the entry since it was last published."""
    log = ArticleLog.objects.filter(article=article)
    last_publish = log.filter(action="publish").order_by("-id").values_list("id", flat=True).first()
    if last_publish is not None:
        log = log.filter(id__gt=last_publish)
    return set(log.filter(action__in=CONTENT_ACTIONS, actor__isnull=False).values_list("actor_id", flat=True))


def may_approve_own_work(user) -> bool:
    """Self-approval is the exception for a desk with one knowledge editor, and an administrator's choice:
    with a second active editor there is always someone else to review."""
    from tickets.models import User

    others = User.objects.filter(is_active=True, role__in=roles.KNOWLEDGE_EDITORS).exclude(pk=user.pk)
    return KnowledgeSettings.current().allow_self_approval and not others.exists()


def publish_refusal(user, article: Article) -> str:
    """Why this reviewer may not publish the entry's pending version (four eyes), or "" when they may."""
    if getattr(user, "pk", None) not in pending_version_authors(article) or may_approve_own_work(user):
        return ""
    return SelfApprovalRefused.default_message


def available_actions(user, article: Article) -> list[str]:
    """Workflow steps this user may take on this entry now, in display order."""
    if not can_edit(user, article):
        return []
    actions = []
    for name in ("submit", "publish", "send_back", "archive", "restore"):
        if name in ("publish", "send_back") and not is_reviewer(user):
            continue
        if name == "publish" and publish_refusal(user, article):
            continue
        if can_proceed(getattr(article, name)):
            actions.append(name)
    return actions


# --- helpers --------------------------------------------------------------------------------------

@contextmanager
def _locked(article_id) -> Article:
    try:
        article_id = int(article_id)
    except (TypeError, ValueError):
        raise NotFound("知识条目不存在。") from None
    with transaction.atomic():
        article = Article.objects.select_for_update().filter(pk=article_id).first()
        if article is None:
            raise NotFound("知识条目不存在。")
        yield article


def _log(article: Article, action: str, by, from_status: str, note: str = "") -> None:
    ArticleLog.objects.create(article=article, action=action, from_status=from_status, to_status=article.status,
                              actor=by if getattr(by, "pk", None) else None, note=(note or "")[:300])


def _snapshot(article: Article, by, note: str = "") -> ArticleVersion:
    return ArticleVersion.objects.create(
        article=article, number=article.version, question=article.question, answer=article.answer,
        keywords=article.keywords, synonyms=article.synonyms, is_public=article.is_public,
        department_id=article.department_id, category_id=article.category_id,
        editor=by if getattr(by, "pk", None) else None, note=(note or "")[:300],
    )


def _clean_fields(fields: dict, *, by, current: Article | None = None) -> dict:
    """Validate editable fields; a department editor's entries always belong to their department."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise InvalidInput(fields={name: ["不能修改此项。"] for name in sorted(unknown)})
    data = {name: fields[name] for name in EDITABLE_FIELDS if name in fields}
    errors: dict[str, list[str]] = {}
    if "question" in data or current is None:
        data["question"] = (data.get("question") or "").strip()
        if not data["question"]:
            errors["question"] = ["请填写问题。"]
        elif len(data["question"]) > 300:
            errors["question"] = ["问题不能超过300字。"]
    if "answer" in data or current is None:
        data["answer"] = clean_answer(data.get("answer") or "")
        if not answer_text(data["answer"]):
            errors["answer"] = ["请填写答案。"]
    for name, model in (("department", Department), ("category", Category)):
        value = data.get(name)
        if value is not None and not isinstance(value, model):
            errors[name] = ["选择的项不存在。"]
    for name in ("keywords",):
        if len(data.get(name) or "") > 300:
            errors[name] = ["不能超过300字。"]
    valid_from = data.get("valid_from", current.valid_from if current else None)
    valid_until = data.get("valid_until", current.valid_until if current else None)
    if valid_from and valid_until and valid_until < valid_from:
        errors["valid_until"] = ["失效日期不能早于生效日期。"]
    if not is_reviewer(by):
        own = by.department
        if "department" in data and data["department"] != own:
            errors["department"] = [f"只能维护本单位（{own.label}）的知识条目。"]
        if current is None:
            data["department"] = own
    if errors:
        raise InvalidInput(fields=errors)
    return data


# --- creating and editing ---------------------------------------------------------------------------

def create_article(*, by, note: str = "", **fields) -> Article:
    """A new entry, as a draft."""
    if not can_manage(by):
        raise PermissionDenied("您无权维护知识库。")
    data = _clean_fields(fields, by=by)
    with transaction.atomic():
        article = Article(author=by if getattr(by, "pk", None) else None, status=Article.Status.DRAFT, **data)
        article.save()
        _log(article, "create", by, "", note)
    return article


def update_article(article_id, *, by, note: str = "", **fields) -> Article:
    """Change an entry. A change to a published entry sends it back to review, so that someone else
    approves it; only a reviewer who may approve their own work (``may_approve_own_work``) makes it a
    new published version at once."""
    with _locked(article_id) as article:
        if not can_edit(by, article):
            raise PermissionDenied("您只能修改本单位的知识条目。")
        if article.status == Article.Status.ARCHIVED:
            raise TransitionNotAllowed("已归档的条目需先恢复为草稿才能修改。", available=available_actions(by, article))
        data = _clean_fields(fields, by=by, current=article)
        changed = [name for name, value in data.items() if getattr(article, name) != value]
        if not changed:
            return article
        for name in changed:
            setattr(article, name, data[name])
        from_status = article.status
        if from_status == Article.Status.PUBLISHED:
            if is_reviewer(by) and may_approve_own_work(by):
                article.version += 1
                article.published_at = timezone.now()
                article.outdated_flagged_at = None
                article.save()
                _snapshot(article, by, note or "修改已发布内容")
                _log(article, "edit", by, from_status, note)
                return article
            article.revise()
            article.save()
            _log(article, "revise", by, from_status, note)
            return article
        article.save()
        _log(article, "edit", by, from_status, note)
        return article


# --- the workflow ---------------------------------------------------------------------------------------

def _step(article_id, name: str, *, by, note: str = "", reviewer_only: bool = False,
          note_required: bool = False) -> Article:
    with _locked(article_id) as article:
        if not can_edit(by, article) or (reviewer_only and not is_reviewer(by)):
            raise PermissionDenied(f"您无权对该条目执行“{ACTION_LABELS[name]}”。")
        method = getattr(article, name)
        if not can_proceed(method):
            raise TransitionNotAllowed(
                f"条目当前状态为“{article.get_status_display()}”，不能{ACTION_LABELS[name]}。",
                available=available_actions(by, article),
            )
        if name == "publish" and (refusal := publish_refusal(by, article)):
            raise SelfApprovalRefused(refusal)
        note = (note or "").strip()
        if note_required and not note:
            raise InvalidInput(fields={"note": [f"请填写{ACTION_LABELS[name]}的理由。"]})
        from_status = article.status
        method()
        article.save()
        _log(article, name, by, from_status, note)
        if name == "publish":
            _snapshot(article, by, note)
        return article


def submit(article_id, *, by, note: str = "") -> Article:
    return _step(article_id, "submit", by=by, note=note)


def publish(article_id, *, by, note: str = "") -> Article:
    return _step(article_id, "publish", by=by, note=note, reviewer_only=True)


def send_back(article_id, *, by, note: str = "") -> Article:
    return _step(article_id, "send_back", by=by, note=note, reviewer_only=True, note_required=True)


def archive(article_id, *, by, note: str = "") -> Article:
    return _step(article_id, "archive", by=by, note=note)


def restore(article_id, *, by, note: str = "") -> Article:
    return _step(article_id, "restore", by=by, note=note)


WORKFLOW_STEPS = {"submit": submit, "publish": publish, "send_back": send_back, "archive": archive,
                  "restore": restore}


def run_step(name: str, article_id, *, by, note: str = "") -> Article:
    step = WORKFLOW_STEPS.get(name)
    if step is None:
        raise NotFound("没有这个操作。")
    return step(article_id, by=by, note=note)


# --- feedback from the console --------------------------------------------------------------------------

def record_feedback(article_id, *, by, kind: str) -> Article:
    """An agent marks an entry helpful or outdated. Once per person and kind; "outdated" flags the
    entry for its editors until it is next published."""
    if not is_staff_reader(by):
        raise PermissionDenied("只有工作人员可以评价知识条目。")
    if kind not in ArticleFeedback.Kind.values:
        raise InvalidInput(fields={"kind": ["应为 helpful 或 outdated。"]})
    with _locked(article_id) as article:
        if article.status != Article.Status.PUBLISHED:
            raise NotFound("知识条目不存在。")
        try:
            with transaction.atomic():
                ArticleFeedback.objects.create(article=article, user=by, kind=kind)
        except IntegrityError:
            return article  # already marked by this person: nothing changes
        counter = "helpful_count" if kind == ArticleFeedback.Kind.HELPFUL else "outdated_count"
        updates = {counter: F(counter) + 1}
        if kind == ArticleFeedback.Kind.OUTDATED:
            updates["outdated_flagged_at"] = timezone.now()
        # update() rather than save(): a mark is not an edit and must not touch the search index.
        Article.objects.filter(pk=article.pk).update(**updates)
        article.refresh_from_db()
        return article


# --- citizens' use of the public FAQ ----------------------------------------------------------------

USAGE_COUNTERS = {"search": "searches", "view": "views", "helpful": "helpful"}


def record_public_use(article_id: int, *, kind: str) -> None:
    """Count one citizen's use of a public entry today: ``search`` when a public FAQ search showed it
    first, ``view`` when its own page was opened, ``helpful`` when they said it answered them.

    One UPDATE with an F() increment in the common case; the day's row is created on the first use.
    A counter is not worth a failed page: database errors are logged and swallowed.
    """
    counter = USAGE_COUNTERS[kind]
    today = timezone.localdate()
    bump = {counter: F(counter) + 1}
    try:
        with transaction.atomic():
            if ArticleUsage.objects.filter(article_id=article_id, day=today).update(**bump):
                return
            try:
                with transaction.atomic():
                    ArticleUsage.objects.create(article_id=article_id, day=today, **{counter: 1})
            except IntegrityError:  # another request created the day's row first
                ArticleUsage.objects.filter(article_id=article_id, day=today).update(**bump)
    except DatabaseError:
        log.exception("Could not count the use of knowledge entry %s", article_id)
