"""The review workflow, department ownership, version history and agents' feedback."""

import pytest

from kb import services
from kb.models import Article, ArticleFeedback
from kb.search import search
from tickets.errors import InvalidInput, NotFound, PermissionDenied, TransitionNotAllowed
from tickets.models import Department

pytestmark = pytest.mark.django_db

ANSWER = "<p>请携带身份证到市住建局一楼窗口办理，工作日 9:00—17:00。</p>"


@pytest.fixture
def draft(users):
    return services.create_article(by=users["housing1"], question="物业维修基金怎么申请使用？", answer=ANSWER,
                                   keywords="维修基金，物业", department=users["housing1"].department)


def _published(article, users):
    services.submit(article.pk, by=users["housing1"])
    return services.publish(article.pk, by=users["kbeditor1"])


def test_new_entry_starts_as_a_draft_owned_by_the_handlers_department(draft, users):
    assert draft.status == Article.Status.DRAFT
    assert draft.department.code == "housing"


def test_handler_cannot_create_an_entry_for_another_department(users):
    with pytest.raises(InvalidInput) as exc:
        services.create_article(by=users["housing1"], question="问", answer="答",
                                department=Department.objects.get(code="hrss"))
    assert "department" in exc.value.fields


def test_handler_cannot_edit_another_departments_entry(draft, users):
    with pytest.raises(PermissionDenied):
        services.update_article(draft.pk, by=users["hrss1"], question="改一下")


def test_agent_cannot_manage_the_knowledge_base(users):
    with pytest.raises(PermissionDenied):
        services.create_article(by=users["agent1"], question="问", answer="答")


def test_kb_editor_may_edit_any_departments_entry(draft, users):
    updated = services.update_article(draft.pk, by=users["kbeditor1"], question="物业维修资金怎么申请使用？")
    assert updated.question == "物业维修资金怎么申请使用？"


def test_draft_is_not_searchable_until_published(draft, users):
    assert not search("维修基金").hits
    services.submit(draft.pk, by=users["housing1"])
    assert not search("维修基金").hits
    services.publish(draft.pk, by=users["kbeditor1"])
    assert search("维修基金").hits[0].article.pk == draft.pk


def test_handler_cannot_publish_their_own_entry(draft, users):
    services.submit(draft.pk, by=users["housing1"])
    with pytest.raises(PermissionDenied):
        services.publish(draft.pk, by=users["housing1"])


def test_publish_requires_review_first(draft, users):
    with pytest.raises(TransitionNotAllowed) as exc:
        services.publish(draft.pk, by=users["kbeditor1"])
    assert exc.value.available == ["submit"]


def test_sending_back_needs_a_reason(draft, users):
    services.submit(draft.pk, by=users["housing1"])
    with pytest.raises(InvalidInput):
        services.send_back(draft.pk, by=users["kbeditor1"], note="")
    article = services.send_back(draft.pk, by=users["kbeditor1"], note="请补充办理地址")
    assert article.status == Article.Status.DRAFT
    assert article.log.first().note == "请补充办理地址"


def test_publishing_keeps_a_version(draft, users):
    article = _published(draft, users)
    assert article.version == 1
    assert list(article.versions.values_list("number", "question")) == [(1, "物业维修基金怎么申请使用？")]


def test_sole_reviewer_allowed_to_self_approve_changes_a_published_entry_in_place(draft, users):
    from kb.models import KnowledgeSettings

    _published(draft, users)
    KnowledgeSettings(allow_self_approval=True).save()  # kbeditor1 is the only knowledge editor
    article = services.update_article(draft.pk, by=users["kbeditor1"], answer="<p>改到二楼窗口办理。</p>",
                                      note="窗口搬迁")
    assert article.status == Article.Status.PUBLISHED and article.version == 2
    assert article.versions.first().note == "窗口搬迁"
    assert "二楼" in search("维修基金").hits[0].answer_text


def test_handler_change_to_published_entry_goes_back_to_review(draft, users):
    _published(draft, users)
    article = services.update_article(draft.pk, by=users["housing1"], answer="<p>新的答复口径。</p>")
    assert article.status == Article.Status.IN_REVIEW
    assert not search("维修基金").hits


def test_archived_entry_leaves_search_and_cannot_be_edited_until_restored(draft, users):
    _published(draft, users)
    services.archive(draft.pk, by=users["housing1"])
    assert not search("维修基金").hits
    with pytest.raises(TransitionNotAllowed):
        services.update_article(draft.pk, by=users["housing1"], question="再改")
    assert services.restore(draft.pk, by=users["housing1"]).status == Article.Status.DRAFT


def test_available_actions_follow_state_and_role(draft, users):
    services.submit(draft.pk, by=users["housing1"])
    draft.refresh_from_db()
    assert services.available_actions(users["housing1"], draft) == []
    assert services.available_actions(users["kbeditor1"], draft) == ["publish", "send_back"]
    assert services.available_actions(users["hrss1"], draft) == []


def test_empty_answer_is_refused(users):
    with pytest.raises(InvalidInput) as exc:
        services.create_article(by=users["kbeditor1"], question="问", answer="<p> </p>")
    assert "answer" in exc.value.fields


def test_outdated_mark_flags_the_entry_until_it_is_published_again(draft, users):
    _published(draft, users)
    article = services.record_feedback(draft.pk, by=users["agent1"], kind="outdated")
    assert article.outdated_count == 1 and article.needs_review
    services.update_article(draft.pk, by=users["kbeditor1"], answer="<p>已核实更新。</p>")
    draft.refresh_from_db()
    assert draft.status == Article.Status.IN_REVIEW and draft.needs_review
    services.publish(draft.pk, by=users["admin"])  # a second pair of eyes
    draft.refresh_from_db()
    assert not draft.needs_review


def test_repeated_helpful_mark_by_one_agent_counts_once(draft, users):
    _published(draft, users)
    services.record_feedback(draft.pk, by=users["agent1"], kind="helpful")
    article = services.record_feedback(draft.pk, by=users["agent1"], kind="helpful")
    services.record_feedback(draft.pk, by=users["agent2"], kind="helpful")
    article.refresh_from_db()
    assert article.helpful_count == 2
    assert ArticleFeedback.objects.filter(article=article).count() == 2


def test_feedback_on_a_draft_is_not_found(draft, users):
    with pytest.raises(NotFound):
        services.record_feedback(draft.pk, by=users["agent1"], kind="helpful")


def test_expired_review_date_flags_the_entry(draft, users):
    import datetime

    article = services.update_article(draft.pk, by=users["kbeditor1"], review_due=datetime.date(2020, 1, 1))
    assert article.is_review_overdue and article.needs_review
